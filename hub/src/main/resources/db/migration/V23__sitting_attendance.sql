-- Per sitting, the families' figures at home once the sitting is over: a report over a year adds up these
-- rows instead of reading every stay again. Portable SQL: PostgreSQL and H2 in PostgreSQL mode.

-- One row per sitting with stays, written by the reports when its day is two days past (every stay has
-- ended or counts a full sitting by then); present_share is the share of the sitting a family had to stay
-- to count as present when the row was summed. A stay written later for a summed sitting (a late webhook,
-- a stay closed late) marks its row dirty, and the next report sums that sitting again.
CREATE TABLE sitting_attendance (
  session_id    UUID             NOT NULL REFERENCES sessions (id),
  sitting_date  DATE             NOT NULL,
  dirty         BOOLEAN          NOT NULL,
  families      INTEGER          NOT NULL,
  present       INTEGER          NOT NULL,
  stay_seconds  DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (session_id, sitting_date)
);
CREATE INDEX sitting_attendance_dirty ON sitting_attendance (dirty);

-- How far the summary goes: every sitting up to `through` has its row (or had no stay), summed with
-- `present_share`. One row, locked by the report that extends it.
CREATE TABLE sitting_attendance_rollup (
  id            INTEGER          PRIMARY KEY,
  through       DATE,
  present_share DOUBLE PRECISION NOT NULL
);
INSERT INTO sitting_attendance_rollup (id, through, present_share) VALUES (1, NULL, 0);

-- The households seen in each summed sitting (see households.HouseholdKeys), and each one's first sitting
-- ever among them: a report counts new households and households seen again from these, reading the stays
-- of the sittings not summed yet only. Written with sitting_attendance, and again when its row is dirty
-- (erasing a registration's contact marks the sittings it stayed in).
CREATE TABLE sitting_households (
  session_id    UUID         NOT NULL REFERENCES sessions (id),
  sitting_date  DATE         NOT NULL,
  household     VARCHAR(320) NOT NULL,
  PRIMARY KEY (session_id, sitting_date, household)
);
CREATE INDEX sitting_households_by_date ON sitting_households (sitting_date, session_id);

CREATE TABLE household_firsts (
  household     VARCHAR(320) PRIMARY KEY,
  first_date    DATE         NOT NULL
);
