-- Attendance reports: every channel's figures under the sitting they belong to, and indexes that let a
-- report over a date range read only that range. Portable SQL: PostgreSQL and H2 in PostgreSQL mode.

-- A relay-site's events name their session; the sitting is the day they happened in the schedule's zone,
-- written by the hub as it keeps them, so that events sent late from a site's journal count where they
-- happened, not where they arrived. Events kept before get the day of their time as the database reads it.
ALTER TABLE site_events ADD COLUMN sitting_date DATE;
UPDATE site_events SET sitting_date = CAST(happened_at AS DATE) WHERE session_id IS NOT NULL;
CREATE INDEX site_events_sitting ON site_events (sitting_date, session_id);

-- Help calls: the sitting the family called from, and when a staff member took the call (the time to
-- answer). Calls made before get the day they were made and no answer time.
ALTER TABLE help_calls ADD COLUMN sitting_date DATE;
ALTER TABLE help_calls ADD COLUMN taken_at TIMESTAMP WITH TIME ZONE;
UPDATE help_calls SET sitting_date = CAST(created_at AS DATE);
CREATE INDEX help_calls_sitting ON help_calls (sitting_date, session_id);

-- Stays and sittings read by a range of days across the network.
CREATE INDEX attendance_by_date ON attendance (sitting_date, session_id, subject_kind);
