-- A family's question to the instructor during a sitting, sent from its join link and listed live on the console.
-- The name shown is read from the registration at each listing, so a household's erasure hides it here too.
-- Portable SQL: runs on PostgreSQL and on H2 in PostgreSQL mode.

CREATE TABLE questions (
  id              UUID PRIMARY KEY,
  session_id      UUID         NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  sitting_date    DATE         NOT NULL,
  registration_id UUID         NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  body            VARCHAR(280) NOT NULL,
  asked_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  answered_at     TIMESTAMP WITH TIME ZONE,
  answered_by     UUID
);

CREATE INDEX questions_sitting ON questions (session_id, sitting_date, asked_at);
-- The pace check: a link's latest question.
CREATE INDEX questions_asker ON questions (registration_id, asked_at);
