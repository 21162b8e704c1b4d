-- Each centre sends its texts from its own line: the centre's Android phone (SMS Gateway for Android), a Brevo
-- account, or the hub's local outbox file. One row per centre that has chosen; none means the local file.
-- The secret (the app's password or Brevo's API key) and the webhook key are stored as given: the hub must
-- present them to the provider; see docs/operations.md for protecting them at rest.
-- Portable SQL: PostgreSQL and H2 in PostgreSQL mode.
CREATE TABLE centre_sms_settings (
  centre_id   UUID         PRIMARY KEY REFERENCES centres (id) ON DELETE CASCADE,
  provider    VARCHAR(20)  NOT NULL,
  base_url    VARCHAR(300),
  username    VARCHAR(200),
  secret      VARCHAR(500),
  sender      VARCHAR(20),
  webhook_key VARCHAR(200),
  daily_cap   INTEGER      NOT NULL,
  version     BIGINT       NOT NULL,
  updated_by  UUID,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
