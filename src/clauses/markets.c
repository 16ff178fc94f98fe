/*
 * Markets and lots (see markets.h). A buyer reaches its own markets and
 * writes them while they are drafts; an attributed organisation reads the
 * market and the lots it works on; staff reach everything. A market made
 * without lots gets lot 1 covering the whole amount. Amendments are
 * staff's: they change amount, duration or end date and recompute the
 * required hours of every clause, keeping their history.
 */
#include <string.h>

#include "clauses/markets.h"
#include "clauses/resource.h"

#define N		FF_NULLABLE
#define R		FF_REQUIRED
#define LOTS_MAX	200

static const char *const statuses[] = { "draft", "published", "awarded",
	"in_progress", "closed", NULL };
static const char *const natures[] = { "works", "supplies", "services",
	NULL };

static const struct field_spec market_fields[] = {
	{ "buyer_id", FT_UUID, 0, 0, 0, 0, R },
	{ "reference", FT_STRING, 1, 100, 0, 0, R },
	{ "object", FT_STRING, 1, 1000, 0, 0, R },
	{ "cpv_code", FT_STRING, 8, 10, 0, 0, N },
	{ "nature", FT_STRING, 1, 16, 0, 0, N },
	{ "procedure", FT_STRING, 1, 100, 0, 0, N },
	{ "amount", FT_NUMBER, 0, 0, 0, RES_MONEY_MAX, R },
	{ "notification_date", FT_DATE, 0, 0, 0, 0, N },
	{ "duration_months", FT_NUMBER, 0, 0, 1, 600, N },
	{ "start_date", FT_DATE, 0, 0, 0, 0, R },
	{ "end_date", FT_DATE, 0, 0, 0, 0, 0 },
	{ "commune_insee", FT_COMMUNE, 0, 0, 0, 0, N },
	{ "status", FT_STRING, 1, 16, 0, 0, 0 },
	{ "decp_id", FT_STRING, 1, 100, 0, 0, N },
	{ "framework_id", FT_UUID, 0, 0, 0, 0, N },
	{ "lots", FT_OBJECTS, 1, LOTS_MAX, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec lot_fields[] = {
	{ "number", FT_NUMBER, 0, 0, 1, 999, R },
	{ "title", FT_STRING, 1, 300, 0, 0, R },
	{ "amount", FT_NUMBER, 0, 0, 0, RES_MONEY_MAX, R },
	{ "labour_share", FT_NUMBER, 0, 0, 0, 1, N },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec amendment_fields[] = {
	{ "date", FT_DATE, 0, 0, 0, 0, R },
	{ "reason", FT_STRING, 1, 2000, 0, 0, R },
	{ "amount", FT_NUMBER, 0, 0, 0, RES_MONEY_MAX, 0 },
	{ "duration_months", FT_NUMBER, 0, 0, 1, 600, 0 },
	{ "end_date", FT_DATE, 0, 0, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct res_decimal market_decimals[] = {
	{ "amount", 2 }, { "duration_months", 0 }, { NULL, 0 },
};
static const struct res_decimal lot_decimals[] = {
	{ "number", 0 }, { "amount", 2 }, { "labour_share", 6 }, { NULL, 0 },
};
static const struct res_enum market_enums[] = {
	{ "status", statuses }, { "nature", natures }, { NULL, NULL },
};

static void	market_check(json_t *, json_t *);
static void	amendment_check(json_t *, json_t *);

static const struct res market_res = {
	"market", "/v1/markets", market_fields, market_decimals, market_enums,
	market_check,
	"SELECT status, errors::text, body, id, version FROM market_create("
	"$1::jsonb, $2::uuid, $3::uuid, $4::timestamptz)",
	"SELECT status, errors::text, body, version FROM market_update("
	"$1::uuid, $2::jsonb, $3::int[], $4::uuid, $5::uuid, $6::timestamptz)",
	"SELECT market_json(m)::text, m.version FROM markets m"
	" WHERE m.id = $1::uuid AND market_reach(m, $2::uuid)",
	"SELECT 1 FROM markets m WHERE m.id = $1::uuid"
	" AND market_reach(m, $2::uuid)",
	NULL, NULL,
};

static const struct res lot_res = {
	"lot", "/v1/lots", lot_fields, lot_decimals, NULL, NULL,
	"SELECT status, errors::text, body, id, version FROM lot_create("
	"$1::uuid, $2::jsonb, $3::uuid, $4::uuid, $5::timestamptz)",
	"SELECT status, errors::text, body, version FROM lot_update("
	"$1::uuid, $2::jsonb, $3::int[], $4::uuid, $5::uuid, $6::timestamptz)",
	"SELECT lot_json(l)::text, l.version FROM lots l"
	" WHERE l.id = $1::uuid AND lot_reach(l.id, $2::uuid)",
	"SELECT 1 FROM lots l WHERE l.id = $1::uuid"
	" AND lot_reach(l.id, $2::uuid)",
	"SELECT 1 FROM markets m WHERE m.id = $1::uuid"
	" AND market_reach(m, $2::uuid)",
	"SELECT jsonb_build_object('items', coalesce((SELECT jsonb_agg("
	"  lot_json(l) ORDER BY l.number) FROM lots l"
	"  WHERE l.market_id = m.id AND lot_reach(l.id, $2::uuid)),"
	"  '[]'::jsonb), 'next_cursor', NULL)::text"
	" FROM markets m WHERE m.id = $1::uuid AND market_reach(m, $2::uuid)",
};

static const struct res amendment_res = {
	"amendment", "/v1/amendments", amendment_fields, market_decimals, NULL,
	amendment_check,
	"SELECT status, errors::text, body, id, version FROM amendment_create("
	"$1::uuid, $2::jsonb, $3::uuid, $4::uuid, $5::timestamptz)",
	NULL,
	"SELECT amendment_json(a)::text, 1 FROM market_amendments a"
	" JOIN markets m ON m.id = a.market_id"
	" WHERE a.id = $1::uuid AND market_reach(m, $2::uuid)",
	NULL,
	"SELECT 1 FROM markets m WHERE m.id = $1::uuid"
	" AND market_reach(m, $2::uuid)",
	"SELECT jsonb_build_object('items', coalesce((SELECT jsonb_agg("
	"  amendment_json(a) ORDER BY a.number) FROM market_amendments a"
	"  WHERE a.market_id = m.id), '[]'::jsonb), 'next_cursor',"
	"  NULL)::text"
	" FROM markets m WHERE m.id = $1::uuid AND market_reach(m, $2::uuid)",
};

/* $1 own, $2 statuses, $3 buyers, $4 $5 cursor, $6 limit. */
static const char sql_list[] =
	"WITH f AS NOT MATERIALIZED (SELECT m.* FROM markets m"
	"  WHERE market_reach(m, $1::uuid)"
	"  AND ($3::uuid[] IS NULL OR m.buyer_id = ANY ($3::uuid[]))"
	"  AND ($2::text[] IS NULL OR m.status = ANY ($2::text[]))),"
	RES_PAGE("market_json");

/* Progress is the buyer's and staff's: $1 id, $2 own, $3 today. */
static const char sql_progress[] =
	"SELECT market_progress_json(m, $3::date)::text FROM markets m"
	" WHERE m.id = $1::uuid"
	" AND ($2::uuid IS NULL OR m.buyer_id = $2::uuid)";

int
markets_create(struct http_request *req, struct asr_req *ar)
{
	return (res_create(req, ar, &market_res, 0));
}

int
markets_get(struct http_request *req, struct asr_req *ar)
{
	return (res_get(req, ar, &market_res));
}

int
markets_update(struct http_request *req, struct asr_req *ar)
{
	return (res_update(req, ar, &market_res));
}

static int
status_valid(const char *s)
{
	return (res_member(statuses, s));
}

int
markets_list(struct http_request *req, struct asr_req *ar)
{
	return (res_keyset_list(req, ar, sql_list, "status", status_valid,
	    "buyer_id"));
}

int
markets_progress(struct http_request *req, struct asr_req *ar)
{
	return (res_today_query(req, ar, sql_progress, "market"));
}

int
amendments_create(struct http_request *req, struct asr_req *ar)
{
	return (res_create(req, ar, &amendment_res, 1));
}

int
amendments_list(struct http_request *req, struct asr_req *ar)
{
	return (res_children(req, ar, &amendment_res));
}

int
amendments_get(struct http_request *req, struct asr_req *ar)
{
	return (res_get(req, ar, &amendment_res));
}

int
lots_create(struct http_request *req, struct asr_req *ar)
{
	return (res_create(req, ar, &lot_res, 1));
}

int
lots_list(struct http_request *req, struct asr_req *ar)
{
	return (res_children(req, ar, &lot_res));
}

int
lots_get(struct http_request *req, struct asr_req *ar)
{
	return (res_get(req, ar, &lot_res));
}

int
lots_update(struct http_request *req, struct asr_req *ar)
{
	return (res_update(req, ar, &lot_res));
}

/* The CPV code, the dates' order and the lots given at creation. */
static void
market_check(json_t *body, json_t *errors)
{
	const struct res	 lot = { "lot", NULL, lot_fields, lot_decimals,
	    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	json_t			*v, *item, *mine, *e;
	const char		*s;
	char			 name[64];
	size_t			 i, j;

	v = json_object_get(body, "cpv_code");
	if (v != NULL && json_is_string(v)) {
		s = json_string_value(v);
		if (strspn(s, "0123456789") != 8 || (s[8] != '\0' &&
		    (s[8] != '-' || strspn(s + 9, "0123456789") != 1 ||
		    s[10] != '\0')))
			asr_field_error(errors, "cpv_code", "invalid",
			    "Expected a CPV code: 8 digits, optionally -N.");
	}
	res_check_dates(body, "start_date", "end_date", errors);

	v = json_object_get(body, "lots");
	json_array_foreach(v, i, item) {
		if (!json_is_object(item))
			continue;
		mine = json_array();
		(void)fields_check(item, lot.fields, 1, 1, mine);
		res_check(item, &lot, mine);
		json_array_foreach(mine, j, e) {
			(void)snprintf(name, sizeof(name), "lots[%zu].%s", i,
			    json_string_value(json_object_get(e, "field")));
			json_object_set_new(e, "field", json_string(name));
			json_array_append(errors, e);
		}
		json_decref(mine);
	}
}

static void
amendment_check(json_t *body, json_t *errors)
{
	if (json_object_get(body, "amount") == NULL &&
	    json_object_get(body, "duration_months") == NULL &&
	    json_object_get(body, "end_date") == NULL)
		asr_field_error(errors, "amount", "required", "An amendment "
		    "changes amount, duration_months or end_date.");
}
