/*
 * The SQL of the public catalogue searches, composed from the filters a
 * request actually gives: each filter present adds its clause and its
 * parameter, an absent one adds nothing. So the text depends only on which
 * filters are present (never on their values, which stay parameters), one
 * text per combination, named after it: PostgreSQL prepares it once per
 * connection and keeps a generic plan that fits the filters at hand (a
 * "$n IS NULL OR ..." text would need planning on every execution).
 *
 * Columns of the answer: 0 total, 1 facets (JSON, suppliers only), 2 the
 * filters naming unknown codes, then per row: 3 item (NULL on the one row
 * of an empty page), 4 the folded name or title, 5 the rank, 6 updated_at
 * in microseconds since 1970, 7 the id (the sort keys of a cursor).
 */
#ifndef ASR_CORE_SEARCHSQL_H
#define ASR_CORE_SEARCHSQL_H

#include <stddef.h>

#define SEARCH_SORT_RELEVANCE	0
#define SEARCH_SORT_ALPHA	1	/* name, or an offer's title */
#define SEARCH_SORT_UPDATED	2	/* -updated_at */

/* Filters, in this order: SUPPLIER_F_* for suppliers, OFFER_F_* offers. */
#define SUPPLIER_F_SECTOR	0
#define SUPPLIER_F_GROUP	1
#define SUPPLIER_F_KIND		2
#define SUPPLIER_F_SUBKIND	3
#define SUPPLIER_F_COMMUNE	4
#define SUPPLIER_F_LABEL	5
#define SUPPLIER_F_OFFER_TYPE	6
#define SUPPLIER_F_COUNT	7

#define OFFER_F_SECTOR		0
#define OFFER_F_GROUP		1
#define OFFER_F_OFFER_TYPE	2
#define OFFER_F_COMMUNE		3
#define OFFER_F_KIND		4
#define OFFER_F_COUNT		5

#define SEARCH_SQL_MAX		8192
#define SEARCH_PARAMS_MAX	20
#define SEARCH_NAME_LEN		24

/* What a search asks for; NULL where absent. Filters: array literals. */
struct search_args {
	const char	*q;
	const char	*digits;	/* SIRET/SIREN digits of q */
	const char	*filters[SUPPLIER_F_COUNT];
	const char	*member;	/* "true" or "false" */
	const char	*updated_since;
	int		 sort;
	const char	*after_key;	/* the cursor's sort key */
	const char	*after_id;	/* and its id (both or neither) */
	const char	*limit;		/* the page size + 1 */
	const char	*today;		/* Mayotte's date, for membership */
};

struct search_sql {
	char		 name[SEARCH_NAME_LEN];
	char		 text[SEARCH_SQL_MAX];
	size_t		 len;
	int		 overflow;
	int		 nparams;
	const char	*params[SEARCH_PARAMS_MAX];
};

int	searchsql_suppliers(const struct search_args *, struct search_sql *);
int	searchsql_offers(const struct search_args *, struct search_sql *);

#endif
