/*
 * Organisations (see organisations.h): the directory behind the public
 * catalogue. Staff write every field; a supplier edits the public face of
 * its own organisation and nothing that the CRESS vouches for (its kind,
 * SIRET, labels, network membership, whether it is active). Each write is
 * one SQL function (sql/migrations/0004), which checks reach, reference
 * codes and version in the write's own transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalogue/cache.h"
#include "catalogue/organisations.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "http/fields.h"
#include "http/lists.h"
#include "http/writes.h"

static const char sql_create[] =
	"SELECT status, errors::text, body, id, version"
	" FROM organisation_create($1::jsonb, $2::uuid, $3::timestamptz)";

static const char sql_update[] =
	"SELECT status, errors::text, body, version FROM organisation_update("
	"$1::uuid, $2::jsonb, $3::int[], $4::uuid, $5::uuid, $6::timestamptz)";

static const char sql_exists[] =
	"SELECT 1 FROM organisations WHERE id = $1::uuid";

/* $2: staff; $3: the caller's organisation; $4 Mayotte's today. */
static const char sql_get[] =
	"SELECT organisation_json(o, $4::date)::text, o.version"
	" FROM organisations o"
	" WHERE o.id = $1::uuid"
	" AND ($2::boolean OR o.id = $3::uuid OR organisation_public(o))";

static const char sql_list[] =
	"WITH f AS NOT MATERIALIZED (SELECT o.* FROM organisations o"
	"  WHERE ($1::text[] IS NULL OR o.kind = ANY ($1::text[]))"
	"  AND ($2::boolean IS NULL OR o.published = $2::boolean)),"
	" page AS (SELECT organisation_json(f, $6::date)::text AS item,"
	"  lower(f.name) AS k1, f.id::text AS k2 FROM f"
	"  WHERE $3::text IS NULL OR (lower(f.name), f.id) > ($3, $4::uuid)"
	"  ORDER BY lower(f.name), f.id LIMIT $5::int)"
	" SELECT p.item, p.k1, p.k2, t.total"
	LIST_TOTAL("7")
	" ORDER BY p.k1, p.k2";

const char *const organisation_kinds[] = { "cress", "buyer_public",
	"buyer_private", "company", "siae", "geiq", "ess", "handicap",
	"prescriber", NULL };

#define S	FF_STAFF
#define N	FF_NULLABLE

/* Shared with the bulk upsert (src/sync/upsert.c). */
const struct field_spec organisation_fields[] = {
	{ "name", FT_STRING, 1, 200, 0, 0, FF_REQUIRED | S },
	{ "brand", FT_STRING, 1, 200, 0, 0, N },
	{ "kind", FT_STRING, 1, 32, 0, 0, FF_REQUIRED | S },
	{ "subkind", FT_STRING, 1, 64, 0, 0, N | S },
	{ "siret", FT_SIRET, 0, 0, 0, 0, N | S },
	{ "legal_form", FT_STRING, 1, 100, 0, 0, N | S },
	{ "esus", FT_BOOL, 0, 0, 0, 0, S },
	{ "address", FT_STRING, 1, 300, 0, 0, N },
	{ "commune_insee", FT_COMMUNE, 0, 0, 0, 0, N },
	{ "communes_served", FT_CODES, 0, 18, 0, 0, 0 },
	{ "latitude", FT_NUMBER, 0, 0, -90, 90, N },
	{ "longitude", FT_NUMBER, 0, 0, -180, 180, N },
	{ "contact_email", FT_EMAIL, 0, 0, 0, 0, N },
	{ "contact_phone", FT_STRING, 1, 30, 0, 0, N },
	{ "website", FT_URL, 0, 0, 0, 0, N },
	{ "description", FT_STRING, 0, 5000, 0, 0, 0 },
	{ "sectors", FT_CODES, 0, 50, 0, 0, 0 },
	{ "labels", FT_CODES, 0, 30, 0, 0, S },
	{ "member_since", FT_DATE, 0, 0, 0, 0, N | S },
	{ "member_until", FT_DATE, 0, 0, 0, 0, N | S },
	{ "published", FT_BOOL, 0, 0, 0, 0, 0 },
	{ "active", FT_BOOL, 0, 0, 0, 0, S },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

#undef S
#undef N

struct organisation_write {
	char		now[CLOCK_RFC3339_LEN];
	char		versions[IF_MATCH_LEN];
	int		if_match;
};

static int	organisation_body(struct http_request *, struct asr_req *, int,
		    char **, json_t **);
static int	kind_valid(const char *);

int
organisations_create(struct http_request *req, struct asr_req *ar)
{
	char		*body, now[CLOCK_RFC3339_LEN];
	const char	*params[3];
	json_t		*errors;
	int		 rc;

	if ((rc = organisation_body(req, ar, 1, &body, &errors)) != 1)
		return (rc == 0 ? KORE_RESULT_OK : asr_problem_errors(req, ar,
		    400, "validation-failed", "Some fields are missing or "
		    "invalid; see errors.", errors));

	clock_format_rfc3339(clock_now_ms(), now, sizeof(now));
	params[0] = body;
	params[1] = ar->who.sub;
	params[2] = now;
	rc = write_run(req, ar, WRITE_CREATE, "organisation", sql_create, 3,
	    params);
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
	    "/v1/organisations", "organisation"));
}

int
organisations_get(struct http_request *req, struct asr_req *ar)
{
	const char	*params[4];
	char		 today[CLOCK_DATE_LEN];

	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found",
		    "No such organisation."));

	params[0] = ar->params.value[0];
	params[1] = (ar->who.role & ROLES_STAFF) ? "true" : "false";
	params[2] = ar->who.org[0] != '\0' ? ar->who.org : NULL;
	clock_mayotte_date(clock_now_ms(), today, sizeof(today));
	params[3] = today;
	switch (db_run(req, &ar->db, sql_get, 4, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (asr_problem(req, ar, 404, "not-found",
		    "No such organisation."));

	list_etag(req, db_value(&ar->db, 0, 1));
	return (asr_db_json(req, ar, 200, 0));
}

int
organisations_list(struct http_request *req, struct asr_req *ar)
{
	struct list_page	page;
	char			kind[LIST_FILTER_LEN];
	const char		*params[7], *published;
	char			 today[CLOCK_DATE_LEN];
	json_t			*errors;

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 2) ||
	    !list_filter(req, ar, "kind", kind_valid, kind, &params[0]))
		return (KORE_RESULT_OK);
	if (page.has_cursor && !uuid_valid(page.cursor.part[1]))
		return (list_bad_cursor(req, ar));
	published = qs_get(&ar->query, "published");
	if (published != NULL && (qs_count(&ar->query, "published") > 1 ||
	    (strcmp(published, "true") != 0 &&
	    strcmp(published, "false") != 0))) {
		errors = json_array();
		asr_field_error(errors, "published", "invalid",
		    "published is true or false.");
		return (asr_problem_errors(req, ar, 400, "invalid-query",
		    "A query parameter is invalid.", errors));
	}

	params[1] = published;
	params[2] = page.has_cursor ? page.cursor.part[0] : NULL;
	params[3] = page.has_cursor ? page.cursor.part[1] : NULL;
	params[4] = page.limit_text;
	clock_mayotte_date(clock_now_ms(), today, sizeof(today));
	params[5] = today;
	params[6] = page.count;
	switch (db_run(req, &ar->db, sql_list, 7, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (list_answer(req, ar, &page, 1, 2, 3));
}

/* PATCH (merge patch) and DELETE (archive: active becomes false). */
int
organisations_update(struct http_request *req, struct asr_req *ar)
{
	struct organisation_write	*st = asr_state(ar, sizeof(*st));
	const char			*params[6], *versions;
	char				*body;
	json_t				*errors;
	int				 rc;

	/* A supplier reaches its own organisation only: others are 404. */
	if (!uuid_valid(ar->params.value[0]) || (!(ar->who.role &
	    ROLES_STAFF) && strcasecmp(ar->params.value[0], ar->who.org) != 0))
		return (asr_problem(req, ar, 404, "not-found",
		    "No such organisation."));

	if (req->method == HTTP_METHOD_DELETE)
		body = kore_strdup("{\"active\": false}");
	else if ((rc = organisation_body(req, ar, 0, &body, &errors)) != 1)
		return (rc == 0 ? KORE_RESULT_OK : write_invalid(req, ar,
		    sql_exists, errors, "organisation"));

	st->if_match = list_if_match(req, st->versions, &versions);
	if (st->now[0] == '\0')
		clock_format_rfc3339(clock_now_ms(), st->now, sizeof(st->now));
	params[0] = ar->params.value[0];
	params[1] = body;
	params[2] = versions;
	params[3] = ar->who.sub;
	params[4] = (ar->who.role & ROLES_STAFF) ? NULL : ar->who.org;
	params[5] = st->now;
	rc = write_run(req, ar, req->method == HTTP_METHOD_DELETE ?
	    WRITE_DELETE : WRITE_UPDATE, "organisation", sql_update, 6, params);
	if (req->method == HTTP_METHOD_DELETE)
		kore_free(body);
	else
		free(body);
	switch (rc) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (strcmp(db_value(&ar->db, 0, 0), "ok") == 0)
		cache_changed();
	return (write_answer(req, ar, req->method == HTTP_METHOD_DELETE ?
	    WRITE_DELETE : WRITE_UPDATE, st->if_match, "/v1/organisations",
	    "organisation"));
}

/*
 * Checks the body's shape (the database checks codes against reference
 * data) and hands it back as JSON text for the write's function: 1. Answers
 * 403 when a supplier writes a field the CRESS vouches for: 0. Returns -1
 * with the errors for a 400, which the caller answers when it may.
 */
static int
organisation_body(struct http_request *req, struct asr_req *ar, int create,
    char **text, json_t **invalid)
{
	json_t		*errors;
	const char	*kind;
	int		 rc;

	errors = json_array();
	rc = fields_check(ar->body, organisation_fields, create,
	    (ar->who.role & ROLES_STAFF) != 0, errors);
	if (rc == FIELDS_FORBIDDEN) {
		json_decref(errors);
		(void)asr_problem(req, ar, 403, "forbidden", "Only the CRESS "
		    "changes an organisation's identity, labels and membership.");
		return (0);
	}
	if (json_is_string(json_object_get(ar->body, "kind")))
		(void)field_enum(ar->body, "kind", organisation_kinds, 0, &kind,
		    errors);
	if (json_array_size(errors) > 0) {
		*invalid = errors;
		return (-1);
	}
	json_decref(errors);

	return (asr_body_text(req, ar, text));
}

static int
kind_valid(const char *s)
{
	size_t		i;

	for (i = 0; organisation_kinds[i] != NULL; i++) {
		if (strcmp(organisation_kinds[i], s) == 0)
			return (1);
	}

	return (0);
}
