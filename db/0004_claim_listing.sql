-- Schema 4: list and filter claims in one query (status, payer, service dates), and
-- keep the payer profile a claim was printed under so a reprint is exact.
-- The new columns are copies taken when the claim is recorded (store/claims.py).
-- Claims recorded before this schema are filled in here: the service span from the
-- snapshot's lines (infusiondesk_unpack is registered by store/migrations.py), the
-- payer from the order row; their profile stays NULL (unknown: the current one is used).

ALTER TABLE claims ADD COLUMN payer_id INTEGER REFERENCES payers(id);
ALTER TABLE claims ADD COLUMN service_from TEXT;   -- first "from" of its lines (ISO date)
ALTER TABLE claims ADD COLUMN service_to TEXT;     -- last "to" of its lines
ALTER TABLE claims ADD COLUMN profile_json BLOB;   -- PayerProfile settings, zlib JSON

UPDATE claims SET
    payer_id = (SELECT orders.payer_id FROM orders WHERE orders.id = claims.order_id),
    service_from = (SELECT min(json_extract(value, '$.from'))
                    FROM json_each(infusiondesk_unpack(claim_json), '$.lines')),
    service_to = (SELECT max(json_extract(value, '$.to'))
                  FROM json_each(infusiondesk_unpack(claim_json), '$.lines'));

-- Newest first within a status or a payer, without sorting the whole table.
CREATE INDEX claims_status ON claims(status, id);
CREATE INDEX claims_payer ON claims(payer_id, id);

-- The copies are part of the snapshot: as fixed as the snapshot once printed.
CREATE TRIGGER claims_listing_immutable BEFORE UPDATE ON claims
WHEN OLD.status <> 'draft' AND (
    NEW.payer_id IS NOT OLD.payer_id
    OR NEW.service_from IS NOT OLD.service_from OR NEW.service_to IS NOT OLD.service_to
    OR NEW.profile_json IS NOT OLD.profile_json)
BEGIN
    SELECT RAISE(ABORT, 'a printed claim cannot be changed; record a correction instead');
END;
