-- Identity and access: organisations (minimal; the catalogue enriches them),
-- user accounts, refresh-token families and one-time password resets.
-- Timestamps that rules depend on (expiry, use) are written from the
-- application's clock, so that tests can pin time.

CREATE TABLE organisations (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	kind		text NOT NULL CHECK (kind IN ('cress', 'buyer_public',
			    'buyer_private', 'company', 'siae', 'geiq', 'ess',
			    'handicap', 'prescriber')),
	subkind		text CHECK (subkind IS NULL OR
			    length(subkind) BETWEEN 1 AND 64),
	siret		char(14) CHECK (siret ~ '^[0-9]{14}$'),
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	version		integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX organisations_siret_key ON organisations (siret)
	WHERE siret IS NOT NULL;

CREATE TABLE users (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	email		text NOT NULL CHECK (length(email) BETWEEN 3 AND 254
			    AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
	display_name	text NOT NULL CHECK (length(display_name)
			    BETWEEN 1 AND 200),
	role		text NOT NULL CHECK (role IN ('admin', 'facilitator',
			    'buyer', 'company', 'supplier', 'prescriber')),
	organisation_id	uuid REFERENCES organisations (id),
	status		text NOT NULL DEFAULT 'active'
			    CHECK (status IN ('active', 'disabled')),
	password_hash	text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
	last_login_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	version		integer NOT NULL DEFAULT 1,
	-- Outside the CRESS, every account acts for an organisation.
	CHECK (role IN ('admin', 'facilitator') OR organisation_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_organisation_idx ON users (organisation_id);

-- Refresh tokens are opaque and stored only as a BLAKE2b-256 hash. Each use
-- marks the token used and issues the next one in the same family; a used
-- token presented again revokes the whole family (it was stolen or replayed).
CREATE TABLE refresh_tokens (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	family_id	uuid NOT NULL,
	user_id		uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	token_hash	bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	issued_at	timestamptz NOT NULL,
	expires_at	timestamptz NOT NULL,
	used_at		timestamptz,
	revoked_at	timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- One-time password resets issued by an administrator, stored as hashes.
CREATE TABLE password_resets (
	token_hash	bytea PRIMARY KEY CHECK (length(token_hash) = 32),
	user_id		uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	issued_by	uuid NOT NULL REFERENCES users (id),
	issued_at	timestamptz NOT NULL,
	expires_at	timestamptz NOT NULL,
	used_at		timestamptz
);

-- The JSON of a user as the API shows it (never the password hash).
CREATE FUNCTION user_json(u users) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', u.id, 'email', u.email, 'display_name', u.display_name,
		'role', u.role, 'organisation_id', u.organisation_id,
		'status', u.status,
		'last_login_at', to_char(u.last_login_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'created_at', to_char(u.created_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'updated_at', to_char(u.updated_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'version', u.version)
$$;

CREATE FUNCTION organisation_json(o organisations) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', o.id, 'name', o.name, 'kind', o.kind,
		'subkind', o.subkind, 'siret', o.siret,
		'created_at', to_char(o.created_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'version', o.version)
$$;

-- A write is only done for an account still active at that instant: a
-- disabled account stops writing at once, whatever its token says.
CREATE FUNCTION actor_active(actor uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM users
	    WHERE id = actor AND status = 'active')
$$;
