-- Schema 7: the rows the sample practice added (File › Load / Remove sample data).
-- Loading the sample notes here every row it inserted; removing it deletes exactly
-- those rows (never a row of the biller's, nor one the biller's own orders still use)
-- and then these notes. "entity" is the table, "row_id" the row's id in it.

CREATE TABLE demo_rows (
    entity TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    PRIMARY KEY (entity, row_id)
) WITHOUT ROWID;
