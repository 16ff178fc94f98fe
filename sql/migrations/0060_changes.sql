-- The change feed for partners (issue 10): one row per created, updated or
-- deleted object, written by triggers inside the writing transaction and
-- stamped with that transaction's id. A sequence number alone would let a
-- follower miss a change (a transaction may commit after another that took
-- a later number); the feed serves only rows of transactions below the
-- oldest one still running (pg_snapshot_xmin), which are all finished, in
-- (xid, seq) order, so a follower's cursor never skips nor repeats one.
--
-- Each row also says who owns the object and whether it was and is public
-- (in the catalogue), so that a partner sees its own organisation's
-- changes, and public objects entering (create), changing (update) and
-- leaving (delete) the public view; staff see everything as it happened.
-- An organisation leaving the public view takes its offers with it: the
-- follower gets the organisation's delete, not one per offer.

CREATE TABLE changes (
	seq		bigserial PRIMARY KEY,
	xid		xid8 NOT NULL DEFAULT pg_current_xact_id(),
	type		text NOT NULL,
	id		uuid NOT NULL,
	op		text NOT NULL CHECK (op IN ('create', 'update', 'delete')),
	version		integer,
	organisation_id	uuid,
	was_public	boolean NOT NULL,
	is_public	boolean NOT NULL,
	changed_at	timestamptz NOT NULL
);
CREATE INDEX changes_order_idx ON changes (xid, seq);
CREATE INDEX changes_type_idx ON changes (type, xid, seq);

-- Written by triggers only; the application reads it.
REVOKE UPDATE, DELETE, TRUNCATE ON changes FROM asr_app;

CREATE FUNCTION change_record(p_type text, p_id uuid, p_op text,
    p_version integer, p_org uuid, p_was boolean, p_is boolean,
    p_at timestamptz) RETURNS void
LANGUAGE sql AS $$
	INSERT INTO changes (type, id, op, version, organisation_id,
	    was_public, is_public, changed_at)
	VALUES (p_type, p_id, p_op, p_version, p_org, coalesce(p_was, false),
	    coalesce(p_is, false), coalesce(p_at, now()));
$$;

-- An update that changes neither the version nor the public view (the
-- reach columns the search maintains) is no change for a follower.
CREATE FUNCTION organisations_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM change_record('organisation', OLD.id, 'delete',
		    OLD.version, OLD.id, organisation_public(OLD), false, now());
		RETURN OLD;
	END IF;
	IF TG_OP = 'UPDATE' AND OLD.version = NEW.version AND
	    organisation_public(OLD) = organisation_public(NEW) THEN
		RETURN NEW;
	END IF;
	PERFORM change_record('organisation', NEW.id,
	    CASE TG_OP WHEN 'INSERT' THEN 'create' ELSE 'update' END,
	    NEW.version, NEW.id,
	    TG_OP = 'UPDATE' AND organisation_public(OLD),
	    organisation_public(NEW), NEW.updated_at);
	RETURN NEW;
END;
$$;

CREATE TRIGGER organisations_change AFTER INSERT OR UPDATE OR DELETE
    ON organisations FOR EACH ROW EXECUTE FUNCTION organisations_change();

CREATE FUNCTION offer_public(f offers) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT f.published AND coalesce((SELECT organisation_public(o)
	    FROM organisations o WHERE o.id = f.organisation_id), false)
$$;

CREATE FUNCTION offers_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM change_record('offer', OLD.id, 'delete', OLD.version,
		    OLD.organisation_id, offer_public(OLD), false, now());
		RETURN OLD;
	END IF;
	IF TG_OP = 'UPDATE' AND OLD.version = NEW.version AND
	    OLD.published = NEW.published THEN
		RETURN NEW;
	END IF;
	PERFORM change_record('offer', NEW.id,
	    CASE TG_OP WHEN 'INSERT' THEN 'create' ELSE 'update' END,
	    NEW.version, NEW.organisation_id,
	    TG_OP = 'UPDATE' AND offer_public(OLD), offer_public(NEW),
	    NEW.updated_at);
	RETURN NEW;
END;
$$;

CREATE TRIGGER offers_change AFTER INSERT OR UPDATE OR DELETE
    ON offers FOR EACH ROW EXECUTE FUNCTION offers_change();
