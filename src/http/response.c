/*
 * Answers: JSON, problem+json (RFC 9457), empty and cached public answers.
 * Every answer leaves through asr_send(), which adds the headers every
 * answer carries (request id, security headers, CORS) and writes the one
 * log line of the request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "asr.h"
#include "core/fields.h"
#include "http/http.h"

#define ETAG_BYTES	16

static const struct {
	const char	*slug;
	const char	*title;
} problem_titles[] = {
	{ "not-found", "Not found" },
	{ "method-not-allowed", "Method not allowed" },
	{ "payload-too-large", "Payload too large" },
	{ "unsupported-media-type", "Unsupported media type" },
	{ "malformed-json", "Malformed JSON" },
	{ "invalid-query", "Invalid query" },
	{ "validation-failed", "Validation failed" },
	{ "database-unavailable", "Database unavailable" },
	{ "cors-origin-denied", "Origin not allowed" },
	{ "unauthorized", "Unauthorized" },
	{ "invalid-credentials", "Invalid credentials" },
	{ "forbidden", "Forbidden" },
	{ "conflict", "Conflict" },
	{ "beneficiary-ineligible", "Beneficiary not eligible" },
	{ "precondition-required", "Precondition required" },
	{ "precondition-failed", "Precondition failed" },
	{ "internal-error", "Internal error" },
	{ "invalid-header", "Invalid header" },
	{ "idempotency-key-reused", "Idempotency key reused" },
	{ "too-many-requests", "Too many requests" },
};

static int		 asr_send(struct http_request *, struct asr_req *, int,
			    const char *, const void *, size_t);
static void		 asr_headers(struct http_request *, struct asr_req *,
			    const char *);
static const char	*problem_title(const char *);
static const char	*method_name(int);

/*
 * JSON as compact text, reals at 15 significant digits: the double that
 * jansson parsed from 0.1 prints as 0.1 again, in answers and in the
 * bodies handed to SQL (17 digits would make it 0.10000000000000001).
 */
char *
asr_json_text(json_t *value)
{
	return (json_dumps(value, JSON_COMPACT | JSON_REAL_PRECISION(15)));
}

/* The request's body as text for a write's SQL; 0 once a 500 answered. */
int
asr_body_text(struct http_request *req, struct asr_req *ar, char **text)
{
	if ((*text = asr_json_text(ar->body)) == NULL) {
		(void)asr_problem(req, ar, 500, "internal-error",
		    "The body could not be encoded.");
		return (0);
	}

	return (1);
}

int
asr_json(struct http_request *req, struct asr_req *ar, int status, json_t *obj)
{
	char		*text;
	int		 rc;

	text = asr_json_text(obj);
	json_decref(obj);
	if (text == NULL)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The answer could not be encoded."));

	rc = asr_send(req, ar, status, "application/json; charset=utf-8",
	    text, strlen(text));
	free(text);

	return (rc);
}

int
asr_raw(struct http_request *req, struct asr_req *ar, int status,
    const char *ctype, const void *data, size_t len)
{
	return (asr_send(req, ar, status, ctype, data, len));
}

/* The JSON that PostgreSQL built, in column col of the first row. */
int
asr_db_json(struct http_request *req, struct asr_req *ar, int status, int col)
{
	return (asr_send(req, ar, status, "application/json; charset=utf-8",
	    db_value(&ar->db, 0, col), (size_t)db_length(&ar->db, 0, col)));
}

int
asr_empty(struct http_request *req, struct asr_req *ar, int status)
{
	return (asr_send(req, ar, status, NULL, NULL, 0));
}

/*
 * A public answer: a strong ETag from the bytes, 304 when the client has
 * them already, and a cache lifetime for browsers and proxies.
 */
int
asr_cached(struct http_request *req, struct asr_req *ar, const char *ctype,
    const void *data, size_t len)
{
	return (asr_cached_for(req, ar, "public, max-age=3600", ctype, data,
	    len));
}

/* The public catalogue changes often: a minute in caches, with ETags. */
int
asr_public(struct http_request *req, struct asr_req *ar, const void *data,
    size_t len)
{
	return (asr_cached_for(req, ar, "public, max-age=60",
	    "application/json; charset=utf-8", data, len));
}

int
asr_cached_for(struct http_request *req, struct asr_req *ar,
    const char *cache_control, const char *ctype, const void *data,
    size_t len)
{
	unsigned char	 hash[ETAG_BYTES];
	char		 hex[ETAG_BYTES * 2 + 1], etag[ETAG_BYTES * 2 + 3];
	const char	*inm;

	crypto_generichash(hash, sizeof(hash), data, len, NULL, 0);
	(void)sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	(void)snprintf(etag, sizeof(etag), "\"%s\"", hex);

	ar->cache_control = cache_control;
	http_response_header(req, "etag", etag);

	if (http_request_header(req, "if-none-match", &inm) &&
	    (strstr(inm, etag) != NULL || strcmp(inm, "*") == 0))
		return (asr_send(req, ar, 304, NULL, NULL, 0));

	return (asr_send(req, ar, 200, ctype, data, len));
}

int
asr_problem(struct http_request *req, struct asr_req *ar, int status,
    const char *slug, const char *detail)
{
	return (asr_problem_errors(req, ar, status, slug, detail, NULL));
}

int
asr_problem_errors(struct http_request *req, struct asr_req *ar, int status,
    const char *slug, const char *detail, json_t *errors)
{
	json_t		*obj;
	char		*text, type[128];
	int		 rc;

	(void)snprintf(type, sizeof(type), "%s%s", ASR_PROBLEM_BASE, slug);
	obj = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}",
	    "type", type, "title", problem_title(slug), "status", status,
	    "detail", detail, "instance", req->path, "request_id", ar->id);
	if (obj != NULL && errors != NULL)
		json_object_set(obj, "errors", errors);
	json_decref(errors);

	if (status == 503)
		http_response_header(req, "retry-after", ASR_RETRY_AFTER_S);

	ar->cache_control = NULL;
	text = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
	json_decref(obj);
	if (text == NULL) {
		return (asr_send(req, ar, 500, "application/problem+json",
		    "{\"status\":500}", 14));
	}

	rc = asr_send(req, ar, status, "application/problem+json", text,
	    strlen(text));
	free(text);

	return (rc);
}

/* 503 while PostgreSQL is away; anything else from it is our bug. */
int
asr_db_failure(struct http_request *req, struct asr_req *ar)
{
	if (ar->db.unavailable)
		return (asr_problem(req, ar, 503, "database-unavailable",
		    "The database is unavailable; retry shortly."));

	kore_log(LOG_ERR, "%s: unexpected database error %s", ar->id,
	    ar->db.sqlstate);

	return (asr_problem(req, ar, 500, "internal-error",
	    "An unexpected error occurred; it was logged with the request "
	    "id."));
}

/* 401: invalid_token when credentials were presented and refused. */
int
asr_unauthorized(struct http_request *req, struct asr_req *ar,
    int invalid_token, const char *detail)
{
	http_response_header(req, "www-authenticate", invalid_token ?
	    "Bearer realm=\"asr\", error=\"invalid_token\"" :
	    "Bearer realm=\"asr\"");

	return (asr_problem(req, ar, 401, "unauthorized", detail));
}

/* 429 with Retry-After (seconds, at least 1). */
int
asr_too_many(struct http_request *req, struct asr_req *ar, long retry_s,
    const char *detail)
{
	char		retry[24];

	(void)snprintf(retry, sizeof(retry), "%ld", retry_s < 1 ? 1 : retry_s);
	http_response_header(req, "retry-after", retry);

	return (asr_problem(req, ar, 429, "too-many-requests", detail));
}

/* The caller's role as the audit log names it: "partner" for a key. */
const char *
asr_actor_role(const struct asr_req *ar)
{
	const char	*name;

	if (ar->partner)
		return ("partner");
	name = role_name(ar->who.role);

	return (name != NULL ? name : "anonymous");
}

/*
 * Who acts, as an audit row holds it, from params[n]: the actor's id,
 * its type (user, api_key, anonymous), role and organisation. Returns the
 * new count.
 */
int
asr_actor_params(const struct asr_req *ar, const char **params, int n)
{
	params[n++] = ar->who.role == ROLE_ANONYMOUS ? NULL : ar->who.sub;
	params[n++] = ar->who.role == ROLE_ANONYMOUS ? "anonymous" :
	    ar->partner ? "api_key" : "user";
	params[n++] = asr_actor_role(ar);
	params[n++] = ar->who.org[0] != '\0' ? ar->who.org : NULL;

	return (n);
}

void
asr_field_error(json_t *errors, const char *field, const char *code,
    const char *detail)
{
	field_error(errors, field, code, detail);
}

static int
asr_send(struct http_request *req, struct asr_req *ar, int status,
    const char *ctype, const void *data, size_t len)
{
	asr_headers(req, ar, ctype);
	http_response(req, status, data, len);

	kore_log(LOG_INFO, "%s %s %s %d %.3fms", ar->id,
	    method_name(req->method), req->path, status,
	    (double)asr_elapsed_us(ar) / 1000.0);

	return (KORE_RESULT_OK);
}

/*
 * The head of a 200 whose body follows in HTTP/1.1 chunks (http/export.c):
 * no Content-Length, Transfer-Encoding chunked.
 */
void
asr_stream_start(struct http_request *req, struct asr_req *ar,
    const char *ctype)
{
	asr_headers(req, ar, ctype);
	http_response_header(req, "transfer-encoding", "chunked");
	req->flags |= HTTP_REQUEST_NO_CONTENT_LENGTH;
	http_response(req, 200, NULL, 0);

	kore_log(LOG_INFO, "%s %s %s 200 %.3fms (streaming)", ar->id,
	    method_name(req->method), req->path,
	    (double)asr_elapsed_us(ar) / 1000.0);
}

/* The headers every answer carries. */
static void
asr_headers(struct http_request *req, struct asr_req *ar, const char *ctype)
{
	http_response_header(req, "x-request-id", ar->id);
	http_response_header(req, "x-content-type-options", "nosniff");
	http_response_header(req, "referrer-policy", "no-referrer");
	http_response_header(req, "x-frame-options", "DENY");
	http_response_header(req, "content-security-policy",
	    "default-src 'none'; frame-ancestors 'none'");
	http_response_header(req, "cache-control",
	    ar->cache_control != NULL ? ar->cache_control : "no-store");
	http_response_header(req, "vary", "Origin");
	if (ar->origin != NULL) {
		http_response_header(req, "access-control-allow-origin",
		    ar->origin);
		http_response_header(req, "access-control-expose-headers",
		    "X-Request-Id, ETag, Location, Retry-After");
	}
	if (ctype != NULL)
		http_response_header(req, "content-type", ctype);
}

static const char *
problem_title(const char *slug)
{
	size_t		i;

	for (i = 0; i < sizeof(problem_titles) / sizeof(problem_titles[0]);
	    i++) {
		if (strcmp(problem_titles[i].slug, slug) == 0)
			return (problem_titles[i].title);
	}

	return ("Error");
}

static const char *
method_name(int method)
{
	switch (method) {
	case HTTP_METHOD_GET:
		return ("GET");
	case HTTP_METHOD_HEAD:
		return ("HEAD");
	case HTTP_METHOD_POST:
		return ("POST");
	case HTTP_METHOD_PUT:
		return ("PUT");
	case HTTP_METHOD_PATCH:
		return ("PATCH");
	case HTTP_METHOD_DELETE:
		return ("DELETE");
	case HTTP_METHOD_OPTIONS:
		return ("OPTIONS");
	}

	return ("?");
}
