-- Schema 10: patient search ignores punctuation inside names and member IDs.
-- "obrien" must find O'Brien and "smithjones" Smith-Jones (a missed match is a
-- duplicate patient): beside the name columns the index holds each name and the
-- member ID squeezed (apostrophes, hyphens, periods, commas and spaces removed).
-- Accents are folded by the tokenizer (remove_diacritics 2), as before.
-- The index keeps no copy of the text (contentless): the triggers give it the same
-- values to remove as they gave it to add, and rows are read from patients.

DROP TRIGGER IF EXISTS patients_fts_insert;
DROP TRIGGER IF EXISTS patients_fts_delete;
DROP TRIGGER IF EXISTS patients_fts_update;
DROP TABLE IF EXISTS patients_fts;

CREATE VIRTUAL TABLE patients_fts USING fts5(
    last_name, first_name, member_id, squeezed,
    content='',
    tokenize='unicode61 remove_diacritics 2',
    prefix='1 2 3 4'
);

-- squeeze(x): x without ' ’ ‘ ` - . , and spaces (kept in step with store/patients.py).
CREATE VIEW patients_search_text AS
SELECT id,
       coalesce(last_name, '') AS last_name,
       coalesce(first_name, '') AS first_name,
       coalesce(member_id, '') AS member_id,
       replace(replace(replace(replace(replace(replace(replace(replace(
           coalesce(last_name, '') || ' ' || char(31) || ' ' || coalesce(first_name, '') || ' ' || char(31)
           || ' ' || coalesce(member_id, ''),
           '''', ''), '’', ''), '‘', ''), '`', ''), '-', ''), '.', ''), ',', ''), ' ', '')
       AS squeezed
FROM patients;

INSERT INTO patients_fts(rowid, last_name, first_name, member_id, squeezed)
    SELECT id, last_name, first_name, member_id, squeezed FROM patients_search_text;

CREATE TRIGGER patients_fts_insert AFTER INSERT ON patients BEGIN
    INSERT INTO patients_fts(rowid, last_name, first_name, member_id, squeezed)
        SELECT id, last_name, first_name, member_id, squeezed FROM patients_search_text
        WHERE id = new.id;
END;

CREATE TRIGGER patients_fts_delete BEFORE DELETE ON patients BEGIN
    INSERT INTO patients_fts(patients_fts, rowid, last_name, first_name, member_id, squeezed)
        SELECT 'delete', id, last_name, first_name, member_id, squeezed FROM patients_search_text
        WHERE id = old.id;
END;

CREATE TRIGGER patients_fts_update_before BEFORE UPDATE ON patients BEGIN
    INSERT INTO patients_fts(patients_fts, rowid, last_name, first_name, member_id, squeezed)
        SELECT 'delete', id, last_name, first_name, member_id, squeezed FROM patients_search_text
        WHERE id = old.id;
END;

CREATE TRIGGER patients_fts_update_after AFTER UPDATE ON patients BEGIN
    INSERT INTO patients_fts(rowid, last_name, first_name, member_id, squeezed)
        SELECT id, last_name, first_name, member_id, squeezed FROM patients_search_text
        WHERE id = new.id;
END;
