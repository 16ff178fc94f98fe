-- Demo data of the social clauses: markets of four Mayotte buyers (the
-- demo commune of Mamoudzou, the Département, the hospital, a social
-- landlord) with lots, clauses, attributions, insertion actions and about
-- a year of monthly hours up to October 2026: in late November 2026 some
-- clauses are on track, some late, one market ends within 60 days and
-- some declarations wait for validation (one for over 30 days). The demo
-- buyer (acheteur@), company (entreprise@) and supplier (fournisseur@)
-- accounts each reach some of them. Fixed ids and dates: idempotent.

SET client_encoding = 'UTF8';

INSERT INTO organisations (id, name, kind, subkind, commune_insee) VALUES
	('00000000-0000-4000-8030-000000000001',
	    'Département de Mayotte (démo)', 'buyer_public', 'departement', '97611'),
	('00000000-0000-4000-8030-000000000002',
	    'Centre hospitalier de Mayotte (démo)', 'buyer_public', 'hopital', '97611'),
	('00000000-0000-4000-8030-000000000003',
	    'Société immobilière de Mayotte (démo)', 'buyer_public', 'bailleur_social',
	    '97611'),
	('00000000-0000-4000-8030-000000000004',
	    'Peintures du Lagon (démo)', 'company', 'entreprise', '97610'),
	('00000000-0000-4000-8030-000000000005',
	    'Net''Océan Services (démo)', 'company', 'entreprise', '97608')
ON CONFLICT (id) DO NOTHING;

-- Markets: ids 8031-…; the demo commune is 8000-…-0002.
INSERT INTO markets (id, buyer_id, reference, object, cpv_code, nature,
    procedure, amount, notification_date, duration_months, start_date,
    end_date, commune_insee, status, created_at, updated_at) VALUES
	('00000000-0000-4000-8031-000000000001',
	    '00000000-0000-4000-8000-000000000002', 'MAM-2025-TX-031',
	    'Construction du groupe scolaire de Kawéni', '45214200-2', 'works',
	    'Appel d''offres ouvert', 2400000, '2025-11-10', 18, '2025-12-01',
	    '2027-05-31', '97611', 'in_progress', '2025-11-10', '2025-11-10'),
	('00000000-0000-4000-8031-000000000002',
	    '00000000-0000-4000-8030-000000000001', 'CD976-2025-SV-112',
	    'Entretien des espaces verts des collèges', '77310000-6', 'services',
	    'Marché réservé (article L2113-13)', 600000, '2025-08-20', 16,
	    '2025-09-01', '2026-12-31', '97611', 'in_progress', '2025-08-20',
	    '2025-08-20'),
	('00000000-0000-4000-8031-000000000003',
	    '00000000-0000-4000-8030-000000000002', 'CHM-2025-SV-007',
	    'Bionettoyage des locaux de soins', '90911200-8', 'services',
	    'Appel d''offres ouvert', 1200000, '2025-12-15', 36, '2026-01-01',
	    '2028-12-31', '97611', 'in_progress', '2025-12-15', '2025-12-15'),
	('00000000-0000-4000-8031-000000000004',
	    '00000000-0000-4000-8030-000000000003', 'SIM-2025-TX-044',
	    'Réhabilitation de 120 logements à Koungou', '45453100-8', 'works',
	    'Procédure adaptée', 3000000, '2025-05-20', 19, '2025-06-01',
	    '2026-12-31', '97610', 'in_progress', '2025-05-20', '2025-05-20'),
	('00000000-0000-4000-8031-000000000005',
	    '00000000-0000-4000-8000-000000000002', 'MAM-2026-FS-002',
	    'Restauration scolaire des écoles de Mamoudzou', '55524000-9',
	    'supplies', 'Appel d''offres ouvert', 900000, NULL, 24, '2027-01-01',
	    '2028-12-31', '97611', 'draft', '2026-10-02', '2026-10-02')
ON CONFLICT (id) DO NOTHING;

INSERT INTO lots (id, market_id, number, title, amount, labour_share,
    created_at, updated_at) VALUES
	('00000000-0000-4000-8032-000000000001',
	    '00000000-0000-4000-8031-000000000001', 1, 'Gros œuvre', 1600000,
	    0.5, '2025-11-10', '2025-11-10'),
	('00000000-0000-4000-8032-000000000002',
	    '00000000-0000-4000-8031-000000000001', 2, 'Peinture et finitions',
	    800000, 0.7, '2025-11-10', '2025-11-10'),
	('00000000-0000-4000-8032-000000000003',
	    '00000000-0000-4000-8031-000000000002', 1, 'Lot unique', 600000,
	    0.6, '2025-08-20', '2025-08-20'),
	('00000000-0000-4000-8032-000000000004',
	    '00000000-0000-4000-8031-000000000003', 1, 'Lot unique', 1200000,
	    0.65, '2025-12-15', '2025-12-15'),
	('00000000-0000-4000-8032-000000000005',
	    '00000000-0000-4000-8031-000000000004', 1, 'Lot unique', 3000000,
	    0.5, '2025-05-20', '2025-05-20'),
	('00000000-0000-4000-8032-000000000006',
	    '00000000-0000-4000-8031-000000000005', 1, 'Lot unique', 900000,
	    0.4, '2026-10-02', '2026-10-02')
ON CONFLICT (id) DO NOTHING;

-- Clauses, their required hours computed as the API does.
INSERT INTO clauses (id, lot_id, type, reserved_kind, criterion_weight, rule,
    insertion_rate, hourly_cost, hours_worked, computed_hours,
    penalty_per_hour, created_at, updated_at)
SELECT c.id::uuid, c.lot::uuid, c.type, c.kind, c.weight, c.rule, c.rate,
    c.cost, c.worked, CASE c.rule WHEN 'amount_based'
    THEN hours_amount_based(l.amount, l.labour_share, c.rate, c.cost)
    ELSE hours_share_based(c.worked, c.rate) END, c.penalty, l.created_at,
    l.created_at
FROM (VALUES
	('00000000-0000-4000-8033-000000000001',
	    '00000000-0000-4000-8032-000000000001', 'execution_condition', NULL,
	    NULL, 'amount_based', 0.05, 25.00, NULL::numeric, 15.00),
	('00000000-0000-4000-8033-000000000002',
	    '00000000-0000-4000-8032-000000000002', 'execution_condition', NULL,
	    NULL, 'amount_based', 0.07, 25.00, NULL, 15.00),
	('00000000-0000-4000-8033-000000000003',
	    '00000000-0000-4000-8032-000000000003', 'reserved', 'L2113-13', NULL,
	    'hours_share', 0.05, NULL, 24000, NULL),
	('00000000-0000-4000-8033-000000000004',
	    '00000000-0000-4000-8032-000000000004', 'execution_condition', NULL,
	    NULL, 'hours_share', 0.05, NULL, 36000, 20.00),
	('00000000-0000-4000-8033-000000000005',
	    '00000000-0000-4000-8032-000000000004', 'award_criterion', NULL, 15,
	    'hours_share', 0.05, NULL, 36000, NULL),
	('00000000-0000-4000-8033-000000000006',
	    '00000000-0000-4000-8032-000000000005', 'execution_condition', NULL,
	    NULL, 'amount_based', 0.05, 25.00, NULL, 10.00),
	('00000000-0000-4000-8033-000000000007',
	    '00000000-0000-4000-8032-000000000006', 'execution_condition', NULL,
	    NULL, 'amount_based', 0.05, 25.00, NULL, NULL))
    AS c (id, lot, type, kind, weight, rule, rate, cost, worked, penalty)
JOIN lots l ON l.id = c.lot::uuid
ON CONFLICT (id) DO NOTHING;

INSERT INTO clause_hours_history (clause_id, required_hours, at)
SELECT c.id, clause_required(c), c.created_at FROM clauses c
WHERE c.id::text LIKE '00000000-0000-4000-8033-%' AND NOT EXISTS
    (SELECT 1 FROM clause_hours_history h WHERE h.clause_id = c.id);

INSERT INTO attributions (id, lot_id, organisation_id, role, amount,
    created_at, updated_at) VALUES
	('00000000-0000-4000-8034-000000000001',
	    '00000000-0000-4000-8032-000000000001',
	    '00000000-0000-4000-8000-000000000003', 'holder', 1580000,
	    '2025-11-10', '2025-11-10'),
	('00000000-0000-4000-8034-000000000002',
	    '00000000-0000-4000-8032-000000000002',
	    '00000000-0000-4000-8030-000000000004', 'holder', 790000,
	    '2025-11-10', '2025-11-10'),
	('00000000-0000-4000-8034-000000000003',
	    '00000000-0000-4000-8032-000000000003',
	    '00000000-0000-4000-8000-000000000004', 'holder', 595000,
	    '2025-08-20', '2025-08-20'),
	('00000000-0000-4000-8034-000000000004',
	    '00000000-0000-4000-8032-000000000004',
	    '00000000-0000-4000-8030-000000000005', 'holder', 1180000,
	    '2025-12-15', '2025-12-15'),
	('00000000-0000-4000-8034-000000000005',
	    '00000000-0000-4000-8032-000000000005',
	    '00000000-0000-4000-8000-000000000003', 'lead', 2950000,
	    '2025-05-20', '2025-05-20')
ON CONFLICT (id) DO NOTHING;

INSERT INTO insertion_actions (id, attribution_id, mode, siae_id,
    contract_type, start_date, end_date, planned_hours, created_at,
    updated_at) VALUES
	-- Kawéni, gros œuvre: a direct hire and ETTI staff (on track).
	('00000000-0000-4000-8035-000000000001',
	    '00000000-0000-4000-8034-000000000001', 'direct_hire', NULL, 'cdd',
	    '2025-12-01', '2027-05-31', 1200, '2025-12-01', '2025-12-01'),
	('00000000-0000-4000-8035-000000000002',
	    '00000000-0000-4000-8034-000000000001', 'staff_provision_etti',
	    '00000000-0000-4000-8001-000000000009', 'interim_insertion',
	    '2026-01-05', '2027-03-31', 800, '2026-01-05', '2026-01-05'),
	-- Kawéni, peinture: GEIQ staff, too few hours (late).
	('00000000-0000-4000-8035-000000000003',
	    '00000000-0000-4000-8034-000000000002', 'staff_provision_geiq',
	    '00000000-0000-4000-8001-000000000016', 'professionalisation',
	    '2026-02-01', '2027-01-31', 1500, '2026-02-01', '2026-02-01'),
	-- Collèges: the SIAE itself hires (reserved market; ends soon).
	('00000000-0000-4000-8035-000000000004',
	    '00000000-0000-4000-8034-000000000003', 'direct_hire',
	    '00000000-0000-4000-8000-000000000004', 'cddi', '2025-09-01',
	    '2026-12-31', 1200, '2025-09-01', '2025-09-01'),
	-- Hospital: AI staff provision (on track).
	('00000000-0000-4000-8035-000000000005',
	    '00000000-0000-4000-8034-000000000004', 'staff_provision_ai',
	    '00000000-0000-4000-8001-000000000010', 'staff_provision',
	    '2026-01-01', '2028-12-31', 1800, '2026-01-01', '2026-01-01'),
	-- Koungou: an apprentice and an SIAE subcontractor (late).
	('00000000-0000-4000-8035-000000000006',
	    '00000000-0000-4000-8034-000000000005', 'direct_hire', NULL,
	    'apprenticeship', '2025-06-01', '2026-12-31', 1400, '2025-06-01',
	    '2025-06-01'),
	('00000000-0000-4000-8035-000000000007',
	    '00000000-0000-4000-8034-000000000005', 'subcontracting_siae',
	    '00000000-0000-4000-8001-000000000001', NULL, '2025-09-01',
	    '2026-12-31', 900, '2025-09-01', '2025-09-01')
ON CONFLICT (id) DO NOTHING;

-- Monthly hours: validated up to September 2026 (decided on the 10th of
-- the next month), October 2026 declared on 5 November and waiting; one
-- September declaration of Koungou waits since 1 October.
INSERT INTO hours_entries (id, action_id, month, hours, status, declared_by,
    decided_by, decided_at, created_at, updated_at)
SELECT md5(a.id || m.month)::uuid, a.id::uuid, m.month, a.hours,
    CASE WHEN m.month <= '2026-09' AND NOT (a.id LIKE '%8035-000000000007'
	AND m.month = '2026-09') THEN 'validated' ELSE 'declared' END,
    a.declarer::uuid,
    CASE WHEN m.month <= '2026-09' AND NOT (a.id LIKE '%8035-000000000007'
	AND m.month = '2026-09')
	THEN '00000000-0000-4000-9000-000000000002'::uuid END,
    CASE WHEN m.month <= '2026-09' AND NOT (a.id LIKE '%8035-000000000007'
	AND m.month = '2026-09')
	THEN (m.first + interval '1 month 9 days')::timestamptz END,
    CASE WHEN m.month = '2026-10' THEN '2026-11-05'::timestamptz
	ELSE (m.first + interval '1 month')::timestamptz END,
    CASE WHEN m.month = '2026-10' THEN '2026-11-05'::timestamptz
	ELSE (m.first + interval '1 month 9 days')::timestamptz END
FROM (VALUES
	('00000000-0000-4000-8035-000000000001', '2025-12-01'::date, 110.00,
	    '00000000-0000-4000-9000-000000000004'),
	('00000000-0000-4000-8035-000000000002', '2026-01-01', 52.50,
	    '00000000-0000-4000-9000-000000000004'),
	('00000000-0000-4000-8035-000000000003', '2026-03-01', 42.00,
	    '00000000-0000-4000-9000-000000000004'),
	('00000000-0000-4000-8035-000000000004', '2025-09-01', 72.00,
	    '00000000-0000-4000-9000-000000000005'),
	('00000000-0000-4000-8035-000000000005', '2026-01-01', 60.00,
	    '00000000-0000-4000-9000-000000000002'),
	('00000000-0000-4000-8035-000000000006', '2025-06-01', 70.00,
	    '00000000-0000-4000-9000-000000000004'),
	('00000000-0000-4000-8035-000000000007', '2025-09-01', 45.00,
	    '00000000-0000-4000-9000-000000000004'))
    AS a (id, start, hours, declarer),
LATERAL (SELECT to_char(d, 'YYYY-MM') AS month, d::date AS first
    FROM generate_series(a.start, '2026-10-01'::date, interval '1 month') d)
    AS m
ON CONFLICT (id) DO NOTHING;

UPDATE hours_entries SET created_at = '2026-10-01', updated_at = '2026-10-01'
WHERE id = md5('00000000-0000-4000-8035-000000000007' || '2026-09')::uuid
    AND status = 'declared' AND created_at <> '2026-10-01';

INSERT INTO visits (id, date, attribution_id, action_id, place, participants,
    notes, visited_by, created_at, updated_at) VALUES
	('00000000-0000-4000-8036-000000000001', '2026-06-18',
	    '00000000-0000-4000-8034-000000000002', NULL,
	    'Chantier du groupe scolaire, Kawéni',
	    'Conducteur de travaux, tuteur GEIQ',
	    'Peu d''heures déclarées sur le lot peinture : deux contrats de '
	    'professionnalisation à démarrer avant la rentrée.',
	    '00000000-0000-4000-9000-000000000002', '2026-06-18', '2026-06-18'),
	('00000000-0000-4000-8036-000000000002', '2026-09-24', NULL,
	    '00000000-0000-4000-8035-000000000006',
	    'Résidence de Koungou', 'Apprenti, maître d''apprentissage',
	    'Apprenti en deuxième année, assiduité bonne.',
	    '00000000-0000-4000-9000-000000000002', '2026-09-24', '2026-09-24')
ON CONFLICT (id) DO NOTHING;
