-- A coordinator invited a household off the radar to the next classes of its favourite theme, by SMS or e-mail
-- through the outbox. The household is named by the SHA-256 of its key, as in household_contacts; erasing the
-- household deletes its rows. The message itself is an outbox row (kind INVITATION) of the member written to.
CREATE TABLE household_invitations (
  id              UUID        PRIMARY KEY,
  household       VARCHAR(64) NOT NULL,
  centre_id       UUID        NOT NULL REFERENCES centres (id),
  staff_id        UUID        REFERENCES staff (id) ON DELETE SET NULL,
  category        VARCHAR(30) NOT NULL,
  channel         VARCHAR(10) NOT NULL,
  invited_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX household_invitations_household ON household_invitations (household, invited_at);

-- The retention job clears the names animators typed at check-in once their sitting is old enough.
CREATE INDEX site_events_kind_at ON site_events (kind, happened_at);

-- What else each retention run did: check-in names cleared, privacy log entries past their own period deleted.
ALTER TABLE retention_runs ADD COLUMN check_ins INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE retention_runs ADD COLUMN log_entries INTEGER DEFAULT 0 NOT NULL;
