-- Reports (issue 10): indicators on clauses, people and the programme's
-- activity, the yearly figures of the national survey, and the report a
-- buyer receives at the end of a clause. Each report is one statement
-- answering (status, errors, body): 'ok' with the JSON, or 'invalid' with
-- the filters that name nothing within the caller's reach.
--
-- The figures reuse the clause logic of 0012: required hours are
-- clause_required(), only validated entries that no validated correction
-- replaced count (status 'validated', replaced_by NULL), declared hours
-- follow lot_hours() (a pending correction counts instead of its entry),
-- and expected hours, status and penalties at today come from
-- expected_hours() and progress_status(). They are computed in one pass
-- over the hours (grouped by lot) instead of lot_hours() per lot, so that a
-- report over a million entries stays under a second.
--
-- The C side (src/reports) adds what is pure arithmetic (age bands, full-
-- time equivalents, src/core/report.c) and masks small counts for buyers.
-- Every count of people is named "people" (contracts: "contracts") so that
-- the masking finds them.
--
-- Filters: own (NULL for staff, else the caller's organisation), buyer,
-- market, commune (the market's place of execution; for events where they
-- were held) and a period [from, to] (a year is its first and last day).

-- The hours of a set of actions: summed per action from this index.
CREATE INDEX hours_entries_action_idx ON hours_entries (action_id);

CREATE FUNCTION report_scope(own uuid, p_buyer uuid, p_market uuid,
    p_commune text, p_from date, p_to date) RETURNS SETOF markets
LANGUAGE sql STABLE AS $$
	SELECT * FROM markets m
	WHERE (own IS NULL OR m.buyer_id = own)
	    AND (p_buyer IS NULL OR m.buyer_id = p_buyer)
	    AND (p_market IS NULL OR m.id = p_market)
	    AND (p_commune IS NULL OR m.commune_insee = p_commune)
	    AND (p_from IS NULL OR m.end_date >= p_from)
	    AND (p_to IS NULL OR m.start_date <= p_to)
$$;

-- The filters that name nothing within reach: errors[] or NULL.
CREATE FUNCTION report_filter_errors(own uuid, p_buyer uuid, p_market uuid,
    p_commune text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT nullif(
	    CASE WHEN p_buyer IS NOT NULL AND NOT EXISTS (SELECT 1
		FROM organisations o WHERE o.id = p_buyer
		AND o.kind IN ('buyer_public', 'buyer_private')
		AND (own IS NULL OR o.id = own))
	    THEN field_error('buyer_id', 'unknown',
		'No buyer with this id within your reach.')
	    ELSE '[]'::jsonb END ||
	    CASE WHEN p_market IS NOT NULL AND NOT EXISTS (SELECT 1
		FROM markets m WHERE m.id = p_market
		AND (own IS NULL OR m.buyer_id = own))
	    THEN field_error('market_id', 'unknown',
		'No market with this id within your reach.')
	    ELSE '[]'::jsonb END ||
	    CASE WHEN p_commune IS NOT NULL AND NOT EXISTS (SELECT 1
		FROM communes c WHERE c.code = p_commune)
	    THEN field_error('commune', 'unknown',
		'Not the INSEE code of a commune of Mayotte.')
	    ELSE '[]'::jsonb END, '[]'::jsonb)
$$;

CREATE FUNCTION report_filters_json(p_buyer uuid, p_market uuid,
    p_commune text, p_from date, p_to date) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT jsonb_build_object('buyer_id', p_buyer, 'market_id', p_market,
	    'commune', p_commune, 'from', p_from, 'to', p_to)
$$;

-- Hours of the lots of the scope, per lot, buyer, mode and year: the
-- validated sum over all months (for the clauses' status), and the
-- validated and declared sums and the count of entries within the period
-- (0012's rules). The entries are summed per action first (one scan of
-- hours_entries), then per lot.
CREATE FUNCTION report_lot_hours(own uuid, p_buyer uuid, p_market uuid,
    p_commune text, p_from date, p_to date)
RETURNS TABLE (lot_id uuid, buyer_id uuid, mode text, year integer,
    validated numeric, validated_in numeric, declared_in numeric,
    entries_in bigint)
-- Planned at each call with the filters' values (EXECUTE), so that a whole
-- territory scans the entries once and a market reads its own by index;
-- hash aggregation in memory rather than a sort on disk.
LANGUAGE plpgsql STABLE SET work_mem = '64MB' AS $f$
BEGIN
	RETURN QUERY EXECUTE $q$
	WITH x AS (SELECT x.id, x.mode, a.lot_id, m.buyer_id
	    FROM report_scope($1, $2, $3, $4, $5, $6) m
	    JOIN lots l ON l.market_id = m.id
	    JOIN attributions a ON a.lot_id = l.id
	    JOIN insertion_actions x ON x.attribution_id = a.id),
	e AS (SELECT h.action_id, left(h.month, 4) AS year,
	    sum(h.hours) FILTER (WHERE h.status = 'validated') AS validated,
	    sum(h.hours) FILTER (WHERE h.status = 'validated' AND p.inside)
		AS validated_in,
	    sum(h.hours) FILTER (WHERE p.inside AND NOT EXISTS (SELECT 1
		FROM hours_entries c WHERE c.corrects_id = h.id
		AND c.status = 'declared')) AS declared_in,
	    count(*) FILTER (WHERE p.inside) AS entries_in
	    FROM hours_entries h,
	    LATERAL (SELECT ($7 IS NULL OR h.month >= $7)
		AND ($8 IS NULL OR h.month <= $8) AS inside) p
	    WHERE h.status <> 'rejected' AND h.replaced_by IS NULL
	    AND h.action_id IN (SELECT x.id FROM x)
	    GROUP BY 1, 2)
	SELECT x.lot_id, x.buyer_id, x.mode, e.year::integer,
	    coalesce(sum(e.validated), 0), coalesce(sum(e.validated_in), 0),
	    coalesce(sum(e.declared_in), 0), sum(e.entries_in)::bigint
	FROM e JOIN x ON x.id = e.action_id
	GROUP BY 1, 2, 3, 4
	$q$ USING own, p_buyer, p_market, p_commune, p_from, p_to,
	    to_char(p_from, 'YYYY-MM'), to_char(p_to, 'YYYY-MM');
END
$f$;

CREATE FUNCTION report_clauses(own uuid, p_buyer uuid, p_market uuid,
    p_commune text, p_from date, p_to date, today date, OUT status text,
    OUT errors jsonb, OUT body jsonb)
LANGUAGE plpgsql STABLE AS $$
DECLARE
BEGIN
	errors := report_filter_errors(own, p_buyer, p_market, p_commune);
	IF errors IS NOT NULL THEN
		status := 'invalid';
		RETURN;
	END IF;
	status := 'ok';
	WITH h AS (SELECT * FROM report_lot_hours(own, p_buyer, p_market,
		p_commune, p_from, p_to)),
	hp AS (SELECT h.lot_id, h.buyer_id, h.mode, h.year,
	    h.validated_in AS validated, h.declared_in AS declared
	    FROM h WHERE h.entries_in > 0),
	lh AS (SELECT h.lot_id, sum(h.validated) AS validated
	    FROM h GROUP BY h.lot_id),
	c AS (SELECT c.id, c.type, l.id AS lot_id, m.id AS market_id,
	    m.buyer_id, clause_required(c) AS required,
	    coalesce(lh.validated, 0) AS validated,
	    expected_hours(clause_required(c), m.start_date, m.end_date,
		today) AS expected, coalesce(c.penalty_per_hour, 0) AS pph
	    FROM report_scope(own, p_buyer, p_market, p_commune, p_from,
		p_to) m
	    JOIN lots l ON l.market_id = m.id
	    JOIN clauses c ON c.lot_id = l.id
	    LEFT JOIN lh ON lh.lot_id = l.id),
	kinds AS (SELECT k.code, count(DISTINCT c.market_id) AS markets,
	    count(DISTINCT c.lot_id) AS lots, count(c.id) AS clauses
	    FROM (VALUES ('execution_condition', 1), ('award_criterion', 2),
		('reserved', 3)) k (code, pos)
	    LEFT JOIN c ON c.type = k.code GROUP BY k.code, k.pos
	    ORDER BY k.pos),
	st AS (SELECT progress_status(c.required, c.validated, c.expected)
	    AS s, round(c.pph * greatest(c.expected - c.validated, 0), 2)
	    AS penalty FROM c),
	buyers AS (SELECT b.buyer_id, o.name,
	    (SELECT coalesce(sum(c.required), 0) FROM c
		WHERE c.buyer_id = b.buyer_id) AS required,
	    coalesce(sum(hp.declared), 0) AS declared,
	    coalesce(sum(hp.validated), 0) AS validated
	    FROM (SELECT DISTINCT c.buyer_id FROM c UNION
		SELECT DISTINCT hp.buyer_id FROM hp) b
	    JOIN organisations o ON o.id = b.buyer_id
	    LEFT JOIN hp ON hp.buyer_id = b.buyer_id
	    GROUP BY b.buyer_id, o.name)
	SELECT jsonb_build_object(
	    'filters', report_filters_json(p_buyer, p_market, p_commune,
		p_from, p_to),
	    'today', today,
	    'markets', (SELECT count(DISTINCT market_id) FROM c),
	    'lots', (SELECT count(DISTINCT lot_id) FROM c),
	    'clauses', (SELECT count(*) FROM c),
	    'by_kind', (SELECT jsonb_agg(jsonb_build_object('code', code,
		'markets', markets, 'lots', lots, 'clauses', clauses))
		FROM kinds),
	    'hours', jsonb_build_object(
		'required_hours', (SELECT coalesce(sum(required), 0) FROM c),
		'declared_hours', (SELECT coalesce(sum(declared), 0) FROM hp),
		'validated_hours', (SELECT coalesce(sum(validated), 0)
		    FROM hp)),
	    'hours_by_mode', (SELECT coalesce(jsonb_agg(jsonb_build_object(
		'code', im.code, 'label', im.label,
		'declared_hours', s.declared, 'validated_hours', s.validated)
		ORDER BY im.position), '[]'::jsonb)
		FROM (SELECT hp.mode, sum(hp.declared) AS declared,
		    sum(hp.validated) AS validated FROM hp GROUP BY hp.mode) s
		JOIN insertion_modes im ON im.code = s.mode),
	    'hours_by_buyer', (SELECT coalesce(jsonb_agg(jsonb_build_object(
		'buyer_id', buyer_id, 'name', name,
		'required_hours', required, 'declared_hours', declared,
		'validated_hours', validated) ORDER BY name, buyer_id),
		'[]'::jsonb) FROM buyers),
	    'hours_by_year', (SELECT coalesce(jsonb_agg(jsonb_build_object(
		'year', y, 'declared_hours', declared,
		'validated_hours', validated) ORDER BY y), '[]'::jsonb)
		FROM (SELECT hp.year AS y, sum(hp.declared) AS declared,
		    sum(hp.validated) AS validated FROM hp GROUP BY 1) s),
	    'status', jsonb_build_object(
		'on_track', (SELECT count(*) FROM st WHERE s = 'on_track'),
		'late', (SELECT count(*) FROM st WHERE s = 'late'),
		'met', (SELECT count(*) FROM st WHERE s = 'met')),
	    'penalties', (SELECT coalesce(sum(penalty), 0) FROM st))
	INTO body;
END
$$;

-- The insertion actions of the scope whose dates meet the period.
CREATE FUNCTION report_actions(own uuid, p_buyer uuid, p_market uuid,
    p_commune text, p_from date, p_to date) RETURNS SETOF insertion_actions
LANGUAGE sql STABLE AS $$
	SELECT x.* FROM report_scope(own, p_buyer, p_market, p_commune,
	    p_from, p_to) m
	JOIN lots l ON l.market_id = m.id
	JOIN attributions a ON a.lot_id = l.id
	JOIN insertion_actions x ON x.attribution_id = a.id
	WHERE (p_to IS NULL OR x.start_date <= p_to)
	    AND (p_from IS NULL OR x.end_date IS NULL OR x.end_date >= p_from)
$$;

-- Contracts by type of a set of actions (given as ids).
CREATE FUNCTION report_contracts_json(ids uuid[]) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT coalesce(jsonb_agg(jsonb_build_object('code', t.code,
	    'label', t.label, 'contracts', s.n) ORDER BY t.position),
	    '[]'::jsonb)
	FROM (SELECT x.contract_type, count(*) AS n FROM insertion_actions x
	    WHERE x.id = ANY (ids) AND x.contract_type IS NOT NULL
	    GROUP BY 1) s
	JOIN contract_types t ON t.code = s.contract_type
$$;

-- Outcomes at a checkpoint of a set of actions: one per person and
-- action, by category, with the sustainable-employment rate.
CREATE FUNCTION report_outcomes_json(ids uuid[], p_checkpoint text)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
	WITH o AS (SELECT o.category, k.label, k.group_code, k.position
	    FROM outcomes o JOIN outcome_categories k ON k.code = o.category
	    WHERE o.action_id = ANY (ids) AND o.checkpoint = p_checkpoint)
	SELECT jsonb_build_object('checkpoint', p_checkpoint,
	    'people', (SELECT count(*) FROM o),
	    'by_category', (SELECT coalesce(jsonb_agg(jsonb_build_object(
		'code', category, 'label', label, 'group', group_code,
		'people', n) ORDER BY position), '[]'::jsonb)
		FROM (SELECT category, label, group_code, position,
		    count(*) AS n FROM o GROUP BY 1, 2, 3, 4) s),
	    'sustainable', (SELECT jsonb_build_object('people', count(*)
		FILTER (WHERE group_code = 'sustainable'),
		'rate', CASE WHEN count(*) = 0 THEN NULL
		ELSE round(count(*) FILTER (WHERE group_code =
		    'sustainable')::numeric / count(*), 4) END) FROM o))
$$;

-- People counted by a code: [{code, label, people}], the unknown last.
CREATE FUNCTION report_count_rows(codes text[], labels jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(jsonb_agg(jsonb_build_object('code', code,
	    'label', labels->>code, 'people', n)
	    ORDER BY code IS NULL, code), '[]'::jsonb)
	FROM (SELECT code, count(*) AS n FROM unnest(codes) code
	    GROUP BY code) s
$$;

CREATE FUNCTION report_people(own uuid, p_buyer uuid, p_market uuid,
    p_commune text, p_from date, p_to date, today date, OUT status text,
    OUT errors jsonb, OUT body jsonb)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	ids uuid[];
	people uuid[];
BEGIN
	errors := report_filter_errors(own, p_buyer, p_market, p_commune);
	IF errors IS NOT NULL THEN
		status := 'invalid';
		RETURN;
	END IF;
	status := 'ok';
	SELECT coalesce(array_agg(x.id), '{}'),
	    coalesce(array_agg(DISTINCT x.beneficiary_id) FILTER (WHERE
		x.beneficiary_id IS NOT NULL), '{}')
	INTO ids, people
	FROM report_actions(own, p_buyer, p_market, p_commune, p_from,
	    p_to) x;
	SELECT jsonb_build_object(
	    'filters', report_filters_json(p_buyer, p_market, p_commune,
		p_from, p_to),
	    'today', today,
	    'age_reference_year', extract(year FROM least(p_to, today))::int,
	    'participants', jsonb_build_object('people', cardinality(people)),
	    'by_sex', report_count_rows(array_agg(b.sex),
		'{"F": "Femmes", "M": "Hommes"}'),
	    'by_birth_year', (SELECT coalesce(jsonb_agg(jsonb_build_object(
		'birth_year', y, 'people', n) ORDER BY y), '[]'::jsonb)
		FROM (SELECT p.birth_year AS y, count(*) AS n
		    FROM beneficiaries p WHERE p.id = ANY (people)
		    GROUP BY 1) s),
	    'by_commune', report_count_rows(array_agg(b.commune_insee::text),
		(SELECT jsonb_object_agg(code, label) FROM communes)),
	    'by_criterion', (SELECT report_count_rows(coalesce(array_agg(
		s.criterion), '{}'), (SELECT jsonb_object_agg(code, label)
		FROM eligibility_criteria))
		FROM (SELECT DISTINCT bc.beneficiary_id, bc.criterion
		    FROM beneficiary_criteria bc
		    WHERE bc.beneficiary_id = ANY (people)) s),
	    'by_obstacle', (SELECT report_count_rows(coalesce(array_agg(
		s.o), '{}'), (SELECT jsonb_object_agg(code, label)
		FROM obstacle_kinds))
		FROM (SELECT DISTINCT p.id, o FROM beneficiaries p,
		    unnest(p.obstacles) o WHERE p.id = ANY (people)) s),
	    'contracts', report_contracts_json(ids),
	    'outcomes', jsonb_build_array(report_outcomes_json(ids, 'end'),
		report_outcomes_json(ids, 'm6')))
	INTO body
	FROM beneficiaries b WHERE b.id = ANY (people);
END
$$;

CREATE FUNCTION report_activity(p_buyer uuid, p_commune text, p_from date,
    p_to date, today date, OUT status text, OUT errors jsonb,
    OUT body jsonb)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	ref date := least(coalesce(p_to, today), today);
BEGIN
	errors := report_filter_errors(NULL, p_buyer, NULL, p_commune);
	IF errors IS NOT NULL THEN
		status := 'invalid';
		RETURN;
	END IF;
	status := 'ok';
	WITH e AS (SELECT e.* FROM events e
	    WHERE (p_from IS NULL OR e.starts_on >= p_from)
	    AND (p_to IS NULL OR e.starts_on <= p_to)
	    AND (p_commune IS NULL OR e.commune_insee = p_commune)
	    AND (p_buyer IS NULL OR p_buyer = ANY (e.organisation_ids))),
	n AS (SELECT n.* FROM needs n
	    WHERE n.published_at IS NOT NULL
	    AND (p_buyer IS NULL OR n.buyer_id = p_buyer)
	    AND (p_commune IS NULL OR p_commune = ANY (n.communes))
	    AND (p_from IS NULL OR (n.published_at AT TIME ZONE
		'Indian/Mayotte')::date >= p_from)
	    AND (p_to IS NULL OR (n.published_at AT TIME ZONE
		'Indian/Mayotte')::date <= p_to))
	SELECT jsonb_build_object(
	    'filters', report_filters_json(p_buyer, NULL, p_commune, p_from,
		p_to),
	    'today', today,
	    'events', jsonb_build_object('held', (SELECT count(*) FROM e),
		'people_reached', (SELECT coalesce(sum(head_count), 0)
		    FROM e),
		'by_kind', (SELECT coalesce(jsonb_agg(jsonb_build_object(
		    'code', k.code, 'label', k.label, 'events', s.n,
		    'people_reached', s.reached) ORDER BY k.position),
		    '[]'::jsonb)
		    FROM (SELECT e.kind, count(*) AS n,
			coalesce(sum(e.head_count), 0) AS reached
			FROM e GROUP BY 1) s
		    JOIN event_kinds k ON k.code = s.kind)),
	    'buyers_made_aware', (SELECT count(DISTINCT o.id)
		FROM e, unnest(e.organisation_ids) oid
		JOIN organisations o ON o.id = oid
		WHERE o.kind IN ('buyer_public', 'buyer_private')),
	    'spasers_adopted', (SELECT count(*) FROM spasers s
		WHERE s.adopted AND (p_buyer IS NULL OR
		s.organisation_id = p_buyer)
		AND (p_from IS NULL OR s.adopted_on >= p_from)
		AND (p_to IS NULL OR s.adopted_on <= p_to)),
	    'network_members', (SELECT count(*) FROM organisations o
		WHERE o.member_since <= ref AND (o.member_until IS NULL OR
		o.member_until > ref)),
	    'catalogue', jsonb_build_object(
		'suppliers', (SELECT count(*) FROM organisations o
		    WHERE o.published AND o.active AND o.approved),
		'offers', (SELECT count(*) FROM offers f
		    JOIN organisations o ON o.id = f.organisation_id
		    WHERE f.published AND o.published AND o.active
		    AND o.approved)),
	    'needs', jsonb_build_object(
		'published', (SELECT count(*) FROM n),
		'answered', (SELECT count(*) FROM n WHERE EXISTS (SELECT 1
		    FROM need_answers a WHERE a.need_id = n.id
		    AND a.interest = 'interested')),
		'awarded', (SELECT count(*) FROM n
		    WHERE n.status = 'awarded')))
	INTO body;
END
$$;

-- The national survey of a year: markets with a clause active in the
-- year, hours validated for its months, contracts and participants of
-- the actions of the year, buyers of those markets.
CREATE FUNCTION report_survey(p_year integer, today date, OUT status text,
    OUT errors jsonb, OUT body jsonb)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	d0 date := make_date(p_year, 1, 1);
	d1 date := make_date(p_year, 12, 31);
	ids uuid[];
BEGIN
	status := 'ok';
	SELECT coalesce(array_agg(x.id), '{}') INTO ids
	FROM report_actions(NULL, NULL, NULL, NULL, d0, d1) x;
	WITH m AS (SELECT DISTINCT m.id, m.buyer_id
	    FROM report_scope(NULL, NULL, NULL, NULL, d0, d1) m
	    JOIN lots l ON l.market_id = m.id
	    JOIN clauses c ON c.lot_id = l.id)
	SELECT jsonb_build_object('year', p_year, 'today', today,
	    'markets', (SELECT count(*) FROM m),
	    'buyers', (SELECT count(DISTINCT buyer_id) FROM m),
	    'validated_hours', (SELECT coalesce(sum(h.validated_in), 0)
		FROM report_lot_hours(NULL, NULL, NULL, NULL, d0, d1) h),
	    'contracts', (SELECT count(*) FROM insertion_actions x
		WHERE x.id = ANY (ids) AND x.contract_type IS NOT NULL),
	    'participants', (SELECT count(DISTINCT x.beneficiary_id)
		FROM insertion_actions x WHERE x.id = ANY (ids)))
	INTO body;
END
$$;

-- The end-of-clause report: what was required, done by whom and how, for
-- how many people, with what outcomes. NULL body when out of reach.
CREATE FUNCTION report_clause(p_id uuid, own uuid, today date)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
	WITH c AS (SELECT c.*, m.id AS market_id, m.reference, m.object,
	    m.buyer_id, m.start_date, m.end_date
	    FROM clauses c JOIN lots l ON l.id = c.lot_id
	    JOIN markets m ON m.id = l.market_id
	    WHERE c.id = p_id AND (own IS NULL OR m.buyer_id = own)),
	x AS (SELECT x.*, a.organisation_id, a.role FROM c
	    JOIN attributions a ON a.lot_id = c.lot_id
	    JOIN insertion_actions x ON x.attribution_id = a.id),
	h AS (SELECT x.organisation_id, x.mode,
	    coalesce(sum(e.hours) FILTER (WHERE e.status = 'validated'), 0)
		AS validated
	    FROM x JOIN hours_entries e ON e.action_id = x.id
	    WHERE e.status <> 'rejected' AND e.replaced_by IS NULL
	    GROUP BY 1, 2),
	ids AS (SELECT coalesce(array_agg(id), '{}') AS a FROM x)
	SELECT jsonb_build_object(
	    'clause', clause_json(cl),
	    'market', jsonb_build_object('id', c.market_id,
		'reference', c.reference, 'object', c.object,
		'buyer_id', c.buyer_id, 'start_date', c.start_date,
		'end_date', c.end_date),
	    'progress', clause_progress_json(cl, today),
	    'companies', (SELECT coalesce(jsonb_agg(jsonb_build_object(
		'organisation_id', a.organisation_id, 'name', o.name,
		'role', a.role, 'validated_hours', coalesce((SELECT
		    sum(h.validated) FROM h WHERE h.organisation_id =
		    a.organisation_id), 0))
		ORDER BY o.name, a.organisation_id), '[]'::jsonb)
		FROM attributions a JOIN organisations o
		ON o.id = a.organisation_id WHERE a.lot_id = c.lot_id),
	    'by_mode', (SELECT coalesce(jsonb_agg(jsonb_build_object(
		'code', im.code, 'label', im.label,
		'actions', (SELECT count(*) FROM x WHERE x.mode = im.code),
		'people', (SELECT count(DISTINCT x.beneficiary_id) FROM x
		    WHERE x.mode = im.code),
		'validated_hours', coalesce((SELECT sum(h.validated) FROM h
		    WHERE h.mode = im.code), 0)) ORDER BY im.position),
		'[]'::jsonb) FROM insertion_modes im
		WHERE EXISTS (SELECT 1 FROM x WHERE x.mode = im.code)),
	    'participants', jsonb_build_object('people', (SELECT
		count(DISTINCT beneficiary_id) FROM x)),
	    'contracts', report_contracts_json((SELECT a FROM ids)),
	    'outcomes', jsonb_build_array(
		report_outcomes_json((SELECT a FROM ids), 'end'),
		report_outcomes_json((SELECT a FROM ids), 'm6')))
	FROM c, clauses cl WHERE cl.id = c.id
$$;
