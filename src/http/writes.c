/*
 * Answers to writes (see writes.h).
 */
#include <stdio.h>
#include <string.h>

#include "http/lists.h"
#include "http/writes.h"

static int	write_conflict(struct http_request *, struct asr_req *,
		    const char *);

int
write_answer(struct http_request *req, struct asr_req *ar, int kind,
    int if_match, const char *collection, const char *what)
{
	const char	*status;
	char		 location[128], detail[96];
	json_t		*errors;

	status = db_value(&ar->db, 0, 0);

	if (strcmp(status, "actor_disabled") == 0)
		return (asr_unauthorized(req, ar, 1, "This account is disabled."));
	if (strcmp(status, "not_found") == 0) {
		(void)snprintf(detail, sizeof(detail), "No such %s within your "
		    "reach.", what);
		return (asr_problem(req, ar, 404, "not-found", detail));
	}
	if (strcmp(status, "invalid") == 0) {
		errors = json_loads(db_value(&ar->db, 0, 1), 0, NULL);
		return (asr_problem_errors(req, ar, 400, "validation-failed",
		    "Some fields do not match the reference data; see errors.",
		    errors));
	}
	if (strcmp(status, "precondition") == 0)
		return (list_precondition_failed(req, ar, if_match));
	if (strcmp(status, "forbidden") == 0) {
		(void)snprintf(detail, sizeof(detail), "Your organisation may "
		    "read this %s but not change it this way.", what);
		return (asr_problem(req, ar, 403, "forbidden", detail));
	}
	if (strcmp(status, "conflict") == 0)
		return (write_conflict(req, ar, what));
	if (strcmp(status, "ok") != 0)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The write answered an unknown status."));

	if (kind == WRITE_DELETE)
		return (asr_empty(req, ar, 204));

	if (kind == WRITE_CREATE || kind == WRITE_CREATE_NO_VERSION) {
		(void)snprintf(location, sizeof(location), "%s/%s", collection,
		    db_value(&ar->db, 0, 3));
		http_response_header(req, "location", location);
		if (kind == WRITE_CREATE)
			list_etag(req, db_value(&ar->db, 0, 4));
	} else {
		list_etag(req, db_value(&ar->db, 0, 3));
	}

	return (asr_db_json(req, ar, kind == WRITE_UPDATE ? 200 : 201, 2));
}

/*
 * A body that fails validation, for an object (path parameter 0) that may
 * not exist: the 404 comes before the 400 (API_CONVENTIONS), so look first
 * with sql_exists ($1 the id). Takes errors.
 */
int
write_invalid(struct http_request *req, struct asr_req *ar,
    const char *sql_exists, json_t *errors, const char *what)
{
	const char	*params[1];
	char		 detail[96];

	params[0] = ar->params.value[0];
	switch (db_run(req, &ar->db, sql_exists, 1, params)) {
	case DB_PENDING:
		json_decref(errors);
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		json_decref(errors);
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) == 0) {
		json_decref(errors);
		(void)snprintf(detail, sizeof(detail), "No such %s.", what);
		return (asr_problem(req, ar, 404, "not-found", detail));
	}

	return (asr_problem_errors(req, ar, 400, "validation-failed",
	    "Some fields are missing or invalid; see errors.", errors));
}

/*
 * 409: the write function may say why in errors[] (a field and a
 * detail); otherwise another object already has the identifier.
 */
static int
write_conflict(struct http_request *req, struct asr_req *ar, const char *what)
{
	json_t		*errors, *first;
	const char	*why;
	char		 detail[96];

	errors = NULL;
	if (!db_isnull(&ar->db, 0, 1))
		errors = json_loads(db_value(&ar->db, 0, 1), 0, NULL);
	first = json_array_get(errors, 0);
	why = json_string_value(json_object_get(first, "detail"));
	if (why != NULL)
		return (asr_problem_errors(req, ar, 409, "conflict", why,
		    errors));
	json_decref(errors);

	(void)snprintf(detail, sizeof(detail), "Another %s already has "
	    "this identifier.", what);
	return (asr_problem(req, ar, 409, "conflict", detail));
}
