/*
 * The SQL of the public searches, composed from which filters, sort and
 * cursor a request gives (the input's first bytes say which; a request's
 * values never reach the text, so each value here carries a byte that
 * SQL text never holds). Every text numbers its parameters $1..$n, each
 * used at least once (PostgreSQL refuses a parameter it cannot type) and
 * none beyond n; and one name is always one text, since PostgreSQL keeps
 * the statement prepared under its name on each connection.
 */
#include "core/searchsql.h"
#include "fuzz.h"

#define SEEN_MAX	4096
#define VALUE		"\001'; DROP TABLE x; --"

struct seen {
	char		name[SEARCH_NAME_LEN];
	unsigned long	hash;
};

static struct seen	seen[2][SEEN_MAX];

static unsigned long
hash(const char *s)
{
	unsigned long	h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;

	return (h);
}

/* The same name never names two texts (per kind of search). */
static void
remember(int kind, const struct search_sql *s)
{
	unsigned long	h = hash(s->text);
	size_t		i;

	for (i = 0; i < SEEN_MAX && seen[kind][i].name[0] != '\0'; i++) {
		if (strcmp(seen[kind][i].name, s->name) == 0) {
			FUZZ_ASSERT(seen[kind][i].hash == h);
			return;
		}
	}
	if (i < SEEN_MAX) {
		(void)snprintf(seen[kind][i].name, SEARCH_NAME_LEN, "%s",
		    s->name);
		seen[kind][i].hash = h;
	}
}

static void
check(int kind, const struct search_sql *s)
{
	const char	*p;
	long		n;
	int		i, used[SEARCH_PARAMS_MAX + 1];

	FUZZ_ASSERT(!s->overflow && s->len == strlen(s->text));
	FUZZ_ASSERT(s->nparams <= SEARCH_PARAMS_MAX);
	FUZZ_ASSERT(strchr(s->text, '\001') == NULL);
	memset(used, 0, sizeof(used));
	for (p = strchr(s->text, '$'); p != NULL; p = strchr(p + 1, '$')) {
		n = strtol(p + 1, NULL, 10);
		FUZZ_ASSERT(n >= 1 && n <= s->nparams);
		used[n] = 1;
	}
	for (i = 1; i <= s->nparams; i++)
		FUZZ_ASSERT(used[i]);
	remember(kind, s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct search_args	a;
	struct search_sql	s;
	unsigned int		bits;
	size_t			i;

	if (size < 3)
		return (0);
	bits = (unsigned int)data[0] | (unsigned int)data[1] << 8;
	memset(&a, 0, sizeof(a));
	a.q = bits & 0x0001 ? VALUE : NULL;
	a.digits = bits & 0x0002 ? VALUE : NULL;
	for (i = 0; i < SUPPLIER_F_COUNT; i++)
		a.filters[i] = bits & (0x0004u << i) ? VALUE : NULL;
	a.member = bits & 0x0200 ? VALUE : NULL;
	a.updated_since = bits & 0x0400 ? VALUE : NULL;
	a.after_key = bits & 0x0800 ? VALUE : NULL;
	a.after_id = bits & 0x1000 ? VALUE : NULL;
	a.limit = VALUE;
	a.today = VALUE;
	a.sort = data[2] % 3;
	/* A cursor gives its key and its id, or neither (lists.c). */
	if ((a.after_key == NULL) != (a.after_id == NULL))
		return (0);
	if (searchsql_suppliers(&a, &s))
		check(0, &s);
	for (i = OFFER_F_COUNT; i < SUPPLIER_F_COUNT; i++)
		a.filters[i] = NULL;
	a.digits = a.member = a.updated_since = NULL;
	if (searchsql_offers(&a, &s))
		check(1, &s);

	return (0);
}
