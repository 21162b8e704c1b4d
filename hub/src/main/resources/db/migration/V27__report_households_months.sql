-- Reports over a long span count the households of each month from their first and second sittings, instead
-- of looking up every sitting of every household (H2 has no hash join). Portable SQL: PostgreSQL and H2 in
-- PostgreSQL mode.

-- The household's next sitting after its first one (null: seen once), written with first_date by the reports.
ALTER TABLE household_firsts ADD COLUMN second_date DATE;
-- A household's sittings in order: its second sitting, and whether it was seen again in a line of a report.
CREATE INDEX sitting_households_household ON sitting_households (household, sitting_date);
CREATE INDEX household_firsts_first ON household_firsts (first_date);
-- The distinct households of a range of days, read from the index alone.
CREATE INDEX sitting_households_days ON sitting_households (sitting_date, household);
UPDATE household_firsts SET second_date = (SELECT MIN(v.sitting_date) FROM sitting_households v
  WHERE v.household = household_firsts.household AND v.sitting_date > household_firsts.first_date);
