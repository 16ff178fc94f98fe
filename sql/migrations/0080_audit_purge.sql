-- The audit log's retention (issue 11): entries older than the territory
-- parameter audit_retention_days (sql/reference/0150_audit.sql) are
-- deleted by a periodic job (src/audit/purge.c), the one exception to the
-- log being append-only, kept narrow:
--
--  * asr_app still has no DELETE, UPDATE or TRUNCATE on audit_log; it may
--    only call audit_log_purge(), which deletes nothing younger than the
--    retention measured from PostgreSQL's own clock (a caller's time later
--    than now() is not believed), never less than 30 days, and only what
--    is older than that;
--  * the function runs as its owner (SECURITY DEFINER, search_path fixed)
--    and sets the transaction-local flag asr.audit_purge before its
--    DELETE; the trigger lets a DELETE through only with that flag AND
--    for a row older than the retention, so that even the owner, or a
--    role that sets the flag by hand, removes nothing recent;
--  * UPDATE and TRUNCATE stay refused to everyone, and each purge that
--    removed entries leaves an 'audit.purge' entry of its own.
-- No parameter (reference data not loaded): no purge.

-- Entries at or after this time are kept. NULL (no parameter): keep all.
CREATE FUNCTION audit_log_cutoff(at timestamptz) RETURNS timestamptz
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
	SELECT least(at, now()) - make_interval(days =>
	    greatest(p.value, 30)::int)
	FROM territory_parameters p WHERE p.code = 'audit_retention_days'
$$;

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
	IF TG_OP = 'DELETE'
	    AND current_setting('asr.audit_purge', true) = 'on' THEN
		IF OLD.at < audit_log_cutoff(now()) THEN
			RETURN OLD;
		END IF;
	END IF;
	RAISE EXCEPTION 'audit_log is append-only'
	    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- The purge: -1 when another session is purging (advisory lock: one run
-- across workers and servers), else the number of entries deleted.
CREATE FUNCTION audit_log_purge(p_at timestamptz) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	cutoff timestamptz;
	n integer;
BEGIN
	IF NOT pg_try_advisory_xact_lock(hashtext('asr.audit.purge')) THEN
		RETURN -1;
	END IF;
	cutoff := audit_log_cutoff(p_at);
	IF cutoff IS NULL THEN
		RETURN 0;
	END IF;
	PERFORM set_config('asr.audit_purge', 'on', true);
	DELETE FROM audit_log a WHERE a.at < cutoff;
	GET DIAGNOSTICS n = ROW_COUNT;
	PERFORM set_config('asr.audit_purge', '', true);
	IF n > 0 THEN
		INSERT INTO audit_log (at, actor_type, role, action)
		VALUES (least(p_at, now()), 'anonymous', 'system',
		    'audit.purge');
	END IF;
	RETURN n;
END
$$;

REVOKE ALL ON FUNCTION audit_log_purge(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_log_purge(timestamptz) TO asr_app;
