-- Network membership by the program's clock: "member" (from the joined
-- and left dates) was computed with PostgreSQL's now(), which tests cannot
-- pin. The JSON of an organisation now takes Mayotte's today as a
-- parameter, which the API passes from its clock (ASR_NOW in test builds);
-- the writes pass the date of their own instant.

CREATE FUNCTION organisation_json(o organisations, today date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', o.id, 'name', o.name, 'brand', o.brand, 'kind', o.kind,
		'subkind', o.subkind, 'siret', o.siret,
		'siren', left(o.siret, 9), 'legal_form', o.legal_form,
		'esus', o.esus, 'address', o.address,
		'commune_insee', o.commune_insee,
		'communes_served', to_jsonb(o.communes_served),
		'latitude', o.latitude::float8, 'longitude', o.longitude::float8,
		'contact_email', o.contact_email,
		'contact_phone', o.contact_phone, 'website', o.website,
		'description', o.description, 'sectors', to_jsonb(o.sectors),
		'labels', to_jsonb(o.labels),
		'member', o.member_since IS NOT NULL AND
		    o.member_since <= today
		    AND (o.member_until IS NULL OR o.member_until >
		    today),
		'member_since', o.member_since, 'member_until', o.member_until,
		'published', o.published, 'active', o.active,
		'approved', o.approved,
		'created_at', to_char(o.created_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'version', o.version)
$$;

CREATE FUNCTION organisation_public_json(o organisations, today date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', o.id, 'name', o.name, 'brand', o.brand, 'kind', o.kind,
		'subkind', o.subkind, 'siret', o.siret,
		'siren', left(o.siret, 9), 'commune_insee', o.commune_insee,
		'communes_served', to_jsonb(o.communes_served),
		'description', o.description, 'sectors', to_jsonb(o.sectors),
		'labels', to_jsonb(o.labels),
		'member', o.member_since IS NOT NULL AND
		    o.member_since <= today
		    AND (o.member_until IS NULL OR o.member_until >
		    today),
		'contact_email', o.contact_email,
		'contact_phone', o.contact_phone, 'website', o.website,
		'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
$$;

-- The one-argument forms stay for callers not yet passing the date.
CREATE OR REPLACE FUNCTION organisation_json(o organisations) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT organisation_json(o, (now() AT TIME ZONE 'Indian/Mayotte')::date)
$$;

CREATE OR REPLACE FUNCTION organisation_public_json(o organisations)
RETURNS jsonb LANGUAGE sql STABLE AS $$
	SELECT organisation_public_json(o, (now() AT TIME ZONE 'Indian/Mayotte')::date)
$$;

CREATE OR REPLACE FUNCTION organisation_create(p jsonb, actor uuid, at timestamptz,
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
	body := organisation_json(o,
	    (at AT TIME ZONE 'Indian/Mayotte')::date)::text;
	id := o.id;
	version := o.version;
END
$$;

CREATE OR REPLACE FUNCTION organisation_update(p_id uuid, p jsonb, versions integer[],
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
	body := organisation_json(o,
	    (at AT TIME ZONE 'Indian/Mayotte')::date)::text;
	version := o.version;
END
$$;
