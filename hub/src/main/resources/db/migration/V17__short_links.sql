-- Short links: a code of 12 Crockford base32 characters (stored without dashes, upper case) that stands for
-- one of the hub's long links, so that a link fits an SMS and its QR code stays small. A code names what it
-- opens by kind and subject (a registration, a room booking); the long token is made again from them each
-- time, so a class edited after the code was given out still opens at its new times. Revoked with what it
-- names; past expires_at it opens nothing. Unknown, revoked and expired codes are answered alike.
-- Portable SQL: PostgreSQL and H2 in PostgreSQL mode.
CREATE TABLE short_links (
  code       VARCHAR(12) NOT NULL PRIMARY KEY,
  kind       VARCHAR(24) NOT NULL,
  subject_id UUID        NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at TIMESTAMP WITH TIME ZONE,
  expires_at TIMESTAMP WITH TIME ZONE
);
-- A registration's or booking's live code of each kind is looked up, and revoked, by its subject.
CREATE INDEX short_links_subject ON short_links (subject_id, kind);
