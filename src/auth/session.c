/*
 * Sessions (see session.h). A login is a lookup, an argon2id check in a
 * task thread, then one statement that records the login and opens a
 * refresh-token family. Refresh tokens rotate on every use in one
 * statement that also detects reuse: a used token presented again revokes
 * its whole family. Login failures all look alike, whatever failed; they
 * are counted per e-mail and per address (login_find()) and audited, as
 * successes, refusals by the limits (429), logouts and refreshes are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asr.h"
#include "auth/auth.h"
#include "auth/password.h"
#include "auth/session.h"
#include "core/clock.h"
#include "core/email.h"
#include "http/fields.h"

#define TS_UTC(x)	"to_char(" x " AT TIME ZONE 'UTC', " \
			"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/*
 * The account, and the failures that may refuse the attempt before any
 * password is checked: $3 the window in seconds, $4 the failures per
 * e-mail that lock it, $5 the client's address. Columns 5-8: failures of
 * this e-mail, seconds until it unlocks (NULL while it is not locked),
 * failures from this address, seconds until this e-mail's last failure
 * from this address leaves the window (NULL when it has none).
 */
static const char sql_login_find[] =
	"WITH f AS (SELECT at, address FROM login_failures"
	"  WHERE email = lower($1) AND at > $2::timestamptz"
	"  - make_interval(secs => $3::int))"
	" SELECT u.id, u.role, coalesce(u.organisation_id::text, ''), u.status,"
	"  u.password_hash, (SELECT count(*) FROM f),"
	"  (SELECT ceil(extract(epoch FROM at + make_interval(secs => $3::int)"
	"   - $2::timestamptz)) FROM f ORDER BY at DESC OFFSET $4::int - 1"
	"   LIMIT 1),"
	"  (SELECT count(*) FROM login_failures WHERE address = $5::inet"
	"   AND at > $2::timestamptz - make_interval(secs => $3::int)),"
	"  (SELECT ceil(extract(epoch FROM max(at)"
	"   + make_interval(secs => $3::int) - $2::timestamptz)) FROM f"
	"   WHERE address = $5::inet)"
	" FROM (SELECT 1) one LEFT JOIN users u ON lower(u.email) = lower($1)";

/*
 * A failed attempt: counted for the limits, and audited; the e-mail's
 * failures older than the window ($6 seconds) go.
 */
static const char sql_login_failed[] =
	"WITH f AS (INSERT INTO login_failures (email, address, at)"
	"  VALUES (lower($1), $2::inet, $3::timestamptz)),"
	" old AS (DELETE FROM login_failures WHERE email = lower($1)"
	"  AND at <= $3::timestamptz - make_interval(secs => $6::int))"
	" INSERT INTO audit_log (at, actor_type, role, action, object_type,"
	"  object_id, request_id, address) VALUES ($3::timestamptz,"
	"  'anonymous', 'anonymous', 'login.failure', 'user', $4::uuid, $5,"
	"  $2::inet)";

/* An attempt refused by the limits (429): audited, not counted. */
static const char sql_login_refused[] =
	"INSERT INTO audit_log (at, actor_type, role, action, object_type,"
	" object_id, request_id, address) VALUES ($1::timestamptz,"
	" 'anonymous', 'anonymous', 'login.refused', 'user', $2::uuid, $3,"
	" $4::inet)";

/* A success forgets the e-mail's failures, and is audited. */
static const char sql_login_session[] =
	"WITH u AS (UPDATE users SET last_login_at = $2::timestamptz"
	"  WHERE id = $1::uuid AND status = 'active'"
	"  RETURNING id, role, organisation_id),"
	" d AS (DELETE FROM login_failures WHERE email = lower($4)"
	"  AND EXISTS (SELECT 1 FROM u)),"
	" a AS (INSERT INTO audit_log (at, actor_id, actor_type, role,"
	"  organisation_id, action, object_type, object_id, request_id,"
	"  address) SELECT $2::timestamptz, u.id, 'user', u.role,"
	"  u.organisation_id, 'login.success', 'user', u.id, $5, $6::inet"
	"  FROM u)"
	" INSERT INTO refresh_tokens (family_id, user_id, token_hash,"
	"  issued_at, expires_at)"
	" SELECT gen_random_uuid(), u.id, decode($3, 'hex'), $2::timestamptz,"
	"  $2::timestamptz + interval '" AUTH_REFRESH_TTL "' FROM u"
	" RETURNING user_id";

static const char sql_refresh[] =
	"WITH cur AS (SELECT id, family_id, user_id, used_at, revoked_at,"
	"  expires_at FROM refresh_tokens WHERE token_hash = decode($1, 'hex')"
	"  FOR UPDATE),"
	" reuse AS (UPDATE refresh_tokens r SET revoked_at = $3::timestamptz"
	"  FROM cur WHERE r.family_id = cur.family_id"
	"  AND cur.used_at IS NOT NULL AND r.revoked_at IS NULL RETURNING r.id),"
	" mark AS (UPDATE refresh_tokens r SET used_at = $3::timestamptz"
	"  FROM cur WHERE r.id = cur.id AND cur.used_at IS NULL"
	"  AND cur.revoked_at IS NULL AND cur.expires_at > $3::timestamptz"
	"  RETURNING r.family_id, r.user_id),"
	" fresh AS (INSERT INTO refresh_tokens (family_id, user_id, token_hash,"
	"  issued_at, expires_at)"
	"  SELECT m.family_id, m.user_id, decode($2, 'hex'), $3::timestamptz,"
	"  $3::timestamptz + interval '" AUTH_REFRESH_TTL "'"
	"  FROM mark m JOIN users u ON u.id = m.user_id AND u.status = 'active'"
	"  RETURNING user_id),"
	/*
	 * Audited: a refresh by its user; a failure (unknown, expired,
	 * revoked or reused token) by an anonymous caller, naming the
	 * token's user when the token is known.
	 */
	" a AS (INSERT INTO audit_log (at, actor_id, actor_type, role,"
	"  organisation_id, action, object_type, object_id, request_id,"
	"  address) SELECT $3::timestamptz, u.id, 'user', u.role,"
	"  u.organisation_id, 'token.refresh', 'user', u.id, $4, $5::inet"
	"  FROM fresh f JOIN users u ON u.id = f.user_id"
	"  UNION ALL SELECT $3::timestamptz, NULL, 'anonymous', 'anonymous',"
	"  NULL, CASE WHEN EXISTS (SELECT 1 FROM reuse) THEN 'token.reuse'"
	"  ELSE 'token.refresh_failure' END, 'user',"
	"  (SELECT user_id FROM cur), $4, $5::inet"
	"  WHERE NOT EXISTS (SELECT 1 FROM fresh))"
	" SELECT u.id, u.role, coalesce(u.organisation_id::text, ''),"
	"  (SELECT count(*) FROM reuse)"
	" FROM users u RIGHT JOIN (SELECT 1) one ON u.id IN"
	"  (SELECT user_id FROM fresh)";

/* A logout that ends a session is audited, by the token's user. */
static const char sql_logout[] =
	"WITH t AS (SELECT family_id, user_id FROM refresh_tokens"
	"  WHERE token_hash = decode($1, 'hex')),"
	" r AS (UPDATE refresh_tokens SET revoked_at = $2::timestamptz"
	"  WHERE family_id = (SELECT family_id FROM t) AND revoked_at IS NULL"
	"  RETURNING id)"
	" INSERT INTO audit_log (at, actor_id, actor_type, role,"
	"  organisation_id, action, object_type, object_id, request_id,"
	"  address) SELECT $2::timestamptz, u.id, 'user', u.role,"
	"  u.organisation_id, 'logout', 'user', u.id, $3, $4::inet"
	"  FROM t JOIN users u ON u.id = t.user_id"
	"  WHERE EXISTS (SELECT 1 FROM r)";

static const char sql_me[] =
	"SELECT (user_json(u) || jsonb_build_object('organisation',"
	"  CASE WHEN o.id IS NULL THEN NULL"
	"  ELSE organisation_json(o, $2::date) END))::text"
	" FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id"
	" WHERE u.id = $1::uuid";

static const char sql_password_current[] =
	"SELECT password_hash FROM users WHERE id = $1::uuid"
	" AND status = 'active'";

/*
 * Password changes are writes of the account, audited in the same
 * statement (AUDIT_PASSWORD: $4 the action, $5 the actor or NULL, $6 the
 * request id, $7 the client's address). A new password ends every session
 * of the account.
 */
#define AUDIT_PASSWORD(u)						\
	" a AS (INSERT INTO audit_log (at, actor_id, actor_type, role,"	\
	"  organisation_id, action, object_type, object_id,"		\
	"  request_id, address) SELECT $3::timestamptz, $5::uuid,"	\
	"  CASE WHEN $5 IS NULL THEN 'anonymous' ELSE 'user' END,"	\
	"  CASE WHEN $5 IS NULL THEN 'anonymous' ELSE " u ".role END,"	\
	"  CASE WHEN $5 IS NOT NULL THEN " u ".organisation_id END,"	\
	"  $4, 'user', " u ".id, $6, $7::inet FROM " u ")"

static const char sql_password_set[] =
	"WITH u AS (UPDATE users SET password_hash = $2,"
	"  updated_at = $3::timestamptz, version = version + 1"
	"  WHERE id = $1::uuid AND status = 'active'"
	"  RETURNING id, role, organisation_id),"
	" r AS (UPDATE refresh_tokens SET revoked_at = $3::timestamptz"
	"  WHERE user_id IN (SELECT id FROM u) AND revoked_at IS NULL),"
	AUDIT_PASSWORD("u")
	" SELECT count(*) FROM u";

static const char sql_reset_issue[] =
	"WITH ins AS (INSERT INTO password_resets (token_hash, user_id,"
	"  issued_by, issued_at, expires_at)"
	"  SELECT decode($2, 'hex'), u.id, $3::uuid, $4::timestamptz,"
	"  $4::timestamptz + interval '24 hours' FROM users u"
	"  WHERE u.id = $1::uuid AND actor_active($3::uuid)"
	"  RETURNING user_id, expires_at),"
	" a AS (INSERT INTO audit_log (at, actor_id, actor_type, role,"
	"  action, object_type, object_id, request_id, address)"
	"  SELECT $4::timestamptz, $3::uuid, 'user', 'admin',"
	"  'user.password_reset_issue', 'user', ins.user_id, $5, $6::inet"
	"  FROM ins)"
	" SELECT actor_active($3::uuid), (SELECT " TS_UTC("expires_at")
	"  FROM ins)";

static const char sql_reset_use[] =
	"WITH r AS (UPDATE password_resets SET used_at = $3::timestamptz"
	"  WHERE token_hash = decode($1, 'hex') AND used_at IS NULL"
	"  AND expires_at > $3::timestamptz RETURNING user_id),"
	" u AS (UPDATE users SET password_hash = $2,"
	"  updated_at = $3::timestamptz, version = version + 1 FROM r"
	"  WHERE users.id = r.user_id AND users.status = 'active'"
	"  RETURNING users.id, users.role, users.organisation_id),"
	" x AS (UPDATE refresh_tokens SET revoked_at = $3::timestamptz"
	"  WHERE user_id IN (SELECT id FROM u) AND revoked_at IS NULL),"
	AUDIT_PASSWORD("u")
	" SELECT count(*) FROM u";

static const char *const login_fields[] = { "email", "password", NULL };
static const char *const refresh_fields[] = { "refresh_token", NULL };
static const char *const change_fields[] = { "current_password",
	"new_password", NULL };
static const char *const reset_fields[] = { "reset_token", "new_password",
	NULL };

struct login {
	struct identity	who;
	int		found;
	int		active;
	char		hash[crypto_pwhash_STRBYTES];
	char		refresh[AUTH_SECRET_LEN];
	char		refresh_hash[AUTH_HASH_HEX_LEN];
	char		now[CLOCK_RFC3339_LEN];
	long		retry;		/* refused: seconds for Retry-After */
	const char	*refused;	/* refused: the 429's detail */
};

#define LOGIN_ANSWERED	0
#define LOGIN_GO	1
#define LOGIN_PENDING	2
#define LOGIN_REFUSED	3

static int	login_find(struct http_request *, struct asr_req *,
		    struct login *, const char *);
static int	login_limited(struct asr_req *, struct login *, int,
		    const char *);
static int	login_refused(struct http_request *, struct asr_req *,
		    struct login *);
static int	login_failed(struct http_request *, struct asr_req *,
		    struct login *, const char *);
static int	invalid_credentials(struct http_request *, struct asr_req *);
static int	tokens_answer(struct http_request *, struct asr_req *,
		    struct identity *, const char *);
static int	body_errors(struct http_request *, struct asr_req *, json_t *);
static int	new_password_field(json_t *, const char *, const char **,
		    json_t *);
static void	now_text(char *);
static void	audit_params(struct asr_req *, const char *, const char *,
		    const char **);

int
session_login(struct http_request *req, struct asr_req *ar)
{
	struct login	*st = asr_state(ar, sizeof(*st));
	const char	*email, *password, *params[6];
	json_t		*errors;
	int		 rc;

	errors = json_array();
	(void)fields_unknown(ar->body, login_fields, errors);
	(void)field_string(ar->body, "email", 1, EMAIL_MAX, 1, &email, errors);
	(void)field_string(ar->body, "password", 1, AUTH_PASSWORD_MAX, 1,
	    &password, errors);
	if (json_array_size(errors) > 0)
		return (body_errors(req, ar, errors));
	json_decref(errors);

	switch (ar->step) {
	case 0:
		if ((rc = login_find(req, ar, st, email)) == LOGIN_REFUSED) {
			ar->step = 4;
			return (login_refused(req, ar, st));
		}
		if (rc != LOGIN_GO)
			return (rc == LOGIN_PENDING ? KORE_RESULT_RETRY :
			    KORE_RESULT_OK);
		ar->step = 1;
		/* FALLTHROUGH */
	case 1:
		if (password_run(req, ar, PASSWORD_VERIFY, password,
		    st->found ? st->hash : NULL) == PASSWORD_PENDING)
			return (KORE_RESULT_RETRY);
		now_text(st->now);
		if (!ar->password->ok || !st->found || !st->active) {
			ar->step = 3;
			return (login_failed(req, ar, st, email));
		}
		auth_new_secret(st->refresh, st->refresh_hash);
		ar->step = 2;
		/* FALLTHROUGH */
	case 2:
		params[0] = st->who.sub;
		params[1] = st->now;
		params[2] = st->refresh_hash;
		params[3] = email;
		params[4] = ar->id;
		params[5] = ar->client[0] != '\0' ? ar->client : NULL;
		switch (db_run(req, &ar->db, sql_login_session, 6, params)) {
		case DB_PENDING:
			return (KORE_RESULT_RETRY);
		case DB_ERROR:
			return (asr_db_failure(req, ar));
		}
		if (db_rows(&ar->db) != 1)
			return (invalid_credentials(req, ar));
		return (tokens_answer(req, ar, &st->who, st->refresh));
	case 4:
		return (login_refused(req, ar, st));
	default:
		return (login_failed(req, ar, st, email));
	}
}

/*
 * The account behind the e-mail and the limits (README): an e-mail with
 * ASR_LOGIN_ACCOUNT_MAX failures in the window is locked, whoever tries;
 * an address with ASR_LOGIN_ADDRESS_MAX failures in the window may no
 * longer retry the e-mails that already failed from it, but may still
 * log in to any other, so that a correct password is never refused for
 * another account's failures. Both answer 429 before the password check
 * (LOGIN_REFUSED, then login_refused()).
 */
static int
login_find(struct http_request *req, struct asr_req *ar, struct login *st,
    const char *email)
{
	const struct asr_limits	*l = &asr_config.limits;
	const char		*params[5];
	char			 window[16], account_max[16];

	(void)snprintf(window, sizeof(window), "%d", l->login_window_s);
	(void)snprintf(account_max, sizeof(account_max), "%d",
	    l->login_account_max);
	if (st->now[0] == '\0')
		now_text(st->now);
	params[0] = email;
	params[1] = st->now;
	params[2] = window;
	params[3] = account_max;
	params[4] = ar->client[0] != '\0' ? ar->client : NULL;
	switch (db_run(req, &ar->db, sql_login_find, 5, params)) {
	case DB_PENDING:
		return (LOGIN_PENDING);
	case DB_ERROR:
		(void)asr_db_failure(req, ar);
		return (LOGIN_ANSWERED);
	}

	st->found = !db_isnull(&ar->db, 0, 0);
	if (st->found)
		(void)kore_strlcpy(st->who.sub, db_value(&ar->db, 0, 0),
		    sizeof(st->who.sub));
	if (strtol(db_value(&ar->db, 0, 5), NULL, 10) >= l->login_account_max)
		return (login_limited(ar, st, 6, "Too many failed logins for "
		    "this account; retry later."));
	if (strtol(db_value(&ar->db, 0, 7), NULL, 10) >= l->login_address_max &&
	    !db_isnull(&ar->db, 0, 8))
		return (login_limited(ar, st, 8, "Too many failed logins from "
		    "this address; retry later."));

	if (st->found) {
		st->who.role = role_from_name(db_value(&ar->db, 0, 1));
		(void)kore_strlcpy(st->who.org, db_value(&ar->db, 0, 2),
		    sizeof(st->who.org));
		st->active = strcmp(db_value(&ar->db, 0, 3), "active") == 0;
		(void)kore_strlcpy(st->hash, db_value(&ar->db, 0, 4),
		    sizeof(st->hash));
	}
	db_reset(&ar->db);

	return (LOGIN_GO);
}

/* A refusal: Retry-After from column col (seconds), kept for the 429. */
static int
login_limited(struct asr_req *ar, struct login *st, int col,
    const char *detail)
{
	st->retry = db_isnull(&ar->db, 0, col) ?
	    asr_config.limits.login_window_s :
	    strtol(db_value(&ar->db, 0, col), NULL, 10);
	st->refused = detail;
	db_reset(&ar->db);

	return (LOGIN_REFUSED);
}

/* Audits the refusal, then answers 429. */
static int
login_refused(struct http_request *req, struct asr_req *ar, struct login *st)
{
	const char	*params[4];

	params[0] = st->now;
	params[1] = st->found ? st->who.sub : NULL;
	params[2] = ar->id;
	params[3] = ar->client[0] != '\0' ? ar->client : NULL;
	switch (db_run(req, &ar->db, sql_login_refused, 4, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (asr_too_many(req, ar, st->retry, st->refused));
}

/* Records the failure, then answers 401 as for any bad credentials. */
static int
login_failed(struct http_request *req, struct asr_req *ar, struct login *st,
    const char *email)
{
	const char	*params[6];
	char		 window[16];

	(void)snprintf(window, sizeof(window), "%d",
	    asr_config.limits.login_window_s);
	params[0] = email;
	params[1] = ar->client[0] != '\0' ? ar->client : NULL;
	params[2] = st->now;
	params[3] = st->found ? st->who.sub : NULL;
	params[4] = ar->id;
	params[5] = window;
	switch (db_run(req, &ar->db, sql_login_failed, 6, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (invalid_credentials(req, ar));
}

int
session_refresh(struct http_request *req, struct asr_req *ar)
{
	struct login	*st = asr_state(ar, sizeof(*st));
	const char	*given, *params[5];
	char		 given_hash[AUTH_HASH_HEX_LEN];
	json_t		*errors;

	errors = json_array();
	(void)fields_unknown(ar->body, refresh_fields, errors);
	(void)field_string(ar->body, "refresh_token", 1, ASR_BODY_MAX, 1,
	    &given, errors);
	if (json_array_size(errors) > 0)
		return (body_errors(req, ar, errors));
	json_decref(errors);

	if (ar->step == 0) {
		auth_new_secret(st->refresh, st->refresh_hash);
		now_text(st->now);
		ar->step = 1;
	}

	(void)auth_hash_secret(given, given_hash);
	params[0] = given_hash;
	params[1] = st->refresh_hash;
	params[2] = st->now;
	params[3] = ar->id;
	params[4] = ar->client[0] != '\0' ? ar->client : NULL;
	switch (db_run(req, &ar->db, sql_refresh, 5, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (strcmp(db_value(&ar->db, 0, 3), "0") != 0)
		kore_log(LOG_NOTICE, "%s: a used refresh token was presented "
		    "again: its family is revoked", ar->id);
	if (db_isnull(&ar->db, 0, 0))
		return (invalid_credentials(req, ar));

	(void)kore_strlcpy(st->who.sub, db_value(&ar->db, 0, 0),
	    sizeof(st->who.sub));
	st->who.role = role_from_name(db_value(&ar->db, 0, 1));
	(void)kore_strlcpy(st->who.org, db_value(&ar->db, 0, 2),
	    sizeof(st->who.org));

	return (tokens_answer(req, ar, &st->who, st->refresh));
}

int
session_logout(struct http_request *req, struct asr_req *ar)
{
	const char	*given, *params[4];
	char		 given_hash[AUTH_HASH_HEX_LEN], now[CLOCK_RFC3339_LEN];
	json_t		*errors;

	errors = json_array();
	(void)fields_unknown(ar->body, refresh_fields, errors);
	(void)field_string(ar->body, "refresh_token", 1, ASR_BODY_MAX, 1,
	    &given, errors);
	if (json_array_size(errors) > 0)
		return (body_errors(req, ar, errors));
	json_decref(errors);

	(void)auth_hash_secret(given, given_hash);
	now_text(now);
	params[0] = given_hash;
	params[1] = now;
	params[2] = ar->id;
	params[3] = ar->client[0] != '\0' ? ar->client : NULL;
	switch (db_run(req, &ar->db, sql_logout, 4, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (asr_empty(req, ar, 204));
}

int
session_me(struct http_request *req, struct asr_req *ar)
{
	const char	*params[2];
	char		 today[CLOCK_DATE_LEN];

	params[0] = ar->who.sub;
	clock_mayotte_date(clock_now_ms(), today, sizeof(today));
	params[1] = today;
	switch (db_run(req, &ar->db, sql_me, 2, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (asr_unauthorized(req, ar, 1,
		    "The account of this token no longer exists."));

	return (asr_db_json(req, ar, 200, 0));
}

int
session_keys(struct http_request *req, struct asr_req *ar)
{
	const struct keyring_key	*key;
	json_t				*keys;
	char				*text;
	size_t				 i;
	int				 rc;

	keys = json_array();
	for (i = 0; i < auth_keyring.count; i++) {
		key = &auth_keyring.keys[i];
		json_array_append_new(keys, json_pack("{s:s, s:s, s:b}",
		    "kid", key->pid, "public_key", key->paserk_public,
		    "current", (int)i == auth_keyring.current));
	}
	text = json_dumps(json_pack("{s:o}", "keys", keys), JSON_COMPACT);
	if (text == NULL)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The keys could not be encoded."));
	rc = asr_cached(req, ar, "application/json; charset=utf-8", text,
	    strlen(text));
	free(text);

	return (rc);
}

int
session_password_change(struct http_request *req, struct asr_req *ar)
{
	struct login	*st = asr_state(ar, sizeof(*st));
	const char	*current, *fresh, *params[7];
	json_t		*errors;

	errors = json_array();
	(void)fields_unknown(ar->body, change_fields, errors);
	(void)field_string(ar->body, "current_password", 1, AUTH_PASSWORD_MAX,
	    1, &current, errors);
	(void)new_password_field(ar->body, "new_password", &fresh, errors);
	if (json_array_size(errors) > 0)
		return (body_errors(req, ar, errors));
	json_decref(errors);

	switch (ar->step) {
	case 0:
		params[0] = ar->who.sub;
		switch (db_run(req, &ar->db, sql_password_current, 1, params)) {
		case DB_PENDING:
			return (KORE_RESULT_RETRY);
		case DB_ERROR:
			return (asr_db_failure(req, ar));
		}
		if (db_rows(&ar->db) != 1)
			return (asr_unauthorized(req, ar, 1,
			    "This account is disabled."));
		(void)kore_strlcpy(st->hash, db_value(&ar->db, 0, 0),
		    sizeof(st->hash));
		db_reset(&ar->db);
		ar->step = 1;
		/* FALLTHROUGH */
	case 1:
		if (password_run(req, ar, PASSWORD_VERIFY, current,
		    st->hash) == PASSWORD_PENDING)
			return (KORE_RESULT_RETRY);
		if (!ar->password->ok) {
			errors = json_array();
			asr_field_error(errors, "current_password", "invalid",
			    "This is not the account's current password.");
			return (body_errors(req, ar, errors));
		}
		password_next(ar);
		ar->step = 2;
		/* FALLTHROUGH */
	case 2:
		if (password_run(req, ar, PASSWORD_HASH, fresh, NULL) ==
		    PASSWORD_PENDING)
			return (KORE_RESULT_RETRY);
		if (!ar->password->ok)
			return (asr_problem(req, ar, 500, "internal-error",
			    "The password could not be hashed."));
		now_text(st->now);
		ar->step = 3;
		/* FALLTHROUGH */
	default:
		params[0] = ar->who.sub;
		params[1] = ar->password->hash;
		params[2] = st->now;
		audit_params(ar, "user.password", ar->who.sub, &params[3]);
		switch (db_run(req, &ar->db, sql_password_set, 7, params)) {
		case DB_PENDING:
			return (KORE_RESULT_RETRY);
		case DB_ERROR:
			return (asr_db_failure(req, ar));
		}
		if (strcmp(db_value(&ar->db, 0, 0), "1") != 0)
			return (asr_unauthorized(req, ar, 1,
			    "This account is disabled."));
		return (asr_empty(req, ar, 204));
	}
}

/* POST /v1/users/{id}/password-reset: a one-time secret for 24 hours. */
int
session_password_reset_issue(struct http_request *req, struct asr_req *ar)
{
	struct login	*st = asr_state(ar, sizeof(*st));
	const char	*params[6];

	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found",
		    "No such user."));

	if (ar->step == 0) {
		auth_new_secret(st->refresh, st->refresh_hash);
		now_text(st->now);
		ar->step = 1;
	}

	params[0] = ar->params.value[0];
	params[1] = st->refresh_hash;
	params[2] = ar->who.sub;
	params[3] = st->now;
	params[4] = ar->id;
	params[5] = ar->client[0] != '\0' ? ar->client : NULL;
	switch (db_run(req, &ar->db, sql_reset_issue, 6, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (strcmp(db_value(&ar->db, 0, 0), "t") != 0)
		return (asr_unauthorized(req, ar, 1, "This account is disabled."));
	if (db_isnull(&ar->db, 0, 1))
		return (asr_problem(req, ar, 404, "not-found", "No such user."));

	return (asr_json(req, ar, 201, json_pack("{s:s, s:s}",
	    "reset_token", st->refresh, "expires_at",
	    db_value(&ar->db, 0, 1))));
}

int
session_password_reset_use(struct http_request *req, struct asr_req *ar)
{
	struct login	*st = asr_state(ar, sizeof(*st));
	const char	*given, *fresh, *params[7];
	json_t		*errors;

	errors = json_array();
	(void)fields_unknown(ar->body, reset_fields, errors);
	(void)field_string(ar->body, "reset_token", 1, ASR_BODY_MAX, 1, &given,
	    errors);
	(void)new_password_field(ar->body, "new_password", &fresh, errors);
	if (json_array_size(errors) > 0)
		return (body_errors(req, ar, errors));
	json_decref(errors);

	if (password_run(req, ar, PASSWORD_HASH, fresh, NULL) ==
	    PASSWORD_PENDING)
		return (KORE_RESULT_RETRY);
	if (!ar->password->ok)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The password could not be hashed."));

	if (ar->step == 0) {
		(void)auth_hash_secret(given, st->refresh_hash);
		now_text(st->now);
		ar->step = 1;
	}
	params[0] = st->refresh_hash;
	params[1] = ar->password->hash;
	params[2] = st->now;
	audit_params(ar, "user.password_reset", NULL, &params[3]);
	switch (db_run(req, &ar->db, sql_reset_use, 7, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (strcmp(db_value(&ar->db, 0, 0), "1") != 0) {
		errors = json_array();
		asr_field_error(errors, "reset_token", "invalid",
		    "This reset token is unknown, used or expired.");
		return (body_errors(req, ar, errors));
	}

	return (asr_empty(req, ar, 204));
}

static int
invalid_credentials(struct http_request *req, struct asr_req *ar)
{
	http_response_header(req, "www-authenticate", AUTH_REALM);

	return (asr_problem(req, ar, 401, "invalid-credentials",
	    "These credentials are not valid."));
}

static int
tokens_answer(struct http_request *req, struct asr_req *ar,
    struct identity *who, const char *refresh)
{
	char		*access;
	json_t		*out;

	if (!token_issue(&access, &auth_keyring, who, clock_now_ms()))
		return (asr_problem(req, ar, 500, "internal-error",
		    "The access token could not be signed."));

	out = json_pack("{s:s, s:s, s:i, s:s}", "access_token", access,
	    "token_type", "Bearer", "expires_in", TOKEN_TTL_S,
	    "refresh_token", refresh);
	free(access);

	return (asr_json(req, ar, 200, out));
}

static int
body_errors(struct http_request *req, struct asr_req *ar, json_t *errors)
{
	return (asr_problem_errors(req, ar, 400, "validation-failed",
	    "Some fields are missing or invalid; see errors.", errors));
}

static int
new_password_field(json_t *body, const char *name, const char **out,
    json_t *errors)
{
	int		rc;

	rc = field_string(body, name, 1, AUTH_PASSWORD_MAX, 1, out, errors);
	if (rc == FIELD_OK && !password_valid(*out)) {
		asr_field_error(errors, name, "range", "A password has at least "
		    "12 characters and at most 1024 bytes.");
		return (FIELD_BAD);
	}

	return (rc);
}

static void
now_text(char *buf)
{
	clock_format_rfc3339(clock_now_ms(), buf, CLOCK_RFC3339_LEN);
}

/*
 * $4..$7 of AUDIT_PASSWORD: the action, the actor (NULL: anonymous), the
 * request id, the client's address.
 */
static void
audit_params(struct asr_req *ar, const char *action, const char *actor,
    const char **params)
{
	params[0] = action;
	params[1] = actor;
	params[2] = ar->id;
	params[3] = ar->client[0] != '\0' ? ar->client : NULL;
}
