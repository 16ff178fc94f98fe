/*
 * The public suppliers in each worker's memory (core/catindex.c), so that
 * a supplier search is answered without running the search in PostgreSQL.
 *
 * Exact, not a cache: each search still asks PostgreSQL one cheap
 * question, the catalogue's generation (moved at the commit of any change
 * of a supplier or of the reference codes, sql/migrations/0034) with the
 * parsed text query, and the index answers only when it was built at that
 * very generation and for Mayotte's day of the request. Otherwise the
 * search runs in SQL as before while the worker rebuilds its index in the
 * background, from one snapshot. ASR_SEARCH_INDEX=0 turns it off.
 */
#ifndef ASR_CATALOGUE_INDEX_H
#define ASR_CATALOGUE_INDEX_H

#include <stddef.h>

#include "core/searchsql.h"
#include "http/http.h"

#define INDEX_PENDING	0	/* waiting for PostgreSQL: retry */
#define INDEX_DONE	1	/* answered (or failed with a problem) */
#define INDEX_SQL	2	/* run the search in SQL instead */

void	index_init(void);
int	index_enabled(void);
int	index_search(struct http_request *, struct asr_req *,
	    const struct search_args *, size_t);

#endif
