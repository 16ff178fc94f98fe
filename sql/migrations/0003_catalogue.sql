-- The public catalogue "Achats responsables Mayotte": organisations grow
-- into the directory of ESS and IAE suppliers, with their offers, their
-- registration and a French full-text search where accents, case and
-- plurals do not matter (unaccent + french stemmer) and typos are forgiven
-- (trigrams).

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TEXT SEARCH CONFIGURATION asr_fr (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION asr_fr
	ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

-- unaccent() is only STABLE; this wrapper names its dictionary, so that
-- it can back an index.
CREATE FUNCTION asr_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
	SELECT lower(public.unaccent('public.unaccent'::regdictionary, t))
$$;

CREATE TABLE organisation_kinds (
	code		text PRIMARY KEY,
	label		text NOT NULL,
	position	integer NOT NULL
);

CREATE TABLE organisation_subkinds (
	code		text PRIMARY KEY,
	kind_code	text NOT NULL REFERENCES organisation_kinds (code),
	label		text NOT NULL,
	position	integer NOT NULL
);

CREATE TABLE labels (
	code		text PRIMARY KEY
			CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	label		text NOT NULL,
	position	integer NOT NULL
);

CREATE TABLE offer_types (
	code		text PRIMARY KEY,
	label		text NOT NULL,
	position	integer NOT NULL
);

REVOKE INSERT, UPDATE, DELETE ON organisation_kinds, organisation_subkinds,
	labels, offer_types FROM asr_app;

ALTER TABLE organisations
	ADD COLUMN brand		text CHECK (length(brand) <= 200),
	ADD COLUMN legal_form		text CHECK (length(legal_form) <= 100),
	ADD COLUMN esus			boolean NOT NULL DEFAULT false,
	ADD COLUMN address		text CHECK (length(address) <= 300),
	ADD COLUMN commune_insee	char(5) REFERENCES communes (code),
	ADD COLUMN communes_served	text[] NOT NULL DEFAULT '{}',
	ADD COLUMN latitude		numeric(8,5)
					CHECK (latitude BETWEEN -90 AND 90),
	ADD COLUMN longitude		numeric(8,5)
					CHECK (longitude BETWEEN -180 AND 180),
	ADD COLUMN contact_email	text CHECK (length(contact_email) <= 254),
	ADD COLUMN contact_phone	text CHECK (length(contact_phone) <= 30),
	ADD COLUMN website		text CHECK (length(website) <= 300),
	ADD COLUMN description		text NOT NULL DEFAULT ''
					CHECK (length(description) <= 5000),
	ADD COLUMN sectors		text[] NOT NULL DEFAULT '{}',
	ADD COLUMN labels		text[] NOT NULL DEFAULT '{}',
	ADD COLUMN member_since		date,
	ADD COLUMN member_until		date,
	ADD COLUMN published		boolean NOT NULL DEFAULT false,
	ADD COLUMN active		boolean NOT NULL DEFAULT true,
	-- A registration stays out of the catalogue until approved.
	ADD COLUMN approved		boolean NOT NULL DEFAULT true,
	-- Maintained by triggers: what the public search reads. The reach
	-- columns join the organisation's own codes with those of its
	-- published offers; communes_reach spells "976" out as the 17.
	ADD COLUMN search		tsvector,
	ADD COLUMN search_text		text,
	ADD COLUMN communes_reach	text[] NOT NULL DEFAULT '{}',
	ADD COLUMN sectors_reach	text[] NOT NULL DEFAULT '{}',
	ADD COLUMN groups_reach		text[] NOT NULL DEFAULT '{}',
	ADD COLUMN offer_types_reach	text[] NOT NULL DEFAULT '{}',
	ADD CONSTRAINT membership_dates CHECK (member_until IS NULL OR
	    (member_since IS NOT NULL AND member_until >= member_since));

CREATE TABLE offers (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	organisation_id	uuid NOT NULL REFERENCES organisations (id)
			    ON DELETE CASCADE,
	title		text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	description	text NOT NULL DEFAULT ''
			    CHECK (length(description) <= 5000),
	offer_type	text NOT NULL REFERENCES offer_types (code),
	sectors		text[] NOT NULL DEFAULT '{}',
	communes	text[] NOT NULL DEFAULT '{}',
	price_indication text CHECK (length(price_indication) <= 200),
	published	boolean NOT NULL DEFAULT false,
	search		tsvector,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	version		integer NOT NULL DEFAULT 1
);
CREATE INDEX offers_organisation_idx ON offers (organisation_id);

CREATE TABLE registrations (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	organisation_id	uuid NOT NULL UNIQUE REFERENCES organisations (id)
			    ON DELETE CASCADE,
	user_id		uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	status		text NOT NULL DEFAULT 'pending'
			    CHECK (status IN ('pending', 'approved', 'rejected')),
	reason		text CHECK (length(reason) <= 2000),
	decided_by	uuid REFERENCES users (id),
	decided_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	version		integer NOT NULL DEFAULT 1
);

-- What the search reads of one organisation: its names and description,
-- weighted first, then its published offers and the labels of its sectors;
-- and what it reaches, its own codes joined with its published offers'.
CREATE FUNCTION organisation_document(o organisations,
    OUT doc tsvector, OUT folded text, OUT communes text[],
    OUT sectors text[], OUT groups text[], OUT offer_types text[])
LANGUAGE sql STABLE AS $$
	WITH off AS (
		SELECT coalesce(string_agg(f.title || ' ' || f.description, ' '),
		    '') AS text,
		    coalesce(array_agg(DISTINCT c) FILTER (WHERE c IS NOT NULL),
		    '{}') AS communes,
		    coalesce(array_agg(DISTINCT s) FILTER (WHERE s IS NOT NULL),
		    '{}') AS sectors,
		    coalesce(array_agg(DISTINCT f.offer_type), '{}') AS types
		FROM offers f
		LEFT JOIN LATERAL unnest(f.communes) c ON true
		LEFT JOIN LATERAL unnest(f.sectors) s ON true
		WHERE f.organisation_id = o.id AND f.published
	), reach AS (
		SELECT ARRAY(SELECT DISTINCT x FROM unnest(o.sectors ||
		    off.sectors) x ORDER BY 1) AS sectors,
		    CASE WHEN '976' = ANY (o.communes_served || off.communes)
		    THEN ARRAY(SELECT code::text FROM communes ORDER BY 1)
		    ELSE ARRAY(SELECT DISTINCT x FROM unnest(o.communes_served ||
		    off.communes) x ORDER BY 1) END AS communes
		FROM off
	), sec AS (
		SELECT coalesce(string_agg(s.label || ' ' || g.label, ' '), '')
		    AS text,
		    coalesce(array_agg(DISTINCT g.code), '{}') AS groups
		FROM reach, sectors s JOIN sector_groups g ON g.code = s.group_code
		WHERE s.code = ANY (reach.sectors)
	)
	SELECT setweight(to_tsvector('asr_fr', o.name || ' ' ||
		    coalesce(o.brand, '')), 'A') ||
	    setweight(to_tsvector('asr_fr', off.text), 'B') ||
	    setweight(to_tsvector('asr_fr', sec.text), 'B') ||
	    setweight(to_tsvector('asr_fr', o.description), 'C'),
	    asr_fold(o.name || ' ' || coalesce(o.brand, '') || ' ' ||
		o.description || ' ' || off.text || ' ' || sec.text),
	    reach.communes, reach.sectors, sec.groups, off.types
	FROM off, reach, sec
$$;

CREATE FUNCTION organisations_search_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	SELECT d.doc, d.folded, d.communes, d.sectors, d.groups, d.offer_types
	INTO NEW.search, NEW.search_text, NEW.communes_reach,
	    NEW.sectors_reach, NEW.groups_reach, NEW.offer_types_reach
	FROM organisation_document(NEW) d;
	RETURN NEW;
END
$$;

CREATE TRIGGER organisations_search BEFORE INSERT OR UPDATE ON organisations
	FOR EACH ROW EXECUTE FUNCTION organisations_search_refresh();

CREATE FUNCTION offers_search_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	NEW.search := setweight(to_tsvector('asr_fr', NEW.title), 'A') ||
	    setweight(to_tsvector('asr_fr', NEW.description), 'B');
	RETURN NEW;
END
$$;

CREATE TRIGGER offers_search BEFORE INSERT OR UPDATE ON offers
	FOR EACH ROW EXECUTE FUNCTION offers_search_refresh();

-- An offer changed: its organisation's document follows.
CREATE FUNCTION offers_touch_organisation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
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

CREATE TRIGGER offers_touch AFTER INSERT OR UPDATE OR DELETE ON offers
	FOR EACH ROW EXECUTE FUNCTION offers_touch_organisation();

CREATE INDEX organisations_search_idx ON organisations USING gin (search);
CREATE INDEX organisations_search_trgm_idx ON organisations
	USING gin (search_text gin_trgm_ops);
CREATE INDEX organisations_sectors_idx ON organisations
	USING gin (sectors_reach);
CREATE INDEX organisations_groups_idx ON organisations
	USING gin (groups_reach);
CREATE INDEX organisations_communes_idx ON organisations
	USING gin (communes_reach);
CREATE INDEX organisations_public_idx ON organisations (kind, subkind)
	WHERE published AND active AND approved;
CREATE INDEX organisations_name_idx ON organisations (lower(name), id);
CREATE INDEX organisations_updated_idx ON organisations (updated_at, id);
CREATE INDEX offers_search_idx ON offers USING gin (search);
CREATE INDEX offers_sectors_idx ON offers USING gin (sectors);
CREATE INDEX offers_communes_idx ON offers USING gin (communes);

-- The organisation JSON, now with the directory's fields. member is
-- derived from the membership dates and Mayotte's today ($1).
CREATE OR REPLACE FUNCTION organisation_json(o organisations) RETURNS jsonb
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
		    o.member_since <= (now() AT TIME ZONE 'Indian/Mayotte')::date
		    AND (o.member_until IS NULL OR o.member_until >
		    (now() AT TIME ZONE 'Indian/Mayotte')::date),
		'member_since', o.member_since, 'member_until', o.member_until,
		'published', o.published, 'active', o.active,
		'approved', o.approved,
		'created_at', to_char(o.created_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'version', o.version)
$$;

CREATE FUNCTION offer_json(f offers) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', f.id, 'organisation_id', f.organisation_id,
		'title', f.title, 'description', f.description,
		'offer_type', f.offer_type, 'sectors', to_jsonb(f.sectors),
		'communes', to_jsonb(f.communes),
		'price_indication', f.price_indication,
		'published', f.published,
		'created_at', to_char(f.created_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'updated_at', to_char(f.updated_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'version', f.version)
$$;

-- What the public sees of a supplier: its public contact, never a person.
CREATE FUNCTION organisation_public_json(o organisations) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', o.id, 'name', o.name, 'brand', o.brand, 'kind', o.kind,
		'subkind', o.subkind, 'siret', o.siret,
		'siren', left(o.siret, 9), 'commune_insee', o.commune_insee,
		'communes_served', to_jsonb(o.communes_served),
		'description', o.description, 'sectors', to_jsonb(o.sectors),
		'labels', to_jsonb(o.labels),
		'member', o.member_since IS NOT NULL AND
		    o.member_since <= (now() AT TIME ZONE 'Indian/Mayotte')::date
		    AND (o.member_until IS NULL OR o.member_until >
		    (now() AT TIME ZONE 'Indian/Mayotte')::date),
		'contact_email', o.contact_email,
		'contact_phone', o.contact_phone, 'website', o.website,
		'updated_at', to_char(o.updated_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
$$;

CREATE FUNCTION offer_public_json(f offers) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', f.id, 'title', f.title, 'description', f.description,
		'offer_type', f.offer_type, 'sectors', to_jsonb(f.sectors),
		'communes', to_jsonb(f.communes),
		'price_indication', f.price_indication,
		'updated_at', to_char(f.updated_at AT TIME ZONE 'UTC',
		    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
$$;
