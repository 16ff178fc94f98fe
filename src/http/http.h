/*
 * The HTTP layer: one dispatcher in front of a route table (routes.c), the
 * per-request state every handler receives, and the answers (JSON,
 * problem+json, cached public answers). Kore routes every path to
 * asr_dispatch(); paths, methods, query strings, bodies and limits are the
 * application's, so that every error is a problem+json the client can read.
 */
#ifndef ASR_HTTP_H
#define ASR_HTTP_H

#include <stdint.h>

#include <jansson.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "core/netaddr.h"
#include "core/path.h"
#include "core/qs.h"
#include "core/reqid.h"
#include "core/roles.h"
#include "core/scopes.h"
#include "core/token.h"
#include "db/db.h"

/* The API's own body limits; Kore's (conf) is set above both. */
#define ASR_BODY_MAX		((size_t)1024 * 1024)
#define ASR_BINARY_BODY_MAX	((size_t)10 * 1024 * 1024)	/* documents */

/* Route flags. */
#define ROUTE_JSON_BODY		0x0001	/* takes a JSON object body */
#define ROUTE_BINARY_BODY	0x0002	/* takes a file, up to 10 MiB */

#define ASR_RETRY_AFTER_S	"5"
#define ASR_PROBLEM_BASE	"https://asr-mayotte.fr/problems/"

struct asr_req;
struct http_request;

typedef int	(*asr_handler)(struct http_request *, struct asr_req *);

struct asr_route {
	int			 method;	/* one HTTP_METHOD_* */
	const char		*path;		/* template, "/v1/users/{id}" */
	int			 roles;		/* ROLE_* bits allowed */
	asr_handler		 handler;
	const char *const	*query;		/* allowed names, NULL-ended */
	int			 flags;
	int			 scope;		/* SCOPE_* a key needs, 0: none */
};

struct password_job;
struct write_run;
struct export_stream;

struct asr_req {
	const struct asr_route	*route;
	struct path_params	 params;
	struct qs		 query;
	json_t			*body;
	struct db_call		 db;
	struct identity		 who;		/* role ROLE_ANONYMOUS if none */
	struct password_job	*password;
	void			*state;		/* the handler's, see asr_state */
	size_t			 state_len;
	int			 step;
	int64_t			 started_us;
	const char		*origin;	/* an allowed Origin, or NULL */
	const char		*cache_control;
	char			 id[REQID_MAX + 1];
	char			 client[NETADDR_TEXT_LEN];	/* caller's */
	int			 phase;		/* the dispatcher's */
	int			 partner;	/* who is an API key */
	int			 key_scopes;	/* that key's SCOPE_* bits */
	char			 key_hash[65];	/* BLAKE2b-256 hex of it */
	struct write_run	*write;		/* write_run()'s state */
	struct export_stream	*export;	/* a CSV list */
};

extern const struct asr_route	asr_routes[];
extern const size_t		asr_routes_count;

int	asr_dispatch(struct http_request *);
void	*asr_state(struct asr_req *, size_t);
int64_t	asr_elapsed_us(const struct asr_req *);

char	*asr_json_text(json_t *);
int	asr_body_text(struct http_request *, struct asr_req *, char **);
int	asr_json(struct http_request *, struct asr_req *, int, json_t *);
int	asr_raw(struct http_request *, struct asr_req *, int, const char *,
	    const void *, size_t);
int	asr_cached(struct http_request *, struct asr_req *, const char *,
	    const void *, size_t);
int	asr_cached_for(struct http_request *, struct asr_req *, const char *,
	    const char *, const void *, size_t);
int	asr_public(struct http_request *, struct asr_req *, const void *,
	    size_t);
int	asr_empty(struct http_request *, struct asr_req *, int);
void	asr_stream_start(struct http_request *, struct asr_req *,
	    const char *);
int	asr_db_json(struct http_request *, struct asr_req *, int, int);
int	asr_problem(struct http_request *, struct asr_req *, int,
	    const char *, const char *);
int	asr_problem_errors(struct http_request *, struct asr_req *, int,
	    const char *, const char *, json_t *);
int	asr_db_failure(struct http_request *, struct asr_req *);
int	asr_unauthorized(struct http_request *, struct asr_req *, int,
	    const char *);
int	asr_too_many(struct http_request *, struct asr_req *, long,
	    const char *);
const char	*asr_actor_role(const struct asr_req *);
int		 asr_actor_params(const struct asr_req *, const char **, int);
void	asr_field_error(json_t *, const char *, const char *, const char *);

#endif
