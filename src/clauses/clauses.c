/*
 * Clauses (see clauses.h). The required hours are computed by the write
 * functions in numeric, with the same scaled-integer, half-up arithmetic
 * as core/hours.c (sql/migrations/0010: hours_amount_based,
 * hours_share_based); the API tests check both agree. The hourly cost and
 * the insertion rate default to the territory's parameters, stored on the
 * clause when it is made so that later changes of the defaults do not
 * move existing obligations.
 */
#include <string.h>

#include "clauses/clauses.h"
#include "clauses/resource.h"
#include "core/clock.h"

#define N		FF_NULLABLE
#define R		FF_REQUIRED

static const char *const types[] = { "execution_condition",
	"award_criterion", "reserved", NULL };
static const char *const kinds[] = { "L2113-12", "L2113-13", "L2113-14",
	"L2113-15", NULL };
static const char *const rules[] = { "amount_based", "hours_share", NULL };

static const struct field_spec clause_fields[] = {
	{ "type", FT_STRING, 1, 32, 0, 0, R },
	{ "reserved_kind", FT_STRING, 1, 16, 0, 0, N },
	{ "criterion_weight", FT_NUMBER, 0, 0, 0, 100, N },
	{ "rule", FT_STRING, 1, 32, 0, 0, R },
	{ "insertion_rate", FT_NUMBER, 0, 0, 0.000001, 1, 0 },
	{ "hourly_cost", FT_NUMBER, 0, 0, 0.01, 1000, 0 },
	{ "hours_worked", FT_NUMBER, 0, 0, 0.01, RES_HOURS_MAX, N },
	{ "override_hours", FT_NUMBER, 0, 0, 0, RES_HOURS_MAX, N },
	{ "override_reason", FT_STRING, 1, 2000, 0, 0, N },
	{ "penalty_per_hour", FT_NUMBER, 0, 0, 0, 1e6, N },
	{ "pool_id", FT_UUID, 0, 0, 0, 0, N },
	{ "required_hours", FT_NUMBER, 0, 0, 0, 0, FF_READONLY },
	{ "computed_hours", FT_NUMBER, 0, 0, 0, 0, FF_READONLY },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct res_decimal clause_decimals[] = {
	{ "criterion_weight", 2 }, { "insertion_rate", 6 },
	{ "hourly_cost", 2 }, { "hours_worked", 2 }, { "override_hours", 2 },
	{ "penalty_per_hour", 2 }, { NULL, 0 },
};

static const struct res_enum clause_enums[] = {
	{ "type", types }, { "reserved_kind", kinds }, { "rule", rules },
	{ NULL, NULL },
};

static void	clause_check(json_t *, json_t *);

static const struct res clause_res = {
	"clause", "/v1/clauses", clause_fields, clause_decimals, clause_enums,
	clause_check,
	"SELECT status, errors::text, body, id, version FROM clause_create("
	"$1::uuid, $2::jsonb, $3::uuid, $4::uuid, $5::timestamptz)",
	"SELECT status, errors::text, body, version FROM clause_update("
	"$1::uuid, $2::jsonb, $3::int[], $4::uuid, $5::uuid, $6::timestamptz)",
	"SELECT clause_json(c)::text, c.version FROM clauses c"
	" WHERE c.id = $1::uuid AND lot_reach(c.lot_id, $2::uuid)",
	"SELECT 1 FROM clauses c WHERE c.id = $1::uuid"
	" AND lot_reach(c.lot_id, $2::uuid)",
	"SELECT 1 FROM lots l WHERE l.id = $1::uuid"
	" AND lot_reach(l.id, $2::uuid)",
	"SELECT jsonb_build_object('items', coalesce((SELECT jsonb_agg("
	"  clause_json(c) ORDER BY c.created_at, c.id) FROM clauses c"
	"  WHERE c.lot_id = l.id), '[]'::jsonb), 'next_cursor', NULL)::text"
	" FROM lots l WHERE l.id = $1::uuid AND lot_reach(l.id, $2::uuid)",
};

/* $1 id, $2 own, $3 today. */
static const char sql_progress[] =
	"SELECT clause_progress_json(c, $3::date)::text FROM clauses c"
	" WHERE c.id = $1::uuid AND lot_reach(c.lot_id, $2::uuid)";

/* $1 own, $2 today, $3 now. */
static const char sql_alerts[] =
	"SELECT alerts_json($1::uuid, $2::date, $3::timestamptz)::text";

int
clauses_create(struct http_request *req, struct asr_req *ar)
{
	return (res_create(req, ar, &clause_res, 1));
}

int
clauses_list(struct http_request *req, struct asr_req *ar)
{
	return (res_children(req, ar, &clause_res));
}

int
clauses_get(struct http_request *req, struct asr_req *ar)
{
	return (res_get(req, ar, &clause_res));
}

int
clauses_update(struct http_request *req, struct asr_req *ar)
{
	return (res_update(req, ar, &clause_res));
}

int
clauses_progress(struct http_request *req, struct asr_req *ar)
{
	return (res_today_query(req, ar, sql_progress, "clause"));
}

int
clauses_alerts(struct http_request *req, struct asr_req *ar)
{
	const char	*params[3];
	char		 today[CLOCK_DATE_LEN], now[CLOCK_RFC3339_LEN];

	params[0] = res_own(ar);
	params[1] = res_today(today, sizeof(today));
	clock_format_rfc3339(clock_now_ms(), now, sizeof(now));
	params[2] = now;
	switch (db_run(req, &ar->db, sql_alerts, 3, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (asr_db_json(req, ar, 200, 0));
}

/* An override needs its reason in the same body (or already stored). */
static void
clause_check(json_t *body, json_t *errors)
{
	json_t	*hours, *reason;

	hours = json_object_get(body, "override_hours");
	reason = json_object_get(body, "override_reason");
	if (hours != NULL && json_is_number(hours) && reason != NULL &&
	    json_is_null(reason))
		asr_field_error(errors, "override_reason", "required",
		    "Overriding the required hours needs a reason.");
}
