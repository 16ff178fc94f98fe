-- People and the prescriber network (issue 8, first half): beneficiaries,
-- the eligibility criteria prescribers vouch for, obstacles, and the
-- reference tables they draw on.
--
-- A person's identity (names, birth date, phone, email, address) is never
-- stored in clear: the server seals it as one JSON value (XChaCha20-Poly1305,
-- src/core/vault.c) bound to the row ("beneficiary:<id>:identity") and keeps
-- the ciphertext with the id of the key that sealed it. Two keyed BLAKE2b
-- blind indexes (name, name + birth date) find possible duplicates without
-- decrypting anything. The notes of vouchings are sealed too. What
-- statistics need (sex, birth year, commune, education level, QPV,
-- criteria, obstacles) stays in clear. Erasure drops the ciphertext and
-- the indexes and keeps the rest, anonymous.

CREATE TABLE eligibility_criteria (
	code		text PRIMARY KEY
			CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	label		text NOT NULL CHECK (label <> ''),
	validity_days	integer NOT NULL CHECK (validity_days BETWEEN 1 AND 3660),
	-- A prescriber's reasoned opinion counts once a facilitator agrees.
	needs_validation boolean NOT NULL DEFAULT false,
	position	integer NOT NULL
);

CREATE TABLE education_levels (
	code		text PRIMARY KEY
			CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	label		text NOT NULL CHECK (label <> ''),
	position	integer NOT NULL
);

CREATE TABLE obstacle_kinds (
	code		text PRIMARY KEY
			CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	label		text NOT NULL CHECK (label <> ''),
	position	integer NOT NULL
);

-- The national IAE exit typology, for the outcomes (second half).
CREATE TABLE outcome_categories (
	code		text PRIMARY KEY
			CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	label		text NOT NULL CHECK (label <> ''),
	group_code	text NOT NULL CHECK (group_code IN ('sustainable',
			    'transitional', 'positive', 'other')),
	position	integer NOT NULL
);

CREATE TABLE beneficiaries (
	id		uuid PRIMARY KEY,
	-- Pseudonymous, random, never derived from the identity.
	code		text NOT NULL UNIQUE CHECK (code ~ '^P-[0-9A-Z]{8}$'),
	identity	bytea CHECK (length(identity) BETWEEN 41 AND 16384),
	identity_key	text CHECK (identity_key ~ '^k4\.lid\.'),
	blind_name	text CHECK (blind_name ~ '^[0-9a-f]{32}$'),
	blind_name_birth text CHECK (blind_name_birth ~ '^[0-9a-f]{32}$'),
	sex		text CHECK (sex IN ('F', 'M')),
	birth_year	smallint CHECK (birth_year BETWEEN 1900 AND 2100),
	commune_insee	char(5) REFERENCES communes (code),
	education_level	text REFERENCES education_levels (code),
	qpv		boolean NOT NULL DEFAULT false,
	obstacles	text[] NOT NULL DEFAULT '{}',
	prescriber_id	uuid NOT NULL REFERENCES organisations (id),
	referent_id	uuid REFERENCES users (id),
	possible_duplicate boolean NOT NULL DEFAULT false,
	-- A facilitator merged this copy into that person (then erased it).
	merged_into	uuid REFERENCES beneficiaries (id),
	erased_at	timestamptz,
	-- Drives the automatic purge; the clause tables will move it on with
	-- each action's end.
	last_activity_at timestamptz NOT NULL,
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1,
	CHECK ((identity IS NULL) = (identity_key IS NULL)),
	CHECK ((erased_at IS NULL) = (identity IS NOT NULL)),
	CHECK (erased_at IS NULL OR (blind_name IS NULL AND
	    blind_name_birth IS NULL))
);
CREATE INDEX beneficiaries_blind_name_idx ON beneficiaries (blind_name)
	WHERE blind_name IS NOT NULL;
CREATE INDEX beneficiaries_blind_name_birth_idx
	ON beneficiaries (blind_name_birth) WHERE blind_name_birth IS NOT NULL;
CREATE INDEX beneficiaries_prescriber_idx
	ON beneficiaries (prescriber_id, created_at DESC, id);
CREATE INDEX beneficiaries_list_idx ON beneficiaries (created_at DESC, id);
CREATE INDEX beneficiaries_activity_idx ON beneficiaries (last_activity_at)
	WHERE erased_at IS NULL;

-- Each criterion a person holds, vouched for by a prescriber on a date,
-- lapsing after the criterion's validity.
CREATE TABLE beneficiary_criteria (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	beneficiary_id	uuid NOT NULL REFERENCES beneficiaries (id)
			    ON DELETE CASCADE,
	criterion	text NOT NULL REFERENCES eligibility_criteria (code),
	prescriber_id	uuid NOT NULL REFERENCES organisations (id),
	referent_id	uuid REFERENCES users (id),
	vouched_on	date NOT NULL,
	expires_on	date NOT NULL CHECK (expires_on > vouched_on),
	-- Sealed like the identity, under "vouching:<id>:note".
	note		bytea CHECK (length(note) <= 8192),
	note_key	text CHECK ((note IS NULL) = (note_key IS NULL)),
	validated_by	uuid REFERENCES users (id),
	validated_at	timestamptz,
	created_by	uuid NOT NULL REFERENCES users (id),
	created_at	timestamptz NOT NULL
);
CREATE INDEX beneficiary_criteria_person_idx
	ON beneficiary_criteria (beneficiary_id, criterion, expires_on);

-- An instant as the API writes it (RFC 3339, UTC, milliseconds).
CREATE FUNCTION people_time_text(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- Whether a vouching counts on day d.
CREATE FUNCTION criterion_holds(c beneficiary_criteria, d date)
RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT c.vouched_on <= d AND d < c.expires_on AND
	    (c.validated_by IS NOT NULL OR NOT (SELECT e.needs_validation
		FROM eligibility_criteria e WHERE e.code = c.criterion))
$$;

-- Whether person p is eligible on day d: at least one criterion holds. The
-- clause code asks it when an action starts (with the action's start day).
CREATE FUNCTION beneficiary_eligible(p uuid, d date) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM beneficiary_criteria c
	    WHERE c.beneficiary_id = p AND criterion_holds(c, d))
$$;

CREATE FUNCTION beneficiary_criterion_json(c beneficiary_criteria, d date)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', c.id, 'criterion', c.criterion,
	    'prescriber_id', c.prescriber_id, 'referent_id', c.referent_id,
	    'vouched_on', c.vouched_on, 'expires_on', c.expires_on,
	    'note', NULL, 'validated', c.validated_by IS NOT NULL,
	    'holds', criterion_holds(c, d)) ||
	    CASE WHEN c.note IS NULL THEN '{}'::jsonb
	    ELSE jsonb_build_object('note_sealed', encode(c.note, 'hex'),
		'note_key', c.note_key) END
$$;

-- The person as the API shows it, but for the identity: the sealed value
-- travels as identity_sealed / identity_key, which the server opens (or
-- drops) before answering. possible_duplicate is the facilitators' only.
CREATE FUNCTION beneficiary_json(b beneficiaries, staff boolean, d date)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('id', b.id, 'code', b.code, 'sex', b.sex,
	    'birth_year', b.birth_year, 'commune_insee', b.commune_insee,
	    'education_level', b.education_level, 'qpv', b.qpv,
	    'obstacles', to_jsonb(b.obstacles),
	    'criteria', to_jsonb(ARRAY(SELECT DISTINCT c.criterion
		FROM beneficiary_criteria c WHERE c.beneficiary_id = b.id
		AND criterion_holds(c, d) ORDER BY 1)),
	    'eligible', beneficiary_eligible(b.id, d),
	    'eligibility', coalesce((SELECT jsonb_agg(
		beneficiary_criterion_json(c, d) ORDER BY c.vouched_on DESC,
		c.criterion) FROM beneficiary_criteria c
		WHERE c.beneficiary_id = b.id), '[]'::jsonb),
	    'prescriber_id', b.prescriber_id, 'referent_id', b.referent_id,
	    'erased', b.erased_at IS NOT NULL, 'merged_into', b.merged_into,
	    'created_at', people_time_text(b.created_at),
	    'updated_at', people_time_text(b.updated_at),
	    'version', b.version) ||
	    CASE WHEN staff THEN jsonb_build_object('possible_duplicate',
		b.possible_duplicate) ELSE '{}'::jsonb END ||
	    CASE WHEN b.identity IS NULL THEN '{}'::jsonb
	    ELSE jsonb_build_object('identity_sealed',
		encode(b.identity, 'hex'), 'identity_key', b.identity_key)
	    END
$$;

CREATE FUNCTION beneficiary_merge(b beneficiaries, p jsonb)
RETURNS beneficiaries
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF p ? 'sex' THEN b.sex := p->>'sex'; END IF;
	IF p ? 'birth_year' THEN b.birth_year := (p->>'birth_year')::smallint;
	END IF;
	IF p ? 'commune_insee' THEN b.commune_insee := p->>'commune_insee';
	END IF;
	IF p ? 'education_level' THEN
		b.education_level := p->>'education_level';
	END IF;
	IF p ? 'qpv' THEN b.qpv := (p->>'qpv')::boolean; END IF;
	IF p ? 'obstacles' THEN
		b.obstacles := ARRAY(SELECT DISTINCT x FROM
		    jsonb_array_elements_text(p->'obstacles') x ORDER BY 1);
	END IF;
	IF p ? 'prescriber_id' THEN
		b.prescriber_id := (p->>'prescriber_id')::uuid;
	END IF;
	IF p ? 'referent_id' THEN b.referent_id := (p->>'referent_id')::uuid;
	END IF;
	-- A facilitator's review: "not a duplicate" (false), or flagged.
	IF p ? 'possible_duplicate' THEN
		b.possible_duplicate := (p->>'possible_duplicate')::boolean;
	END IF;
	RETURN b;
END
$$;

CREATE FUNCTION beneficiary_errors(b beneficiaries, criteria text[])
RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT
	    CASE WHEN b.prescriber_id IS NULL
	    THEN jsonb_build_array(jsonb_build_object('field', 'prescriber_id',
		'code', 'required', 'detail', 'The referring prescriber.'))
	    WHEN NOT EXISTS (SELECT 1 FROM organisations o
		WHERE o.id = b.prescriber_id AND o.kind = 'prescriber')
	    THEN jsonb_build_array(jsonb_build_object('field', 'prescriber_id',
		'code', 'invalid', 'detail', 'Not a prescriber organisation.'))
	    ELSE '[]'::jsonb END ||
	    CASE WHEN b.referent_id IS NOT NULL AND NOT EXISTS (SELECT 1
		FROM users u WHERE u.id = b.referent_id
		AND u.organisation_id = b.prescriber_id
		AND u.role = 'prescriber')
	    THEN jsonb_build_array(jsonb_build_object('field', 'referent_id',
		'code', 'invalid', 'detail',
		'Not a prescriber of the referring organisation.'))
	    ELSE '[]'::jsonb END ||
	    code_errors('commune_insee', ARRAY[b.commune_insee]::text[] ||
		'{}'::text[], ARRAY(SELECT code::text FROM communes), NULL) ||
	    code_errors('education_level', ARRAY[b.education_level]::text[] ||
		'{}'::text[], ARRAY(SELECT code FROM education_levels), NULL) ||
	    code_errors('obstacles', b.obstacles,
		ARRAY(SELECT code FROM obstacle_kinds), NULL) ||
	    code_errors('criteria', criteria,
		ARRAY(SELECT code FROM eligibility_criteria), NULL)
$$;

-- Flags b and every other person sharing one of its blind indexes as a
-- possible duplicate, for facilitators to review; never blocks anything.
CREATE FUNCTION beneficiary_flag_duplicates(b beneficiaries, at timestamptz)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	n integer;
BEGIN
	IF b.blind_name IS NULL THEN
		RETURN false;
	END IF;
	UPDATE beneficiaries t SET possible_duplicate = true, updated_at = at,
	    version = t.version + 1
	WHERE t.id <> b.id AND NOT t.possible_duplicate
	    AND (t.blind_name = b.blind_name OR
	    t.blind_name_birth = b.blind_name_birth);
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n > 0 OR EXISTS (SELECT 1 FROM beneficiaries t
	    WHERE t.id <> b.id AND (t.blind_name = b.blind_name OR
	    t.blind_name_birth = b.blind_name_birth));
END
$$;

-- Vouches for each criterion in codes on day d (one code when vid, the
-- vouching's id, and its sealed note are given).
CREATE FUNCTION beneficiary_vouch_all(b beneficiaries, codes text[],
    d date, vid uuid, p_note bytea, p_key text, actor uuid, staff boolean,
    at timestamptz)
RETURNS void
LANGUAGE sql AS $$
	INSERT INTO beneficiary_criteria (id, beneficiary_id, criterion,
	    prescriber_id, referent_id, vouched_on, expires_on, note, note_key,
	    validated_by, validated_at, created_by, created_at)
	SELECT coalesce(vid, gen_random_uuid()), b.id, e.code, b.prescriber_id,
	    CASE WHEN staff THEN b.referent_id ELSE actor END, d,
	    d + e.validity_days, p_note, p_key,
	    CASE WHEN staff THEN actor END, CASE WHEN staff THEN at END,
	    actor, at
	FROM eligibility_criteria e WHERE e.code = ANY (codes)
$$;

-- The writes: (status, errors, body, [id,] version) as in 0004. own is the
-- caller's organisation for a prescriber, NULL for staff. sealed, key and
-- the blind indexes come from the server, which alone holds the keys.

CREATE FUNCTION beneficiary_create(p jsonb, p_id uuid, p_code text,
    sealed bytea, key text, bn text, bnb text, actor uuid, own uuid,
    d date, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT id uuid, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	b beneficiaries;
	codes text[] := coalesce(jsonb_text_array(p->'criteria'), '{}');
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	b := jsonb_populate_record(NULL::beneficiaries, jsonb_build_object(
	    'qpv', false, 'obstacles', '[]'::jsonb,
	    'possible_duplicate', false, 'version', 1));
	b := beneficiary_merge(b, p);
	IF own IS NOT NULL THEN
		b.prescriber_id := own;
		b.referent_id := coalesce(b.referent_id, actor);
	END IF;
	errors := beneficiary_errors(b, codes);
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	b.id := p_id;
	b.code := p_code;
	b.identity := sealed;
	b.identity_key := key;
	b.blind_name := bn;
	b.blind_name_birth := bnb;
	b.last_activity_at := at;
	b.created_at := at;
	b.updated_at := at;
	BEGIN
		INSERT INTO beneficiaries SELECT b.* RETURNING * INTO b;
	EXCEPTION WHEN unique_violation THEN
		status := 'conflict';
		RETURN;
	END;
	PERFORM beneficiary_vouch_all(b, codes, d, NULL, NULL, NULL, actor,
	    own IS NULL, at);
	IF beneficiary_flag_duplicates(b, at) THEN
		UPDATE beneficiaries t SET possible_duplicate = true
		WHERE t.id = b.id RETURNING * INTO b;
	END IF;
	status := 'ok';
	body := beneficiary_json(b, own IS NULL, d)::text;
	id := b.id;
	version := b.version;
END
$$;

-- seen: the version whose identity the server opened to patch it (NULL
-- when the patch leaves the identity alone); sealed NULL keeps it.
CREATE FUNCTION beneficiary_update(p_id uuid, p jsonb, sealed bytea,
    key text, bn text, bnb text, seen integer, versions integer[],
    actor uuid, own uuid, d date, at timestamptz, OUT status text,
    OUT errors jsonb, OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	b beneficiaries;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO b FROM beneficiaries t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR (own IS NOT NULL AND own <> b.prescriber_id) THEN
		status := 'not_found';
		RETURN;
	END IF;
	b := beneficiary_merge(b, p);
	errors := beneficiary_errors(b, '{}');
	IF errors <> '[]' THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF (versions IS NOT NULL AND NOT (b.version = ANY (versions))) OR
	    (seen IS NOT NULL AND seen <> b.version) THEN
		status := 'precondition';
		RETURN;
	END IF;
	IF b.erased_at IS NOT NULL THEN
		status := 'erased';
		RETURN;
	END IF;
	IF sealed IS NOT NULL THEN
		b.identity := sealed;
		b.identity_key := key;
		b.blind_name := bn;
		b.blind_name_birth := bnb;
	END IF;
	UPDATE beneficiaries t SET identity = b.identity,
	    identity_key = b.identity_key, blind_name = b.blind_name,
	    blind_name_birth = b.blind_name_birth, sex = b.sex,
	    birth_year = b.birth_year, commune_insee = b.commune_insee,
	    education_level = b.education_level, qpv = b.qpv,
	    obstacles = b.obstacles, prescriber_id = b.prescriber_id,
	    referent_id = b.referent_id,
	    possible_duplicate = b.possible_duplicate, last_activity_at = at,
	    updated_at = at, version = t.version + 1
	WHERE t.id = p_id RETURNING * INTO b;
	IF sealed IS NOT NULL AND beneficiary_flag_duplicates(b, at) AND
	    NOT b.possible_duplicate THEN
		UPDATE beneficiaries t SET possible_duplicate = true
		WHERE t.id = b.id RETURNING * INTO b;
	END IF;
	status := 'ok';
	body := beneficiary_json(b, own IS NULL, d)::text;
	version := b.version;
END
$$;

-- A prescriber (or a facilitator) vouches for one criterion on day
-- vouched_on (not in the future, not already lapsed).
CREATE FUNCTION beneficiary_vouch(p_id uuid, p jsonb, actor uuid, own uuid,
    d date, at timestamptz, OUT status text, OUT errors jsonb,
    OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	b beneficiaries;
	e eligibility_criteria;
	day date := coalesce((p->>'vouched_on')::date, d);
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO b FROM beneficiaries t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR (own IS NOT NULL AND own <> b.prescriber_id) THEN
		status := 'not_found';
		RETURN;
	END IF;
	SELECT * INTO e FROM eligibility_criteria c
	WHERE c.code = p->>'criterion';
	IF NOT FOUND THEN
		errors := jsonb_build_array(jsonb_build_object('field',
		    'criterion', 'code', 'invalid', 'detail', 'Unknown '
		    'criterion; see /v1/reference/criteria.'));
	ELSIF day > d OR day + e.validity_days <= d THEN
		errors := jsonb_build_array(jsonb_build_object('field',
		    'vouched_on', 'code', 'range', 'detail', 'Not in the '
		    'future, and within the criterion''s validity.'));
	END IF;
	IF errors IS NOT NULL THEN
		status := 'invalid';
		RETURN;
	END IF;
	IF b.erased_at IS NOT NULL THEN
		status := 'erased';
		RETURN;
	END IF;
	PERFORM beneficiary_vouch_all(b, ARRAY[e.code], day,
	    (p->>'vouching_id')::uuid, decode(p->>'note_sealed', 'hex'),
	    p->>'note_key', actor, own IS NULL, at);
	UPDATE beneficiaries t SET last_activity_at = at, updated_at = at,
	    version = t.version + 1 WHERE t.id = p_id RETURNING * INTO b;
	status := 'ok';
	body := beneficiary_json(b, own IS NULL, d)::text;
	version := b.version;
END
$$;

-- Erasure (right to erasure, and the purge): the identity and its indexes
-- go, and so do the free-text notes; the anonymous statistics stay.
CREATE FUNCTION beneficiary_erase_row(p_id uuid, at timestamptz)
RETURNS void
LANGUAGE sql AS $$
	UPDATE beneficiary_criteria SET note = NULL, note_key = NULL
	WHERE beneficiary_id = p_id AND note IS NOT NULL;
	UPDATE beneficiaries t SET identity = NULL, identity_key = NULL,
	    blind_name = NULL, blind_name_birth = NULL, erased_at = at,
	    possible_duplicate = false, updated_at = at,
	    version = t.version + 1
	WHERE t.id = p_id AND t.erased_at IS NULL;
$$;

CREATE FUNCTION beneficiary_erase(p_id uuid, versions integer[],
    actor uuid, own uuid, at timestamptz, OUT status text,
    OUT errors jsonb, OUT body text, OUT version integer)
LANGUAGE plpgsql AS $$
DECLARE
	b beneficiaries;
BEGIN
	IF NOT actor_active(actor) THEN
		status := 'actor_disabled';
		RETURN;
	END IF;
	SELECT * INTO b FROM beneficiaries t WHERE t.id = p_id FOR UPDATE;
	IF NOT FOUND OR (own IS NOT NULL AND own <> b.prescriber_id) THEN
		status := 'not_found';
		RETURN;
	END IF;
	IF versions IS NOT NULL AND NOT (b.version = ANY (versions)) THEN
		status := 'precondition';
		RETURN;
	END IF;
	PERFORM beneficiary_erase_row(p_id, at);
	status := 'ok';
	version := b.version + 1;
END
$$;

-- The periodic purge: erases the identities of people without activity
-- since before `at - keep`. One run at a time across workers and servers
-- (a transaction-scoped advisory lock; the others skip); idempotent.
-- Returns the number erased, or -1 when another run held the lock.
CREATE FUNCTION beneficiaries_purge(at timestamptz, keep interval)
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
	    AND t.last_activity_at < at - keep FOR UPDATE SKIP LOCKED LOOP
		PERFORM beneficiary_erase_row(r.id, at);
		n := n + 1;
	END LOOP;
	RETURN n;
END
$$;

-- A facilitator merges a duplicate into person p_id: its vouchings (with
-- their notes) and obstacles move over, then the copy is erased and points
-- to the person kept. The clause tables will move its actions too.
CREATE FUNCTION beneficiary_merge_into(p_id uuid, p jsonb, actor uuid,
    d date, at timestamptz, OUT status text, OUT errors jsonb,
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
	PERFORM beneficiary_erase_row(x.id, at);
	UPDATE beneficiaries t SET merged_into = b.id WHERE t.id = x.id;
	UPDATE beneficiaries t SET obstacles = ARRAY(SELECT DISTINCT o
		FROM unnest(b.obstacles || x.obstacles) o ORDER BY 1),
	    possible_duplicate = EXISTS (SELECT 1 FROM beneficiaries o
		WHERE o.id <> b.id AND (o.blind_name = b.blind_name OR
		o.blind_name_birth = b.blind_name_birth)),
	    last_activity_at = at, updated_at = at, version = t.version + 1
	WHERE t.id = b.id RETURNING * INTO b;
	status := 'ok';
	body := beneficiary_json(b, true, d)::text;
	version := b.version;
END
$$;
