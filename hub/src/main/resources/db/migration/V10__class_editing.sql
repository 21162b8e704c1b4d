-- Classes edited from the staff app: who changed a session last (so a second editor is told who got there
-- first), and sittings moved to another day or time. A moved sitting keeps its place in the series under
-- the date it had; the schedule, join pages and relay-sites show it at its new time. A session's window of
-- sittings then starts at its earliest sitting, which a move may bring before the series' first start.
-- Portable SQL: PostgreSQL and H2 in PostgreSQL mode.
ALTER TABLE sessions ADD COLUMN updated_by UUID;
ALTER TABLE sessions ADD CONSTRAINT sessions_updated_by FOREIGN KEY (updated_by) REFERENCES staff (id)
  ON DELETE SET NULL;
ALTER TABLE sessions ADD COLUMN series_start_at TIMESTAMP WITH TIME ZONE;
UPDATE sessions SET series_start_at = start_at;
ALTER TABLE sessions ALTER COLUMN series_start_at SET NOT NULL;
CREATE INDEX sessions_series_window ON sessions (series_start_at, series_end_at);

CREATE TABLE sitting_moves (
  session_id   UUID NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  sitting_date DATE NOT NULL,
  start_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  end_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (session_id, sitting_date)
);
