-- Reference data: the 17 communes of Mayotte (département 976).
--
-- Loaded on every start; idempotent (upsert on the INSEE code, rows are only
-- rewritten when a value differs, nothing is ever deleted). No BEGIN/COMMIT
-- here: the loader (or psql --single-transaction) chooses the transaction.
--
-- Sources:
--   code         INSEE Code officiel géographique (COG), communes 97601..97617.
--   label        the official INSEE spelling. INSEE writes "Bandrele" and
--                "Dembeni" without accents; the forms "Bandrélé" and "Dembéni"
--                are common usage and are matched by the accent-insensitive
--                search, not stored here.
--   postal_code  La Poste (base officielle des codes postaux), cross-checked
--                with the commune infoboxes of the French Wikipedia. Several
--                communes share one postal code (97615, 97620, 97630, 97650,
--                97660, 97670); Dzaoudzi and Pamandzi are both 97615 (97610
--                appears for them in some older sources).
--   latitude,    WGS84, 5 decimals: the centre of the chef-lieu village, from
--   longitude    the GeoNames populated places. Exceptions: Chiconi from its
--                French Wikipedia infobox (the GeoNames point is rounded to
--                the minute); Dzaoudzi is placed at Labattoir, where its town
--                hall and nearly all of its inhabitants are (the historic
--                Dzaoudzi rock has fewer than 100 inhabitants).
--                Points are accurate to a few hundred metres: good for maps
--                and distances between communes, not for addressing.

SET client_encoding = 'UTF8';

INSERT INTO communes AS c (code, label, postal_code, latitude, longitude)
VALUES
    ('97601', 'Acoua',          '97630', -12.72391, 45.05819),
    ('97602', 'Bandraboua',     '97650', -12.70440, 45.12231),
    ('97603', 'Bandrele',       '97660', -12.91276, 45.19256),
    ('97604', 'Bouéni',         '97620', -12.90250, 45.07611),
    ('97605', 'Chiconi',        '97670', -12.83000, 45.11278),
    ('97606', 'Chirongui',      '97620', -12.93194, 45.14833),
    ('97607', 'Dembeni',        '97660', -12.84360, 45.18436),
    ('97608', 'Dzaoudzi',       '97615', -12.77698, 45.28234),
    ('97609', 'Kani-Kéli',      '97625', -12.95361, 45.10333),
    ('97610', 'Koungou',        '97690', -12.73361, 45.20417),
    ('97611', 'Mamoudzou',      '97600', -12.78234, 45.22878),
    ('97612', 'Mtsamboro',      '97630', -12.69982, 45.06894),
    ('97613', 'M''Tsangamouji', '97650', -12.75944, 45.08361),
    ('97614', 'Ouangani',       '97670', -12.84639, 45.13611),
    ('97615', 'Pamandzi',       '97615', -12.79674, 45.27938),
    ('97616', 'Sada',           '97640', -12.85055, 45.10205),
    ('97617', 'Tsingoni',       '97680', -12.78722, 45.10278)
ON CONFLICT (code) DO UPDATE SET
    label       = EXCLUDED.label,
    postal_code = EXCLUDED.postal_code,
    latitude    = EXCLUDED.latitude,
    longitude   = EXCLUDED.longitude
WHERE (c.label, c.postal_code, c.latitude, c.longitude)
    IS DISTINCT FROM
      (EXCLUDED.label, EXCLUDED.postal_code, EXCLUDED.latitude, EXCLUDED.longitude);
