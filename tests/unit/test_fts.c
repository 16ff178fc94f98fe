/*
 * Unit tests for src/core/fts*.c, the port of PostgreSQL 15's full-text
 * search: hand-made cases (AND, OR, NOT, phrases, prefixes, weights,
 * stripped documents) whose match and ts_rank_cd::float8::text were
 * asked of PostgreSQL 15 (asr_fr configuration), the vectors of
 * tests/unit/data/fts_vectors.tsv (real documents and websearch queries,
 * and synthetic pairs, written by tests/unit/fts_vectors.py) replayed,
 * the normalisation of a tsvector, the query tree, float8 formatting,
 * and hostile texts (bad quotes, positions, operators, huge numbers, deep
 * nesting, 100 KB and over-long texts) refused without a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/fts.h"

#define VECTORS		"tests/unit/data/fts_vectors.tsv"

struct pg_case {
	const char	*doc;
	const char	*query;
	int		 match;
	const char	*rank;
};

#define DOC_DEMO	"'cress':1A 'demo':4A 'mayott':3A 'l''eau':2,7B"
#define DOC_GARDEN	"'entretien':1A,9B 'espac':3B,12C 'espaces-vert':2B " \
			"'vert':4B,13 'jardin':5,6,20D 'tont':7C 'taill':8 " \
			"'hai':10,11"
#define DOC_STRIPPED	"'a' 'b' 'c'"
#define DOC_PREFIX	"'ab':1 'abc':2B 'abd':3C 'b':4A 'c\\\\d':5"

/* select d @@ q, ts_rank_cd(d, q)::float8::text, PostgreSQL 15.  */
static const struct pg_case	pg_cases[] = {
	{ DOC_DEMO,
	    "'cress'", 1, "1" },
	{ DOC_DEMO,
	    "'demo'", 1, "1" },
	{ DOC_DEMO,
	    "'absent'", 0, "0" },
	{ DOC_DEMO,
	    "'cress' & 'demo'", 1, "0.3333333432674408" },
	{ DOC_DEMO,
	    "'cress' & 'mayott' & 'l''eau'", 1, "0.25" },
	{ DOC_DEMO,
	    "'cress' | 'absent'", 1, "1" },
	{ DOC_DEMO,
	    "'cress' & !'demo'", 0, "1" },
	{ DOC_DEMO,
	    "'cress' & !'absent'", 1, "1" },
	{ DOC_DEMO,
	    "!'absent'", 1, "0" },
	{ DOC_DEMO,
	    "!'cress'", 0, "0" },
	{ DOC_DEMO,
	    "( 'cress' | 'absent' ) & ( 'demo' | 'mayott' )", 1, "0.5" },
	{ DOC_DEMO,
	    "'l''eau'", 1, "0.5" },
	{ DOC_DEMO,
	    "'l''eau' & 'l''eau'", 1, "0.5" },
	{ DOC_DEMO,
	    "", 0, "0" },
	{ DOC_GARDEN,
	    "'jardin'", 1, "0.30000001192092896" },
	{ DOC_GARDEN,
	    "'jardin' & 'hai'", 1, "0.03611111268401146" },
	{ DOC_GARDEN,
	    "'entretien' & 'espac' & 'vert'", 1, "0.4300000071525574" },
	{ DOC_GARDEN,
	    "'taill' | 'tont' | 'hai'", 1, "0.5" },
	{ DOC_GARDEN,
	    "'entretien' & !( 'hai' | 'absent' )", 0, "1.399999976158142" },
	{ DOC_GARDEN,
	    "'jardin' & 'jardin' & 'taill'", 1, "0.05833333358168602" },
	{ DOC_GARDEN,
	    "'vert' & 'espac'", 1, "0.5666666626930237" },
	{ DOC_GARDEN,
	    "!!'hai' & 'tont'", 1, "0.04444444552063942" },
	{ DOC_STRIPPED,
	    "'a'", 1, "0" },
	{ DOC_STRIPPED,
	    "'a' & 'b'", 1, "0" },
	{ DOC_STRIPPED,
	    "'a' | 'x'", 1, "0" },
	{ DOC_STRIPPED,
	    "'a' & !'b'", 0, "0" },
	{ DOC_STRIPPED,
	    "!'x'", 1, "0" },
	{ DOC_PREFIX,
	    "'ab':*", 1, "0.699999988079071" },
	{ DOC_PREFIX,
	    "'ab':* & 'b'", 1, "0.3333333432674408" },
	{ DOC_PREFIX,
	    "'ab':B", 0, "0" },
	{ DOC_PREFIX,
	    "'ab':BC | 'b':A", 1, "1" },
	{ DOC_PREFIX,
	    "'b':D", 0, "0" },
	{ DOC_PREFIX,
	    "'c\\\\d'", 1, "0.10000000149011612" },
	{ DOC_PREFIX,
	    "'a':* & 'c\\\\d'", 1, "0.06666667014360428" },
	{ "",
	    "!'a'", 1, "0" },
	{ "",
	    "'a'", 0, "0" },
	{ DOC_GARDEN,
	    "'espaces-vert' <-> 'espac' <-> 'vert'", 1, "0.4000000059604645" },
	{ DOC_GARDEN,
	    "'entretien' <-> 'espaces-vert'", 1, "0.5714285969734192" },
	{ DOC_GARDEN,
	    "'entretien' <2> 'espac'", 1, "0.2857142984867096" },
	{ DOC_GARDEN,
	    "'vert' <-> 'entretien'", 0, "0" },
	{ DOC_GARDEN,
	    "'jardin' <-> !'tont'", 1, "0.30000001192092896" },
	{ DOC_GARDEN,
	    "!'tont' <-> 'taill'", 0, "0" },
	{ DOC_GARDEN,
	    "'hai' <-> ( 'hai' | 'x' )", 1, "0.10000000149011612" },
	{ DOC_GARDEN,
	    "'espac':* <-> 'vert':B", 1, "0.4000000059604645" },
	{ DOC_GARDEN,
	    "'espac':C <-> 'vert'", 1, "0.13333334028720856" },
	{ DOC_GARDEN,
	    "!( 'jardin' <-> 'jardin' ) & 'tont'", 0, "0" },
	{ DOC_GARDEN,
	    "'jardin' <0> 'jardin'", 1, "0.30000001192092896" },
	{ "'a' 'b'",
	    "'a' <-> 'b'", 0, "0" },
	{ "'a' 'b'",
	    "!( 'a' <-> 'b' )", 1, "0" },
	{ "'a':1 'b'",
	    "'a' <-> 'b'", 0, "0" },
	{ "'x':16383A 'y':1D",
	    "'x' & 'y'", 1, "1.1098655704699922e-05" },
};

static struct fts_doc	*doc_of(const char *);
static struct fts_query	*query_of(const char *);
static void		 check_case(const char *, const char *, int,
			    const char *);
static char		*repeat(const char *, size_t, const char *,
			    const char *);
static int		 replay_line(char *, struct fts_doc **);

static struct fts_doc *
doc_of(const char *text)
{
	struct fts_doc	*d;

	cr_assert(fts_doc_parse(text, &d), "tsvector refused: %s", text);

	return (d);
}

static struct fts_query *
query_of(const char *text)
{
	struct fts_query	*q;

	cr_assert(fts_query_parse(text, &q), "tsquery refused: %s", text);

	return (q);
}

static void
check_case(const char *doc, const char *query, int match, const char *rank)
{
	struct fts_doc		*d = doc_of(doc);
	struct fts_query	*q = query_of(query);
	char			 buf[FTS_RANK_TEXT_LEN];

	cr_assert_eq(fts_match(q, d), match, "%s @@ %s", doc, query);
	cr_assert(fts_rank_text(fts_rank_cd(q, d), buf, sizeof(buf)));
	cr_assert_str_eq(buf, rank, "ts_rank_cd(%s, %s)", doc, query);
	fts_query_free(q);
	fts_doc_free(d);
}

/* head, then n times unit, then tail: a NUL-terminated string. */
static char *
repeat(const char *head, size_t n, const char *unit, const char *tail)
{
	size_t	 hl = strlen(head), ul = strlen(unit), tl = strlen(tail), i;
	char	*s;

	cr_assert_not_null(s = malloc(hl + n * ul + tl + 1));
	memcpy(s, head, hl);
	for (i = 0; i < n; i++)
		memcpy(s + hl + i * ul, unit, ul);
	memcpy(s + hl + n * ul, tail, tl + 1);

	return (s);
}

Test(fts, pg_cases)
{
	size_t	i;

	for (i = 0; i < sizeof(pg_cases) / sizeof(pg_cases[0]); i++)
		check_case(pg_cases[i].doc, pg_cases[i].query,
		    pg_cases[i].match, pg_cases[i].rank);
}

/*
 * One line of the vectors: "D\tdoc" replaces *d, "Q\tquery\tt|f\trank"
 * is checked against it. Returns 1 for a query checked, 2 for one with a
 * phrase, 0 for a document.
 */
static int
replay_line(char *line, struct fts_doc **d)
{
	struct fts_query	*q;
	char			*query, *match, *rank, buf[FTS_RANK_TEXT_LEN];
	int			 phrase;

	line[strcspn(line, "\n")] = '\0';
	if (line[0] == 'D') {
		fts_doc_free(*d);
		*d = doc_of(line + 2);
		return (0);
	}
	cr_assert(line[0] == 'Q' && *d != NULL, "bad vector line %s", line);
	query = line + 2;
	cr_assert_not_null(match = strchr(query, '\t'));
	*match++ = '\0';
	cr_assert_not_null(rank = strchr(match, '\t'));
	*rank++ = '\0';
	q = query_of(query);
	cr_assert_eq(fts_match(q, *d), *match == 't', "%s @@ %s", line, query);
	cr_assert(fts_rank_text(fts_rank_cd(q, *d), buf, sizeof(buf)));
	cr_assert_str_eq(buf, rank, "ts_rank_cd(..., %s)", query);
	phrase = strchr(query, '<') != NULL;
	fts_query_free(q);

	return (phrase ? 2 : 1);
}

Test(fts, pg_vectors)
{
	struct fts_doc	*d = NULL;
	FILE		*f;
	char		*line = NULL;
	size_t		 cap = 0;
	int		 agreed = 0, phrases = 0, r;

	cr_assert_not_null(f = fopen(VECTORS, "r"), "%s", VECTORS);
	while (getline(&line, &cap, f) > 0) {
		if ((r = replay_line(line, &d)) > 0)
			agreed++;
		if (r == 2)
			phrases++;
	}
	free(line);
	fclose(f);
	fts_doc_free(d);
	cr_log_info("fts vectors: %d agree, %d of them with phrases", agreed,
	    phrases);
	cr_assert_geq(agreed, 3800);
	cr_assert_geq(phrases, 1400);
}

Test(fts, doc_sorted_and_merged)
{
	static const uint16_t	 apos[] = { 1, 2 | 2 << 14, 3 | 3 << 14 };
	struct fts_doc		*d;
	const uint16_t		*pos;
	const char		*s;
	size_t			 len, n;

	d = doc_of("b:9 'ab':4 'a':3,1,3A  'a':2B 'b''c'");
	cr_assert_eq(fts_doc_lexemes(d), 4);
	s = fts_doc_lexeme(d, 0, &len);
	cr_assert(len == 1 && memcmp(s, "a", 1) == 0);
	s = fts_doc_lexeme(d, 1, &len);
	cr_assert(len == 2 && memcmp(s, "ab", 2) == 0);
	s = fts_doc_lexeme(d, 2, &len);
	cr_assert(len == 1 && memcmp(s, "b", 1) == 0);
	s = fts_doc_lexeme(d, 3, &len);
	cr_assert(len == 3 && memcmp(s, "b'c", 3) == 0);
	pos = fts_doc_positions(d, 0, &n);
	cr_assert_eq(n, 3);
	cr_assert_arr_eq(pos, apos, sizeof(apos));
	(void)fts_doc_positions(d, 3, &n);
	cr_assert_eq(n, 0);
	cr_assert_null(fts_doc_lexeme(d, 4, &len));
	fts_doc_free(d);
}

Test(fts, doc_positions_clamped)
{
	struct fts_doc	*d;
	const uint16_t	*pos;
	char		*text;
	size_t		 n, i;

	d = doc_of("'a':99999999999999999999999,1*,2D,3a,4DA");
	pos = fts_doc_positions(d, 0, &n);
	cr_assert_eq(n, 5);
	cr_assert_eq(FTS_POS(pos[0]), 1);
	cr_assert_eq(FTS_WEIGHT(pos[0]), 3);
	cr_assert_eq(FTS_WEIGHT(pos[1]), 0);
	cr_assert_eq(FTS_WEIGHT(pos[2]), 3);
	cr_assert_eq(FTS_WEIGHT(pos[3]), 3);
	cr_assert_eq(FTS_POS(pos[4]), FTS_MAX_POS);
	fts_doc_free(d);

	/* 300 positions: PostgreSQL keeps the first 256. */
	cr_assert_not_null(text = malloc(300 * 5 + 8));
	for (n = 0, i = 0; i < 300; i++)
		n += (size_t)sprintf(text + n, "%s%zu", i ? "," : "'a':",
		    300 - i);
	d = doc_of(text);
	pos = fts_doc_positions(d, 0, &n);
	cr_assert_eq(n, FTS_MAX_POSITIONS);
	cr_assert_eq(FTS_POS(pos[n - 1]), 256);
	fts_doc_free(d);
	free(text);
}

Test(fts, doc_refused)
{
	static const char	*bad[] = {
		"'abc", "'a':0", "'a':x", "'a':1AA", "'a':", "'a':1,",
		"''", "'a''", "a\\", "'a':1,,2", "'a':-1", "'a':1 'b",
		"'a\\",
	};
	struct fts_doc		*d;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_not(fts_doc_parse(bad[i], &d), "%s", bad[i]);
		cr_assert_null(d);
	}
}

Test(fts, doc_limits)
{
	struct fts_doc	*d;
	char		*text;

	text = repeat("'", FTS_MAX_LEXEME, "x", "':1");
	cr_assert(fts_doc_parse(text, &d));
	fts_doc_free(d);
	free(text);
	text = repeat("'", FTS_MAX_LEXEME + 1, "x", "':1");
	cr_assert_not(fts_doc_parse(text, &d));
	free(text);
	text = repeat("", 100 * 1024, "'x", "");
	cr_assert_not(fts_doc_parse(text, &d));
	free(text);
	text = repeat("", 20000, "'ab':1,2A ", "");
	cr_assert(fts_doc_parse(text, &d));
	cr_assert_eq(fts_doc_lexemes(d), 1);
	fts_doc_free(d);
	free(text);
	text = repeat("", FTS_MAX_TEXT + 1, " ", "");
	cr_assert_not(fts_doc_parse(text, &d));
	free(text);
	cr_assert(fts_doc_parse("", &d));
	cr_assert_eq(fts_doc_lexemes(d), 0);
	fts_doc_free(d);
}

Test(fts, query_tree)
{
	struct fts_query	*q;
	const struct fts_node	*n, *l, *r;
	const char		*s;
	size_t			 len;

	q = query_of("'b' & 'a' | !( 'b' | 'l''x' )");
	cr_assert_not(fts_query_empty(q));
	cr_assert(fts_query_simple(q));
	n = fts_query_node(q, (size_t)fts_query_root(q));
	cr_assert_eq(n->kind, FTS_OR);
	l = fts_query_node(q, (size_t)n->left);
	r = fts_query_node(q, (size_t)n->right);
	cr_assert_eq(l->kind, FTS_AND);
	cr_assert_eq(r->kind, FTS_NOT);
	cr_assert_eq(fts_query_node(q, (size_t)r->left)->kind, FTS_OR);
	n = fts_query_node(q, (size_t)l->left);
	cr_assert(n->kind == FTS_VAL && n->len == 1 && *n->lexeme == 'b');
	cr_assert_eq(fts_query_nodes(q), 8);
	cr_assert_null(fts_query_node(q, 8));
	cr_assert_eq(fts_query_terms(q), 3);
	s = fts_query_term(q, 0, &len);
	cr_assert(len == 1 && *s == 'a');
	s = fts_query_term(q, 2, &len);
	cr_assert(len == 3 && memcmp(s, "l'x", 3) == 0);
	cr_assert_null(fts_query_term(q, 3, &len));
	fts_query_free(q);

	q = query_of(" \t ");
	cr_assert(fts_query_empty(q));
	cr_assert_eq(fts_query_root(q), -1);
	cr_assert_eq(fts_query_terms(q), 0);
	fts_query_free(q);
}

Test(fts, query_flags)
{
	struct fts_query	*q;
	struct fts_doc		*d = doc_of("'a':1 'b':2");
	const struct fts_node	*n;

	q = query_of("a:*Ab");
	n = fts_query_node(q, 0);
	cr_assert(n->prefix && n->weight == (1u << 3 | 1u << 2));
	cr_assert_not(fts_query_simple(q));
	fts_query_free(q);
	q = query_of("a <-> b");
	cr_assert_not(fts_query_simple(q));
	cr_assert_eq(fts_match(q, d), 1);
	fts_query_free(q);

	q = query_of("'espaces-vert' <-> 'espac' <-> 'vert' & a <3> b");
	cr_assert_not(fts_query_simple(q));
	n = fts_query_node(q, (size_t)fts_query_root(q));
	cr_assert_eq(n->kind, FTS_AND);
	n = fts_query_node(q, (size_t)n->right);
	cr_assert(n->kind == FTS_PHRASE && n->distance == 3);
	cr_assert_eq(fts_match(q, d), 0);
	fts_query_free(q);
	fts_doc_free(d);
}

Test(fts, query_refused)
{
	static const char	*bad[] = {
		"a &", "& a", "a b", "(a", "a)", "a <-1> b", "a <16385> b",
		"''", "a:xyz", ":a", "!", "a\\", "'a'b", "a:*:A", "a <->",
		"a <- > b", "()", "a | | b", "'abc", "a & (b | c",
		"a <99999999999999999999> b",
	};
	struct fts_query	*q;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_not(fts_query_parse(bad[i], &q), "%s", bad[i]);
		cr_assert_null(q);
	}
}

Test(fts, query_limits)
{
	struct fts_query	*q;
	char			*text;

	text = repeat("", FTS_MAX_DEPTH + 1, "(", "a");
	cr_assert_not(fts_query_parse(text, &q));
	free(text);
	text = repeat("", FTS_MAX_DEPTH + 1, "!", "a");
	cr_assert_not(fts_query_parse(text, &q));
	free(text);
	text = repeat("", FTS_MAX_DEPTH, "!", "a");
	cr_assert(fts_query_parse(text, &q));
	fts_query_free(q);
	free(text);
	text = repeat("a", FTS_MAX_NODES, " | a", "");
	cr_assert_not(fts_query_parse(text, &q));
	free(text);
	text = repeat("a", FTS_MAX_NODES / 2 - 1, " | a", "");
	cr_assert(fts_query_parse(text, &q));
	fts_query_free(q);
	free(text);
	text = repeat("'", FTS_MAX_LEXEME + 1, "x", "'");
	cr_assert_not(fts_query_parse(text, &q));
	free(text);
	text = repeat("", 100 * 1024, "(a & ", "");
	cr_assert_not(fts_query_parse(text, &q));
	free(text);
	text = repeat("", FTS_MAX_TEXT + 1, " ", "");
	cr_assert_not(fts_query_parse(text, &q));
	free(text);
}

/* Nesting to FTS_MAX_DEPTH: what PostgreSQL answers without it. */
Test(fts, nested_rank)
{
	struct fts_query	*q;
	struct fts_doc		*d = doc_of("'a':1 'b':2");
	char			*open, *text;

	open = repeat("", FTS_MAX_DEPTH - 1, "( ", "'a' | 'x'");
	text = repeat(open, FTS_MAX_DEPTH - 1, " )", "");
	q = query_of(text);
	cr_assert_eq(fts_match(q, d), 1);
	cr_assert_float_eq(fts_rank_cd(q, d), 0.1f, 0.0f);
	fts_query_free(q);
	free(text);
	free(open);
	fts_doc_free(d);
}

Test(fts, rank_text)
{
	static const struct {
		double		 v;
		const char	*text;
	} cases[] = {
		{ (double)0.1f, "0.10000000149011612" },
		{ (double)1e-20f, "9.999999682655225e-21" },
		{ 1e-20, "1e-20" },
		{ 0.0, "0" },
		{ -0.0, "-0" },
		{ 1.0, "1" },
		{ 100.0, "100" },
		{ 1e14, "100000000000000" },
		{ 1e15, "1e+15" },
		{ 1.5e300, "1.5e+300" },
		{ 0.0001, "0.0001" },
		{ 0.00001, "1e-05" },
		{ -0.25, "-0.25" },
		{ 123456.789, "123456.789" },
		{ (double)1.1098656e-05f, "1.1098655704699922e-05" },
	};
	char	buf[FTS_RANK_TEXT_LEN];
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert(fts_rank_text(cases[i].v, buf, sizeof(buf)));
		cr_assert_str_eq(buf, cases[i].text);
	}
	cr_assert_not(fts_rank_text(0.10000000149011612, buf, 5));
	cr_assert(fts_rank_text(1.0 / 0.0, buf, sizeof(buf)));
	cr_assert_str_eq(buf, "Infinity");
}
