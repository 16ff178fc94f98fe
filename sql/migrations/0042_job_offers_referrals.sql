-- Job offers under clauses and referrals (issue 8, second half).
--
-- A job offer is a position that the attributed organisation (or staff)
-- publishes under an attribution; prescribers see the open ones, the
-- organisation its own. A referral is a prescriber proposing one of its
-- people for an offer (the offer's organisation decides) or to an SIAE
-- (the SIAE decides): proposed -> accepted -> hired, or declined /
-- withdrawn, each step kept in history with who, when and why. Hiring
-- creates the insertion action under the offer's attribution (or links an
-- action given by id), which must pass the eligibility of 0043.
--
-- What the deciding organisation learns of the person: the pseudonymous
-- code and whether the person is eligible, never the identity; the name is
-- given by the person at the interview (data minimisation). The reasons of
-- the steps are free text about a person: erasure drops them.

CREATE TABLE job_offers (
	id		uuid PRIMARY KEY,
	attribution_id	uuid NOT NULL REFERENCES attributions (id)
			    ON DELETE CASCADE,
	-- The attributed organisation, copied: who publishes and decides.
	organisation_id	uuid NOT NULL REFERENCES organisations (id),
	title		text NOT NULL CHECK (title <> ''),
	commune_insee	char(5) NOT NULL REFERENCES communes (code),
	contract_type	text NOT NULL REFERENCES contract_types (code),
	weekly_hours	numeric(4,2) CHECK (weekly_hours > 0
			    AND weekly_hours <= 48),
	start_date	date NOT NULL,
	posts		integer NOT NULL DEFAULT 1 CHECK (posts BETWEEN 1 AND 999),
	status		text NOT NULL DEFAULT 'open'
			    CHECK (status IN ('open', 'filled', 'closed')),
	description	text CHECK (length(description) <= 4000),
	created_by	uuid REFERENCES users (id),
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1
);
CREATE INDEX job_offers_list_idx ON job_offers (created_at, id);
CREATE INDEX job_offers_organisation_idx ON job_offers (organisation_id);
CREATE INDEX job_offers_attribution_idx ON job_offers (attribution_id);

CREATE TABLE referrals (
	id		uuid PRIMARY KEY,
	beneficiary_id	uuid NOT NULL REFERENCES beneficiaries (id),
	prescriber_id	uuid NOT NULL REFERENCES organisations (id),
	job_offer_id	uuid REFERENCES job_offers (id) ON DELETE CASCADE,
	siae_id		uuid REFERENCES organisations (id),
	-- Who decides: the offer's organisation, or the SIAE.
	organisation_id	uuid NOT NULL REFERENCES organisations (id),
	status		text NOT NULL CHECK (status IN ('proposed', 'accepted',
			    'hired', 'declined', 'withdrawn')),
	action_id	uuid REFERENCES insertion_actions (id) ON DELETE SET NULL,
	-- [{status, at, by, organisation_id, reason}], oldest first.
	history		jsonb NOT NULL DEFAULT '[]',
	created_by	uuid REFERENCES users (id),
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1,
	CHECK ((job_offer_id IS NULL) <> (siae_id IS NULL))
);
CREATE INDEX referrals_list_idx ON referrals (created_at, id);
CREATE INDEX referrals_beneficiary_idx ON referrals (beneficiary_id);
CREATE INDEX referrals_prescriber_idx ON referrals (prescriber_id);
CREATE INDEX referrals_organisation_idx ON referrals (organisation_id);
CREATE INDEX referrals_offer_idx ON referrals (job_offer_id);
-- One open referral of a person to one offer or SIAE at a time.
CREATE UNIQUE INDEX referrals_open_idx ON referrals (beneficiary_id,
	coalesce(job_offer_id, siae_id)) WHERE status IN ('proposed', 'accepted');

-- Staff (own NULL) see every offer; the organisation its own; prescribers
-- the open ones.
CREATE FUNCTION job_offer_reach(j job_offers, own uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT own IS NULL OR j.organisation_id = own OR (j.status = 'open'
	    AND EXISTS (SELECT 1 FROM organisations o WHERE o.id = own
	    AND o.kind = 'prescriber'))
$$;

CREATE FUNCTION job_offer_json(j job_offers) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', j.id,
	    'attribution_id', j.attribution_id,
	    'organisation_id', j.organisation_id,
	    'organisation_name', (SELECT o.name FROM organisations o
		WHERE o.id = j.organisation_id),
	    'title', j.title, 'commune_insee', j.commune_insee,
	    'contract_type', j.contract_type, 'weekly_hours', j.weekly_hours,
	    'start_date', j.start_date, 'posts', j.posts,
	    'hired', (SELECT count(*) FROM referrals r
		WHERE r.job_offer_id = j.id AND r.status = 'hired'),
	    'status', j.status, 'description', j.description,
	    'created_at', asr_time(j.created_at),
	    'updated_at', asr_time(j.updated_at), 'version', j.version)
$$;

CREATE FUNCTION job_offer_errors(j job_offers) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT code_errors('commune_insee', ARRAY[j.commune_insee::text],
		ARRAY(SELECT code::text FROM communes), NULL) ||
	    code_errors('contract_type', ARRAY[j.contract_type],
		ARRAY(SELECT code FROM contract_types), NULL)
$$;

CREATE FUNCTION job_offer_create(p jsonb, actor uuid, own uuid,
    at timestamptz, OUT status text, OUT errors jsonb, OUT body text,
    OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	a attributions;
	j job_offers;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	j := jsonb_populate_record(jsonb_populate_record(NULL::job_offers,
	    '{"status": "open", "posts": 1, "version": 1}'), p);
	SELECT * INTO a FROM attributions t WHERE t.id = j.attribution_id;
	IF NOT FOUND OR (own IS NOT NULL AND a.organisation_id <> own) THEN
		errors := field_error('attribution_id', 'invalid',
		    'No attribution to your organisation has this id.');
	END IF;
	errors := coalesce(errors, '[]'::jsonb) || job_offer_errors(j);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	j.id := gen_random_uuid();
	j.organisation_id := a.organisation_id;
	j.created_by := actor;
	j.created_at := at;
	j.updated_at := at;
	INSERT INTO job_offers SELECT j.* RETURNING * INTO j;
	status := 'ok';
	body := job_offer_json(j)::text;
	id := j.id;
	version := j.version;
END
$$;

-- PATCH, closing included (status closed or filled, or open again).
CREATE FUNCTION job_offer_update(p_id uuid, p jsonb, versions integer[],
    actor uuid, own uuid, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	j job_offers;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO j FROM job_offers t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR NOT job_offer_reach(j, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF own IS NOT NULL AND j.organisation_id <> own THEN
		status := 'forbidden';
		RETURN;
	END IF;
	IF p ? 'attribution_id' AND (p->>'attribution_id')::uuid <>
	    j.attribution_id THEN
		errors := field_error('attribution_id', 'invalid',
		    'An offer stays under its attribution.');
		status := 'invalid';
		RETURN;
	END IF;
	j := jsonb_populate_record(j, p - 'attribution_id');
	errors := job_offer_errors(j);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (j.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	UPDATE job_offers t SET title = j.title,
	    commune_insee = j.commune_insee, contract_type = j.contract_type,
	    weekly_hours = j.weekly_hours, start_date = j.start_date,
	    posts = j.posts, status = j.status, description = j.description,
	    updated_at = at, version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO j;
	status := 'ok';
	body := job_offer_json(j)::text;
	version := j.version;
END
$$;

-- Referrals: the prescriber's organisation, the deciding organisation and
-- staff reach one.
CREATE FUNCTION referral_reach(r referrals, own uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT own IS NULL OR r.prescriber_id = own OR r.organisation_id = own
$$;

-- The person appears by code and eligibility on the day d only.
CREATE FUNCTION referral_json(r referrals, d date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', r.id,
	    'beneficiary_id', r.beneficiary_id,
	    'beneficiary', (SELECT jsonb_build_object('code', b.code,
		'eligible', beneficiary_eligible(b.id, d),
		'erased', b.erased_at IS NOT NULL)
		FROM beneficiaries b WHERE b.id = r.beneficiary_id),
	    'prescriber_id', r.prescriber_id,
	    'job_offer_id', r.job_offer_id, 'siae_id', r.siae_id,
	    'organisation_id', r.organisation_id, 'status', r.status,
	    'action_id', r.action_id, 'history', r.history,
	    'created_at', asr_time(r.created_at),
	    'updated_at', asr_time(r.updated_at), 'version', r.version)
$$;

CREATE FUNCTION referral_step_json(p_status text, actor uuid, org uuid,
    reason text, at timestamptz) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_array(jsonb_build_object('status', p_status,
	    'at', asr_time(at), 'by', actor, 'organisation_id', org,
	    'reason', reason))
$$;

CREATE FUNCTION referral_create(p jsonb, actor uuid, own uuid, d date,
    at timestamptz, OUT status text, OUT errors jsonb, OUT body text,
    OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	b beneficiaries;
	j job_offers;
	r referrals;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	-- Another organisation's person, or an offer out of sight: 404.
	SELECT * INTO b FROM beneficiaries t
	WHERE t.id = (p->>'beneficiary_id')::uuid
	AND (own IS NULL OR t.prescriber_id = own);
	IF NOT FOUND THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF p ? 'job_offer_id' THEN
		SELECT * INTO j FROM job_offers t
		WHERE t.id = (p->>'job_offer_id')::uuid;
		IF NOT FOUND OR NOT (j.status <> 'open' OR
		    job_offer_reach(j, own)) THEN
			status := 'not_found';
			RETURN;
		END IF;
		r.organisation_id := j.organisation_id;
		r.job_offer_id := j.id;
	ELSE
		r.siae_id := (p->>'siae_id')::uuid;
		r.organisation_id := r.siae_id;
		IF NOT EXISTS (SELECT 1 FROM organisations o
		    WHERE o.id = r.siae_id AND o.kind IN ('siae', 'geiq',
		    'handicap', 'ess')) THEN
			errors := field_error('siae_id', 'invalid',
			    'No such SIAE or GEIQ organisation.');
			status := 'invalid';
			RETURN;
		END IF;
	END IF;
	IF b.erased_at IS NOT NULL THEN
		errors := field_error('beneficiary_id', 'invalid',
		    'This person''s identity was erased.');
		status := 'conflict';
		RETURN;
	END IF;
	IF j.id IS NOT NULL AND j.status <> 'open' THEN
		errors := field_error('job_offer_id', 'invalid',
		    'This job offer is ' || j.status || ', not open.');
		status := 'conflict';
		RETURN;
	END IF;
	r.id := gen_random_uuid();
	r.beneficiary_id := b.id;
	r.prescriber_id := b.prescriber_id;
	r.status := 'proposed';
	r.history := referral_step_json('proposed', actor, own,
	    p->>'reason', at);
	r.created_by := actor;
	r.created_at := at;
	r.updated_at := at;
	r.version := 1;
	BEGIN
		INSERT INTO referrals SELECT r.* RETURNING * INTO r;
	EXCEPTION WHEN unique_violation THEN
		errors := field_error('beneficiary_id', 'invalid',
		    'This person is already proposed there.');
		status := 'conflict';
		RETURN;
	END;
	UPDATE beneficiaries t SET last_activity_at = greatest(
	    t.last_activity_at, at) WHERE t.id = b.id;
	status := 'ok';
	body := referral_json(r, d)::text;
	id := r.id;
	version := r.version;
END
$$;

-- The action a hire makes or links: created under the offer's attribution
-- with the person, or an existing action (p action_id) of the deciding
-- organisation (or of the offer's attribution) given the person.
-- Returns the action's id, or NULL with errors.
CREATE FUNCTION referral_action(r referrals, p jsonb, actor uuid, own uuid,
    at timestamptz, OUT action_id uuid, OUT status text, OUT errors jsonb)
LANGUAGE plpgsql AS $$
DECLARE
	j job_offers;
	x insertion_actions;
	w record;
BEGIN
	-- Only staff override eligibility (the actions' own rule, 0043).
	IF own IS NOT NULL AND p ? 'eligibility_override' THEN
		errors := field_error('eligibility_override', 'invalid',
		    'Only a facilitator overrides eligibility.');
		status := 'invalid';
		RETURN;
	END IF;
	SELECT * INTO j FROM job_offers t WHERE t.id = r.job_offer_id;
	IF p ? 'action_id' THEN
		SELECT * INTO x FROM insertion_actions t
		WHERE t.id = (p->>'action_id')::uuid AND (t.siae_id =
		    r.organisation_id OR t.attribution_id = j.attribution_id
		    OR EXISTS (SELECT 1 FROM attributions a
		    WHERE a.id = t.attribution_id
		    AND a.organisation_id = r.organisation_id)) FOR UPDATE;
		IF NOT FOUND OR (x.beneficiary_id IS NOT NULL AND
		    x.beneficiary_id <> r.beneficiary_id) THEN
			errors := field_error('action_id', 'invalid',
			    'No action of the deciding organisation without '
			    'another person has this id.');
			status := 'invalid';
			RETURN;
		END IF;
		p := jsonb_build_object('mode', x.mode, 'siae_id', x.siae_id,
		    'contract_type', x.contract_type, 'start_date',
		    x.start_date, 'end_date', x.end_date, 'planned_hours',
		    x.planned_hours) || (p - 'action_id');
		p := p || jsonb_build_object('beneficiary_id', r.beneficiary_id);
		SELECT * INTO w FROM action_update(x.id, p, NULL, actor, NULL,
		    at);
	ELSIF j.id IS NULL THEN
		errors := field_error('action_id', 'required',
		    'A hire by an SIAE links one of its actions.');
		status := 'invalid';
		RETURN;
	ELSE
		p := jsonb_build_object('mode', 'direct_hire',
		    'contract_type', j.contract_type, 'start_date',
		    j.start_date) || p || jsonb_build_object('beneficiary_id',
		    r.beneficiary_id);
		SELECT * INTO w FROM action_create(j.attribution_id, p, actor,
		    NULL, at);
	END IF;
	status := w.status;
	errors := w.errors;
	IF w.status = 'ok' THEN
		action_id := coalesce(x.id, (w.body::jsonb->>'id')::uuid);
	END IF;
END
$$;

-- One step: verb accept, decline, hire (the deciding organisation or
-- staff) or withdraw (the prescriber or staff), from the statuses allowed.
CREATE FUNCTION referral_step(p_id uuid, verb text, p jsonb, actor uuid,
    own uuid, d date, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	r referrals;
	next text := CASE verb WHEN 'accept' THEN 'accepted'
	    WHEN 'decline' THEN 'declined' WHEN 'hire' THEN 'hired'
	    WHEN 'withdraw' THEN 'withdrawn' END;
	decider uuid;
	w record;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO r FROM referrals t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR NOT referral_reach(r, own) THEN
		status := 'not_found';
		RETURN;
	END IF;
	decider := r.organisation_id;
	IF verb = 'withdraw' THEN
		decider := r.prescriber_id;
	END IF;
	IF own IS NOT NULL AND own <> decider THEN
		status := 'forbidden';
		RETURN;
	END IF;
	IF NOT (r.status = 'proposed' AND verb IN ('accept', 'decline',
	    'withdraw') OR r.status = 'accepted' AND verb IN ('hire',
	    'decline', 'withdraw')) THEN
		errors := field_error('status', 'invalid', 'A referral '
		    || r.status || ' cannot be ' || next || '.');
		status := 'conflict';
		RETURN;
	END IF;
	IF verb IN ('accept', 'hire') AND EXISTS (SELECT 1 FROM job_offers j
	    WHERE j.id = r.job_offer_id AND j.status <> 'open') THEN
		errors := field_error('job_offer_id', 'invalid',
		    'The job offer is no longer open.');
		status := 'conflict';
		RETURN;
	END IF;
	IF verb = 'hire' THEN
		SELECT * INTO w FROM referral_action(r, p - 'reason',
		    actor, own, at);
		IF w.status <> 'ok' THEN
			status := w.status;
			errors := w.errors;
			RETURN;
		END IF;
		r.action_id := w.action_id;
	END IF;
	UPDATE referrals t SET status = next, action_id = r.action_id,
	    history = t.history || referral_step_json(next, actor, own,
		p->>'reason', at),
	    updated_at = at, version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO r;
	-- The offer fills up with its last post.
	IF verb = 'hire' THEN
		UPDATE job_offers t SET status = 'filled', updated_at = at,
		    version = t.version + 1
		WHERE t.id = r.job_offer_id AND t.status = 'open'
		AND (SELECT count(*) FROM referrals h WHERE h.job_offer_id = t.id
		    AND h.status = 'hired') >= t.posts;
	END IF;
	status := 'ok';
	body := referral_json(r, d)::text;
	version := r.version;
END
$$;
