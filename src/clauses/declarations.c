/*
 * Hours and visits (see declarations.h). The attributed organisation, the
 * action's SIAE and staff declare; one live declaration per action and
 * month (409 for a second); only staff validate or reject, and a
 * validated entry is never edited: a correction is a new entry naming it
 * in corrects_id, which replaces it once validated. The monthly maximum
 * is reference data (hours_monthly_max), checked by the write function.
 */
#include <stdlib.h>
#include <string.h>

#include "clauses/declarations.h"
#include "clauses/resource.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "http/lists.h"
#include "http/writes.h"

#define N		FF_NULLABLE
#define R		FF_REQUIRED
#define HOURS_CAP	100000	/* the real maximum is reference data */

static const char *const hours_statuses[] = { "declared", "validated",
	"rejected", NULL };

static const struct field_spec hours_fields[] = {
	{ "month", FT_STRING, 1, 16, 0, 0, R },
	{ "hours", FT_NUMBER, 0, 0, 0, HOURS_CAP, R },
	{ "corrects_id", FT_UUID, 0, 0, 0, 0, N },
	{ "comment", FT_STRING, 0, 2000, 0, 0, N },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec hours_edit_fields[] = {
	{ "hours", FT_NUMBER, 0, 0, 0, HOURS_CAP, 0 },
	{ "comment", FT_STRING, 0, 2000, 0, 0, N },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec reject_fields[] = {
	{ "reason", FT_STRING, 1, 2000, 0, 0, R },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec visit_fields[] = {
	{ "date", FT_DATE, 0, 0, 0, 0, R },
	{ "attribution_id", FT_UUID, 0, 0, 0, 0, N },
	{ "action_id", FT_UUID, 0, 0, 0, 0, N },
	{ "place", FT_STRING, 0, 300, 0, 0, N },
	{ "participants", FT_STRING, 0, 1000, 0, 0, N },
	{ "notes", FT_STRING, 0, 10000, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct res_decimal hours_decimals[] = {
	{ "hours", 2 }, { NULL, 0 },
};

static void	hours_check(json_t *, json_t *);
static int	hours_decide(struct http_request *, struct asr_req *, int);

#define HOURS_GET \
	"SELECT hours_json(h)::text, h.version FROM hours_entries h" \
	" JOIN insertion_actions x ON x.id = h.action_id" \
	" WHERE h.id = $1::uuid AND action_reach(x, $2::uuid)"
#define HOURS_REACH \
	"SELECT 1 FROM hours_entries h" \
	" JOIN insertion_actions x ON x.id = h.action_id" \
	" WHERE h.id = $1::uuid AND action_reach(x, $2::uuid)"

static const struct res hours_res = {
	"hours entry", "/v1/hours", hours_fields, hours_decimals, NULL,
	hours_check,
	"SELECT status, errors::text, body, id, version FROM hours_create("
	"$1::uuid, $2::jsonb, $3::uuid, $4::uuid, $5::timestamptz)",
	NULL, HOURS_GET, HOURS_REACH,
	"SELECT 1 FROM insertion_actions x WHERE x.id = $1::uuid"
	" AND action_reach(x, $2::uuid)",
	"SELECT jsonb_build_object('items', coalesce((SELECT jsonb_agg("
	"  hours_json(h) ORDER BY h.month, h.created_at, h.id)"
	"  FROM hours_entries h WHERE h.action_id = x.id), '[]'::jsonb),"
	"  'next_cursor', NULL)::text"
	" FROM insertion_actions x WHERE x.id = $1::uuid"
	" AND action_reach(x, $2::uuid)",
};

static const struct res hours_edit_res = {
	"hours entry", "/v1/hours", hours_edit_fields, hours_decimals, NULL,
	NULL, NULL,
	"SELECT status, errors::text, body, version FROM hours_update("
	"$1::uuid, $2::jsonb, $3::int[], $4::uuid, $5::uuid, $6::timestamptz)",
	HOURS_GET, HOURS_REACH, NULL, NULL,
};

static const struct res reject_res = {
	"hours entry", "/v1/hours", reject_fields, NULL, NULL, NULL, NULL,
	NULL, NULL, HOURS_REACH, NULL, NULL,
};

static const struct res visit_res = {
	"visit", "/v1/visits", visit_fields, NULL, NULL, NULL,
	"SELECT status, errors::text, body, id, version FROM visit_create("
	"$1::jsonb, $2::uuid, $3::uuid, $4::timestamptz)",
	"SELECT status, errors::text, body, version FROM visit_update("
	"$1::uuid, $2::jsonb, $3::int[], $4::uuid, $5::uuid, $6::timestamptz)",
	"SELECT visit_json(v)::text, v.version FROM visits v"
	" WHERE v.id = $1::uuid AND $2::uuid IS NULL",
	"SELECT 1 FROM visits v WHERE v.id = $1::uuid AND $2::uuid IS NULL",
	NULL, NULL,
};

/* $1 approve, $2 id, $3 reason, $4 actor, $5 now. */
static const char sql_decide[] =
	"SELECT status, errors::text, body, version FROM hours_decide("
	"$2::uuid, $1::boolean, $3::text, $4::uuid, $5::timestamptz)";

/* $1 own, $2 statuses, $3 actions, $4 $5 cursor, $6 limit: oldest first. */
static const char sql_hours_list[] =
	"WITH f AS NOT MATERIALIZED (SELECT h.* FROM hours_entries h"
	"  JOIN insertion_actions x ON x.id = h.action_id"
	"  WHERE ($2::text[] IS NULL OR h.status = ANY ($2::text[]))"
	"  AND ($3::uuid[] IS NULL OR h.action_id = ANY ($3::uuid[]))"
	"  AND action_reach(x, $1::uuid)),"
	RES_PAGE("hours_json");

/* $1 own (staff only: NULL), $4 $5 cursor, $6 limit; $2 $3 unused. */
static const char sql_visits_list[] =
	"WITH f AS NOT MATERIALIZED (SELECT v.* FROM visits v"
	"  WHERE $1::uuid IS NULL"
	"  AND ($2::uuid[] IS NULL OR v.attribution_id = ANY ($2::uuid[]))"
	"  AND ($3::uuid[] IS NULL OR v.action_id = ANY ($3::uuid[]))),"
	RES_PAGE("visit_json");

int
hours_create(struct http_request *req, struct asr_req *ar)
{
	return (res_create(req, ar, &hours_res, 1));
}

int
hours_of_action(struct http_request *req, struct asr_req *ar)
{
	return (res_children(req, ar, &hours_res));
}

int
hours_get(struct http_request *req, struct asr_req *ar)
{
	return (res_get(req, ar, &hours_res));
}

int
hours_update(struct http_request *req, struct asr_req *ar)
{
	return (res_update(req, ar, &hours_edit_res));
}

static int
hours_status_valid(const char *s)
{
	return (res_member(hours_statuses, s));
}

/* The facilitators' queue: GET /v1/hours?status=declared. */
int
hours_list(struct http_request *req, struct asr_req *ar)
{
	return (res_keyset_list(req, ar, sql_hours_list, "status",
	    hours_status_valid, "action_id"));
}

int
hours_validate(struct http_request *req, struct asr_req *ar)
{
	return (hours_decide(req, ar, 1));
}

int
hours_reject(struct http_request *req, struct asr_req *ar)
{
	return (hours_decide(req, ar, 0));
}

static int
hours_decide(struct http_request *req, struct asr_req *ar, int approve)
{
	const char	*params[5];
	char		*body, now[CLOCK_RFC3339_LEN];

	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, "hours entry"));
	if (!approve) {
		switch (res_body(req, ar, &reject_res, 1, HOURS_REACH, &body)) {
		case RES_PENDING:
			return (KORE_RESULT_RETRY);
		case RES_ANSWERED:
			return (KORE_RESULT_OK);
		}
		free(body);
	}

	clock_format_rfc3339(clock_now_ms(), now, sizeof(now));
	params[0] = approve ? "true" : "false";
	params[1] = ar->params.value[0];
	params[2] = NULL;
	if (!approve)
		params[2] = json_string_value(json_object_get(ar->body,
		    "reason"));
	params[3] = ar->who.sub;
	params[4] = now;
	switch (write_run(req, ar, WRITE_ACTION, "hours entry", sql_decide, 5,
	    params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (write_answer(req, ar, WRITE_UPDATE, IF_MATCH_ANY, "/v1/hours",
	    "hours entry"));
}

int
visits_create(struct http_request *req, struct asr_req *ar)
{
	return (res_create(req, ar, &visit_res, 0));
}

int
visits_get(struct http_request *req, struct asr_req *ar)
{
	return (res_get(req, ar, &visit_res));
}

int
visits_update(struct http_request *req, struct asr_req *ar)
{
	return (res_update(req, ar, &visit_res));
}

int
visits_list(struct http_request *req, struct asr_req *ar)
{
	return (res_keyset_list(req, ar, sql_visits_list, "attribution_id",
	    uuid_valid, "action_id"));
}

static void
hours_check(json_t *body, json_t *errors)
{
	res_check_month(body, "month", errors);
}
