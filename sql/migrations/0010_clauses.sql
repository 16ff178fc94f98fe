-- Social clauses (DOMAIN.md, activity 2): markets of a buyer split in lots,
-- the clauses of a lot with their required insertion hours, the winning
-- organisations (attributions), the insertion actions through which they
-- meet the obligation, the monthly hours declared and validated, visits,
-- amendments with the history of the required hours, and supporting
-- documents. Money is numeric(15,2) euros, hours numeric(12,2), shares and
-- rates numeric(7,6) in 0..1: exact, never floating point.

CREATE TABLE contract_types (
	code		text PRIMARY KEY
			CHECK (code ~ '^[a-z0-9]+(_[a-z0-9]+)*$'),
	label		text NOT NULL,
	position	integer NOT NULL
);

CREATE TABLE insertion_modes (
	code		text PRIMARY KEY,
	label		text NOT NULL,
	position	integer NOT NULL
);

REVOKE INSERT, UPDATE, DELETE ON contract_types, insertion_modes
	FROM asr_app;

CREATE TABLE markets (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	buyer_id	uuid NOT NULL REFERENCES organisations (id),
	reference	text NOT NULL CHECK (length(reference) BETWEEN 1 AND 100),
	object		text NOT NULL CHECK (length(object) BETWEEN 1 AND 1000),
	cpv_code	text CHECK (cpv_code ~ '^[0-9]{8}(-[0-9])?$'),
	nature		text CHECK (nature IN ('works', 'supplies', 'services')),
	procedure	text CHECK (length(procedure) BETWEEN 1 AND 100),
	amount		numeric(15,2) NOT NULL CHECK (amount >= 0),
	notification_date date,
	duration_months	integer CHECK (duration_months BETWEEN 1 AND 600),
	start_date	date NOT NULL,
	end_date	date NOT NULL,
	commune_insee	char(5) REFERENCES communes (code),
	status		text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft',
			    'published', 'awarded', 'in_progress', 'closed')),
	decp_id		text CHECK (length(decp_id) BETWEEN 1 AND 100),
	framework_id	uuid REFERENCES markets (id),
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1,
	CHECK (end_date >= start_date),
	UNIQUE (buyer_id, reference)
);
CREATE INDEX markets_created_idx ON markets (created_at, id);

CREATE TABLE lots (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	market_id	uuid NOT NULL REFERENCES markets (id) ON DELETE CASCADE,
	number		integer NOT NULL CHECK (number BETWEEN 1 AND 999),
	title		text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
	amount		numeric(15,2) NOT NULL CHECK (amount >= 0),
	labour_share	numeric(7,6) CHECK (labour_share BETWEEN 0 AND 1),
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1,
	UNIQUE (market_id, number)
);

CREATE TABLE clauses (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	lot_id		uuid NOT NULL REFERENCES lots (id) ON DELETE CASCADE,
	type		text NOT NULL CHECK (type IN ('execution_condition',
			    'award_criterion', 'reserved')),
	reserved_kind	text CHECK (reserved_kind IN ('L2113-12', 'L2113-13',
			    'L2113-14', 'L2113-15')),
	criterion_weight numeric(5,2) CHECK (criterion_weight BETWEEN 0 AND 100),
	rule		text NOT NULL CHECK (rule IN ('amount_based',
			    'hours_share')),
	insertion_rate	numeric(7,6) NOT NULL
			    CHECK (insertion_rate > 0 AND insertion_rate <= 1),
	hourly_cost	numeric(8,2) CHECK (hourly_cost > 0),
	hours_worked	numeric(12,2) CHECK (hours_worked > 0),
	-- Computed by clause_required_hours() on every write and amendment.
	computed_hours	numeric(12,2) NOT NULL CHECK (computed_hours >= 0),
	override_hours	numeric(12,2) CHECK (override_hours >= 0),
	override_reason	text CHECK (length(override_reason) BETWEEN 1 AND 2000),
	penalty_per_hour numeric(10,2) CHECK (penalty_per_hour >= 0),
	pool_id		uuid,
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1,
	CHECK (override_hours IS NULL OR override_reason IS NOT NULL)
);
CREATE INDEX clauses_lot_idx ON clauses (lot_id);
CREATE INDEX clauses_pool_idx ON clauses (pool_id) WHERE pool_id IS NOT NULL;

CREATE TABLE attributions (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	lot_id		uuid NOT NULL REFERENCES lots (id) ON DELETE CASCADE,
	organisation_id	uuid NOT NULL REFERENCES organisations (id),
	role		text NOT NULL CHECK (role IN ('holder', 'co_contractor',
			    'lead', 'subcontractor')),
	amount		numeric(15,2) CHECK (amount >= 0),
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1
);
CREATE INDEX attributions_lot_idx ON attributions (lot_id);
CREATE INDEX attributions_organisation_idx ON attributions (organisation_id);

CREATE TABLE insertion_actions (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	attribution_id	uuid NOT NULL REFERENCES attributions (id)
			    ON DELETE CASCADE,
	mode		text NOT NULL REFERENCES insertion_modes (code),
	siae_id		uuid REFERENCES organisations (id),
	-- The people issue adds the beneficiaries table and its foreign key.
	beneficiary_id	uuid,
	contract_type	text REFERENCES contract_types (code),
	start_date	date NOT NULL,
	end_date	date,
	planned_hours	numeric(12,2) CHECK (planned_hours >= 0),
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1,
	CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX insertion_actions_attribution_idx
	ON insertion_actions (attribution_id);
CREATE INDEX insertion_actions_siae_idx ON insertion_actions (siae_id);

-- Hours declared for one action and one month. Only validated entries that
-- no validated correction replaced count toward the clause.
CREATE TABLE hours_entries (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	action_id	uuid NOT NULL REFERENCES insertion_actions (id)
			    ON DELETE CASCADE,
	month		char(7) NOT NULL
			    CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	hours		numeric(8,2) NOT NULL CHECK (hours >= 0),
	status		text NOT NULL DEFAULT 'declared'
			    CHECK (status IN ('declared', 'validated',
			    'rejected')),
	corrects_id	uuid REFERENCES hours_entries (id),
	replaced_by	uuid REFERENCES hours_entries (id),
	comment		text CHECK (length(comment) <= 2000),
	reason		text CHECK (length(reason) BETWEEN 1 AND 2000),
	declared_by	uuid NOT NULL REFERENCES users (id),
	decided_by	uuid REFERENCES users (id),
	decided_at	timestamptz,
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1
);
-- One live first declaration per action and month; one pending correction
-- per entry.
CREATE UNIQUE INDEX hours_entries_live_key ON hours_entries
	(action_id, month) WHERE corrects_id IS NULL AND status <> 'rejected';
CREATE UNIQUE INDEX hours_entries_correction_key ON hours_entries
	(corrects_id) WHERE status = 'declared';
CREATE INDEX hours_entries_status_idx ON hours_entries
	(status, created_at, id);

CREATE TABLE visits (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	date		date NOT NULL,
	attribution_id	uuid REFERENCES attributions (id) ON DELETE CASCADE,
	action_id	uuid REFERENCES insertion_actions (id) ON DELETE CASCADE,
	place		text CHECK (length(place) <= 300),
	participants	text CHECK (length(participants) <= 1000),
	notes		text NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
	visited_by	uuid NOT NULL REFERENCES users (id),
	created_at	timestamptz NOT NULL,
	updated_at	timestamptz NOT NULL,
	version		integer NOT NULL DEFAULT 1,
	CHECK (attribution_id IS NOT NULL OR action_id IS NOT NULL)
);
CREATE INDEX visits_created_idx ON visits (created_at, id);

CREATE TABLE market_amendments (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	market_id	uuid NOT NULL REFERENCES markets (id) ON DELETE CASCADE,
	number		integer NOT NULL,
	date		date NOT NULL,
	reason		text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
	amount		numeric(15,2) CHECK (amount >= 0),
	duration_months	integer CHECK (duration_months BETWEEN 1 AND 600),
	end_date	date,
	-- The values before: the market as it was.
	previous	jsonb NOT NULL,
	created_by	uuid NOT NULL REFERENCES users (id),
	created_at	timestamptz NOT NULL,
	UNIQUE (market_id, number)
);

-- The history of each clause's required hours: creation, edits that change
-- them, amendments.
CREATE TABLE clause_hours_history (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	clause_id	uuid NOT NULL REFERENCES clauses (id) ON DELETE CASCADE,
	amendment_id	uuid REFERENCES market_amendments (id)
			    ON DELETE CASCADE,
	required_hours	numeric(12,2) NOT NULL,
	previous_hours	numeric(12,2),
	at		timestamptz NOT NULL
);
CREATE INDEX clause_hours_history_clause_idx
	ON clause_hours_history (clause_id, id);

-- Supporting documents, kept in the database with their type, size and
-- SHA-256; attached to exactly one action, hours entry or visit.
CREATE TABLE clause_documents (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	action_id	uuid REFERENCES insertion_actions (id) ON DELETE CASCADE,
	hours_id	uuid REFERENCES hours_entries (id) ON DELETE CASCADE,
	visit_id	uuid REFERENCES visits (id) ON DELETE CASCADE,
	kind		text NOT NULL CHECK (kind IN ('contract', 'payslip',
			    'timesheet', 'invoice', 'other')),
	filename	text CHECK (length(filename) BETWEEN 1 AND 200),
	content_type	text NOT NULL CHECK (content_type IN
			    ('application/pdf', 'image/png', 'image/jpeg')),
	size		integer NOT NULL CHECK (size BETWEEN 1 AND 10485760),
	sha256		bytea NOT NULL CHECK (length(sha256) = 32),
	content		bytea NOT NULL,
	created_by	uuid NOT NULL REFERENCES users (id),
	created_at	timestamptz NOT NULL,
	CHECK (num_nonnulls(action_id, hours_id, visit_id) = 1)
);
CREATE INDEX clause_documents_action_idx ON clause_documents (action_id);
CREATE INDEX clause_documents_hours_idx ON clause_documents (hours_id);
CREATE INDEX clause_documents_visit_idx ON clause_documents (visit_id);

-- Required hours, exactly as core/hours.c computes them: scaled integers
-- (cents, millionths), half-up to the hundredth of an hour.
CREATE FUNCTION hours_amount_based(amount numeric, labour_share numeric,
    rate numeric, cost numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
	SELECT round(div(2 * (amount * 100) * (labour_share * 1000000) *
	    (rate * 1000000) * 100 + (cost * 100) * 1000000000000,
	    2 * (cost * 100) * 1000000000000) / 100, 2)
$$;

CREATE FUNCTION hours_share_based(worked numeric, rate numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
	SELECT round(div(2 * (worked * 100) * (rate * 1000000) + 1000000,
	    2 * 1000000) / 100, 2)
$$;

CREATE FUNCTION clause_computed_hours(c clauses, l lots) RETURNS numeric
LANGUAGE sql STABLE AS $$
	SELECT CASE c.rule
	    WHEN 'amount_based' THEN CASE WHEN l.amount > 0 AND
		coalesce(l.labour_share, 0) > 0 THEN hours_amount_based(
		l.amount, l.labour_share, c.insertion_rate, c.hourly_cost)
		ELSE 0 END
	    ELSE coalesce(hours_share_based(c.hours_worked, c.insertion_rate),
		0) END
$$;

CREATE FUNCTION clause_required(c clauses) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(c.override_hours, c.computed_hours)
$$;

CREATE FUNCTION territory_parameter(p_code text) RETURNS numeric
LANGUAGE sql STABLE AS $$
	SELECT value FROM territory_parameters WHERE code = p_code
$$;

CREATE FUNCTION asr_time(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- Who reaches what: staff pass own NULL; any other caller its
-- organisation. A buyer reaches its markets and everything under them; an
-- attributed organisation its attributions, their lot and clauses, their
-- actions and hours; an SIAE the actions it carries out and their hours.
CREATE FUNCTION attribution_reach(a attributions, own uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT own IS NULL OR a.organisation_id = own
	    OR EXISTS (SELECT 1 FROM lots l JOIN markets m ON m.id = l.market_id
		WHERE l.id = a.lot_id AND m.buyer_id = own)
	    OR EXISTS (SELECT 1 FROM insertion_actions x
		WHERE x.attribution_id = a.id AND x.siae_id = own)
$$;

CREATE FUNCTION action_reach(x insertion_actions, own uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT own IS NULL OR coalesce(x.siae_id = own, false) OR EXISTS (SELECT 1
	    FROM attributions a JOIN lots l ON l.id = a.lot_id
	    JOIN markets m ON m.id = l.market_id
	    WHERE a.id = x.attribution_id AND (a.organisation_id = own
	    OR m.buyer_id = own))
$$;

-- May declare hours on the action: staff, its attributed organisation,
-- its SIAE (never the buyer).
CREATE FUNCTION action_declarer(x insertion_actions, own uuid)
RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT own IS NULL OR coalesce(x.siae_id = own, false) OR EXISTS (SELECT 1
	    FROM attributions a WHERE a.id = x.attribution_id
	    AND a.organisation_id = own)
$$;

CREATE FUNCTION lot_reach(p_lot uuid, own uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT own IS NULL OR EXISTS (SELECT 1 FROM lots l
	    JOIN markets m ON m.id = l.market_id
	    WHERE l.id = p_lot AND m.buyer_id = own)
	    OR EXISTS (SELECT 1 FROM attributions a
		WHERE a.lot_id = p_lot AND attribution_reach(a, own))
$$;

CREATE FUNCTION market_reach(m markets, own uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
	SELECT own IS NULL OR m.buyer_id = own OR EXISTS (SELECT 1
	    FROM lots l WHERE l.market_id = m.id AND lot_reach(l.id, own))
$$;

CREATE FUNCTION market_json(m markets) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', m.id, 'buyer_id', m.buyer_id, 'reference', m.reference,
		'object', m.object, 'cpv_code', m.cpv_code,
		'nature', m.nature, 'procedure', m.procedure,
		'amount', m.amount,
		'notification_date', m.notification_date,
		'duration_months', m.duration_months,
		'start_date', m.start_date, 'end_date', m.end_date,
		'commune_insee', m.commune_insee, 'status', m.status,
		'decp_id', m.decp_id, 'framework_id', m.framework_id,
		'lots', (SELECT count(*) FROM lots l WHERE l.market_id = m.id),
		'created_at', asr_time(m.created_at),
		'updated_at', asr_time(m.updated_at), 'version', m.version)
$$;

CREATE FUNCTION lot_json(l lots) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', l.id, 'market_id', l.market_id, 'number', l.number,
		'title', l.title, 'amount', l.amount,
		'labour_share', l.labour_share,
		'created_at', asr_time(l.created_at),
		'updated_at', asr_time(l.updated_at), 'version', l.version)
$$;

CREATE FUNCTION clause_json(c clauses) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', c.id, 'lot_id', c.lot_id, 'type', c.type,
		'reserved_kind', c.reserved_kind,
		'criterion_weight', c.criterion_weight, 'rule', c.rule,
		'insertion_rate', c.insertion_rate,
		'hourly_cost', c.hourly_cost, 'hours_worked', c.hours_worked,
		'computed_hours', c.computed_hours,
		'required_hours', clause_required(c),
		'override_hours', c.override_hours,
		'override_reason', c.override_reason,
		'penalty_per_hour', c.penalty_per_hour, 'pool_id', c.pool_id,
		'created_at', asr_time(c.created_at),
		'updated_at', asr_time(c.updated_at), 'version', c.version)
$$;

CREATE FUNCTION attribution_json(a attributions) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', a.id, 'lot_id', a.lot_id,
		'market_id', (SELECT market_id FROM lots WHERE id = a.lot_id),
		'organisation_id', a.organisation_id, 'role', a.role,
		'amount', a.amount, 'created_at', asr_time(a.created_at),
		'updated_at', asr_time(a.updated_at), 'version', a.version)
$$;

CREATE FUNCTION action_json(x insertion_actions) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', x.id, 'attribution_id', x.attribution_id,
		'mode', x.mode, 'siae_id', x.siae_id,
		'beneficiary_id', x.beneficiary_id,
		'contract_type', x.contract_type,
		'start_date', x.start_date, 'end_date', x.end_date,
		'planned_hours', x.planned_hours,
		'created_at', asr_time(x.created_at),
		'updated_at', asr_time(x.updated_at), 'version', x.version)
$$;

CREATE FUNCTION hours_json(h hours_entries) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', h.id, 'action_id', h.action_id, 'month', h.month,
		'hours', h.hours, 'status', h.status,
		'corrects_id', h.corrects_id, 'replaced_by', h.replaced_by,
		'comment', h.comment, 'reason', h.reason,
		'declared_by', h.declared_by, 'decided_by', h.decided_by,
		'decided_at', asr_time(h.decided_at),
		'created_at', asr_time(h.created_at),
		'updated_at', asr_time(h.updated_at), 'version', h.version)
$$;

CREATE FUNCTION visit_json(v visits) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'id', v.id, 'date', v.date,
		'attribution_id', v.attribution_id, 'action_id', v.action_id,
		'place', v.place, 'participants', v.participants,
		'notes', v.notes, 'visited_by', v.visited_by,
		'created_at', asr_time(v.created_at),
		'updated_at', asr_time(v.updated_at), 'version', v.version)
$$;
