-- Schema 9: electronic claims (837P). Clearinghouse settings, the interchange and group
-- control numbers (ISA13, GS06), and every export with the claims it carried.
--
-- A clearinghouse rejects an interchange whose control number it has seen before, so
-- the numbers only go up: x12_counters holds the last one handed out, and the UNIQUE
-- index on x12_exports.interchange_control refuses a repeat even if a bug tried one.
-- Settings are JSON of output.x12_settings.X12Settings: one row for the clearinghouse
-- (payer_id NULL) and one per payer that needs its own (payer ID, SBR09, receiver).

CREATE TABLE x12_settings (
    id INTEGER PRIMARY KEY,
    payer_id INTEGER REFERENCES payers(id) ON DELETE CASCADE,  -- NULL: the clearinghouse
    settings TEXT NOT NULL                                      -- JSON
);
CREATE UNIQUE INDEX x12_settings_payer ON x12_settings(IFNULL(payer_id, 0));

CREATE TABLE x12_counters (
    name TEXT PRIMARY KEY CHECK (name IN ('interchange', 'group')),
    last INTEGER NOT NULL CHECK (last >= 0 AND last <= 999999999)
);
INSERT INTO x12_counters (name, last) VALUES ('interchange', 0), ('group', 0);

CREATE TRIGGER x12_counters_only_up BEFORE UPDATE ON x12_counters
WHEN NEW.last <= OLD.last
BEGIN
    SELECT RAISE(ABORT, 'control numbers only go up');
END;

CREATE TABLE x12_exports (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    file_name TEXT NOT NULL,               -- the file's name only, never its folder
    interchange_control INTEGER NOT NULL,  -- ISA13
    group_control INTEGER NOT NULL,        -- GS06
    usage TEXT NOT NULL,                   -- ISA15: T test, P production
    claim_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX x12_exports_interchange ON x12_exports(interchange_control);
CREATE UNIQUE INDEX x12_exports_group ON x12_exports(group_control);

CREATE TABLE x12_export_claims (
    export_id INTEGER NOT NULL REFERENCES x12_exports(id),
    position INTEGER NOT NULL,             -- ST02: the transaction set's number in the file
    claim_id INTEGER REFERENCES claims(id),  -- the recorded claim; NULL for an order file
    claim_key TEXT NOT NULL,               -- the claim's fingerprint (SHA-256 of claim-v1)
    PRIMARY KEY (export_id, position)
);
CREATE INDEX x12_export_claims_claim ON x12_export_claims(claim_id);
CREATE INDEX x12_export_claims_key ON x12_export_claims(claim_key);

CREATE TRIGGER x12_exports_kept BEFORE DELETE ON x12_exports
BEGIN
    SELECT RAISE(ABORT, 'an export record is kept');
END;
