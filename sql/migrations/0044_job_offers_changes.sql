-- Job offers in the change feed (0060): recorded as type "job_offer",
-- owned by the attributed organisation and never public, so staff and the
-- organisation's partner keys follow them; prescribers do not read the
-- feed. People and referrals never enter the feed (personal data).

CREATE FUNCTION job_offers_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM change_record('job_offer', OLD.id, 'delete',
		    OLD.version, OLD.organisation_id, false, false, now());
		RETURN OLD;
	END IF;
	IF TG_OP = 'UPDATE' AND OLD.version = NEW.version THEN
		RETURN NEW;
	END IF;
	PERFORM change_record('job_offer', NEW.id,
	    CASE TG_OP WHEN 'INSERT' THEN 'create' ELSE 'update' END,
	    NEW.version, NEW.organisation_id, false, false, NEW.updated_at);
	RETURN NEW;
END;
$$;

CREATE TRIGGER job_offers_change AFTER INSERT OR UPDATE OR DELETE
    ON job_offers FOR EACH ROW EXECUTE FUNCTION job_offers_change();
