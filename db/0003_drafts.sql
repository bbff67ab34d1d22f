-- Schema 3: the order editor's unsaved work (drafts) inside the database.
-- A draft holds patient details (PHI), so it belongs in the protected, backed-up
-- database rather than a loose file beside it. One row per key (e.g. the editor's
-- draft); saving replaces it. Drafts are scratch work, not records: they are not
-- audited, and they are deleted once the order is saved.

CREATE TABLE drafts (
    key TEXT PRIMARY KEY,
    data TEXT NOT NULL,             -- JSON object: the editor's state (order-v1 plus UI keys)
    saved_at TEXT NOT NULL
);
