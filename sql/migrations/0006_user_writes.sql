-- Account writes as functions returning (status, errors, body, [id,]
-- version), like the catalogue's (0004), so that the one write runner
-- (src/http/writes.c) audits them and makes creates idempotent. The
-- schema's own checks (a role that needs an organisation, an unknown
-- organisation) still raise 23514 and 23503, which the handler reports.

CREATE FUNCTION user_create(p_email text, p_name text, p_role text,
    p_org uuid, p_hash text, actor uuid, at timestamptz, OUT status text,
    OUT errors jsonb, OUT body text, OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	u users;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	IF p_org IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organisations o
	    WHERE o.id = p_org) THEN
		status := 'invalid';
		errors := jsonb_build_array(jsonb_build_object('field',
		    'organisation_id', 'code', 'invalid', 'detail',
		    'No such organisation.'));
		RETURN;
	END IF;
	BEGIN
		INSERT INTO users (email, display_name, role, organisation_id,
		    password_hash, created_at, updated_at)
		VALUES (p_email, p_name, p_role, p_org, p_hash, at, at)
		RETURNING * INTO u;
	EXCEPTION WHEN unique_violation THEN
		status := 'conflict';
		RETURN;
	END;
	status := 'ok';
	body := user_json(u)::text;
	id := u.id;
	version := u.version;
END
$$;

-- NULL values leave a field as it is; org_set says whether the
-- organisation changes (to p_org, which may be NULL). Disabling an account
-- ends its sessions at once.
CREATE FUNCTION user_update(p_id uuid, versions integer[], p_name text,
    p_role text, p_status text, org_set boolean, p_org uuid, at timestamptz,
    actor uuid, OUT status text, OUT errors jsonb, OUT body text,
    OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	u users;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO u FROM users t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (u.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	UPDATE users t SET display_name = coalesce(p_name, t.display_name),
	    role = coalesce(p_role, t.role),
	    status = coalesce(p_status, t.status),
	    organisation_id = CASE WHEN org_set THEN p_org
		ELSE t.organisation_id END,
	    updated_at = at, version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO u;
	IF u.status = 'disabled' THEN
		UPDATE refresh_tokens SET revoked_at = at
		WHERE user_id = u.id AND revoked_at IS NULL;
	END IF;
	status := 'ok';
	body := user_json(u)::text;
	version := u.version;
END
$$;
