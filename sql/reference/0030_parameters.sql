-- Reference data: default parameters of the territory (Mayotte). A clause may
-- carry its own value; these are the defaults offered when it does not.
--
-- Loaded on every start; idempotent (upsert on the code, rows are only
-- rewritten when a value differs, nothing is ever deleted). No BEGIN/COMMIT
-- here: the loader (or psql --single-transaction) chooses the transaction.
-- Note: re-running this file puts back the default values below; a value the
-- CRESS wants to change for good is changed here, not by hand in the table.
--
-- Sources:
--   hourly_cost_default        25.00 EUR/h: the CRESS's working default of a
--                              loaded hourly labour cost (coût horaire chargé)
--                              in Mayotte, used to turn an amount into
--                              insertion hours (amount × labour share ×
--                              insertion rate ÷ hourly cost). It is lower than
--                              the ~30 EUR/h often used in mainland France
--                              because the SMIC of Mayotte is lower there. A
--                              convention, not a published statutory figure.
--   hours_share_default        0.05: the Mayotte public-procurement convention
--                              of December 2022 sets the insertion obligation
--                              at 5 % of the hours worked on the contract.
--   followup_checkpoint_months 6: the post-insertion situation is recorded at
--                              the end of the action and 6 months after it by
--                              default (docs/DOMAIN.md, follow-up checkpoints).

SET client_encoding = 'UTF8';

INSERT INTO territory_parameters AS p (code, value, unit, label)
VALUES
    ('hourly_cost_default', 25.00, 'EUR/h',
     'Coût horaire chargé par défaut à Mayotte, pour convertir un montant en heures d''insertion (le SMIC de Mayotte est inférieur à celui de la métropole, où l''usage retient environ 30 €/h)'),
    ('hours_share_default', 0.05, 'share',
     'Part des heures travaillées réservée à l''insertion par défaut : 5 % selon la convention de la commande publique de Mayotte de décembre 2022'),
    ('followup_checkpoint_months', 6, 'months',
     'Délai par défaut, en mois, du point de suivi post-insertion après la fin de l''action')
ON CONFLICT (code) DO UPDATE SET
    value = EXCLUDED.value,
    unit  = EXCLUDED.unit,
    label = EXCLUDED.label
WHERE (p.value, p.unit, p.label)
    IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.unit, EXCLUDED.label);
