-- Demo accounts: one active account per role, each in a demo organisation
-- of the fitting kind, all with the password "demo-password-2026" (its
-- argon2id hash below, made by build/asr-admin hash). Loaded by make run
-- and make test, never in production (ASR_ENV=production). Idempotent.

INSERT INTO organisations (id, name, kind, subkind, siret) VALUES
	('00000000-0000-4000-8000-000000000001',
	    'CRESS de Mayotte (démo)', 'cress', 'cress', NULL),
	('00000000-0000-4000-8000-000000000002',
	    'Commune de Mamoudzou (démo)', 'buyer_public', 'commune', NULL),
	('00000000-0000-4000-8000-000000000003',
	    'Bâtiments de l''Océan (démo)', 'company', NULL, NULL),
	('00000000-0000-4000-8000-000000000004',
	    'Mayotte Insertion Propreté (démo)', 'siae', 'EI', NULL),
	('00000000-0000-4000-8000-000000000005',
	    'France Travail Mamoudzou (démo)', 'prescriber', 'france_travail',
	    NULL)
ON CONFLICT (id) DO NOTHING;

INSERT INTO users (id, email, display_name, role, organisation_id,
    password_hash) VALUES
	('00000000-0000-4000-9000-000000000001', 'admin@demo.asr.yt',
	    'Administratrice (démo)', 'admin',
	    '00000000-0000-4000-8000-000000000001', '$argon2id$v=19$m=65536,t=2,p=1$dOGYlLfCetinP4sSfAM32A$eMGfLF45nTbzhj3qRQqSta5SqWfpZLh+fb+bEo9Gcx0'),
	('00000000-0000-4000-9000-000000000002', 'facilitateur@demo.asr.yt',
	    'Facilitateur (démo)', 'facilitator',
	    '00000000-0000-4000-8000-000000000001', '$argon2id$v=19$m=65536,t=2,p=1$dOGYlLfCetinP4sSfAM32A$eMGfLF45nTbzhj3qRQqSta5SqWfpZLh+fb+bEo9Gcx0'),
	('00000000-0000-4000-9000-000000000003', 'acheteur@demo.asr.yt',
	    'Acheteuse (démo)', 'buyer',
	    '00000000-0000-4000-8000-000000000002', '$argon2id$v=19$m=65536,t=2,p=1$dOGYlLfCetinP4sSfAM32A$eMGfLF45nTbzhj3qRQqSta5SqWfpZLh+fb+bEo9Gcx0'),
	('00000000-0000-4000-9000-000000000004', 'entreprise@demo.asr.yt',
	    'Entreprise (démo)', 'company',
	    '00000000-0000-4000-8000-000000000003', '$argon2id$v=19$m=65536,t=2,p=1$dOGYlLfCetinP4sSfAM32A$eMGfLF45nTbzhj3qRQqSta5SqWfpZLh+fb+bEo9Gcx0'),
	('00000000-0000-4000-9000-000000000005', 'fournisseur@demo.asr.yt',
	    'Fournisseur (démo)', 'supplier',
	    '00000000-0000-4000-8000-000000000004', '$argon2id$v=19$m=65536,t=2,p=1$dOGYlLfCetinP4sSfAM32A$eMGfLF45nTbzhj3qRQqSta5SqWfpZLh+fb+bEo9Gcx0'),
	('00000000-0000-4000-9000-000000000006', 'prescripteur@demo.asr.yt',
	    'Prescriptrice (démo)', 'prescriber',
	    '00000000-0000-4000-8000-000000000005', '$argon2id$v=19$m=65536,t=2,p=1$dOGYlLfCetinP4sSfAM32A$eMGfLF45nTbzhj3qRQqSta5SqWfpZLh+fb+bEo9Gcx0')
ON CONFLICT DO NOTHING;
