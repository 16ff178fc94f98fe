/*
 * Organisations (see organisations.h). SIRET numbers are checked in C
 * (checksum) and unique in the schema.
 */
#include <stdio.h>
#include <string.h>

#include "catalogue/organisations.h"
#include "core/clock.h"
#include "core/siret.h"
#include "core/uuid.h"
#include "http/fields.h"
#include "http/lists.h"

static const char sql_create[] =
	"WITH ins AS (INSERT INTO organisations (name, kind, subkind, siret,"
	"  created_at, updated_at)"
	"  SELECT $1, $2, $3, $4, $6::timestamptz, $6::timestamptz"
	"  WHERE actor_active($5::uuid) RETURNING *)"
	" SELECT actor_active($5::uuid),"
	"  (SELECT organisation_json(ins)::text FROM ins),"
	"  (SELECT id FROM ins), (SELECT version FROM ins)";

static const char sql_get[] =
	"SELECT organisation_json(o)::text, o.version FROM organisations o"
	" WHERE o.id = $1::uuid";

static const char sql_list[] =
	"SELECT organisation_json(o)::text, lower(o.name), o.id"
	" FROM organisations o"
	" WHERE ($1::text[] IS NULL OR o.kind = ANY ($1::text[]))"
	" AND ($2::text IS NULL OR (lower(o.name), o.id) > ($2, $3::uuid))"
	" ORDER BY lower(o.name), o.id LIMIT $4::int";

static const char *const kinds[] = { "cress", "buyer_public",
	"buyer_private", "company", "siae", "geiq", "ess", "handicap",
	"prescriber", NULL };
static const char *const create_fields[] = { "name", "kind", "subkind",
	"siret", NULL };

static int	kind_valid(const char *);

int
organisations_create(struct http_request *req, struct asr_req *ar)
{
	const char	*name, *kind, *subkind, *siret, *params[6];
	char		 now[CLOCK_RFC3339_LEN], location[64];
	json_t		*errors, *v;

	name = kind = subkind = siret = NULL;
	errors = json_array();
	(void)fields_unknown(ar->body, create_fields, errors);
	(void)field_string(ar->body, "name", 1, 200, 1, &name, errors);
	(void)field_enum(ar->body, "kind", kinds, 1, &kind, errors);
	if ((v = json_object_get(ar->body, "subkind")) != NULL &&
	    !json_is_null(v))
		(void)field_string(ar->body, "subkind", 1, 64, 0, &subkind,
		    errors);
	if ((v = json_object_get(ar->body, "siret")) != NULL &&
	    !json_is_null(v) && field_string(ar->body, "siret", 0, 64, 0,
	    &siret, errors) == FIELD_OK && !siret_valid(siret))
		asr_field_error(errors, "siret", "invalid",
		    "A SIRET is 14 digits with a valid checksum.");
	if (json_array_size(errors) > 0)
		return (asr_problem_errors(req, ar, 400, "validation-failed",
		    "Some fields are missing or invalid; see errors.", errors));
	json_decref(errors);

	clock_format_rfc3339(clock_now_ms(), now, sizeof(now));
	params[0] = name;
	params[1] = kind;
	params[2] = subkind;
	params[3] = siret;
	params[4] = ar->who.sub;
	params[5] = now;
	switch (db_run(req, &ar->db, sql_create, 6, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		if (strcmp(ar->db.sqlstate, "23505") == 0)
			return (asr_problem(req, ar, 409, "conflict",
			    "An organisation already has this SIRET."));
		return (asr_db_failure(req, ar));
	}

	if (strcmp(db_value(&ar->db, 0, 0), "t") != 0)
		return (asr_unauthorized(req, ar, 1, "This account is disabled."));

	(void)snprintf(location, sizeof(location), "/v1/organisations/%s",
	    db_value(&ar->db, 0, 2));
	http_response_header(req, "location", location);
	list_etag(req, db_value(&ar->db, 0, 3));

	return (asr_raw(req, ar, 201, "application/json; charset=utf-8",
	    db_value(&ar->db, 0, 1), (size_t)db_length(&ar->db, 0, 1)));
}

int
organisations_get(struct http_request *req, struct asr_req *ar)
{
	const char	*params[1];

	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found",
		    "No such organisation."));

	params[0] = ar->params.value[0];
	switch (db_run(req, &ar->db, sql_get, 1, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (asr_problem(req, ar, 404, "not-found",
		    "No such organisation."));

	list_etag(req, db_value(&ar->db, 0, 1));
	return (asr_raw(req, ar, 200, "application/json; charset=utf-8",
	    db_value(&ar->db, 0, 0), (size_t)db_length(&ar->db, 0, 0)));
}

int
organisations_list(struct http_request *req, struct asr_req *ar)
{
	struct list_page	page;
	char			kind[LIST_FILTER_LEN];
	const char		*params[4];

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 2) ||
	    !list_filter(req, ar, "kind", kind_valid, kind, &params[0]))
		return (KORE_RESULT_OK);
	if (page.has_cursor && !uuid_valid(page.cursor.part[1]))
		return (asr_problem(req, ar, 400, "invalid-query",
		    "Not a cursor this list gave."));

	params[1] = page.has_cursor ? page.cursor.part[0] : NULL;
	params[2] = page.has_cursor ? page.cursor.part[1] : NULL;
	params[3] = page.limit_text;
	switch (db_run(req, &ar->db, sql_list, 4, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (list_answer(req, ar, &page, 1, 2));
}

static int
kind_valid(const char *s)
{
	size_t		i;

	for (i = 0; kinds[i] != NULL; i++) {
		if (strcmp(kinds[i], s) == 0)
			return (1);
	}

	return (0);
}
