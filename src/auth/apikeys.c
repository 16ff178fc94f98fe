/*
 * Partner API keys (see apikeys.h).
 *
 * Revocation: every request with a key looks the key up (one indexed
 * statement on its hash), rather than caching keys per worker. A cache
 * invalidated by a Kore message would hold only within one server, and
 * a message reaches the other workers a moment after the revocation
 * answered; the look-up is exact everywhere and costs one short query on
 * the partner's requests only. The same statement records the key's use:
 * last_used_at and an "api_key.use" audit row, at most once a minute per
 * key, so that a busy partner does not write on every request.
 *
 * A key acts for its organisation as the people of that organisation do
 * (core/apikey.h: a supplier's key is treated as a supplier, a buyer's as
 * a buyer, the CRESS's as a facilitator), so that every handler's rules of
 * reach apply to keys unchanged. The route must admit "partner", hold the
 * key's scope, and admit its organisation's role.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth/apikeys.h"
#include "auth/auth.h"
#include "core/apikey.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "http/fields.h"
#include "http/lists.h"
#include "http/writes.h"

static const char sql_check[] =
	"WITH k AS (SELECT k.id, k.organisation_id, k.scopes, o.kind,"
	"  k.revoked_at IS NULL AS live,"
	"  (k.expires_at IS NULL OR k.expires_at > $2::timestamptz) AS current"
	"  FROM api_keys k JOIN organisations o ON o.id = k.organisation_id"
	"  WHERE k.key_hash = decode($1, 'hex')),"
	" u AS (UPDATE api_keys t SET last_used_at = $2::timestamptz FROM k"
	"  WHERE t.id = k.id AND k.live AND k.current"
	"  AND (t.last_used_at IS NULL"
	"   OR t.last_used_at <= $2::timestamptz - interval '1 minute')"
	"  RETURNING t.id, t.organisation_id),"
	" a AS (INSERT INTO audit_log (at, actor_id, actor_type, role,"
	"  organisation_id, action, object_type, object_id, request_id,"
	"  address) SELECT $2::timestamptz, u.id, 'api_key', 'partner',"
	"  u.organisation_id, 'api_key.use', 'api_key', u.id, $3, $4::inet"
	"  FROM u)"
	" SELECT k.id, k.organisation_id, array_to_string(k.scopes, ' '),"
	"  k.kind, k.live, k.current FROM k";

static const char sql_create[] =
	"SELECT status, errors::text, body, id, version FROM api_key_create("
	"$1::uuid, $2, $3::text[], $4, $5, $6::timestamptz, $7::uuid,"
	" $8::timestamptz)";

static const char sql_revoke[] =
	"SELECT status, errors::text, body, version FROM api_key_revoke("
	"$1::uuid, $2::int[], $3::uuid, $4::timestamptz)";

static const char sql_list[] =
	"WITH f AS NOT MATERIALIZED (SELECT k.* FROM api_keys k"
	"  WHERE $1::uuid[] IS NULL OR k.organisation_id = ANY ($1::uuid[])),"
	" page AS (SELECT api_key_json(f)::text AS item,"
	"  to_char(f.created_at AT TIME ZONE 'UTC',"
	"  'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS k1, f.id::text AS k2,"
	"  f.created_at AS c, f.id FROM f"
	"  WHERE $2::timestamptz IS NULL"
	"  OR (f.created_at, f.id) > ($2::timestamptz, $3::uuid)"
	"  ORDER BY f.created_at, f.id LIMIT $4::int)"
	" SELECT p.item, p.k1, p.k2, t.total"
	LIST_TOTAL("5")
	" ORDER BY p.c, p.id";

static const char *const create_fields[] = { "organisation_id", "name",
	"scopes", "expires_at", NULL };

#define SCOPES_TEXT_LEN		160

struct key_create {
	char		secret[APIKEY_LEN + 1];
	char		hash[65];
	char		prefix[APIKEY_SHOWN_LEN + 1];
	char		scopes[SCOPES_TEXT_LEN];
	char		now[CLOCK_RFC3339_LEN];
};

struct key_revoke {
	char		now[CLOCK_RFC3339_LEN];
	char		versions[IF_MATCH_LEN];
	int		if_match;
};

static int	key_refused(struct http_request *, struct asr_req *, int,
		    const char *);
static json_t	*key_validate(struct asr_req *, struct key_create *,
		    const char **);
static int	scopes_field(json_t *, char *, size_t, json_t *);
static void	key_generate(struct key_create *);
static int	key_created(struct http_request *, struct asr_req *,
		    struct key_create *);
static int	org_valid(const char *);

/* A key was presented: AUTH_KEY to look it up, AUTH_ANSWERED if garbage. */
int
apikeys_begin(struct http_request *req, struct asr_req *ar, const char *key)
{
	if (!apikey_shape_ok(key))
		return (key_refused(req, ar, 401, "The API key is malformed."));

	(void)auth_hash_secret(key, ar->key_hash);

	return (AUTH_KEY);
}

/*
 * The look-up, then the route's checks for a key: AUTH_KEY while waiting,
 * AUTH_GO when the request may go on, AUTH_ANSWERED with a 401 or 403.
 */
int
apikeys_check(struct http_request *req, struct asr_req *ar)
{
	const struct asr_route	*r = ar->route;
	const char		*params[4];
	char			 now[CLOCK_RFC3339_LEN], detail[128];
	int			 role;

	clock_format_rfc3339(clock_now_ms(), now, sizeof(now));
	params[0] = ar->key_hash;
	params[1] = now;
	params[2] = ar->id;
	params[3] = ar->client[0] != '\0' ? ar->client : NULL;
	switch (db_run(req, &ar->db, sql_check, 4, params)) {
	case DB_PENDING:
		return (AUTH_KEY);
	case DB_ERROR:
		(void)asr_db_failure(req, ar);
		return (AUTH_ANSWERED);
	}

	if (db_rows(&ar->db) != 1)
		return (key_refused(req, ar, 401, "This API key is unknown."));
	if (strcmp(db_value(&ar->db, 0, 4), "t") != 0)
		return (key_refused(req, ar, 401, "This API key was revoked."));
	if (strcmp(db_value(&ar->db, 0, 5), "t") != 0)
		return (key_refused(req, ar, 401, "This API key has expired."));

	ar->partner = 1;
	(void)kore_strlcpy(ar->who.sub, db_value(&ar->db, 0, 0),
	    sizeof(ar->who.sub));
	(void)kore_strlcpy(ar->who.org, db_value(&ar->db, 0, 1),
	    sizeof(ar->who.org));
	ar->key_scopes = apikey_scopes_parse(db_value(&ar->db, 0, 2));
	role = apikey_role_for_kind(db_value(&ar->db, 0, 3));
	db_reset(&ar->db);

	if (!(r->roles & ROLE_PARTNER))
		return (key_refused(req, ar, 403,
		    "API keys may not use this operation."));
	if (r->scope != 0 && (ar->key_scopes < 0 ||
	    !(ar->key_scopes & r->scope))) {
		(void)snprintf(detail, sizeof(detail), "This API key lacks the "
		    "scope %s that this operation needs.",
		    scope_name(r->scope));
		return (key_refused(req, ar, 403, detail));
	}
	if (!(r->roles & role))
		return (key_refused(req, ar, 403, "Keys of this organisation's "
		    "kind may not use this operation."));

	ar->who.role = role;

	return (AUTH_GO);
}

static int
key_refused(struct http_request *req, struct asr_req *ar, int status,
    const char *detail)
{
	if (status == 401)
		(void)asr_unauthorized(req, ar, 1, detail);
	else
		(void)asr_problem(req, ar, 403, "forbidden", detail);

	return (AUTH_ANSWERED);
}

int
apikeys_create(struct http_request *req, struct asr_req *ar)
{
	struct key_create	*st = asr_state(ar, sizeof(*st));
	const char		*v[3], *params[8];
	json_t			*errors;

	errors = key_validate(ar, st, v);
	if (json_array_size(errors) > 0)
		return (asr_problem_errors(req, ar, 400, "validation-failed",
		    "Some fields are missing or invalid; see errors.", errors));
	json_decref(errors);

	if (st->secret[0] == '\0')
		key_generate(st);
	params[0] = v[0];
	params[1] = v[1];
	params[2] = st->scopes;
	params[3] = st->hash;
	params[4] = st->prefix;
	params[5] = v[2];
	params[6] = ar->who.sub;
	params[7] = st->now;
	switch (write_run(req, ar, WRITE_CREATE, "api_key", sql_create, 8,
	    params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (write_done(ar))
		return (key_created(req, ar, st));

	return (write_answer(req, ar, WRITE_CREATE, IF_MATCH_ANY,
	    "/v1/api-keys", "API key"));
}

/* The one answer that shows the secret; a replay shows "key": null. */
static int
key_created(struct http_request *req, struct asr_req *ar,
    struct key_create *st)
{
	json_t		*body;
	char		 location[96];

	body = json_loads(db_value(&ar->db, 0, 2), 0, NULL);
	if (body == NULL)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The key could not be encoded."));
	json_object_set_new(body, "key", json_string(st->secret));
	sodium_memzero(st->secret, sizeof(st->secret));

	(void)snprintf(location, sizeof(location), "/v1/api-keys/%s",
	    db_value(&ar->db, 0, 3));
	http_response_header(req, "location", location);
	list_etag(req, db_value(&ar->db, 0, 4));

	return (asr_json(req, ar, 201, body));
}

/* v: organisation_id, name, expires_at (or NULL); scopes into st. */
static json_t *
key_validate(struct asr_req *ar, struct key_create *st, const char **v)
{
	json_t		*errors, *expires;
	int64_t		 ms;

	memset(v, 0, 3 * sizeof(*v));
	errors = json_array();
	(void)fields_unknown(ar->body, create_fields, errors);
	(void)field_uuid(ar->body, "organisation_id", 1, &v[0], errors);
	(void)field_string(ar->body, "name", 1, 200, 1, &v[1], errors);
	(void)scopes_field(ar->body, st->scopes, sizeof(st->scopes), errors);

	if (st->now[0] == '\0')
		clock_format_rfc3339(clock_now_ms(), st->now, sizeof(st->now));
	expires = json_object_get(ar->body, "expires_at");
	if (expires != NULL && !json_is_null(expires)) {
		if (!json_is_string(expires) ||
		    !clock_parse_rfc3339(json_string_value(expires), &ms))
			asr_field_error(errors, "expires_at", "type",
			    "An RFC 3339 timestamp, or null.");
		else if (ms <= clock_now_ms())
			asr_field_error(errors, "expires_at", "range",
			    "A key expires in the future.");
		else
			v[2] = json_string_value(expires);
	}

	return (errors);
}

/* scopes: a non-empty array of known scope names, as a text[] literal. */
static int
scopes_field(json_t *body, char *buf, size_t len, json_t *errors)
{
	json_t		*scopes, *s;
	size_t		 i, off;
	int		 bits, bit;

	scopes = json_object_get(body, "scopes");
	if (scopes == NULL) {
		asr_field_error(errors, "scopes", "required",
		    "The scopes this key holds.");
		return (FIELD_BAD);
	}
	if (!json_is_array(scopes) || json_array_size(scopes) == 0 ||
	    json_array_size(scopes) > scope_count()) {
		asr_field_error(errors, "scopes", "type",
		    "An array of 1 to 7 scope names.");
		return (FIELD_BAD);
	}

	bits = 0;
	json_array_foreach(scopes, i, s) {
		bit = scope_from_name(json_string_value(s));
		if (bit == 0 || (bits & bit)) {
			asr_field_error(errors, "scopes", "enum", bit == 0 ?
			    "Unknown scope; see the API keys section of the "
			    "contract." : "A scope is named twice.");
			return (FIELD_BAD);
		}
		bits |= bit;
	}

	off = 0;
	buf[off++] = '{';
	for (i = 0; scope_at(i) != 0; i++) {
		if (bits & scope_at(i))
			off += (size_t)snprintf(buf + off, len - off, "%s%s",
			    off > 1 ? "," : "", scope_name(scope_at(i)));
	}
	(void)snprintf(buf + off, len - off, "}");

	return (FIELD_OK);
}

/* "asr_" and 32 random bytes in base64url; stored as its hash only. */
static void
key_generate(struct key_create *st)
{
	unsigned char	raw[32];

	randombytes_buf(raw, sizeof(raw));
	memcpy(st->secret, APIKEY_PREFIX, APIKEY_PREFIX_LEN);
	(void)sodium_bin2base64(st->secret + APIKEY_PREFIX_LEN,
	    sizeof(st->secret) - APIKEY_PREFIX_LEN, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	(void)auth_hash_secret(st->secret, st->hash);
	(void)kore_strlcpy(st->prefix, st->secret, sizeof(st->prefix));
}

int
apikeys_list(struct http_request *req, struct asr_req *ar)
{
	struct list_page	page;
	char			orgs[LIST_FILTER_LEN];
	const char		*params[5];
	int64_t			 ms;

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 2) ||
	    !list_filter(req, ar, "organisation_id", org_valid, orgs,
	    &params[0]))
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

/* DELETE revokes: the key stays listed, with its revoked_at. */
int
apikeys_revoke(struct http_request *req, struct asr_req *ar)
{
	struct key_revoke	*st = asr_state(ar, sizeof(*st));
	const char		*params[4], *versions;

	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found",
		    "No such API key."));

	st->if_match = list_if_match(req, st->versions, &versions);
	if (st->now[0] == '\0')
		clock_format_rfc3339(clock_now_ms(), st->now, sizeof(st->now));
	params[0] = ar->params.value[0];
	params[1] = versions;
	params[2] = ar->who.sub;
	params[3] = st->now;
	switch (write_run(req, ar, WRITE_DELETE, "api_key", sql_revoke, 4,
	    params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (write_answer(req, ar, WRITE_DELETE, st->if_match,
	    "/v1/api-keys", "API key"));
}

static int
org_valid(const char *s)
{
	return (uuid_valid(s));
}
