-- Demo job offers (issue 8): positions the demo company (entreprise@)
-- publishes under its attributions of the demo markets (0030), open for
-- the demo prescriber (prescripteur@) to refer people to, and one closed.
-- The demo people, their referrals and an outcome come with their sealed
-- identities from conf/demo-people.sh (sql/demo/people/). Fixed ids.

SET client_encoding = 'UTF8';

INSERT INTO job_offers (id, attribution_id, organisation_id, title,
    commune_insee, contract_type, weekly_hours, start_date, posts, status,
    description, created_at, updated_at) VALUES
	('00000000-0000-4000-8041-000000000001',
	    '00000000-0000-4000-8034-000000000001',
	    '00000000-0000-4000-8000-000000000003',
	    'Manœuvre gros œuvre (chantier de Kawéni)', '97611', 'cdd', 35,
	    '2026-12-07', 2, 'open',
	    'Aide aux maçons sur le chantier du groupe scolaire; débutants '
	    'acceptés, équipements fournis.', '2026-11-02', '2026-11-02'),
	('00000000-0000-4000-8041-000000000002',
	    '00000000-0000-4000-8034-000000000005',
	    '00000000-0000-4000-8000-000000000003',
	    'Aide-peintre en réhabilitation (Koungou)', '97610', 'cdd', 35,
	    '2026-12-14', 1, 'open',
	    'Préparation des supports et mise en peinture des logements.',
	    '2026-11-05', '2026-11-05'),
	('00000000-0000-4000-8041-000000000003',
	    '00000000-0000-4000-8034-000000000001',
	    '00000000-0000-4000-8000-000000000003',
	    'Agent d''entretien de chantier', '97611', 'cdd', 24,
	    '2026-01-05', 1, 'closed', NULL, '2025-12-01', '2025-12-20')
ON CONFLICT (id) DO NOTHING;
