/*
 * Attributions and insertion actions (see actions.h). Staff attribute
 * lots; the attributed organisation and staff record its actions; the
 * buyer, the attributed organisation and the action's SIAE read them.
 */
#include "clauses/actions.h"
#include "clauses/resource.h"

#define N		FF_NULLABLE
#define R		FF_REQUIRED

static const char *const roles[] = { "holder", "co_contractor", "lead",
	"subcontractor", NULL };
static const char *const modes[] = { "direct_hire", "staff_provision_etti",
	"staff_provision_ai", "staff_provision_geiq", "subcontracting_siae",
	"cocontracting_siae", "training", NULL };

static const struct field_spec attribution_fields[] = {
	{ "organisation_id", FT_UUID, 0, 0, 0, 0, R },
	{ "role", FT_STRING, 1, 32, 0, 0, R },
	{ "amount", FT_NUMBER, 0, 0, 0, RES_MONEY_MAX, N },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

/* eligibility_override: staff only (0043 says so), why an ineligible
   person starts. */
static const struct field_spec action_fields[] = {
	{ "mode", FT_STRING, 1, 32, 0, 0, R },
	{ "siae_id", FT_UUID, 0, 0, 0, 0, N },
	{ "beneficiary_id", FT_UUID, 0, 0, 0, 0, N },
	{ "contract_type", FT_STRING, 1, 64, 0, 0, N },
	{ "start_date", FT_DATE, 0, 0, 0, 0, R },
	{ "end_date", FT_DATE, 0, 0, 0, 0, N },
	{ "planned_hours", FT_NUMBER, 0, 0, 0, 1e8, N },
	{ "eligibility_override", FT_STRING, 1, 1000, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct res_decimal attribution_decimals[] = {
	{ "amount", 2 }, { NULL, 0 },
};
static const struct res_decimal action_decimals[] = {
	{ "planned_hours", 2 }, { NULL, 0 },
};
static const struct res_enum attribution_enums[] = {
	{ "role", roles }, { NULL, NULL },
};
static const struct res_enum action_enums[] = {
	{ "mode", modes }, { NULL, NULL },
};

static void	action_check(json_t *, json_t *);

static const struct res attribution_res = {
	"attribution", "/v1/attributions", attribution_fields,
	attribution_decimals, attribution_enums, NULL,
	"SELECT status, errors::text, body, id, version FROM"
	" attribution_create($1::uuid, $2::jsonb, $3::uuid, $4::uuid,"
	" $5::timestamptz)",
	"SELECT status, errors::text, body, version FROM attribution_update("
	"$1::uuid, $2::jsonb, $3::int[], $4::uuid, $5::uuid, $6::timestamptz)",
	"SELECT attribution_json(a)::text, a.version FROM attributions a"
	" WHERE a.id = $1::uuid AND attribution_reach(a, $2::uuid)",
	"SELECT 1 FROM attributions a WHERE a.id = $1::uuid"
	" AND attribution_reach(a, $2::uuid)",
	"SELECT 1 FROM lots l WHERE l.id = $1::uuid"
	" AND lot_reach(l.id, $2::uuid)",
	"SELECT jsonb_build_object('items', coalesce((SELECT jsonb_agg("
	"  attribution_json(a) ORDER BY a.created_at, a.id)"
	"  FROM attributions a WHERE a.lot_id = l.id"
	"  AND attribution_reach(a, $2::uuid)), '[]'::jsonb),"
	"  'next_cursor', NULL)::text"
	" FROM lots l WHERE l.id = $1::uuid AND lot_reach(l.id, $2::uuid)",
};

static const struct res action_res = {
	"action", "/v1/actions", action_fields, action_decimals,
	action_enums, action_check,
	"SELECT status, errors::text, body, id, version FROM action_create("
	"$1::uuid, $2::jsonb, $3::uuid, $4::uuid, $5::timestamptz)",
	"SELECT status, errors::text, body, version FROM action_update("
	"$1::uuid, $2::jsonb, $3::int[], $4::uuid, $5::uuid, $6::timestamptz)",
	"SELECT action_json(x)::text, x.version FROM insertion_actions x"
	" WHERE x.id = $1::uuid AND action_reach(x, $2::uuid)",
	"SELECT 1 FROM insertion_actions x WHERE x.id = $1::uuid"
	" AND action_reach(x, $2::uuid)",
	"SELECT 1 FROM attributions a WHERE a.id = $1::uuid"
	" AND attribution_reach(a, $2::uuid)",
	"SELECT jsonb_build_object('items', coalesce((SELECT jsonb_agg("
	"  action_json(x) ORDER BY x.created_at, x.id)"
	"  FROM insertion_actions x WHERE x.attribution_id = a.id"
	"  AND action_reach(x, $2::uuid)), '[]'::jsonb),"
	"  'next_cursor', NULL)::text"
	" FROM attributions a WHERE a.id = $1::uuid"
	" AND attribution_reach(a, $2::uuid)",
};

int
attributions_create(struct http_request *req, struct asr_req *ar)
{
	return (res_create(req, ar, &attribution_res, 1));
}

int
attributions_list(struct http_request *req, struct asr_req *ar)
{
	return (res_children(req, ar, &attribution_res));
}

int
attributions_get(struct http_request *req, struct asr_req *ar)
{
	return (res_get(req, ar, &attribution_res));
}

int
attributions_update(struct http_request *req, struct asr_req *ar)
{
	return (res_update(req, ar, &attribution_res));
}

int
actions_create(struct http_request *req, struct asr_req *ar)
{
	return (res_create(req, ar, &action_res, 1));
}

int
actions_list(struct http_request *req, struct asr_req *ar)
{
	return (res_children(req, ar, &action_res));
}

int
actions_get(struct http_request *req, struct asr_req *ar)
{
	return (res_get(req, ar, &action_res));
}

int
actions_update(struct http_request *req, struct asr_req *ar)
{
	return (res_update(req, ar, &action_res));
}

static void
action_check(json_t *body, json_t *errors)
{
	res_check_dates(body, "start_date", "end_date", errors);
}
