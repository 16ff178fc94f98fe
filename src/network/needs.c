/*
 * Purchase needs (see needs.h). Every write is one statement calling a SQL
 * write function of sql/migrations/0020_needs.sql; the status an action
 * leads to comes from core/needflow.c. ASR_NEEDS_VALIDATION=1 makes a
 * buyer's publication wait for a facilitator.
 */
#include <stdlib.h>
#include <string.h>

#include "core/needflow.h"
#include "core/uuid.h"
#include "http/writes.h"
#include "network/needs.h"
#include "network/netkit.h"

static const char sql_create[] =
	"SELECT status, errors::text, body, id, version FROM need_create("
	"$1::jsonb, $2::uuid, $3::uuid, $4::timestamptz, $5::date)";

static const char sql_update[] =
	"SELECT status, errors::text, body, version FROM need_update("
	"$1::uuid, $2::jsonb, $3::int[], $4::uuid, $5::uuid, $6::timestamptz,"
	" $7::date)";

static const char sql_transition[] =
	"SELECT status, errors::text, body, version FROM need_transition("
	"$1::uuid, $2::text[], $3, $4::jsonb, $5::int[], $6::uuid, $7::uuid,"
	" $8::timestamptz, $9::date)";

static const char sql_seen[] =
	"SELECT status, errors::text, body, version FROM need_seen("
	"$1::uuid, $2::uuid, $3::uuid, $4::timestamptz)";

static const char sql_answer[] =
	"SELECT status, errors::text, body, id, version FROM need_answer("
	"$1::uuid, $2::jsonb, $3::uuid, $4::uuid, $5::timestamptz, $6::date)";

/* $1 the need, $2 the caller's organisation (NULL: staff). */
#define NEED_IN_REACH \
	" EXISTS (SELECT 1 FROM needs n WHERE n.id = $1::uuid" \
	"  AND ($2::uuid IS NULL OR n.buyer_id = $2::uuid))"

static const char sql_exists[] = "SELECT 1 WHERE" NEED_IN_REACH;

/* A supplier reaches the needs it was matched to. */
static const char sql_get[] =
	"SELECT need_json(n)::text, n.version FROM needs n"
	" WHERE n.id = $1::uuid AND ($2::uuid IS NULL OR n.buyer_id = $2::uuid"
	"  OR EXISTS (SELECT 1 FROM need_matches m WHERE m.need_id = n.id"
	"  AND m.organisation_id = $2::uuid))";

static const char sql_funnel[] =
	"SELECT need_funnel($1::uuid)::text, NULL WHERE" NEED_IN_REACH;

/* The buyer, staff, or the supplier that answered. */
static const char sql_answer_get[] =
	"SELECT need_answer_json(a)::text, a.version FROM need_answers a"
	" JOIN needs n ON n.id = a.need_id"
	" WHERE a.need_id = $1::uuid AND a.id = $3::uuid AND ($2::uuid IS NULL"
	"  OR n.buyer_id = $2::uuid OR a.organisation_id = $2::uuid)";

/* $1 statuses, $2 buyers, $3 the caller's organisation. */
static const char sql_list[] =
	"WITH f AS NOT MATERIALIZED (SELECT n.* FROM needs n"
	"  WHERE ($1::text[] IS NULL OR n.status = ANY ($1::text[]))"
	"  AND ($2::uuid[] IS NULL OR n.buyer_id = ANY ($2::uuid[]))"
	"  AND ($3::uuid IS NULL OR n.buyer_id = $3::uuid)),"
	" page AS (SELECT need_json(f)::text AS item, f.created_at AS k1,"
	"  f.id AS k2 FROM f WHERE $4::timestamptz IS NULL"
	"  OR (f.created_at, f.id) > ($4::timestamptz, $5::uuid)"
	"  ORDER BY f.created_at, f.id LIMIT $6::int)"
	NW_PAGE_SELECT("7") " ORDER BY p.k1, p.k2";

/* $1 statuses, $2 the supplier; newest match first. */
static const char sql_inbox[] =
	"WITH f AS NOT MATERIALIZED (SELECT n, m FROM need_matches m"
	"  JOIN needs n ON n.id = m.need_id WHERE m.organisation_id = $2::uuid"
	"  AND ($1::text[] IS NULL OR n.status = ANY ($1::text[]))),"
	" page AS (SELECT (need_json(f.n) || jsonb_build_object('match',"
	"  need_match_json(f.m)))::text AS item, (f.m).matched_at AS k1,"
	"  (f.n).id AS k2 FROM f WHERE $3::timestamptz IS NULL"
	"  OR ((f.m).matched_at, (f.n).id) < ($3::timestamptz, $4::uuid)"
	"  ORDER BY 2 DESC, 3 DESC LIMIT $5::int)"
	NW_PAGE_SELECT("6") " ORDER BY p.k1 DESC, p.k2 DESC";

static const char sql_matches[] =
	"WITH f AS NOT MATERIALIZED (SELECT m.* FROM need_matches m"
	"  WHERE m.need_id = $1::uuid),"
	" page AS (SELECT need_match_json(f)::text AS item, f.matched_at AS k1,"
	"  f.organisation_id AS k2 FROM f WHERE $3::timestamptz IS NULL"
	"  OR (f.matched_at, f.organisation_id) > ($3::timestamptz, $4::uuid)"
	"  ORDER BY 2, 3 LIMIT $5::int)"
	NW_PAGE_SELECT("6") " WHERE" NEED_IN_REACH " ORDER BY p.k1, p.k2";

static const char sql_answers[] =
	"WITH f AS NOT MATERIALIZED (SELECT a.* FROM need_answers a"
	"  WHERE a.need_id = $1::uuid),"
	" page AS (SELECT need_answer_json(f)::text AS item,"
	"  f.created_at AS k1, f.id AS k2 FROM f WHERE $3::timestamptz IS NULL"
	"  OR (f.created_at, f.id) > ($3::timestamptz, $4::uuid)"
	"  ORDER BY 2, 3 LIMIT $5::int)"
	NW_PAGE_SELECT("6") " WHERE" NEED_IN_REACH " ORDER BY p.k1, p.k2";

#define N	FF_NULLABLE

static const struct field_spec need_fields[] = {
	{ "buyer_id", FT_UUID, 0, 0, 0, 0, 0 },
	{ "title", FT_STRING, 1, 200, 0, 0, FF_REQUIRED },
	{ "description", FT_STRING, 0, 10000, 0, 0, 0 },
	{ "sectors", FT_CODES, 1, 50, 0, 0, FF_REQUIRED },
	{ "communes", FT_CODES, 1, 18, 0, 0, FF_REQUIRED },
	{ "supplier_kinds", FT_CODES, 0, 30, 0, 0, 0 },
	{ "budget_band", FT_STRING, 1, 32, 0, 0, N },
	{ "deadline", FT_DATE, 0, 0, 0, 0, FF_REQUIRED },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec award_fields[] = {
	{ "organisation_id", FT_UUID, 0, 0, 0, 0, FF_REQUIRED },
	{ "note", FT_STRING, 1, 2000, 0, 0, N },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec answer_fields[] = {
	{ "interest", FT_STRING, 1, 32, 0, 0, FF_REQUIRED },
	{ "message", FT_STRING, 0, 5000, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

#undef N

static const char *const questions_field[] = { "questions", NULL };
static const char *const answers_field[] = { "answers", NULL };

static const char *const need_statuses[] = { "draft", "pending_validation",
	"published", "closed", "awarded", "cancelled", NULL };

struct need_write {
	struct nw_time	t;
	char		versions[IF_MATCH_LEN];
	int		if_match;
};

static int	need_validation;

static int	need_action(struct http_request *, struct asr_req *, int);
static int	status_valid(const char *);

/* Read once per worker: whether facilitators validate publications. */
void
needs_configure(void)
{
	const char	*v;

	v = getenv("ASR_NEEDS_VALIDATION");
	need_validation = v != NULL && (strcmp(v, "1") == 0 ||
	    strcmp(v, "true") == 0 || strcmp(v, "yes") == 0);
}

int
needs_create(struct http_request *req, struct asr_req *ar)
{
	struct nw_time	 t;
	const char	*params[5];
	char		*body;
	int		 rc;

	if (!nw_body(req, ar, need_fields, 1, questions_field, NULL, "need",
	    &body, &rc))
		return (rc);

	memset(&t, 0, sizeof(t));
	nw_time(&t);
	params[0] = body;
	params[1] = ar->who.sub;
	params[2] = nw_own(ar);
	params[3] = t.now;
	params[4] = t.today;
	rc = nw_write(req, ar, sql_create, params, 5, WRITE_CREATE,
	    IF_MATCH_ANY, "/v1/needs", "organisation");
	free(body);
	return (rc);
}

int
needs_list(struct http_request *req, struct asr_req *ar)
{
	char		 statuses[LIST_FILTER_LEN], buyers[LIST_FILTER_LEN];
	const char	*params[3];

	if (!list_filter(req, ar, "status", status_valid, statuses,
	    &params[0]) || !list_filter(req, ar, "buyer_id", uuid_valid,
	    buyers, &params[1]))
		return (KORE_RESULT_OK);
	params[2] = nw_own(ar);
	return (nw_page(req, ar, sql_list, params, 3, NULL));
}

int
needs_get(struct http_request *req, struct asr_req *ar)
{
	const char	*params[2];

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "need"));
	params[0] = ar->params.value[0];
	params[1] = nw_own(ar);
	return (nw_one(req, ar, sql_get, params, 2, "need"));
}

int
needs_update(struct http_request *req, struct asr_req *ar)
{
	struct need_write	*st = asr_state(ar, sizeof(*st));
	const char		*params[7], *versions;
	char			*body;
	int			 rc;

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "need"));
	if (!nw_body(req, ar, need_fields, 0, questions_field, sql_exists,
	    "need", &body, &rc))
		return (rc);

	st->if_match = list_if_match(req, st->versions, &versions);
	nw_time(&st->t);
	params[0] = ar->params.value[0];
	params[1] = body;
	params[2] = versions;
	params[3] = ar->who.sub;
	params[4] = nw_own(ar);
	params[5] = st->t.now;
	params[6] = st->t.today;
	rc = nw_write(req, ar, sql_update, params, 7, WRITE_UPDATE,
	    st->if_match, "/v1/needs", "need");
	free(body);
	return (rc);
}

int
needs_publish(struct http_request *req, struct asr_req *ar)
{
	return (need_action(req, ar, NEED_ACTION_PUBLISH));
}

int
needs_close(struct http_request *req, struct asr_req *ar)
{
	return (need_action(req, ar, NEED_ACTION_CLOSE));
}

int
needs_cancel(struct http_request *req, struct asr_req *ar)
{
	return (need_action(req, ar, NEED_ACTION_CANCEL));
}

int
needs_award(struct http_request *req, struct asr_req *ar)
{
	return (need_action(req, ar, NEED_ACTION_AWARD));
}

/*
 * A change of status; like any change of an existing object it requires
 * If-Match (428 without, 412 when stale; "*" for any version).
 */
static int
need_action(struct http_request *req, struct asr_req *ar, int action)
{
	struct need_write	*st = asr_state(ar, sizeof(*st));
	struct needflow		 step;
	const char		*params[9], *versions;
	char			*body = NULL;
	int			 rc;

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "need"));
	if (action == NEED_ACTION_AWARD && !nw_body(req, ar, award_fields, 1,
	    NULL, sql_exists, "need", &body, &rc))
		return (rc);
	if (!needflow_step(action, (ar->who.role & ROLES_STAFF) != 0,
	    need_validation, &step)) {
		free(body);
		return (asr_problem(req, ar, 500, "internal-error",
		    "Unknown action."));
	}

	st->if_match = list_if_match(req, st->versions, &versions);
	nw_time(&st->t);
	params[0] = ar->params.value[0];
	params[1] = step.from;
	params[2] = step.to;
	params[3] = body;
	params[4] = versions;
	params[5] = ar->who.sub;
	params[6] = nw_own(ar);
	params[7] = st->t.now;
	params[8] = st->t.today;
	rc = nw_write(req, ar, sql_transition, params, 9, WRITE_UPDATE,
	    st->if_match, "/v1/needs", "need");
	free(body);
	return (rc);
}

int
needs_matches(struct http_request *req, struct asr_req *ar)
{
	const char	*params[2];

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "need"));
	params[0] = ar->params.value[0];
	params[1] = nw_own(ar);
	return (nw_page(req, ar, sql_matches, params, 2, "need"));
}

int
needs_answers(struct http_request *req, struct asr_req *ar)
{
	const char	*params[2];

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "need"));
	params[0] = ar->params.value[0];
	params[1] = nw_own(ar);
	return (nw_page(req, ar, sql_answers, params, 2, "need"));
}

int
needs_funnel(struct http_request *req, struct asr_req *ar)
{
	const char	*params[2];

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "need"));
	params[0] = ar->params.value[0];
	params[1] = nw_own(ar);
	return (nw_one(req, ar, sql_funnel, params, 2, "need"));
}

int
needs_inbox(struct http_request *req, struct asr_req *ar)
{
	char		 statuses[LIST_FILTER_LEN];
	const char	*params[2];

	if (!list_filter(req, ar, "status", status_valid, statuses,
	    &params[0]))
		return (KORE_RESULT_OK);
	params[1] = nw_own(ar);
	return (nw_page(req, ar, sql_inbox, params, 2, NULL));
}

int
needs_seen(struct http_request *req, struct asr_req *ar)
{
	struct nw_time	 t;
	const char	*params[4];

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "need"));
	memset(&t, 0, sizeof(t));
	nw_time(&t);
	params[0] = ar->params.value[0];
	params[1] = ar->who.sub;
	params[2] = nw_own(ar);
	params[3] = t.now;
	return (nw_write(req, ar, sql_seen, params, 4, WRITE_UPDATE,
	    IF_MATCH_ANY, "/v1/needs", "need"));
}

/* A matched supplier's answer; anyone else meets a 404 first. */
int
needs_answer(struct http_request *req, struct asr_req *ar)
{
	struct nw_time	 t;
	const char	*params[6];
	char		*body, location[192];
	int		 rc;

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "need"));
	if (!nw_body(req, ar, answer_fields, 1, answers_field, sql_get, "need",
	    &body, &rc))
		return (rc);

	memset(&t, 0, sizeof(t));
	nw_time(&t);
	params[0] = ar->params.value[0];
	params[1] = body;
	params[2] = ar->who.sub;
	params[3] = nw_own(ar);
	params[4] = t.now;
	params[5] = t.today;
	(void)snprintf(location, sizeof(location), "/v1/needs/%s/answers",
	    ar->params.value[0]);
	rc = nw_write(req, ar, sql_answer, params, 6, WRITE_CREATE,
	    IF_MATCH_ANY, location, "need");
	free(body);
	return (rc);
}

int
needs_answer_get(struct http_request *req, struct asr_req *ar)
{
	const char	*params[3];

	if (!uuid_valid(ar->params.value[0]) ||
	    !uuid_valid(ar->params.value[1]))
		return (nw_not_found(req, ar, "answer"));
	params[0] = ar->params.value[0];
	params[1] = nw_own(ar);
	params[2] = ar->params.value[1];
	return (nw_one(req, ar, sql_answer_get, params, 3, "answer"));
}

static int
status_valid(const char *v)
{
	size_t		i;

	for (i = 0; need_statuses[i] != NULL; i++)
		if (strcmp(need_statuses[i], v) == 0)
			return (1);
	return (0);
}
