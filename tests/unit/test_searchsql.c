/*
 * Unit tests for src/core/searchsql.c: the catalogue's SQL composed from
 * the filters present. Every combination of filters, q, sort and cursor:
 * one text per name, the parameters present and only those, each filter's
 * clause exactly when the filter is given, never "IS NULL OR".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/searchsql.h"

#define NAMES_MAX	8192
#define TYPE_CHARS	"abcdefghijklmnopqrstuvwxyz0123456789[]"

static const char *const supplier_clause[SUPPLIER_F_COUNT] = {
	"o.sectors_reach &&", "o.groups_reach &&", "o.kind = ANY",
	"o.subkind = ANY", "o.communes_reach &&", "o.labels &&",
	"o.offer_types_reach &&",
};

static const char *const offer_clause[OFFER_F_COUNT] = {
	"f.sectors &&", "s.group_code = ANY", "f.offer_type = ANY",
	"f.communes &&", "o.kind = ANY",
};

struct seen {
	char		name[SEARCH_NAME_LEN];
	unsigned long	hash;
};

static struct seen	seen[NAMES_MAX];
static size_t		nseen;

static unsigned long
hash(const char *s)
{
	unsigned long	h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return (h);
}

/* A name always stands for the same text, and two texts for two names. */
static void
remember(const struct search_sql *s)
{
	size_t		i;
	unsigned long	h = hash(s->text);

	for (i = 0; i < nseen; i++) {
		if (strcmp(seen[i].name, s->name) == 0) {
			cr_assert_eq(seen[i].hash, h, "%s: two texts", s->name);
			return;
		}
		cr_assert_neq(seen[i].hash, h, "%s and %s: one text",
		    seen[i].name, s->name);
	}
	cr_assert_lt(nseen, NAMES_MAX);
	(void)strcpy(seen[nseen].name, s->name);
	seen[nseen++].hash = h;
}

/* Whether a parameter ($n::type) is compared with NULL anywhere. */
static int
tests_null(const char *text)
{
	const char	*p;

	for (p = strchr(text, '$'); p != NULL; p = strchr(p + 1, '$')) {
		p += 1 + strspn(p + 1, "0123456789");
		if (strncmp(p, "::", 2) == 0)
			p += 2 + strspn(p + 2, TYPE_CHARS);
		if (strncmp(p, " IS NULL", 8) == 0 ||
		    strncmp(p, " IS NOT NULL", 12) == 0)
			return (1);
	}
	return (0);
}

/* $1..$nparams each appear, and no other. */
static void
check_params(const struct search_sql *s)
{
	char		ref[16];
	int		i;

	for (i = 1; i <= s->nparams; i++) {
		(void)snprintf(ref, sizeof(ref), "$%d:", i);
		cr_assert(strstr(s->text, ref) != NULL, "%s: no %s", s->name,
		    ref);
		cr_assert(s->params[i - 1] != NULL);
	}
	(void)snprintf(ref, sizeof(ref), "$%d", s->nparams + 1);
	cr_assert(strstr(s->text, ref) == NULL, "%s: %s", s->name, ref);
	cr_assert_eq(strlen(s->text), s->len);
	cr_assert(!tests_null(s->text), "%s: a parameter tested for NULL",
	    s->name);
}

static void
args_for(struct search_args *a, unsigned int combo, size_t nfilters,
    int suppliers)
{
	size_t		i;
	unsigned int	bit = 0;

	memset(a, 0, sizeof(*a));
	a->limit = "21";
	a->today = "2026-11-27";
	for (i = 0; i < nfilters; i++, bit++)
		a->filters[i] = combo & (1u << bit) ? "{x}" : NULL;
	if (combo & (1u << bit++))
		a->q = "nettoyage";
	if (a->q != NULL && combo & (1u << bit))
		a->digits = "123456789";
	bit++;
	if (suppliers) {
		if (combo & (1u << bit++))
			a->member = "true";
		if (combo & (1u << bit++))
			a->updated_since = "2026-01-01";
	}
	a->sort = (int)((combo >> bit) % 3);
	if (a->sort == SEARCH_SORT_RELEVANCE && a->q == NULL)
		a->sort = SEARCH_SORT_ALPHA;
	if ((combo >> bit) / 3 % 2) {
		a->after_key = "1";
		a->after_id = "00000000-0000-4000-8000-000000000001";
	}
}

static void
every_combination(int suppliers)
{
	static struct search_sql	s;
	struct search_args		a;
	const char *const		*clause;
	size_t				i, nfilters;
	unsigned int			combo, combos;
	int				expected;

	nfilters = suppliers ? SUPPLIER_F_COUNT : OFFER_F_COUNT;
	clause = suppliers ? supplier_clause : offer_clause;
	combos = (1u << (nfilters + (suppliers ? 4 : 2))) * 6;
	nseen = 0;
	for (combo = 0; combo < combos; combo++) {
		args_for(&a, combo, nfilters, suppliers);
		cr_assert(suppliers ? searchsql_suppliers(&a, &s) :
		    searchsql_offers(&a, &s));
		check_params(&s);
		remember(&s);

		expected = (a.q != NULL) +
		    (suppliers && a.q != NULL && a.digits != NULL) +
		    (a.member != NULL) + (a.updated_since != NULL) +
		    (a.after_id != NULL) * 2 + 1 + (suppliers ? 1 : 0);
		for (i = 0; i < nfilters; i++) {
			expected += a.filters[i] != NULL;
			cr_assert_eq(strstr(s.text, clause[i]) != NULL,
			    a.filters[i] != NULL, "%s: filter %zu", s.name, i);
		}
		cr_assert_eq(s.nparams, expected, "%s", s.name);
		cr_assert_eq(strstr(s.text, "websearch_to_tsquery") != NULL,
		    a.q != NULL);
		cr_assert_eq(strstr(s.text, "o.siret LIKE") != NULL,
		    suppliers && a.digits != NULL && a.q != NULL);
	}
}

Test(searchsql, suppliers_every_combination)
{
	every_combination(1);
}

Test(searchsql, offers_every_combination)
{
	every_combination(0);
}

Test(searchsql, parameters_in_order)
{
	static struct search_sql	s;
	struct search_args		a;

	memset(&a, 0, sizeof(a));
	a.q = "nettoyage";
	a.filters[SUPPLIER_F_SECTOR] = "{proprete-locaux}";
	a.filters[SUPPLIER_F_COMMUNE] = "{97611}";
	a.member = "true";
	a.sort = SEARCH_SORT_UPDATED;
	a.after_key = "1764000000000000";
	a.after_id = "00000000-0000-4000-8000-000000000001";
	a.limit = "21";
	a.today = "2026-11-27";
	cr_assert(searchsql_suppliers(&a, &s));
	cr_assert_eq(s.nparams, 8);
	cr_assert_str_eq(s.params[0], "nettoyage");
	cr_assert_str_eq(s.params[1], "{proprete-locaux}");
	cr_assert_str_eq(s.params[2], "{97611}");
	cr_assert_str_eq(s.params[3], "true");
	cr_assert_str_eq(s.params[4], "2026-11-27");
	cr_assert_str_eq(s.params[5], "1764000000000000");
	cr_assert_str_eq(s.params[6], "00000000-0000-4000-8000-000000000001");
	cr_assert_str_eq(s.params[7], "21");
	cr_assert(strstr(s.text, "o.sectors_reach && $2::text[]") != NULL);
	cr_assert(strstr(s.text, "o.communes_reach && $3::text[]") != NULL);
	cr_assert(strstr(s.text, "= $4::boolean") != NULL);
	cr_assert(strstr(s.text, "ORDER BY h.updated_at DESC, h.id") != NULL);
	cr_assert(strstr(s.text, "LIMIT $8::int") != NULL);
	cr_assert(strncmp(s.name, "asr_cat_s", 9) == 0);
}

Test(searchsql, unknown_codes_checked_for_filters_present)
{
	static struct search_sql	s;
	struct search_args		a;

	memset(&a, 0, sizeof(a));
	a.limit = "21";
	a.today = "2026-11-27";
	a.sort = SEARCH_SORT_ALPHA;
	cr_assert(searchsql_suppliers(&a, &s));
	cr_assert(strstr(s.text,
	    "NULL::text END, (SELECT organisation_public_json") != NULL);
	a.filters[SUPPLIER_F_LABEL] = "{x}";
	a.filters[SUPPLIER_F_KIND] = "{siae}";
	cr_assert(searchsql_suppliers(&a, &s));
	cr_assert(strstr(s.text, "SELECT 'label' AS f FROM unnest($2::text[])")
	    != NULL);
	cr_assert(strstr(s.text, "'sector'") == NULL);
}
