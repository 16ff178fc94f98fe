-- Reference data: budget bands of purchase needs (needs.budget_band),
-- served at /v1/reference/budget-bands. The bounds follow the thresholds
-- buyers know: 40 k€ (no advertising below it, art. R2122-8), 90 k€
-- (formal advertising), 221 k€ (EU threshold for supplies and services of
-- local authorities in 2024-2025), 5.538 M€ (EU threshold for works).
--
-- Loaded on every start; idempotent (upsert on the code, nothing deleted).
-- Codes never change once published.

SET client_encoding = 'UTF8';

INSERT INTO budget_bands AS b (code, label, min_amount, max_amount, position)
VALUES
    ('under_5k',     'Moins de 5 000 €',                  NULL,      5000,    1),
    ('5k_40k',       'De 5 000 € à 40 000 €',             5000,      40000,   2),
    ('40k_90k',      'De 40 000 € à 90 000 €',            40000,     90000,   3),
    ('90k_221k',     'De 90 000 € à 221 000 €',           90000,     221000,  4),
    ('221k_5m',      'De 221 000 € à 5,5 M€',             221000,    5538000, 5),
    ('over_5m',      'Plus de 5,5 M€',                    5538000,   NULL,    6),
    ('unknown',      'Non déterminé',                     NULL,      NULL,    7)
ON CONFLICT (code) DO UPDATE SET
    label      = EXCLUDED.label,
    min_amount = EXCLUDED.min_amount,
    max_amount = EXCLUDED.max_amount,
    position   = EXCLUDED.position
WHERE (b.label, b.min_amount, b.max_amount, b.position)
    IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.min_amount, EXCLUDED.max_amount,
    EXCLUDED.position);
