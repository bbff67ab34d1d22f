-- Schema 12 (issue 14): a tamper-evident audit log.
-- Each entry carries the HMAC-SHA256 of its own fields and of the entry before it
-- (prev_hash, hash), so editing, removing or inserting an entry behind the app's back,
-- even with the append-only triggers dropped and recreated, breaks the chain at that
-- entry. audit_chain holds the per-database HMAC key and the newest entry's id with a
-- MAC of it (so removing the newest entries is detected too). Entries written before
-- this schema are chained when the database is next opened for writing
-- (store/audit.py seal_unchained); the trigger lets a row be sealed exactly once.

ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE INDEX audit_log_unchained ON audit_log(id) WHERE hash IS NULL;

CREATE TABLE audit_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret BLOB NOT NULL,           -- the HMAC key, until it is derived from the database key
    head_id INTEGER,                -- the newest chained entry (NULL: none yet)
    head_mac TEXT                   -- HMAC of (head_id, its hash)
);
INSERT INTO audit_chain (id, secret) VALUES (1, randomblob(32));

DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash IS NOT NULL
    OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor
    OR NEW.entity IS NOT OLD.entity OR NEW.entity_id IS NOT OLD.entity_id
    OR NEW.action IS NOT OLD.action OR NEW.before IS NOT OLD.before OR NEW.after IS NOT OLD.after
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'the audit chain key cannot be removed');
END;
