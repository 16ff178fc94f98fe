-- DECP import and export (issue 10). Each imported record is kept whole
-- (decp_records.record) beside the market it made or updated; the export
-- merges it with what changed here since (src/sync/decp.c).
--
-- A record is found again by its DECP id and its buyer's SIRET; the buyer
-- and the holders are organisations found by SIRET, created when unknown
-- (approved, out of the public catalogue until a facilitator publishes
-- them). Holders without a valid SIRET stay in the record only.
-- considerationsSociales are kept as clause kinds (clause_kinds): the
-- record says which kinds of social consideration a market has, not the
-- hours or rates a clause of this API needs, so no clause is made up.

CREATE TABLE decp_records (
	market_id	uuid PRIMARY KEY REFERENCES markets (id)
			    ON DELETE CASCADE,
	decp_id		text NOT NULL CHECK (length(decp_id) BETWEEN 1 AND 16),
	buyer_siret	text NOT NULL,
	record		jsonb NOT NULL,
	clause_kinds	text[] NOT NULL DEFAULT '{}'
			    CHECK (clause_kinds <@ ARRAY['execution_condition',
			    'award_criterion', 'reserved']),
	imported_at	timestamptz NOT NULL,
	UNIQUE (decp_id, buyer_siret)
);

-- The organisation with this SIRET, created with kind k when unknown.
CREATE FUNCTION decp_organisation(p_siret text, k text, label text,
    at timestamptz) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
	o organisations;
BEGIN
	SELECT * INTO o FROM organisations t WHERE t.siret = p_siret;
	IF FOUND THEN
		RETURN o.id;
	END IF;
	o := organisation_merge(organisation_defaults(), jsonb_build_object(
	    'name', label || ' ' || p_siret, 'kind', k, 'siret', p_siret));
	o.id := gen_random_uuid();
	o.created_at := at;
	o.updated_at := at;
	INSERT INTO organisations SELECT o.*;
	RETURN o.id;
END
$$;

-- The commune of a place: an INSEE code, or a postal code that only one
-- commune has. NULL and a warning otherwise.
CREATE FUNCTION decp_commune(p_code text, p_type text, OUT commune char(5),
    OUT warnings jsonb)
LANGUAGE plpgsql STABLE AS $$
BEGIN
	warnings := '[]';
	IF p_code IS NULL THEN
		RETURN;
	END IF;
	IF p_type = 'Code commune' THEN
		SELECT c.code INTO commune FROM communes c WHERE c.code = p_code;
	ELSIF p_type = 'Code postal' THEN
		SELECT min(c.code) INTO commune FROM communes c
		WHERE c.postal_code = p_code HAVING count(*) = 1;
	END IF;
	IF commune IS NULL THEN
		warnings := jsonb_build_array(jsonb_build_object('field',
		    '/lieuExecution/code', 'code', 'invalid', 'detail',
		    'Not the code of one commune of Mayotte: kept in the '
		    'record, the market has no commune.'));
	END IF;
END
$$;

-- One record: m as core/decp.c mapped it, rec the record itself.
CREATE FUNCTION decp_import_one(m jsonb, rec jsonb, at timestamptz,
    OUT status text, OUT market_id uuid, OUT errors jsonb,
    OUT warnings jsonb)
LANGUAGE plpgsql AS $$
DECLARE
	mk markets;
	buyer uuid;
	place record;
	lot uuid;
	h jsonb;
	holder uuid;
	starts date := (m->>'notification_date')::date;
	months integer := coalesce((m->>'duration_months')::int, 1);
BEGIN
	errors := '[]';
	place := decp_commune(m->>'place_code', m->>'place_type');
	warnings := place.warnings;
	buyer := decp_organisation(m->>'buyer_siret', 'buyer_public',
	    'Acheteur', at);
	SELECT t.* INTO mk FROM markets t
	LEFT JOIN decp_records d ON d.market_id = t.id
	WHERE t.buyer_id = buyer AND (d.decp_id = m->>'decp_id' OR
	    (d.market_id IS NULL AND t.reference = m->>'decp_id'))
	FOR UPDATE OF t;
	IF NOT FOUND THEN
		INSERT INTO markets (buyer_id, reference, object, cpv_code,
		    nature, procedure, amount, notification_date,
		    duration_months, start_date, end_date, commune_insee,
		    status, decp_id, created_at, updated_at)
		VALUES (buyer, m->>'decp_id', m->>'object', m->>'cpv_code',
		    m->>'nature', m->>'procedure',
		    round((m->>'amount')::numeric, 2), starts, months, starts,
		    (starts + make_interval(months => months))::date,
		    place.commune, 'awarded', m->>'decp_id', at, at)
		RETURNING * INTO mk;
		status := 'created';
	ELSE
		UPDATE markets t SET object = m->>'object',
		    cpv_code = m->>'cpv_code', nature = m->>'nature',
		    procedure = m->>'procedure',
		    amount = round((m->>'amount')::numeric, 2),
		    notification_date = starts, duration_months = months,
		    start_date = starts,
		    end_date = (starts + make_interval(months => months))::date,
		    commune_insee = coalesce(place.commune, t.commune_insee),
		    decp_id = m->>'decp_id', updated_at = at,
		    version = t.version + 1
		WHERE t.id = mk.id RETURNING * INTO mk;
		status := 'updated';
	END IF;

	SELECT l.id INTO lot FROM lots l WHERE l.market_id = mk.id
	ORDER BY l.number LIMIT 1;
	IF lot IS NULL THEN
		INSERT INTO lots (market_id, number, title, amount, created_at,
		    updated_at)
		VALUES (mk.id, 1, left(mk.object, 300), mk.amount, at, at)
		RETURNING id INTO lot;
	END IF;
	FOR h IN SELECT jsonb_array_elements(m->'holders') LOOP
		CONTINUE WHEN NOT (h->>'siret')::boolean;
		holder := decp_organisation(h->>'id', 'company', 'Titulaire',
		    at);
		IF NOT EXISTS (SELECT 1 FROM attributions a
		    WHERE a.lot_id = lot AND a.organisation_id = holder) THEN
			INSERT INTO attributions (lot_id, organisation_id,
			    role, created_at, updated_at)
			VALUES (lot, holder, 'holder', at, at);
		END IF;
	END LOOP;

	INSERT INTO decp_records (market_id, decp_id, buyer_siret, record,
	    clause_kinds, imported_at)
	VALUES (mk.id, m->>'decp_id', m->>'buyer_siret', rec,
	    jsonb_text_array(m->'clause_kinds'), at)
	ON CONFLICT ON CONSTRAINT decp_records_pkey DO UPDATE SET decp_id = EXCLUDED.decp_id,
	    buyer_siret = EXCLUDED.buyer_siret, record = EXCLUDED.record,
	    clause_kinds = EXCLUDED.clause_kinds,
	    imported_at = EXCLUDED.imported_at;
	market_id := mk.id;
EXCEPTION WHEN integrity_constraint_violation OR data_exception THEN
	-- This record alone is rolled back (its own subtransaction).
	status := 'error';
	market_id := NULL;
	errors := jsonb_build_array(jsonb_build_object('field', '/',
	    'code', 'invalid', 'detail', 'The record does not fit a market '
	    'here: ' || SQLERRM));
END
$$;

-- A file: items [{"index", "kind", "decp_id", "mapped", "record",
-- "errors", "warnings"}] as the C side checked them; a record with errors,
-- and every concession, is answered without a write.
CREATE FUNCTION decp_import(items jsonb, actor uuid, at timestamptz,
    OUT status text, OUT errors jsonb, OUT body text, OUT id uuid)
LANGUAGE plpgsql AS $$
DECLARE
	it jsonb;
	r record;
	answers jsonb := '[]';
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	FOR it IN SELECT jsonb_array_elements(items) LOOP
		IF it->>'kind' = 'concession' OR
		    jsonb_array_length(it->'errors') > 0 THEN
			answers := answers || jsonb_build_object('index',
			    it->'index', 'decp_id', it->'decp_id', 'kind',
			    it->'kind', 'status', CASE WHEN it->>'kind' =
			    'concession' THEN 'skipped' ELSE 'error' END,
			    'market_id', NULL, 'errors', it->'errors',
			    'warnings', it->'warnings');
			CONTINUE;
		END IF;
		SELECT * INTO r FROM decp_import_one(it->'mapped',
		    it->'record', at) x;
		answers := answers || jsonb_build_object('index', it->'index',
		    'decp_id', it->'decp_id', 'kind', 'marche', 'status',
		    r.status, 'market_id', r.market_id, 'errors', r.errors,
		    'warnings', (it->'warnings') || r.warnings);
	END LOOP;
	status := 'ok';
	body := jsonb_build_object('items', answers)::text;
END
$$;

-- A market as a DECP marche: its imported record, if any, with what this
-- API knows overriding it; a market made here names its reference as id.
-- Fields nobody gave stay absent (the export's check names them).
CREATE FUNCTION decp_json(mk markets) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT coalesce(d.record, '{}'::jsonb) || jsonb_strip_nulls(
	    jsonb_build_object(
		'id', coalesce(d.decp_id, mk.decp_id, mk.reference),
		'acheteur', CASE WHEN b.siret IS NOT NULL THEN
		    jsonb_build_object('id', b.siret) END,
		'nature', CASE WHEN d.record IS NULL THEN 'Marché' END,
		'objet', mk.object, 'codeCPV', mk.cpv_code,
		'procedure', CASE WHEN d.record IS NULL THEN mk.procedure
		    ELSE d.record->>'procedure' END,
		'montant', mk.amount, 'dureeMois', mk.duration_months,
		'dateNotification', to_char(mk.notification_date,
		    'YYYY-MM-DD'),
		'lieuExecution', CASE WHEN d.record ? 'lieuExecution' AND
		    mk.commune_insee IS NOT DISTINCT FROM d.commune
		    THEN d.record->'lieuExecution'
		    WHEN mk.commune_insee IS NOT NULL THEN jsonb_build_object(
		    'code', mk.commune_insee, 'typeCode', 'Code commune') END,
		'titulaires', CASE WHEN d.record IS NULL THEN (SELECT
		    jsonb_agg(DISTINCT jsonb_build_object('titulaire',
		    jsonb_build_object('id', o.siret, 'typeIdentifiant',
		    'SIRET'))) FROM lots l JOIN attributions a
		    ON a.lot_id = l.id JOIN organisations o
		    ON o.id = a.organisation_id WHERE l.market_id = mk.id
		    AND a.role IN ('holder', 'co_contractor', 'lead')
		    AND o.siret IS NOT NULL) END,
		'considerationsSociales', CASE WHEN d.record IS NULL THEN
		    jsonb_build_object('considerationSociale', coalesce((
		    SELECT jsonb_agg(DISTINCT CASE c.type
			WHEN 'execution_condition' THEN 'Clause sociale'
			WHEN 'award_criterion' THEN 'Critère social'
			ELSE 'Marché réservé' END)
		    FROM lots l JOIN clauses c ON c.lot_id = l.id
		    WHERE l.market_id = mk.id),
		    '["Pas de considération sociale"]'::jsonb)) END))
	FROM (SELECT NULL) x
	LEFT JOIN (SELECT r.*, (SELECT commune FROM decp_commune(
	    r.record->'lieuExecution'->>'code',
	    r.record->'lieuExecution'->>'typeCode')) AS commune
	    FROM decp_records r WHERE r.market_id = mk.id) d ON true
	LEFT JOIN organisations b ON b.id = mk.buyer_id
$$;
