-- Reports over a million hour entries in well under a second (issue 10):
-- the hours of each insertion action summed per year in report_hours, kept
-- exact by triggers on hours_entries, and the report functions of 0061
-- rewritten to read it instead of the entries.
--
-- A row of report_hours holds, for one action and one year, what its live
-- entries (not rejected, not replaced by a validated correction) add up
-- to: their count, their validated hours and all their hours. Each is a
-- property of the entry alone, so that an insertion, an update or a
-- deletion of entries changes the sums by a difference computed from the
-- entries themselves (statement-level triggers, transition tables: a bulk
-- insert costs one aggregate). What depends on another entry, 0012's rule
-- that an entry with a pending correction counts through its correction
-- only, is applied when reading, from the pending corrections (few: they
-- await a facilitator) found through hours_entries_correction_key.
--
-- Keyed by action, the summary needs nothing when an action changes mode
-- or attribution: the reports join the actions as they are. An action
-- deleted deletes its entries (ON DELETE CASCADE), whose trigger takes
-- their hours away; a row whose count falls to zero is deleted.
--
-- The reports' periods are months: the years wholly inside a period are
-- read from the summary, the months of a year cut by a bound from the
-- entries (by hours_entries_month_idx).

CREATE TABLE report_hours (
	action_id	uuid NOT NULL,
	year		integer NOT NULL,
	entries		bigint NOT NULL,
	validated	numeric NOT NULL,
	hours		numeric NOT NULL,
	PRIMARY KEY (action_id, year)
);
CREATE INDEX hours_entries_month_idx ON hours_entries (month);

-- What a set of entries adds: live ones only, signed (+1 new, -1 old).
CREATE FUNCTION report_hours_part(h hours_entries, sign integer)
RETURNS TABLE (action_id uuid, year integer, entries integer,
    validated numeric, hours numeric)
LANGUAGE sql IMMUTABLE AS $$
	SELECT h.action_id, left(h.month, 4)::integer, sign,
	    CASE WHEN h.status = 'validated' THEN sign * h.hours ELSE 0 END,
	    sign * h.hours
	WHERE h.status <> 'rejected' AND h.replaced_by IS NULL
$$;

-- The differences that a statement made, per action and year, added to
-- report_hours in key order (two writers lock rows in the same order);
-- the rows left without entries are deleted (the upsert locked them).
CREATE FUNCTION report_hours_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	ids uuid[];
	years integer[];
	n bigint[];
	v numeric[];
	t numeric[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		SELECT array_agg(p.action_id), array_agg(p.year),
		    array_agg(p.entries), array_agg(p.validated),
		    array_agg(p.hours) INTO ids, years, n, v, t
		FROM (SELECT q.action_id, q.year, sum(q.entries) AS entries,
		    sum(q.validated) AS validated, sum(q.hours) AS hours
		    FROM new_rows h, report_hours_part(h, 1) q
		    GROUP BY 1, 2 ORDER BY 1, 2) p;
	ELSIF TG_OP = 'DELETE' THEN
		SELECT array_agg(p.action_id), array_agg(p.year),
		    array_agg(p.entries), array_agg(p.validated),
		    array_agg(p.hours) INTO ids, years, n, v, t
		FROM (SELECT q.action_id, q.year, sum(q.entries) AS entries,
		    sum(q.validated) AS validated, sum(q.hours) AS hours
		    FROM old_rows h, report_hours_part(h, -1) q
		    GROUP BY 1, 2 ORDER BY 1, 2) p;
	ELSE
		SELECT array_agg(p.action_id), array_agg(p.year),
		    array_agg(p.entries), array_agg(p.validated),
		    array_agg(p.hours) INTO ids, years, n, v, t
		FROM (SELECT q.action_id, q.year, sum(q.entries) AS entries,
		    sum(q.validated) AS validated, sum(q.hours) AS hours
		    FROM (SELECT d.* FROM new_rows h,
			report_hours_part(h, 1) d
			UNION ALL SELECT d.* FROM old_rows h,
			report_hours_part(h, -1) d) q
		    GROUP BY 1, 2
		    HAVING sum(q.entries) <> 0 OR sum(q.validated) <> 0
			OR sum(q.hours) <> 0
		    ORDER BY 1, 2) p;
	END IF;
	IF ids IS NULL THEN
		RETURN NULL;
	END IF;
	-- The rows left without entries are deleted by key: a filter on
	-- entries = 0 would be estimated at one row (there are none
	-- between statements) and joined in a nested loop.
	WITH u AS (INSERT INTO report_hours AS r (action_id, year, entries,
	    validated, hours)
	    SELECT * FROM unnest(ids, years, n, v, t)
	    ON CONFLICT (action_id, year) DO UPDATE
	    SET entries = r.entries + excluded.entries,
		validated = r.validated + excluded.validated,
		hours = r.hours + excluded.hours
	    RETURNING r.action_id, r.year, r.entries)
	SELECT array_agg(u.action_id), array_agg(u.year) INTO ids, years
	FROM u WHERE u.entries = 0;
	IF ids IS NOT NULL THEN
		DELETE FROM report_hours r
		WHERE (r.action_id, r.year) IN (SELECT * FROM
		    unnest(ids, years));
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER hours_entries_report_insert AFTER INSERT ON hours_entries
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION report_hours_sync();
CREATE TRIGGER hours_entries_report_update AFTER UPDATE ON hours_entries
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION report_hours_sync();
CREATE TRIGGER hours_entries_report_delete AFTER DELETE ON hours_entries
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION report_hours_sync();

CREATE FUNCTION report_hours_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	TRUNCATE report_hours;
	RETURN NULL;
END
$$;

CREATE TRIGGER hours_entries_report_truncate AFTER TRUNCATE ON hours_entries
	FOR EACH STATEMENT EXECUTE FUNCTION report_hours_truncate();

-- The summary of the entries as they are (the backfill, and what the
-- tests compare report_hours with).
CREATE FUNCTION report_hours_recount() RETURNS TABLE (action_id uuid,
    year integer, entries bigint, validated numeric, hours numeric)
LANGUAGE sql STABLE AS $$
	SELECT p.action_id, p.year, sum(p.entries), sum(p.validated),
	    sum(p.hours)
	FROM hours_entries h, report_hours_part(h, 1) p
	GROUP BY 1, 2
$$;

INSERT INTO report_hours SELECT * FROM report_hours_recount();

-- The hours of the scope in two sets of rows (0061's report_lot_hours,
-- kept as it was, computes the same from the entries; the tests compare
-- them): per lot (per_lot), the validated sum over all months, for the
-- clauses' status; per buyer, mode and year, the validated and declared
-- sums and the count of entries within the period (0012's rules). Whole
-- years come from report_hours, the months of a year cut by the period
-- from the entries, and an entry that a pending correction replaces leaves
-- the declared sum (the correction, an entry of its own, is in it).
CREATE FUNCTION report_hours_sums(own uuid, p_buyer uuid, p_market uuid,
    p_commune text, p_from date, p_to date)
RETURNS TABLE (per_lot boolean, lot_id uuid, buyer_id uuid, mode text,
    year integer, validated numeric, validated_in numeric,
    declared_in numeric, entries_in bigint)
-- Planned at each call with the filters' values (EXECUTE), so that a whole
-- territory scans report_hours and a market reads its rows by index.
LANGUAGE plpgsql STABLE SET work_mem = '64MB' AS $f$
DECLARE
	m0 bpchar := to_char(p_from, 'YYYY-MM');
	m1 bpchar := to_char(p_to, 'YYYY-MM');
	f integer := extract(year FROM p_from);
	t integer := extract(year FROM p_to);
	-- The first and last years wholly inside the period (NULL: no bound).
	y0 integer := f + CASE WHEN right(m0, 2) = '01' THEN 0 ELSE 1 END;
	y1 integer := t - CASE WHEN right(m1, 2) = '12' THEN 0 ELSE 1 END;
	-- The months of the years that the period cuts: [a0, a1], [b0, b1].
	a0 bpchar;
	a1 bpchar;
	b0 bpchar;
	b1 bpchar;
BEGIN
	IF f = t AND (right(m0, 2) <> '01' OR right(m1, 2) <> '12') THEN
		a0 := m0;
		a1 := m1;
	ELSE
		IF right(m0, 2) <> '01' THEN
			a0 := m0;
			a1 := f || '-12';
		END IF;
		IF right(m1, 2) <> '12' THEN
			b0 := t || '-01';
			b1 := m1;
		END IF;
	END IF;
	RETURN QUERY EXECUTE $q$
	WITH x AS MATERIALIZED (SELECT x.id, x.mode, a.lot_id, m.buyer_id
	    FROM report_scope($1, $2, $3, $4, $5, $6) m
	    JOIN lots l ON l.market_id = m.id
	    JOIN attributions a ON a.lot_id = l.id
	    JOIN insertion_actions x ON x.attribution_id = a.id),
	-- Live entries inside the period in a year that it cuts.
	cut AS (SELECT h.action_id, left(h.month, 4)::integer AS year,
	    CASE WHEN h.status = 'validated' THEN h.hours ELSE 0 END
		AS validated, h.hours
	    FROM hours_entries h
	    WHERE h.month BETWEEN $9 AND $10
	    AND h.status <> 'rejected' AND h.replaced_by IS NULL
	    AND h.action_id IN (SELECT x.id FROM x)
	    UNION ALL
	    SELECT h.action_id, left(h.month, 4)::integer,
	    CASE WHEN h.status = 'validated' THEN h.hours ELSE 0 END, h.hours
	    FROM hours_entries h
	    WHERE h.month BETWEEN $11 AND $12
	    AND h.status <> 'rejected' AND h.replaced_by IS NULL
	    AND h.action_id IN (SELECT x.id FROM x)),
	-- Live entries inside the period that a pending correction replaces.
	pending AS (SELECT h.action_id, left(h.month, 4)::integer AS year,
	    h.hours
	    FROM hours_entries h
	    WHERE h.id IN (SELECT c.corrects_id FROM hours_entries c
		WHERE c.status = 'declared' AND c.corrects_id IS NOT NULL)
	    AND h.status <> 'rejected' AND h.replaced_by IS NULL
	    AND ($7 IS NULL OR h.month >= $7) AND ($8 IS NULL OR h.month <= $8)
	    AND h.action_id IN (SELECT x.id FROM x)),
	e AS (SELECT r.action_id, r.year, r.validated,
	    CASE WHEN w.whole THEN r.validated END AS validated_in,
	    CASE WHEN w.whole THEN r.hours END AS declared_in,
	    CASE WHEN w.whole THEN r.entries ELSE 0 END AS entries_in
	    FROM report_hours r,
	    LATERAL (SELECT ($13 IS NULL OR r.year >= $13)
		AND ($14 IS NULL OR r.year <= $14) AS whole) w
	    WHERE r.action_id IN (SELECT x.id FROM x)
	    UNION ALL
	    SELECT cut.action_id, cut.year, NULL, cut.validated, cut.hours, 1
	    FROM cut
	    UNION ALL
	    SELECT p.action_id, p.year, NULL, NULL, -p.hours, 0 FROM pending p)
	SELECT GROUPING(x.lot_id) = 0, x.lot_id, x.buyer_id, x.mode, e.year,
	    coalesce(sum(e.validated), 0), coalesce(sum(e.validated_in), 0),
	    coalesce(sum(e.declared_in), 0), sum(e.entries_in)::bigint
	FROM e JOIN x ON x.id = e.action_id
	GROUP BY GROUPING SETS ((x.lot_id), (x.buyer_id, x.mode, e.year))
	$q$ USING own, p_buyer, p_market, p_commune, p_from, p_to, m0, m1,
	    a0, a1, b0, b1, y0, y1;
END
$f$;

-- The clauses report, as 0061's but from report_hours_sums().
CREATE OR REPLACE FUNCTION report_clauses(own uuid, p_buyer uuid, p_market uuid,
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
	WITH h AS (SELECT * FROM report_hours_sums(own, p_buyer, p_market,
		p_commune, p_from, p_to)),
	hp AS (SELECT h.buyer_id, h.mode, h.year,
	    h.validated_in AS validated, h.declared_in AS declared
	    FROM h WHERE NOT h.per_lot AND h.entries_in > 0),
	lh AS (SELECT h.lot_id, h.validated FROM h WHERE h.per_lot),
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

-- The national survey of a year: markets with a clause active in the
-- year, hours validated for its months, contracts and participants of
-- the actions of the year, buyers of those markets. As 0061's, the hours
-- from report_hours.
CREATE OR REPLACE FUNCTION report_survey(p_year integer, today date, OUT status text,
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
	    'validated_hours', (SELECT coalesce(sum(r.validated), 0)
		FROM report_hours r WHERE r.year = p_year
		AND r.action_id IN (SELECT x.id
		    FROM report_scope(NULL, NULL, NULL, NULL, d0, d1) m
		    JOIN lots l ON l.market_id = m.id
		    JOIN attributions a ON a.lot_id = l.id
		    JOIN insertion_actions x ON x.attribution_id = a.id)),
	    'contracts', (SELECT count(*) FROM insertion_actions x
		WHERE x.id = ANY (ids) AND x.contract_type IS NOT NULL),
	    'participants', (SELECT count(DISTINCT x.beneficiary_id)
		FROM insertion_actions x WHERE x.id = ANY (ids)))
	INTO body;
END
$$;

-- The end-of-clause report: what was required, done by whom and how, for
-- how many people, with what outcomes. NULL body when out of reach. As
-- 0061's, the validated hours from report_hours.
CREATE OR REPLACE FUNCTION report_clause(p_id uuid, own uuid, today date)
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
	h AS (SELECT x.organisation_id, x.mode, sum(r.validated) AS validated
	    FROM x JOIN report_hours r ON r.action_id = x.id
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
