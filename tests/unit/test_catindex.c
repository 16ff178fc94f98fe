/*
 * Unit tests for src/core/catindex.c: the catalogue's suppliers in memory.
 * A small index of six suppliers: each filter alone and repeated (OR),
 * filters together (AND), full-text AND/OR/NOT, the three sorts and their
 * cursors, the facets' order and labels (escaped as PostgreSQL escapes
 * JSON), unknown codes named as the SQL names them, what falls back to
 * SQL (no text match, phrases), and rows refused before the index is
 * finished. The byte-for-byte comparison with the SQL path is an API test
 * (tests/api/test_catalogue_index.py).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <sodium.h>

#include "core/catindex.h"
#include "core/cursor.h"
#include "core/fts.h"

#define ID(n)	"00000000-0000-4000-8000-00000000000" #n

struct supplier {
	const char	*id, *alpha, *updated, *kind, *subkind, *sectors;
	const char	*groups, *communes, *labels, *types, *mask;
	int		 member;
	const char	*search;
};

static const struct supplier suppliers[] = {
	{ ID(1), "alpha nettoyage", "1000", "siae", "ACI", "proprete-locaux",
	  "proprete", "97601,97611", "", "service", "1025", 1,
	  "'nettoyag':1A,5 'bureau':6" },
	{ ID(2), "bois et menuiserie", "3000", "ess", NULL, "btp-menuiserie",
	  "btp", "97611", "lucie", "works", "1024", 0,
	  "'bois':1A 'menuiser':3A" },
	{ ID(3), "cap propre", "2000", "siae", "EI",
	  "proprete-locaux,btp-peinture", "proprete,btp", "97617", "lucie",
	  "service,works", "65536", 1,
	  "'nettoyag':4 'peintur':6B 'cap':1A" },
	{ ID(4), "delta vitres", "2000", "handicap", "EA", "proprete-locaux",
	  "proprete", "97601", "", "service", "1", 0,
	  "'nettoyag':3 'vitr':1A" },
	{ ID(5), "epsilon", "500", "siae", "ACI", "", "", "", "", "", "0", 0,
	  NULL },
	{ ID(6), "alpha nettoyage", "4000", "geiq", "GEIQ", "btp-peinture",
	  "btp", "97611", "", "works", "1024", 1, "'peintur':2A" },
};

#define NSUPPLIERS	(sizeof(suppliers) / sizeof(suppliers[0]))

static struct catindex	*x;

static void
add(const struct supplier *s)
{
	struct catindex_row	r;
	char			item[128];

	memset(&r, 0, sizeof(r));
	(void)snprintf(item, sizeof(item), "{\"id\": \"%s\"}", s->id);
	r.id = s->id;
	r.alpha = s->alpha;
	r.updated = s->updated;
	r.kind = s->kind;
	r.subkind = s->subkind;
	r.sectors = s->sectors;
	r.groups = s->groups;
	r.communes = s->communes;
	r.labels = s->labels;
	r.offer_types = s->types;
	r.communes_mask = s->mask;
	r.member = s->member;
	r.search = s->search;
	r.item = item;
	cr_assert(catindex_add(x, &r), "add %s", s->id);
}

/* The six suppliers and the reference codes, into x (not finished). */
static void
fill(void)
{
	size_t		i;

	cr_assert_not_null(x = catindex_new());
	for (i = 0; i < NSUPPLIERS; i++)
		add(&suppliers[NSUPPLIERS - 1 - i]);
	cr_assert(catindex_add_code(x, CATINDEX_REF_SECTOR, "proprete-locaux",
	    NULL));
	cr_assert(catindex_add_code(x, CATINDEX_REF_SECTOR, "btp-peinture",
	    NULL));
	cr_assert(catindex_add_code(x, CATINDEX_REF_SECTOR, "btp-menuiserie",
	    NULL));
	cr_assert(catindex_add_code(x, CATINDEX_REF_GROUP, "proprete",
	    "Propreté & \"nettoyage\""));
	cr_assert(catindex_add_code(x, CATINDEX_REF_GROUP, "btp", "BTP"));
	cr_assert(catindex_add_code(x, CATINDEX_REF_GROUP, "unused", "Unused"));
	cr_assert(catindex_add_code(x, CATINDEX_REF_SUBKIND, "ACI", NULL));
	cr_assert(catindex_add_code(x, CATINDEX_REF_LABEL, "lucie", NULL));
	cr_assert(catindex_add_code(x, CATINDEX_REF_COMMUNE, "97601", "Acoua"));
	cr_assert(catindex_add_code(x, CATINDEX_REF_COMMUNE, "97611",
	    "Mamoudzou"));
	cr_assert(catindex_add_code(x, CATINDEX_REF_COMMUNE, "97617",
	    "Tsingoni"));
}

static void
setup(void)
{
	cr_assert_geq(sodium_init(), 0);
	fill();
	cr_assert(catindex_finish(x));
}

static void
teardown(void)
{
	catindex_free(x);
	x = NULL;
}

TestSuite(catindex, .init = setup, .fini = teardown);

static void
query_init(struct catindex_query *q)
{
	memset(q, 0, sizeof(*q));
	q->member = -1;
	q->sort = SEARCH_SORT_ALPHA;
	q->limit = 20;
}

/* The ids of the answer's items, in order, as "1,3,..." (last digit). */
static void
ids_of(const struct catindex_answer *a, char *out, size_t len)
{
	const char	*p;
	size_t		 n = 0;

	out[0] = '\0';
	for (p = a->body; (p = strstr(p, "\"id\": \"")) != NULL; p += 7) {
		if (n + 3 > len)
			break;
		if (n > 0)
			out[n++] = ',';
		out[n++] = p[7 + 35];
		out[n] = '\0';
	}
}

static void
expect(const struct catindex_query *q, const char *ids, size_t total)
{
	struct catindex_answer	a;
	char			got[64];

	cr_assert(catindex_search(x, q, &a));
	cr_assert_eq(a.status, CATINDEX_OK, "status %d", a.status);
	ids_of(&a, got, sizeof(got));
	cr_expect_str_eq(got, ids);
	cr_expect_eq(a.total, total, "total %zu", a.total);
	catindex_answer_free(&a);
}

Test(catindex, listing_is_alphabetical_then_by_id)
{
	struct catindex_query	q;

	query_init(&q);
	expect(&q, "1,6,2,3,4,5", 6);
	cr_expect_eq(catindex_size(x), 6);
}

Test(catindex, a_filter_repeated_is_or_and_filters_are_and)
{
	struct catindex_query	q;

	query_init(&q);
	q.filters[SUPPLIER_F_SECTOR] = "{btp-peinture,btp-menuiserie}";
	expect(&q, "6,2,3", 3);
	q.filters[SUPPLIER_F_COMMUNE] = "{97611}";
	expect(&q, "6,2", 2);
	q.filters[SUPPLIER_F_KIND] = "{ess}";
	expect(&q, "2", 1);
	q.filters[SUPPLIER_F_KIND] = "{siae}";
	expect(&q, "", 0);
}

Test(catindex, each_filter_alone)
{
	struct catindex_query	q;

	query_init(&q);
	q.filters[SUPPLIER_F_GROUP] = "{proprete}";
	expect(&q, "1,3,4", 3);
	query_init(&q);
	q.filters[SUPPLIER_F_SUBKIND] = "{ACI}";
	expect(&q, "1,5", 2);
	query_init(&q);
	q.filters[SUPPLIER_F_LABEL] = "{lucie}";
	expect(&q, "2,3", 2);
	query_init(&q);
	q.filters[SUPPLIER_F_OFFER_TYPE] = "{works}";
	expect(&q, "6,2,3", 3);
	query_init(&q);
	q.member = 1;
	expect(&q, "1,6,3", 3);
	q.member = 0;
	expect(&q, "2,4,5", 3);
	query_init(&q);
	q.has_since = 1;
	q.since = 2000;
	expect(&q, "6,2,3,4", 4);
}

Test(catindex, text_and_or_not)
{
	struct catindex_query	q;

	query_init(&q);
	q.tsquery = "'nettoyag'";
	expect(&q, "1,3,4", 3);
	q.tsquery = "'nettoyag' & 'peintur'";
	expect(&q, "3", 1);
	q.tsquery = "'vitr' | 'bois'";
	expect(&q, "2,4", 2);
	/* NOT: every supplier with a document, none without (5). */
	q.tsquery = "!'nettoyag'";
	expect(&q, "6,2", 2);
	q.tsquery = "'nettoyag' & !( 'vitr' | 'cap' )";
	expect(&q, "1", 1);
}

Test(catindex, relevance_ranks_then_ids_and_its_cursor)
{
	struct catindex_query	q;
	struct catindex_answer	a;
	struct cursor		c;
	const char		*next;
	char			got[64], *text;

	query_init(&q);
	q.tsquery = "'nettoyag'";
	q.sort = SEARCH_SORT_RELEVANCE;
	q.limit = 1;
	cr_assert(catindex_search(x, &q, &a));
	ids_of(&a, got, sizeof(got));
	/* 1: A (1.0) + D (0.1); 3 and 4: D (0.1) each, by id. */
	cr_expect_str_eq(got, "1");
	next = strstr(a.body, "\"next_cursor\":\"");
	cr_assert_not_null(next);
	next += 15;
	cr_assert_not_null(text = strndup(next, strcspn(next, "\"")));
	cr_assert(cursor_decode(&c, text, 2));
	free(text);
	cr_expect_str_eq(c.part[0], "1.100000023841858");
	cr_expect_str_eq(c.part[1], ID(1));
	q.after_key = c.part[0];
	q.after_id = c.part[1];
	q.limit = 5;
	catindex_answer_free(&a);
	expect(&q, "3,4", 3);
}

Test(catindex, updated_sort_and_alphabetical_cursor)
{
	struct catindex_query	q;

	query_init(&q);
	q.sort = SEARCH_SORT_UPDATED;
	expect(&q, "6,2,3,4,1,5", 6);
	q.after_key = "2000";
	q.after_id = ID(3);
	expect(&q, "4,1,5", 6);
	q.after_id = "00000000-0000-4000-8000-00000000000A";
	expect(&q, "1,5", 6);

	query_init(&q);
	q.after_key = "alpha nettoyage";
	q.after_id = ID(1);
	expect(&q, "6,2,3,4,5", 6);
	q.after_key = "b";
	expect(&q, "2,3,4,5", 6);
}

Test(catindex, facets_sorted_by_count_then_code_with_labels)
{
	struct catindex_query	q;
	struct catindex_answer	a;
	const char		*f;

	query_init(&q);
	cr_assert(catindex_search(x, &q, &a));
	f = strstr(a.body, ",\"facets\":");
	cr_assert_not_null(f);
	cr_expect_str_eq(f, ",\"facets\":{\"kinds\": ["
	    "{\"code\": \"siae\", \"count\": 3}, "
	    "{\"code\": \"ess\", \"count\": 1}, "
	    "{\"code\": \"geiq\", \"count\": 1}, "
	    "{\"code\": \"handicap\", \"count\": 1}], "
	    "\"communes\": [{\"code\": \"97611\", \"count\": 3, \"label\": "
	    "\"Mamoudzou\"}, {\"code\": \"97601\", \"count\": 2, \"label\": "
	    "\"Acoua\"}, {\"code\": \"97617\", \"count\": 1, \"label\": "
	    "\"Tsingoni\"}], "
	    "\"subkinds\": [{\"code\": \"ACI\", \"count\": 2}, "
	    "{\"code\": \"EA\", \"count\": 1}, "
	    "{\"code\": \"EI\", \"count\": 1}, "
	    "{\"code\": \"GEIQ\", \"count\": 1}], "
	    "\"sector_groups\": [{\"code\": \"btp\", \"count\": 3, \"label\": "
	    "\"BTP\"}, {\"code\": \"proprete\", \"count\": 3, \"label\": "
	    "\"Propreté & \\\"nettoyage\\\"\"}]}}");
	catindex_answer_free(&a);
}

Test(catindex, empty_answer_has_empty_facets)
{
	struct catindex_query	q;
	struct catindex_answer	a;

	query_init(&q);
	q.filters[SUPPLIER_F_KIND] = "{ess}";
	q.filters[SUPPLIER_F_COMMUNE] = "{97601}";
	cr_assert(catindex_search(x, &q, &a));
	cr_expect_str_eq(a.body, "{\"items\":[],\"next_cursor\":null,"
	    "\"total\":0,\"facets\":{\"kinds\": [], \"communes\": [], "
	    "\"subkinds\": [], \"sector_groups\": []}}");
	catindex_answer_free(&a);
}

Test(catindex, unknown_codes_named_as_sql_names_them)
{
	struct catindex_query	q;
	struct catindex_answer	a;

	query_init(&q);
	q.filters[SUPPLIER_F_SUBKIND] = "{ACI,NOPE}";
	q.filters[SUPPLIER_F_SECTOR] = "{nope}";
	q.filters[SUPPLIER_F_LABEL] = "{lucie}";
	q.filters[SUPPLIER_F_GROUP] = "{btp}";
	cr_assert(catindex_search(x, &q, &a));
	cr_expect_eq(a.status, CATINDEX_UNKNOWN);
	cr_expect_str_eq(a.unknown, "sector, subkind");
	cr_expect_null(a.body);
	q.filters[SUPPLIER_F_LABEL] = "{x}";
	cr_assert(catindex_search(x, &q, &a));
	cr_expect_str_eq(a.unknown, "label, sector, subkind");
}

Test(catindex, phrases_prefixes_and_weights_checked_per_candidate)
{
	struct catindex_query	q;

	query_init(&q);
	q.tsquery = "'nettoyag' <-> 'bureau'";
	expect(&q, "1", 1);
	q.tsquery = "'bureau' <-> 'vitr' | 'nettoyag' <-> 'bureau'";
	q.sort = SEARCH_SORT_RELEVANCE;
	expect(&q, "1", 1);
	q.sort = SEARCH_SORT_ALPHA;
	q.tsquery = "'netto':*";
	expect(&q, "1,3,4", 3);
	q.tsquery = "'nettoyag':A | 'menuiser':B";
	expect(&q, "1", 1);
	q.tsquery = "'peintur' | 'nettoyag' <2> 'peintur'";
	expect(&q, "6,3", 2);
}

Test(catindex, no_text_match_or_a_negated_phrase_goes_to_sql)
{
	struct catindex_query	q;
	struct catindex_answer	a;

	query_init(&q);
	q.tsquery = "'absent'";
	cr_assert(catindex_search(x, &q, &a));
	cr_expect_eq(a.status, CATINDEX_FALLBACK);
	q.tsquery = "'vitr' & !( 'nettoyag' <-> 'bureau' )";
	cr_assert(catindex_search(x, &q, &a));
	cr_expect_eq(a.status, CATINDEX_FALLBACK);
	q.tsquery = "";
	cr_assert(catindex_search(x, &q, &a));
	cr_expect_eq(a.status, CATINDEX_FALLBACK);
	q.tsquery = "'unterminated";
	cr_assert(catindex_search(x, &q, &a));
	cr_expect_eq(a.status, CATINDEX_FALLBACK);
	/* Text matches exist, but none passes the filter. */
	q.tsquery = "'nettoyag'";
	q.filters[SUPPLIER_F_KIND] = "{geiq}";
	cr_assert(catindex_search(x, &q, &a));
	cr_expect_eq(a.status, CATINDEX_FALLBACK);
}

Test(catindex, bad_rows_and_calls_refused)
{
	struct catindex		*y;
	struct catindex_row	 r;
	struct catindex_query	 q;
	struct catindex_answer	 a;

	cr_assert_not_null(y = catindex_new());
	memset(&r, 0, sizeof(r));
	cr_expect_not(catindex_add(y, &r));
	r.id = ID(1);
	r.alpha = "a";
	r.updated = "12x";
	r.kind = "siae";
	r.item = "{}";
	r.communes_mask = "0";
	cr_expect_not(catindex_add(y, &r));
	cr_expect_not(catindex_add_code(y, CATINDEX_REF_COUNT, "x", NULL));
	query_init(&q);
	cr_expect_not(catindex_search(y, &q, &a), "not finished");
	r.updated = "12";
	r.search = "'broken";
	cr_expect(catindex_add(y, &r));
	cr_expect_not(catindex_finish(y), "a document that does not parse");
	catindex_free(y);

	query_init(&q);
	q.limit = 0;
	cr_expect_not(catindex_search(x, &q, &a));
	q.limit = 1;
	q.after_key = "a";
	cr_expect_not(catindex_search(x, &q, &a), "a key without its id");
	cr_expect_not(catindex_add(x, &r), "finished");
}

/*
 * The one-lexeme rank equals fts_rank_cd() (PostgreSQL's, checked against
 * it in test_fts.c) for every lexeme of every document of the recorded
 * vectors: weights, repeated positions, stripped lexemes.
 */
Test(catindex, single_lexeme_rank_is_ts_rank_cd)
{
	struct fts_doc		*d;
	struct fts_query	*q;
	const uint16_t		*pos;
	const char		*word;
	char			 line[65536], text[4200];
	size_t			 k, len, npos, i, o, checked = 0;
	FILE			*f;

	cr_assert_not_null(f = fopen("tests/unit/data/fts_vectors.tsv", "r"));
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] != 'D' || line[1] != '\t')
			continue;
		line[strcspn(line, "\n")] = '\0';
		cr_assert(fts_doc_parse(line + 2, &d), "%s", line);
		for (k = 0; k < fts_doc_lexemes(d); k++) {
			word = fts_doc_lexeme(d, k, &len);
			text[0] = '\'';
			for (i = 0, o = 1; i < len && o + 4 < sizeof(text);
			    i++) {
				if (word[i] == '\'' || word[i] == '\\')
					text[o++] = word[i];
				text[o++] = word[i];
			}
			text[o++] = '\'';
			text[o] = '\0';
			cr_assert(fts_query_parse(text, &q), "%s", text);
			pos = fts_doc_positions(d, k, &npos);
			cr_expect_eq(fts_rank_cd_lexeme(pos, npos),
			    fts_rank_cd(q, d), "%s in %s", text, line);
			fts_query_free(q);
			checked++;
		}
		fts_doc_free(d);
	}
	fclose(f);
	cr_expect_gt(checked, 10000, "only %zu lexemes", checked);
}

/* Finished one supplier at a time, the index answers the same. */
Test(catindex, finished_in_steps_answers_the_same)
{
	static const char *const tsq[] = { NULL, "'nettoyag'",
	    "'nettoyag' <-> 'bureau'", "!'vitr'" };
	struct catindex		*whole = x;
	struct catindex_query	 q;
	struct catindex_answer	 a, b;
	size_t			 i, steps = 0;
	int			 rc;

	fill();
	while ((rc = catindex_finish_some(x, 1)) == 1)
		steps++;
	cr_assert_eq(rc, 0);
	cr_expect_eq(steps, NSUPPLIERS - 1);
	cr_expect_eq(catindex_finish_some(x, 1), -1, "already finished");
	for (i = 0; i < sizeof(tsq) / sizeof(tsq[0]); i++) {
		query_init(&q);
		q.tsquery = tsq[i];
		q.sort = i % 2 ? SEARCH_SORT_RELEVANCE : SEARCH_SORT_UPDATED;
		cr_assert(catindex_search(whole, &q, &a));
		cr_assert(catindex_search(x, &q, &b));
		cr_expect_str_eq(a.body, b.body);
		catindex_answer_free(&a);
		catindex_answer_free(&b);
	}
	catindex_free(whole);
}
