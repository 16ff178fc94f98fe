-- Writes of the social clauses, one function each, in the catalogue's way
-- (0004): the body's shape is checked in C, then the function checks the
-- account, the reach (own: the caller's organisation, NULL for staff), the
-- rights on the object, the data, the version, and writes; it returns
-- (status, errors, body[, id], version) where status is actor_disabled,
-- not_found, forbidden, invalid, precondition, conflict or ok.

CREATE FUNCTION field_error(field text, code text, detail text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT jsonb_build_array(jsonb_build_object('field', field,
	    'code', code, 'detail', detail))
$$;

-- Market

CREATE FUNCTION market_errors(m markets) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT
	    CASE WHEN NOT EXISTS (SELECT 1 FROM organisations o
		WHERE o.id = m.buyer_id AND o.kind IN ('buyer_public',
		'buyer_private', 'cress'))
	    THEN field_error('buyer_id', 'invalid',
		'No such buyer organisation.')
	    ELSE '[]'::jsonb END ||
	    CASE WHEN m.end_date IS NULL THEN field_error('end_date',
		'required', 'Give end_date or duration_months.')
	    WHEN m.end_date < m.start_date THEN field_error('end_date',
		'invalid', 'A market ends on or after its start_date.')
	    ELSE '[]'::jsonb END ||
	    code_errors('commune_insee', ARRAY[m.commune_insee]::text[] ||
		'{}'::text[], ARRAY(SELECT code::text FROM communes), NULL) ||
	    CASE WHEN m.framework_id IS NOT NULL AND (m.framework_id = m.id OR
		NOT EXISTS (SELECT 1 FROM markets f WHERE f.id = m.framework_id
		AND f.buyer_id = m.buyer_id))
	    THEN field_error('framework_id', 'invalid',
		'No framework agreement of this buyer has this id.')
	    ELSE '[]'::jsonb END
$$;

CREATE FUNCTION market_fill(m markets) RETURNS markets
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF m.end_date IS NULL AND m.duration_months IS NOT NULL THEN
		m.end_date := (m.start_date + make_interval(
		    months => m.duration_months) - interval '1 day')::date;
	END IF;
	RETURN m;
END
$$;

CREATE FUNCTION market_create(p jsonb, actor uuid, own uuid, at timestamptz,
    OUT status text, OUT errors jsonb, OUT body text, OUT id uuid,
    OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	m markets;
	l jsonb;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	m := jsonb_populate_record(jsonb_populate_record(NULL::markets,
	    '{"status": "draft", "version": 1}'), p - 'lots');
	m.id := gen_random_uuid();
	IF own IS NOT NULL AND own <> m.buyer_id THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF own IS NOT NULL AND m.status <> 'draft' THEN
		status := 'forbidden';
		RETURN;
	END IF;
	m := market_fill(m);
	errors := market_errors(m);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	m.created_at := at;
	m.updated_at := at;
	BEGIN
		INSERT INTO markets SELECT m.* RETURNING * INTO m;
		IF jsonb_array_length(coalesce(p->'lots', '[]')) = 0 THEN
			INSERT INTO lots (market_id, number, title, amount,
			    created_at, updated_at)
			VALUES (m.id, 1, 'Lot unique', m.amount, at, at);
		END IF;
		FOR l IN SELECT * FROM jsonb_array_elements(p->'lots') LOOP
			INSERT INTO lots (market_id, number, title, amount,
			    labour_share, created_at, updated_at)
			VALUES (m.id, (l->>'number')::integer, l->>'title',
			    (l->>'amount')::numeric,
			    (l->>'labour_share')::numeric, at, at);
		END LOOP;
	EXCEPTION WHEN unique_violation THEN
		status := 'conflict';
		RETURN;
	END;
	status := 'ok';
	body := market_json(m)::text;
	id := m.id;
	version := m.version;
END
$$;

-- Recomputes the required hours of the clauses of one lot (all lots of
-- the market when p_lot is NULL), keeping the history of every change.
CREATE FUNCTION clauses_recompute(p_market uuid, p_lot uuid,
    p_amendment uuid, at timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	r record;
	c clauses;
	hours numeric;
BEGIN
	FOR r IN SELECT c2 AS c, l2 AS l FROM clauses c2 JOIN lots l2
	    ON l2.id = c2.lot_id WHERE l2.market_id = p_market
	    AND (p_lot IS NULL OR l2.id = p_lot) LOOP
		c := r.c;
		hours := clause_computed_hours(c, r.l);
		IF hours IS DISTINCT FROM c.computed_hours OR
		    p_amendment IS NOT NULL THEN
			UPDATE clauses t SET computed_hours = hours,
			    updated_at = at, version = t.version + 1
			WHERE t.id = c.id;
			INSERT INTO clause_hours_history (clause_id,
			    amendment_id, required_hours, previous_hours, at)
			VALUES (c.id, p_amendment, coalesce(c.override_hours,
			    hours), clause_required(c), at);
		END IF;
	END LOOP;
END
$$;

CREATE FUNCTION market_update(p_id uuid, p jsonb, versions integer[],
    actor uuid, own uuid, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	m markets;
	old markets;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO old FROM markets t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR NOT market_reach(old, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	m := jsonb_populate_record(old, p);
	IF own IS NOT NULL AND (old.buyer_id <> own OR old.status <> 'draft'
	    OR m.status <> 'draft' OR m.buyer_id <> own) THEN
		status := 'forbidden';
		RETURN;
	END IF;
	IF p ? 'duration_months' AND NOT p ? 'end_date' THEN
		m.end_date := NULL;
	END IF;
	m := market_fill(m);
	errors := market_errors(m);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (old.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	BEGIN
		UPDATE markets t SET buyer_id = m.buyer_id,
		    reference = m.reference, object = m.object,
		    cpv_code = m.cpv_code, nature = m.nature,
		    procedure = m.procedure, amount = m.amount,
		    notification_date = m.notification_date,
		    duration_months = m.duration_months,
		    start_date = m.start_date, end_date = m.end_date,
		    commune_insee = m.commune_insee, status = m.status,
		    decp_id = m.decp_id, framework_id = m.framework_id,
		    updated_at = at, version = t.version + 1
		WHERE t.id = p_id RETURNING * INTO m;
	EXCEPTION WHEN unique_violation THEN
		status := 'conflict';
		RETURN;
	END;
	status := 'ok';
	body := market_json(m)::text;
	version := m.version;
END
$$;

-- May write under the market: staff, or its buyer while it is a draft.
CREATE FUNCTION market_writer(m markets, own uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT own IS NULL OR (m.buyer_id = own AND m.status = 'draft')
$$;

-- Lot

CREATE FUNCTION lot_create(p_market uuid, p jsonb, actor uuid, own uuid,
    at timestamptz, OUT status text, OUT errors jsonb, OUT body text,
    OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	m markets;
	l lots;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO m FROM markets t WHERE t.id = p_market;
	IF NOT FOUND OR NOT market_reach(m, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF NOT market_writer(m, own) THEN
		status := 'forbidden';
		RETURN;
	END IF;
	l := jsonb_populate_record(NULL::lots, p);
	l.id := gen_random_uuid();
	l.market_id := m.id;
	l.version := 1;
	l.created_at := at;
	l.updated_at := at;
	BEGIN
		INSERT INTO lots SELECT l.* RETURNING * INTO l;
	EXCEPTION WHEN unique_violation THEN
		status := 'conflict';
		RETURN;
	END;
	status := 'ok';
	body := lot_json(l)::text;
	id := l.id;
	version := l.version;
END
$$;

CREATE FUNCTION lot_update(p_id uuid, p jsonb, versions integer[],
    actor uuid, own uuid, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	m markets;
	l lots;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO l FROM lots t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR NOT lot_reach(p_id, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	SELECT * INTO m FROM markets t WHERE t.id = l.market_id;
	IF NOT market_writer(m, own) THEN
		status := 'forbidden';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (l.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	l := jsonb_populate_record(l, p);
	IF EXISTS (SELECT 1 FROM clauses c WHERE c.lot_id = l.id
	    AND clause_computed_hours(c, l) >= 10000000000) THEN
		errors := field_error('amount', 'range', 'The required hours of '
		    'a clause of this lot would exceed 10 billion.');
		status := 'invalid';
		RETURN;
	END IF;
	BEGIN
		UPDATE lots t SET number = l.number, title = l.title,
		    amount = l.amount, labour_share = l.labour_share,
		    updated_at = at, version = t.version + 1
		WHERE t.id = p_id RETURNING * INTO l;
	EXCEPTION WHEN unique_violation THEN
		status := 'conflict';
		RETURN;
	END;
	PERFORM clauses_recompute(l.market_id, l.id, NULL, at);
	status := 'ok';
	body := lot_json(l)::text;
	version := l.version;
END
$$;

-- Clause

CREATE FUNCTION clause_errors(c clauses, l lots, m markets) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT
	    CASE WHEN c.type = 'reserved' AND c.reserved_kind IS NULL
	    THEN field_error('reserved_kind', 'required',
		'A reserved clause names its reservation kind.')
	    ELSE '[]'::jsonb END ||
	    CASE WHEN c.type = 'award_criterion' AND c.criterion_weight IS NULL
	    THEN field_error('criterion_weight', 'required',
		'An award criterion has a weight.')
	    ELSE '[]'::jsonb END ||
	    CASE WHEN c.rule = 'amount_based' AND (l.labour_share IS NULL OR
		l.labour_share = 0)
	    THEN field_error('rule', 'invalid', 'The amount_based rule needs '
		'the lot''s labour_share; set it on the lot first.')
	    ELSE '[]'::jsonb END ||
	    CASE WHEN c.rule = 'hours_share' AND c.hours_worked IS NULL
	    THEN field_error('hours_worked', 'required',
		'The hours_share rule needs the hours worked.')
	    ELSE '[]'::jsonb END ||
	    CASE WHEN clause_computed_hours(c, l) >= 10000000000
	    THEN field_error('rule', 'range', 'The required hours would '
		'exceed 10 billion: check the amount, shares and hourly cost.')
	    ELSE '[]'::jsonb END ||
	    CASE WHEN c.override_hours IS NOT NULL AND c.override_reason IS NULL
	    THEN field_error('override_reason', 'required',
		'Overriding the required hours needs a reason.')
	    ELSE '[]'::jsonb END ||
	    CASE WHEN c.pool_id IS NOT NULL AND EXISTS (SELECT 1
		FROM clauses o JOIN lots ol ON ol.id = o.lot_id
		JOIN markets om ON om.id = ol.market_id
		WHERE o.pool_id = c.pool_id AND om.buyer_id <> m.buyer_id)
	    THEN field_error('pool_id', 'invalid',
		'Hours are pooled across markets of one buyer only.')
	    ELSE '[]'::jsonb END
$$;

CREATE FUNCTION clause_create(p_lot uuid, p jsonb, actor uuid, own uuid,
    at timestamptz, OUT status text, OUT errors jsonb, OUT body text,
    OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	m markets;
	l lots;
	c clauses;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO l FROM lots t WHERE t.id = p_lot;
	IF NOT FOUND OR NOT lot_reach(p_lot, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	SELECT * INTO m FROM markets t WHERE t.id = l.market_id;
	IF NOT market_writer(m, own) THEN
		status := 'forbidden';
		RETURN;
	END IF;
	c := jsonb_populate_record(NULL::clauses, p);
	c.insertion_rate := coalesce(c.insertion_rate,
	    territory_parameter('hours_share_default'));
	IF c.rule = 'amount_based' THEN
		c.hourly_cost := coalesce(c.hourly_cost,
		    territory_parameter('hourly_cost_default'));
	END IF;
	errors := clause_errors(c, l, m);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	c.id := gen_random_uuid();
	c.lot_id := l.id;
	c.computed_hours := clause_computed_hours(c, l);
	c.version := 1;
	c.created_at := at;
	c.updated_at := at;
	INSERT INTO clauses SELECT c.* RETURNING * INTO c;
	INSERT INTO clause_hours_history (clause_id, required_hours, at)
	VALUES (c.id, clause_required(c), at);
	status := 'ok';
	body := clause_json(c)::text;
	id := c.id;
	version := c.version;
END
$$;

CREATE FUNCTION clause_update(p_id uuid, p jsonb, versions integer[],
    actor uuid, own uuid, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	m markets;
	l lots;
	c clauses;
	before numeric;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO c FROM clauses t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR NOT lot_reach(c.lot_id, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	SELECT * INTO l FROM lots t WHERE t.id = c.lot_id;
	SELECT * INTO m FROM markets t WHERE t.id = l.market_id;
	IF NOT market_writer(m, own) THEN
		status := 'forbidden';
		RETURN;
	END IF;
	before := clause_required(c);
	c := jsonb_populate_record(c, p);
	IF p ? 'override_hours' AND p->'override_hours' = 'null' AND
	    NOT p ? 'override_reason' THEN
		c.override_reason := NULL;
	END IF;
	IF c.rule = 'amount_based' THEN
		c.hourly_cost := coalesce(c.hourly_cost,
		    territory_parameter('hourly_cost_default'));
	END IF;
	errors := clause_errors(c, l, m);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (c.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	c.computed_hours := clause_computed_hours(c, l);
	UPDATE clauses t SET type = c.type, reserved_kind = c.reserved_kind,
	    criterion_weight = c.criterion_weight, rule = c.rule,
	    insertion_rate = c.insertion_rate, hourly_cost = c.hourly_cost,
	    hours_worked = c.hours_worked, computed_hours = c.computed_hours,
	    override_hours = c.override_hours,
	    override_reason = c.override_reason,
	    penalty_per_hour = c.penalty_per_hour, pool_id = c.pool_id,
	    updated_at = at, version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO c;
	IF clause_required(c) IS DISTINCT FROM before THEN
		INSERT INTO clause_hours_history (clause_id, required_hours,
		    previous_hours, at)
		VALUES (c.id, clause_required(c), before, at);
	END IF;
	status := 'ok';
	body := clause_json(c)::text;
	version := c.version;
END
$$;

-- Attribution (staff only: the route says so)

CREATE FUNCTION attribution_create(p_lot uuid, p jsonb, actor uuid,
    own uuid, at timestamptz, OUT status text, OUT errors jsonb, OUT body text,
    OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	a attributions;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM lots t WHERE t.id = p_lot) OR
	    NOT lot_reach(p_lot, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	a := jsonb_populate_record(NULL::attributions, p);
	IF NOT EXISTS (SELECT 1 FROM organisations o
	    WHERE o.id = a.organisation_id) THEN
		errors := field_error('organisation_id', 'invalid',
		    'No such organisation.');
		status := 'invalid';
		RETURN;
	END IF;
	a.id := gen_random_uuid();
	a.lot_id := p_lot;
	a.version := 1;
	a.created_at := at;
	a.updated_at := at;
	INSERT INTO attributions SELECT a.* RETURNING * INTO a;
	status := 'ok';
	body := attribution_json(a)::text;
	id := a.id;
	version := a.version;
END
$$;

CREATE FUNCTION attribution_update(p_id uuid, p jsonb, versions integer[],
    actor uuid, own uuid, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	a attributions;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO a FROM attributions t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR NOT attribution_reach(a, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	a := jsonb_populate_record(a, p);
	IF NOT EXISTS (SELECT 1 FROM organisations o
	    WHERE o.id = a.organisation_id) THEN
		errors := field_error('organisation_id', 'invalid',
		    'No such organisation.');
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (a.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	UPDATE attributions t SET organisation_id = a.organisation_id,
	    role = a.role, amount = a.amount, updated_at = at,
	    version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO a;
	status := 'ok';
	body := attribution_json(a)::text;
	version := a.version;
END
$$;

-- Insertion action: staff, or the attributed organisation

CREATE FUNCTION action_errors(x insertion_actions) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT
	    code_errors('mode', ARRAY[x.mode],
		ARRAY(SELECT code FROM insertion_modes), NULL) ||
	    code_errors('contract_type', ARRAY[x.contract_type]::text[] ||
		'{}'::text[], ARRAY(SELECT code FROM contract_types), NULL) ||
	    CASE WHEN x.siae_id IS NOT NULL AND NOT EXISTS (SELECT 1
		FROM organisations o WHERE o.id = x.siae_id
		AND o.kind IN ('siae', 'geiq', 'handicap', 'ess'))
	    THEN field_error('siae_id', 'invalid',
		'No such SIAE or GEIQ organisation.')
	    ELSE '[]'::jsonb END ||
	    CASE WHEN x.end_date < x.start_date
	    THEN field_error('end_date', 'invalid',
		'An action ends on or after its start_date.')
	    ELSE '[]'::jsonb END
$$;

CREATE FUNCTION action_create(p_attribution uuid, p jsonb, actor uuid,
    own uuid, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	a attributions;
	x insertion_actions;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO a FROM attributions t WHERE t.id = p_attribution;
	IF NOT FOUND OR NOT attribution_reach(a, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF own IS NOT NULL AND a.organisation_id <> own THEN
		status := 'forbidden';
		RETURN;
	END IF;
	x := jsonb_populate_record(NULL::insertion_actions, p);
	errors := action_errors(x);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	x.id := gen_random_uuid();
	x.attribution_id := a.id;
	x.version := 1;
	x.created_at := at;
	x.updated_at := at;
	INSERT INTO insertion_actions SELECT x.* RETURNING * INTO x;
	status := 'ok';
	body := action_json(x)::text;
	id := x.id;
	version := x.version;
END
$$;

CREATE FUNCTION action_update(p_id uuid, p jsonb, versions integer[],
    actor uuid, own uuid, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	a attributions;
	x insertion_actions;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO x FROM insertion_actions t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR NOT action_reach(x, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	SELECT * INTO a FROM attributions t WHERE t.id = x.attribution_id;
	IF own IS NOT NULL AND a.organisation_id <> own THEN
		status := 'forbidden';
		RETURN;
	END IF;
	x := jsonb_populate_record(x, p);
	errors := action_errors(x);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (x.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	UPDATE insertion_actions t SET mode = x.mode, siae_id = x.siae_id,
	    beneficiary_id = x.beneficiary_id,
	    contract_type = x.contract_type, start_date = x.start_date,
	    end_date = x.end_date, planned_hours = x.planned_hours,
	    updated_at = at, version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO x;
	status := 'ok';
	body := action_json(x)::text;
	version := x.version;
END
$$;

-- Hours

CREATE FUNCTION hours_errors(h hours_entries) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN h.hours > territory_parameter('hours_monthly_max')
	    THEN field_error('hours', 'range', 'At most ' ||
		territory_parameter('hours_monthly_max')::text ||
		' hours per month for one person (hours_monthly_max).')
	    ELSE '[]'::jsonb END
$$;

CREATE FUNCTION hours_create(p_action uuid, p jsonb, actor uuid, own uuid,
    at timestamptz, OUT status text, OUT errors jsonb, OUT body text,
    OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	x insertion_actions;
	h hours_entries;
	target hours_entries;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO x FROM insertion_actions t WHERE t.id = p_action;
	IF NOT FOUND OR NOT action_reach(x, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF NOT action_declarer(x, own) THEN
		status := 'forbidden';
		RETURN;
	END IF;
	h := jsonb_populate_record(NULL::hours_entries, p);
	errors := hours_errors(h);
	IF h.corrects_id IS NOT NULL THEN
		SELECT * INTO target FROM hours_entries t
		WHERE t.id = h.corrects_id AND t.action_id = x.id FOR UPDATE;
		IF NOT FOUND OR target.status <> 'validated' OR
		    target.replaced_by IS NOT NULL THEN
			errors := errors || field_error('corrects_id',
			    'invalid', 'A correction replaces a validated '
			    'entry of this action that no correction '
			    'replaced yet.');
		ELSIF target.month <> h.month THEN
			errors := errors || field_error('month', 'invalid',
			    'A correction is for the month of the entry it '
			    'corrects.');
		END IF;
	END IF;
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	h.id := gen_random_uuid();
	h.action_id := x.id;
	h.status := 'declared';
	h.declared_by := actor;
	h.version := 1;
	h.created_at := at;
	h.updated_at := at;
	BEGIN
		INSERT INTO hours_entries SELECT h.* RETURNING * INTO h;
	EXCEPTION WHEN unique_violation THEN
		status := 'conflict';
		errors := field_error('month', 'invalid', 'Hours are already '
		    'declared for this action and month; correct them '
		    'with corrects_id.');
		RETURN;
	END;
	status := 'ok';
	body := hours_json(h)::text;
	id := h.id;
	version := h.version;
END
$$;

CREATE FUNCTION hours_update(p_id uuid, p jsonb, versions integer[],
    actor uuid, own uuid, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	x insertion_actions;
	h hours_entries;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO h FROM hours_entries t WHERE t.id = p_id FOR UPDATE;
	IF FOUND THEN
		SELECT * INTO x FROM insertion_actions t
		WHERE t.id = h.action_id;
	END IF;
	IF NOT FOUND OR NOT action_reach(x, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF NOT action_declarer(x, own) THEN
		status := 'forbidden';
		RETURN;
	END IF;
	h := jsonb_populate_record(h, p);
	errors := hours_errors(h);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (h.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	IF h.status <> 'declared' THEN
		status := 'conflict';
		errors := field_error('status', 'invalid', 'Only hours still '
		    'declared may be edited; correct validated hours with a '
		    'new entry (corrects_id).');
		RETURN;
	END IF;
	UPDATE hours_entries t SET hours = h.hours, comment = h.comment,
	    updated_at = at, version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO h;
	status := 'ok';
	body := hours_json(h)::text;
	version := h.version;
END
$$;

-- A facilitator validates or rejects (staff only: the route says so).
CREATE FUNCTION hours_decide(p_id uuid, approve boolean, p_reason text,
    actor uuid, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	h hours_entries;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO h FROM hours_entries t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF h.status <> 'declared' THEN
		status := 'conflict';
		errors := field_error('status', 'invalid',
		    'These hours were already ' || h.status || '.');
		RETURN;
	END IF;
	IF approve AND h.corrects_id IS NOT NULL THEN
		UPDATE hours_entries t SET replaced_by = h.id, updated_at = at,
		    version = t.version + 1
		WHERE t.id = h.corrects_id;
	END IF;
	UPDATE hours_entries t SET status = CASE WHEN approve
	    THEN 'validated' ELSE 'rejected' END, reason = p_reason,
	    decided_by = actor, decided_at = at, updated_at = at,
	    version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO h;
	status := 'ok';
	body := hours_json(h)::text;
	version := h.version;
END
$$;

-- Visits (staff only)

CREATE FUNCTION visit_errors(v visits) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT
	    CASE WHEN v.attribution_id IS NULL AND v.action_id IS NULL
	    THEN field_error('attribution_id', 'required',
		'A visit is linked to an attribution or an action.')
	    ELSE '[]'::jsonb END ||
	    CASE WHEN v.attribution_id IS NOT NULL AND NOT EXISTS (SELECT 1
		FROM attributions a WHERE a.id = v.attribution_id)
	    THEN field_error('attribution_id', 'invalid',
		'No such attribution.')
	    ELSE '[]'::jsonb END ||
	    CASE WHEN v.action_id IS NOT NULL AND NOT EXISTS (SELECT 1
		FROM insertion_actions x WHERE x.id = v.action_id)
	    THEN field_error('action_id', 'invalid', 'No such action.')
	    ELSE '[]'::jsonb END
$$;

CREATE FUNCTION visit_create(p jsonb, actor uuid, own uuid,
    at timestamptz,
    OUT status text, OUT errors jsonb, OUT body text, OUT id uuid,
    OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	v visits;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	v := jsonb_populate_record(jsonb_populate_record(NULL::visits,
	    '{"notes": ""}'), p);
	errors := visit_errors(v);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	v.id := gen_random_uuid();
	v.visited_by := actor;
	v.version := 1;
	v.created_at := at;
	v.updated_at := at;
	INSERT INTO visits SELECT v.* RETURNING * INTO v;
	status := 'ok';
	body := visit_json(v)::text;
	id := v.id;
	version := v.version;
END
$$;

CREATE FUNCTION visit_update(p_id uuid, p jsonb, versions integer[],
    actor uuid, own uuid, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	v visits;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO v FROM visits t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		status := 'not_found';
		RETURN;
	END IF;
	v := jsonb_populate_record(v, p);
	errors := visit_errors(v);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (v.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	UPDATE visits t SET date = v.date, attribution_id = v.attribution_id,
	    action_id = v.action_id, place = v.place,
	    participants = v.participants, notes = v.notes, updated_at = at,
	    version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO v;
	status := 'ok';
	body := visit_json(v)::text;
	version := v.version;
END
$$;
