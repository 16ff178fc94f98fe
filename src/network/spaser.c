/*
 * SPASER and network membership (see spaser.h). A SPASER is written whole
 * with PUT: created without If-Match the first time, replaced under
 * If-Match afterwards (sql/migrations/0022_spaser.sql).
 */
#include <stdlib.h>
#include <string.h>

#include "core/uuid.h"
#include "http/writes.h"
#include "network/netkit.h"
#include "network/spaser.h"

static const char sql_get[] =
	"SELECT spaser_json(s, $3::date)::text, s.version FROM spasers s"
	" WHERE s.organisation_id = $1::uuid"
	" AND ($2::uuid IS NULL OR s.organisation_id = $2::uuid)";

static const char sql_put[] =
	"SELECT status, errors::text, body, version FROM spaser_put("
	"$1::uuid, $2::jsonb, $3::int[], $4::boolean, $5::uuid, $6::uuid,"
	" $7::timestamptz, $8::date)";

/* $1 current only (NULL: all), $2 Mayotte's today. */
static const char sql_members[] =
	"WITH f AS NOT MATERIALIZED (SELECT o.* FROM organisations o"
	"  WHERE o.member_since IS NOT NULL AND ($1::boolean IS NULL OR"
	"  $1::boolean = (o.member_since <= $2::date AND (o.member_until IS"
	"  NULL OR o.member_until > $2::date)))),"
	" page AS (SELECT network_member_json(f, $2::date)::text AS item,"
	"  f.member_since::timestamp AT TIME ZONE 'UTC' AS k1, f.id AS k2"
	"  FROM f WHERE $3::timestamptz IS NULL OR (f.member_since::timestamp"
	"  AT TIME ZONE 'UTC', f.id) > ($3::timestamptz, $4::uuid)"
	"  ORDER BY 2, 3 LIMIT $5::int)"
	NW_PAGE_SELECT("6") " ORDER BY p.k1, p.k2";

/* $1 the organisation, $2 the caller's (NULL: staff). */
#define MEMBER_IN_REACH \
	" EXISTS (SELECT 1 FROM organisations o WHERE o.id = $1::uuid" \
	"  AND ($2::uuid IS NULL OR o.id = $2::uuid))"

static const char sql_history[] =
	"WITH f AS NOT MATERIALIZED (SELECT h.* FROM membership_history h"
	"  WHERE h.organisation_id = $1::uuid),"
	" page AS (SELECT json_build_object('member_since', f.member_since,"
	"  'member_until', f.member_until, 'changed_at', asr_time("
	"  f.changed_at))::text AS item, f.changed_at AS k1,"
	"  md5(f.id::text)::uuid AS k2 FROM f WHERE $3::timestamptz IS NULL"
	"  OR (f.changed_at, md5(f.id::text)::uuid) >"
	"  ($3::timestamptz, $4::uuid) ORDER BY 2, 3 LIMIT $5::int)"
	NW_PAGE_SELECT("6") " WHERE" MEMBER_IN_REACH " ORDER BY p.k1, p.k2";

static const char sql_events[] =
	"WITH f AS NOT MATERIALIZED (SELECT e.* FROM events e"
	"  WHERE $1::uuid = ANY (e.organisation_ids)),"
	" page AS (SELECT event_json(f)::text AS item,"
	"  f.starts_on::timestamp AT TIME ZONE 'UTC' AS k1, f.id AS k2 FROM f"
	"  WHERE $3::timestamptz IS NULL OR (f.starts_on::timestamp AT TIME"
	"  ZONE 'UTC', f.id) > ($3::timestamptz, $4::uuid)"
	"  ORDER BY 2, 3 LIMIT $5::int)"
	NW_PAGE_SELECT("6") " WHERE" MEMBER_IN_REACH " ORDER BY p.k1, p.k2";

#define N	FF_NULLABLE

static const struct field_spec spaser_fields[] = {
	{ "yearly_purchase_volume", FT_NUMBER, 0, 0, 0, 1e12, N },
	{ "adopted", FT_BOOL, 0, 0, 0, 0, 0 },
	{ "adopted_on", FT_DATE, 0, 0, 0, 0, N },
	{ "document_url", FT_URL, 0, 0, 0, 0, N },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

#undef N

struct spaser_write {
	struct nw_time	t;
	char		versions[IF_MATCH_LEN];
	int		if_match;
};

static int	 spaser_body(struct http_request *, struct asr_req *,
		    char **);
static int	 member_list(struct http_request *, struct asr_req *,
		    const char *);

int
spaser_get(struct http_request *req, struct asr_req *ar)
{
	struct nw_time	 t;
	const char	*params[3];

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "SPASER"));
	memset(&t, 0, sizeof(t));
	nw_time(&t);
	params[0] = ar->params.value[0];
	params[1] = nw_own(ar);
	params[2] = t.today;
	return (nw_one(req, ar, sql_get, params, 3, "SPASER"));
}

int
spaser_put(struct http_request *req, struct asr_req *ar)
{
	struct spaser_write	*st = asr_state(ar, sizeof(*st));
	const char		*params[8], *versions;
	char			*body;
	int			 rc;

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "public buyer"));
	if (!spaser_body(req, ar, &body))
		return (KORE_RESULT_OK);

	st->if_match = list_if_match(req, st->versions, &versions);
	nw_time(&st->t);
	params[0] = ar->params.value[0];
	params[1] = body;
	params[2] = versions;
	params[3] = st->if_match == IF_MATCH_ABSENT ? "false" : "true";
	params[4] = ar->who.sub;
	params[5] = nw_own(ar);
	params[6] = st->t.now;
	params[7] = st->t.today;
	rc = nw_write(req, ar, sql_put, params, 8, WRITE_UPDATE, st->if_match,
	    "/v1/organisations", "public buyer");
	free(body);
	return (rc);
}

/*
 * The fields of the table, and years: an array the database checks line
 * by line. A 400 here is answered before the buyer is looked up: the
 * organisation's existence is no secret (GET /v1/organisations/{id}).
 */
static int
spaser_body(struct http_request *req, struct asr_req *ar, char **text)
{
	json_t		*copy, *errors, *years;

	errors = json_array();
	copy = json_copy(ar->body);
	years = json_object_get(copy, "years");
	if (years != NULL && !json_is_array(years))
		asr_field_error(errors, "years", "type", "Expected an array.");
	(void)json_object_del(copy, "years");
	(void)fields_check(copy, spaser_fields, 0, 1, errors);
	json_decref(copy);
	if (json_array_size(errors) > 0) {
		(void)asr_problem_errors(req, ar, 400, "validation-failed",
		    "Some fields are missing or invalid; see errors.", errors);
		return (0);
	}
	json_decref(errors);

	return (asr_body_text(req, ar, text));
}

int
network_members(struct http_request *req, struct asr_req *ar)
{
	struct nw_time	 t;
	const char	*params[2], *current;

	if (!nw_bool_query(req, ar, "current", &current))
		return (KORE_RESULT_OK);
	memset(&t, 0, sizeof(t));
	nw_time(&t);
	params[0] = current;
	params[1] = t.today;
	return (nw_page(req, ar, sql_members, params, 2, NULL));
}

int
network_history(struct http_request *req, struct asr_req *ar)
{
	return (member_list(req, ar, sql_history));
}

int
network_events(struct http_request *req, struct asr_req *ar)
{
	return (member_list(req, ar, sql_events));
}

static int
member_list(struct http_request *req, struct asr_req *ar, const char *sql)
{
	const char	*params[2];

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "organisation"));
	params[0] = ar->params.value[0];
	params[1] = nw_own(ar);
	return (nw_page(req, ar, sql, params, 2, "organisation"));
}
