-- Which sitting a stay belongs to: the sitting's day in the schedule's zone (a weekly class has one
-- sitting a week). Stays recorded before have none. Portable SQL: PostgreSQL and H2 in PostgreSQL mode.
ALTER TABLE attendance ADD COLUMN sitting_date DATE;
CREATE INDEX attendance_sitting ON attendance (session_id, sitting_date);
