-- The catalogue's generation: a number that every committed change of what
-- the public search reads moves on (a supplier, or the reference codes and
-- labels its filters and facets use). The workers keep the public
-- suppliers in memory (src/catalogue/index.c) and read this number with
-- every search: an index built at another generation is not used, so an
-- answer never misses a change committed before the request.
--
-- The number moves once per transaction, at its commit (deferred
-- constraint triggers), so that the one row is locked only for the last
-- instant of a writing transaction: writers wait on each other no longer
-- than a commit, and cannot deadlock on it (it is the last lock each
-- takes). A transaction that rolls back moves nothing.

CREATE TABLE catalogue_state (
	one		boolean PRIMARY KEY DEFAULT true CHECK (one),
	generation	bigint NOT NULL
);
INSERT INTO catalogue_state (generation) VALUES (1);

CREATE FUNCTION catalogue_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('asr.catalogue_bumped', true) IS DISTINCT FROM
	    pg_current_xact_id()::text THEN
		PERFORM set_config('asr.catalogue_bumped',
		    pg_current_xact_id()::text, true);
		UPDATE catalogue_state SET generation = generation + 1;
	END IF;
	RETURN NULL;
END
$$;

-- TRUNCATE fires no row trigger: it moves the number at once.
CREATE FUNCTION catalogue_bump_now() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE catalogue_state SET generation = generation + 1;
	RETURN NULL;
END
$$;

-- Only rows of the kinds the catalogue shows (before or after) matter.
CREATE CONSTRAINT TRIGGER organisations_catalogue_insert
	AFTER INSERT ON organisations DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW
	WHEN (NEW.kind IN ('siae', 'ess', 'handicap', 'geiq'))
	EXECUTE FUNCTION catalogue_bump();
CREATE CONSTRAINT TRIGGER organisations_catalogue_update
	AFTER UPDATE ON organisations DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW
	WHEN (OLD.kind IN ('siae', 'ess', 'handicap', 'geiq')
	    OR NEW.kind IN ('siae', 'ess', 'handicap', 'geiq'))
	EXECUTE FUNCTION catalogue_bump();
CREATE CONSTRAINT TRIGGER organisations_catalogue_delete
	AFTER DELETE ON organisations DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW
	WHEN (OLD.kind IN ('siae', 'ess', 'handicap', 'geiq'))
	EXECUTE FUNCTION catalogue_bump();
CREATE TRIGGER organisations_catalogue_truncate
	AFTER TRUNCATE ON organisations
	FOR EACH STATEMENT EXECUTE FUNCTION catalogue_bump_now();

-- The reference codes the filters check and the facets' labels.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['sectors', 'sector_groups', 'communes',
	    'labels', 'organisation_subkinds'] LOOP
		EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR'
		    ' UPDATE OR DELETE ON %I DEFERRABLE INITIALLY DEFERRED'
		    ' FOR EACH ROW EXECUTE FUNCTION catalogue_bump()',
		    t || '_catalogue', t);
		EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I'
		    ' FOR EACH STATEMENT EXECUTE FUNCTION catalogue_bump_now()',
		    t || '_catalogue_truncate', t);
	END LOOP;
END
$$;
