-- Bulk upsert for partners (issue 10): POST /v1/sync/organisations and
-- /v1/sync/offers take arrays of objects keyed by the caller's own
-- external_id. The caller's namespace is its organisation (a key's, or a
-- person's; an account without one uses its own id), so that two partners
-- may use the same external_id for different objects. A mapping is made
-- only when the object is created through it: a partner never reaches an
-- object it did not create this way (no take-over by naming an id).
--
-- Each batch is one statement (src/sync/upsert.c runs it through
-- write_run(), which audits it and stores the answer for Idempotency-Key);
-- each item is checked and written alone and answers created, updated,
-- unchanged or error, so that one bad item does not fail the others.

CREATE TABLE sync_organisation_ids (
	namespace	uuid NOT NULL,
	external_id	text NOT NULL
			    CHECK (length(external_id) BETWEEN 1 AND 100),
	organisation_id	uuid NOT NULL UNIQUE REFERENCES organisations (id)
			    ON DELETE CASCADE,
	created_at	timestamptz NOT NULL,
	PRIMARY KEY (namespace, external_id)
);

CREATE TABLE sync_offer_ids (
	namespace	uuid NOT NULL,
	external_id	text NOT NULL
			    CHECK (length(external_id) BETWEEN 1 AND 100),
	offer_id	uuid NOT NULL UNIQUE REFERENCES offers (id)
			    ON DELETE CASCADE,
	created_at	timestamptz NOT NULL,
	PRIMARY KEY (namespace, external_id)
);

-- While a batch writes offers, their organisations' search documents are
-- refreshed once at its end, not once per offer (each refresh reads all
-- of the organisation's offers: a batch of n would cost n squared).
CREATE OR REPLACE FUNCTION offers_touch_organisation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('asr.sync_batch', true) = 'on' THEN
		RETURN NULL;
	END IF;
	UPDATE organisations SET search = NULL
	WHERE id = CASE TG_OP WHEN 'DELETE' THEN OLD.organisation_id
	    ELSE NEW.organisation_id END;
	IF TG_OP = 'UPDATE' AND OLD.organisation_id <> NEW.organisation_id
	THEN
		UPDATE organisations SET search = NULL
		WHERE id = OLD.organisation_id;
	END IF;
	RETURN NULL;
END
$$;

CREATE FUNCTION sync_item(p_index integer, p_ext text, p_status text,
    p_id uuid, p_version integer, p_errors jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT jsonb_build_object('index', p_index, 'external_id', p_ext,
	    'status', p_status, 'id', p_id, 'version', p_version,
	    'errors', coalesce(p_errors, '[]'::jsonb))
$$;

CREATE FUNCTION sync_error(p_field text, p_code text, p_detail text)
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT jsonb_build_array(jsonb_build_object('field', p_field,
	    'code', p_code, 'detail', p_detail))
$$;

-- The fields a create needs that the batch's shape check could not ask
-- for (it does not know which items are creates).
CREATE FUNCTION sync_required(p jsonb, names text[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(jsonb_agg(jsonb_build_object('field', n, 'code',
	    'required', 'detail', n || ' is required to create.')), '[]')
	FROM unnest(names) n WHERE NOT p ? n OR p->n = 'null'
$$;

-- The kinds a partner (not staff) may create: suppliers, which a
-- facilitator approves before they enter the catalogue.
CREATE FUNCTION sync_partner_kind(k text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT k IN ('siae', 'geiq', 'ess', 'handicap')
$$;

-- One organisation item: p the fields (shape checked in C), staff whether
-- the caller is. A partner's organisations start unpublished and only a
-- facilitator publishes them (PATCH /v1/organisations/{id}: the C side
-- refuses "published" from partners); once published, an organisation's
-- identity (kind, subkind, SIRET, legal form) is the CRESS's and the
-- partner changes its public face only.
CREATE FUNCTION sync_organisation_one(ns uuid, ext text, p jsonb,
    staff boolean, at timestamptz, OUT status text, OUT id uuid,
    OUT version integer, OUT errors jsonb)
LANGUAGE plpgsql AS $$
DECLARE
	o organisations;
	before organisations;
BEGIN
	-- Two look-ups, not a join: a join's plan may scan organisations.
	SELECT * INTO before FROM organisations t WHERE t.id = (SELECT
	    s.organisation_id FROM sync_organisation_ids s
	    WHERE s.namespace = ns AND s.external_id = ext) FOR UPDATE;
	IF NOT FOUND THEN
		errors := sync_required(p, ARRAY['name', 'kind']);
		IF errors = '[]' AND NOT staff AND
		    NOT sync_partner_kind(p->>'kind') THEN
			errors := sync_error('kind', 'invalid', 'A partner '
			    'creates organisations of the kinds siae, geiq, '
			    'ess or handicap.');
		END IF;
		IF errors <> '[]' THEN
			status := 'error';
			RETURN;
		END IF;
		o := organisation_merge(organisation_defaults(), p);
	ELSE
		o := organisation_merge(before, p);
		-- The same identity sent again is no change of it.
		IF NOT staff AND before.published AND (o.kind, o.subkind,
		    o.siret, o.legal_form) IS DISTINCT FROM (before.kind,
		    before.subkind, before.siret, before.legal_form) THEN
			status := 'error';
			errors := sync_error(CASE
			    WHEN o.kind <> before.kind THEN 'kind'
			    WHEN o.subkind IS DISTINCT FROM before.subkind
			    THEN 'subkind'
			    WHEN o.siret IS DISTINCT FROM before.siret
			    THEN 'siret' ELSE 'legal_form' END, 'invalid',
			    'Once published, only the CRESS changes an '
			    'organisation''s identity.');
			RETURN;
		END IF;
		IF NOT staff AND o.kind <> before.kind AND
		    NOT sync_partner_kind(o.kind) THEN
			status := 'error';
			errors := sync_error('kind', 'invalid', 'A partner '
			    'sets the kinds siae, geiq, ess or handicap.');
			RETURN;
		END IF;
		IF o IS NOT DISTINCT FROM before THEN
			status := 'unchanged';
			id := o.id;
			version := o.version;
			RETURN;
		END IF;
	END IF;
	errors := organisation_errors(o);
	IF errors <> '[]' THEN
		status := 'error';
		RETURN;
	END IF;
	IF o.siret IS NOT NULL AND EXISTS (SELECT 1 FROM organisations t
	    WHERE t.siret = o.siret AND t.id IS DISTINCT FROM before.id) THEN
		status := 'error';
		errors := sync_error('siret', 'invalid',
		    'Another organisation has this SIRET.');
		RETURN;
	END IF;
	IF before.id IS NULL THEN
		o.id := gen_random_uuid();
		o.created_at := at;
		o.updated_at := at;
		INSERT INTO organisations SELECT o.*;
		INSERT INTO sync_organisation_ids VALUES (ns, ext, o.id, at);
		status := 'created';
	ELSE
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
		WHERE t.id = o.id RETURNING t.version INTO o.version;
		status := 'updated';
	END IF;
	id := o.id;
	version := o.version;
EXCEPTION WHEN unique_violation THEN
	-- A concurrent batch took the SIRET or the external_id first.
	status := 'error';
	id := NULL;
	version := NULL;
	errors := sync_error('external_id', 'invalid', 'Another write took '
	    'this SIRET or external_id at the same time; send it again.');
END
$$;

-- The organisation an offer item names: organisation_external_id (the
-- caller's own) or organisation_id, which must be the caller's own
-- organisation or one it created through sync (any for staff).
CREATE FUNCTION sync_offer_organisation(ns uuid, own uuid, staff boolean,
    p jsonb) RETURNS uuid
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN p ? 'organisation_external_id' THEN
		(SELECT s.organisation_id FROM sync_organisation_ids s
		WHERE s.namespace = ns
		AND s.external_id = p->>'organisation_external_id')
	    ELSE (SELECT o.id FROM organisations o
		WHERE o.id = (p->>'organisation_id')::uuid
		AND (staff OR o.id = own OR EXISTS (SELECT 1
		    FROM sync_organisation_ids s WHERE s.namespace = ns
		    AND s.organisation_id = o.id)))
	    END
$$;

CREATE FUNCTION sync_offer_one(ns uuid, own uuid, ext text, p jsonb,
    staff boolean, at timestamptz, OUT status text, OUT id uuid,
    OUT version integer, OUT errors jsonb, OUT moved_from uuid)
LANGUAGE plpgsql AS $$
DECLARE
	f offers;
	before offers;
	org uuid;
	q jsonb := p - 'organisation_external_id';
BEGIN
	SELECT * INTO before FROM offers t WHERE t.id = (SELECT s.offer_id
	    FROM sync_offer_ids s WHERE s.namespace = ns
	    AND s.external_id = ext) FOR UPDATE;
	IF p ? 'organisation_external_id' OR p ? 'organisation_id' THEN
		org := sync_offer_organisation(ns, own, staff, p);
		IF org IS NULL THEN
			status := 'error';
			errors := sync_error(CASE WHEN p ?
			    'organisation_external_id' THEN
			    'organisation_external_id' ELSE 'organisation_id'
			    END, 'invalid',
			    'No such organisation within your reach.');
			RETURN;
		END IF;
		q := q || jsonb_build_object('organisation_id', org);
	ELSIF before.id IS NULL THEN
		status := 'error';
		errors := sync_error('organisation_id', 'required',
		    'organisation_id or organisation_external_id is required '
		    'to create.');
		RETURN;
	END IF;
	IF before.id IS NULL THEN
		errors := sync_required(q, ARRAY['title', 'offer_type']);
		IF errors <> '[]' THEN
			status := 'error';
			RETURN;
		END IF;
		f := offer_merge(offer_defaults(), q);
	ELSE
		f := offer_merge(before, q);
		IF f IS NOT DISTINCT FROM before THEN
			status := 'unchanged';
			id := f.id;
			version := f.version;
			RETURN;
		END IF;
	END IF;
	errors := offer_errors(f);
	IF errors <> '[]' THEN
		status := 'error';
		RETURN;
	END IF;
	IF before.id IS NULL THEN
		f.id := gen_random_uuid();
		f.created_at := at;
		f.updated_at := at;
		INSERT INTO offers SELECT f.*;
		INSERT INTO sync_offer_ids VALUES (ns, ext, f.id, at);
		status := 'created';
	ELSE
		UPDATE offers t SET organisation_id = f.organisation_id,
		    title = f.title, description = f.description,
		    offer_type = f.offer_type, sectors = f.sectors,
		    communes = f.communes, price_indication = f.price_indication,
		    published = f.published, updated_at = at,
		    version = t.version + 1
		WHERE t.id = f.id RETURNING t.version INTO f.version;
		status := 'updated';
		IF before.organisation_id <> f.organisation_id THEN
			moved_from := before.organisation_id;
		END IF;
	END IF;
	id := f.id;
	version := f.version;
END
$$;

-- A batch: items is [{"index", "external_id", "fields", "errors"}] as the
-- C side checked them (errors set: the item is answered as is). status
-- 'ok' with body {"items": [...]} in index order, or 'actor_disabled'.
CREATE FUNCTION sync_upsert(kind text, items jsonb, ns uuid, own uuid,
    staff boolean, actor uuid, at timestamptz, OUT status text,
    OUT errors jsonb, OUT body text, OUT id uuid)
LANGUAGE plpgsql AS $$
DECLARE
	it jsonb;
	r record;
	answers jsonb[] := '{}';	-- appended in place: jsonb || is O(n)
	orgs uuid[] := '{}';
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	PERFORM set_config('asr.sync_batch', 'on', true);
	FOR it IN SELECT jsonb_array_elements(items) LOOP
		IF jsonb_array_length(it->'errors') > 0 THEN
			answers := array_append(answers, sync_item(
			    (it->>'index')::int, it->>'external_id', 'error',
			    NULL, NULL, it->'errors'));
			CONTINUE;
		END IF;
		IF kind = 'organisation' THEN
			SELECT x.*, NULL::uuid AS moved_from INTO r
			FROM sync_organisation_one(ns, it->>'external_id',
			    it->'fields', staff, at) x;
		ELSE
			SELECT * INTO r FROM sync_offer_one(ns, own,
			    it->>'external_id', it->'fields', staff, at) x;
			IF r.status IN ('created', 'updated') THEN
				orgs := orgs || (SELECT f.organisation_id
				    FROM offers f WHERE f.id = r.id) ||
				    r.moved_from;
			END IF;
		END IF;
		answers := array_append(answers, sync_item((it->>'index')::int,
		    it->>'external_id', r.status, r.id, r.version, r.errors));
	END LOOP;
	PERFORM set_config('asr.sync_batch', 'off', true);
	UPDATE organisations SET search = NULL
	WHERE organisations.id = ANY (ARRAY(SELECT DISTINCT unnest(orgs)));
	status := 'ok';
	body := jsonb_build_object('items', to_jsonb(answers))::text;
END
$$;
