-- Schema 2: full-text patient search (name, member ID) with FTS5.
-- External-content index over patients, kept in step by triggers; dates of birth
-- are searched through the patients_dob index instead (exact match).
-- Prefix indexes keep short prefixes fast in a practice of 100,000 patients.

CREATE VIRTUAL TABLE patients_fts USING fts5(
    last_name, first_name, member_id,
    content='patients', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2',
    prefix='1 2 3 4'                -- prefix indexes: "b", "sm", "xyz1" stay instant
);

INSERT INTO patients_fts(rowid, last_name, first_name, member_id)
    SELECT id, last_name, first_name, member_id FROM patients;

CREATE TRIGGER patients_fts_insert AFTER INSERT ON patients BEGIN
    INSERT INTO patients_fts(rowid, last_name, first_name, member_id)
        VALUES (new.id, new.last_name, new.first_name, new.member_id);
END;

CREATE TRIGGER patients_fts_delete AFTER DELETE ON patients BEGIN
    INSERT INTO patients_fts(patients_fts, rowid, last_name, first_name, member_id)
        VALUES ('delete', old.id, old.last_name, old.first_name, old.member_id);
END;

CREATE TRIGGER patients_fts_update AFTER UPDATE ON patients BEGIN
    INSERT INTO patients_fts(patients_fts, rowid, last_name, first_name, member_id)
        VALUES ('delete', old.id, old.last_name, old.first_name, old.member_id);
    INSERT INTO patients_fts(rowid, last_name, first_name, member_id)
        VALUES (new.id, new.last_name, new.first_name, new.member_id);
END;
