/*
 * Writes: the one runner that audits them and makes creates idempotent,
 * and their answers (see writes.h).
 *
 * The audit row and the stored idempotent answer are written by the same
 * statement as the object, so all three commit or none does. Two requests
 * with the same Idempotency-Key at once: both run the write, the second's
 * INSERT into idempotency_keys waits for the first and then fails on the
 * primary key (23505), which rolls its write back; write_run() then runs
 * the statement again, which now finds the first answer and replays it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/clock.h"
#include "http/lists.h"
#include "http/writes.h"

#define STEP_WRITE	0
#define STEP_PURGE	1

struct write_run {
	char		*sql;
	int		 idempotent;
	int		 step;
	int		 retried;
	char		 now[CLOCK_RFC3339_LEN];
	char		 action[64];
	char		 object[48];
	char		 actor[64];
	char		 hash[65];
};

static const char sql_purge[] =
	"DELETE FROM idempotency_keys WHERE actor = $1 AND key = $2"
	" AND created_at <= $3::timestamptz - interval '24 hours'";

static char	*write_statement(int, int, const char *, int);
static void	 write_prepare(struct http_request *, struct asr_req *,
		    struct write_run *, int, const char *);
static int	 write_params(struct http_request *, struct asr_req *,
		    struct write_run *, int, const char **, int,
		    const char **);
static int	 write_again(struct asr_req *, struct write_run *);
static int	 write_conflict(struct http_request *, struct asr_req *,
		    const char *);

/*
 * Runs a write statement (see writes.h): DB_PENDING, DB_OK or DB_ERROR as
 * db_run() says. sql has nparams parameters of its own; the audit's and
 * the idempotency's come after them.
 */
int
write_run(struct http_request *req, struct asr_req *ar, int kind,
    const char *object, const char *sql, int nparams, const char **params)
{
	struct write_run	*w;
	const char		*all[DB_PARAMS_MAX], *key, *purge[3];
	int			 n, rc;

	if ((w = ar->write) == NULL) {
		w = ar->write = kore_calloc(1, sizeof(*w));
		write_prepare(req, ar, w, kind, object);
		w->sql = write_statement(kind, w->idempotent, sql, nparams);
	}

	for (;;) {
		if (w->step == STEP_PURGE) {
			(void)http_request_header(req, "idempotency-key", &key);
			purge[0] = w->actor;
			purge[1] = key;
			purge[2] = w->now;
			rc = db_run(req, &ar->db, sql_purge, 3, purge);
			if (rc == DB_PENDING || rc == DB_ERROR)
				return (rc);
			db_reset(&ar->db);
			w->step = STEP_WRITE;
		}

		n = write_params(req, ar, w, kind, params, nparams, all);
		rc = db_run(req, &ar->db, w->sql, n, all);
		if (rc == DB_PENDING || !write_again(ar, w))
			return (rc);
	}
}

/* Whether the write just run was done (status 'ok', not a replay). */
int
write_done(struct asr_req *ar)
{
	return (db_rows(&ar->db) == 1 &&
	    strcmp(db_value(&ar->db, 0, 0), "ok") == 0);
}

/*
 * After a run: whether to run again, with the expired key purged first,
 * or once more after a concurrent duplicate rolled this one back.
 */
static int
write_again(struct asr_req *ar, struct write_run *w)
{
	if (!w->idempotent)
		return (0);

	if (ar->db.sqlstate[0] != '\0') {
		if (strcmp(ar->db.sqlstate, "23505") != 0 || w->retried)
			return (0);
		w->retried = 1;
		db_reset(&ar->db);
		return (1);
	}

	if (db_rows(&ar->db) != 1 ||
	    strcmp(db_value(&ar->db, 0, 0), "expired") != 0 || w->retried)
		return (0);
	w->retried = 1;
	w->step = STEP_PURGE;
	db_reset(&ar->db);

	return (1);
}

static void
write_prepare(struct http_request *req, struct asr_req *ar,
    struct write_run *w, int kind, const char *object)
{
	const char	*verb, *key, *p;
	unsigned char	 hash[32];
	size_t		 i;
	crypto_generichash_state st;

	clock_format_rfc3339(clock_now_ms(), w->now, sizeof(w->now));

	switch (kind) {
	case WRITE_CREATE:
	case WRITE_CREATE_NO_VERSION:
		verb = "create";
		break;
	case WRITE_UPDATE:
		verb = "update";
		break;
	case WRITE_DELETE:
		verb = "delete";
		break;
	default:
		verb = (p = strrchr(req->path, '/')) != NULL ? p + 1 : "action";
		break;
	}
	/* "hours entry" is audited as "hours_entry". */
	(void)snprintf(w->object, sizeof(w->object), "%s", object);
	for (i = 0; w->object[i] != '\0'; i++) {
		if (w->object[i] == ' ')
			w->object[i] = '_';
	}
	(void)snprintf(w->action, sizeof(w->action), "%s.%s", w->object, verb);

	if ((kind != WRITE_CREATE && kind != WRITE_CREATE_NO_VERSION) ||
	    req->method != HTTP_METHOD_POST ||
	    !http_request_header(req, "idempotency-key", &key))
		return;

	w->idempotent = 1;
	if (ar->who.role == ROLE_ANONYMOUS)
		(void)snprintf(w->actor, sizeof(w->actor), "address:%s",
		    ar->client);
	else
		(void)snprintf(w->actor, sizeof(w->actor), "%s", ar->who.sub);

	/* The request's fingerprint: its path and its body, byte for byte. */
	crypto_generichash_init(&st, NULL, 0, sizeof(hash));
	crypto_generichash_update(&st, (const unsigned char *)req->path,
	    strlen(req->path) + 1);
	if (req->query_string != NULL)
		crypto_generichash_update(&st,
		    (const unsigned char *)req->query_string,
		    strlen(req->query_string) + 1);
	if (req->http_body != NULL)
		crypto_generichash_update(&st, req->http_body->data,
		    req->http_body_length);
	crypto_generichash_final(&st, hash, sizeof(hash));
	(void)sodium_bin2hex(w->hash, sizeof(w->hash), hash, sizeof(hash));
}

/*
 * The statement: the write in a CTE, its audit row, and for idempotent
 * creates the stored answer, or the one stored before.
 */
static char *
write_statement(int kind, int idempotent, const char *sql, int n)
{
	struct kore_buf	 buf;
	const char	*object_id, *version;
	char		*text;
	int		 create;

	create = kind == WRITE_CREATE || kind == WRITE_CREATE_NO_VERSION;
	object_id = create ? "w.id::uuid" : NULL;
	version = kind == WRITE_CREATE ? "w.version" : "NULL::integer";

	kore_buf_init(&buf, 1024);
	kore_buf_appendf(&buf, "WITH ");
	if (idempotent) {
		kore_buf_appendf(&buf, "p AS (SELECT * FROM idempotency_keys"
		    " WHERE actor = $%d AND key = $%d),"
		    " w AS (SELECT * FROM (%s) x"
		    " WHERE NOT EXISTS (SELECT 1 FROM p)),", n + 10, n + 11,
		    sql);
	} else {
		kore_buf_appendf(&buf, "w AS (%s),", sql);
	}

	kore_buf_appendf(&buf, " a AS (INSERT INTO audit_log (at, actor_id,"
	    " actor_type, role, organisation_id, action, object_type,"
	    " object_id, request_id, address)"
	    " SELECT $%d::timestamptz, $%d::uuid, $%d, $%d, $%d::uuid, $%d,"
	    " $%d, ", n + 1, n + 2, n + 3, n + 4, n + 5, n + 6, n + 7);
	if (object_id != NULL)
		kore_buf_appendf(&buf, "%s", object_id);
	else
		kore_buf_appendf(&buf, "$%d::uuid", n + 10);
	kore_buf_appendf(&buf, ", $%d, $%d::inet FROM w WHERE w.status = 'ok')",
	    n + 8, n + 9);

	if (!idempotent) {
		kore_buf_appendf(&buf, " SELECT * FROM w");
		goto done;
	}

	/* The credential's other keys past their 24 hours go. */
	kore_buf_appendf(&buf, ", d AS (DELETE FROM idempotency_keys"
	    " WHERE actor = $%d AND key <> $%d"
	    " AND created_at <= $%d::timestamptz - interval '24 hours')",
	    n + 10, n + 11, n + 1);
	kore_buf_appendf(&buf, ", i AS (INSERT INTO idempotency_keys (actor,"
	    " key, route, request_hash, object_id, version, body, created_at)"
	    " SELECT $%d, $%d, $%d, decode($%d, 'hex'), w.id::uuid, %s, w.body,"
	    " $%d::timestamptz FROM w WHERE w.status = 'ok')"
	    " SELECT w.status, w.errors, w.body, w.id::text%s FROM w UNION ALL"
	    " SELECT CASE WHEN p.created_at <= $%d::timestamptz"
	    "  - interval '24 hours' THEN 'expired'"
	    "  WHEN p.route <> $%d OR p.request_hash <> decode($%d, 'hex')"
	    "  THEN 'mismatch' ELSE 'replay' END, NULL, p.body,"
	    "  p.object_id::text%s FROM p", n + 10, n + 11, n + 12, n + 13,
	    version, n + 1, kind == WRITE_CREATE ? ", w.version" : "", n + 1,
	    n + 12, n + 13, kind == WRITE_CREATE ? ", p.version" : "");

done:
	kore_buf_append(&buf, "", 1);
	text = kore_strdup((const char *)buf.data);
	kore_buf_cleanup(&buf);

	return (text);
}

/* The write's own parameters, then the audit's and idempotency's. */
static int
write_params(struct http_request *req, struct asr_req *ar,
    struct write_run *w, int kind, const char **params, int nparams,
    const char **all)
{
	const char	*key;
	int		 i, n;

	for (i = 0; i < nparams; i++)
		all[i] = params[i];
	n = nparams;
	all[n++] = w->now;
	n = asr_actor_params(ar, all, n);
	all[n++] = w->action;
	all[n++] = w->object;
	all[n++] = ar->id;
	all[n++] = ar->client[0] != '\0' ? ar->client : NULL;

	if (kind != WRITE_CREATE && kind != WRITE_CREATE_NO_VERSION) {
		all[n++] = ar->params.count > 0 ? ar->params.value[0] : NULL;
		return (n);
	}
	if (!w->idempotent)
		return (n);

	(void)http_request_header(req, "idempotency-key", &key);
	all[n++] = w->actor;
	all[n++] = key;
	all[n++] = req->path;
	all[n++] = w->hash;

	return (n);
}

void
write_run_free(struct asr_req *ar)
{
	if (ar->write == NULL)
		return;
	kore_free(ar->write->sql);
	kore_free(ar->write);
	ar->write = NULL;
}

/* 1 to 255 visible ASCII characters (API_CONVENTIONS: Idempotency-Key). */
int
write_idempotency_key_ok(const char *key)
{
	size_t		i;

	for (i = 0; key[i] != '\0'; i++) {
		if (i == IDEMPOTENCY_KEY_MAX || key[i] < 0x21 || key[i] > 0x7e)
			return (0);
	}

	return (i > 0);
}

int
write_answer(struct http_request *req, struct asr_req *ar, int kind,
    int if_match, const char *collection, const char *what)
{
	const char	*status;
	char		 location[128], detail[96];
	json_t		*errors;

	status = db_value(&ar->db, 0, 0);

	if (strcmp(status, "actor_disabled") == 0)
		return (asr_unauthorized(req, ar, 1,
		    "This account is disabled."));
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
	if (strcmp(status, "mismatch") == 0)
		return (asr_problem(req, ar, 422, "idempotency-key-reused",
		    "This Idempotency-Key was used for another request; "
		    "use a new key for a new request."));
	if (strcmp(status, "forbidden") == 0) {
		(void)snprintf(detail, sizeof(detail), "Your organisation may "
		    "read this %s but not change it this way.", what);
		return (asr_problem(req, ar, 403, "forbidden", detail));
	}
	if (strcmp(status, "conflict") == 0)
		return (write_conflict(req, ar, what));
	/* An action naming a person not eligible on its start day. */
	if (strcmp(status, "ineligible") == 0) {
		errors = json_loads(db_value(&ar->db, 0, 1), 0, NULL);
		return (asr_problem_errors(req, ar, 409,
		    "beneficiary-ineligible", "The person is not eligible on "
		    "the action's start day; see errors.", errors));
	}
	/* A transition the object's current status does not allow. */
	if (strcmp(status, "state") == 0) {
		(void)snprintf(detail, sizeof(detail), "This %s cannot do "
		    "that in its current status.", what);
		return (asr_problem(req, ar, 409, "conflict", detail));
	}
	if (strcmp(status, "ok") != 0 && strcmp(status, "replay") != 0)
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
	} else if (!db_isnull(&ar->db, 0, 3)) {
		/* Unversioned objects (a notification read) have no tag. */
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
