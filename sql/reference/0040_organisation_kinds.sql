-- Reference data: the kinds of organisations and their subkinds, served at
-- /v1/reference/organisation-kinds and .../organisation-subkinds.
--
-- Loaded on every start; idempotent (upsert on the code, rows are only
-- rewritten when a value differs, nothing is ever deleted; kinds first, as
-- subkinds reference them). No BEGIN/COMMIT here: the loader (or
-- psql --single-transaction) chooses the transaction.
--
-- Sources: docs/DOMAIN.md and docs/API_CONVENTIONS.md. The kinds are the
-- values the organisations.kind CHECK allows. Subkinds carry the official
-- abbreviation where there is one (EI, ACI, AI, ETTI, EITI, EA, EATT, ESAT,
-- SCOP, SCIC, GEIQ), a lowercase code otherwise. ESUS is an approval (the
-- organisations.esus flag), not a subkind.
--
-- A subkind code is unique across kinds (it is the primary key). Where one
-- word belongs to two kinds, one of them takes another code:
--   association  is the ESS legal form (kind ess); the CRESS's own subkind
--                is "cress". The demo CRESS organisation
--                (sql/demo/0010_accounts.sql) says "association": the code
--                exists, and subkind-against-kind checks are done in C for
--                new writes only.
--   entreprise   is the subkind of kind company; a private buyer that is a
--                company is "entreprise_privee".
--   other        is the prescribers' "other"; buyers have other_public and
--                other_private.
--
-- Codes are published and never change: fix a label or a position freely,
-- never rename a code (add a new one instead).

SET client_encoding = 'UTF8';

INSERT INTO organisation_kinds AS k (code, label, position)
VALUES
    ('cress',         'Chambre régionale de l''économie sociale et solidaire (CRESS)',      1),
    ('buyer_public',  'Acheteur public',                                                     2),
    ('buyer_private', 'Acheteur privé',                                                      3),
    ('company',       'Entreprise',                                                          4),
    ('siae',          'Structure d''insertion par l''activité économique (SIAE)',           5),
    ('geiq',          'Groupement d''employeurs pour l''insertion et la qualification (GEIQ)', 6),
    ('ess',           'Entreprise de l''économie sociale et solidaire (ESS)',               7),
    ('handicap',      'Secteur du travail protégé et adapté (EA, EATT, ESAT)',              8),
    ('prescriber',    'Service prescripteur',                                                9)
ON CONFLICT (code) DO UPDATE SET
    label    = EXCLUDED.label,
    position = EXCLUDED.position
WHERE (k.label, k.position)
    IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.position);

INSERT INTO organisation_subkinds AS s (code, kind_code, label, position)
VALUES
    -- CRESS
    ('cress',                  'cress',         'CRESS',                                                        1),

    -- Acheteurs publics
    ('commune',                'buyer_public',  'Commune',                                                      1),
    ('intercommunalite',       'buyer_public',  'Intercommunalité (EPCI)',                                      2),
    ('departement',            'buyer_public',  'Département',                                                  3),
    ('etat',                   'buyer_public',  'Services de l''État',                                          4),
    ('etablissement_public',   'buyer_public',  'Établissement public',                                         5),
    ('hopital',                'buyer_public',  'Établissement public de santé',                                6),
    ('bailleur_social',        'buyer_public',  'Bailleur social',                                              7),
    ('other_public',           'buyer_public',  'Autre acheteur public',                                        8),

    -- Acheteurs privés
    ('entreprise_privee',      'buyer_private', 'Entreprise privée',                                            1),
    ('bailleur_prive',         'buyer_private', 'Bailleur privé',                                               2),
    ('other_private',          'buyer_private', 'Autre acheteur privé',                                         3),

    -- Entreprises
    ('entreprise',             'company',       'Entreprise',                                                   1),

    -- SIAE
    ('EI',                     'siae',          'Entreprise d''insertion (EI)',                                 1),
    ('ACI',                    'siae',          'Atelier et chantier d''insertion (ACI)',                       2),
    ('AI',                     'siae',          'Association intermédiaire (AI)',                               3),
    ('ETTI',                   'siae',          'Entreprise de travail temporaire d''insertion (ETTI)',         4),
    ('EITI',                   'siae',          'Entreprise d''insertion par le travail indépendant (EITI)',    5),

    -- GEIQ
    ('GEIQ',                   'geiq',          'Groupement d''employeurs pour l''insertion et la qualification (GEIQ)', 1),

    -- Économie sociale et solidaire
    ('association',            'ess',           'Association',                                                  1),
    ('SCOP',                   'ess',           'Société coopérative et participative (SCOP)',                  2),
    ('SCIC',                   'ess',           'Société coopérative d''intérêt collectif (SCIC)',              3),
    ('cooperative',            'ess',           'Coopérative',                                                  4),
    ('mutuelle',               'ess',           'Mutuelle',                                                     5),
    ('fondation',              'ess',           'Fondation',                                                    6),
    ('societe_commerciale_ess', 'ess',          'Société commerciale de l''ESS',                                7),

    -- Travail protégé et adapté
    ('EA',                     'handicap',      'Entreprise adaptée (EA)',                                      1),
    ('EATT',                   'handicap',      'Entreprise adaptée de travail temporaire (EATT)',              2),
    ('ESAT',                   'handicap',      'Établissement et service d''accompagnement par le travail (ESAT)', 3),

    -- Prescripteurs
    ('france_travail',         'prescriber',    'France Travail',                                               1),
    ('mission_locale',         'prescriber',    'Mission locale',                                               2),
    ('cap_emploi',             'prescriber',    'Cap emploi',                                                   3),
    ('conseil_departemental',  'prescriber',    'Conseil départemental',                                        4),
    ('cssm',                   'prescriber',    'Caisse de sécurité sociale de Mayotte (CSSM)',                 5),
    ('ccas',                   'prescriber',    'Centre communal d''action sociale (CCAS)',                     6),
    ('mdph',                   'prescriber',    'Maison départementale des personnes handicapées (MDPH)',       7),
    ('plie',                   'prescriber',    'Plan local pour l''insertion et l''emploi (PLIE)',             8),
    ('spip',                   'prescriber',    'Service pénitentiaire d''insertion et de probation (SPIP)',    9),
    ('other',                  'prescriber',    'Autre prescripteur',                                          10)
ON CONFLICT (code) DO UPDATE SET
    kind_code = EXCLUDED.kind_code,
    label     = EXCLUDED.label,
    position  = EXCLUDED.position
WHERE (s.kind_code, s.label, s.position)
    IS DISTINCT FROM (EXCLUDED.kind_code, EXCLUDED.label, EXCLUDED.position);
