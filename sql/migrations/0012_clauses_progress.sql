-- Progress of clauses and markets, alerts, amendments. "today" is always a
-- parameter (Mayotte's date from the application's clock), never now(),
-- so that lateness is tested at chosen dates.
--
-- expected_hours = required × (today − start) ÷ (end − start), clamped to
-- 0..required, half-up to the hundredth; status is met when validated ≥
-- required, late when validated < 90 % of expected, else on_track;
-- penalties = penalty_per_hour × (expected − validated) when positive.

-- Only validated entries that no validated correction replaced count.
CREATE FUNCTION lot_hours(p_lot uuid, OUT validated numeric,
    OUT declared numeric, OUT by_mode jsonb)
LANGUAGE sql STABLE AS $$
	WITH e AS (SELECT h.*, x.mode FROM hours_entries h
	    JOIN insertion_actions x ON x.id = h.action_id
	    JOIN attributions a ON a.id = x.attribution_id
	    WHERE a.lot_id = p_lot AND h.status <> 'rejected'
	    AND h.replaced_by IS NULL)
	SELECT
	    coalesce((SELECT sum(hours) FROM e WHERE status = 'validated'), 0),
	    coalesce((SELECT sum(hours) FROM e WHERE NOT EXISTS (SELECT 1
		FROM e c WHERE c.corrects_id = e.id AND c.status = 'declared')),
		0),
	    coalesce((SELECT jsonb_object_agg(mode, total) FROM (SELECT mode,
		sum(hours) AS total FROM e WHERE status = 'validated'
		GROUP BY mode) s), '{}'::jsonb)
$$;

CREATE FUNCTION expected_hours(required numeric, start_date date,
    end_date date, today date) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN today <= start_date THEN 0
	    WHEN today >= end_date THEN required
	    ELSE round(div(2 * (required * 100) * (today - start_date) +
		(end_date - start_date), 2 * (end_date - start_date)) / 100, 2)
	    END
$$;

CREATE FUNCTION progress_status(required numeric, validated numeric,
    expected numeric) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN validated >= required THEN 'met'
	    WHEN validated < 0.9 * expected THEN 'late'
	    ELSE 'on_track' END
$$;

CREATE FUNCTION progress_percent(required numeric, validated numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN required = 0 THEN 100
	    ELSE round(validated * 100 / required, 2) END
$$;

-- The figures of one clause at today.
CREATE FUNCTION clause_figures(c clauses, today date, OUT required numeric,
    OUT declared numeric, OUT validated numeric, OUT expected numeric,
    OUT by_mode jsonb, OUT penalties numeric, OUT end_date date)
LANGUAGE sql STABLE AS $$
	SELECT clause_required(c), h.declared, h.validated,
	    expected_hours(clause_required(c), m.start_date, m.end_date, today),
	    h.by_mode,
	    round(coalesce(c.penalty_per_hour, 0) * greatest(expected_hours(
		clause_required(c), m.start_date, m.end_date, today) -
		h.validated, 0), 2),
	    m.end_date
	FROM lots l JOIN markets m ON m.id = l.market_id,
	    lot_hours(l.id) h
	WHERE l.id = c.lot_id
$$;

CREATE FUNCTION figures_json(required numeric, declared numeric,
    validated numeric, expected numeric) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT jsonb_build_object('required_hours', required,
	    'declared_hours', declared, 'validated_hours', validated,
	    'remaining_hours', greatest(required - validated, 0),
	    'percent', progress_percent(required, validated),
	    'expected_hours', expected,
	    'status', progress_status(required, validated, expected))
$$;

CREATE FUNCTION clause_progress_json(c clauses, today date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT figures_json(f.required, f.declared, f.validated, f.expected) ||
	    jsonb_build_object('clause_id', c.id, 'lot_id', c.lot_id,
	    'today', today, 'hours_by_mode', f.by_mode,
	    'penalties', f.penalties,
	    'pool', CASE WHEN c.pool_id IS NULL THEN NULL ELSE (SELECT
		figures_json(sum(p.required), sum(p.declared),
		sum(p.validated), sum(p.expected)) || jsonb_build_object(
		'pool_id', c.pool_id, 'clauses', count(*))
		FROM clauses o, clause_figures(o, today) p
		WHERE o.pool_id = c.pool_id) END)
	FROM clause_figures(c, today) f
$$;

CREATE FUNCTION market_progress_json(m markets, today date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	WITH f AS (SELECT c.id, f.* FROM lots l JOIN clauses c
	    ON c.lot_id = l.id, clause_figures(c, today) f
	    WHERE l.market_id = m.id),
	modes AS (SELECT key AS mode, sum(value::numeric) AS total
	    FROM f, jsonb_each_text(f.by_mode) GROUP BY key)
	SELECT figures_json(coalesce(sum(required), 0),
	    coalesce(sum(declared), 0), coalesce(sum(validated), 0),
	    coalesce(sum(expected), 0)) || jsonb_build_object(
	    'market_id', m.id, 'today', today,
	    'hours_by_mode', coalesce((SELECT jsonb_object_agg(mode, total)
		FROM modes), '{}'::jsonb),
	    'penalties', coalesce(sum(penalties), 0),
	    'clauses', coalesce(jsonb_agg(jsonb_build_object('clause_id', id,
		'status', progress_status(required, validated, expected),
		'required_hours', required, 'validated_hours', validated,
		'expected_hours', expected) ORDER BY id) FILTER (WHERE id IS
		NOT NULL), '[]'::jsonb))
	FROM f
$$;

-- Alerts at today, for staff (own NULL) or one organisation: late
-- clauses; declarations waiting over 30 days; markets ending within 60
-- days with hours remaining.
CREATE FUNCTION alerts_json(own uuid, today date, at timestamptz)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
	WITH c AS (SELECT c.*, m.id AS market_id, m.reference, f.*
	    FROM clauses c JOIN lots l ON l.id = c.lot_id
	    JOIN markets m ON m.id = l.market_id,
	    clause_figures(c, today) f
	    WHERE m.status <> 'closed' AND (own IS NULL OR m.buyer_id = own
	    OR lot_reach(l.id, own))),
	a AS (
	    SELECT 'late_clause' AS kind, c.market_id, c.id AS clause_id,
		NULL::uuid AS hours_id, c.end_date AS due,
		'Clause of market ' || c.reference || ': ' || c.validated ||
		' h validated of ' || c.expected || ' h expected by today.'
		AS detail
	    FROM c WHERE progress_status(c.required, c.validated,
		c.expected) = 'late'
	    UNION ALL
	    SELECT 'contract_ending', c.market_id, c.id, NULL, c.end_date,
		'Market ' || c.reference || ' ends on ' || c.end_date ||
		' with ' || (c.required - c.validated) || ' h remaining.'
	    FROM c WHERE c.end_date BETWEEN today AND today + 60
		AND c.validated < c.required
	    UNION ALL
	    SELECT 'pending_validation', l.market_id, NULL, h.id,
		(h.created_at + interval '30 days')::date,
		'Hours of ' || h.month || ' waiting for validation since ' ||
		to_char(h.created_at, 'YYYY-MM-DD') || '.'
	    FROM hours_entries h JOIN insertion_actions x ON x.id = h.action_id
	    JOIN attributions t ON t.id = x.attribution_id
	    JOIN lots l ON l.id = t.lot_id
	    WHERE h.status = 'declared' AND h.created_at < at - interval '30 days'
	    AND action_reach(x, own))
	SELECT jsonb_build_object('items', coalesce(jsonb_agg(
	    jsonb_build_object('kind', kind, 'market_id', market_id,
	    'clause_id', clause_id, 'hours_id', hours_id, 'due', due,
	    'detail', detail) ORDER BY kind, due, market_id, clause_id,
	    hours_id), '[]'::jsonb), 'today', today)
	FROM a
$$;

-- Amendment (avenant): changes amount, duration or end date; the single
-- lot of a one-lot market follows the amount; required hours are
-- recomputed with their history. Staff only (the route says so).
CREATE FUNCTION amendment_json(a market_amendments) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', a.id, 'market_id', a.market_id,
	    'number', a.number, 'date', a.date, 'reason', a.reason,
	    'amount', a.amount, 'duration_months', a.duration_months,
	    'end_date', a.end_date, 'previous', a.previous,
	    'required_hours', coalesce((SELECT jsonb_agg(jsonb_build_object(
		'clause_id', h.clause_id, 'previous_hours', h.previous_hours,
		'required_hours', h.required_hours) ORDER BY h.clause_id)
		FROM clause_hours_history h WHERE h.amendment_id = a.id),
		'[]'::jsonb),
	    'created_by', a.created_by, 'created_at', asr_time(a.created_at))
$$;

CREATE FUNCTION amendment_create(p_market uuid, p jsonb, actor uuid,
    own uuid, at timestamptz, OUT status text, OUT errors jsonb, OUT body text,
    OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	m markets;
	a market_amendments;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO m FROM markets t WHERE t.id = p_market FOR UPDATE;
	IF NOT FOUND OR NOT market_reach(m, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	a := jsonb_populate_record(NULL::market_amendments, p);
	IF a.end_date IS NULL AND a.duration_months IS NOT NULL THEN
		a.end_date := (m.start_date + make_interval(
		    months => a.duration_months) - interval '1 day')::date;
	END IF;
	IF a.end_date < m.start_date THEN
		errors := field_error('end_date', 'invalid',
		    'A market ends on or after its start_date.');
		status := 'invalid';
		RETURN;
	END IF;
	a.id := gen_random_uuid();
	a.market_id := m.id;
	a.number := 1 + (SELECT count(*) FROM market_amendments t
	    WHERE t.market_id = m.id);
	a.previous := jsonb_build_object('amount', m.amount,
	    'duration_months', m.duration_months, 'end_date', m.end_date);
	a.created_by := actor;
	a.created_at := at;
	INSERT INTO market_amendments SELECT a.* RETURNING * INTO a;
	IF a.amount IS NOT NULL AND (SELECT count(*) FROM lots l
	    WHERE l.market_id = m.id) = 1 THEN
		UPDATE lots l SET amount = a.amount, updated_at = at,
		    version = l.version + 1
		WHERE l.market_id = m.id;
	END IF;
	UPDATE markets t SET amount = coalesce(a.amount, t.amount),
	    duration_months = coalesce(a.duration_months, t.duration_months),
	    end_date = coalesce(a.end_date, t.end_date), updated_at = at,
	    version = t.version + 1
	WHERE t.id = m.id;
	PERFORM clauses_recompute(m.id, NULL, a.id, at);
	status := 'ok';
	body := amendment_json(a)::text;
	id := a.id;
	version := 1;
END
$$;
