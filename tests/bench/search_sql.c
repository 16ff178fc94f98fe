/*
 * Prints the SQL the catalogue sends for a search, composed by the very
 * code of the server (src/core/searchsql.c), so that pgbench runs the
 * same prepared text with the same parameters (tests/bench/run.sh).
 *
 * usage: search_sql suppliers|offers text|params [name=value ...]
 * names: q digits sector sector_group kind subkind commune label
 * offer_type member updated_since sort (relevance, alpha, updated)
 * after_key after_id limit today. "text" prints the statement, "params"
 * its parameters, one a line, in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/searchsql.h"

static const char *const supplier_names[SUPPLIER_F_COUNT] = {
	"sector", "sector_group", "kind", "subkind", "commune", "label",
	"offer_type",
};

static const char *const offer_names[OFFER_F_COUNT] = {
	"sector", "sector_group", "offer_type", "commune", "kind",
};

static int	set(struct search_args *, const char *const *, size_t,
		    const char *, const char *);
static int	sort_of(const char *);

int
main(int argc, char *argv[])
{
	static struct search_sql	 s;
	struct search_args		 a;
	char				*eq;
	int				 i, suppliers, ok;

	if (argc < 3 || (strcmp(argv[1], "suppliers") != 0 &&
	    strcmp(argv[1], "offers") != 0)) {
		fprintf(stderr, "usage: search_sql suppliers|offers "
		    "text|params [name=value ...]\n");
		return (2);
	}
	suppliers = strcmp(argv[1], "suppliers") == 0;
	memset(&a, 0, sizeof(a));
	a.limit = "21";
	for (i = 3; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL) {
			fprintf(stderr, "search_sql: %s: no value\n", argv[i]);
			return (2);
		}
		*eq = '\0';
		if (!(suppliers ? set(&a, supplier_names, SUPPLIER_F_COUNT,
		    argv[i], eq + 1) : set(&a, offer_names, OFFER_F_COUNT,
		    argv[i], eq + 1))) {
			fprintf(stderr, "search_sql: unknown %s\n", argv[i]);
			return (2);
		}
	}

	ok = suppliers ? searchsql_suppliers(&a, &s) : searchsql_offers(&a, &s);
	if (!ok) {
		fprintf(stderr, "search_sql: too long\n");
		return (1);
	}
	if (strcmp(argv[2], "params") == 0) {
		for (i = 0; i < s.nparams; i++)
			printf("%s\n", s.params[i]);
	} else {
		printf("%s\n", s.text);
	}

	return (0);
}

static int
set(struct search_args *a, const char *const *filters, size_t count,
    const char *name, const char *value)
{
	size_t		i;

	for (i = 0; i < count; i++) {
		if (strcmp(name, filters[i]) == 0) {
			a->filters[i] = value;
			return (1);
		}
	}
	if (strcmp(name, "q") == 0)
		a->q = value;
	else if (strcmp(name, "digits") == 0)
		a->digits = value;
	else if (strcmp(name, "member") == 0)
		a->member = value;
	else if (strcmp(name, "updated_since") == 0)
		a->updated_since = value;
	else if (strcmp(name, "sort") == 0)
		a->sort = sort_of(value);
	else if (strcmp(name, "after_key") == 0)
		a->after_key = value;
	else if (strcmp(name, "after_id") == 0)
		a->after_id = value;
	else if (strcmp(name, "limit") == 0)
		a->limit = value;
	else if (strcmp(name, "today") == 0)
		a->today = value;
	else
		return (0);

	return (1);
}

static int
sort_of(const char *value)
{
	if (strcmp(value, "relevance") == 0)
		return (SEARCH_SORT_RELEVANCE);
	if (strcmp(value, "alpha") == 0)
		return (SEARCH_SORT_ALPHA);
	return (SEARCH_SORT_UPDATED);
}
