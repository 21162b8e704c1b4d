-- Staff signed in from a browser: one row per session cookie, kept in the database so that every hub node
-- sees a sign-out at once and a restart signs nobody out. Only the SHA-256 of the cookie's secret is kept.
-- Portable SQL: PostgreSQL and H2 in PostgreSQL mode.
CREATE TABLE staff_sessions (
  secret_hash  VARCHAR(64) PRIMARY KEY,
  staff_id     UUID        NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  csrf_token   VARCHAR(64) NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
