-- The state of each sitting (one date of a session) that left SCHEDULED: started, ended or cancelled.
-- A sitting without a row is SCHEDULED. The date is the sitting's day in the schedule's zone.
-- Sessions keep a series-wide status of SCHEDULED or CANCELLED only; those stored LIVE or ENDED before
-- sittings had a state are moved to their sitting by the hub when it starts (it knows the zone).
-- Portable SQL: runs on PostgreSQL and on H2 in PostgreSQL mode.

CREATE TABLE sittings (
  session_id   UUID        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  sitting_date DATE        NOT NULL,
  state        VARCHAR(12) NOT NULL,
  started_at   TIMESTAMP WITH TIME ZONE,
  ended_at     TIMESTAMP WITH TIME ZONE,
  cancelled_at TIMESTAMP WITH TIME ZONE,
  version      BIGINT      NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (session_id, sitting_date)
);
-- The week's programme reads the states of every session's sittings in a range of dates.
CREATE INDEX sittings_date ON sittings (sitting_date);
