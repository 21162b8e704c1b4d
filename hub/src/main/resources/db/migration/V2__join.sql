-- Join links: signing keys, family registrations, room bookings by centres, attendance.

-- The name of the session's video room (Jitsi or built-in): unguessable, fixed at creation.
ALTER TABLE sessions ADD COLUMN room_name VARCHAR(80);
CREATE INDEX sessions_room ON sessions (room_name);

-- Secrets every hub node must share (staff token signing, manage links), made once by whichever starts first.
CREATE TABLE shared_secrets (
  name       VARCHAR(40)  PRIMARY KEY,
  secret     VARCHAR(100) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Keys that sign join tokens, shared by every hub node. A key signs while it is the newest; it keeps
-- verifying until last_expiry, the expiry of the last token it signed.
CREATE TABLE join_keys (
  kid         VARCHAR(40)  PRIMARY KEY,
  secret      VARCHAR(100) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  last_expiry TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE registrations (
  id              UUID PRIMARY KEY,
  session_id      UUID         NOT NULL REFERENCES sessions (id),
  display_name    VARCHAR(100) NOT NULL,
  email           VARCHAR(254),
  phone           VARCHAR(20),
  household_size  INTEGER      NOT NULL,
  consent         BOOLEAN      NOT NULL,
  language        VARCHAR(8)   NOT NULL,
  status          VARCHAR(12)  NOT NULL,
  token_id        VARCHAR(36)  NOT NULL,
  idempotency_key VARCHAR(100),
  request_hash    VARCHAR(64),
  version         BIGINT       NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT registrations_idempotency UNIQUE (session_id, idempotency_key)
);
CREATE INDEX registrations_queue ON registrations (session_id, status, created_at);

CREATE TABLE site_bookings (
  id                  UUID PRIMARY KEY,
  session_id          UUID        NOT NULL REFERENCES sessions (id),
  site_id             UUID        NOT NULL REFERENCES sites (id),
  expected_head_count INTEGER     NOT NULL,
  status              VARCHAR(12) NOT NULL,
  screen_token_id     VARCHAR(36) NOT NULL,
  animator_token_id   VARCHAR(36) NOT NULL,
  version             BIGINT      NOT NULL,
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX site_bookings_session ON site_bookings (session_id, status);
CREATE INDEX site_bookings_site ON site_bookings (site_id, status);

-- Who was in the room, from the join page's reports and Jitsi's events.
CREATE TABLE attendance (
  id           UUID PRIMARY KEY,
  session_id   UUID         NOT NULL REFERENCES sessions (id),
  subject_kind VARCHAR(12)  NOT NULL,
  subject_id   UUID         NOT NULL,
  source       VARCHAR(12)  NOT NULL,
  occupant     VARCHAR(300),
  joined_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  left_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX attendance_subject ON attendance (subject_id, joined_at);
CREATE INDEX attendance_session ON attendance (session_id, joined_at);
