-- Insertion actions meet people (issue 8, second half): the person an
-- action names must be reachable and eligible on its start day, unless
-- staff override it with a reason; an action moves the person's last
-- activity (the purge counts from the last action's end); merge moves
-- actions, outcomes and referrals to the person kept; erasure drops the
-- free text about the person (override reasons, outcome situations,
-- referral reasons) and keeps the statistics. And the outcomes' writes.

ALTER TABLE insertion_actions
	ADD COLUMN eligibility_override text
	    CHECK (length(eligibility_override) BETWEEN 1 AND 1000),
	ADD COLUMN override_by uuid REFERENCES users (id),
	ADD COLUMN override_at timestamptz,
	ADD COLUMN overridden boolean NOT NULL DEFAULT false;

-- The buyer reads actions: it learns that eligibility was overridden,
-- never why.
CREATE OR REPLACE FUNCTION action_json(x insertion_actions) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', x.id, 'attribution_id', x.attribution_id,
		'mode', x.mode, 'siae_id', x.siae_id,
		'beneficiary_id', x.beneficiary_id,
		'contract_type', x.contract_type,
		'start_date', x.start_date, 'end_date', x.end_date,
		'planned_hours', x.planned_hours,
		'eligibility_overridden', x.overridden,
		'created_at', asr_time(x.created_at),
		'updated_at', asr_time(x.updated_at), 'version', x.version)
$$;

-- A person an action may name: staff any person not erased; an
-- organisation a person referred to it and accepted or hired.
CREATE FUNCTION action_person_reach(p_person uuid, own uuid)
RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM beneficiaries b WHERE b.id = p_person
	    AND b.erased_at IS NULL AND (own IS NULL OR b.prescriber_id = own
	    OR EXISTS (SELECT 1 FROM referrals r WHERE r.beneficiary_id = b.id
	    AND r.organisation_id = own
	    AND r.status IN ('accepted', 'hired'))))
$$;

-- The person's checks when an action names one (was: the person named
-- before, NULL on create): 'invalid' or 'ineligible' with errors, or NULL
-- and x with the override recorded.
CREATE FUNCTION action_person_check(INOUT x insertion_actions, was uuid,
    was_start date, p jsonb, actor uuid, own uuid, at timestamptz,
    OUT status text, OUT errors jsonb)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	reason text := nullif(btrim(p->>'eligibility_override'), '');
BEGIN
	IF p ? 'eligibility_override' AND own IS NOT NULL THEN
		errors := field_error('eligibility_override', 'invalid',
		    'Only a facilitator overrides eligibility.');
		status := 'invalid';
		RETURN;
	END IF;
	IF x.beneficiary_id IS NULL OR (x.beneficiary_id = was AND
	    x.start_date = was_start AND reason IS NULL) THEN
		RETURN;
	END IF;
	IF x.beneficiary_id IS DISTINCT FROM was AND
	    NOT action_person_reach(x.beneficiary_id, own) THEN
		errors := field_error('beneficiary_id', 'invalid',
		    'No such person within your reach.');
		status := 'invalid';
		RETURN;
	END IF;
	IF beneficiary_eligible(x.beneficiary_id, x.start_date) THEN
		RETURN;
	END IF;
	IF reason IS NULL THEN
		errors := field_error('beneficiary_id', 'invalid',
		    'This person holds no eligibility criterion on '
		    || x.start_date || '; a prescriber vouches for one, or a '
		    || 'facilitator overrides with eligibility_override.');
		status := 'ineligible';
		RETURN;
	END IF;
	x.eligibility_override := reason;
	x.override_by := actor;
	x.override_at := at;
	x.overridden := true;
END
$$;

CREATE OR REPLACE FUNCTION action_create(p_attribution uuid, p jsonb,
    actor uuid, own uuid, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	a attributions;
	x insertion_actions;
	c record;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO a FROM attributions t WHERE t.id = p_attribution;
	IF NOT FOUND OR NOT attribution_reach(a, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF own IS NOT NULL AND a.organisation_id <> own THEN
		status := 'forbidden';
		RETURN;
	END IF;
	x := jsonb_populate_record(NULL::insertion_actions,
	    p - 'eligibility_override' - 'overridden' - 'override_by'
	    - 'override_at');
	x.overridden := false;
	errors := action_errors(x);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	SELECT * INTO c FROM action_person_check(x, NULL, NULL, p, actor, own,
	    at);
	IF c.status IS NOT NULL THEN
		status := c.status;
		errors := c.errors;
		RETURN;
	END IF;
	x := c.x;
	x.id := gen_random_uuid();
	x.attribution_id := a.id;
	x.version := 1;
	x.created_at := at;
	x.updated_at := at;
	INSERT INTO insertion_actions SELECT x.* RETURNING * INTO x;
	status := 'ok';
	body := action_json(x)::text;
	id := x.id;
	version := x.version;
END
$$;

CREATE OR REPLACE FUNCTION action_update(p_id uuid, p jsonb,
    versions integer[], actor uuid, own uuid, at timestamptz,
    OUT status text, OUT errors jsonb, OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	a attributions;
	x insertion_actions;
	was insertion_actions;
	c record;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO x FROM insertion_actions t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR NOT action_reach(x, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	was := x;
	SELECT * INTO a FROM attributions t WHERE t.id = x.attribution_id;
	IF own IS NOT NULL AND a.organisation_id <> own THEN
		status := 'forbidden';
		RETURN;
	END IF;
	x := jsonb_populate_record(x, p - 'eligibility_override'
	    - 'overridden' - 'override_by' - 'override_at');
	errors := action_errors(x);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	SELECT * INTO c FROM action_person_check(x, was.beneficiary_id,
	    was.start_date, p, actor, own, at);
	IF c.status = 'invalid' THEN
		status := c.status;
		errors := c.errors;
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (x.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	IF c.status IS NOT NULL THEN
		status := c.status;
		errors := c.errors;
		RETURN;
	END IF;
	x := c.x;
	UPDATE insertion_actions t SET mode = x.mode, siae_id = x.siae_id,
	    beneficiary_id = x.beneficiary_id,
	    contract_type = x.contract_type, start_date = x.start_date,
	    end_date = x.end_date, planned_hours = x.planned_hours,
	    eligibility_override = x.eligibility_override,
	    override_by = x.override_by, override_at = x.override_at,
	    overridden = x.overridden,
	    updated_at = at, version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO x;
	status := 'ok';
	body := action_json(x)::text;
	version := x.version;
END
$$;

-- Each write of an action naming a person moves the person's last
-- activity to the later of now and the action's end.
CREATE FUNCTION action_touch_person() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.beneficiary_id IS NOT NULL THEN
		UPDATE beneficiaries t SET last_activity_at = greatest(
		    t.last_activity_at, NEW.updated_at,
		    coalesce(NEW.end_date, NEW.start_date)::timestamptz)
		WHERE t.id = NEW.beneficiary_id;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER insertion_actions_touch_person
	AFTER INSERT OR UPDATE ON insertion_actions
	FOR EACH ROW EXECUTE FUNCTION action_touch_person();

-- The purge spares a person whose action has not ended within keep.
CREATE OR REPLACE FUNCTION beneficiaries_purge(at timestamptz, keep interval)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	r record;
	n integer := 0;
BEGIN
	IF NOT pg_try_advisory_xact_lock(hashtext('asr.beneficiaries.purge'))
	THEN
		RETURN -1;
	END IF;
	FOR r IN SELECT t.id FROM beneficiaries t WHERE t.erased_at IS NULL
	    AND t.last_activity_at < at - keep AND NOT EXISTS (SELECT 1
		FROM insertion_actions x WHERE x.beneficiary_id = t.id
		AND (x.end_date IS NULL OR x.end_date >= (at - keep)::date))
	    FOR UPDATE SKIP LOCKED LOOP
		PERFORM beneficiary_erase_row(r.id, at);
		n := n + 1;
	END LOOP;
	RETURN n;
END
$$;

-- Erasure also drops the free text about the person elsewhere.
CREATE OR REPLACE FUNCTION beneficiary_erase_row(p_id uuid, at timestamptz)
RETURNS void
LANGUAGE sql AS $$
	UPDATE beneficiary_criteria SET note = NULL, note_key = NULL
	WHERE beneficiary_id = p_id AND note IS NOT NULL;
	UPDATE outcomes SET situation = NULL, situation_key = NULL
	WHERE beneficiary_id = p_id AND situation IS NOT NULL;
	UPDATE insertion_actions SET eligibility_override = NULL
	WHERE beneficiary_id = p_id AND eligibility_override IS NOT NULL;
	UPDATE referrals r SET history = (SELECT jsonb_agg(h - 'reason' ||
	    '{"reason": null}'::jsonb) FROM jsonb_array_elements(r.history) h)
	WHERE r.beneficiary_id = p_id;
	UPDATE beneficiaries t SET identity = NULL, identity_key = NULL,
	    blind_name = NULL, blind_name_birth = NULL, erased_at = at,
	    possible_duplicate = false, updated_at = at,
	    version = t.version + 1
	WHERE t.id = p_id AND t.erased_at IS NULL;
$$;

-- Merge moves the copy's actions, outcomes and referrals too.
CREATE OR REPLACE FUNCTION beneficiary_merge_into(p_id uuid, p jsonb,
    actor uuid, d date, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	b beneficiaries;
	x beneficiaries;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO b FROM beneficiaries t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		status := 'not_found';
		RETURN;
	END IF;
	SELECT * INTO x FROM beneficiaries t
	WHERE t.id = (p->>'duplicate_id')::uuid AND t.id <> p_id FOR UPDATE;
	IF NOT FOUND THEN
		errors := jsonb_build_array(jsonb_build_object('field',
		    'duplicate_id', 'code', 'invalid', 'detail',
		    'No other person has this id.'));
		status := 'invalid';
		RETURN;
	END IF;
	IF b.erased_at IS NOT NULL OR x.erased_at IS NOT NULL THEN
		status := 'erased';
		RETURN;
	END IF;
	UPDATE beneficiary_criteria SET beneficiary_id = b.id
	WHERE beneficiary_id = x.id;
	UPDATE insertion_actions SET beneficiary_id = b.id
	WHERE beneficiary_id = x.id;
	UPDATE outcomes SET beneficiary_id = b.id WHERE beneficiary_id = x.id;
	UPDATE referrals SET beneficiary_id = b.id, prescriber_id =
	    b.prescriber_id WHERE beneficiary_id = x.id;
	PERFORM beneficiary_erase_row(x.id, at);
	UPDATE beneficiaries t SET merged_into = b.id WHERE t.id = x.id;
	UPDATE beneficiaries t SET obstacles = ARRAY(SELECT DISTINCT o
		FROM unnest(b.obstacles || x.obstacles) o ORDER BY 1),
	    possible_duplicate = EXISTS (SELECT 1 FROM beneficiaries o
		WHERE o.id <> b.id AND (o.blind_name = b.blind_name OR
		o.blind_name_birth = b.blind_name_birth)),
	    last_activity_at = greatest(t.last_activity_at, x.last_activity_at,
		at), updated_at = at, version = t.version + 1
	WHERE t.id = b.id RETURNING * INTO b;
	status := 'ok';
	body := beneficiary_json(b, true, d)::text;
	version := b.version;
END
$$;

-- Outcomes. The checkpoints of an action that has ended: 'end' on its end
-- day, 'mN' N months later (followup_checkpoint_months). A person's
-- outcomes are written by staff and the referring prescriber.
CREATE FUNCTION outcome_due_on(x insertion_actions, checkpoint text)
RETURNS date
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN checkpoint = 'end' THEN x.end_date
	    ELSE (x.end_date + make_interval(months =>
		substr(checkpoint, 2)::integer))::date END
$$;

CREATE FUNCTION outcome_json(o outcomes) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', o.id,
	    'beneficiary_id', o.beneficiary_id, 'action_id', o.action_id,
	    'checkpoint', o.checkpoint, 'category', o.category,
	    'situation', NULL, 'recorded_at', o.recorded_at,
	    'recorded_by', o.recorded_by,
	    'created_at', asr_time(o.created_at),
	    'updated_at', asr_time(o.updated_at), 'version', o.version) ||
	    CASE WHEN o.situation IS NULL THEN '{}'::jsonb
	    ELSE jsonb_build_object('situation_sealed',
		encode(o.situation, 'hex'), 'situation_key', o.situation_key)
	    END
$$;

CREATE FUNCTION outcome_reach(o outcomes, own uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT own IS NULL OR EXISTS (SELECT 1 FROM beneficiaries b
	    WHERE b.id = o.beneficiary_id AND b.prescriber_id = own)
$$;

CREATE FUNCTION outcome_errors(o outcomes, x insertion_actions, d date)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT code_errors('category', ARRAY[o.category],
		ARRAY(SELECT code FROM outcome_categories), NULL) ||
	    CASE WHEN o.checkpoint !~ '^(end|m[1-9][0-9]?)$'
	    THEN field_error('checkpoint', 'invalid',
		'Expected end, or mN (months after the end, 1 to 99).')
	    WHEN x.end_date IS NULL
	    THEN field_error('action_id', 'invalid',
		'The action has no end_date yet.')
	    WHEN outcome_due_on(x, o.checkpoint) > d
	    THEN field_error('checkpoint', 'range', 'Not due before ' ||
		outcome_due_on(x, o.checkpoint) || '.')
	    ELSE '[]'::jsonb END ||
	    CASE WHEN o.recorded_at > d
	    THEN field_error('recorded_at', 'range',
		'Not in the future.')
	    ELSE '[]'::jsonb END
$$;

-- sealed/key: the situation sealed by the server under the id p_id.
CREATE FUNCTION outcome_create(p jsonb, p_id uuid, sealed bytea, key text,
    actor uuid, own uuid, d date, at timestamptz, OUT status text,
    OUT errors jsonb, OUT body text, OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	x insertion_actions;
	o outcomes;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO x FROM insertion_actions t
	WHERE t.id = (p->>'action_id')::uuid AND t.beneficiary_id IS NOT NULL
	AND (own IS NULL OR EXISTS (SELECT 1 FROM beneficiaries b
	    WHERE b.id = t.beneficiary_id AND b.prescriber_id = own));
	IF NOT FOUND THEN
		status := 'not_found';
		RETURN;
	END IF;
	o.checkpoint := coalesce(p->>'checkpoint', 'm' ||
	    territory_parameter('followup_checkpoint_months')::integer);
	o.category := p->>'category';
	o.recorded_at := coalesce((p->>'recorded_at')::date, d);
	errors := outcome_errors(o, x, d);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	o.id := p_id;
	o.beneficiary_id := x.beneficiary_id;
	o.action_id := x.id;
	o.situation := sealed;
	o.situation_key := key;
	o.recorded_by := actor;
	o.created_at := at;
	o.updated_at := at;
	o.version := 1;
	BEGIN
		INSERT INTO outcomes SELECT o.* RETURNING * INTO o;
	EXCEPTION WHEN unique_violation THEN
		errors := field_error('checkpoint', 'invalid', 'This checkpoint '
		    'of the action is recorded; correct it with PATCH.');
		status := 'conflict';
		RETURN;
	END;
	status := 'ok';
	body := outcome_json(o)::text;
	id := o.id;
	version := o.version;
END
$$;

-- sealed NULL keeps the situation; p "situation": null drops it.
CREATE FUNCTION outcome_update(p_id uuid, p jsonb, sealed bytea, key text,
    versions integer[], actor uuid, own uuid, d date, at timestamptz,
    OUT status text, OUT errors jsonb, OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	x insertion_actions;
	o outcomes;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO o FROM outcomes t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR NOT outcome_reach(o, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	SELECT * INTO x FROM insertion_actions t WHERE t.id = o.action_id;
	IF p ? 'category' THEN o.category := p->>'category'; END IF;
	IF p ? 'recorded_at' THEN
		o.recorded_at := (p->>'recorded_at')::date;
	END IF;
	errors := outcome_errors(o, x, d);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (o.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	IF sealed IS NOT NULL OR (p ? 'situation' AND
	    jsonb_typeof(p->'situation') = 'null') THEN
		o.situation := sealed;
		o.situation_key := key;
	END IF;
	UPDATE outcomes t SET category = o.category,
	    recorded_at = o.recorded_at, situation = o.situation,
	    situation_key = o.situation_key, recorded_by = actor,
	    updated_at = at, version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO o;
	status := 'ok';
	body := outcome_json(o)::text;
	version := o.version;
END
$$;

-- The checkpoints to fill on day d: every ended action naming a person
-- not erased, at 'end' and at the follow-up, without an outcome yet.
CREATE FUNCTION outcomes_due(own uuid, d date) RETURNS TABLE (item jsonb,
    due_on date, action_id uuid, checkpoint text)
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('action_id', x.id,
	    'attribution_id', x.attribution_id,
	    'beneficiary_id', b.id, 'code', b.code,
	    'prescriber_id', b.prescriber_id, 'checkpoint', c.checkpoint,
	    'due_on', outcome_due_on(x, c.checkpoint),
	    'end_date', x.end_date), outcome_due_on(x, c.checkpoint), x.id,
	    c.checkpoint
	FROM insertion_actions x JOIN beneficiaries b
	    ON b.id = x.beneficiary_id
	CROSS JOIN (VALUES ('end'), ('m' ||
	    territory_parameter('followup_checkpoint_months')::integer))
	    c (checkpoint)
	WHERE x.end_date IS NOT NULL AND b.erased_at IS NULL
	AND (own IS NULL OR b.prescriber_id = own)
	AND outcome_due_on(x, c.checkpoint) <= d
	AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.action_id = x.id
	    AND o.checkpoint = c.checkpoint)
$$;
