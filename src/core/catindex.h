/*
 * The public suppliers of the catalogue held in memory, and the supplier
 * search answered from them: the same filters, full-text matches, ranks
 * (PostgreSQL's ts_rank_cd, ported in core/fts.c), sorts, cursors, total
 * and facets as the SQL of core/searchsql.c, and the same JSON, byte for
 * byte, so that either path may answer any page.
 *
 * An index is built from rows that PostgreSQL gives in one snapshot (see
 * src/catalogue/index.c): the reference codes, then the suppliers. It is
 * read-only once built. Whatever it cannot answer exactly (no full-text
 * match, where SQL falls back to trigram similarity; phrase, prefix or
 * weighted queries) it says so, and the caller asks PostgreSQL.
 */
#ifndef ASR_CORE_CATINDEX_H
#define ASR_CORE_CATINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "core/searchsql.h"

/* Reference code lists, as catindex_add_code() takes them. */
#define CATINDEX_REF_SECTOR	0	/* sectors */
#define CATINDEX_REF_GROUP	1	/* sector_groups, with labels */
#define CATINDEX_REF_SUBKIND	2	/* organisation_subkinds */
#define CATINDEX_REF_LABEL	3	/* labels */
#define CATINDEX_REF_COMMUNE	4	/* communes, with labels */
#define CATINDEX_REF_COUNT	5

/* One public supplier, as text columns from PostgreSQL. */
struct catindex_row {
	const char	*id;
	const char	*alpha;		/* name_folded */
	const char	*updated;	/* updated_at, µs since 1970 */
	const char	*kind;
	const char	*subkind;	/* NULL when none */
	const char	*sectors;	/* sectors_reach, codes joined by "," */
	const char	*groups;	/* groups_reach */
	const char	*communes;	/* communes_reach */
	const char	*labels;
	const char	*offer_types;	/* offer_types_reach */
	const char	*communes_mask;
	int		 member;	/* a member on the index's day */
	const char	*search;	/* the tsvector's text, or NULL */
	const char	*item;		/* organisation_public_json(o, today) */
};

#define CATINDEX_OK		0
#define CATINDEX_UNKNOWN	1	/* a filter names an unknown code */
#define CATINDEX_FALLBACK	2	/* ask PostgreSQL */
#define CATINDEX_ERROR		3	/* out of memory, bad arguments */

/* A search: the handler's arguments, q as tsquery text (parsed by PG). */
struct catindex_query {
	const char	*tsquery;	/* websearch_to_tsquery(q)::text */
	const char	*filters[SUPPLIER_F_COUNT];	/* "{a,b}", NULL */
	int		 member;	/* -1 absent, 0 or 1 */
	int		 has_since;
	int64_t		 since;		/* microseconds since 1970 */
	int		 sort;		/* SEARCH_SORT_* */
	const char	*after_key;	/* the cursor's parts, or NULL */
	const char	*after_id;
	size_t		 limit;		/* the page's size */
};

struct catindex_answer {
	int		 status;
	char		 unknown[64];	/* the filters naming unknown codes */
	char		*body;		/* the JSON answer, malloc'd */
	size_t		 len;
	size_t		 total;
};

struct catindex;

struct catindex	*catindex_new(void);
void		 catindex_free(struct catindex *);
int		 catindex_add_code(struct catindex *, int, const char *,
		    const char *);
int		 catindex_add(struct catindex *, const struct catindex_row *);
int		 catindex_finish(struct catindex *);
int		 catindex_finish_some(struct catindex *, size_t);
size_t		 catindex_size(const struct catindex *);
int		 catindex_search(const struct catindex *,
		    const struct catindex_query *, struct catindex_answer *);
void		 catindex_answer_free(struct catindex_answer *);

#endif
