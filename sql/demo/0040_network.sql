-- Demo data of the network domain: purchase needs of the demo buyer (one
-- published, matched to the catalogue's suppliers and answered by the
-- demo supplier, one draft), events of the territorial animation, a
-- steering committee and a prescriber committee with meetings and action
-- items, and the SPASER of the demo buyer. Loaded with the demo accounts
-- (make run, make test), never in production. Idempotent: fixed UUIDs
-- (00000000-0000-4000-8040-...), ON CONFLICT DO NOTHING, and writes that
-- only act on what is not there yet. Dates follow today, so that the
-- upcoming events stay upcoming.
--
--   buyer:     00000000-0000-4000-8000-000000000002 (acheteur@demo.asr.yt)
--   supplier:  00000000-0000-4000-8000-000000000004 (fournisseur@demo.asr.yt)

INSERT INTO needs (id, buyer_id, title, description, sectors, communes,
    supplier_kinds, budget_band, deadline, questions, created_by, created_at,
    updated_at)
VALUES
	('00000000-0000-4000-8040-000000000001',
	    '00000000-0000-4000-8000-000000000002',
	    'Nettoyage des locaux de la mairie annexe de Kawéni',
	    'Entretien quotidien de 800 m² de bureaux, vitrerie mensuelle, '
	    'pendant un an renouvelable.', ARRAY['proprete-locaux'],
	    ARRAY['97611'], ARRAY['EI', 'ACI', 'association'], '40k_90k',
	    current_date + 30, '["Pouvez-vous intervenir avant 7 h ?", '
	    '"Combien de salariés en insertion mobiliseriez-vous ?"]',
	    '00000000-0000-4000-9000-000000000003', now(), now()),
	('00000000-0000-4000-8040-000000000002',
	    '00000000-0000-4000-8000-000000000002',
	    'Traiteur pour la réunion publique du budget participatif',
	    'Collation pour 150 personnes, produits locaux de préférence.',
	    ARRAY['restauration-traiteur'], ARRAY['97611'], '{}', '5k_40k',
	    current_date + 45, '[]', '00000000-0000-4000-9000-000000000003',
	    now(), now())
ON CONFLICT (id) DO NOTHING;

-- Published through the application's own function: the matches and the
-- notifications are computed as they would be through the API.
DO $$
BEGIN
	PERFORM need_transition(n.id, '{draft}', 'published', NULL, NULL,
	    '00000000-0000-4000-9000-000000000003', NULL, now(),
	    (now() AT TIME ZONE 'Indian/Mayotte')::date)
	FROM needs n WHERE n.id = '00000000-0000-4000-8040-000000000001'
	    AND n.status = 'draft';
END
$$;

DO $$
BEGIN
	PERFORM need_answer(m.need_id, '{"interest": "interested", '
	    '"message": "Notre équipe de Kawéni peut démarrer le mois '
	    'prochain.", "answers": ["Oui, dès 5 h 30.", '
	    '"Quatre salariés en parcours."]}',
	    '00000000-0000-4000-9000-000000000005', m.organisation_id, now(),
	    (now() AT TIME ZONE 'Indian/Mayotte')::date)
	FROM need_matches m
	WHERE m.need_id = '00000000-0000-4000-8040-000000000001'
	    AND m.organisation_id = '00000000-0000-4000-8000-000000000004'
	    AND NOT EXISTS (SELECT 1 FROM need_answers a
		WHERE a.need_id = m.need_id
		AND a.organisation_id = m.organisation_id);
END
$$;

INSERT INTO events (id, kind, title, starts_on, commune_insee, place,
    audiences, organisation_ids, head_count, description, public, created_at,
    updated_at)
VALUES
	('00000000-0000-4000-8040-000000000101', 'awareness-buyers',
	    'Les clauses sociales dans vos marchés', current_date - 20, '97611',
	    'CRESS de Mayotte, Mamoudzou', ARRAY['buyer_public'],
	    ARRAY['00000000-0000-4000-8000-000000000001',
	    '00000000-0000-4000-8000-000000000002']::uuid[], 18,
	    'Matinée d''information des acheteurs publics : clause '
	    'd''exécution, critère social, marchés réservés.', true, now(),
	    now()),
	('00000000-0000-4000-8040-000000000102', 'inter-company',
	    'Rencontre SIAE et entreprises du BTP', current_date + 12, '97610',
	    'Salle polyvalente de Koungou', ARRAY['company', 'siae'],
	    '{}', NULL, 'Sous-traitance et co-traitance sur les chantiers du '
	    'territoire : présentations croisées et rendez-vous d''affaires.',
	    true, now(), now()),
	('00000000-0000-4000-8040-000000000103', 'training',
	    'Former les facilitateurs au suivi des heures', current_date + 25,
	    '97611', NULL, ARRAY['cress'], '{}', NULL,
	    'Session interne.', false, now(), now())
ON CONFLICT (id) DO NOTHING;

INSERT INTO bodies (id, kind, name, description, member_ids, created_at,
    updated_at)
VALUES
	('00000000-0000-4000-8040-000000000201', 'steering_committee',
	    'Comité de pilotage des clauses sociales',
	    'Réunit la CRESS et les acheteurs publics signataires.',
	    ARRAY['00000000-0000-4000-8000-000000000001',
	    '00000000-0000-4000-8000-000000000002']::uuid[], now(), now()),
	('00000000-0000-4000-8040-000000000202', 'prescriber_committee',
	    'Comité des prescripteurs', 'Freins et leviers des parcours.',
	    ARRAY['00000000-0000-4000-8000-000000000001',
	    '00000000-0000-4000-8000-000000000005']::uuid[], now(), now())
ON CONFLICT (id) DO NOTHING;

INSERT INTO meetings (id, body_id, held_on, place, agenda, minutes,
    attendee_ids, decisions, obstacles, levers, created_at, updated_at)
VALUES
	('00000000-0000-4000-8040-000000000301',
	    '00000000-0000-4000-8040-000000000201', current_date - 40,
	    'Hôtel de ville de Mamoudzou', '1. Bilan annuel 2. Objectifs',
	    'Le bilan des heures réalisées est présenté.',
	    ARRAY['00000000-0000-4000-8000-000000000001',
	    '00000000-0000-4000-8000-000000000002']::uuid[],
	    '["Viser 30 % de marchés avec une considération sociale", '
	    '"Un point trimestriel avec chaque acheteur"]', '[]', '[]', now(),
	    now()),
	('00000000-0000-4000-8040-000000000302',
	    '00000000-0000-4000-8040-000000000202', current_date - 10,
	    'France Travail Mamoudzou', 'Freins périphériques à l''emploi', '',
	    ARRAY['00000000-0000-4000-8000-000000000005']::uuid[], '[]',
	    '["Mobilité", "Garde d''enfants", "Maîtrise du français"]',
	    '["Aide au permis", "Places en crèche réservées"]', now(), now())
ON CONFLICT (id) DO NOTHING;

INSERT INTO action_items (id, meeting_id, title, owner_id, due_on, status,
    created_at, updated_at)
VALUES
	('00000000-0000-4000-8040-000000000401',
	    '00000000-0000-4000-8040-000000000301',
	    'Recenser les marchés de 2027 propices aux clauses',
	    '00000000-0000-4000-8000-000000000002', current_date + 30, 'open',
	    now(), now()),
	('00000000-0000-4000-8040-000000000402',
	    '00000000-0000-4000-8040-000000000301',
	    'Diffuser le guide des clauses aux services achats',
	    '00000000-0000-4000-8000-000000000001', current_date - 5, 'done',
	    now(), now())
ON CONFLICT (id) DO NOTHING;

INSERT INTO spasers (organisation_id, yearly_purchase_volume, adopted,
    adopted_on, document_url, years, created_at, updated_at)
VALUES ('00000000-0000-4000-8000-000000000002', 62000000, true,
    DATE '2024-06-20', 'https://example.org/mamoudzou/spaser.pdf',
    '[{"year": 2025, "social_contracts_share_target": 0.3,
       "social_contracts_share_result": 0.22,
       "insertion_hours_target": 20000, "insertion_hours_result": 14500,
       "ess_iae_share_target": 0.1, "ess_iae_share_result": 0.07}]',
    now(), now())
ON CONFLICT (organisation_id) DO NOTHING;
