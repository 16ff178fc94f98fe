-- Territorial animation (activity 1) and the network (activity 3): events
-- (awareness sessions, workshops, inter-company meetings, trainings),
-- steering bodies and committees with their meetings and the action items
-- decided there, the SPASER of each public buyer, and the history of the
-- network's membership. Writes are SQL functions returning (status,
-- errors, body, [id,] version) like the catalogue's (0004).

CREATE TABLE event_kinds (
	code		text PRIMARY KEY
			CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	label		text NOT NULL CHECK (label <> ''),
	position	integer NOT NULL
);
REVOKE INSERT, UPDATE, DELETE ON event_kinds FROM asr_app;

-- Organisations named in an array (present at an event, members of a body,
-- attending a meeting): uuid[] with a GIN index, checked on each write.
CREATE TABLE events (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	kind		text NOT NULL REFERENCES event_kinds (code),
	title		text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	starts_on	date NOT NULL,
	commune_insee	char(5) REFERENCES communes (code),
	place		text CHECK (length(place) <= 300),
	audiences	text[] NOT NULL DEFAULT '{}',
	organisation_ids uuid[] NOT NULL DEFAULT '{}',
	head_count	integer CHECK (head_count >= 0),
	description	text NOT NULL DEFAULT ''
			    CHECK (length(description) <= 10000),
	public		boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1
);
CREATE INDEX events_starts_idx ON events (starts_on, id);
CREATE INDEX events_organisations_idx ON events USING gin (organisation_ids);

CREATE TABLE bodies (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	kind		text NOT NULL CHECK (kind IN ('steering_committee',
			    'technical_committee', 'prescriber_committee',
			    'other')),
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	description	text NOT NULL DEFAULT ''
			    CHECK (length(description) <= 10000),
	member_ids	uuid[] NOT NULL DEFAULT '{}',
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1
);
CREATE INDEX bodies_members_idx ON bodies USING gin (member_ids);

-- Obstacles and levers are recorded by prescriber committees only.
CREATE TABLE meetings (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	body_id		uuid NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
	held_on		date NOT NULL,
	place		text CHECK (length(place) <= 300),
	agenda		text NOT NULL DEFAULT '' CHECK (length(agenda) <= 10000),
	minutes		text NOT NULL DEFAULT ''
			    CHECK (length(minutes) <= 50000),
	attendee_ids	uuid[] NOT NULL DEFAULT '{}',
	decisions	jsonb NOT NULL DEFAULT '[]'
			    CHECK (jsonb_typeof(decisions) = 'array'),
	obstacles	jsonb NOT NULL DEFAULT '[]'
			    CHECK (jsonb_typeof(obstacles) = 'array'),
	levers		jsonb NOT NULL DEFAULT '[]'
			    CHECK (jsonb_typeof(levers) = 'array'),
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1
);
CREATE INDEX meetings_body_idx ON meetings (body_id, held_on, id);

CREATE TABLE action_items (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	meeting_id	uuid NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	title		text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
	owner_id	uuid REFERENCES organisations (id),
	due_on		date,
	status		text NOT NULL DEFAULT 'open' CHECK (status IN ('open',
			    'in_progress', 'done', 'cancelled')),
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1
);
CREATE INDEX action_items_meeting_idx ON action_items
	(meeting_id, created_at, id);

-- The SPASER of a public buyer (one per buyer) and its yearly targets and
-- results (shares 0-1, hours).
CREATE TABLE spasers (
	organisation_id	uuid PRIMARY KEY REFERENCES organisations (id)
			    ON DELETE CASCADE,
	yearly_purchase_volume numeric(16,2)
			    CHECK (yearly_purchase_volume >= 0),
	adopted		boolean NOT NULL DEFAULT false,
	adopted_on	date,
	document_url	text CHECK (length(document_url) <= 300),
	years		jsonb NOT NULL DEFAULT '[]'
			    CHECK (jsonb_typeof(years) = 'array'),
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1
);

-- Joins and leaves of the network, kept by a trigger on the catalogue's
-- membership dates.
CREATE TABLE membership_history (
	id		bigserial PRIMARY KEY,
	organisation_id	uuid NOT NULL REFERENCES organisations (id)
			    ON DELETE CASCADE,
	member_since	date,
	member_until	date,
	changed_at	timestamptz NOT NULL
);
CREATE INDEX membership_history_org_idx ON membership_history
	(organisation_id, id);

CREATE FUNCTION membership_record() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' AND NEW.member_since IS NULL THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'UPDATE' AND (OLD.member_since, OLD.member_until)
	    IS NOT DISTINCT FROM (NEW.member_since, NEW.member_until) THEN
		RETURN NULL;
	END IF;
	INSERT INTO membership_history (organisation_id, member_since,
	    member_until, changed_at)
	VALUES (NEW.id, NEW.member_since, NEW.member_until, NEW.updated_at);
	RETURN NULL;
END
$$;

CREATE TRIGGER organisations_membership AFTER INSERT OR UPDATE
	OF member_since, member_until ON organisations
	FOR EACH ROW EXECUTE FUNCTION membership_record();

INSERT INTO membership_history (organisation_id, member_since, member_until,
    changed_at)
SELECT id, member_since, member_until, updated_at FROM organisations
WHERE member_since IS NOT NULL;

-- Helpers of the checks.

-- ids: a JSON array of strings; errors when one is not the id of an
-- organisation.
CREATE FUNCTION organisation_ids_errors(field text, ids jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN ids IS NULL OR EXISTS (SELECT 1
	    FROM jsonb_array_elements_text(ids) x
	    WHERE x !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
	    OR NOT EXISTS (SELECT 1 FROM organisations o
		WHERE o.id = x::uuid))
	THEN jsonb_build_array(jsonb_build_object('field', field,
	    'code', 'invalid', 'detail', 'Not the id of an organisation.'))
	ELSE '[]'::jsonb END
$$;

CREATE FUNCTION uuid_array(v jsonb) RETURNS uuid[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT ARRAY(SELECT DISTINCT x::uuid FROM jsonb_array_elements_text(v) x)
$$;

CREATE FUNCTION asr_error(field text, code text, detail text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
	SELECT jsonb_build_array(jsonb_build_object('field', field,
	    'code', code, 'detail', detail))
$$;

-- Events

CREATE FUNCTION event_json(e events) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', e.id, 'kind', e.kind, 'title', e.title,
	    'starts_on', e.starts_on, 'commune_insee', e.commune_insee,
	    'place', e.place, 'audiences', to_jsonb(e.audiences),
	    'organisation_ids', to_jsonb(e.organisation_ids),
	    'head_count', e.head_count, 'description', e.description,
	    'public', e.public, 'created_at', asr_time(e.created_at),
	    'updated_at', asr_time(e.updated_at), 'version', e.version)
$$;

CREATE FUNCTION event_public_json(e events) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', e.id, 'kind', e.kind, 'title', e.title,
	    'starts_on', e.starts_on, 'commune_insee', e.commune_insee,
	    'place', e.place, 'audiences', to_jsonb(e.audiences),
	    'description', e.description)
$$;

CREATE FUNCTION event_errors(e events) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT code_errors('kind', ARRAY[e.kind], ARRAY(SELECT code
		FROM event_kinds), NULL) ||
	    code_errors('commune_insee', ARRAY[e.commune_insee]::text[] ||
		'{}'::text[], ARRAY(SELECT code::text FROM communes), NULL) ||
	    code_errors('audiences', e.audiences, ARRAY(SELECT code
		FROM organisation_kinds), 'public')
$$;

CREATE FUNCTION event_write(p_id uuid, p jsonb, versions integer[],
    actor uuid, at timestamptz, remove boolean, OUT status text,
    OUT errors jsonb, OUT body text, OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	e events;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	IF p_id IS NULL THEN
		e := jsonb_populate_record(NULL::events, jsonb_build_object(
		    'audiences', '[]'::jsonb, 'organisation_ids', '[]'::jsonb,
		    'description', '', 'public', false, 'version', 1));
	ELSE
		SELECT * INTO e FROM events t WHERE t.id = p_id FOR UPDATE;
		IF NOT FOUND THEN
			status := 'not_found';
			RETURN;
		END IF;
	END IF;
	errors := '[]';
	IF p ? 'kind' THEN e.kind := p->>'kind'; END IF;
	IF p ? 'title' THEN e.title := p->>'title'; END IF;
	IF p ? 'starts_on' THEN e.starts_on := (p->>'starts_on')::date; END IF;
	IF p ? 'commune_insee' THEN e.commune_insee := p->>'commune_insee';
	END IF;
	IF p ? 'place' THEN e.place := p->>'place'; END IF;
	IF p ? 'audiences' THEN e.audiences := jsonb_text_array(p->'audiences');
	END IF;
	IF p ? 'organisation_ids' THEN
		errors := organisation_ids_errors('organisation_ids',
		    p->'organisation_ids');
		IF errors = '[]' THEN
			e.organisation_ids := uuid_array(p->'organisation_ids');
		END IF;
	END IF;
	IF p ? 'head_count' THEN
		IF jsonb_typeof(p->'head_count') = 'number' AND
		    (p->>'head_count')::numeric % 1 <> 0 THEN
			errors := errors || asr_error('head_count', 'type',
			    'Expected a whole number.');
		ELSE
			e.head_count := (p->>'head_count')::numeric;
		END IF;
	END IF;
	IF p ? 'description' THEN e.description := p->>'description'; END IF;
	IF p ? 'public' THEN e.public := (p->>'public')::boolean; END IF;
	errors := errors || event_errors(e);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (e.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	status := 'ok';
	IF remove THEN
		DELETE FROM events t WHERE t.id = p_id;
		RETURN;
	END IF;
	IF p_id IS NULL THEN
		e.id := gen_random_uuid();
		e.created_at := at;
		e.updated_at := at;
		INSERT INTO events SELECT e.* RETURNING * INTO e;
	ELSE
		UPDATE events t SET kind = e.kind, title = e.title,
		    starts_on = e.starts_on, commune_insee = e.commune_insee,
		    place = e.place, audiences = e.audiences,
		    organisation_ids = e.organisation_ids,
		    head_count = e.head_count, description = e.description,
		    public = e.public, updated_at = at, version = t.version + 1
		WHERE t.id = p_id RETURNING * INTO e;
	END IF;
	body := event_json(e)::text;
	id := e.id;
	version := e.version;
END
$$;

-- Bodies, meetings, action items

CREATE FUNCTION body_json(b bodies) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', b.id, 'kind', b.kind, 'name', b.name,
	    'description', b.description,
	    'member_ids', to_jsonb(b.member_ids),
	    'created_at', asr_time(b.created_at),
	    'updated_at', asr_time(b.updated_at), 'version', b.version)
$$;

CREATE FUNCTION body_write(p_id uuid, p jsonb, versions integer[],
    actor uuid, at timestamptz, remove boolean, OUT status text,
    OUT errors jsonb, OUT body text, OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	b bodies;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	IF p_id IS NULL THEN
		b := jsonb_populate_record(NULL::bodies, jsonb_build_object(
		    'member_ids', '[]'::jsonb, 'description', '', 'version', 1));
	ELSE
		SELECT * INTO b FROM bodies t WHERE t.id = p_id FOR UPDATE;
		IF NOT FOUND THEN
			status := 'not_found';
			RETURN;
		END IF;
	END IF;
	errors := '[]';
	IF p ? 'kind' THEN b.kind := p->>'kind'; END IF;
	IF p ? 'name' THEN b.name := p->>'name'; END IF;
	IF p ? 'description' THEN b.description := p->>'description'; END IF;
	IF p ? 'member_ids' THEN
		errors := organisation_ids_errors('member_ids', p->'member_ids');
		IF errors = '[]' THEN
			b.member_ids := uuid_array(p->'member_ids');
		END IF;
	END IF;
	IF b.kind NOT IN ('steering_committee', 'technical_committee',
	    'prescriber_committee', 'other') THEN
		errors := errors || asr_error('kind', 'enum', 'Expected '
		    'steering_committee, technical_committee, '
		    'prescriber_committee or other.');
	END IF;
	IF b.kind <> 'prescriber_committee' AND p_id IS NOT NULL AND
	    EXISTS (SELECT 1 FROM meetings m WHERE m.body_id = p_id AND
	    (m.obstacles <> '[]' OR m.levers <> '[]')) THEN
		errors := errors || asr_error('kind', 'invalid', 'Its meetings '
		    'record obstacles and levers: it stays a prescriber '
		    'committee.');
	END IF;
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (b.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	status := 'ok';
	IF remove THEN
		DELETE FROM bodies t WHERE t.id = p_id;
		RETURN;
	END IF;
	IF p_id IS NULL THEN
		b.id := gen_random_uuid();
		b.created_at := at;
		b.updated_at := at;
		INSERT INTO bodies SELECT b.* RETURNING * INTO b;
	ELSE
		UPDATE bodies t SET kind = b.kind, name = b.name,
		    description = b.description, member_ids = b.member_ids,
		    updated_at = at, version = t.version + 1
		WHERE t.id = p_id RETURNING * INTO b;
	END IF;
	body := body_json(b)::text;
	id := b.id;
	version := b.version;
END
$$;

CREATE FUNCTION meeting_json(m meetings) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', m.id, 'body_id', m.body_id,
	    'held_on', m.held_on, 'place', m.place, 'agenda', m.agenda,
	    'minutes', m.minutes, 'attendee_ids', to_jsonb(m.attendee_ids),
	    'decisions', m.decisions, 'obstacles', m.obstacles,
	    'levers', m.levers, 'created_at', asr_time(m.created_at),
	    'updated_at', asr_time(m.updated_at), 'version', m.version)
$$;

-- p_body: the body of a new meeting (p_id NULL), from the path.
CREATE FUNCTION meeting_write(p_body uuid, p_id uuid, p jsonb,
    versions integer[], actor uuid, at timestamptz, remove boolean,
    OUT status text, OUT errors jsonb, OUT body text, OUT id uuid,
    OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	m meetings;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	IF p_id IS NULL THEN
		IF NOT EXISTS (SELECT 1 FROM bodies b WHERE b.id = p_body) THEN
			status := 'not_found';
			RETURN;
		END IF;
		m := jsonb_populate_record(NULL::meetings, jsonb_build_object(
		    'body_id', p_body, 'agenda', '', 'minutes', '',
		    'attendee_ids', '[]'::jsonb, 'decisions', '[]'::jsonb,
		    'obstacles', '[]'::jsonb, 'levers', '[]'::jsonb,
		    'version', 1));
	ELSE
		SELECT * INTO m FROM meetings t WHERE t.id = p_id FOR UPDATE;
		IF NOT FOUND THEN
			status := 'not_found';
			RETURN;
		END IF;
	END IF;
	errors := '[]';
	IF p ? 'held_on' THEN m.held_on := (p->>'held_on')::date; END IF;
	IF p ? 'place' THEN m.place := p->>'place'; END IF;
	IF p ? 'agenda' THEN m.agenda := p->>'agenda'; END IF;
	IF p ? 'minutes' THEN m.minutes := p->>'minutes'; END IF;
	IF p ? 'decisions' THEN m.decisions := p->'decisions'; END IF;
	IF p ? 'obstacles' THEN m.obstacles := p->'obstacles'; END IF;
	IF p ? 'levers' THEN m.levers := p->'levers'; END IF;
	IF p ? 'attendee_ids' THEN
		errors := organisation_ids_errors('attendee_ids',
		    p->'attendee_ids');
		IF errors = '[]' THEN
			m.attendee_ids := uuid_array(p->'attendee_ids');
		END IF;
	END IF;
	IF (m.obstacles <> '[]' OR m.levers <> '[]') AND NOT EXISTS (SELECT 1
	    FROM bodies b WHERE b.id = m.body_id AND
	    b.kind = 'prescriber_committee') THEN
		errors := errors || asr_error(CASE WHEN m.obstacles <> '[]'
		    THEN 'obstacles' ELSE 'levers' END, 'invalid',
		    'Only a prescriber committee records obstacles and levers.');
	END IF;
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (m.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	status := 'ok';
	IF remove THEN
		DELETE FROM meetings t WHERE t.id = p_id;
		RETURN;
	END IF;
	IF p_id IS NULL THEN
		m.id := gen_random_uuid();
		m.created_at := at;
		m.updated_at := at;
		INSERT INTO meetings SELECT m.* RETURNING * INTO m;
	ELSE
		UPDATE meetings t SET held_on = m.held_on, place = m.place,
		    agenda = m.agenda, minutes = m.minutes,
		    attendee_ids = m.attendee_ids, decisions = m.decisions,
		    obstacles = m.obstacles, levers = m.levers,
		    updated_at = at, version = t.version + 1
		WHERE t.id = p_id RETURNING * INTO m;
	END IF;
	body := meeting_json(m)::text;
	id := m.id;
	version := m.version;
END
$$;

CREATE FUNCTION action_item_json(a action_items) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', a.id, 'meeting_id', a.meeting_id,
	    'body_id', (SELECT m.body_id FROM meetings m
		WHERE m.id = a.meeting_id),
	    'title', a.title, 'owner_id', a.owner_id, 'due_on', a.due_on,
	    'status', a.status, 'created_at', asr_time(a.created_at),
	    'updated_at', asr_time(a.updated_at), 'version', a.version)
$$;

CREATE FUNCTION action_item_write(p_meeting uuid, p_id uuid, p jsonb,
    versions integer[], actor uuid, at timestamptz, remove boolean,
    OUT status text, OUT errors jsonb, OUT body text, OUT id uuid,
    OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	a action_items;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	IF p_id IS NULL THEN
		IF NOT EXISTS (SELECT 1 FROM meetings m WHERE m.id = p_meeting)
		THEN
			status := 'not_found';
			RETURN;
		END IF;
		a := jsonb_populate_record(NULL::action_items,
		    jsonb_build_object('meeting_id', p_meeting,
		    'status', 'open', 'version', 1));
	ELSE
		SELECT * INTO a FROM action_items t WHERE t.id = p_id
		FOR UPDATE;
		IF NOT FOUND THEN
			status := 'not_found';
			RETURN;
		END IF;
	END IF;
	errors := '[]';
	IF p ? 'title' THEN a.title := p->>'title'; END IF;
	IF p ? 'due_on' THEN a.due_on := (p->>'due_on')::date; END IF;
	IF p ? 'status' THEN a.status := p->>'status'; END IF;
	IF p ? 'owner_id' THEN
		IF p->'owner_id' = 'null' THEN
			a.owner_id := NULL;
		ELSE
			errors := organisation_ids_errors('owner_id',
			    jsonb_build_array(p->'owner_id'));
			IF errors = '[]' THEN
				a.owner_id := (p->>'owner_id')::uuid;
			END IF;
		END IF;
	END IF;
	IF a.status NOT IN ('open', 'in_progress', 'done', 'cancelled') THEN
		errors := errors || asr_error('status', 'enum',
		    'Expected open, in_progress, done or cancelled.');
	END IF;
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (a.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	status := 'ok';
	IF remove THEN
		DELETE FROM action_items t WHERE t.id = p_id;
		RETURN;
	END IF;
	IF p_id IS NULL THEN
		a.id := gen_random_uuid();
		a.created_at := at;
		a.updated_at := at;
		INSERT INTO action_items SELECT a.* RETURNING * INTO a;
	ELSE
		UPDATE action_items t SET title = a.title, owner_id = a.owner_id,
		    due_on = a.due_on, status = a.status, updated_at = at,
		    version = t.version + 1
		WHERE t.id = p_id RETURNING * INTO a;
	END IF;
	body := action_item_json(a)::text;
	id := a.id;
	version := a.version;
END
$$;
