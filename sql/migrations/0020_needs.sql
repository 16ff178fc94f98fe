-- Purchase needs (besoins d'achat), the inter-company exchange: a buyer
-- describes a need; on publication the matching suppliers of the catalogue
-- are computed once and stored (need_matches), and told through
-- notifications (one row per user) and an outbox a mail sender reads. The
-- suppliers mark a need seen and answer it; the buyer follows the funnel.
--
-- The writes are SQL functions returning (status, errors, body, id,
-- version) like the catalogue's (0004). Status transitions are decided in
-- C (core/needflow.c): the functions receive the statuses an action may
-- start from and the one it leads to, and check them under the row lock.

CREATE TABLE budget_bands (
	code		text PRIMARY KEY
			CHECK (code ~ '^[a-z0-9]+(_[a-z0-9]+)*$'),
	label		text NOT NULL CHECK (label <> ''),
	min_amount	numeric(14,2),
	max_amount	numeric(14,2),
	position	integer NOT NULL
);
REVOKE INSERT, UPDATE, DELETE ON budget_bands FROM asr_app;

CREATE TABLE needs (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	buyer_id	uuid NOT NULL REFERENCES organisations (id),
	title		text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	description	text NOT NULL DEFAULT ''
			    CHECK (length(description) <= 10000),
	sectors		text[] NOT NULL CHECK (cardinality(sectors) >= 1),
	communes	text[] NOT NULL CHECK (cardinality(communes) >= 1),
	supplier_kinds	text[] NOT NULL DEFAULT '{}',
	budget_band	text REFERENCES budget_bands (code),
	deadline	date NOT NULL,
	questions	jsonb NOT NULL DEFAULT '[]'
			    CHECK (jsonb_typeof(questions) = 'array'),
	status		text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft',
			    'pending_validation', 'published', 'closed',
			    'awarded', 'cancelled')),
	awarded_to	uuid REFERENCES organisations (id),
	award_note	text CHECK (length(award_note) <= 2000),
	published_at	timestamptz,
	closed_at	timestamptz,
	deadline_notified boolean NOT NULL DEFAULT false,
	created_by	uuid REFERENCES users (id),
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	version		integer NOT NULL DEFAULT 1,
	CHECK (status <> 'awarded' OR awarded_to IS NOT NULL)
);
CREATE INDEX needs_buyer_idx ON needs (buyer_id, created_at, id);
CREATE INDEX needs_created_idx ON needs (created_at, id);
CREATE INDEX needs_deadline_idx ON needs (deadline)
	WHERE status = 'published' AND NOT deadline_notified;

-- The suppliers a need was matched to, once, at publication.
CREATE TABLE need_matches (
	need_id		uuid NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
	organisation_id	uuid NOT NULL REFERENCES organisations (id)
			    ON DELETE CASCADE,
	matched_at	timestamptz NOT NULL,
	seen_at		timestamptz,
	PRIMARY KEY (need_id, organisation_id)
);
CREATE INDEX need_matches_organisation_idx ON need_matches
	(organisation_id, matched_at, need_id);

-- One answer per matched supplier and need.
CREATE TABLE need_answers (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	need_id		uuid NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
	organisation_id	uuid NOT NULL REFERENCES organisations (id)
			    ON DELETE CASCADE,
	interest	text NOT NULL CHECK (interest IN ('interested',
			    'not_interested')),
	message		text NOT NULL DEFAULT ''
			    CHECK (length(message) <= 5000),
	answers		jsonb NOT NULL DEFAULT '[]'
			    CHECK (jsonb_typeof(answers) = 'array'),
	author_id	uuid REFERENCES users (id),
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1,
	UNIQUE (need_id, organisation_id),
	FOREIGN KEY (need_id, organisation_id)
	    REFERENCES need_matches (need_id, organisation_id)
);
CREATE INDEX need_answers_need_idx ON need_answers (need_id, created_at, id);

-- What a user is told, in the application; kind says why.
CREATE TABLE notifications (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	user_id		uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind		text NOT NULL CHECK (kind IN ('need_matched',
			    'answer_received', 'deadline_near')),
	need_id		uuid REFERENCES needs (id) ON DELETE CASCADE,
	title		text NOT NULL,
	created_at	timestamptz NOT NULL,
	read_at		timestamptz
);
CREATE INDEX notifications_user_idx ON notifications
	(user_id, created_at DESC, id DESC);
-- A user is told once per need that it matched, and once that its
-- deadline is near (the periodic job may run more than once); every
-- answer is told.
CREATE UNIQUE INDEX notifications_once_idx ON notifications
	(user_id, need_id, kind) WHERE kind IN ('need_matched', 'deadline_near');

-- The same, as mails waiting for a sender (which sets sent_at).
CREATE TABLE outbox (
	id		bigserial PRIMARY KEY,
	notification_id	uuid REFERENCES notifications (id) ON DELETE SET NULL,
	recipient	text NOT NULL,
	subject		text NOT NULL,
	body		text NOT NULL,
	created_at	timestamptz NOT NULL,
	sent_at		timestamptz,
	attempts	integer NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE sent_at IS NULL;

CREATE OR REPLACE FUNCTION asr_time(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

CREATE FUNCTION need_json(n needs) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', n.id, 'buyer_id', n.buyer_id,
		'buyer_name', (SELECT o.name FROM organisations o
		    WHERE o.id = n.buyer_id),
		'title', n.title, 'description', n.description,
		'sectors', to_jsonb(n.sectors), 'communes', to_jsonb(n.communes),
		'supplier_kinds', to_jsonb(n.supplier_kinds),
		'budget_band', n.budget_band, 'deadline', n.deadline,
		'questions', n.questions, 'status', n.status,
		'awarded_to', n.awarded_to, 'award_note', n.award_note,
		'published_at', asr_time(n.published_at),
		'closed_at', asr_time(n.closed_at),
		'created_at', asr_time(n.created_at),
		'updated_at', asr_time(n.updated_at), 'version', n.version)
$$;

CREATE FUNCTION need_answer_json(a need_answers) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', a.id, 'need_id', a.need_id,
		'organisation_id', a.organisation_id,
		'organisation_name', (SELECT o.name FROM organisations o
		    WHERE o.id = a.organisation_id),
		'interest', a.interest, 'message', a.message,
		'answers', a.answers, 'created_at', asr_time(a.created_at),
		'updated_at', asr_time(a.updated_at), 'version', a.version)
$$;

CREATE FUNCTION need_merge(n needs, p jsonb) RETURNS needs
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF p ? 'buyer_id' THEN n.buyer_id := (p->>'buyer_id')::uuid; END IF;
	IF p ? 'title' THEN n.title := p->>'title'; END IF;
	IF p ? 'description' THEN n.description := p->>'description'; END IF;
	IF p ? 'sectors' THEN n.sectors := jsonb_text_array(p->'sectors'); END IF;
	IF p ? 'communes' THEN n.communes := jsonb_text_array(p->'communes');
	END IF;
	IF p ? 'supplier_kinds' THEN
		n.supplier_kinds := jsonb_text_array(p->'supplier_kinds');
	END IF;
	IF p ? 'budget_band' THEN n.budget_band := p->>'budget_band'; END IF;
	IF p ? 'deadline' THEN n.deadline := (p->>'deadline')::date; END IF;
	IF p ? 'questions' THEN n.questions := p->'questions'; END IF;
	RETURN n;
END
$$;

-- Organisations that may own a need: the buyers, and companies that buy.
CREATE FUNCTION need_buyer_kind(p_id uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM organisations o WHERE o.id = p_id
	    AND o.kind IN ('buyer_public', 'buyer_private', 'company'))
$$;

-- What the reference data says of n; today: Mayotte's, from the caller.
CREATE FUNCTION need_errors(n needs, today date, check_deadline boolean)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT code_errors('sectors', n.sectors, ARRAY(SELECT code
		FROM sectors), NULL) ||
	    code_errors('communes', n.communes,
		ARRAY(SELECT code::text FROM communes), '976') ||
	    code_errors('supplier_kinds', n.supplier_kinds,
		ARRAY(SELECT code FROM organisation_subkinds WHERE kind_code IN
		('siae', 'ess', 'handicap', 'geiq')), NULL) ||
	    code_errors('budget_band', ARRAY[n.budget_band]::text[] ||
		'{}'::text[], ARRAY(SELECT code FROM budget_bands), NULL) ||
	    CASE WHEN NOT need_buyer_kind(n.buyer_id)
	    THEN jsonb_build_array(jsonb_build_object('field', 'buyer_id',
		'code', 'invalid', 'detail',
		'Not a buyer or a company of the directory.'))
	    ELSE '[]'::jsonb END ||
	    CASE WHEN check_deadline AND n.deadline < today
	    THEN jsonb_build_array(jsonb_build_object('field', 'deadline',
		'code', 'range', 'detail', 'The deadline is already past.'))
	    ELSE '[]'::jsonb END
$$;

-- The catalogue's suppliers that match n: published, approved and active,
-- a sector in common and serving one of its communes (the reach columns
-- the catalogue's search reads; "976" is the whole island), of a wanted
-- subkind when the need names some.
CREATE FUNCTION need_matching(n needs) RETURNS SETOF uuid
LANGUAGE sql STABLE AS $$
	SELECT o.id FROM organisations o
	WHERE o.published AND o.active AND o.approved
	    AND o.kind IN ('siae', 'ess', 'handicap', 'geiq')
	    AND o.sectors_reach && n.sectors
	    AND (o.communes_reach && n.communes OR ('976' = ANY (n.communes)
		AND cardinality(o.communes_reach) > 0))
	    AND (cardinality(n.supplier_kinds) = 0 OR
		o.subkind = ANY (n.supplier_kinds))
$$;

-- Tells every active account of the organisations (or the users) listed,
-- in the application and through the outbox.
CREATE FUNCTION notify_organisations(orgs uuid[], p_kind text, p_need uuid,
    p_title text, p_body text, at timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	told integer;
BEGIN
	WITH made AS (
		INSERT INTO notifications (user_id, kind, need_id, title,
		    created_at)
		SELECT u.id, p_kind, p_need, p_title, at FROM users u
		WHERE u.organisation_id = ANY (orgs) AND u.status = 'active'
		ON CONFLICT (user_id, need_id, kind)
		    WHERE kind IN ('need_matched', 'deadline_near')
		DO NOTHING
		RETURNING id, user_id
	), mailed AS (
		INSERT INTO outbox (notification_id, recipient, subject, body,
		    created_at)
		SELECT m.id, u.email, p_title, p_body, at FROM made m
		JOIN users u ON u.id = m.user_id
		RETURNING 1
	)
	SELECT count(*) INTO told FROM mailed;
	RETURN told;
END
$$;

CREATE FUNCTION need_create(p jsonb, actor uuid, own uuid, at timestamptz,
    today date, OUT status text, OUT errors jsonb, OUT body text,
    OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	n needs;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	n := need_merge(jsonb_populate_record(NULL::needs, jsonb_build_object(
	    'description', '', 'supplier_kinds', '[]'::jsonb,
	    'questions', '[]'::jsonb, 'status', 'draft', 'version', 1,
	    'deadline_notified', false, 'buyer_id', own)), p);
	IF own IS NOT NULL AND n.buyer_id IS DISTINCT FROM own THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = n.buyer_id)
	THEN
		status := 'invalid';
		errors := jsonb_build_array(jsonb_build_object('field',
		    'buyer_id', 'code', 'invalid', 'detail',
		    'No such organisation.'));
		RETURN;
	END IF;
	errors := need_errors(n, today, true);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	n.id := gen_random_uuid();
	n.created_by := actor;
	n.created_at := at;
	n.updated_at := at;
	INSERT INTO needs SELECT n.* RETURNING * INTO n;
	status := 'ok';
	body := need_json(n)::text;
	id := n.id;
	version := n.version;
END
$$;

-- PATCH: only while the need is a draft or waits for validation.
CREATE FUNCTION need_update(p_id uuid, p jsonb, versions integer[],
    actor uuid, own uuid, at timestamptz, today date, OUT status text,
    OUT errors jsonb, OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	n needs;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO n FROM needs t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR (own IS NOT NULL AND own <> n.buyer_id) THEN
		status := 'not_found';
		RETURN;
	END IF;
	n := need_merge(n, p);
	IF own IS NOT NULL AND own <> n.buyer_id THEN
		status := 'invalid';
		errors := jsonb_build_array(jsonb_build_object('field',
		    'buyer_id', 'code', 'invalid',
		    'detail', 'No such organisation within your reach.'));
		RETURN;
	END IF;
	errors := need_errors(n, today, p ? 'deadline');
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (n.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	IF n.status NOT IN ('draft', 'pending_validation') THEN
		status := 'state';
		RETURN;
	END IF;
	UPDATE needs t SET buyer_id = n.buyer_id, title = n.title,
	    description = n.description, sectors = n.sectors,
	    communes = n.communes, supplier_kinds = n.supplier_kinds,
	    budget_band = n.budget_band, deadline = n.deadline,
	    questions = n.questions, updated_at = at, version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO n;
	status := 'ok';
	body := need_json(n)::text;
	version := n.version;
END
$$;

-- A change of status (publish, close, award, cancel): from one of
-- from_states to to_state. Reaching 'published' computes the matches and
-- tells the suppliers; 'awarded' records the organisation (p_award).
CREATE FUNCTION need_transition(p_id uuid, from_states text[],
    to_state text, p_award jsonb, versions integer[], actor uuid, own uuid,
    at timestamptz, today date, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	n needs;
	winner uuid;
	matched uuid[];
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO n FROM needs t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR (own IS NOT NULL AND own <> n.buyer_id) THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF to_state = 'awarded' THEN
		winner := (p_award->>'organisation_id')::uuid;
		IF NOT EXISTS (SELECT 1 FROM organisations o
		    WHERE o.id = winner) THEN
			status := 'invalid';
			errors := jsonb_build_array(jsonb_build_object('field',
			    'organisation_id', 'code', 'invalid',
			    'detail', 'No such organisation.'));
			RETURN;
		END IF;
	END IF;
	IF versions IS NOT NULL AND NOT (n.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	IF NOT (n.status = ANY (from_states)) THEN
		status := 'state';
		RETURN;
	END IF;
	IF to_state IN ('pending_validation', 'published') AND
	    n.deadline < today THEN
		status := 'invalid';
		errors := jsonb_build_array(jsonb_build_object('field',
		    'deadline', 'code', 'range',
		    'detail', 'The deadline is already past.'));
		RETURN;
	END IF;
	UPDATE needs t SET status = to_state,
	    published_at = CASE WHEN to_state = 'published' THEN at
		ELSE t.published_at END,
	    closed_at = CASE WHEN to_state IN ('closed', 'awarded',
		'cancelled') THEN at ELSE t.closed_at END,
	    awarded_to = CASE WHEN to_state = 'awarded' THEN winner
		ELSE t.awarded_to END,
	    award_note = CASE WHEN to_state = 'awarded' THEN
		p_award->>'note' ELSE t.award_note END,
	    updated_at = at, version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO n;
	IF to_state = 'published' THEN
		WITH m AS (
			INSERT INTO need_matches (need_id, organisation_id,
			    matched_at)
			SELECT n.id, s, at FROM need_matching(n) s
			ON CONFLICT DO NOTHING
			RETURNING organisation_id
		)
		SELECT coalesce(array_agg(organisation_id), '{}') INTO matched
		FROM m;
		PERFORM notify_organisations(matched, 'need_matched', n.id,
		    'Nouveau besoin d''achat : ' || n.title,
		    'Un acheteur publie un besoin qui correspond à votre '
		    'activité : « ' || n.title || ' », réponse attendue avant '
		    'le ' || to_char(n.deadline, 'DD/MM/YYYY') || '.', at);
	END IF;
	status := 'ok';
	body := need_json(n)::text;
	version := n.version;
END
$$;

-- A matched supplier (own) marks the need seen; seeing twice changes
-- nothing. body: the match.
CREATE FUNCTION need_match_json(m need_matches) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'organisation_id', m.organisation_id,
		'organisation_name', (SELECT o.name FROM organisations o
		    WHERE o.id = m.organisation_id),
		'subkind', (SELECT o.subkind FROM organisations o
		    WHERE o.id = m.organisation_id),
		'matched_at', asr_time(m.matched_at),
		'seen_at', asr_time(m.seen_at),
		'interest', (SELECT a.interest FROM need_answers a
		    WHERE a.need_id = m.need_id
		    AND a.organisation_id = m.organisation_id))
$$;

CREATE FUNCTION need_seen(p_id uuid, actor uuid, own uuid, at timestamptz,
    OUT status text, OUT errors jsonb, OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	m need_matches;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	UPDATE need_matches t SET seen_at = coalesce(t.seen_at, at)
	WHERE t.need_id = p_id AND t.organisation_id = own
	RETURNING * INTO m;
	IF NOT FOUND THEN
		status := 'not_found';
		RETURN;
	END IF;
	status := 'ok';
	body := need_match_json(m)::text;
END
$$;

-- A matched supplier answers, once, while the need is published and its
-- deadline not past; the buyer's accounts are told.
CREATE FUNCTION need_answer(p_id uuid, p jsonb, actor uuid, own uuid,
    at timestamptz, today date, OUT status text, OUT errors jsonb,
    OUT body text, OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	n needs;
	a need_answers;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT t.* INTO n FROM needs t JOIN need_matches m ON m.need_id = t.id
	WHERE t.id = p_id AND m.organisation_id = own FOR SHARE OF t;
	IF NOT FOUND THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF p->>'interest' NOT IN ('interested', 'not_interested') THEN
		status := 'invalid';
		errors := jsonb_build_array(jsonb_build_object('field',
		    'interest', 'code', 'enum', 'detail',
		    'Expected interested or not_interested.'));
		RETURN;
	END IF;
	IF jsonb_array_length(coalesce(p->'answers', '[]')) >
	    jsonb_array_length(n.questions) THEN
		status := 'invalid';
		errors := jsonb_build_array(jsonb_build_object('field',
		    'answers', 'code', 'range', 'detail',
		    'More answers than the need has questions.'));
		RETURN;
	END IF;
	IF n.status <> 'published' OR n.deadline < today THEN
		status := 'state';
		RETURN;
	END IF;
	UPDATE need_matches t SET seen_at = coalesce(t.seen_at, at)
	WHERE t.need_id = p_id AND t.organisation_id = own;
	BEGIN
		INSERT INTO need_answers (need_id, organisation_id, interest,
		    message, answers, author_id, created_at, updated_at)
		VALUES (p_id, own, p->>'interest',
		    coalesce(p->>'message', ''),
		    coalesce(p->'answers', '[]'), actor, at, at)
		RETURNING * INTO a;
	EXCEPTION WHEN unique_violation THEN
		status := 'conflict';
		RETURN;
	END;
	IF a.interest = 'interested' THEN
		PERFORM notify_organisations(ARRAY[n.buyer_id],
		    'answer_received', n.id,
		    'Réponse à votre besoin : ' || n.title,
		    (SELECT o.name FROM organisations o WHERE o.id = own) ||
		    ' est intéressé par votre besoin « ' || n.title || ' ».',
		    at);
	END IF;
	status := 'ok';
	body := need_answer_json(a)::text;
	id := a.id;
	version := a.version;
END
$$;

-- Matched, seen, interested, not interested, of one need.
CREATE FUNCTION need_funnel(p_id uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('need_id', p_id,
	    'matched', (SELECT count(*) FROM need_matches m
		WHERE m.need_id = p_id),
	    'seen', (SELECT count(*) FROM need_matches m
		WHERE m.need_id = p_id AND m.seen_at IS NOT NULL),
	    'answered', (SELECT count(*) FROM need_answers a
		WHERE a.need_id = p_id),
	    'interested', (SELECT count(*) FROM need_answers a
		WHERE a.need_id = p_id AND a.interest = 'interested'),
	    'not_interested', (SELECT count(*) FROM need_answers a
		WHERE a.need_id = p_id AND a.interest = 'not_interested'))
$$;

-- The periodic job: published needs whose deadline is within `days` of
-- Mayotte's today tell their matched suppliers that have not answered,
-- once. Every worker's timer calls it; the advisory lock lets one run at a
-- time, and deadline_notified makes a second run do nothing.
CREATE FUNCTION needs_deadline_job(at timestamptz, today date, days integer)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	n needs;
	told integer := 0;
BEGIN
	IF NOT pg_try_advisory_xact_lock(976009) THEN
		RETURN -1;
	END IF;
	FOR n IN UPDATE needs t SET deadline_notified = true
	    WHERE t.status = 'published' AND NOT t.deadline_notified
	    AND t.deadline BETWEEN today AND today + days
	    RETURNING t.*
	LOOP
		told := told + notify_organisations(ARRAY(SELECT m.organisation_id
		    FROM need_matches m WHERE m.need_id = n.id AND NOT EXISTS
		    (SELECT 1 FROM need_answers a WHERE a.need_id = n.id
		    AND a.organisation_id = m.organisation_id)),
		    'deadline_near', n.id,
		    'Échéance proche : ' || n.title,
		    'Le besoin « ' || n.title || ' » attend les réponses '
		    'jusqu''au ' || to_char(n.deadline, 'DD/MM/YYYY') || '.', at);
	END LOOP;
	RETURN told;
END
$$;

CREATE FUNCTION notification_json(x notifications) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', x.id, 'kind', x.kind,
	    'need_id', x.need_id, 'title', x.title,
	    'created_at', asr_time(x.created_at),
	    'read_at', asr_time(x.read_at))
$$;

CREATE FUNCTION notification_read(p_id uuid, actor uuid, at timestamptz,
    OUT status text, OUT errors jsonb, OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	x notifications;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	UPDATE notifications t SET read_at = coalesce(t.read_at, at)
	WHERE t.id = p_id AND t.user_id = actor RETURNING * INTO x;
	IF NOT FOUND THEN
		status := 'not_found';
		RETURN;
	END IF;
	status := 'ok';
	body := notification_json(x)::text;
END
$$;
