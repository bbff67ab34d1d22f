-- Schema 11 (issue 10): two order fields the rules now read.
-- drugs.wasted_ndc_quantity: the discarded amount per administration in the NDC's unit,
-- the JW line's NDC quantity when it can't be converted (IVIG wasted in g, NDC in mL);
-- a decimal string like the other quantities, NULL when not entered.
-- supplies.patient_owned: 1 when the serviced or repaired device (S5035/S5036) is the
-- patient's own, which the per diem does not cover (NHIA "excluding patient owned
-- equipment").

ALTER TABLE drugs ADD COLUMN wasted_ndc_quantity TEXT;
ALTER TABLE supplies ADD COLUMN patient_owned INTEGER NOT NULL DEFAULT 0;
