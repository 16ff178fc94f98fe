/*
 * The social clauses' resources (markets, lots, clauses, attributions,
 * actions, hours, visits) share one shape: a body checked in C by a table
 * of fields, then one SQL write function that checks reach, rights, data
 * and version and answers (status, errors, body, id, version), as the
 * catalogue does. A resource is described once by a struct res; the
 * handlers are one-line calls of the functions below.
 */
#ifndef ASR_CLAUSES_RESOURCE_H
#define ASR_CLAUSES_RESOURCE_H

#include "http/fields.h"
#include "http/http.h"
#include "http/lists.h"

/*
 * Bounds of money (100 bn EUR) and of hours (1 bn): within the numeric
 * columns, so that no value the API lets through overflows them.
 */
#define RES_MONEY_MAX	1e11
#define RES_HOURS_MAX	1e9

/* What res_body() and res_invalid() did. */
#define RES_OK		1
#define RES_ANSWERED	0
#define RES_PENDING	(-1)

/* A number with at most `scale` decimals (money 2, hours 2, shares 6). */
struct res_decimal {
	const char		*name;
	int			 scale;
};

struct res_enum {
	const char		*name;
	const char *const	*values;
};

struct res {
	const char			*what;		/* "market" */
	const char			*collection;	/* for Location */
	const struct field_spec		*fields;
	const struct res_decimal	*decimals;	/* scale 0: integer */
	const struct res_enum		*enums;
	void				(*check)(json_t *, json_t *);
	/* $1 parent, $2 body, $3 actor, $4 own, $5 now; without a
	   parent, $1 body, $2 actor, $3 own, $4 now */
	const char			*sql_create;
	/* $1 id, $2 body, $3 versions, $4 actor, $5 own, $6 now */
	const char			*sql_update;
	/* $1 id, $2 own: (json, version); no row when out of reach */
	const char			*sql_get;
	/* $1 id, $2 own: a row when the object (or parent) is reachable */
	const char			*sql_reach;
	const char			*sql_parent_reach;
	/* $1 parent, $2 own: one row {"items": [...]} or none */
	const char			*sql_children;
};

/*
 * The end of a keyset list's SQL: f (a CTE of the rows wanted) paged in
 * creation order, $4 $5 the cursor, $6 the limit, $7 whether to count
 * (LIST_TOTAL); item makes each JSON.
 */
#define RES_PAGE(item)							\
	" page AS (SELECT " item "(f)::text AS item,"			\
	"  f.created_at AS k1,"						\
	"  f.id AS k2 FROM f WHERE $4::timestamptz IS NULL"		\
	"  OR (f.created_at, f.id) > ($4::timestamptz, $5::uuid)"	\
	"  ORDER BY f.created_at, f.id LIMIT $6::int)"			\
	" SELECT p.item, to_char(p.k1 AT TIME ZONE 'UTC',"		\
	"  'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), p.k2::text, t.total"	\
	LIST_TOTAL("7") " ORDER BY p.k1, p.k2"

int		 res_create(struct http_request *, struct asr_req *,
		    const struct res *, int);
int		 res_update(struct http_request *, struct asr_req *,
		    const struct res *);
int		 res_get(struct http_request *, struct asr_req *,
		    const struct res *);
int		 res_children(struct http_request *, struct asr_req *,
		    const struct res *);
int		 res_keyset_list(struct http_request *, struct asr_req *,
		    const char *, const char *, int (*)(const char *),
		    const char *);
int		 res_body(struct http_request *, struct asr_req *,
		    const struct res *, int, const char *, char **);
int		 res_invalid(struct http_request *, struct asr_req *,
		    const char *, json_t *, const char *);
int		 res_not_found(struct http_request *, struct asr_req *,
		    const char *);
const char	*res_own(struct asr_req *);
int		 res_member(const char *const *, const char *);
int		 res_today_query(struct http_request *, struct asr_req *,
		    const char *, const char *);
const char	*res_today(char *, size_t);

void		 res_check(json_t *, const struct res *, json_t *);
void		 res_check_month(json_t *, const char *, json_t *);
void		 res_check_dates(json_t *, const char *, const char *,
		    json_t *);

#endif
