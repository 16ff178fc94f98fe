/*
 * Registrations (see registrations.h). The organisation, the account
 * (disabled, its password hashed off the event loop) and the registration
 * are created by one SQL function, in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asr.h"
#include "auth/auth.h"
#include "auth/password.h"
#include "catalogue/cache.h"
#include "catalogue/registrations.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "http/fields.h"
#include "http/lists.h"
#include "http/writes.h"

static const char sql_create[] =
	"SELECT status, errors::text, body, id FROM registration_create("
	"$1::jsonb, $2, $3, $4, $5::timestamptz)";

/*
 * Registrations made from an address within the window ($3 seconds): the
 * count, and when the oldest leaves the window. Counted from the audit
 * log, where every registration is written with its client's address.
 */
static const char sql_recent[] =
	"SELECT count(*), ceil(extract(epoch FROM min(at)"
	"  + make_interval(secs => $3::int) - $2::timestamptz))"
	" FROM audit_log WHERE action = 'registration.create'"
	" AND address = $1::inet"
	" AND at > $2::timestamptz - make_interval(secs => $3::int)";

static const char sql_exists[] =
	"SELECT 1 FROM registrations WHERE id = $1::uuid";

static const char sql_decide[] =
	"SELECT status, body FROM registration_decide($1::uuid, $2::boolean,"
	" $3, $4::uuid, $5::timestamptz)";

static const char sql_list[] =
	"WITH f AS NOT MATERIALIZED (SELECT r.* FROM registrations r"
	"  WHERE $1::text[] IS NULL OR r.status = ANY ($1::text[])),"
	" page AS (SELECT registration_json(f)::text AS item,"
	"  to_char(f.created_at AT TIME ZONE 'UTC',"
	"  'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS k1, f.id::text AS k2,"
	"  f.created_at AS c, f.id FROM f"
	"  WHERE $2::timestamptz IS NULL"
	"  OR (f.created_at, f.id) > ($2::timestamptz, $3::uuid)"
	"  ORDER BY f.created_at, f.id LIMIT $4::int)"
	" SELECT p.item, p.k1, p.k2, t.total"
	LIST_TOTAL("5")
	" ORDER BY p.c, p.id";

static const struct field_spec organisation_fields[] = {
	{ "name", FT_STRING, 1, 200, 0, 0, FF_REQUIRED },
	{ "kind", FT_STRING, 1, 32, 0, 0, FF_REQUIRED },
	{ "subkind", FT_STRING, 1, 64, 0, 0, FF_NULLABLE },
	{ "siret", FT_SIRET, 0, 0, 0, 0, FF_REQUIRED },
	{ "commune_insee", FT_COMMUNE, 0, 0, 0, 0, FF_NULLABLE },
	{ "description", FT_STRING, 0, 5000, 0, 0, 0 },
	{ "contact_email", FT_EMAIL, 0, 0, 0, 0, FF_NULLABLE },
	{ "contact_phone", FT_STRING, 1, 30, 0, 0, FF_NULLABLE },
	{ "website", FT_URL, 0, 0, 0, 0, FF_NULLABLE },
	{ "sectors", FT_CODES, 0, 50, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec user_fields[] = {
	{ "email", FT_EMAIL, 0, 0, 0, 0, FF_REQUIRED },
	{ "display_name", FT_STRING, 1, 200, 0, 0, FF_REQUIRED },
	{ "password", FT_STRING, 1, AUTH_PASSWORD_MAX, 0, 0, FF_REQUIRED },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const char *const top_fields[] = { "organisation", "user", NULL };
static const char *const supplier_kinds[] = { "siae", "ess", "handicap",
	"geiq", NULL };
static const char *const reject_fields[] = { "reason", NULL };

struct registration {
	char		now[CLOCK_RFC3339_LEN];
};

static json_t	*registration_errors(json_t *);
static void	 prefix_fields(json_t *, json_t *, const char *);
static int	 decide(struct http_request *, struct asr_req *, int,
		    const char *);
static int	 status_ok(const char *);
static int	 registration_limit(struct http_request *, struct asr_req *);

int
registrations_create(struct http_request *req, struct asr_req *ar)
{
	struct registration	*st = asr_state(ar, sizeof(*st));
	json_t			*errors, *user;
	const char		*params[5];
	char			*org;
	int			 rc;

	errors = registration_errors(ar->body);
	if (json_array_size(errors) > 0)
		return (asr_problem_errors(req, ar, 400, "validation-failed",
		    "Some fields are missing or invalid; see errors.", errors));
	json_decref(errors);

	if (ar->step == 0) {
		if ((rc = registration_limit(req, ar)) != DB_OK)
			return (rc == DB_PENDING ? KORE_RESULT_RETRY :
			    KORE_RESULT_OK);
		ar->step = 1;
	}

	user = json_object_get(ar->body, "user");
	if (password_run(req, ar, PASSWORD_HASH, json_string_value(
	    json_object_get(user, "password")), NULL) == PASSWORD_PENDING)
		return (KORE_RESULT_RETRY);
	if (!ar->password->ok)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The password could not be hashed."));

	if (st->now[0] == '\0')
		clock_format_rfc3339(clock_now_ms(), st->now, sizeof(st->now));
	if ((org = json_dumps(json_object_get(ar->body, "organisation"),
	    JSON_COMPACT)) == NULL)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The body could not be encoded."));
	params[0] = org;
	params[1] = json_string_value(json_object_get(user, "email"));
	params[2] = json_string_value(json_object_get(user, "display_name"));
	params[3] = ar->password->hash;
	params[4] = st->now;
	rc = write_run(req, ar, WRITE_CREATE_NO_VERSION, "registration",
	    sql_create, 5, params);
	free(org);
	switch (rc) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		if (strcmp(ar->db.sqlstate, "23505") == 0)
			return (asr_problem(req, ar, 409, "conflict",
			    "This e-mail or SIRET is already registered."));
		return (asr_db_failure(req, ar));
	}

	if (strcmp(db_value(&ar->db, 0, 0), "invalid") == 0) {
		errors = json_array();
		prefix_fields(errors, json_loads(db_value(&ar->db, 0, 1), 0,
		    NULL), "organisation.");
		return (asr_problem_errors(req, ar, 400, "validation-failed",
		    "Some fields do not match the reference data; see errors.",
		    errors));
	}
	if (strcmp(db_value(&ar->db, 0, 0), "conflict") == 0)
		return (asr_problem(req, ar, 409, "conflict",
		    "This e-mail or SIRET is already registered."));

	return (write_answer(req, ar, WRITE_CREATE_NO_VERSION, IF_MATCH_ANY,
	    "/v1/registrations", "registration"));
}

int
registrations_list(struct http_request *req, struct asr_req *ar)
{
	struct list_page	page;
	char			status[LIST_FILTER_LEN];
	const char		*params[5];
	int64_t			 ms;

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 2) ||
	    !list_filter(req, ar, "status", status_ok, status, &params[0]))
		return (KORE_RESULT_OK);
	if (page.has_cursor && (!uuid_valid(page.cursor.part[1]) ||
	    !clock_parse_rfc3339(page.cursor.part[0], &ms)))
		return (list_bad_cursor(req, ar));

	params[1] = page.has_cursor ? page.cursor.part[0] : NULL;
	params[2] = page.has_cursor ? page.cursor.part[1] : NULL;
	params[3] = page.limit_text;
	params[4] = page.count;
	switch (db_run(req, &ar->db, sql_list, 5, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (list_answer(req, ar, &page, 1, 2, 3));
}

int
registrations_approve(struct http_request *req, struct asr_req *ar)
{
	return (decide(req, ar, 1, NULL));
}

int
registrations_reject(struct http_request *req, struct asr_req *ar)
{
	json_t		*errors;
	const char	*reason;

	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found",
		    "No such registration."));

	errors = json_array();
	(void)fields_unknown(ar->body, reject_fields, errors);
	(void)field_string(ar->body, "reason", 1, 2000, 1, &reason, errors);
	if (json_array_size(errors) == 0) {
		json_decref(errors);
		return (decide(req, ar, 0, reason));
	}

	return (write_invalid(req, ar, sql_exists, errors, "registration"));
}

static int
decide(struct http_request *req, struct asr_req *ar, int approve,
    const char *reason)
{
	struct registration	*st = asr_state(ar, sizeof(*st));
	const char		*params[5], *status;

	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found",
		    "No such registration."));

	if (st->now[0] == '\0')
		clock_format_rfc3339(clock_now_ms(), st->now, sizeof(st->now));
	params[0] = ar->params.value[0];
	params[1] = approve ? "true" : "false";
	params[2] = reason;
	params[3] = ar->who.sub;
	params[4] = st->now;
	switch (write_run(req, ar, WRITE_ACTION, "registration", sql_decide, 5,
	    params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	status = db_value(&ar->db, 0, 0);
	if (strcmp(status, "actor_disabled") == 0)
		return (asr_unauthorized(req, ar, 1, "This account is disabled."));
	if (strcmp(status, "not_found") == 0)
		return (asr_problem(req, ar, 404, "not-found",
		    "No such registration."));
	if (strcmp(status, "conflict") == 0)
		return (asr_problem(req, ar, 409, "conflict",
		    "This registration was already decided."));
	if (approve)
		cache_changed();

	return (asr_db_json(req, ar, 200, 1));
}

/*
 * Anonymous sign-ups are limited per address (ASR_REGISTRATION_ADDRESS_MAX
 * in ASR_REGISTRATION_WINDOW_S): DB_OK to go on, DB_PENDING, or DB_ERROR
 * once an answer (429, 503) was sent.
 */
static int
registration_limit(struct http_request *req, struct asr_req *ar)
{
	struct registration	*st = asr_state(ar, sizeof(*st));
	const struct asr_limits	*l = &asr_config.limits;
	const char		*params[3];
	char			 window[16];

	if (ar->client[0] == '\0')
		return (DB_OK);
	if (st->now[0] == '\0')
		clock_format_rfc3339(clock_now_ms(), st->now, sizeof(st->now));
	(void)snprintf(window, sizeof(window), "%d", l->registration_window_s);
	params[0] = ar->client;
	params[1] = st->now;
	params[2] = window;
	switch (db_run(req, &ar->db, sql_recent, 3, params)) {
	case DB_PENDING:
		return (DB_PENDING);
	case DB_ERROR:
		(void)asr_db_failure(req, ar);
		return (DB_ERROR);
	}

	if (strtol(db_value(&ar->db, 0, 0), NULL, 10) >=
	    l->registration_address_max) {
		(void)asr_too_many(req, ar, strtol(db_value(&ar->db, 0, 1),
		    NULL, 10), "Too many registrations from this address; "
		    "retry later.");
		return (DB_ERROR);
	}
	db_reset(&ar->db);

	return (DB_OK);
}

/* The two parts of the body, their errors named "organisation.siret". */
static json_t *
registration_errors(json_t *body)
{
	json_t		*errors, *part, *sub;
	const char	*kind;

	errors = json_array();
	(void)fields_unknown(body, top_fields, errors);

	part = json_object_get(body, "organisation");
	sub = json_array();
	if (!json_is_object(part)) {
		asr_field_error(errors, "organisation", part ? "type" :
		    "required", "An object describing the organisation.");
	} else {
		(void)fields_check(part, organisation_fields, 1, 1, sub);
		if (json_is_string(json_object_get(part, "kind")))
			(void)field_enum(part, "kind", supplier_kinds, 0, &kind,
			    sub);
		prefix_fields(errors, sub, "organisation.");
	}

	part = json_object_get(body, "user");
	sub = json_array();
	if (!json_is_object(part)) {
		asr_field_error(errors, "user", part ? "type" : "required",
		    "An object describing the first account.");
	} else {
		(void)fields_check(part, user_fields, 1, 1, sub);
		if (json_is_string(json_object_get(part, "password")) &&
		    !password_valid(json_string_value(json_object_get(part,
		    "password"))))
			asr_field_error(sub, "password", "range", "A password "
			    "has at least 12 characters.");
		prefix_fields(errors, sub, "user.");
	}

	return (errors);
}

/* Moves sub's errors into errors, their field prefixed; frees sub. */
static void
prefix_fields(json_t *errors, json_t *sub, const char *prefix)
{
	json_t		*e;
	size_t		 i;
	char		 name[128];

	json_array_foreach(sub, i, e) {
		(void)snprintf(name, sizeof(name), "%s%s", prefix,
		    json_string_value(json_object_get(e, "field")));
		json_object_set_new(e, "field", json_string(name));
		json_array_append(errors, e);
	}
	json_decref(sub);
}

static int
status_ok(const char *s)
{
	return (strcmp(s, "pending") == 0 || strcmp(s, "approved") == 0 ||
	    strcmp(s, "rejected") == 0);
}
