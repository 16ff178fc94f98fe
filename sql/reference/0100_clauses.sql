-- Reference data of the social clauses: insertion modes, contract types and
-- the monthly maximum of hours one person may be declared for.
--
-- Loaded on every start; idempotent (upsert on the code, rows rewritten
-- only when they differ, nothing deleted).
--
-- Sources:
--   hours_monthly_max  208 h: 48 h a week, the legal weekly maximum
--                      (Code du travail L3121-20), over 52/12 weeks; a
--                      declaration above it for one action (one person)
--                      and one month is refused. The CRESS changes it here.

SET client_encoding = 'UTF8';

INSERT INTO insertion_modes AS t (code, label, position)
VALUES
    ('direct_hire',          'Embauche directe',                        1),
    ('staff_provision_etti', 'Mise à disposition par une ETTI',         2),
    ('staff_provision_ai',   'Mise à disposition par une AI',           3),
    ('staff_provision_geiq', 'Mise à disposition par un GEIQ',          4),
    ('subcontracting_siae',  'Sous-traitance à une SIAE',               5),
    ('cocontracting_siae',   'Co-traitance avec une SIAE',              6),
    ('training',             'Heures de formation',                     7)
ON CONFLICT (code) DO UPDATE SET
    label    = EXCLUDED.label,
    position = EXCLUDED.position
WHERE (t.label, t.position) IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.position);

INSERT INTO contract_types AS t (code, label, position)
VALUES
    ('cdi',                'CDI',                                         1),
    ('cdd',                'CDD',                                         2),
    ('cddi',               'CDDI (contrat à durée déterminée d''insertion)', 3),
    ('interim',            'Intérim',                                     4),
    ('interim_insertion',  'Mission d''intérim d''insertion (ETTI)',      5),
    ('apprenticeship',     'Contrat d''apprentissage',                    6),
    ('professionalisation', 'Contrat de professionnalisation',            7),
    ('pec',                'Parcours emploi compétences (PEC)',           8),
    ('staff_provision',    'Mise à disposition (AI, GEIQ)',               9),
    ('training',           'Formation',                                  10)
ON CONFLICT (code) DO UPDATE SET
    label    = EXCLUDED.label,
    position = EXCLUDED.position
WHERE (t.label, t.position) IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.position);

INSERT INTO territory_parameters AS p (code, value, unit, label)
VALUES
    ('hours_monthly_max', 208, 'hours',
     'Nombre maximal d''heures d''insertion déclarées pour une personne et un mois (48 h par semaine)')
ON CONFLICT (code) DO UPDATE SET
    value = EXCLUDED.value,
    unit  = EXCLUDED.unit,
    label = EXCLUDED.label
WHERE (p.value, p.unit, p.label)
    IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.unit, EXCLUDED.label);
