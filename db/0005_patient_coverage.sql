-- Schema 5: a patient's insurance beside the patient (boxes 1a, 4, 6, 7, 11, 11c).
-- Until now only the member ID had a home (patients.member_id); payer, group, plan and
-- the insured lived on each order, so the patient dialog had to write a new version of
-- the patient's newest order. One row per patient here; an order still keeps its own
-- copy (a claim prints the order's), so changing either never rewrites the other.
--
-- The insured is JSON in the orders.insured format (store/order_rows.py insured_json):
-- it is read and written whole, never searched, and a copy moves between a patient and
-- an order unchanged. NULL: the patient is the insured (box 4 "same", cms1500-layout.md).
-- Its group_number/plan_name are blank: the columns here are the coverage's own.

CREATE TABLE patient_coverage (
    patient_id INTEGER PRIMARY KEY REFERENCES patients(id) ON DELETE CASCADE,
    payer_id INTEGER REFERENCES payers(id) ON DELETE SET NULL,
    group_number TEXT NOT NULL DEFAULT '',      -- box 11
    plan_name TEXT NOT NULL DEFAULT '',         -- box 11c
    insured TEXT                                -- JSON of rules.order.Insured, or NULL
);
CREATE INDEX patient_coverage_payer ON patient_coverage(payer_id);

-- Existing patients take the insurance of their newest order (highest id, as the
-- patient dialog showed it before this schema).
INSERT INTO patient_coverage (patient_id, payer_id, group_number, plan_name, insured)
SELECT o.patient_id, o.payer_id,
       coalesce(json_extract(o.insured, '$.group_number'), ''),
       coalesce(json_extract(o.insured, '$.plan_name'), ''),
       CASE WHEN coalesce(json_extract(o.insured, '$.relationship'), 'self') <> 'self'
            THEN json_set(o.insured, '$.group_number', '', '$.plan_name', '') END
FROM orders o
WHERE o.patient_id IS NOT NULL
  AND (o.payer_id IS NOT NULL OR o.insured IS NOT NULL)
  AND o.id = (SELECT n.id FROM orders n WHERE n.patient_id = o.patient_id
              ORDER BY n.id DESC LIMIT 1);
