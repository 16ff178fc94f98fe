-- Reference data of people and their paths (issue 8): eligibility criteria
-- (with how long a prescriber's vouching lasts), education levels,
-- obstacles (freins) and the national IAE exit categories. Served at
-- /v1/reference/criteria, education-levels, obstacles, outcome-categories.
--
-- Loaded on every start; idempotent (upsert on the code, rows rewritten
-- only when a value differs, nothing deleted). Codes are published and
-- never change: fix a label freely, never rename a code.
--
-- Sources: docs/DOMAIN.md. An IAE eligibility diagnosis is valid 6 months
-- (183 days), a PASS IAE 2 years (730 days). The prescribers' subkinds are
-- in 0040_organisation_kinds.sql.

SET client_encoding = 'UTF8';

INSERT INTO eligibility_criteria AS c (code, label, validity_days,
    needs_validation, position)
VALUES
    ('deld',               'Demandeur d''emploi de longue durée (12 mois et plus)',                    183, false,  1),
    ('detld',              'Demandeur d''emploi de très longue durée (24 mois et plus)',               183, false,  2),
    ('rsa',                'Bénéficiaire du RSA',                                                      183, false,  3),
    ('ass',                'Bénéficiaire de l''allocation de solidarité spécifique (ASS)',             183, false,  4),
    ('aah',                'Bénéficiaire de l''allocation aux adultes handicapés (AAH)',               183, false,  5),
    ('pension-invalidite', 'Titulaire d''une pension d''invalidité',                                   183, false,  6),
    ('jeune-peu-qualifie', 'Jeune de moins de 26 ans peu ou pas qualifié, sorti de l''école depuis 6 mois', 183, false,  7),
    ('rqth',               'Travailleur handicapé reconnu (RQTH)',                                     183, false,  8),
    ('accompagne-siae',    'Personne accompagnée par une SIAE',                                        183, false,  9),
    ('epide',              'Personne accompagnée par un EPIDE',                                        183, false, 10),
    ('e2c',                'Personne accompagnée par une école de la deuxième chance (E2C)',           183, false, 11),
    ('qpv',                'Résident d''un quartier prioritaire de la politique de la ville (QPV)',    183, false, 12),
    ('senior',             'Demandeur d''emploi de 50 ans et plus',                                    183, false, 13),
    ('pass-iae',           'Titulaire d''un PASS IAE',                                                 730, false, 14),
    ('avis-prescripteur',  'Autre public, sur avis motivé d''un prescripteur validé par le facilitateur', 183, true, 15)
ON CONFLICT (code) DO UPDATE SET
    label            = EXCLUDED.label,
    validity_days    = EXCLUDED.validity_days,
    needs_validation = EXCLUDED.needs_validation,
    position         = EXCLUDED.position
WHERE (c.label, c.validity_days, c.needs_validation, c.position)
    IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.validity_days,
    EXCLUDED.needs_validation, EXCLUDED.position);

-- The national nomenclature of diplomas by level (2019).
INSERT INTO education_levels AS l (code, label, position)
VALUES
    ('non-scolarise', 'Jamais scolarisé',                                   1),
    ('infra-3',       'Sans diplôme (niveaux 1 et 2)',                      2),
    ('niveau-3',      'Niveau 3 : CAP, BEP',                                3),
    ('niveau-4',      'Niveau 4 : baccalauréat',                            4),
    ('niveau-5',      'Niveau 5 : bac + 2 (BTS, DUT)',                      5),
    ('niveau-6',      'Niveau 6 : bac + 3 ou 4 (licence)',                  6),
    ('niveau-7',      'Niveau 7 : bac + 5 (master)',                        7),
    ('niveau-8',      'Niveau 8 : doctorat',                                8)
ON CONFLICT (code) DO UPDATE SET
    label    = EXCLUDED.label,
    position = EXCLUDED.position
WHERE (l.label, l.position) IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.position);

INSERT INTO obstacle_kinds AS o (code, label, position)
VALUES
    ('mobility',  'Mobilité',              1),
    ('childcare', 'Garde d''enfants',      2),
    ('language',  'Langue française',      3),
    ('health',    'Santé',                 4),
    ('housing',   'Logement',              5),
    ('digital',   'Numérique',             6),
    ('other',     'Autre frein',           7)
ON CONFLICT (code) DO UPDATE SET
    label    = EXCLUDED.label,
    position = EXCLUDED.position
WHERE (o.label, o.position) IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.position);

-- The IAE exit typology: sustainable, transitional, positive, other.
INSERT INTO outcome_categories AS x (code, label, group_code, position)
VALUES
    ('cdi',                 'CDI',                                                  'sustainable',   1),
    ('cdd-6-mois-plus',     'CDD ou intérim de 6 mois et plus',                     'sustainable',   2),
    ('fonction-publique',   'Stagiairisation dans la fonction publique',            'sustainable',   3),
    ('creation-entreprise', 'Création d''entreprise',                               'sustainable',   4),
    ('cdd-moins-6-mois',    'CDD ou intérim de moins de 6 mois',                    'transitional',  5),
    ('contrat-aide',        'Contrat aidé',                                         'transitional',  6),
    ('formation-qualifiante', 'Formation qualifiante',                              'positive',      7),
    ('autre-siae',          'Embauche dans une autre SIAE',                         'positive',      8),
    ('recherche-emploi',    'Toujours en recherche d''emploi',                      'other',         9),
    ('inactif',             'Inactif',                                              'other',        10),
    ('inconnu',             'Situation inconnue',                                   'other',        11)
ON CONFLICT (code) DO UPDATE SET
    label      = EXCLUDED.label,
    group_code = EXCLUDED.group_code,
    position   = EXCLUDED.position
WHERE (x.label, x.group_code, x.position)
    IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.group_code, EXCLUDED.position);
