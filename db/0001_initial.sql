-- Infusion Desk store, schema 1: setup, patients, orders, claims, audit log.
-- Applied by sqlite-utils Migrations (store/migrations.py) in one transaction with
-- its record. Never edit a released migration: add a new numbered file instead.
-- Dates are ISO text, money and quantities are decimal text (exact round trip).

CREATE TABLE providers (            -- billing providers; is_practice marks the practice
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    npi TEXT NOT NULL DEFAULT '',
    ein TEXT NOT NULL DEFAULT '',
    taxonomy TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    street TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '',
    zip TEXT NOT NULL DEFAULT '',
    is_practice INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX providers_one_practice ON providers(is_practice) WHERE is_practice = 1;

CREATE TABLE payer_profiles (       -- user copies of shipped payer profiles
    key TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    based_on TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL          -- JSON object of PayerProfile settings
);

CREATE TABLE payers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    payer_id TEXT NOT NULL DEFAULT '',
    plan_type TEXT NOT NULL DEFAULT 'group',
    street TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '',
    zip TEXT NOT NULL DEFAULT '',
    profile TEXT NOT NULL DEFAULT 'nhia',   -- a shipped profile key or payer_profiles.key
    requires_prior_authorization INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE prescribers (
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    npi TEXT NOT NULL DEFAULT ''
);

CREATE TABLE facilities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    npi TEXT NOT NULL DEFAULT '',
    street TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '',
    zip TEXT NOT NULL DEFAULT ''
);

CREATE TABLE patients (             -- the patient (box 2, 3, 5) and member ID (box 1a)
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    middle_initial TEXT NOT NULL DEFAULT '',
    dob TEXT,
    sex TEXT NOT NULL DEFAULT '',
    member_id TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    account_number TEXT NOT NULL DEFAULT '',
    street TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '',
    zip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX patients_identity ON patients(last_name COLLATE NOCASE, first_name COLLATE NOCASE, dob);
CREATE INDEX patients_dob ON patients(dob);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    patient_id INTEGER REFERENCES patients(id),
    payer_id INTEGER REFERENCES payers(id),
    prescriber_id INTEGER REFERENCES prescribers(id),
    provider_id INTEGER REFERENCES providers(id),
    facility_id INTEGER REFERENCES facilities(id),
    insured TEXT,                   -- JSON of the coverage's insured (box 4, 7, 11), or NULL
    payer_profile TEXT NOT NULL,
    place_of_service TEXT NOT NULL DEFAULT '12',
    billing_from TEXT,
    billing_to TEXT,
    diagnoses TEXT NOT NULL DEFAULT '[]',           -- JSON list of ICD-10-CM codes
    prior_authorization TEXT NOT NULL DEFAULT '',
    resubmission_code TEXT,
    resubmission_ref TEXT,
    primary_therapy INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX orders_patient ON orders(patient_id);
CREATE INDEX orders_payer ON orders(payer_id);

CREATE TABLE therapies (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    therapy TEXT NOT NULL,
    frequency TEXT NOT NULL,
    start TEXT NOT NULL,
    stop TEXT NOT NULL,
    method TEXT,
    daily_volume_ml TEXT,
    administration_dates TEXT,       -- JSON list of ISO dates, NULL = use the schedule
    diagnosis_pointers TEXT NOT NULL DEFAULT '',
    UNIQUE (order_id, position)
);

CREATE TABLE holds (
    id INTEGER PRIMARY KEY,
    therapy_id INTEGER NOT NULL REFERENCES therapies(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    first TEXT NOT NULL,
    last TEXT NOT NULL,
    UNIQUE (therapy_id, position)
);

CREATE TABLE drugs (
    id INTEGER PRIMARY KEY,
    therapy_id INTEGER NOT NULL REFERENCES therapies(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    hcpcs TEXT NOT NULL,
    ndc TEXT,
    dose TEXT NOT NULL DEFAULT '0',
    dose_unit TEXT NOT NULL DEFAULT 'mg',
    ndc_unit TEXT,
    ndc_quantity_per_dose TEXT,
    wasted TEXT NOT NULL DEFAULT '0',
    description TEXT NOT NULL DEFAULT '',
    compound INTEGER NOT NULL DEFAULT 0,
    UNIQUE (therapy_id, position)
);

CREATE TABLE nursing_visits (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    date TEXT NOT NULL,
    minutes INTEGER NOT NULL,
    start_time TEXT NOT NULL DEFAULT '',    -- "HH:MM" when entered by times
    end_time TEXT NOT NULL DEFAULT '',
    UNIQUE (order_id, position)
);

CREATE TABLE supplies (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    hcpcs TEXT NOT NULL,
    quantity TEXT NOT NULL,
    date TEXT NOT NULL,
    lumens INTEGER,
    UNIQUE (order_id, position)
);

CREATE TABLE order_charges (        -- charges given with the order itself (order-v1 "charges")
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    amount TEXT NOT NULL,
    PRIMARY KEY (order_id, code)
);

CREATE TABLE charge_master (        -- charge per unit of a code; a payer's own charge wins
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    payer_id INTEGER REFERENCES payers(id) ON DELETE CASCADE,
    amount TEXT NOT NULL
);
CREATE UNIQUE INDEX charge_master_code_payer ON charge_master(code, IFNULL(payer_id, 0));

CREATE TABLE claims (               -- immutable snapshots of what was printed
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    order_version INTEGER NOT NULL,
    original_claim_id INTEGER REFERENCES claims(id),   -- the claim this one corrects
    resubmission_code TEXT,                             -- box 22: 7 replace, 8 void
    original_ref TEXT,                                  -- box 22: original reference
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'printed', 'submitted', 'paid', 'denied')),
    payer_claim_number TEXT NOT NULL DEFAULT '',
    total_charge TEXT,
    claim_json BLOB NOT NULL,           -- claim-v1, zlib-compressed UTF-8 JSON
    order_json BLOB NOT NULL,           -- order-v1 of order_version, zlib-compressed JSON
    created_at TEXT NOT NULL,
    status_changed_at TEXT NOT NULL
);
CREATE INDEX claims_order ON claims(order_id, order_version);
CREATE INDEX claims_original ON claims(original_claim_id);

-- Nothing printed is edited in place: after a claim leaves draft only its status
-- (forward), the payer's claim number and the status time may change.
CREATE TRIGGER claims_immutable BEFORE UPDATE ON claims
WHEN OLD.status <> 'draft' AND (
    NEW.status = 'draft'
    OR NEW.order_id IS NOT OLD.order_id OR NEW.order_version IS NOT OLD.order_version
    OR NEW.original_claim_id IS NOT OLD.original_claim_id
    OR NEW.resubmission_code IS NOT OLD.resubmission_code
    OR NEW.original_ref IS NOT OLD.original_ref OR NEW.total_charge IS NOT OLD.total_charge
    OR NEW.claim_json IS NOT OLD.claim_json OR NEW.order_json IS NOT OLD.order_json
    OR NEW.created_at IS NOT OLD.created_at OR NEW.id IS NOT OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'a printed claim cannot be changed; record a correction instead');
END;

CREATE TRIGGER claims_keep_printed BEFORE DELETE ON claims
WHEN OLD.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'a printed claim cannot be deleted');
END;

CREATE TABLE audit_log (            -- append-only: who, when, what, before/after
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
