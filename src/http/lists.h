/*
 * What list and write endpoints share: ?limit= and ?cursor= (keyset
 * pagination), repeated filters turned into PostgreSQL array literals,
 * the page answer {"items": [...], "next_cursor": ...}, and If-Match
 * preconditions (428 without, 412 on a stale version).
 */
#ifndef ASR_HTTP_LISTS_H
#define ASR_HTTP_LISTS_H

#include <kore/kore.h>

#include "core/cursor.h"
#include "http/export.h"
#include "http/http.h"

#define LIST_LIMIT_DEFAULT	20
#define LIST_LIMIT_MAX		100
#define LIST_FILTER_MAX		32
#define LIST_FILTER_LEN		(LIST_FILTER_MAX * 40 + 3)
/* A CSV export answers every item from ?cursor= on, in pages of this. */
#define LIST_CSV_PAGE		500

/*
 * The end of a list's statement, after its CTEs f (every match) and page
 * (the rows of this page): one row at least, carrying the count of f as
 * the total when the boolean parameter $n (struct list_page's count)
 * asks for it. A CSV export has no total and does not: with f declared
 * NOT MATERIALIZED (PostgreSQL otherwise computes a CTE named twice in
 * whole), each of its pages reads its own rows only, by the sort key's
 * index, instead of every match once per page.
 */
#define LIST_TOTAL(n)							\
	" FROM (SELECT CASE WHEN $" n "::boolean THEN"			\
	"  (SELECT count(*) FROM f) END AS total) t"			\
	" LEFT JOIN page p ON true"

struct list_page {
	int		limit;
	char		limit_text[16];	/* limit + 1: one more tells if more */
	const char	*count;		/* LIST_TOTAL's flag: "false" in CSV */
	const char	*extra;		/* JSON members added to the answer */
	int		has_cursor;
	struct cursor	cursor;
	struct export_fmt	export;	/* ?format=csv: the whole list */
};

int	list_params(struct http_request *, struct asr_req *,
	    struct list_page *, size_t);
int	list_filter(struct http_request *, struct asr_req *, const char *,
	    int (*)(const char *), char *, const char **);
int	list_bad_cursor(struct http_request *, struct asr_req *);
int	list_answer(struct http_request *, struct asr_req *,
	    const struct list_page *, int, int, int);
int	list_answer_each(struct http_request *, struct asr_req *,
	    const struct list_page *, int, int, int, char *(*)(const char *));
/* What If-Match asked for; list_if_match() sets *versions accordingly. */
#define IF_MATCH_ANY		0	/* "*": NULL */
#define IF_MATCH_LIST		1	/* "1", "2": "{1,2}" */
#define IF_MATCH_ABSENT		2	/* no header: "{}", matches nothing */
#define IF_MATCH_NONE		3	/* no strong tag of ours: "{}" */
#define IF_MATCH_LEN		128

int	list_if_match(struct http_request *, char *, const char **);
int	list_precondition_failed(struct http_request *, struct asr_req *,
	    int);
void	list_etag(struct http_request *, const char *);

#endif
