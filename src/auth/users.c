/*
 * Account administration (see users.h). Every write checks, in its own
 * statement, that the administrator's account is still active, and
 * disabling an account ends its sessions (its refresh tokens) at once.
 */
#include <string.h>

#include "auth/auth.h"
#include "auth/password.h"
#include "auth/users.h"
#include "core/clock.h"
#include "core/email.h"
#include "core/uuid.h"
#include "http/fields.h"
#include "http/lists.h"
#include "http/writes.h"

/* Both write functions are in sql/migrations/0006_user_writes.sql. */
static const char sql_create[] =
	"SELECT status, errors::text, body, id, version FROM user_create("
	"$1, $2, $3, $4::uuid, $5, $6::uuid, $7::timestamptz)";

static const char sql_list[] =
	"SELECT user_json(u)::text, lower(u.email), u.id FROM users u"
	" WHERE ($1::text[] IS NULL OR u.role = ANY ($1::text[]))"
	" AND ($2::text[] IS NULL OR u.status = ANY ($2::text[]))"
	" AND ($3::uuid[] IS NULL OR u.organisation_id = ANY ($3::uuid[]))"
	" AND ($4::text IS NULL OR (lower(u.email), u.id) > ($4, $5::uuid))"
	" ORDER BY lower(u.email), u.id LIMIT $6::int";

static const char sql_exists[] =
	"SELECT 1 FROM users WHERE id = $1::uuid";

static const char sql_get[] =
	"SELECT user_json(u)::text, u.version FROM users u WHERE u.id = $1::uuid";

/*
 * $2 the versions If-Match allows, NULL for *; $3..$5 new values or NULL;
 * $6 whether organisation_id changes, $7 its value.
 */
static const char sql_update[] =
	"SELECT status, errors::text, body, version FROM user_update("
	"$1::uuid, $2::int[], $3, $4, $5, $6::boolean, $7::uuid,"
	" $8::timestamptz, $9::uuid)";

static const char *const create_fields[] = { "email", "display_name", "role",
	"organisation_id", "password", NULL };
static const char *const update_fields[] = { "display_name", "role",
	"status", "organisation_id", NULL };
static const char *const people_roles[] = { "admin", "facilitator", "buyer",
	"company", "supplier", "prescriber", NULL };
static const char *const statuses[] = { "active", "disabled", NULL };

struct user_write {
	char		now[CLOCK_RFC3339_LEN];
	char		versions[IF_MATCH_LEN];
	int		if_match;
};

static json_t	*user_validate(struct asr_req *, const char **, int);
static int	user_write_failure(struct http_request *, struct asr_req *);
static int	role_valid(const char *);
static int	status_valid(const char *);

int
users_create(struct http_request *req, struct asr_req *ar)
{
	struct user_write	*st = asr_state(ar, sizeof(*st));
	const char		*v[5], *params[7];
	json_t			*errors;

	errors = user_validate(ar, v, 1);
	if (json_array_size(errors) > 0)
		return (asr_problem_errors(req, ar, 400, "validation-failed",
		    "Some fields are missing or invalid; see errors.", errors));
	json_decref(errors);

	if (password_run(req, ar, PASSWORD_HASH, v[4], NULL) ==
	    PASSWORD_PENDING)
		return (KORE_RESULT_RETRY);
	if (!ar->password->ok)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The password could not be hashed."));

	if (st->now[0] == '\0')
		clock_format_rfc3339(clock_now_ms(), st->now, sizeof(st->now));
	params[0] = v[0];
	params[1] = v[1];
	params[2] = v[2];
	params[3] = v[3];
	params[4] = ar->password->hash;
	params[5] = ar->who.sub;
	params[6] = st->now;
	switch (write_run(req, ar, WRITE_CREATE, "user", sql_create, 7,
	    params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (user_write_failure(req, ar));
	}

	return (write_answer(req, ar, WRITE_CREATE, IF_MATCH_ANY, "/v1/users",
	    "user"));
}

int
users_list(struct http_request *req, struct asr_req *ar)
{
	struct list_page	page;
	char			roles[LIST_FILTER_LEN], status[LIST_FILTER_LEN];
	char			orgs[LIST_FILTER_LEN];
	const char		*params[6];

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 2) ||
	    !list_filter(req, ar, "role", role_valid, roles, &params[0]) ||
	    !list_filter(req, ar, "status", status_valid, status, &params[1]) ||
	    !list_filter(req, ar, "organisation_id", uuid_valid, orgs,
	    &params[2]))
		return (KORE_RESULT_OK);

	if (page.has_cursor && !uuid_valid(page.cursor.part[1]))
		return (list_bad_cursor(req, ar));
	params[3] = page.has_cursor ? page.cursor.part[0] : NULL;
	params[4] = page.has_cursor ? page.cursor.part[1] : NULL;
	params[5] = page.limit_text;
	switch (db_run(req, &ar->db, sql_list, 6, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (list_answer(req, ar, &page, 1, 2, -1));
}

int
users_get(struct http_request *req, struct asr_req *ar)
{
	const char	*params[1];

	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found", "No such user."));

	params[0] = ar->params.value[0];
	switch (db_run(req, &ar->db, sql_get, 1, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (asr_problem(req, ar, 404, "not-found", "No such user."));

	list_etag(req, db_value(&ar->db, 0, 1));
	return (asr_db_json(req, ar, 200, 0));
}

/* PATCH: a JSON merge patch of display_name, role, status, organisation. */
int
users_update(struct http_request *req, struct asr_req *ar)
{
	struct user_write	*st = asr_state(ar, sizeof(*st));
	const char		*v[5], *params[9], *versions;
	json_t			*org, *errors;

	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found", "No such user."));
	errors = user_validate(ar, v, 0);
	if (json_array_size(errors) > 0)
		return (write_invalid(req, ar, sql_exists, errors, "user"));
	json_decref(errors);

	st->if_match = list_if_match(req, st->versions, &versions);
	if (st->now[0] == '\0')
		clock_format_rfc3339(clock_now_ms(), st->now, sizeof(st->now));
	org = json_object_get(ar->body, "organisation_id");
	params[0] = ar->params.value[0];
	params[1] = versions;
	params[2] = v[1];
	params[3] = v[2];
	params[4] = v[4];
	params[5] = org != NULL ? "true" : "false";
	params[6] = v[3];
	params[7] = st->now;
	params[8] = ar->who.sub;
	switch (write_run(req, ar, WRITE_UPDATE, "user", sql_update, 9,
	    params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (user_write_failure(req, ar));
	}

	return (write_answer(req, ar, WRITE_UPDATE, st->if_match, "/v1/users",
	    "user"));
}

/* DELETE disables: accounts are never erased, their history stays. */
int
users_disable(struct http_request *req, struct asr_req *ar)
{
	struct user_write	*st = asr_state(ar, sizeof(*st));
	const char		*params[9], *versions;

	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found", "No such user."));

	st->if_match = list_if_match(req, st->versions, &versions);
	if (st->now[0] == '\0')
		clock_format_rfc3339(clock_now_ms(), st->now, sizeof(st->now));
	params[0] = ar->params.value[0];
	params[1] = versions;
	params[2] = NULL;
	params[3] = NULL;
	params[4] = "disabled";
	params[5] = "false";
	params[6] = NULL;
	params[7] = st->now;
	params[8] = ar->who.sub;
	switch (write_run(req, ar, WRITE_DELETE, "user", sql_update, 9,
	    params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (write_answer(req, ar, WRITE_DELETE, st->if_match, "/v1/users",
	    "user"));
}

/*
 * v[0..4]: email, display_name, role, organisation_id, then password on
 * create or status on update; NULL when absent (or null for the
 * organisation). Returns the errors found, an empty array when none.
 */
static json_t *
user_validate(struct asr_req *ar, const char **v, int create)
{
	json_t		*errors, *org;
	int		 rc;

	memset(v, 0, 5 * sizeof(*v));
	errors = json_array();
	(void)fields_unknown(ar->body, create ? create_fields : update_fields,
	    errors);

	if (create && field_string(ar->body, "email", 1, 254, 1, &v[0],
	    errors) == FIELD_OK && !email_valid(v[0]))
		asr_field_error(errors, "email", "invalid",
		    "Not an email address.");
	(void)field_string(ar->body, "display_name", 1, 200, create, &v[1],
	    errors);
	(void)field_enum(ar->body, "role", people_roles, create, &v[2],
	    errors);

	org = json_object_get(ar->body, "organisation_id");
	if (org != NULL && !(json_is_null(org) && !create))
		(void)field_uuid(ar->body, "organisation_id", 0, &v[3], errors);
	if (create && v[2] != NULL && v[3] == NULL &&
	    role_needs_organisation(role_from_name(v[2])) &&
	    (org == NULL || json_is_null(org)))
		asr_field_error(errors, "organisation_id", "required",
		    "This role acts for an organisation.");

	if (create) {
		rc = field_string(ar->body, "password", 1, AUTH_PASSWORD_MAX, 1,
		    &v[4], errors);
		if (rc == FIELD_OK && !password_valid(v[4]))
			asr_field_error(errors, "password", "range",
			    "A password has at least 12 characters and at "
			    "most 1024 bytes.");
	} else {
		(void)field_enum(ar->body, "status", statuses, 0, &v[4], errors);
	}

	return (errors);
}

/* The schema's own checks, as the client's errors. */
static int
user_write_failure(struct http_request *req, struct asr_req *ar)
{
	json_t		*errors;

	if (strcmp(ar->db.sqlstate, "23505") == 0)
		return (asr_problem(req, ar, 409, "conflict",
		    "An account already uses this email."));
	if (strcmp(ar->db.sqlstate, "23514") == 0 ||
	    strcmp(ar->db.sqlstate, "23503") == 0) {
		errors = json_array();
		asr_field_error(errors, "organisation_id",
		    ar->db.sqlstate[4] == '4' ? "required" : "invalid",
		    ar->db.sqlstate[4] == '4' ?
		    "This role acts for an organisation." :
		    "No such organisation.");
		return (asr_problem_errors(req, ar, 400, "validation-failed",
		    "The account would be inconsistent; see errors.", errors));
	}

	return (asr_db_failure(req, ar));
}

static int
role_valid(const char *s)
{
	return (role_from_name(s) & ROLES_PEOPLE ? 1 : 0);
}

static int
status_valid(const char *s)
{
	return (strcmp(s, "active") == 0 || strcmp(s, "disabled") == 0);
}
