-- Staff accounts can be closed without losing their history (the classes a person taught stay theirs): a
-- deactivated account signs in no more. Password-reset links an admin or coordinator hands over: single use,
-- short lived, and only the SHA-256 of the link's secret is kept.
-- Portable SQL: PostgreSQL and H2 in PostgreSQL mode.
ALTER TABLE staff ADD COLUMN active BOOLEAN DEFAULT TRUE NOT NULL;

CREATE TABLE staff_password_resets (
  token_hash VARCHAR(64) PRIMARY KEY,
  staff_id   UUID        NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX staff_password_resets_staff ON staff_password_resets (staff_id);
