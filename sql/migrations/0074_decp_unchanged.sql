-- DECP re-import (issue 10): a record imported again, identical to what is
-- stored, answers 'unchanged' and writes nothing (no version, no change in
-- the feed), as the bulk upsert does; a changed one 'updated' as before.
-- decp_import_one() of 0071 becomes decp_import_write(), which the new
-- decp_import_one() calls unless nothing would change.

-- Whether importing m (rec, with its place's commune) into mk, found by
-- its DECP id, would change nothing: the market's fields, the record kept
-- whole and its clause kinds, a lot, and every holder with a valid SIRET
-- already attributed the first lot. A value that does not fit (the write
-- answers its error) is a change.
CREATE FUNCTION decp_unchanged(mk markets, m jsonb, rec jsonb,
    commune char(5)) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
	d decp_records;
	starts date;
	months integer;
	lot uuid;
BEGIN
	SELECT * INTO d FROM decp_records r WHERE r.market_id = mk.id;
	IF NOT FOUND OR d.record <> rec OR d.decp_id <> m->>'decp_id' OR
	    d.buyer_siret <> m->>'buyer_siret' OR
	    d.clause_kinds <> jsonb_text_array(m->'clause_kinds') THEN
		RETURN false;
	END IF;
	starts := (m->>'notification_date')::date;
	months := coalesce((m->>'duration_months')::int, 1);
	IF (mk.object, mk.cpv_code, mk.nature, mk.procedure, mk.amount,
	    mk.notification_date, mk.duration_months, mk.start_date,
	    mk.end_date, mk.commune_insee, mk.decp_id) IS DISTINCT FROM
	    (m->>'object', m->>'cpv_code', m->>'nature', m->>'procedure',
	    round((m->>'amount')::numeric, 2), starts, months, starts,
	    (starts + make_interval(months => months))::date,
	    coalesce(commune, mk.commune_insee), m->>'decp_id') THEN
		RETURN false;
	END IF;
	SELECT l.id INTO lot FROM lots l WHERE l.market_id = mk.id
	ORDER BY l.number LIMIT 1;
	RETURN lot IS NOT NULL AND NOT EXISTS (SELECT 1
	    FROM jsonb_array_elements(m->'holders') h
	    WHERE (h->>'siret')::boolean AND NOT EXISTS (SELECT 1
		FROM attributions a JOIN organisations o
		ON o.id = a.organisation_id
		WHERE a.lot_id = lot AND o.siret = h->>'id'));
EXCEPTION WHEN data_exception THEN
	RETURN false;
END
$$;

ALTER FUNCTION decp_import_one(jsonb, jsonb, timestamptz)
    RENAME TO decp_import_write;

-- One record (see decp_import_write in 0071): 'unchanged' without a write
-- when it was imported before and nothing would change.
CREATE FUNCTION decp_import_one(m jsonb, rec jsonb, at timestamptz,
    OUT status text, OUT market_id uuid, OUT errors jsonb,
    OUT warnings jsonb)
LANGUAGE plpgsql AS $$
DECLARE
	mk markets;
	place record;
BEGIN
	SELECT t.* INTO mk FROM decp_records d
	JOIN markets t ON t.id = d.market_id
	JOIN organisations o ON o.id = t.buyer_id
	WHERE d.decp_id = m->>'decp_id' AND d.buyer_siret = m->>'buyer_siret'
	AND o.siret = m->>'buyer_siret'
	FOR UPDATE OF t;
	IF FOUND THEN
		place := decp_commune(m->>'place_code', m->>'place_type');
		IF decp_unchanged(mk, m, rec, place.commune) THEN
			status := 'unchanged';
			market_id := mk.id;
			errors := '[]';
			warnings := place.warnings;
			RETURN;
		END IF;
	END IF;
	SELECT w.status, w.market_id, w.errors, w.warnings
	INTO status, market_id, errors, warnings
	FROM decp_import_write(m, rec, at) w;
END
$$;
