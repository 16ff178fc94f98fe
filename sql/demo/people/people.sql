-- Demo people (issue 8), loaded by conf/demo-people.sh after the rows of
-- demo_sealed (their identities, sealed by asr-admin seal-people from
-- people.tsv): four people referred by the demo prescriber (prescripteur@),
-- their criteria, referrals to the demo company's job offers (0041) at each
-- step of the workflow, a hire whose action is under the Kawéni clause, and
-- an ended action with its outcome at the end and its six-month checkpoint
-- due. Fixed ids: idempotent.

SET client_encoding = 'UTF8';

INSERT INTO beneficiaries (id, code, identity, identity_key, blind_name,
    blind_name_birth, sex, birth_year, commune_insee, education_level, qpv,
    obstacles, prescriber_id, referent_id, last_activity_at, created_at,
    updated_at)
SELECT s.id, v.code, s.identity, s.identity_key, s.blind_name,
    s.blind_name_birth, v.sex, v.birth_year, v.commune, v.education, v.qpv,
    v.obstacles, '00000000-0000-4000-8000-000000000005',
    '00000000-0000-4000-9000-000000000006', v.at, v.at, v.at
FROM demo_sealed s JOIN (VALUES
	('00000000-0000-4000-8042-000000000001'::uuid, 'P-DEMO0001', 'F', 1994,
	    '97611', NULL, true, '{childcare}'::text[], '2026-10-15'::timestamptz),
	('00000000-0000-4000-8042-000000000002'::uuid, 'P-DEMO0002', 'M', 2004,
	    '97610', NULL, false, '{mobility,digital}'::text[],
	    '2026-11-03'::timestamptz),
	('00000000-0000-4000-8042-000000000003'::uuid, 'P-DEMO0003', 'F', 1985,
	    '97611', NULL, true, '{language}'::text[], '2026-10-20'::timestamptz),
	('00000000-0000-4000-8042-000000000004'::uuid, 'P-DEMO0004', 'M', 1979,
	    '97608', NULL, false, '{}'::text[], '2025-11-20'::timestamptz))
	v (id, code, sex, birth_year, commune, education, qpv, obstacles, at)
    ON v.id = s.id
ON CONFLICT (id) DO NOTHING;

INSERT INTO beneficiary_criteria (id, beneficiary_id, criterion,
    prescriber_id, referent_id, vouched_on, expires_on, created_by,
    created_at)
SELECT v.id, v.person, v.criterion, '00000000-0000-4000-8000-000000000005',
    '00000000-0000-4000-9000-000000000006', v.day,
    v.day + e.validity_days, '00000000-0000-4000-9000-000000000006',
    v.day::timestamptz
FROM (VALUES
	('00000000-0000-4000-8046-000000000001'::uuid,
	    '00000000-0000-4000-8042-000000000001'::uuid, 'rsa',
	    '2026-10-15'::date),
	('00000000-0000-4000-8046-000000000002'::uuid,
	    '00000000-0000-4000-8042-000000000001'::uuid, 'deld',
	    '2026-10-15'::date),
	('00000000-0000-4000-8046-000000000003'::uuid,
	    '00000000-0000-4000-8042-000000000002'::uuid, 'jeune-peu-qualifie',
	    '2026-11-03'::date),
	('00000000-0000-4000-8046-000000000004'::uuid,
	    '00000000-0000-4000-8042-000000000003'::uuid, 'deld',
	    '2026-10-20'::date),
	('00000000-0000-4000-8046-000000000005'::uuid,
	    '00000000-0000-4000-8042-000000000004'::uuid, 'pass-iae',
	    '2025-11-20'::date))
	v (id, person, criterion, day)
JOIN eligibility_criteria e ON e.code = v.criterion
WHERE EXISTS (SELECT 1 FROM beneficiaries b WHERE b.id = v.person)
ON CONFLICT (id) DO NOTHING;

-- The hire of Zaïnaba, and Ibrahim's ended action (Kawéni, entreprise@).
INSERT INTO insertion_actions (id, attribution_id, mode, beneficiary_id,
    contract_type, start_date, end_date, planned_hours, created_at,
    updated_at)
SELECT v.* FROM (VALUES
	('00000000-0000-4000-8044-000000000001'::uuid,
	    '00000000-0000-4000-8034-000000000001'::uuid, 'direct_hire',
	    '00000000-0000-4000-8042-000000000001'::uuid, 'cdd',
	    '2026-12-07'::date, '2027-06-04'::date, 910::numeric,
	    '2026-11-20'::timestamptz, '2026-11-20'::timestamptz),
	('00000000-0000-4000-8044-000000000002'::uuid,
	    '00000000-0000-4000-8034-000000000001'::uuid, 'direct_hire',
	    '00000000-0000-4000-8042-000000000004'::uuid, 'cdd',
	    '2025-12-01'::date, '2026-05-20'::date, 840::numeric,
	    '2025-11-25'::timestamptz, '2026-05-20'::timestamptz))
	v (id, attribution_id, mode, beneficiary_id, contract_type,
	start_date, end_date, planned_hours, created_at, updated_at)
WHERE EXISTS (SELECT 1 FROM beneficiaries b WHERE b.id = v.beneficiary_id)
ON CONFLICT (id) DO NOTHING;

-- Referrals at each step, with who (prescripteur@ 9000-6, entreprise@
-- 9000-4), when and why.
INSERT INTO referrals (id, beneficiary_id, prescriber_id, job_offer_id,
    organisation_id, status, action_id, history, created_by, created_at,
    updated_at, version)
SELECT v.id, v.person, '00000000-0000-4000-8000-000000000005', v.offer,
    '00000000-0000-4000-8000-000000000003', v.status, v.action,
    v.history::jsonb, '00000000-0000-4000-9000-000000000006', v.created,
    v.updated, jsonb_array_length(v.history::jsonb)
FROM (VALUES
	('00000000-0000-4000-8043-000000000001'::uuid,
	    '00000000-0000-4000-8042-000000000001'::uuid,
	    '00000000-0000-4000-8041-000000000001'::uuid, 'hired',
	    '00000000-0000-4000-8044-000000000001'::uuid,
	    '[{"status": "proposed", "at": "2026-11-04T06:30:00.000Z", "by": "00000000-0000-4000-9000-000000000006", "organisation_id": "00000000-0000-4000-8000-000000000005", "reason": "Motivée, disponible dès décembre."},
	      {"status": "accepted", "at": "2026-11-12T08:00:00.000Z", "by": "00000000-0000-4000-9000-000000000004", "organisation_id": "00000000-0000-4000-8000-000000000003", "reason": "Entretien concluant."},
	      {"status": "hired", "at": "2026-11-20T07:15:00.000Z", "by": "00000000-0000-4000-9000-000000000004", "organisation_id": "00000000-0000-4000-8000-000000000003", "reason": null}]',
	    '2026-11-04T06:30:00Z'::timestamptz,
	    '2026-11-20T07:15:00Z'::timestamptz),
	('00000000-0000-4000-8043-000000000002'::uuid,
	    '00000000-0000-4000-8042-000000000002'::uuid,
	    '00000000-0000-4000-8041-000000000001'::uuid, 'proposed', NULL,
	    '[{"status": "proposed", "at": "2026-11-24T05:45:00.000Z", "by": "00000000-0000-4000-9000-000000000006", "organisation_id": "00000000-0000-4000-8000-000000000005", "reason": null}]',
	    '2026-11-24T05:45:00Z'::timestamptz,
	    '2026-11-24T05:45:00Z'::timestamptz),
	('00000000-0000-4000-8043-000000000003'::uuid,
	    '00000000-0000-4000-8042-000000000003'::uuid,
	    '00000000-0000-4000-8041-000000000002'::uuid, 'accepted', NULL,
	    '[{"status": "proposed", "at": "2026-11-10T09:00:00.000Z", "by": "00000000-0000-4000-9000-000000000006", "organisation_id": "00000000-0000-4000-8000-000000000005", "reason": null},
	      {"status": "accepted", "at": "2026-11-18T10:30:00.000Z", "by": "00000000-0000-4000-9000-000000000004", "organisation_id": "00000000-0000-4000-8000-000000000003", "reason": "À recevoir en entretien."}]',
	    '2026-11-10T09:00:00Z'::timestamptz,
	    '2026-11-18T10:30:00Z'::timestamptz))
	v (id, person, offer, status, action, history, created, updated)
WHERE EXISTS (SELECT 1 FROM beneficiaries b WHERE b.id = v.person)
ON CONFLICT (id) DO NOTHING;

-- Ibrahim at the end of his action; his six-month checkpoint is due.
INSERT INTO outcomes (id, beneficiary_id, action_id, checkpoint, category,
    recorded_at, recorded_by, created_at, updated_at)
SELECT '00000000-0000-4000-8045-000000000001',
    '00000000-0000-4000-8042-000000000004',
    '00000000-0000-4000-8044-000000000002', 'end', 'cdd-6-mois-plus',
    '2026-05-22', '00000000-0000-4000-9000-000000000006', '2026-05-22',
    '2026-05-22'
WHERE EXISTS (SELECT 1 FROM insertion_actions x
    WHERE x.id = '00000000-0000-4000-8044-000000000002')
ON CONFLICT (id) DO NOTHING;
