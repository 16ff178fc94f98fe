/*
 * Shared handler steps of the network domain (see netkit.h). Lists here
 * all take their filters first, then the cursor's timestamp and id and
 * the limit + 1, and answer rows of (item, k1, k2, total) like the
 * catalogue's lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/uuid.h"
#include "http/writes.h"
#include "network/netkit.h"

void
nw_time(struct nw_time *t)
{
	int64_t		ms;

	if (t->now[0] != '\0')
		return;
	ms = clock_now_ms();
	clock_format_rfc3339(ms, t->now, sizeof(t->now));
	clock_mayotte_date(ms, t->today, sizeof(t->today));
}

/* Staff act for every organisation (NULL); others for their own. */
const char *
nw_own(struct asr_req *ar)
{
	if (ar->who.role & ROLES_STAFF)
		return (NULL);
	return (ar->who.org[0] != '\0' ? ar->who.org :
	    "00000000-0000-0000-0000-000000000000");
}

/*
 * A page: params[0..n-1] are the list's filters, already checked; the
 * cursor and the limit follow them. At most DB_PARAMS_MAX - 3 filters.
 * what: the list belongs to an object, and no row at all means that this
 * object is out of the caller's reach (a 404).
 */
int
nw_page(struct http_request *req, struct asr_req *ar, const char *sql,
    const char **filters, int n, const char *what)
{
	struct list_page	 page;
	const char		*params[DB_PARAMS_MAX];
	int64_t			 ms;
	int			 i;

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 2))
		return (KORE_RESULT_OK);
	if (page.has_cursor && (!uuid_valid(page.cursor.part[1]) ||
	    !clock_parse_rfc3339(page.cursor.part[0], &ms)))
		return (list_bad_cursor(req, ar));

	for (i = 0; i < n; i++)
		params[i] = filters[i];
	params[n] = page.has_cursor ? page.cursor.part[0] : NULL;
	params[n + 1] = page.has_cursor ? page.cursor.part[1] : NULL;
	params[n + 2] = page.limit_text;
	params[n + 3] = page.count;
	switch (db_run(req, &ar->db, sql, n + 4, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (what != NULL && db_rows(&ar->db) == 0)
		return (nw_not_found(req, ar, what));
	return (list_answer(req, ar, &page, 1, 2, 3));
}

/* One object: a row of (JSON, version or NULL), none for a 404. */
int
nw_one(struct http_request *req, struct asr_req *ar, const char *sql,
    const char **params, int n, const char *what)
{
	switch (db_run(req, &ar->db, sql, n, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (nw_not_found(req, ar, what));

	if (!db_isnull(&ar->db, 0, 1))
		list_etag(req, db_value(&ar->db, 0, 1));
	return (asr_db_json(req, ar, 200, 0));
}

/*
 * One write: one statement calling a SQL write function (0004's way),
 * audited (and for creates made idempotent) by write_run().
 */
int
nw_write(struct http_request *req, struct asr_req *ar, const char *sql,
    const char **params, int n, int kind, int if_match,
    const char *collection, const char *what)
{
	switch (write_run(req, ar, kind, what, sql, n, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (write_answer(req, ar, kind, if_match, collection, what));
}

/*
 * The body checked against specs; on success *text is its compact JSON
 * (the caller frees it). texts: the fields (NULL-ended, or NULL) holding
 * arrays of free texts, checked by nw_texts(). exists: for an update, the
 * SQL that tells whether the object (path parameter 0) exists, so that a
 * 404 comes before a 400. Returns 0 when the handler must return *rc (an
 * answer was given, or that lookup waits for the database).
 */
int
nw_body(struct http_request *req, struct asr_req *ar,
    const struct field_spec *specs, int create, const char *const *texts,
    const char *exists, const char *what, char **text, int *rc)
{
	json_t		*errors, *copy;
	size_t		 i;

	*text = NULL;
	*rc = KORE_RESULT_OK;
	errors = json_array();
	copy = json_copy(ar->body);
	for (i = 0; texts != NULL && texts[i] != NULL; i++) {
		(void)nw_texts(copy, texts[i], NW_TEXTS_MAX, NW_TEXT_LEN,
		    errors);
		(void)json_object_del(copy, texts[i]);
	}
	(void)fields_check(copy, specs, create, 1, errors);
	json_decref(copy);
	if (json_array_size(errors) > 0) {
		if (exists != NULL)
			*rc = nw_invalid(req, ar, exists, errors, what);
		else
			(void)asr_problem_errors(req, ar, 400,
			    "validation-failed",
			    "Some fields are missing or invalid; see errors.",
			    errors);
		return (0);
	}
	json_decref(errors);

	return (asr_body_text(req, ar, text));
}

/*
 * name, when present, must be an array of at most max_items strings of 1
 * to max_len characters. Returns 0 and adds an error otherwise.
 */
int
nw_texts(json_t *body, const char *name, size_t max_items, size_t max_len,
    json_t *errors)
{
	json_t		*v, *item;
	size_t		 i, n;
	char		 detail[96];

	if ((v = json_object_get(body, name)) == NULL)
		return (1);
	if (!json_is_array(v)) {
		asr_field_error(errors, name, "type", "Expected an array.");
		return (0);
	}
	if (json_array_size(v) > max_items) {
		(void)snprintf(detail, sizeof(detail),
		    "Expected at most %zu items.", max_items);
		asr_field_error(errors, name, "range", detail);
		return (0);
	}
	json_array_foreach(v, i, item) {
		n = json_is_string(item) ? utf8_chars(json_string_value(item)) :
		    0;
		if (n == 0 || n > max_len) {
			(void)snprintf(detail, sizeof(detail),
			    "Expected texts of 1 to %zu characters.", max_len);
			asr_field_error(errors, name, "invalid", detail);
			return (0);
		}
	}

	return (1);
}

/*
 * An invalid body for an object (path parameter 0) that may be out of the
 * caller's reach: exists ($1 the id, $2 the caller's organisation or NULL
 * for staff) says whether to answer 404 before the 400. Takes errors.
 */
int
nw_invalid(struct http_request *req, struct asr_req *ar, const char *exists,
    json_t *errors, const char *what)
{
	const char	*params[2];

	params[0] = ar->params.value[0];
	params[1] = nw_own(ar);
	switch (db_run(req, &ar->db, exists, 2, params)) {
	case DB_PENDING:
		json_decref(errors);
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		json_decref(errors);
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) == 0) {
		json_decref(errors);
		return (nw_not_found(req, ar, what));
	}

	return (asr_problem_errors(req, ar, 400, "validation-failed",
	    "Some fields are missing or invalid; see errors.", errors));
}

/*
 * ?name=true|false, once at most: *out is "true", "false" or NULL. Returns
 * 0 when a 400 was answered.
 */
int
nw_bool_query(struct http_request *req, struct asr_req *ar, const char *name,
    const char **out)
{
	json_t		*errors;

	*out = qs_get(&ar->query, name);
	if (*out == NULL || (qs_count(&ar->query, name) == 1 &&
	    (strcmp(*out, "true") == 0 || strcmp(*out, "false") == 0)))
		return (1);

	errors = json_array();
	asr_field_error(errors, name, "invalid", "Expected true or false.");
	(void)asr_problem_errors(req, ar, 400, "invalid-query",
	    "A filter value is invalid.", errors);
	return (0);
}

int
nw_not_found(struct http_request *req, struct asr_req *ar, const char *what)
{
	char		detail[96];

	(void)snprintf(detail, sizeof(detail), "No such %s.", what);
	return (asr_problem(req, ar, 404, "not-found", detail));
}
