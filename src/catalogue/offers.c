/*
 * Offers (see offers.h). Staff reach every offer; a supplier only those of
 * its own organisation (another's is a 404, never a 403: it does not learn
 * that the offer exists); other roles read published offers of organisations
 * in the public catalogue.
 */
#include <stdlib.h>
#include <string.h>

#include "catalogue/cache.h"
#include "catalogue/offers.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "http/fields.h"
#include "http/lists.h"
#include "http/writes.h"

static const char sql_create[] =
	"SELECT status, errors::text, body, id, version FROM offer_create("
	"$1::jsonb, $2::uuid, $3::uuid, $4::timestamptz)";

static const char sql_update[] =
	"SELECT status, errors::text, body, version FROM offer_update("
	"$1::uuid, $2::jsonb, $3::int[], $4::uuid, $5::uuid, $6::timestamptz,"
	" $7::boolean)";

/* $2 staff, $3 the caller's organisation. */
static const char sql_get[] =
	"SELECT offer_json(f)::text, f.version FROM offers f"
	" JOIN organisations o ON o.id = f.organisation_id"
	" WHERE f.id = $1::uuid AND ($2::boolean OR f.organisation_id = $3::uuid"
	"  OR (f.published AND organisation_public(o)))";

/* $1 organisations wanted (NULL: all), $2 the supplier's own or NULL. */
static const char sql_list[] =
	"WITH f AS NOT MATERIALIZED (SELECT f.* FROM offers f"
	"  WHERE ($1::uuid[] IS NULL OR f.organisation_id = ANY ($1::uuid[]))"
	"  AND ($2::uuid IS NULL OR f.organisation_id = $2::uuid)),"
	" page AS (SELECT offer_json(f)::text AS item, f.created_at AS k1,"
	"  f.id AS k2 FROM f WHERE $3::timestamptz IS NULL"
	"  OR (f.created_at, f.id) > ($3::timestamptz, $4::uuid)"
	"  ORDER BY f.created_at, f.id LIMIT $5::int)"
	" SELECT p.item, to_char(p.k1 AT TIME ZONE 'UTC',"
	"  'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), p.k2::text, t.total"
	LIST_TOTAL("6")
	" ORDER BY p.k1, p.k2";

#define N	FF_NULLABLE

/* Shared with the bulk upsert (src/sync/upsert.c). */
const struct field_spec offer_fields[] = {
	{ "organisation_id", FT_UUID, 0, 0, 0, 0, FF_REQUIRED },
	{ "title", FT_STRING, 1, 200, 0, 0, FF_REQUIRED },
	{ "description", FT_STRING, 0, 5000, 0, 0, 0 },
	{ "offer_type", FT_STRING, 1, 32, 0, 0, FF_REQUIRED },
	{ "sectors", FT_CODES, 0, 50, 0, 0, 0 },
	{ "communes", FT_CODES, 0, 18, 0, 0, 0 },
	{ "price_indication", FT_STRING, 1, 200, 0, 0, N },
	{ "published", FT_BOOL, 0, 0, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

#undef N

struct offer_write {
	char		now[CLOCK_RFC3339_LEN];
	char		versions[IF_MATCH_LEN];
	int		if_match;
};

static int		 offer_body(struct http_request *, struct asr_req *,
			    int, char **);
static const char	*own_organisation(struct asr_req *);

int
offers_create(struct http_request *req, struct asr_req *ar)
{
	char		*body, now[CLOCK_RFC3339_LEN];
	const char	*params[4];
	int		 rc;

	if (!offer_body(req, ar, 1, &body))
		return (KORE_RESULT_OK);

	clock_format_rfc3339(clock_now_ms(), now, sizeof(now));
	params[0] = body;
	params[1] = ar->who.sub;
	params[2] = own_organisation(ar);
	params[3] = now;
	rc = write_run(req, ar, WRITE_CREATE, "offer", sql_create, 4, params);
	free(body);
	switch (rc) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (strcmp(db_value(&ar->db, 0, 0), "ok") == 0)
		cache_changed();
	return (write_answer(req, ar, WRITE_CREATE, IF_MATCH_ANY,
	    "/v1/offers", "organisation"));
}

int
offers_list(struct http_request *req, struct asr_req *ar)
{
	struct list_page	page;
	char			orgs[LIST_FILTER_LEN];
	const char		*params[6];
	int64_t			 ms;

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 2) ||
	    !list_filter(req, ar, "organisation_id", uuid_valid, orgs,
	    &params[0]))
		return (KORE_RESULT_OK);
	if (page.has_cursor && (!uuid_valid(page.cursor.part[1]) ||
	    !clock_parse_rfc3339(page.cursor.part[0], &ms)))
		return (list_bad_cursor(req, ar));

	params[1] = own_organisation(ar);
	params[2] = page.has_cursor ? page.cursor.part[0] : NULL;
	params[3] = page.has_cursor ? page.cursor.part[1] : NULL;
	params[4] = page.limit_text;
	params[5] = page.count;
	switch (db_run(req, &ar->db, sql_list, 6, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (list_answer(req, ar, &page, 1, 2, 3));
}

int
offers_get(struct http_request *req, struct asr_req *ar)
{
	const char	*params[3];

	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found", "No such offer."));

	params[0] = ar->params.value[0];
	params[1] = (ar->who.role & ROLES_STAFF) ? "true" : "false";
	params[2] = ar->who.org[0] != '\0' ? ar->who.org : NULL;
	switch (db_run(req, &ar->db, sql_get, 3, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (asr_problem(req, ar, 404, "not-found", "No such offer."));

	list_etag(req, db_value(&ar->db, 0, 1));
	return (asr_db_json(req, ar, 200, 0));
}

/* PATCH (merge patch) and DELETE (the offer is removed). */
int
offers_update(struct http_request *req, struct asr_req *ar)
{
	struct offer_write	*st = asr_state(ar, sizeof(*st));
	const char		*params[7], *versions;
	char			*body;
	int			 rc, remove;

	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found", "No such offer."));

	remove = req->method == HTTP_METHOD_DELETE;
	if (remove)
		body = NULL;
	else if (!offer_body(req, ar, 0, &body))
		return (KORE_RESULT_OK);

	st->if_match = list_if_match(req, st->versions, &versions);
	if (st->now[0] == '\0')
		clock_format_rfc3339(clock_now_ms(), st->now, sizeof(st->now));
	params[0] = ar->params.value[0];
	params[1] = remove ? "{}" : body;
	params[2] = versions;
	params[3] = ar->who.sub;
	params[4] = own_organisation(ar);
	params[5] = st->now;
	params[6] = remove ? "true" : "false";
	rc = write_run(req, ar, remove ? WRITE_DELETE : WRITE_UPDATE, "offer",
	    sql_update, 7, params);
	free(body);
	switch (rc) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (strcmp(db_value(&ar->db, 0, 0), "ok") == 0)
		cache_changed();
	return (write_answer(req, ar, remove ? WRITE_DELETE : WRITE_UPDATE,
	    st->if_match, "/v1/offers", "offer"));
}

static int
offer_body(struct http_request *req, struct asr_req *ar, int create,
    char **text)
{
	json_t		*errors;

	errors = json_array();
	if (fields_check(ar->body, offer_fields, create, 1, errors) != 0) {
		(void)asr_problem_errors(req, ar, 400, "validation-failed",
		    "Some fields are missing or invalid; see errors.", errors);
		return (0);
	}
	json_decref(errors);

	return (asr_body_text(req, ar, text));
}

/* Staff act for every organisation (NULL); a supplier for its own. */
static const char *
own_organisation(struct asr_req *ar)
{
	return ((ar->who.role & ROLES_STAFF) ? NULL : ar->who.org);
}
