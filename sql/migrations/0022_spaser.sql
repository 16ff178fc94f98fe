-- The SPASER of a public buyer (art. L2111-3 of the Code de la commande
-- publique): whether the buyer is subject to it, adoption, document, and
-- yearly targets and results. Written whole (PUT) by the buyer or staff.

-- Subject to the SPASER: a public buyer whose yearly purchases exceed
-- 50 M€ since 1 January 2023 (100 M€ before), never a private buyer.
CREATE FUNCTION spaser_subject(o organisations, volume numeric, today date)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT o.kind = 'buyer_public' AND volume IS NOT NULL AND volume >
	    CASE WHEN today >= DATE '2023-01-01' THEN 50000000
	    ELSE 100000000 END
$$;

CREATE FUNCTION spaser_json(s spasers, today date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('organisation_id', s.organisation_id,
	    'yearly_purchase_volume', s.yearly_purchase_volume::float8,
	    'subject', (SELECT spaser_subject(o, s.yearly_purchase_volume,
		today) FROM organisations o WHERE o.id = s.organisation_id),
	    'threshold', CASE WHEN today >= DATE '2023-01-01' THEN 50000000
		ELSE 100000000 END,
	    'adopted', s.adopted, 'adopted_on', s.adopted_on,
	    'document_url', s.document_url, 'years', s.years,
	    'created_at', asr_time(s.created_at),
	    'updated_at', asr_time(s.updated_at), 'version', s.version)
$$;

-- The yearly lines: objects of a year (2014, the ESS law, to 2100) and
-- targets and results, shares 0-1 and hours >= 0, one line per year.
CREATE FUNCTION spaser_years_errors(years jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN jsonb_typeof(years) <> 'array'
	    THEN asr_error('years', 'type', 'Expected an array.')
	WHEN jsonb_array_length(years) > 100
	    THEN asr_error('years', 'range', 'Expected at most 100 years.')
	WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(years) y
	    WHERE jsonb_typeof(y) <> 'object')
	    THEN asr_error('years', 'type', 'Expected an array of objects.')
	WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(years) y,
	    jsonb_each(y) e WHERE e.key NOT IN ('year',
	    'social_contracts_share_target', 'social_contracts_share_result',
	    'insertion_hours_target', 'insertion_hours_result',
	    'ess_iae_share_target', 'ess_iae_share_result')
	    OR CASE WHEN e.key = 'year' THEN jsonb_typeof(e.value) <> 'number'
		WHEN jsonb_typeof(e.value) = 'null' THEN false
		ELSE jsonb_typeof(e.value) <> 'number' END)
	    OR EXISTS (SELECT 1 FROM jsonb_array_elements(years) y
	    WHERE NOT y ? 'year')
	    THEN asr_error('years', 'invalid', 'Each line has a year and '
		'numbers (or null) for the targets and results it names, '
		'and no other field.')
	WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(years) y,
	    jsonb_each(y) e WHERE
	    CASE WHEN jsonb_typeof(e.value) <> 'number' THEN false
	    WHEN e.key = 'year' THEN e.value::numeric NOT BETWEEN 2014
		AND 2100 OR e.value::numeric % 1 <> 0
	    WHEN e.key LIKE '%share%' THEN e.value::numeric NOT BETWEEN 0
		AND 1
	    ELSE e.value::numeric NOT BETWEEN 0 AND 1000000000 END)
	    THEN asr_error('years', 'range', 'Years from 2014 to 2100, '
		'shares from 0 to 1, hours from 0.')
	WHEN (SELECT count(DISTINCT y->>'year') <> count(*)
	    FROM jsonb_array_elements(years) y)
	    THEN asr_error('years', 'invalid', 'One line per year.')
	ELSE '[]'::jsonb END
$$;

-- PUT: versions NULL for If-Match *, '{}' when absent or of no tag of ours;
-- given: an If-Match header was sent. A SPASER that does not exist yet is
-- created without If-Match (with one: precondition); one that exists needs
-- a matching If-Match.
CREATE FUNCTION spaser_put(p_org uuid, p jsonb, versions integer[],
    given boolean, actor uuid, own uuid, at timestamptz, today date,
    OUT status text, OUT errors jsonb, OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	s spasers;
	found_row boolean;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	IF (own IS NOT NULL AND own <> p_org) OR NOT EXISTS (SELECT 1
	    FROM organisations o WHERE o.id = p_org
	    AND o.kind = 'buyer_public') THEN
		status := 'not_found';
		RETURN;
	END IF;
	SELECT * INTO s FROM spasers t WHERE t.organisation_id = p_org
	FOR UPDATE;
	found_row := FOUND;
	errors := spaser_years_errors(coalesce(p->'years', '[]'));
	IF p ? 'adopted_on' AND p->'adopted_on' <> 'null' AND
	    NOT coalesce((p->>'adopted')::boolean, false) THEN
		errors := errors || asr_error('adopted_on', 'invalid',
		    'A SPASER not adopted has no adoption date.');
	END IF;
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF (found_row AND versions IS NOT NULL AND
	    NOT (s.version = ANY (versions))) OR (NOT found_row AND given) THEN
		status := 'precondition';
		RETURN;
	END IF;
	IF found_row THEN
		UPDATE spasers t SET
		    yearly_purchase_volume =
			(p->>'yearly_purchase_volume')::numeric,
		    adopted = coalesce((p->>'adopted')::boolean, false),
		    adopted_on = (p->>'adopted_on')::date,
		    document_url = p->>'document_url',
		    years = coalesce(p->'years', '[]'), updated_at = at,
		    version = t.version + 1
		WHERE t.organisation_id = p_org RETURNING * INTO s;
	ELSE
		INSERT INTO spasers (organisation_id, yearly_purchase_volume,
		    adopted, adopted_on, document_url, years, created_at,
		    updated_at)
		VALUES (p_org, (p->>'yearly_purchase_volume')::numeric,
		    coalesce((p->>'adopted')::boolean, false),
		    (p->>'adopted_on')::date, p->>'document_url',
		    coalesce(p->'years', '[]'), at, at)
		RETURNING * INTO s;
	END IF;
	status := 'ok';
	body := spaser_json(s, today)::text;
	version := s.version;
END
$$;

-- The network's members, past and present, with the events they attended.
CREATE FUNCTION network_member_json(o organisations, today date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('organisation_id', o.id, 'name', o.name,
	    'kind', o.kind, 'subkind', o.subkind,
	    'member_since', o.member_since, 'member_until', o.member_until,
	    'member', o.member_since <= today AND (o.member_until IS NULL OR
		o.member_until > today),
	    'events_attended', (SELECT count(*) FROM events e
		WHERE o.id = ANY (e.organisation_ids)))
$$;
