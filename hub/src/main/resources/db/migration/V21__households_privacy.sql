-- Households off the radar and the privacy of families (RGPD). Portable SQL: PostgreSQL and H2 in PostgreSQL mode.

-- Consent as the family gave it: which wording of the consent sentence it ticked (when: consent_at, V16).
-- Registrations made before have none (their wording was version 1, the only one there was).
ALTER TABLE registrations ADD COLUMN consent_wording_version VARCHAR(20);
-- When the registration's personal data was erased: by the family, by staff on its request, or at the end of
-- the retention period. An erased registration keeps only what counts need (its class, status, household size).
ALTER TABLE registrations ADD COLUMN erased_at TIMESTAMP WITH TIME ZONE;
-- A family's household is found by its phone number (stored in E.164) from its private link.
CREATE INDEX registrations_phone ON registrations (phone);

-- A coordinator called (or wrote to) a household off the radar. The household is named by the SHA-256 of its
-- key (normalised phone or e-mail), never by the contact itself; erasing the household deletes its rows.
CREATE TABLE household_contacts (
  id           UUID        PRIMARY KEY,
  household    VARCHAR(64) NOT NULL,
  centre_id    UUID        NOT NULL REFERENCES centres (id),
  staff_id     UUID        REFERENCES staff (id) ON DELETE SET NULL,
  contacted_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX household_contacts_household ON household_contacts (household, contacted_at);

-- Who read or changed personal data, and when: off-the-radar pages, exports, a household's data downloaded or
-- erased (by the family or by staff on its request). What was read is named by a page, a class or counts,
-- never by a contact. Kept when the staff account is closed.
CREATE TABLE privacy_log (
  id         UUID        PRIMARY KEY,
  at         TIMESTAMP WITH TIME ZONE NOT NULL,
  action     VARCHAR(30) NOT NULL,
  actor      VARCHAR(10) NOT NULL,
  staff_id   UUID,
  centre_id  UUID,
  subject    VARCHAR(200),
  detail     VARCHAR(500)
);
CREATE INDEX privacy_log_at ON privacy_log (at);

-- Each run of the retention job: households whose last sitting is older than the cutoff lose their personal
-- data; what it erased, counted.
CREATE TABLE retention_runs (
  id            UUID    PRIMARY KEY,
  ran_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  cutoff        TIMESTAMP WITH TIME ZONE NOT NULL,
  households    INTEGER NOT NULL,
  registrations INTEGER NOT NULL,
  stays         INTEGER NOT NULL
);
CREATE INDEX retention_runs_ran ON retention_runs (ran_at);
