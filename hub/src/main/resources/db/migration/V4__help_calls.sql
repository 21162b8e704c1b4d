-- 1:1 help calls: a family asks its session's centre for help; an animator takes the call and both
-- meet in a built-in room of their own.
CREATE TABLE help_calls (
  id               UUID PRIMARY KEY,
  session_id       UUID         NOT NULL REFERENCES sessions (id),
  centre_id        UUID         NOT NULL REFERENCES centres (id),
  registration_id  UUID         NOT NULL REFERENCES registrations (id),
  -- The registration while the call is open, NULL once it is over: one open call per family.
  open_for         UUID         UNIQUE,
  display_name     VARCHAR(100) NOT NULL,
  message          VARCHAR(500),
  status           VARCHAR(12)  NOT NULL,
  room_name        VARCHAR(80)  NOT NULL,
  -- Who took the call; no reference, so that a staff account can go while its calls are kept.
  taken_by         UUID,
  taken_by_name    VARCHAR(200),
  version          BIGINT       NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX help_calls_queue ON help_calls (centre_id, status, created_at);
