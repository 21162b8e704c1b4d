-- How many written texts (questions, help messages, the rooms' notes) each retention run cleared.
-- Portable SQL: runs on PostgreSQL and on H2 in PostgreSQL mode.
ALTER TABLE retention_runs ADD COLUMN texts INTEGER DEFAULT 0 NOT NULL;
