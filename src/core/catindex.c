/*
 * The catalogue's suppliers in memory (see catindex.h). Each filter is a
 * posting list per code (the suppliers having it), each lexeme of the
 * full-text documents one too; a search ORs a filter's codes and ANDs the
 * filters and the query's operands over bitsets of the suppliers, then
 * ranks, counts, sorts and pages the hits. The suppliers are kept in the
 * order of their folded name and id, the alphabetical sort, so that it
 * needs no sorting.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catindex.h"
#include "core/cursor.h"
#include "core/fts.h"

#define LEXICON_MIN	1024
#define FILTER_VALUES	64

struct posting {
	uint32_t	*docs;
	size_t		 n, cap;
};

struct code {
	char		*code;
	char		*label;
	int		 known;		/* in the reference table */
	struct posting	 docs;
};

struct dim {
	struct code	*codes;
	size_t		 n, cap;
};

struct lexeme {
	char		*word;
	size_t		 len;
	struct posting	 docs;
	uint32_t	*slots;		/* its place in each doc's lexemes */
	size_t		 slots_cap;
};

struct doc {
	char		 id[40];
	char		*alpha;
	int64_t		 updated;
	char		*item;
	size_t		 item_len;
	uint32_t	 communes_mask;
	int		 member;
	int		 kind;		/* a code of the kind filter */
	int		 subkind;	/* of the subkind filter, or -1 */
	int		*groups;	/* of the sector group filter */
	size_t		 ngroups;
	struct fts_doc	*fts;
	char		*raw[SUPPLIER_F_COUNT];	/* until catindex_finish() */
	char		*search;		/* until catindex_finish() */
};

struct catindex {
	struct dim	 dims[SUPPLIER_F_COUNT];
	struct dim	 communes;	/* labels of the commune facet */
	struct doc	*docs;
	size_t		 ndocs, cap;
	struct lexeme	*lexicon;	/* open addressing, by hash */
	size_t		 nlexemes, lexicon_cap;
	uint64_t	*searchable;	/* the suppliers with a document */
	size_t		 words;
	int		 sorted;	/* catindex_finish() began */
	size_t		 indexed;	/* suppliers indexed so far */
	int		 finished;
	int		 broken;	/* a row half copied */
};

struct hit {
	uint32_t	 doc;
	double		 rank;
	int64_t		 updated;
	const char	*id;
};

struct facet {
	const char	*code;
	const char	*label;
	size_t		 count;
};

struct buf {
	char		*p;
	size_t		 len, cap;
	int		 failed;
};

/* Reference lists and the filter each one checks (-1: facet labels). */
static const int ref_dims[CATINDEX_REF_COUNT] = {
	SUPPLIER_F_SECTOR, SUPPLIER_F_GROUP, SUPPLIER_F_SUBKIND,
	SUPPLIER_F_LABEL, -1,
};

/* The filters' names, as the SQL names those with unknown codes. */
static const char *const dim_names[SUPPLIER_F_COUNT] = {
	"sector", "sector_group", "kind", "subkind", "commune", "label",
	"offer_type",
};

static int	posting_add(struct posting *, uint32_t);
static struct code *dim_find(const struct dim *, const char *, size_t);
static struct code *dim_get(struct dim *, const char *, size_t);
static void	dim_free(struct dim *);
static int	doc_cmp(const void *, const void *);
static int	doc_index(struct catindex *, uint32_t);
static int	doc_codes(struct catindex *, uint32_t, int, const char *);
static int	doc_lexemes(struct catindex *, uint32_t);
static uint64_t	hash(const char *, size_t);
static struct lexeme *lexicon_find(const struct catindex *, const char *,
		    size_t);
static struct lexeme *lexicon_get(struct catindex *, const char *, size_t);
static int	lexicon_grow(struct catindex *);
static int	unknown_codes(const struct catindex *,
		    const struct catindex_query *, char *, size_t);
static const char *next_code(const char **, size_t *);
static int	filter_set(const struct catindex *, int, const char *,
		    uint64_t *, uint64_t *);
static int	matches(const struct catindex *, const struct catindex_query *,
		    uint64_t *, struct fts_query **);
static int	query_set(const struct catindex *, const struct fts_query *,
		    int, uint64_t *, int *);
static void	lexeme_set(const struct catindex *, const struct fts_node *,
		    uint64_t *);
static int	verify(const struct catindex *, const struct fts_query *,
		    uint64_t *);
static int	lexeme_add(struct lexeme *, uint32_t, uint32_t);
static void	posting_or(const struct posting *, uint64_t *);
static size_t	collect(const struct catindex *, const uint64_t *,
		    const struct fts_query *, int, struct hit *);
static size_t	after_cursor(const struct catindex *,
		    const struct catindex_query *, struct hit *, size_t);
static size_t	first(struct hit *, size_t, size_t,
		    int (*)(const void *, const void *));
static int	hit_by_rank(const void *, const void *);
static int	hit_by_update(const void *, const void *);
static void	facets(const struct catindex *, const struct hit *, size_t,
		    struct buf *);
static void	facet_codes(const struct dim *, const size_t *, int,
		    struct buf *);
static void	facet_communes(const struct catindex *, const size_t *,
		    struct buf *);
static void	facet_list(struct facet *, size_t, int, struct buf *);
static int	facet_cmp(const void *, const void *);
static int	answer(const struct catindex *, const struct catindex_query *,
		    size_t, const struct hit *, size_t, const struct buf *,
		    struct catindex_answer *);
static void	buf_add(struct buf *, const char *, size_t);
static void	buf_fmt(struct buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	buf_json(struct buf *, const char *);

struct catindex *
catindex_new(void)
{
	return (calloc(1, sizeof(struct catindex)));
}

void
catindex_free(struct catindex *x)
{
	size_t		i, k;

	if (x == NULL)
		return;
	for (i = 0; i < SUPPLIER_F_COUNT; i++)
		dim_free(&x->dims[i]);
	dim_free(&x->communes);
	for (i = 0; i < x->ndocs; i++) {
		free(x->docs[i].alpha);
		free(x->docs[i].item);
		free(x->docs[i].groups);
		fts_doc_free(x->docs[i].fts);
		for (k = 0; k < SUPPLIER_F_COUNT; k++)
			free(x->docs[i].raw[k]);
		free(x->docs[i].search);
	}
	free(x->docs);
	for (i = 0; i < x->lexicon_cap; i++) {
		free(x->lexicon[i].word);
		free(x->lexicon[i].docs.docs);
		free(x->lexicon[i].slots);
	}
	free(x->lexicon);
	free(x->searchable);
	free(x);
}

/* A reference code of list ref (CATINDEX_REF_*), with its label or NULL. */
int
catindex_add_code(struct catindex *x, int ref, const char *code,
    const char *label)
{
	struct code	*c;

	if (x->sorted || ref < 0 || ref >= CATINDEX_REF_COUNT ||
	    code == NULL)
		return (0);
	c = dim_get(ref_dims[ref] >= 0 ? &x->dims[ref_dims[ref]] :
	    &x->communes, code, strlen(code));
	if (c == NULL)
		return (0);
	c->known = 1;
	if (label != NULL && c->label == NULL &&
	    (c->label = strdup(label)) == NULL)
		return (0);

	return (1);
}

/*
 * One supplier; its codes and document are indexed by catindex_finish().
 * A row refused leaves the index as it was; one half copied (no memory)
 * makes catindex_finish() fail.
 */
int
catindex_add(struct catindex *x, const struct catindex_row *r)
{
	const char	*raw[SUPPLIER_F_COUNT];
	struct doc	*d, *grown;
	char		*end;
	long long	 updated;
	size_t		 i;

	if (x->sorted || x->broken || r->id == NULL ||
	    strlen(r->id) >= sizeof(d->id) || r->alpha == NULL ||
	    r->updated == NULL || r->kind == NULL || r->item == NULL ||
	    r->communes_mask == NULL || x->ndocs >= INT32_MAX)
		return (0);
	updated = strtoll(r->updated, &end, 10);
	if (*r->updated == '\0' || *end != '\0')
		return (0);
	if (x->ndocs == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 256;
		if ((grown = reallocarray(x->docs, x->cap,
		    sizeof(*grown))) == NULL)
			return (0);
		x->docs = grown;
	}
	d = &x->docs[x->ndocs++];
	memset(d, 0, sizeof(*d));
	(void)snprintf(d->id, sizeof(d->id), "%s", r->id);
	d->updated = updated;
	d->communes_mask = (uint32_t)strtoul(r->communes_mask, NULL, 10);
	d->member = r->member;
	d->subkind = -1;
	d->item_len = strlen(r->item);
	raw[SUPPLIER_F_SECTOR] = r->sectors;
	raw[SUPPLIER_F_GROUP] = r->groups;
	raw[SUPPLIER_F_KIND] = r->kind;
	raw[SUPPLIER_F_SUBKIND] = r->subkind;
	raw[SUPPLIER_F_COMMUNE] = r->communes;
	raw[SUPPLIER_F_LABEL] = r->labels;
	raw[SUPPLIER_F_OFFER_TYPE] = r->offer_types;
	x->broken = (d->alpha = strdup(r->alpha)) == NULL ||
	    (d->item = strdup(r->item)) == NULL || (r->search != NULL &&
	    (d->search = strdup(r->search)) == NULL);
	for (i = 0; i < SUPPLIER_F_COUNT; i++) {
		if (raw[i] != NULL && (d->raw[i] = strdup(raw[i])) == NULL)
			x->broken = 1;
	}

	return (!x->broken);
}

/* Sorts the suppliers and builds the posting lists; then read-only. */
int
catindex_finish(struct catindex *x)
{
	int		rc;

	while ((rc = catindex_finish_some(x, 4096)) == 1)
		;

	return (rc == 0);
}

/*
 * catindex_finish() in steps of n suppliers, for a caller that must not
 * stop for the whole of it: 1 while some remain, 0 when the index is
 * finished, -1 on failure (then only catindex_free()).
 */
int
catindex_finish_some(struct catindex *x, size_t n)
{
	size_t		end;

	if (x->finished || x->broken || n == 0)
		return (-1);
	if (!x->sorted) {
		x->sorted = 1;
		if (x->ndocs > 0)
			qsort(x->docs, x->ndocs, sizeof(*x->docs), doc_cmp);
		x->words = (x->ndocs + 63) / 64;
		if ((x->searchable = calloc(x->words ? x->words : 1,
		    sizeof(uint64_t))) == NULL) {
			x->broken = 1;
			return (-1);
		}
	}
	end = x->indexed + n < x->ndocs ? x->indexed + n : x->ndocs;
	for (; x->indexed < end; x->indexed++) {
		if (!doc_index(x, (uint32_t)x->indexed)) {
			x->broken = 1;
			return (-1);
		}
	}
	if (x->indexed < x->ndocs)
		return (1);
	x->finished = 1;

	return (0);
}

size_t
catindex_size(const struct catindex *x)
{
	return (x->ndocs);
}

void
catindex_answer_free(struct catindex_answer *a)
{
	free(a->body);
	a->body = NULL;
}

int
catindex_search(const struct catindex *x, const struct catindex_query *q,
    struct catindex_answer *a)
{
	struct fts_query	*tsq = NULL;
	struct hit		*hits;
	struct buf		 f;
	uint64_t		*set;
	size_t			 total, w, kept;
	int			 rc;

	memset(a, 0, sizeof(*a));
	a->status = CATINDEX_ERROR;
	if (!x->finished || x->broken || q->limit == 0 ||
	    (q->after_id == NULL) != (q->after_key == NULL))
		return (0);
	if (unknown_codes(x, q, a->unknown, sizeof(a->unknown))) {
		a->status = CATINDEX_UNKNOWN;
		return (1);
	}
	if ((set = calloc(x->words ? x->words : 1, sizeof(*set))) == NULL)
		return (0);
	if ((rc = matches(x, q, set, &tsq)) != CATINDEX_OK) {
		free(set);
		fts_query_free(tsq);
		a->status = rc;
		return (rc != CATINDEX_ERROR);
	}
	for (w = 0, total = 0; w < x->words; w++)
		total += (size_t)__builtin_popcountll(set[w]);
	if (q->tsquery != NULL && total == 0) {
		/* No full-text match: SQL tries trigram similarity. */
		free(set);
		fts_query_free(tsq);
		a->status = CATINDEX_FALLBACK;
		return (1);
	}
	if ((hits = malloc((total ? total : 1) * sizeof(*hits))) == NULL) {
		free(set);
		fts_query_free(tsq);
		return (0);
	}
	(void)collect(x, set, tsq, q->sort == SEARCH_SORT_RELEVANCE, hits);
	free(set);
	fts_query_free(tsq);

	memset(&f, 0, sizeof(f));
	facets(x, hits, total, &f);
	kept = after_cursor(x, q, hits, total);
	rc = !f.failed && answer(x, q, total, hits, kept, &f, a);
	free(f.p);
	free(hits);

	return (rc);
}

/*
 * The filters naming codes their reference table lacks, as the SQL names
 * them: distinct, sorted, joined by ", ". Returns 1 when there are some.
 */
static int
unknown_codes(const struct catindex *x, const struct catindex_query *q,
    char *out, size_t len)
{
	static const int	 order[] = { SUPPLIER_F_LABEL,
				    SUPPLIER_F_SECTOR, SUPPLIER_F_GROUP,
				    SUPPLIER_F_SUBKIND };
	const struct code	*c;
	const char		*v, *code;
	size_t			 i, n, clen;
	int			 bad;

	out[0] = '\0';
	for (i = 0, n = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if ((v = q->filters[order[i]]) == NULL)
			continue;
		v += *v == '{';
		for (bad = 0; !bad && (code = next_code(&v, &clen)) != NULL;) {
			c = dim_find(&x->dims[order[i]], code, clen);
			bad = c == NULL || !c->known;
		}
		if (!bad)
			continue;
		(void)snprintf(out + strlen(out), len - strlen(out), "%s%s",
		    n++ ? ", " : "", dim_names[order[i]]);
	}

	return (n > 0);
}

/*
 * The set of suppliers passing every filter and matching the query; the
 * parsed query is left in *tsq for ranking. Returns CATINDEX_*.
 */
static int
matches(const struct catindex *x, const struct catindex_query *q,
    uint64_t *set, struct fts_query **tsq)
{
	uint64_t	*one;
	size_t		 i, w;
	int		 f, rc, exact;

	for (i = 0; i < x->ndocs; i++)
		set[i / 64] |= (uint64_t)1 << (i % 64);
	if ((one = calloc(x->words ? x->words : 1, sizeof(*one))) == NULL)
		return (CATINDEX_ERROR);
	for (f = 0; f < SUPPLIER_F_COUNT; f++) {
		if (q->filters[f] != NULL && !filter_set(x, f, q->filters[f],
		    set, one)) {
			free(one);
			return (CATINDEX_ERROR);
		}
	}
	for (i = 0; (q->member >= 0 || q->has_since) && i < x->ndocs; i++) {
		if ((q->member >= 0 && x->docs[i].member != q->member) ||
		    (q->has_since && x->docs[i].updated < q->since))
			set[i / 64] &= ~((uint64_t)1 << (i % 64));
	}
	if (q->tsquery == NULL) {
		free(one);
		return (CATINDEX_OK);
	}

	if (!fts_query_parse(q->tsquery, tsq) || fts_query_empty(*tsq)) {
		free(one);
		return (CATINDEX_FALLBACK);
	}
	memset(one, 0, x->words * sizeof(*one));
	exact = 1;
	rc = query_set(x, *tsq, fts_query_root(*tsq), one, &exact);
	for (w = 0; rc == 1 && w < x->words; w++)
		set[w] &= one[w] & x->searchable[w];
	free(one);
	if (rc == 1 && !exact)
		rc = verify(x, *tsq, set);

	return (rc == 1 ? CATINDEX_OK : rc == 0 ? CATINDEX_ERROR :
	    CATINDEX_FALLBACK);
}

/* Keeps in set the candidates whose document matches (doc @@ query). */
static int
verify(const struct catindex *x, const struct fts_query *q, uint64_t *set)
{
	uint64_t	bits;
	size_t		w, doc;
	int		m;

	for (w = 0; w < x->words; w++) {
		for (bits = set[w]; bits != 0; bits &= bits - 1) {
			doc = w * 64 + (size_t)__builtin_ctzll(bits);
			if ((m = fts_match(q, x->docs[doc].fts)) < 0)
				return (0);
			if (m == 0)
				set[w] &= ~((uint64_t)1 << (doc % 64));
		}
	}

	return (1);
}

/* The next code of a filter's "a,b}" at *v (then past it), or NULL. */
static const char *
next_code(const char **v, size_t *len)
{
	const char	*code = *v;

	if (*code == '\0' || *code == '}')
		return (NULL);
	*len = strcspn(code, ",}");
	*v = code + *len + (code[*len] == ',');

	return (code);
}

/* ANDs into set the suppliers having any of the codes "{a,b}". */
static int
filter_set(const struct catindex *x, int f, const char *values,
    uint64_t *set, uint64_t *any)
{
	const struct code	*c;
	const char		*v, *code;
	size_t			 w, n, len;

	memset(any, 0, x->words * sizeof(*any));
	v = values + (*values == '{');
	for (n = 0; (code = next_code(&v, &len)) != NULL; n++) {
		if (n == FILTER_VALUES)
			return (0);
		if ((c = dim_find(&x->dims[f], code, len)) != NULL)
			posting_or(&c->docs, any);
	}
	for (w = 0; w < x->words; w++)
		set[w] &= any[w];

	return (1);
}

/*
 * The suppliers matching node i of the query, into out (zeroed): exactly
 * for AND, OR, NOT and plain lexemes; a superset for what needs positions
 * or weights (a phrase is taken as AND, a lexeme's weight marks are left
 * out, a prefix takes every lexeme it begins), then *exact is cleared and
 * the caller checks each candidate. A NOT of a superset would lose
 * matches: -1, the query is PostgreSQL's. Returns 1, 0 (no memory), -1.
 */
static int
query_set(const struct catindex *x, const struct fts_query *q, int i,
    uint64_t *out, int *exact)
{
	const struct fts_node	*node;
	uint64_t		*right;
	size_t			 w;
	int			 rc, inner = 1;

	if (i < 0 || (node = fts_query_node(q, (size_t)i)) == NULL)
		return (0);
	switch (node->kind) {
	case FTS_VAL:
		lexeme_set(x, node, out);
		if (node->prefix || node->weight)
			*exact = 0;
		return (1);
	case FTS_NOT:
		if ((rc = query_set(x, q, node->left, out, &inner)) != 1)
			return (rc);
		if (!inner)
			return (-1);
		for (w = 0; w < x->words; w++)
			out[w] = ~out[w];
		if (x->ndocs % 64)
			out[x->words - 1] &=
			    ((uint64_t)1 << (x->ndocs % 64)) - 1;
		return (1);
	case FTS_PHRASE:
		*exact = 0;
		break;
	case FTS_AND:
	case FTS_OR:
		break;
	default:
		return (0);
	}
	if ((right = calloc(x->words ? x->words : 1, sizeof(*right))) == NULL)
		return (0);
	if ((rc = query_set(x, q, node->left, out, exact)) == 1)
		rc = query_set(x, q, node->right, right, exact);
	for (w = 0; rc == 1 && w < x->words; w++) {
		if (node->kind == FTS_OR)
			out[w] |= right[w];
		else
			out[w] &= right[w];
	}
	free(right);

	return (rc);
}

/* The suppliers having the lexeme, or for a prefix any lexeme it begins. */
static void
lexeme_set(const struct catindex *x, const struct fts_node *node,
    uint64_t *out)
{
	const struct lexeme	*l;
	size_t			 i;

	if (!node->prefix) {
		if ((l = lexicon_find(x, node->lexeme, node->len)) != NULL)
			posting_or(&l->docs, out);
		return;
	}
	for (i = 0; i < x->lexicon_cap; i++) {
		l = &x->lexicon[i];
		if (l->word != NULL && l->len >= node->len &&
		    memcmp(l->word, node->lexeme, node->len) == 0)
			posting_or(&l->docs, out);
	}
}

static void
posting_or(const struct posting *p, uint64_t *set)
{
	size_t		i;

	for (i = 0; i < p->n; i++)
		set[p->docs[i] / 64] |= (uint64_t)1 << (p->docs[i] % 64);
}

/*
 * The hits in the suppliers' (alphabetical) order, ranked when asked. A
 * query of one plain lexeme, the most common, is ranked from the lexeme's
 * positions found through its posting list (fts_rank_cd_lexeme()), any
 * other by fts_rank_cd().
 */
static size_t
collect(const struct catindex *x, const uint64_t *set,
    const struct fts_query *tsq, int rank, struct hit *hits)
{
	const struct fts_node	*root = NULL;
	const struct lexeme	*l = NULL;
	const struct doc	*d;
	const uint16_t		*pos;
	size_t			 w, n = 0, j = 0, npos;
	uint64_t		 bits;
	uint32_t		 doc;

	if (rank && tsq != NULL && (root = fts_query_node(tsq,
	    (size_t)fts_query_root(tsq))) != NULL && root->kind == FTS_VAL &&
	    !root->prefix && !root->weight)
		l = lexicon_find(x, root->lexeme, root->len);
	for (w = 0; w < x->words; w++) {
		for (bits = set[w]; bits != 0; bits &= bits - 1) {
			doc = (uint32_t)(w * 64 +
			    (size_t)__builtin_ctzll(bits));
			d = &x->docs[doc];
			hits[n].doc = doc;
			hits[n].id = d->id;
			hits[n].updated = d->updated;
			hits[n].rank = 0;
			if (l != NULL) {
				while (j < l->docs.n && l->docs.docs[j] < doc)
					j++;
				pos = fts_doc_positions(d->fts, l->slots[j],
				    &npos);
				hits[n].rank = (double)fts_rank_cd_lexeme(pos,
				    npos);
			} else if (rank && tsq != NULL)
				hits[n].rank = (double)fts_rank_cd(tsq, d->fts);
			n++;
		}
	}

	return (n);
}

/*
 * The hits after the cursor, moved to the front and sorted in the sort's
 * order (the alphabetical one is the suppliers' own). The cursor's id is
 * compared as PostgreSQL compares uuids: lowercase hexadecimal text.
 */
static size_t
after_cursor(const struct catindex *x, const struct catindex_query *q,
    struct hit *h, size_t n)
{
	const struct doc	*d;
	char			 id[40];
	double			 rank = 0;
	long long		 updated = 0;
	size_t			 i, kept;
	int			 c, after;

	if (q->after_key != NULL) {
		for (i = 0; i < sizeof(id) - 1 && q->after_id[i] != '\0'; i++)
			id[i] = (char)(q->after_id[i] >= 'A' &&
			    q->after_id[i] <= 'F' ? q->after_id[i] + 32 :
			    q->after_id[i]);
		id[i] = '\0';
		if (q->sort == SEARCH_SORT_RELEVANCE)
			rank = strtod(q->after_key, NULL);
		else if (q->sort == SEARCH_SORT_UPDATED)
			updated = strtoll(q->after_key, NULL, 10);
	}
	for (i = 0, kept = 0; i < n; i++) {
		d = &x->docs[h[i].doc];
		after = 1;
		if (q->after_key != NULL) {
			c = strcmp(d->id, id);
			if (q->sort == SEARCH_SORT_RELEVANCE)
				after = h[i].rank < rank ||
				    (h[i].rank == rank && c > 0);
			else if (q->sort == SEARCH_SORT_UPDATED)
				after = d->updated < updated ||
				    (d->updated == updated && c > 0);
			else
				after = strcmp(d->alpha, q->after_key) > 0 ||
				    (strcmp(d->alpha, q->after_key) == 0 &&
				    c > 0);
		}
		if (after)
			h[kept++] = h[i];
	}
	if (q->sort == SEARCH_SORT_RELEVANCE)
		return (first(h, kept, q->limit + 1, hit_by_rank));
	if (q->sort == SEARCH_SORT_UPDATED)
		return (first(h, kept, q->limit + 1, hit_by_update));

	return (kept);
}

/*
 * Moves the k first hits in cmp's order to the front, sorted, and returns
 * how many there are: one pass keeping the best k so far by insertion, as
 * a page is a few dozen hits of hundreds or thousands.
 */
static size_t
first(struct hit *h, size_t n, size_t k, int (*cmp)(const void *,
    const void *))
{
	struct hit	 t;
	size_t		 i, j, kept = 0;

	for (i = 0; i < n; i++) {
		if (kept == k && cmp(&h[i], &h[k - 1]) >= 0)
			continue;
		t = h[i];
		j = kept < k ? kept++ : k - 1;
		for (; j > 0 && cmp(&t, &h[j - 1]) < 0; j--)
			h[j] = h[j - 1];
		h[j] = t;
	}

	return (kept);
}

/* ORDER BY rank DESC, id. */
static int
hit_by_rank(const void *a, const void *b)
{
	const struct hit	*x = a, *y = b;

	if (x->rank != y->rank)
		return (x->rank > y->rank ? -1 : 1);
	return (strcmp(x->id, y->id));
}

/* ORDER BY updated_at DESC, id. */
static int
hit_by_update(const void *a, const void *b)
{
	const struct hit	*x = a, *y = b;

	if (x->updated != y->updated)
		return (x->updated > y->updated ? -1 : 1);
	return (strcmp(x->id, y->id));
}

/*
 * The answer as the SQL path writes it: the page's items, the cursor of
 * its last item when more follow, the total and the facets of all hits.
 */
static int
answer(const struct catindex *x, const struct catindex_query *q,
    size_t total, const struct hit *page, size_t npage,
    const struct buf *facets, struct catindex_answer *a)
{
	struct buf		 b;
	const struct doc	*d;
	const char		*parts[2];
	char			 key[FTS_RANK_TEXT_LEN];
	char			 next[CURSOR_MAX_LEN * 2];
	size_t			 i;

	memset(&b, 0, sizeof(b));
	buf_add(&b, "{\"items\":[", 10);
	for (i = 0; i < npage && i < q->limit; i++) {
		d = &x->docs[page[i].doc];
		if (i > 0)
			buf_add(&b, ",", 1);
		buf_add(&b, d->item, d->item_len);
	}
	buf_add(&b, "],\"next_cursor\":", 16);
	if (npage > q->limit) {
		d = &x->docs[page[q->limit - 1].doc];
		if (q->sort == SEARCH_SORT_RELEVANCE) {
			if (!fts_rank_text(page[q->limit - 1].rank, key,
			    sizeof(key)))
				b.failed = 1;
			parts[0] = key;
		} else if (q->sort == SEARCH_SORT_UPDATED) {
			(void)snprintf(key, sizeof(key), "%lld",
			    (long long)d->updated);
			parts[0] = key;
		} else {
			parts[0] = d->alpha;
		}
		parts[1] = d->id;
		if (!cursor_encode(next, sizeof(next), parts, 2))
			b.failed = 1;
		buf_fmt(&b, "\"%s\"", next);
	} else {
		buf_add(&b, "null", 4);
	}
	buf_fmt(&b, ",\"total\":%zu,\"facets\":", total);
	buf_add(&b, facets->p, facets->len);
	buf_add(&b, "}", 1);
	if (b.failed) {
		free(b.p);
		return (0);
	}
	a->status = CATINDEX_OK;
	a->body = b.p;
	a->len = b.len;
	a->total = total;

	return (1);
}

/*
 * The facets as PostgreSQL prints their jsonb: keys by length then bytes,
 * each list by count (descending) then code; communes from the bits of
 * communes_mask (bit k-1 for 976kk), groups and communes with labels.
 */
static void
facets(const struct catindex *x, const struct hit *h, size_t n,
    struct buf *b)
{
	size_t			*counts[3], communes[32], i, g;
	const struct doc	*d;
	int			 k;

	counts[0] = calloc(x->dims[SUPPLIER_F_KIND].n + 1, sizeof(size_t));
	counts[1] = calloc(x->dims[SUPPLIER_F_SUBKIND].n + 1, sizeof(size_t));
	counts[2] = calloc(x->dims[SUPPLIER_F_GROUP].n + 1, sizeof(size_t));
	if (counts[0] == NULL || counts[1] == NULL || counts[2] == NULL) {
		b->failed = 1;
		goto out;
	}
	memset(communes, 0, sizeof(communes));
	for (i = 0; i < n; i++) {
		d = &x->docs[h[i].doc];
		counts[0][d->kind]++;
		if (d->subkind >= 0)
			counts[1][d->subkind]++;
		for (g = 0; g < d->ngroups; g++)
			counts[2][d->groups[g]]++;
		for (k = 0; k < 17; k++)
			communes[k] += (d->communes_mask >> k) & 1;
	}
	buf_add(b, "{\"kinds\": ", 10);
	facet_codes(&x->dims[SUPPLIER_F_KIND], counts[0], 0, b);
	buf_add(b, ", \"communes\": ", 14);
	facet_communes(x, communes, b);
	buf_add(b, ", \"subkinds\": ", 14);
	facet_codes(&x->dims[SUPPLIER_F_SUBKIND], counts[1], 0, b);
	buf_add(b, ", \"sector_groups\": ", 19);
	facet_codes(&x->dims[SUPPLIER_F_GROUP], counts[2], 1, b);
	buf_add(b, "}", 1);
out:
	for (k = 0; k < 3; k++)
		free(counts[k]);
}

static int
facet_cmp(const void *a, const void *b)
{
	const struct facet	*x = a, *y = b;

	if (x->count != y->count)
		return (x->count > y->count ? -1 : 1);
	return (strcmp(x->code, y->code));
}

/* One facet's list; labelled ones keep only codes of their reference. */
static void
facet_list(struct facet *f, size_t n, int labelled, struct buf *b)
{
	size_t		i;

	qsort(f, n, sizeof(*f), facet_cmp);
	buf_add(b, "[", 1);
	for (i = 0; i < n; i++) {
		buf_add(b, i ? ", {\"code\": " : "{\"code\": ", i ? 11 : 9);
		buf_json(b, f[i].code);
		buf_fmt(b, ", \"count\": %zu", f[i].count);
		if (labelled) {
			buf_add(b, ", \"label\": ", 11);
			buf_json(b, f[i].label);
		}
		buf_add(b, "}", 1);
	}
	buf_add(b, "]", 1);
}

static void
facet_codes(const struct dim *dim, const size_t *counts, int labelled,
    struct buf *b)
{
	struct facet	*f;
	size_t		 i, n;

	if ((f = calloc(dim->n + 1, sizeof(*f))) == NULL) {
		b->failed = 1;
		return;
	}
	for (i = 0, n = 0; i < dim->n; i++) {
		if (counts[i] == 0 || (labelled && (!dim->codes[i].known ||
		    dim->codes[i].label == NULL)))
			continue;
		f[n].code = dim->codes[i].code;
		f[n].label = dim->codes[i].label;
		f[n++].count = counts[i];
	}
	facet_list(f, n, labelled, b);
	free(f);
}

static void
facet_communes(const struct catindex *x, const size_t *counts,
    struct buf *b)
{
	struct facet		 f[17];
	const struct code	*c;
	char			 codes[17][16];
	size_t			 n;
	int			 k;

	for (k = 0, n = 0; k < 17; k++) {
		(void)snprintf(codes[k], sizeof(codes[k]), "976%02d", k + 1);
		c = dim_find(&x->communes, codes[k], 5);
		if (counts[k] == 0 || c == NULL || c->label == NULL)
			continue;
		f[n].code = c->code;
		f[n].label = c->label;
		f[n++].count = counts[k];
	}
	facet_list(f, n, 1, b);
}

/* Indexes supplier i (in its final place): its codes and its lexemes. */
static int
doc_index(struct catindex *x, uint32_t i)
{
	struct doc	*d = &x->docs[i];
	int		 f;

	for (f = 0; f < SUPPLIER_F_COUNT; f++) {
		if (d->raw[f] != NULL && !doc_codes(x, i, f, d->raw[f]))
			return (0);
		free(d->raw[f]);
		d->raw[f] = NULL;
	}
	if (d->search == NULL)
		return (1);
	if (!fts_doc_parse(d->search, &d->fts))
		return (0);
	free(d->search);
	d->search = NULL;
	x->searchable[i / 64] |= (uint64_t)1 << (i % 64);

	return (doc_lexemes(x, i));
}

/* Codes "a,b" of filter f for supplier i; kind, subkind, groups kept. */
static int
doc_codes(struct catindex *x, uint32_t i, int f, const char *codes)
{
	struct doc	*d = &x->docs[i];
	struct code	*c;
	const char	*v, *e;
	int		*grown;

	for (v = codes; *v != '\0'; v = e + (*e == ',')) {
		e = v + strcspn(v, ",");
		if (e == v)
			continue;
		if ((c = dim_get(&x->dims[f], v, (size_t)(e - v))) == NULL ||
		    !posting_add(&c->docs, i))
			return (0);
		if (f == SUPPLIER_F_KIND)
			d->kind = (int)(c - x->dims[f].codes);
		else if (f == SUPPLIER_F_SUBKIND)
			d->subkind = (int)(c - x->dims[f].codes);
		else if (f == SUPPLIER_F_GROUP) {
			if ((grown = reallocarray(d->groups, d->ngroups + 1,
			    sizeof(*grown))) == NULL)
				return (0);
			d->groups = grown;
			d->groups[d->ngroups++] = (int)(c - x->dims[f].codes);
		}
	}

	return (1);
}

static int
doc_lexemes(struct catindex *x, uint32_t i)
{
	struct lexeme	*l;
	const char	*word;
	size_t		 k, len;

	for (k = 0; k < fts_doc_lexemes(x->docs[i].fts); k++) {
		word = fts_doc_lexeme(x->docs[i].fts, k, &len);
		if ((l = lexicon_get(x, word, len)) == NULL ||
		    !lexeme_add(l, i, (uint32_t)k))
			return (0);
	}

	return (1);
}

/* Supplier doc has the lexeme, as its lexeme number slot. */
static int
lexeme_add(struct lexeme *l, uint32_t doc, uint32_t slot)
{
	uint32_t	*grown;
	size_t		 cap;

	if (!posting_add(&l->docs, doc))
		return (0);
	if (l->docs.cap > l->slots_cap) {
		cap = l->docs.cap;
		if ((grown = reallocarray(l->slots, cap,
		    sizeof(*grown))) == NULL)
			return (0);
		l->slots = grown;
		l->slots_cap = cap;
	}
	l->slots[l->docs.n - 1] = slot;

	return (1);
}

/* ORDER BY name_folded, id: the alphabetical sort. */
static int
doc_cmp(const void *a, const void *b)
{
	const struct doc	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->alpha, y->alpha)) != 0)
		return (c);
	return (strcmp(x->id, y->id));
}

static int
posting_add(struct posting *p, uint32_t doc)
{
	uint32_t	*grown;

	if (p->n > 0 && p->docs[p->n - 1] == doc)
		return (1);
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 4;
		if ((grown = reallocarray(p->docs, p->cap,
		    sizeof(*grown))) == NULL)
			return (0);
		p->docs = grown;
	}
	p->docs[p->n++] = doc;

	return (1);
}

/* Filters have tens of codes: a linear search is enough. */
static struct code *
dim_find(const struct dim *dim, const char *code, size_t len)
{
	size_t		i;

	for (i = 0; i < dim->n; i++) {
		if (strncmp(dim->codes[i].code, code, len) == 0 &&
		    dim->codes[i].code[len] == '\0')
			return (&dim->codes[i]);
	}

	return (NULL);
}

static struct code *
dim_get(struct dim *dim, const char *code, size_t len)
{
	struct code	*c, *grown;

	if ((c = dim_find(dim, code, len)) != NULL)
		return (c);
	if (dim->n == dim->cap) {
		dim->cap = dim->cap ? dim->cap * 2 : 16;
		if ((grown = reallocarray(dim->codes, dim->cap,
		    sizeof(*grown))) == NULL)
			return (NULL);
		dim->codes = grown;
	}
	c = &dim->codes[dim->n];
	memset(c, 0, sizeof(*c));
	if ((c->code = strndup(code, len)) == NULL)
		return (NULL);
	dim->n++;

	return (c);
}

static void
dim_free(struct dim *dim)
{
	size_t		i;

	for (i = 0; i < dim->n; i++) {
		free(dim->codes[i].code);
		free(dim->codes[i].label);
		free(dim->codes[i].docs.docs);
	}
	free(dim->codes);
}

/* FNV-1a. */
static uint64_t
hash(const char *s, size_t len)
{
	uint64_t	h = 14695981039346656037ULL;
	size_t		i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}

	return (h);
}

static struct lexeme *
lexicon_find(const struct catindex *x, const char *word, size_t len)
{
	struct lexeme	*l;
	size_t		 i;

	if (x->lexicon_cap == 0)
		return (NULL);
	for (i = hash(word, len) & (x->lexicon_cap - 1);; i = (i + 1) &
	    (x->lexicon_cap - 1)) {
		l = &x->lexicon[i];
		if (l->word == NULL)
			return (NULL);
		if (l->len == len && memcmp(l->word, word, len) == 0)
			return (l);
	}
}

static struct lexeme *
lexicon_get(struct catindex *x, const char *word, size_t len)
{
	struct lexeme	*l;
	size_t		 i;

	if ((l = lexicon_find(x, word, len)) != NULL)
		return (l);
	if ((x->nlexemes + 1) * 2 > x->lexicon_cap && !lexicon_grow(x))
		return (NULL);
	for (i = hash(word, len) & (x->lexicon_cap - 1);
	    x->lexicon[i].word != NULL; i = (i + 1) & (x->lexicon_cap - 1))
		;
	l = &x->lexicon[i];
	if ((l->word = malloc(len + 1)) == NULL)
		return (NULL);
	memcpy(l->word, word, len);
	l->word[len] = '\0';
	l->len = len;
	x->nlexemes++;

	return (l);
}

/* Doubles the table (a power of two) and places every lexeme again. */
static int
lexicon_grow(struct catindex *x)
{
	struct lexeme	*old = x->lexicon, *l;
	size_t		 cap = x->lexicon_cap, i, k;

	x->lexicon_cap = cap ? cap * 2 : LEXICON_MIN;
	if ((x->lexicon = calloc(x->lexicon_cap, sizeof(*old))) == NULL) {
		x->lexicon = old;
		x->lexicon_cap = cap;
		return (0);
	}
	for (i = 0; i < cap; i++) {
		if (old[i].word == NULL)
			continue;
		for (k = hash(old[i].word, old[i].len) & (x->lexicon_cap - 1);
		    x->lexicon[k].word != NULL; k = (k + 1) &
		    (x->lexicon_cap - 1))
			;
		l = &x->lexicon[k];
		*l = old[i];
	}
	free(old);

	return (1);
}

static void
buf_add(struct buf *b, const char *s, size_t len)
{
	char		*grown;
	size_t		 cap;

	if (b->failed)
		return;
	if (b->len + len + 1 > b->cap) {
		for (cap = b->cap ? b->cap : 4096; cap < b->len + len + 1;
		    cap *= 2)
			;
		if ((grown = realloc(b->p, cap)) == NULL) {
			b->failed = 1;
			return;
		}
		b->p = grown;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
}

static void
buf_fmt(struct buf *b, const char *fmt, ...)
{
	va_list		ap;
	char		tmp[CURSOR_MAX_LEN * 2 + 8];
	int		len;

	va_start(ap, fmt);
	len = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof(tmp)) {
		b->failed = 1;
		return;
	}
	buf_add(b, tmp, (size_t)len);
}

/* A JSON string as PostgreSQL's escape_json() writes it. */
static void
buf_json(struct buf *b, const char *s)
{
	char		esc[8];

	buf_add(b, "\"", 1);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '"':
			buf_add(b, "\\\"", 2);
			break;
		case '\\':
			buf_add(b, "\\\\", 2);
			break;
		case '\b':
			buf_add(b, "\\b", 2);
			break;
		case '\f':
			buf_add(b, "\\f", 2);
			break;
		case '\n':
			buf_add(b, "\\n", 2);
			break;
		case '\r':
			buf_add(b, "\\r", 2);
			break;
		case '\t':
			buf_add(b, "\\t", 2);
			break;
		default:
			if ((unsigned char)*s < ' ') {
				(void)snprintf(esc, sizeof(esc), "\\u%04x",
				    (unsigned char)*s);
				buf_add(b, esc, 6);
			} else
				buf_add(b, s, 1);
		}
	}
	buf_add(b, "\"", 1);
}
