-- Reference data: the types of an offer of the catalogue (offers.offer_type),
-- served at /v1/reference/offer-types. They follow the kinds of public
-- contracts (fournitures, services, travaux) plus the staff provision that
-- ETTI, AI, GEIQ and EATT offer.
--
-- Loaded on every start; idempotent (upsert on the code, rows are only
-- rewritten when a value differs, nothing is ever deleted). No BEGIN/COMMIT
-- here: the loader (or psql --single-transaction) chooses the transaction.
--
-- Codes are published and never change: fix a label or a position freely,
-- never rename a code (add a new one instead).

SET client_encoding = 'UTF8';

INSERT INTO offer_types AS t (code, label, position)
VALUES
    ('good',            'Fourniture de biens',             1),
    ('service',         'Prestation de services',          2),
    ('works',           'Travaux',                         3),
    ('staff_provision', 'Mise à disposition de personnel', 4)
ON CONFLICT (code) DO UPDATE SET
    label    = EXCLUDED.label,
    position = EXCLUDED.position
WHERE (t.label, t.position)
    IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.position);
