/*
 * Beneficiaries (see people.h): the people far from employment whom
 * prescribers refer. Admins and facilitators reach everyone; a prescriber
 * reaches the people its organisation refers, and another organisation's
 * person is a 404. The identity is sealed here before any write, the blind
 * indexes computed here too; each write is then one SQL function
 * (sql/migrations/0040) and every answer goes through people_reveal().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/code.h"
#include "core/namefold.h"
#include "core/person.h"
#include "core/utf8.h"
#include "core/uuid.h"
#include "http/fields.h"
#include "http/lists.h"
#include "http/writes.h"
#include "people/people.h"

static const char sql_create[] =
	"SELECT status, errors::text, body, id, version"
	" FROM beneficiary_create($1::jsonb, $2::uuid, $3, $4::bytea, $5, $6,"
	" $7, $8::uuid, $9::uuid, $10::date, $11::timestamptz)";

static const char sql_update[] =
	"SELECT status, errors::text, body, version FROM beneficiary_update("
	"$1::uuid, $2::jsonb, $3::bytea, $4, $5, $6, $7::int, $8::int[],"
	" $9::uuid, $10::uuid, $11::date, $12::timestamptz)";

static const char sql_vouch[] =
	"SELECT status, errors::text, body, version FROM beneficiary_vouch("
	"$1::uuid, $2::jsonb, $3::uuid, $4::uuid, $5::date, $6::timestamptz)";

static const char sql_merge[] =
	"SELECT status, errors::text, body, version"
	" FROM beneficiary_merge_into($1::uuid, $2::jsonb, $3::uuid, $4::date,"
	" $5::timestamptz)";

static const char sql_erase[] =
	"SELECT status, errors::text, body, version FROM beneficiary_erase("
	"$1::uuid, $2::int[], $3::uuid, $4::uuid, $5::timestamptz)";

/* $2: the caller's organisation for a prescriber, NULL for staff. */
static const char sql_exists[] =
	"SELECT 1 FROM beneficiaries b WHERE b.id = $1::uuid"
	" AND ($2::uuid IS NULL OR b.prescriber_id = $2::uuid)";

static const char sql_identity[] =
	"SELECT encode(b.identity, 'hex'), b.identity_key, b.version, b.id"
	" FROM beneficiaries b WHERE b.id = $1::uuid"
	" AND ($2::uuid IS NULL OR b.prescriber_id = $2::uuid)";

/* Reads of a person are audited in the same statement (audit.h). */
static const char sql_get[] =
	"WITH r AS (SELECT beneficiary_json(b, $2::uuid IS NULL, $3::date)"
	" ::text AS item, b.version, b.id"
	" FROM beneficiaries b WHERE b.id = $1::uuid"
	" AND ($2::uuid IS NULL OR b.prescriber_id = $2::uuid)),"
	" a AS (" AUDIT_READ_INSERT("4", "5", "6", "7", "8", "9", "10", "11",
	"beneficiary", "r.id") " FROM r)"
	" SELECT item, version FROM r";

static const char sql_export[] =
	"WITH r AS (SELECT b.id, jsonb_build_object('exported_at', $4::text,"
	" 'beneficiary', beneficiary_json(b, $2::uuid IS NULL, $3::date),"
	" 'prescriber', (SELECT jsonb_build_object('id', o.id, 'name', o.name,"
	"   'subkind', o.subkind) FROM organisations o"
	"   WHERE o.id = b.prescriber_id),"
	" 'referent', (SELECT jsonb_build_object('id', u.id, 'display_name',"
	"   u.display_name) FROM users u WHERE u.id = b.referent_id),"
	" 'eligibility', coalesce((SELECT jsonb_agg(beneficiary_criterion_json("
	"   c, $3::date) || jsonb_build_object('created_by', c.created_by,"
	"   'created_at', people_time_text(c.created_at), 'validated_by',"
	"   c.validated_by, 'validated_at', people_time_text(c.validated_at))"
	"   ORDER BY c.created_at)"
	"   FROM beneficiary_criteria c WHERE c.beneficiary_id = b.id),"
	"   '[]'::jsonb),"
	" 'actions', coalesce((SELECT jsonb_agg(action_json(x) ||"
	"   jsonb_build_object('eligibility_override', x.eligibility_override,"
	"   'override_by', x.override_by, 'override_at',"
	"   people_time_text(x.override_at)) ORDER BY x.start_date, x.id)"
	"   FROM insertion_actions x WHERE x.beneficiary_id = b.id),"
	"   '[]'::jsonb),"
	" 'referrals', coalesce((SELECT jsonb_agg(referral_json(r, $3::date)"
	"   ORDER BY r.created_at, r.id) FROM referrals r"
	"   WHERE r.beneficiary_id = b.id), '[]'::jsonb),"
	" 'outcomes', coalesce((SELECT jsonb_agg(outcome_json(o)"
	"   ORDER BY o.created_at, o.id) FROM outcomes o"
	"   WHERE o.beneficiary_id = b.id), '[]'::jsonb),"
	" 'erased_at', people_time_text(b.erased_at),"
	" 'last_activity_at', people_time_text(b.last_activity_at),"
	" 'sealed_with', b.identity_key)::text AS doc"
	" FROM beneficiaries b WHERE b.id = $1::uuid"
	" AND ($2::uuid IS NULL OR b.prescriber_id = $2::uuid)),"
	" a AS (" AUDIT_READ_INSERT("5", "6", "7", "8", "9", "10", "11", "12",
	"beneficiary", "r.id") " FROM r)"
	" SELECT doc FROM r";

/*
 * Newest first. $1 reach; $2 prescriber_id[]; $3 commune_insee[];
 * $4 possible_duplicate; $5, $6 blind indexes; $7 today; $8, $9 cursor
 * (microseconds since the epoch, id); $10 limit + 1; $11 to $18 the
 * audit's; $19 whether to count.
 */
static const char sql_list[] =
	"WITH f AS NOT MATERIALIZED (SELECT b.* FROM beneficiaries b"
	"  WHERE ($1::uuid IS NULL OR b.prescriber_id = $1::uuid)"
	"  AND ($2::uuid[] IS NULL OR b.prescriber_id = ANY ($2::uuid[]))"
	"  AND ($3::text[] IS NULL OR b.commune_insee = ANY ($3::text[]))"
	"  AND ($4::boolean IS NULL OR b.possible_duplicate = $4::boolean)"
	"  AND ($5::text IS NULL OR b.blind_name = $5::text)"
	"  AND ($6::text IS NULL OR b.blind_name_birth = $6::text)),"
	" page AS (SELECT beneficiary_json(f, $1::uuid IS NULL, $7::date)::text"
	"  AS item, f.created_at AS t, f.id,"
	"  ((extract(epoch FROM f.created_at) * 1000000)::bigint)::text AS k1,"
	"  f.id::text AS k2 FROM f"
	"  WHERE $8::text IS NULL OR (f.created_at, f.id) <"
	"   ('epoch'::timestamptz + $8::bigint * interval '1 microsecond',"
	"   $9::uuid)"
	"  ORDER BY f.created_at DESC, f.id DESC LIMIT $10::int),"
	" a AS (" AUDIT_READ_INSERT("11", "12", "13", "14", "15", "16", "17",
	"18", "beneficiary", "p.id") " FROM page p)"
	" SELECT p.item, p.k1, p.k2, t.total"
	LIST_TOTAL("19")
	" ORDER BY p.t DESC, p.id DESC";

#define N	FF_NULLABLE

static const struct field_spec beneficiary_fields[] = {
	{ "first_name", FT_STRING, 1, 100, 0, 0, FF_REQUIRED },
	{ "last_name", FT_STRING, 1, 100, 0, 0, FF_REQUIRED },
	{ "birth_date", FT_DATE, 0, 0, 0, 0, FF_REQUIRED },
	{ "phone", FT_STRING, 1, 30, 0, 0, N },
	{ "email", FT_EMAIL, 0, 0, 0, 0, N },
	{ "address", FT_STRING, 1, 300, 0, 0, N },
	{ "sex", FT_STRING, 1, 1, 0, 0, N },
	{ "commune_insee", FT_COMMUNE, 0, 0, 0, 0, N },
	{ "education_level", FT_STRING, 1, 64, 0, 0, N },
	{ "qpv", FT_BOOL, 0, 0, 0, 0, 0 },
	{ "obstacles", FT_CODES, 0, 7, 0, 0, 0 },
	{ "criteria", FT_CODES, 0, 20, 0, 0, 0 },
	{ "prescriber_id", FT_UUID, 0, 0, 0, 0, FF_STAFF },
	{ "referent_id", FT_UUID, 0, 0, 0, 0, N },
	{ "possible_duplicate", FT_BOOL, 0, 0, 0, 0, FF_STAFF },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec vouch_fields[] = {
	{ "criterion", FT_STRING, 1, 64, 0, 0, FF_REQUIRED },
	{ "vouched_on", FT_DATE, 0, 0, 0, 0, 0 },
	{ "note", FT_STRING, 1, 1000, 0, 0, N },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec merge_fields[] = {
	{ "duplicate_id", FT_UUID, 0, 0, 0, 0, FF_REQUIRED },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

#undef N

/* The fields sealed together as the identity; the rest is in clear. */
static const char *const identity_fields[] = { "first_name", "last_name",
	"birth_date", "phone", "email", "address", NULL };

static const char *const sexes[] = { "F", "M", NULL };

/* What a write computes once and keeps across Kore's retries. */
struct person_write {
	char		 id[PERSON_ID_LEN];
	char		 code[PERSON_CODE_LEN];
	char		 now[CLOCK_RFC3339_LEN];
	char		 today[CLOCK_DATE_LEN];
	char		 versions[IF_MATCH_LEN];
	char		 seen[16];
	char		 bn[VAULT_BLIND_LEN];
	char		 bnb[VAULT_BLIND_LEN];
	const char	*lid;
	char		*sealed;
	char		*stats;
	int		 if_match;
};

static struct person_write
		*write_state(struct asr_req *);
static const char
		*reach(struct asr_req *);
static int	body_check(struct http_request *, struct asr_req *, int,
		    const char *, json_t **);
static int	person_invalid(struct http_request *, struct asr_req *,
		    json_t *);
static int	not_found(struct http_request *, struct asr_req *);
static int	microseconds_valid(const char *);
static void	name_check(json_t *, const char *, json_t *);
static int	identity_touched(json_t *);
static int	seal_identity(struct person_write *, json_t *, json_t *);
static int	stats_of(struct person_write *, json_t *);
static int	seal_note(struct person_write *, json_t *);
static int	person_answer(struct http_request *, struct asr_req *, int,
		    int);
static int	person_action(struct http_request *, struct asr_req *,
		    const struct field_spec *, const char *);
static void	person_write_done(struct person_write *);

int
beneficiaries_create(struct http_request *req, struct asr_req *ar)
{
	struct person_write	*st = write_state(ar);
	const char		*params[11];
	json_t			*errors;
	int			 rc;

	if (st->stats == NULL) {
		if ((rc = body_check(req, ar, 1, st->today, &errors)) != 1)
			return (rc == 0 ? KORE_RESULT_OK :
			    asr_problem_errors(req, ar, 400,
			    "validation-failed", "Some fields are missing or "
			    "invalid; see errors.", errors));
		person_new_id(st->id);
		person_code(st->code);
		if (!seal_identity(st, ar->body, NULL) || !stats_of(st,
		    ar->body)) {
			person_write_done(st);
			return (asr_problem(req, ar, 500, "internal-error",
			    "The identity could not be sealed."));
		}
	}

	params[0] = st->stats;
	params[1] = st->id;
	params[2] = st->code;
	params[3] = st->sealed;
	params[4] = st->lid;
	params[5] = st->bn;
	params[6] = st->bnb;
	params[7] = ar->who.sub;
	params[8] = reach(ar);
	params[9] = st->today;
	params[10] = st->now;
	switch (write_run(req, ar, WRITE_CREATE, "beneficiary", sql_create, 11,
	    params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		person_write_done(st);
		return (asr_db_failure(req, ar));
	}

	person_write_done(st);
	return (person_answer(req, ar, WRITE_CREATE, IF_MATCH_ANY));
}

int
beneficiaries_get(struct http_request *req, struct asr_req *ar)
{
	struct person_write	*st = write_state(ar);
	const char		*params[3 + AUDIT_READ_PARAMS];
	char			 at[CLOCK_RFC3339_LEN];
	int			 n;

	if (!uuid_valid(ar->params.value[0]))
		return (not_found(req, ar));

	params[0] = ar->params.value[0];
	params[1] = reach(ar);
	params[2] = st->today;
	n = audit_read_params(ar, params, 3, at, sizeof(at),
	    "beneficiary.read");
	switch (db_run(req, &ar->db, sql_get, n, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (not_found(req, ar));

	list_etag(req, db_value(&ar->db, 0, 1));
	return (asr_json(req, ar, 200, people_reveal_json(db_value(&ar->db,
	    0, 0))));
}

/* Everything held on a person (the right of access). */
int
beneficiaries_export(struct http_request *req, struct asr_req *ar)
{
	struct person_write	*st = write_state(ar);
	const char		*params[4 + AUDIT_READ_PARAMS];
	char			 at[CLOCK_RFC3339_LEN];
	json_t			*doc;
	int			 n;

	if (!uuid_valid(ar->params.value[0]))
		return (not_found(req, ar));

	params[0] = ar->params.value[0];
	params[1] = reach(ar);
	params[2] = st->today;
	params[3] = st->now;
	n = audit_read_params(ar, params, 4, at, sizeof(at),
	    "beneficiary.export");
	switch (db_run(req, &ar->db, sql_export, n, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (not_found(req, ar));

	if ((doc = json_loads(db_value(&ar->db, 0, 0), 0, NULL)) == NULL)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The export could not be read."));
	(void)people_reveal(json_object_get(doc, "beneficiary"));
	people_reveal_notes(json_object_get(doc, "eligibility"));
	people_reveal_texts(json_object_get(doc, "outcomes"), "outcome",
	    "situation");
	return (asr_json(req, ar, 200, doc));
}

int
beneficiaries_list(struct http_request *req, struct asr_req *ar)
{
	struct person_write	*st = write_state(ar);
	struct list_page	 page;
	char			 orgs[LIST_FILTER_LEN];
	char			 communes[LIST_FILTER_LEN];
	const char		*params[11 + AUDIT_READ_PARAMS];
	const char		*dup, *first, *last, *birth;
	char			 at[CLOCK_RFC3339_LEN];
	json_t			*errors;
	int64_t			 ms;
	int			 n;

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 2) ||
	    !list_filter(req, ar, "prescriber_id", uuid_valid, orgs,
	    &params[1]) ||
	    !list_filter(req, ar, "commune_insee", code_valid, communes,
	    &params[2]))
		return (KORE_RESULT_OK);
	if (page.has_cursor && (!uuid_valid(page.cursor.part[1]) ||
	    !microseconds_valid(page.cursor.part[0])))
		return (list_bad_cursor(req, ar));

	dup = qs_get(&ar->query, "possible_duplicate");
	if (dup != NULL && !(ar->who.role & ROLES_STAFF))
		return (asr_problem(req, ar, 403, "forbidden", "Only "
		    "facilitators review possible duplicates."));
	first = qs_get(&ar->query, "first_name");
	last = qs_get(&ar->query, "last_name");
	birth = qs_get(&ar->query, "birth_date");

	errors = json_array();
	if (dup != NULL && (qs_count(&ar->query, "possible_duplicate") > 1 ||
	    (strcmp(dup, "true") != 0 && strcmp(dup, "false") != 0)))
		asr_field_error(errors, "possible_duplicate", "invalid",
		    "possible_duplicate is true or false.");
	if (birth != NULL && !clock_parse_date(birth, &ms))
		asr_field_error(errors, "birth_date", "invalid",
		    "Expected a date, YYYY-MM-DD.");
	if ((first != NULL || last != NULL || birth != NULL) &&
	    (first == NULL || last == NULL))
		asr_field_error(errors, first == NULL ? "first_name" :
		    "last_name", "invalid", "A lookup by name gives both "
		    "first_name and last_name (and birth_date if known).");
	else if (first != NULL && !person_blinds(&people_vault, first, last,
	    birth != NULL ? birth : "", st->bn, st->bnb))
		asr_field_error(errors, "first_name", "invalid",
		    "Names need at least one letter or digit.");
	if (json_array_size(errors) > 0)
		return (asr_problem_errors(req, ar, 400, "invalid-query",
		    "A query parameter is invalid.", errors));
	json_decref(errors);

	params[0] = reach(ar);
	params[3] = dup;
	params[4] = first != NULL && birth == NULL ? st->bn : NULL;
	params[5] = first != NULL && birth != NULL ? st->bnb : NULL;
	params[6] = st->today;
	params[7] = page.has_cursor ? page.cursor.part[0] : NULL;
	params[8] = page.has_cursor ? page.cursor.part[1] : NULL;
	params[9] = page.limit_text;
	n = audit_read_params(ar, params, 10, at, sizeof(at),
	    "beneficiary.read");
	params[n++] = page.count;
	switch (db_run(req, &ar->db, sql_list, n, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (list_answer_each(req, ar, &page, 1, 2, 3, people_reveal_text));
}

/*
 * PATCH (merge patch). A patch of identity fields opens the current
 * identity first (step 1), merges, seals again, and writes only if the
 * version it opened is still the current one (step 2).
 */
int
beneficiaries_update(struct http_request *req, struct asr_req *ar)
{
	struct person_write	*st = write_state(ar);
	const char		*params[12], *versions;
	json_t			*current, *errors;
	int			 rc;

	if (!uuid_valid(ar->params.value[0]))
		return (not_found(req, ar));

	if (ar->step == 0) {
		if ((rc = body_check(req, ar, 0, st->today, &errors)) != 1)
			return (rc == 0 ? KORE_RESULT_OK : person_invalid(req,
			    ar, errors));
		if (!stats_of(st, ar->body))
			return (asr_problem(req, ar, 500, "internal-error",
			    "The body could not be encoded."));
		ar->step = identity_touched(ar->body) ? 1 : 2;
	}

	if (ar->step == 1) {
		params[0] = ar->params.value[0];
		params[1] = reach(ar);
		switch (db_run(req, &ar->db, sql_identity, 2, params)) {
		case DB_PENDING:
			return (KORE_RESULT_RETRY);
		case DB_ERROR:
			person_write_done(st);
			return (asr_db_failure(req, ar));
		}
		if (db_rows(&ar->db) != 1) {
			person_write_done(st);
			return (not_found(req, ar));
		}
		if (db_isnull(&ar->db, 0, 0)) {
			person_write_done(st);
			return (asr_problem(req, ar, 409, "conflict",
			    "This person's identity was erased."));
		}
		(void)kore_strlcpy(st->id, db_value(&ar->db, 0, 3),
		    sizeof(st->id));
		current = people_open(st->id, db_value(&ar->db, 0, 0),
		    db_value(&ar->db, 0, 1));
		(void)kore_strlcpy(st->seen, db_value(&ar->db, 0, 2),
		    sizeof(st->seen));
		if (current == NULL || !seal_identity(st, ar->body, current)) {
			json_decref(current);
			person_write_done(st);
			return (asr_problem(req, ar, 500, "internal-error",
			    "The identity could not be sealed."));
		}
		json_decref(current);
		db_reset(&ar->db);
		ar->step = 2;
	}

	st->if_match = list_if_match(req, st->versions, &versions);
	params[0] = ar->params.value[0];
	params[1] = st->stats;
	params[2] = st->sealed;
	params[3] = st->sealed != NULL ? st->lid : NULL;
	params[4] = st->sealed != NULL ? st->bn : NULL;
	params[5] = st->sealed != NULL ? st->bnb : NULL;
	params[6] = st->sealed != NULL ? st->seen : NULL;
	params[7] = versions;
	params[8] = ar->who.sub;
	params[9] = reach(ar);
	params[10] = st->today;
	params[11] = st->now;
	switch (write_run(req, ar, WRITE_UPDATE, "beneficiary", sql_update, 12,
	    params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		person_write_done(st);
		return (asr_db_failure(req, ar));
	}

	person_write_done(st);
	return (person_answer(req, ar, WRITE_UPDATE, st->if_match));
}

/* DELETE: erases the identity, keeps the anonymous statistics. */
int
beneficiaries_erase(struct http_request *req, struct asr_req *ar)
{
	struct person_write	*st = write_state(ar);
	const char		*params[5], *versions;

	if (!uuid_valid(ar->params.value[0]))
		return (not_found(req, ar));

	st->if_match = list_if_match(req, st->versions, &versions);
	params[0] = ar->params.value[0];
	params[1] = versions;
	params[2] = ar->who.sub;
	params[3] = reach(ar);
	params[4] = st->now;
	switch (write_run(req, ar, WRITE_DELETE, "beneficiary", sql_erase, 5,
	    params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (person_answer(req, ar, WRITE_DELETE, st->if_match));
}

/* POST …/criteria: a prescriber vouches for one criterion. */
int
beneficiaries_vouch(struct http_request *req, struct asr_req *ar)
{
	return (person_action(req, ar, vouch_fields, sql_vouch));
}

/* POST …/merge: a facilitator merges a duplicate into this person. */
int
beneficiaries_merge(struct http_request *req, struct asr_req *ar)
{
	return (person_action(req, ar, merge_fields, sql_merge));
}

/*
 * An action on a person: a body checked against fields, then one write
 * function taking (id, body, actor, [own,] today, now); sql_merge is
 * staff-only and takes no reach.
 */
static int
person_action(struct http_request *req, struct asr_req *ar,
    const struct field_spec *fields, const char *sql)
{
	struct person_write	*st = write_state(ar);
	const char		*params[6], *day;
	json_t			*errors;
	int64_t			 ms;
	int			 n;

	if (!uuid_valid(ar->params.value[0]))
		return (not_found(req, ar));

	if (st->stats == NULL) {
		errors = json_array();
		(void)fields_check(ar->body, fields, 1, 1, errors);
		day = json_string_value(json_object_get(ar->body,
		    "vouched_on"));
		if (day != NULL && clock_parse_date(day, &ms) &&
		    strcmp(day, st->today) > 0)
			asr_field_error(errors, "vouched_on", "range",
			    "A vouching is not in the future.");
		if (json_array_size(errors) > 0)
			return (person_invalid(req, ar, errors));
		json_decref(errors);
		if (sql == sql_vouch && !seal_note(st, ar->body))
			return (asr_problem(req, ar, 500, "internal-error",
			    "The note could not be sealed."));
		if (!stats_of(st, ar->body))
			return (asr_problem(req, ar, 500, "internal-error",
			    "The body could not be encoded."));
	}

	n = 0;
	params[n++] = ar->params.value[0];
	params[n++] = st->stats;
	params[n++] = ar->who.sub;
	if (sql != sql_merge)
		params[n++] = reach(ar);
	params[n++] = st->today;
	params[n++] = st->now;
	switch (write_run(req, ar, WRITE_ACTION, "beneficiary", sql, n,
	    params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		person_write_done(st);
		return (asr_db_failure(req, ar));
	}

	person_write_done(st);
	return (person_answer(req, ar, WRITE_UPDATE, IF_MATCH_ANY));
}

/* The handler's state, with "now" and Mayotte's today set once. */
static struct person_write *
write_state(struct asr_req *ar)
{
	struct person_write	*st = asr_state(ar, sizeof(*st));
	int64_t			 now;

	if (st->now[0] == '\0') {
		now = clock_now_ms();
		clock_format_rfc3339(now, st->now, sizeof(st->now));
		clock_mayotte_date(now, st->today, sizeof(st->today));
	}

	return (st);
}

/* NULL for staff (everyone), the caller's organisation otherwise. */
static const char *
reach(struct asr_req *ar)
{
	if (ar->who.role & ROLES_STAFF)
		return (NULL);

	return (ar->who.org[0] != '\0' ? ar->who.org :
	    "00000000-0000-0000-0000-000000000000");
}

static int
not_found(struct http_request *req, struct asr_req *ar)
{
	return (asr_problem(req, ar, 404, "not-found", "No such person."));
}

/* A cursor's instant: microseconds since 1970, 1 to 18 digits. */
static int
microseconds_valid(const char *s)
{
	size_t		n;

	n = strlen(s);

	return (n > 0 && n <= 18 && strspn(s, "0123456789") == n);
}

/*
 * Checks a create or patch body: 1 when valid; 0 after answering 403 for a
 * staff-only field; -1 with the errors for a 400, which the caller answers
 * (after a 404 for a person out of reach).
 */
static int
body_check(struct http_request *req, struct asr_req *ar, int create,
    const char *today, json_t **invalid)
{
	json_t		*errors;
	const char	*s, *sex;
	int64_t		 ms;
	int		 rc;

	errors = json_array();
	rc = fields_check(ar->body, beneficiary_fields, create,
	    (ar->who.role & ROLES_STAFF) != 0, errors);
	if (rc == FIELDS_FORBIDDEN) {
		json_decref(errors);
		(void)asr_problem(req, ar, 403, "forbidden", "Only the CRESS "
		    "moves a person to another prescriber or reviews "
		    "duplicates.");
		return (0);
	}
	s = json_string_value(json_object_get(ar->body, "birth_date"));
	if (s != NULL && clock_parse_date(s, &ms) &&
	    !person_birth_date_valid(s, today, NULL))
		asr_field_error(errors, "birth_date", "range",
		    "A birth date is from 1900-01-01 to today.");
	name_check(ar->body, "first_name", errors);
	name_check(ar->body, "last_name", errors);
	s = json_string_value(json_object_get(ar->body, "phone"));
	if (s != NULL && strlen(s) <= 30 && !person_phone_valid(s))
		asr_field_error(errors, "phone", "invalid", "Expected 6 to 15 "
		    "digits, with an optional leading + and separators.");
	if (json_is_string(json_object_get(ar->body, "sex")))
		(void)field_enum(ar->body, "sex", sexes, 0, &sex, errors);
	if (!create && json_object_get(ar->body, "criteria") != NULL)
		asr_field_error(errors, "criteria", "unknown", "Vouch for a "
		    "criterion with POST /v1/beneficiaries/{id}/criteria.");
	if (json_array_size(errors) > 0) {
		*invalid = errors;
		return (-1);
	}
	json_decref(errors);

	return (1);
}

/* A name must keep a letter or a digit once folded (for its index). */
static void
name_check(json_t *body, const char *field, json_t *errors)
{
	char		 folded[VAULT_PART_MAX];
	const char	*s;

	s = json_string_value(json_object_get(body, field));
	if (s == NULL || utf8_chars(s) > 100)
		return;
	if (!name_fold(folded, sizeof(folded), s) || folded[0] == '\0')
		asr_field_error(errors, field, "invalid",
		    "A name needs at least one letter or digit.");
}

/* A 400 for a person that may not be within reach: 404 first. */
static int
person_invalid(struct http_request *req, struct asr_req *ar, json_t *errors)
{
	const char	*params[2];

	params[0] = ar->params.value[0];
	params[1] = reach(ar);
	switch (db_run(req, &ar->db, sql_exists, 2, params)) {
	case DB_PENDING:
		json_decref(errors);
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		json_decref(errors);
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) == 0) {
		json_decref(errors);
		return (not_found(req, ar));
	}

	return (asr_problem_errors(req, ar, 400, "validation-failed",
	    "Some fields are missing or invalid; see errors.", errors));
}

static int
identity_touched(json_t *body)
{
	size_t		i;

	for (i = 0; identity_fields[i] != NULL; i++) {
		if (json_object_get(body, identity_fields[i]) != NULL)
			return (1);
	}

	return (0);
}

/*
 * Seals the identity of st->id: the body's identity fields merged into
 * current (NULL on create); a null removes a field. Computes the blind
 * indexes too. 0 when a name folds to nothing or sealing fails.
 */
static int
seal_identity(struct person_write *st, json_t *body, json_t *current)
{
	json_t		*identity, *v;
	size_t		 i;
	int		 ok;

	identity = json_object();
	for (i = 0; identity_fields[i] != NULL; i++) {
		v = json_object_get(body, identity_fields[i]);
		if (v == NULL && current != NULL)
			v = json_object_get(current, identity_fields[i]);
		if (v != NULL && !json_is_null(v))
			(void)json_object_set(identity, identity_fields[i], v);
	}

	ok = person_blinds(&people_vault,
	    json_string_value(json_object_get(identity, "first_name")),
	    json_string_value(json_object_get(identity, "last_name")),
	    json_string_value(json_object_get(identity, "birth_date")),
	    st->bn, st->bnb);
	if (ok) {
		free(st->sealed);
		st->sealed = people_seal(st->id, identity, &st->lid);
		ok = st->sealed != NULL;
	}
	json_decref(identity);

	return (ok);
}

/*
 * A vouching gets its id here, so that its note is sealed bound to it:
 * the body's note becomes note_sealed (hex) and note_key.
 */
static int
seal_note(struct person_write *st, json_t *body)
{
	const char	*note;
	char		*hex;

	person_new_id(st->id);
	(void)json_object_set_new(body, "vouching_id", json_string(st->id));
	note = json_string_value(json_object_get(body, "note"));
	if (note == NULL) {
		(void)json_object_del(body, "note");
		return (1);
	}
	if ((hex = people_seal_note(st->id, note, &st->lid)) == NULL)
		return (0);
	(void)json_object_set_new(body, "note_sealed", json_string(hex + 2));
	(void)json_object_set_new(body, "note_key", json_string(st->lid));
	(void)json_object_del(body, "note");
	free(hex);

	return (1);
}

/* The body without its identity, with the birth year, as JSON text. */
static int
stats_of(struct person_write *st, json_t *body)
{
	json_t		*copy;
	const char	*birth;
	size_t		 i;

	if ((copy = json_deep_copy(body)) == NULL)
		return (0);
	birth = json_string_value(json_object_get(body, "birth_date"));
	if (birth != NULL)
		(void)json_object_set_new(copy, "birth_year",
		    json_integer(strtol(birth, NULL, 10)));
	for (i = 0; identity_fields[i] != NULL; i++)
		(void)json_object_del(copy, identity_fields[i]);
	free(st->stats);
	st->stats = asr_json_text(copy);
	json_decref(copy);

	return (st->stats != NULL);
}

/* write_answer() but for the body: a person whose identity is opened. */
static int
person_answer(struct http_request *req, struct asr_req *ar, int kind,
    int if_match)
{
	const char	*status;
	char		 location[96];

	status = db_value(&ar->db, 0, 0);
	if (strcmp(status, "erased") == 0)
		return (asr_problem(req, ar, 409, "conflict",
		    "This person's identity was erased."));
	if ((strcmp(status, "ok") != 0 && strcmp(status, "replay") != 0) ||
	    kind == WRITE_DELETE)
		return (write_answer(req, ar, kind, if_match,
		    "/v1/beneficiaries", "person"));

	if (kind == WRITE_CREATE) {
		(void)snprintf(location, sizeof(location),
		    "/v1/beneficiaries/%s", db_value(&ar->db, 0, 3));
		http_response_header(req, "location", location);
		list_etag(req, db_value(&ar->db, 0, 4));
	} else {
		list_etag(req, db_value(&ar->db, 0, 3));
	}

	return (asr_json(req, ar, kind == WRITE_CREATE ? 201 : 200,
	    people_reveal_json(db_value(&ar->db, 0, 2))));
}

static void
person_write_done(struct person_write *st)
{
	if (st->sealed != NULL) {
		sodium_memzero(st->sealed, strlen(st->sealed));
		free(st->sealed);
		st->sealed = NULL;
	}
	free(st->stats);
	st->stats = NULL;
}
