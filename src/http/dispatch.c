/*
 * The dispatcher: Kore hands it every request (one catch-all route in the
 * conf). It gives the request an id, finds the route, and runs the checks
 * that every route shares, in the order of API_CONVENTIONS.md: 404 unknown
 * path, 405 wrong method, 413 body over the API's limit, 415 wrong content
 * type, 400 unknown query parameter or malformed JSON. Only then does the
 * handler run, with the path parameters, the query and the body parsed.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include <arpa/inet.h>

#include "asr.h"
#include "auth/apikeys.h"
#include "auth/auth.h"
#include "auth/password.h"
#include "core/mediatype.h"
#include "http/export.h"
#include "http/http.h"
#include "http/writes.h"

#define ALLOW_MAX	64

/* Where the dispatcher stands with a request. */
#define PHASE_BEGIN	0
#define PHASE_KEY	1	/* an API key being looked up */
#define PHASE_HANDLER	2

static int	dispatch_begin(struct http_request *, struct asr_req *);
static int	dispatch_rest(struct http_request *, struct asr_req *);
static void	dispatch_client(struct http_request *, struct asr_req *);
static int	dispatch_options(struct http_request *, struct asr_req *, int);
static int	dispatch_query(struct http_request *, struct asr_req *);
static int	dispatch_body(struct http_request *, struct asr_req *);
static void	dispatch_request_id(struct http_request *, struct asr_req *);
static void	allow_header(int, char *, size_t);
static int	dispatch_literal(const char *);
static void	asr_req_free(struct http_request *);
static int64_t	monotonic_us(void);

int
asr_dispatch(struct http_request *req)
{
	struct asr_req	*ar;

	int		 rc;

	if ((ar = http_state_get(req)) == NULL) {
		ar = http_state_create(req, sizeof(*ar), asr_req_free);
		rc = dispatch_begin(req, ar);
		if (rc == AUTH_ANSWERED)
			return (KORE_RESULT_OK);
		ar->phase = rc == AUTH_KEY ? PHASE_KEY : PHASE_HANDLER;
		if (rc == AUTH_GO && !dispatch_rest(req, ar))
			return (KORE_RESULT_OK);
	}

	if (ar->phase == PHASE_KEY) {
		switch (apikeys_check(req, ar)) {
		case AUTH_KEY:
			return (KORE_RESULT_RETRY);
		case AUTH_ANSWERED:
			return (KORE_RESULT_OK);
		}
		ar->phase = PHASE_HANDLER;
		if (!dispatch_rest(req, ar))
			return (KORE_RESULT_OK);
	}

	return (ar->route->handler(req, ar));
}

/*
 * Up to the credentials: AUTH_GO when the rest of the checks are to run,
 * AUTH_KEY when an API key is to be looked up first, AUTH_ANSWERED.
 */
static int
dispatch_begin(struct http_request *req, struct asr_req *ar)
{
	const struct asr_route	*r;
	struct path_params	 params;
	const char		*origin;
	size_t			 i;
	int			 method, methods;
	char			 allow[ALLOW_MAX];

	ar->started_us = monotonic_us();
	dispatch_request_id(req, ar);
	dispatch_client(req, ar);
	if (http_request_header(req, "origin", &origin) &&
	    origins_allowed(&asr_config.cors, origin))
		ar->origin = origin;

	method = req->method == HTTP_METHOD_HEAD ? HTTP_METHOD_GET :
	    req->method;
	methods = 0;
	for (i = 0; i < asr_routes_count; i++) {
		r = &asr_routes[i];
		if (!path_match(r->path, req->path, &params))
			continue;
		/* A literal path (/v1/needs/inbox) hides templates ({id}). */
		if (params.count > 0 && dispatch_literal(req->path))
			continue;
		methods |= r->method;
		if (r->method == method && ar->route == NULL) {
			ar->route = r;
			ar->params = params;
		}
	}

	if (methods == 0) {
		(void)asr_problem(req, ar, 404, "not-found",
		    "No resource lives at this path.");
		return (AUTH_ANSWERED);
	}

	if (req->method == HTTP_METHOD_OPTIONS) {
		(void)dispatch_options(req, ar, methods);
		return (AUTH_ANSWERED);
	}

	if (ar->route == NULL) {
		allow_header(methods, allow, sizeof(allow));
		http_response_header(req, "allow", allow);
		(void)asr_problem(req, ar, 405, "method-not-allowed",
		    "This resource does not answer this method; see Allow.");
		return (AUTH_ANSWERED);
	}

	if ((ar->route->flags & ROUTE_BINARY_BODY) ?
	    req->http_body_length > ASR_BINARY_BODY_MAX :
	    req->http_body_length > ASR_BODY_MAX) {
		(void)asr_problem(req, ar, 413, "payload-too-large",
		    (ar->route->flags & ROUTE_BINARY_BODY) ?
		    "The file is larger than the API's limit of 10 MiB." :
		    "The body is larger than the API's limit of 1 MiB.");
		return (AUTH_ANSWERED);
	}

	return (auth_check(req, ar));
}

/* After the credentials: 415, 400. Returns 1 when the handler is to run. */
static int
dispatch_rest(struct http_request *req, struct asr_req *ar)
{
	const char	*ctype, *key;
	json_t		*errors;

	if (ar->route->flags & ROUTE_JSON_BODY) {
		if (!http_request_header(req, "content-type", &ctype) ||
		    !(mediatype_is(ctype, "application/json") ||
		    (req->method == HTTP_METHOD_PATCH &&
		    mediatype_is(ctype, "application/merge-patch+json"))))
			return (!asr_problem(req, ar, 415,
			    "unsupported-media-type",
			    "Send the body as application/json in UTF-8."));
	}

	if (!dispatch_query(req, ar))
		return (0);

	if ((ar->route->flags & ROUTE_JSON_BODY) && !dispatch_body(req, ar))
		return (0);

	if (req->method == HTTP_METHOD_POST &&
	    http_request_header(req, "idempotency-key", &key) &&
	    !write_idempotency_key_ok(key)) {
		errors = json_array();
		asr_field_error(errors, "Idempotency-Key", "invalid",
		    "1 to 255 visible ASCII characters.");
		return (!asr_problem_errors(req, ar, 400, "invalid-header",
		    "The Idempotency-Key header is malformed.", errors));
	}

	return (1);
}

/*
 * The client's address: the socket's peer, or what trusted proxies say
 * in X-Forwarded-For (core/netaddr.h).
 */
static void
dispatch_client(struct http_request *req, struct asr_req *ar)
{
	const char	*xff;
	char		 peer[NETADDR_TEXT_LEN];

	peer[0] = '\0';
	if (req->owner->family == AF_INET)
		(void)inet_ntop(AF_INET, &req->owner->addr.ipv4.sin_addr, peer,
		    sizeof(peer));
	else if (req->owner->family == AF_INET6)
		(void)inet_ntop(AF_INET6, &req->owner->addr.ipv6.sin6_addr,
		    peer, sizeof(peer));
	if (!http_request_header(req, "x-forwarded-for", &xff))
		xff = NULL;
	netaddr_client(&asr_config.trusted_proxies, peer, xff, ar->client,
	    sizeof(ar->client));
}

/* Whether a route without path parameters matches path. */
static int
dispatch_literal(const char *path)
{
	struct path_params	params;
	size_t			i;

	for (i = 0; i < asr_routes_count; i++)
		if (path_match(asr_routes[i].path, path, &params) &&
		    params.count == 0)
			return (1);
	return (0);
}

/* A CORS preflight from an allowed origin, or a plain OPTIONS. */
static int
dispatch_options(struct http_request *req, struct asr_req *ar, int methods)
{
	const char	*origin, *wanted;
	char		 allow[ALLOW_MAX];

	allow_header(methods, allow, sizeof(allow));

	if (http_request_header(req, "origin", &origin) &&
	    http_request_header(req, "access-control-request-method",
	    &wanted)) {
		if (ar->origin == NULL)
			return (asr_problem(req, ar, 403, "cors-origin-denied",
			    "This origin is not allowed to call the API."));
		http_response_header(req, "access-control-allow-methods",
		    allow);
		http_response_header(req, "access-control-allow-headers",
		    "Authorization, Content-Type, If-Match, If-None-Match, "
		    "Idempotency-Key, X-API-Key, X-Request-Id");
		http_response_header(req, "access-control-max-age", "600");
	}

	http_response_header(req, "allow", allow);

	return (asr_empty(req, ar, 204));
}

static int
dispatch_query(struct http_request *req, struct asr_req *ar)
{
	const char *const	*allowed;
	json_t			*errors;
	size_t			 i;
	int			 rc, known;

	rc = qs_parse(&ar->query, req->query_string);
	errors = json_array();
	if (rc == QS_TOO_MANY) {
		asr_field_error(errors, "query", "invalid",
		    "At most 64 query parameters.");
		return (!asr_problem_errors(req, ar, 400, "invalid-query",
		    "Too many query parameters.", errors));
	}

	/* An empty name ("?=x") is reported as "query": a field is never "". */
	if (rc == QS_BAD_ENCODING)
		asr_field_error(errors, ar->query.bad_name[0] != '\0' ?
		    ar->query.bad_name : "query", "invalid",
		    "Malformed percent-encoding or invalid UTF-8.");

	for (i = 0; i < ar->query.count; i++) {
		known = 0;
		for (allowed = ar->route->query; allowed != NULL &&
		    *allowed != NULL; allowed++) {
			if (strcmp(*allowed, ar->query.args[i].name) == 0)
				known = 1;
		}
		if (!known)
			asr_field_error(errors, ar->query.args[i].name[0] !=
			    '\0' ? ar->query.args[i].name : "query",
			    "unknown", "This query parameter is not accepted "
			    "here.");
	}

	if (json_array_size(errors) == 0) {
		json_decref(errors);
		return (1);
	}

	return (!asr_problem_errors(req, ar, 400, "invalid-query",
	    "The query string has parameters this resource does not take.",
	    errors));
}

static int
dispatch_body(struct http_request *req, struct asr_req *ar)
{
	json_error_t	 err;
	char		 detail[256];

	/* Kore holds the whole body in memory (no disk offload in the conf). */
	if (req->http_body == NULL || req->http_body_length == 0)
		return (!asr_problem(req, ar, 400, "malformed-json",
		    "A JSON object body is required."));

	ar->body = json_loadb((const char *)req->http_body->data,
	    req->http_body_length, JSON_REJECT_DUPLICATES, &err);
	if (ar->body == NULL) {
		(void)snprintf(detail, sizeof(detail),
		    "The body is not valid JSON: %s at line %d, column %d.",
		    err.text, err.line, err.column);
		return (!asr_problem(req, ar, 400, "malformed-json", detail));
	}

	if (!json_is_object(ar->body))
		return (!asr_problem(req, ar, 400, "malformed-json",
		    "The body must be a JSON object."));

	return (1);
}

static void
dispatch_request_id(struct http_request *req, struct asr_req *ar)
{
	const char	*given;

	if (http_request_header(req, "x-request-id", &given) &&
	    reqid_valid(given))
		(void)kore_strlcpy(ar->id, given, sizeof(ar->id));
	else
		reqid_generate(ar->id, sizeof(ar->id));
}

static void
allow_header(int methods, char *buf, size_t len)
{
	static const struct {
		int		 method;
		const char	*text;
	} names[] = {
		{ HTTP_METHOD_GET, "GET, HEAD" },
		{ HTTP_METHOD_POST, "POST" },
		{ HTTP_METHOD_PUT, "PUT" },
		{ HTTP_METHOD_PATCH, "PATCH" },
		{ HTTP_METHOD_DELETE, "DELETE" },
	};
	size_t		i, off;
	int		n;

	off = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(methods & names[i].method))
			continue;
		n = snprintf(buf + off, len - off, "%s, ", names[i].text);
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += (size_t)n;
	}
	(void)snprintf(buf + off, len - off, "OPTIONS");
}

/*
 * The handler's own state, zeroed, kept until the request ends; the same
 * on every call of the handler.
 */
void *
asr_state(struct asr_req *ar, size_t len)
{
	if (ar->state == NULL) {
		ar->state = kore_calloc(1, len);
		ar->state_len = len;
	}

	return (ar->state);
}

/*
 * May run twice: Kore keeps a request whose password task still runs and
 * frees it again when the task ends. Everything here is idempotent.
 */
static void
asr_req_free(struct http_request *req)
{
	struct asr_req	*ar;

	if ((ar = http_state_get(req)) == NULL)
		return;

	qs_free(&ar->query);
	json_decref(ar->body);
	ar->body = NULL;
	db_reset(&ar->db);
	write_run_free(ar);
	export_stream_free(ar);
	if (ar->state != NULL) {
		sodium_memzero(ar->state, ar->state_len);
		kore_free(ar->state);
		ar->state = NULL;
	}
	if (ar->password != NULL && password_job_free(ar->password))
		ar->password = NULL;
}

static int64_t
monotonic_us(void)
{
	struct timespec		ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

int64_t
asr_elapsed_us(const struct asr_req *ar)
{
	return (monotonic_us() - ar->started_us);
}
