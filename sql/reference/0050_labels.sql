-- Reference data: labels and certifications a supplier of the catalogue may
-- show (organisations.labels holds these codes), served at
-- /v1/reference/labels.
--
-- Loaded on every start; idempotent (upsert on the code, rows are only
-- rewritten when a value differs, nothing is ever deleted). No BEGIN/COMMIT
-- here: the loader (or psql --single-transaction) chooses the transaction.
--
-- Sources: labels and certifications that exist in France and that ESS and
-- IAE suppliers commonly hold in the trades of the catalogue (building,
-- cleaning, training, food, printing, CSR). Kinds and approvals that the
-- organisation already carries elsewhere are not labels: the ESUS approval
-- is the organisations.esus flag, EA/ESAT/SIAE are kinds and subkinds.
-- The list names the label only; checking that a supplier really holds one
-- is the CRESS's job, not the software's.
--
-- Codes are published and never change: fix a label or a position freely,
-- never rename a code (add a new one instead).

SET client_encoding = 'UTF8';

INSERT INTO labels AS l (code, label, position)
VALUES
    ('rge',                    'RGE – Reconnu garant de l''environnement',                 1),
    ('qualibat',               'Qualibat',                                                 2),
    ('qualifelec',             'Qualifelec',                                               3),
    ('iso-9001',               'ISO 9001 – Management de la qualité',                      4),
    ('iso-14001',              'ISO 14001 – Management environnemental',                   5),
    ('iso-45001',              'ISO 45001 – Santé et sécurité au travail',                 6),
    ('qualiopi',               'Qualiopi – Certification qualité des actions de formation', 7),
    ('qualipropre',            'Qualipropre – Entreprises de propreté',                    8),
    ('ecolabel-europeen',      'Écolabel européen',                                        9),
    ('imprim-vert',            'Imprim''Vert',                                            10),
    ('agriculture-biologique', 'Agriculture biologique (AB)',                             11),
    ('ecocert',                'Ecocert',                                                 12),
    ('commerce-equitable',     'Commerce équitable',                                      13),
    ('lucie',                  'Label Lucie – Responsabilité sociétale',                  14),
    ('engage-rse',             'Engagé RSE (AFNOR)',                                      15),
    ('label-diversite',        'Label Diversité',                                         16)
ON CONFLICT (code) DO UPDATE SET
    label    = EXCLUDED.label,
    position = EXCLUDED.position
WHERE (l.label, l.position)
    IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.position);
