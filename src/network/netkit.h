/*
 * What the handlers of the network domain (needs, notifications, events,
 * bodies, SPASER) share: a page of a list in one statement, one object by
 * id, one write through a SQL write function, a JSON body checked by its
 * field table, arrays of free texts, and the caller's reach.
 */
#ifndef ASR_NETWORK_NETKIT_H
#define ASR_NETWORK_NETKIT_H

#include "core/clock.h"
#include "http/fields.h"
#include "http/http.h"
#include "http/lists.h"

/* The instant and Mayotte's day of a request, fixed at its first call. */
struct nw_time {
	char		now[CLOCK_RFC3339_LEN];
	char		today[CLOCK_DATE_LEN];
};

/*
 * The end of a list's statement: the CTE f holds every match, page the
 * rows of this page as (item, k1 timestamp, k2 id); one row at least, to
 * carry the total, counted when $n asks (LIST_TOTAL: the parameter after
 * the limit). A WHERE and the ORDER BY follow.
 */
#define NW_PAGE_SELECT(n) \
	" SELECT p.item, to_char(p.k1 AT TIME ZONE 'UTC'," \
	"  'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), p.k2::text, t.total" \
	LIST_TOTAL(n)

/* Arrays of free texts (a need's questions, a supplier's answers). */
#define NW_TEXTS_MAX	20
#define NW_TEXT_LEN	2000

void		 nw_time(struct nw_time *);
const char	*nw_own(struct asr_req *);
int		 nw_page(struct http_request *, struct asr_req *, const char *,
		    const char **, int, const char *);
int		 nw_one(struct http_request *, struct asr_req *, const char *,
		    const char **, int, const char *);
int		 nw_write(struct http_request *, struct asr_req *, const char *,
		    const char **, int, int, int, const char *, const char *);
int		 nw_body(struct http_request *, struct asr_req *,
		    const struct field_spec *, int, const char *const *,
		    const char *, const char *, char **, int *);
int		 nw_texts(json_t *, const char *, size_t, size_t, json_t *);
int		 nw_invalid(struct http_request *, struct asr_req *,
		    const char *, json_t *, const char *);
int		 nw_bool_query(struct http_request *, struct asr_req *,
		    const char *, const char **);
int		 nw_not_found(struct http_request *, struct asr_req *,
		    const char *);

#endif
