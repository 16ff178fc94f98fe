/*
 * The shared handlers of the social clauses' resources (see resource.h).
 * Every write is one db_run() of one SQL write function, answered by
 * write_answer(); a body that fails validation under an object the caller
 * cannot reach answers 404 before 400 (API_CONVENTIONS).
 */
#include <stdlib.h>
#include <string.h>

#include "clauses/resource.h"
#include "core/clock.h"
#include "core/decimal.h"
#include "core/uuid.h"
#include "http/lists.h"
#include "http/writes.h"

struct res_write {
	char		now[CLOCK_RFC3339_LEN];
	char		versions[IF_MATCH_LEN];
	int		if_match;
};

/* Staff act for every organisation (NULL); others for their own. */
const char *
res_own(struct asr_req *ar)
{
	if (ar->who.role & ROLES_STAFF)
		return (NULL);
	return (ar->who.org[0] != '\0' ? ar->who.org :
	    "00000000-0000-0000-0000-000000000000");
}

/* Whether s is one of values (NULL-ended). */
int
res_member(const char *const *values, const char *s)
{
	for (; *values != NULL; values++)
		if (strcmp(*values, s) == 0)
			return (1);
	return (0);
}

/*
 * A computed answer about the path object: sql takes $1 its id, $2 own
 * and $3 Mayotte's today, and gives one JSON row when it is reachable.
 */
int
res_today_query(struct http_request *req, struct asr_req *ar, const char *sql,
    const char *what)
{
	const char	*params[3];
	char		 today[CLOCK_DATE_LEN];

	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, what));

	params[0] = ar->params.value[0];
	params[1] = res_own(ar);
	params[2] = res_today(today, sizeof(today));
	switch (db_run(req, &ar->db, sql, 3, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (res_not_found(req, ar, what));

	return (asr_db_json(req, ar, 200, 0));
}

/* Mayotte's today as YYYY-MM-DD, from the application's clock. */
const char *
res_today(char *buf, size_t len)
{
	clock_mayotte_date(clock_now_ms(), buf, len);
	return (buf);
}

int
res_not_found(struct http_request *req, struct asr_req *ar, const char *what)
{
	char	detail[96];

	(void)snprintf(detail, sizeof(detail), "No such %s within your reach.",
	    what);
	return (asr_problem(req, ar, 404, "not-found", detail));
}

/* A month as YYYY-MM (01 to 12). */
void
res_check_month(json_t *body, const char *name, json_t *errors)
{
	json_t		*v;
	const char	*s;

	if ((v = json_object_get(body, name)) == NULL || !json_is_string(v))
		return;
	s = json_string_value(v);
	if (strlen(s) != 7 || strspn(s, "0123456789") != 4 || s[4] != '-' ||
	    strspn(s + 5, "0123456789") != 2 || strcmp(s + 5, "01") < 0 ||
	    strcmp(s + 5, "12") > 0)
		asr_field_error(errors, name, "invalid",
		    "Expected a month as YYYY-MM.");
}

/* first <= last when both are valid dates. */
void
res_check_dates(json_t *body, const char *first, const char *last,
    json_t *errors)
{
	const char	*a, *b;
	int64_t		 ms;

	a = json_string_value(json_object_get(body, first));
	b = json_string_value(json_object_get(body, last));
	if (a != NULL && b != NULL && clock_parse_date(a, &ms) &&
	    clock_parse_date(b, &ms) && strcmp(b, a) < 0)
		asr_field_error(errors, last, "invalid",
		    "Expected a date on or after the start date.");
}

/*
 * Checks the body; *text is its compact JSON when valid (RES_OK). Under
 * a path object (sql_reach, $1 the path id, $2 own), an invalid body of
 * an unreachable object answers 404. RES_PENDING: retry.
 */
int
res_body(struct http_request *req, struct asr_req *ar, const struct res *r,
    int create, const char *sql_reach, char **text)
{
	json_t		*errors;
	int		 rc;

	*text = NULL;
	errors = json_array();
	rc = fields_check(ar->body, r->fields, create, 1, errors);
	res_check(ar->body, r, errors);
	if (rc != 0 || json_array_size(errors) > 0) {
		if (sql_reach == NULL) {
			(void)asr_problem_errors(req, ar, 400,
			    "validation-failed", "Some fields are missing or "
			    "invalid; see errors.", errors);
			return (RES_ANSWERED);
		}
		return (res_invalid(req, ar, sql_reach, errors, r->what));
	}
	json_decref(errors);

	return (asr_body_text(req, ar, text) ? RES_OK : RES_ANSWERED);
}

/* Decimals, integers and enumerations that the field table cannot say. */
void
res_check(json_t *body, const struct res *r, json_t *errors)
{
	const struct res_decimal	*d;
	const struct res_enum		*e;
	const struct field_spec		*f;
	const char *const		*a;
	json_t				*v;
	int64_t				 scaled;
	char				 detail[256];

	for (d = r->decimals; d != NULL && d->name != NULL; d++) {
		v = json_object_get(body, d->name);
		if (v == NULL || !json_is_number(v))
			continue;
		if (decimal_from_double(json_number_value(v), d->scale,
		    &scaled) == DECIMAL_PRECISION) {
			(void)snprintf(detail, sizeof(detail), d->scale == 0 ?
			    "Expected an integer." : "At most %d decimal(s).",
			    d->scale);
			asr_field_error(errors, d->name, "precision", detail);
		} else if (d->scale == 0 && json_is_real(v)) {
			/* 3.0 (or 1.0000000000000001) is the integer 3. */
			(void)json_object_set_new(body, d->name,
			    json_integer((json_int_t)json_real_value(v)));
		}
	}

	for (e = r->enums; e != NULL && e->name != NULL; e++) {
		v = json_object_get(body, e->name);
		if (v == NULL || !json_is_string(v))
			continue;
		for (a = e->values; *a != NULL; a++)
			if (strcmp(*a, json_string_value(v)) == 0)
				break;
		if (*a != NULL)
			continue;
		(void)snprintf(detail, sizeof(detail), "Expected one of:");
		for (a = e->values; *a != NULL; a++) {
			(void)strncat(detail, a == e->values ? " " : ", ",
			    sizeof(detail) - strlen(detail) - 1);
			(void)strncat(detail, *a,
			    sizeof(detail) - strlen(detail) - 1);
		}
		asr_field_error(errors, e->name, "enum", detail);
	}

	for (f = r->fields; f->name != NULL; f++) {
		v = json_object_get(body, f->name);
		if (f->type == FT_DATE && json_is_string(v) &&
		    strncmp(json_string_value(v), "0000", 4) == 0)
			asr_field_error(errors, f->name, "invalid",
			    "Expected a date from year 1.");
	}

	if (r->check != NULL)
		r->check(body, errors);
}

/*
 * Errors found in a request under a path object: 404 when the caller
 * cannot reach it (sql, $1 the path id, $2 own), else 400. Takes errors.
 */
int
res_invalid(struct http_request *req, struct asr_req *ar, const char *sql,
    json_t *errors, const char *what)
{
	const char	*params[2];

	params[0] = ar->params.value[0];
	params[1] = res_own(ar);
	if (!uuid_valid(params[0])) {
		json_decref(errors);
		(void)res_not_found(req, ar, what);
		return (RES_ANSWERED);
	}
	switch (db_run(req, &ar->db, sql, 2, params)) {
	case DB_PENDING:
		json_decref(errors);
		return (RES_PENDING);
	case DB_ERROR:
		json_decref(errors);
		(void)asr_db_failure(req, ar);
		return (RES_ANSWERED);
	}

	if (db_rows(&ar->db) == 0) {
		json_decref(errors);
		(void)res_not_found(req, ar, what);
		return (RES_ANSWERED);
	}
	(void)asr_problem_errors(req, ar, 400, "validation-failed",
	    "Some fields are missing or invalid; see errors.", errors);
	return (RES_ANSWERED);
}

/* POST: under a parent (path parameter 0) when parent is set. */
int
res_create(struct http_request *req, struct asr_req *ar, const struct res *r,
    int parent)
{
	struct res_write	*st = asr_state(ar, sizeof(*st));
	const char		*params[5];
	char			*body;
	int			 rc;

	if (parent && !uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, r->what));

	switch (res_body(req, ar, r, 1, parent ? r->sql_parent_reach : NULL,
	    &body)) {
	case RES_PENDING:
		return (KORE_RESULT_RETRY);
	case RES_ANSWERED:
		return (KORE_RESULT_OK);
	}

	if (st->now[0] == '\0')
		clock_format_rfc3339(clock_now_ms(), st->now, sizeof(st->now));
	params[0] = parent ? ar->params.value[0] : NULL;
	params[1] = body;
	params[2] = ar->who.sub;
	params[3] = res_own(ar);
	params[4] = st->now;
	rc = write_run(req, ar, WRITE_CREATE, r->what, r->sql_create,
	    parent ? 5 : 4, parent ? params : params + 1);
	free(body);
	switch (rc) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (write_answer(req, ar, WRITE_CREATE, IF_MATCH_ANY,
	    r->collection, r->what));
}

/* PATCH with If-Match. */
int
res_update(struct http_request *req, struct asr_req *ar, const struct res *r)
{
	struct res_write	*st = asr_state(ar, sizeof(*st));
	const char		*params[6], *versions;
	char			*body;
	int			 rc;

	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, r->what));

	switch (res_body(req, ar, r, 0, r->sql_reach, &body)) {
	case RES_PENDING:
		return (KORE_RESULT_RETRY);
	case RES_ANSWERED:
		return (KORE_RESULT_OK);
	}

	st->if_match = list_if_match(req, st->versions, &versions);
	if (st->now[0] == '\0')
		clock_format_rfc3339(clock_now_ms(), st->now, sizeof(st->now));
	params[0] = ar->params.value[0];
	params[1] = body;
	params[2] = versions;
	params[3] = ar->who.sub;
	params[4] = res_own(ar);
	params[5] = st->now;
	rc = write_run(req, ar, WRITE_UPDATE, r->what, r->sql_update, 6,
	    params);
	free(body);
	switch (rc) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (write_answer(req, ar, WRITE_UPDATE, st->if_match,
	    r->collection, r->what));
}

int
res_get(struct http_request *req, struct asr_req *ar, const struct res *r)
{
	const char	*params[2];

	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, r->what));

	params[0] = ar->params.value[0];
	params[1] = res_own(ar);
	switch (db_run(req, &ar->db, r->sql_get, 2, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (res_not_found(req, ar, r->what));

	list_etag(req, db_value(&ar->db, 0, 1));
	return (asr_db_json(req, ar, 200, 0));
}

/* The children of a reachable parent, all in one page. */
int
res_children(struct http_request *req, struct asr_req *ar,
    const struct res *r)
{
	const char	*params[2];

	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, "parent object"));

	params[0] = ar->params.value[0];
	params[1] = res_own(ar);
	switch (db_run(req, &ar->db, r->sql_children, 2, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (res_not_found(req, ar, "parent object"));

	return (asr_db_json(req, ar, 200, 0));
}

/*
 * A list in creation order: sql takes $1 own, $2 and $3 the repeated
 * filters first and second, $4 $5 the cursor, $6 the limit, $7 whether
 * to count (RES_PAGE).
 */
int
res_keyset_list(struct http_request *req, struct asr_req *ar, const char *sql,
    const char *first, int (*first_valid)(const char *), const char *second)
{
	struct list_page	page;
	char			one[LIST_FILTER_LEN], two[LIST_FILTER_LEN];
	const char		*params[7];
	int64_t			 ms;

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 2) ||
	    !list_filter(req, ar, first, first_valid, one, &params[1]) ||
	    !list_filter(req, ar, second, uuid_valid, two, &params[2]))
		return (KORE_RESULT_OK);
	if (page.has_cursor && (!uuid_valid(page.cursor.part[1]) ||
	    !clock_parse_rfc3339(page.cursor.part[0], &ms)))
		return (list_bad_cursor(req, ar));

	params[0] = res_own(ar);
	params[3] = page.has_cursor ? page.cursor.part[0] : NULL;
	params[4] = page.has_cursor ? page.cursor.part[1] : NULL;
	params[5] = page.limit_text;
	params[6] = page.count;
	switch (db_run(req, &ar->db, sql, 7, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (list_answer(req, ar, &page, 1, 2, 3));
}
