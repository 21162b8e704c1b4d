-- Relay-sites: how a centre's node proves who it is, and what it reports from its room.

-- Enrolment codes (short, single use, a day) and link credentials (long, until rotated or revoked).
-- Only a SHA-256 of each secret is kept.
CREATE TABLE site_credentials (
  id           UUID PRIMARY KEY,
  site_id      UUID        NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  kind         VARCHAR(12) NOT NULL,
  secret_hash  VARCHAR(64) NOT NULL UNIQUE,
  created_by   UUID,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at   TIMESTAMP WITH TIME ZONE,
  used_at      TIMESTAMP WITH TIME ZONE,
  revoked_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX site_credentials_site ON site_credentials (site_id, kind);

-- Events journaled at a centre and forwarded by its relay: the id is the relay's, so a resent event
-- is recognised and kept once.
CREATE TABLE site_events (
  id           UUID PRIMARY KEY,
  site_id      UUID        NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  session_id   UUID,
  kind         VARCHAR(20) NOT NULL,
  delta        INTEGER     NOT NULL,
  label        VARCHAR(200),
  ref          UUID,
  happened_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  received_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX site_events_session ON site_events (session_id, happened_at);
