-- Schema 6: a nursing visit entered by times may end the next day (past midnight).
-- Until now an end time before the start was read as a visit past midnight (a typo
-- became a 23-hour visit); now the visit says so explicitly (issue 9).

ALTER TABLE nursing_visits ADD COLUMN ends_next_day INTEGER NOT NULL DEFAULT 0;
