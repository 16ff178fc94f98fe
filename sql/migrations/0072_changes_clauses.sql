-- The change feed over more tables (issue 10): markets, lots, clauses,
-- attributions and needs, written as 0060 writes organisations and offers.
-- None of them is public: staff see every change; an organisation sees
-- those of what it reaches when the change is made. The owner (the
-- market's or the need's buyer) is organisation_id; the others who reach
-- a market's objects through it (its holders, and the SIAE of their
-- insertion actions) are readers. Persons never enter the feed.

ALTER TABLE changes ADD COLUMN readers uuid[] NOT NULL DEFAULT '{}';

-- The organisations that reach a lot besides its buyer (attribution_reach).
CREATE FUNCTION change_lot_readers(p_lot uuid) RETURNS uuid[]
LANGUAGE sql STABLE AS $$
	SELECT coalesce(array_agg(DISTINCT r), '{}') FROM (
	    SELECT a.organisation_id AS r FROM attributions a
	    WHERE a.lot_id = p_lot
	    UNION SELECT x.siae_id FROM attributions a
	    JOIN insertion_actions x ON x.attribution_id = a.id
	    WHERE a.lot_id = p_lot AND x.siae_id IS NOT NULL) t
$$;

CREATE FUNCTION change_market_readers(p_market uuid) RETURNS uuid[]
LANGUAGE sql STABLE AS $$
	SELECT coalesce(array_agg(DISTINCT r), '{}')
	FROM lots l, unnest(change_lot_readers(l.id)) r
	WHERE l.market_id = p_market
$$;

CREATE FUNCTION change_private(p_type text, p_id uuid, p_op text,
    p_version integer, p_org uuid, p_readers uuid[], p_at timestamptz)
RETURNS void
LANGUAGE sql AS $$
	INSERT INTO changes (type, id, op, version, organisation_id,
	    was_public, is_public, changed_at, readers)
	VALUES (p_type, p_id, p_op, p_version, p_org, false, false,
	    coalesce(p_at, now()), coalesce(p_readers, '{}'));
$$;

-- One trigger function for the five tables: TG_ARGV[0] is the feed's
-- type. An update that keeps the version is no change for a follower.
CREATE FUNCTION clauses_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	r record;
	org uuid;
	readers uuid[];
	op text := CASE TG_OP WHEN 'INSERT' THEN 'create'
	    WHEN 'UPDATE' THEN 'update' ELSE 'delete' END;
BEGIN
	IF TG_OP = 'DELETE' THEN
		r := OLD;
	ELSE
		r := NEW;
	END IF;
	IF TG_OP = 'UPDATE' AND OLD.version = NEW.version THEN
		RETURN NEW;
	END IF;
	CASE TG_ARGV[0]
	WHEN 'market' THEN
		org := r.buyer_id;
		readers := change_market_readers(r.id);
	WHEN 'need' THEN
		org := r.buyer_id;
	WHEN 'lot' THEN
		SELECT m.buyer_id INTO org FROM markets m
		WHERE m.id = r.market_id;
		readers := change_lot_readers(r.id);
	WHEN 'clause' THEN
		SELECT m.buyer_id INTO org FROM lots l
		JOIN markets m ON m.id = l.market_id WHERE l.id = r.lot_id;
		readers := change_lot_readers(r.lot_id);
	WHEN 'attribution' THEN
		SELECT m.buyer_id INTO org FROM lots l
		JOIN markets m ON m.id = l.market_id WHERE l.id = r.lot_id;
		readers := ARRAY[r.organisation_id] ||
		    change_lot_readers(r.lot_id);
	END CASE;
	PERFORM change_private(TG_ARGV[0], r.id, op, r.version, org, readers,
	    CASE WHEN TG_OP = 'DELETE' THEN now() ELSE r.updated_at END);
	RETURN NULL;
END;
$$;

CREATE TRIGGER markets_change AFTER INSERT OR UPDATE OR DELETE ON markets
    FOR EACH ROW EXECUTE FUNCTION clauses_change('market');
CREATE TRIGGER lots_change AFTER INSERT OR UPDATE OR DELETE ON lots
    FOR EACH ROW EXECUTE FUNCTION clauses_change('lot');
CREATE TRIGGER clauses_change AFTER INSERT OR UPDATE OR DELETE ON clauses
    FOR EACH ROW EXECUTE FUNCTION clauses_change('clause');
CREATE TRIGGER attributions_change AFTER INSERT OR UPDATE OR DELETE
    ON attributions FOR EACH ROW EXECUTE FUNCTION clauses_change('attribution');
CREATE TRIGGER needs_change AFTER INSERT OR UPDATE OR DELETE ON needs
    FOR EACH ROW EXECUTE FUNCTION clauses_change('need');
