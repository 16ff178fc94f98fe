-- Partner API keys, the audit log, idempotent creates and login failures.
-- Timestamps are written from the application's clock (tests pin it).

-- A key is stored as the BLAKE2b-256 of its secret (a random 32 bytes, so
-- no slow hash is needed); prefix is the secret's first characters, shown
-- in lists so that people can tell their keys apart.
CREATE TABLE api_keys (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	organisation_id	uuid NOT NULL REFERENCES organisations (id),
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	scopes		text[] NOT NULL CHECK (cardinality(scopes) > 0 AND
			    scopes <@ ARRAY['catalogue:read', 'catalogue:write',
			    'markets:read', 'markets:write', 'sync:read',
			    'sync:write', 'reports:read']),
	key_hash	bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
	prefix		text NOT NULL,
	expires_at	timestamptz,
	created_by	uuid REFERENCES users (id),
	created_at	timestamptz NOT NULL,
	last_used_at	timestamptz,
	revoked_at	timestamptz,
	revoked_by	uuid REFERENCES users (id),
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1
);
CREATE INDEX api_keys_organisation_idx ON api_keys (organisation_id);

CREATE FUNCTION api_key_json(k api_keys) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', k.id,
	    'organisation_id', k.organisation_id, 'name', k.name,
	    'scopes', to_jsonb(k.scopes), 'prefix', k.prefix,
	    'expires_at', to_char(k.expires_at AT TIME ZONE 'UTC',
		'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
	    'created_at', to_char(k.created_at AT TIME ZONE 'UTC',
		'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
	    'last_used_at', to_char(k.last_used_at AT TIME ZONE 'UTC',
		'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
	    'revoked_at', to_char(k.revoked_at AT TIME ZONE 'UTC',
		'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
	    'updated_at', to_char(k.updated_at AT TIME ZONE 'UTC',
		'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
	    'version', k.version)
$$;

-- The actor of a write is a person's account or a partner key: either must
-- still be active at that instant (a revoked key stops writing at once).
CREATE OR REPLACE FUNCTION actor_active(actor uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM users
	    WHERE id = actor AND status = 'active') OR
	    EXISTS (SELECT 1 FROM api_keys
	    WHERE id = actor AND revoked_at IS NULL)
$$;

CREATE FUNCTION api_key_create(p_org uuid, p_name text, p_scopes text[],
    p_hash text, p_prefix text, p_expires timestamptz, actor uuid,
    at timestamptz, OUT status text, OUT errors jsonb, OUT body text,
    OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	k api_keys;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = p_org) THEN
		status := 'invalid';
		errors := jsonb_build_array(jsonb_build_object('field',
		    'organisation_id', 'code', 'invalid', 'detail',
		    'No such organisation.'));
		RETURN;
	END IF;
	INSERT INTO api_keys (organisation_id, name, scopes, key_hash, prefix,
	    expires_at, created_by, created_at, updated_at)
	VALUES (p_org, p_name, p_scopes, decode(p_hash, 'hex'), p_prefix,
	    p_expires, actor, at, at) RETURNING * INTO k;
	status := 'ok';
	-- The secret is shown once, by the handler; a replay shows null.
	body := (api_key_json(k) || jsonb_build_object('key', NULL))::text;
	id := k.id;
	version := k.version;
END
$$;

CREATE FUNCTION api_key_revoke(p_id uuid, versions integer[], actor uuid,
    at timestamptz, OUT status text, OUT errors jsonb, OUT body text,
    OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	k api_keys;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO k FROM api_keys t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR k.revoked_at IS NOT NULL THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (k.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	UPDATE api_keys t SET revoked_at = at, revoked_by = actor,
	    updated_at = at, version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO k;
	status := 'ok';
	body := api_key_json(k)::text;
	version := k.version;
END
$$;

-- The audit log: append-only. The application may add and read entries,
-- never change or remove one (no UPDATE, DELETE or TRUNCATE for asr_app,
-- and triggers refuse them to everyone else but a superuser who drops
-- them on purpose).
CREATE TABLE audit_log (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at		timestamptz NOT NULL,
	actor_id	uuid,
	actor_type	text NOT NULL CHECK (actor_type IN ('user', 'api_key',
			    'anonymous')),
	role		text NOT NULL,
	organisation_id	uuid,
	action		text NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
	object_type	text,
	object_id	uuid,
	request_id	text,
	address		inet
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id);
CREATE INDEX audit_log_object_idx ON audit_log (object_id, id);
CREATE INDEX audit_log_address_idx ON audit_log (address, action, at);

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM asr_app;
GRANT SELECT, INSERT ON audit_log TO asr_app;

CREATE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only'
	    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE FUNCTION audit_json(a audit_log) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', a.id::text,
	    'at', to_char(a.at AT TIME ZONE 'UTC',
		'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
	    'actor_id', a.actor_id, 'actor_type', a.actor_type,
	    'role', a.role, 'organisation_id', a.organisation_id,
	    'action', a.action, 'object_type', a.object_type,
	    'object_id', a.object_id, 'request_id', a.request_id,
	    'address', host(a.address))
$$;

-- Answers of creates made with an Idempotency-Key, for 24 hours. actor is
-- the credential (a user's or a key's id, or "address:<ip>" for anonymous
-- callers); one row per (actor, key), so that a concurrent duplicate fails
-- on the unique key, rolls back, and then replays the first answer.
CREATE TABLE idempotency_keys (
	actor		text NOT NULL,
	key		text NOT NULL,
	route		text NOT NULL,
	request_hash	bytea NOT NULL,
	object_id	uuid,
	version		integer,
	body		text NOT NULL,
	created_at	timestamptz NOT NULL,
	PRIMARY KEY (actor, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Failed logins, by e-mail (lowercased, whether an account has it or not,
-- so that a lockout tells nothing of which accounts exist) and address.
CREATE TABLE login_failures (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email		text NOT NULL,
	address		inet,
	at		timestamptz NOT NULL
);
CREATE INDEX login_failures_email_idx ON login_failures (email, at);
CREATE INDEX login_failures_address_idx ON login_failures (address, at);
