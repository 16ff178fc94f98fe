-- Writes to the catalogue: a JSON body (checked for shape in C) merged
-- into a row by one function per table, then checked against the
-- reference data by another, inside the write's own statement, so that
-- validation and write are one round trip and one transaction.

CREATE FUNCTION jsonb_text_array(v jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT ARRAY(SELECT jsonb_array_elements_text(v))
$$;

-- o with the members of the merge patch p applied (RFC 7396).
CREATE FUNCTION organisation_merge(o organisations, p jsonb)
RETURNS organisations
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF p ? 'name' THEN o.name := p->>'name'; END IF;
	IF p ? 'brand' THEN o.brand := p->>'brand'; END IF;
	IF p ? 'kind' THEN o.kind := p->>'kind'; END IF;
	IF p ? 'subkind' THEN o.subkind := p->>'subkind'; END IF;
	IF p ? 'siret' THEN o.siret := p->>'siret'; END IF;
	IF p ? 'legal_form' THEN o.legal_form := p->>'legal_form'; END IF;
	IF p ? 'esus' THEN o.esus := (p->>'esus')::boolean; END IF;
	IF p ? 'address' THEN o.address := p->>'address'; END IF;
	IF p ? 'commune_insee' THEN o.commune_insee := p->>'commune_insee';
	END IF;
	IF p ? 'communes_served' THEN
		o.communes_served := jsonb_text_array(p->'communes_served');
	END IF;
	IF p ? 'latitude' THEN o.latitude := (p->>'latitude')::numeric; END IF;
	IF p ? 'longitude' THEN o.longitude := (p->>'longitude')::numeric;
	END IF;
	IF p ? 'contact_email' THEN o.contact_email := p->>'contact_email';
	END IF;
	IF p ? 'contact_phone' THEN o.contact_phone := p->>'contact_phone';
	END IF;
	IF p ? 'website' THEN o.website := p->>'website'; END IF;
	IF p ? 'description' THEN o.description := p->>'description'; END IF;
	IF p ? 'sectors' THEN o.sectors := jsonb_text_array(p->'sectors'); END IF;
	IF p ? 'labels' THEN o.labels := jsonb_text_array(p->'labels'); END IF;
	IF p ? 'member_since' THEN
		o.member_since := (p->>'member_since')::date;
	END IF;
	IF p ? 'member_until' THEN
		o.member_until := (p->>'member_until')::date;
	END IF;
	IF p ? 'published' THEN o.published := (p->>'published')::boolean;
	END IF;
	IF p ? 'active' THEN o.active := (p->>'active')::boolean; END IF;
	RETURN o;
END
$$;

-- A new organisation's defaults, before its body is merged (by name, so
-- that columns added later need no change here).
CREATE FUNCTION organisation_defaults() RETURNS organisations
LANGUAGE sql STABLE AS $$
	SELECT jsonb_populate_record(NULL::organisations, jsonb_build_object(
	    'esus', false, 'communes_served', '[]'::jsonb, 'description', '',
	    'sectors', '[]'::jsonb, 'labels', '[]'::jsonb, 'published', false,
	    'active', true, 'approved', true, 'version', 1))
$$;

CREATE FUNCTION code_errors(field text, codes text[], known text[],
    extra text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN EXISTS (SELECT 1 FROM unnest(codes) c
	    WHERE c <> ALL (known) AND c IS DISTINCT FROM extra)
	THEN jsonb_build_array(jsonb_build_object('field', field,
	    'code', 'invalid', 'detail', 'Unknown code(s): ' ||
	    (SELECT string_agg(c, ', ') FROM unnest(codes) c
	    WHERE c <> ALL (known) AND c IS DISTINCT FROM extra)))
	ELSE '[]'::jsonb END
$$;

-- What the reference data says of o: [] when all is well.
CREATE FUNCTION organisation_errors(o organisations) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT
	    CASE WHEN o.subkind IS NOT NULL AND NOT EXISTS (SELECT 1
		FROM organisation_subkinds s WHERE s.code = o.subkind
		AND s.kind_code = o.kind)
	    THEN jsonb_build_array(jsonb_build_object('field', 'subkind',
		'code', 'invalid', 'detail', 'Not a subkind of this kind; see '
		'/v1/reference/organisation-kinds.'))
	    ELSE '[]'::jsonb END ||
	    code_errors('commune_insee', ARRAY[o.commune_insee]::text[] ||
		'{}'::text[], ARRAY(SELECT code::text FROM communes), NULL) ||
	    code_errors('communes_served', o.communes_served,
		ARRAY(SELECT code::text FROM communes), '976') ||
	    code_errors('sectors', o.sectors, ARRAY(SELECT code FROM sectors),
		NULL) ||
	    code_errors('labels', o.labels, ARRAY(SELECT code FROM labels),
		NULL) ||
	    CASE WHEN o.member_until IS NOT NULL AND (o.member_since IS NULL OR
		o.member_until < o.member_since)
	    THEN jsonb_build_array(jsonb_build_object('field', 'member_until',
		'code', 'invalid', 'detail',
		'A membership ends after it starts.'))
	    ELSE '[]'::jsonb END
$$;

CREATE FUNCTION offer_merge(f offers, p jsonb) RETURNS offers
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF p ? 'organisation_id' THEN
		f.organisation_id := (p->>'organisation_id')::uuid;
	END IF;
	IF p ? 'title' THEN f.title := p->>'title'; END IF;
	IF p ? 'description' THEN f.description := p->>'description'; END IF;
	IF p ? 'offer_type' THEN f.offer_type := p->>'offer_type'; END IF;
	IF p ? 'sectors' THEN f.sectors := jsonb_text_array(p->'sectors'); END IF;
	IF p ? 'communes' THEN f.communes := jsonb_text_array(p->'communes');
	END IF;
	IF p ? 'price_indication' THEN
		f.price_indication := p->>'price_indication';
	END IF;
	IF p ? 'published' THEN f.published := (p->>'published')::boolean;
	END IF;
	RETURN f;
END
$$;

CREATE FUNCTION offer_defaults() RETURNS offers
LANGUAGE sql STABLE AS $$
	SELECT jsonb_populate_record(NULL::offers, jsonb_build_object(
	    'description', '', 'sectors', '[]'::jsonb, 'communes', '[]'::jsonb,
	    'published', false, 'version', 1))
$$;

CREATE FUNCTION offer_errors(f offers) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT code_errors('offer_type', ARRAY[f.offer_type],
		ARRAY(SELECT code FROM offer_types), NULL) ||
	    code_errors('sectors', f.sectors, ARRAY(SELECT code FROM sectors),
		NULL) ||
	    code_errors('communes', f.communes,
		ARRAY(SELECT code::text FROM communes), '976')
$$;

-- Organisations that existed before the search columns: index them now.
UPDATE organisations SET search = NULL;

-- The writes themselves, one function each: the caller's account must be
-- active, the object within its reach (own is its organisation, NULL for
-- staff), then valid, then at a version If-Match allows (versions NULL for
-- *, '{}' when If-Match was absent). status says which check answered:
-- actor_disabled, not_found, invalid, precondition, conflict or ok.

CREATE FUNCTION organisation_create(p jsonb, actor uuid, at timestamptz,
    OUT status text, OUT errors jsonb, OUT body text, OUT id uuid,
    OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	o organisations;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	o := organisation_merge(organisation_defaults(), p);
	errors := organisation_errors(o);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	o.id := gen_random_uuid();
	o.created_at := at;
	o.updated_at := at;
	BEGIN
		INSERT INTO organisations SELECT o.* RETURNING * INTO o;
	EXCEPTION WHEN unique_violation THEN
		status := 'conflict';
		RETURN;
	END;
	status := 'ok';
	body := organisation_json(o)::text;
	id := o.id;
	version := o.version;
END
$$;

CREATE FUNCTION organisation_update(p_id uuid, p jsonb, versions integer[],
    actor uuid, own uuid, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	o organisations;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO o FROM organisations t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR (own IS NOT NULL AND own <> p_id) THEN
		status := 'not_found';
		RETURN;
	END IF;
	o := organisation_merge(o, p);
	errors := organisation_errors(o);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (o.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	BEGIN
		UPDATE organisations t SET name = o.name, brand = o.brand,
		    kind = o.kind, subkind = o.subkind, siret = o.siret,
		    legal_form = o.legal_form, esus = o.esus,
		    address = o.address, commune_insee = o.commune_insee,
		    communes_served = o.communes_served,
		    latitude = o.latitude, longitude = o.longitude,
		    contact_email = o.contact_email,
		    contact_phone = o.contact_phone, website = o.website,
		    description = o.description, sectors = o.sectors,
		    labels = o.labels, member_since = o.member_since,
		    member_until = o.member_until, published = o.published,
		    active = o.active, updated_at = at,
		    version = t.version + 1
		WHERE t.id = p_id RETURNING * INTO o;
	EXCEPTION WHEN unique_violation THEN
		status := 'conflict';
		RETURN;
	END;
	status := 'ok';
	body := organisation_json(o)::text;
	version := o.version;
END
$$;

CREATE FUNCTION offer_create(p jsonb, actor uuid, own uuid, at timestamptz,
    OUT status text, OUT errors jsonb, OUT body text, OUT id uuid,
    OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	f offers;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	f := offer_merge(offer_defaults(), p);
	IF (own IS NOT NULL AND own <> f.organisation_id) OR NOT EXISTS
	    (SELECT 1 FROM organisations o WHERE o.id = f.organisation_id) THEN
		status := 'not_found';
		RETURN;
	END IF;
	errors := offer_errors(f);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	f.id := gen_random_uuid();
	f.created_at := at;
	f.updated_at := at;
	INSERT INTO offers SELECT f.* RETURNING * INTO f;
	status := 'ok';
	body := offer_json(f)::text;
	id := f.id;
	version := f.version;
END
$$;

CREATE FUNCTION offer_update(p_id uuid, p jsonb, versions integer[],
    actor uuid, own uuid, at timestamptz, remove boolean, OUT status text,
    OUT errors jsonb, OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	f offers;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO f FROM offers t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR (own IS NOT NULL AND own <> f.organisation_id) THEN
		status := 'not_found';
		RETURN;
	END IF;
	f := offer_merge(f, p);
	IF (own IS NOT NULL AND own <> f.organisation_id) OR NOT EXISTS
	    (SELECT 1 FROM organisations o WHERE o.id = f.organisation_id) THEN
		errors := jsonb_build_array(jsonb_build_object('field',
		    'organisation_id', 'code', 'invalid', 'detail',
		    'No such organisation within your reach.'));
		status := 'invalid';
		RETURN;
	END IF;
	errors := offer_errors(f);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (f.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	IF remove THEN
		DELETE FROM offers t WHERE t.id = p_id;
		status := 'ok';
		RETURN;
	END IF;
	UPDATE offers t SET organisation_id = f.organisation_id,
	    title = f.title, description = f.description,
	    offer_type = f.offer_type, sectors = f.sectors,
	    communes = f.communes, price_indication = f.price_indication,
	    published = f.published, updated_at = at,
	    version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO f;
	status := 'ok';
	body := offer_json(f)::text;
	version := f.version;
END
$$;

-- Who may read an organisation or an offer outside the public catalogue.
CREATE FUNCTION organisation_public(o organisations) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT o.published AND o.active AND o.approved
$$;

-- A supplier signs up: its organisation (unpublished, unapproved) and its
-- first account (a disabled supplier) wait for a facilitator's decision.
CREATE FUNCTION registration_create(p_org jsonb, p_email text, p_name text,
    p_hash text, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT id uuid)
LANGUAGE plpgsql AS $$
DECLARE
	o organisations;
	u users;
	r registrations;
BEGIN
	o := organisation_merge(organisation_defaults(), p_org);
	errors := organisation_errors(o);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	o.id := gen_random_uuid();
	o.approved := false;
	o.published := false;
	o.created_at := at;
	o.updated_at := at;
	BEGIN
		INSERT INTO organisations SELECT o.* RETURNING * INTO o;
		INSERT INTO users (email, display_name, role, organisation_id,
		    status, password_hash, created_at, updated_at)
		VALUES (p_email, p_name, 'supplier', o.id, 'disabled', p_hash,
		    at, at) RETURNING * INTO u;
	EXCEPTION WHEN unique_violation THEN
		status := 'conflict';
		RETURN;
	END;
	INSERT INTO registrations (organisation_id, user_id, created_at,
	    updated_at) VALUES (o.id, u.id, at, at) RETURNING * INTO r;
	status := 'ok';
	id := r.id;
	body := jsonb_build_object('id', r.id, 'status', r.status,
	    'organisation_id', o.id, 'created_at', to_char(r.created_at
	    AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text;
END
$$;

CREATE FUNCTION registration_json(r registrations) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', r.id, 'status', r.status,
	    'organisation', (SELECT jsonb_build_object('id', o.id,
		'name', o.name, 'kind', o.kind, 'subkind', o.subkind,
		'siret', o.siret) FROM organisations o
		WHERE o.id = r.organisation_id),
	    'user', (SELECT jsonb_build_object('id', u.id, 'email', u.email,
		'display_name', u.display_name) FROM users u
		WHERE u.id = r.user_id),
	    'reason', r.reason,
	    'created_at', to_char(r.created_at AT TIME ZONE 'UTC',
		'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
	    'decided_at', to_char(r.decided_at AT TIME ZONE 'UTC',
		'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
$$;

-- approve: the organisation enters the catalogue, the account opens.
CREATE FUNCTION registration_decide(p_id uuid, approve boolean,
    p_reason text, actor uuid, at timestamptz, OUT status text,
    OUT body text)
LANGUAGE plpgsql AS $$
DECLARE
	r registrations;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO r FROM registrations t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF r.status <> 'pending' THEN
		status := 'conflict';
		RETURN;
	END IF;
	UPDATE registrations t SET status = CASE WHEN approve THEN 'approved'
	    ELSE 'rejected' END, reason = p_reason, decided_by = actor,
	    decided_at = at, updated_at = at, version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO r;
	IF approve THEN
		UPDATE organisations SET approved = true, published = true,
		    active = true, updated_at = at, version = version + 1
		WHERE organisations.id = r.organisation_id;
		UPDATE users SET status = 'active', updated_at = at,
		    version = version + 1 WHERE users.id = r.user_id;
	END IF;
	status := 'ok';
	body := registration_json(r)::text;
END
$$;
