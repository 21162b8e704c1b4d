-- The outbox message each invitation wrote (by its idempotency key), so the off-the-radar page can say whether it
-- went: an invitation is skipped when the household's theme has no class to come, or its number answered STOP.
-- Invitations made before this column existed have none and show no such state.
ALTER TABLE household_invitations ADD COLUMN outbox_key VARCHAR(160);
