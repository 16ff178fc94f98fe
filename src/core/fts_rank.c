/*
 * `doc @@ query` and ts_rank_cd(doc, query) as PostgreSQL 15 computes them
 * (see fts.h), for queries without phrase operators: TS_execute() over
 * the query tree, checkcondition_str() for a lexeme's presence (prefix, weight
 * marks; a lexeme without positions matches any weight), and the cover
 * density ranking of tsrank.c (get_docrep(), Cover(), calc_rank_cd()),
 * with the default weights and no normalization, computed in double and
 * returned as a float4 like PostgreSQL. And rank::float8::text: the
 * shortest decimal text that reads back as the same double, formatted as
 * float8out() does (fixed from 1e-4 to below 1e15, else d.ddde+XX).
 *
 * Ported from PostgreSQL 15, src/backend/utils/adt/tsrank.c,
 * tsvector_op.c and src/common/d2s.c:
 * Portions Copyright (c) 1996-2022, PostgreSQL Global Development Group,
 * under the PostgreSQL Licence.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fts_int.h"

#define RANK_STACK	256	/* doc representation items without malloc */

/* One position of a lexeme matched by one operand of the query. */
struct rep {
	uint16_t	wep;
	uint16_t	item;	/* node index of the operand */
	uint32_t	entry;	/* of the document */
};

struct rank {
	const struct fts_query	*q;
	const struct fts_doc	*d;
	struct rep		*rep;
	size_t			 nrep;
	uint32_t		*group;	/* start of each (wep, entry) run */
	size_t			 ngroup;
	unsigned char		 exists[FTS_MAX_NODES];
};

struct cover {
	size_t	pos;
	size_t	begin;
	size_t	end;
	int	p;
	int	q;
};

static size_t	find_entries(const struct fts_doc *, const struct fts_node *,
		    size_t *);
static int	has_weight(const struct fts_doc *, size_t, unsigned int);
static int	doc_has(const struct fts_doc *, const struct fts_node *);
static int	match_eval(const struct fts_query *, const struct fts_doc *,
		    int);
static int	exec_eval(const struct rank *, int);
static size_t	rep_count(const struct rank *);
static void	rep_fill(struct rank *);
static int	rep_cmp(const void *, const void *);
static void	rep_group(struct rank *);
static void	cover_fill(struct rank *, size_t);
static int	cover_next(struct rank *, struct cover *);
static double	rank_covers(struct rank *);
static void	shortest(double, char *, size_t);
static int	layout(const char *, int, char *, size_t);

/*
 * PostgreSQL's find_wordentry(): the first entry the operand matches and
 * in *n how many (more than one only for a prefix), *n = 0 for none.
 */
static size_t
find_entries(const struct fts_doc *d, const struct fts_node *v, size_t *n)
{
	const struct fts_entry	*e;
	size_t			 lo = 0, hi = d->n, mid, i;
	int			 c;

	*n = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		e = &d->entry[mid];
		c = fts_compare(v->lexeme, v->len, d->str + e->off, e->len, 0);
		if (c == 0) {
			hi = mid;
			*n = 1;
			break;
		} else if (c > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!v->prefix)
		return (hi);
	for (*n = 0, i = hi; i < d->n; i++, (*n)++) {
		e = &d->entry[i];
		if (fts_compare(v->lexeme, v->len, d->str + e->off, e->len,
		    1) != 0)
			break;
	}

	return (hi);
}

/* checkclass_str(): a position of one of the weights, or no positions. */
static int
has_weight(const struct fts_doc *d, size_t i, unsigned int mask)
{
	const struct fts_entry	*e = &d->entry[i];
	uint32_t		 k;

	if (mask == 0 || e->npos == 0)
		return (1);
	for (k = 0; k < e->npos; k++)
		if (mask & (1u << FTS_WEIGHT(d->pos[e->posoff + k])))
			return (1);

	return (0);
}

static int
doc_has(const struct fts_doc *d, const struct fts_node *v)
{
	size_t	first, n, i;

	first = find_entries(d, v, &n);
	for (i = 0; i < n; i++)
		if (has_weight(d, first + i, v->weight))
			return (1);

	return (0);
}

static int
match_eval(const struct fts_query *q, const struct fts_doc *d, int i)
{
	const struct fts_node	*n = &q->node[i];

	switch (n->kind) {
	case FTS_VAL:
		return (doc_has(d, n));
	case FTS_NOT:
		return (!match_eval(q, d, n->left));
	case FTS_AND:
		return (match_eval(q, d, n->left) &&
		    match_eval(q, d, n->right));
	case FTS_OR:
		return (match_eval(q, d, n->left) ||
		    match_eval(q, d, n->right));
	default:
		return (0);
	}
}

int
fts_match(const struct fts_query *q, const struct fts_doc *d)
{
	if (q->phrase)
		return (FTS_UNSUPPORTED);
	if (q->root < 0)
		return (0);

	return (match_eval(q, d, q->root));
}

/*
 * TS_execute() over the operands seen so far in a cover (exists[]). PG 15
 * computes NOT in both passes of Cover(), and without phrase operators
 * its ternary logic never says "maybe": plain booleans.
 */
static int
exec_eval(const struct rank *r, int i)
{
	const struct fts_node	*n = &r->q->node[i];

	switch (n->kind) {
	case FTS_VAL:
		return (r->exists[i]);
	case FTS_NOT:
		return (!exec_eval(r, n->left));
	case FTS_AND:
		return (exec_eval(r, n->left) && exec_eval(r, n->right));
	case FTS_OR:
		return (exec_eval(r, n->left) || exec_eval(r, n->right));
	default:
		return (0);
	}
}

/* How many positions get_docrep() may take (weights not yet checked). */
static size_t
rep_count(const struct rank *r)
{
	size_t	i, k, first, n, count = 0;

	for (i = 0; i < r->q->n; i++) {
		if (r->q->node[i].kind != FTS_VAL)
			continue;
		first = find_entries(r->d, &r->q->node[i], &n);
		for (k = 0; k < n; k++)
			count += r->d->entry[first + k].npos;
	}

	return (count);
}

/* get_docrep(): each position of a lexeme an operand matches. */
static void
rep_fill(struct rank *r)
{
	const struct fts_node	*v;
	const struct fts_entry	*e;
	size_t			 i, k, j, first, n;
	uint16_t		 wep;

	r->nrep = 0;
	for (i = 0; i < r->q->n; i++) {
		v = &r->q->node[i];
		if (v->kind != FTS_VAL)
			continue;
		first = find_entries(r->d, v, &n);
		for (k = first; k < first + n; k++) {
			e = &r->d->entry[k];
			for (j = 0; j < e->npos; j++) {
				wep = r->d->pos[e->posoff + j];
				if (v->weight != 0 &&
				    !(v->weight & (1u << FTS_WEIGHT(wep))))
					continue;
				r->rep[r->nrep].wep = wep;
				r->rep[r->nrep].item = (uint16_t)i;
				r->rep[r->nrep++].entry = (uint32_t)k;
			}
		}
	}
}

/* compareDocR(): by position, weight, then lexeme. */
static int
rep_cmp(const void *va, const void *vb)
{
	const struct rep	*a = va, *b = vb;

	if (FTS_POS(a->wep) != FTS_POS(b->wep))
		return (FTS_POS(a->wep) > FTS_POS(b->wep) ? 1 : -1);
	if (FTS_WEIGHT(a->wep) != FTS_WEIGHT(b->wep))
		return (FTS_WEIGHT(a->wep) > FTS_WEIGHT(b->wep) ? 1 : -1);
	if (a->entry != b->entry)
		return (a->entry > b->entry ? 1 : -1);

	return (0);
}

/* The operands of one lexeme at one position join in one group. */
static void
rep_group(struct rank *r)
{
	size_t	i;

	qsort(r->rep, r->nrep, sizeof(*r->rep), rep_cmp);
	r->ngroup = 0;
	for (i = 0; i < r->nrep; i++)
		if (i == 0 || r->rep[i].wep != r->rep[i - 1].wep ||
		    r->rep[i].entry != r->rep[i - 1].entry)
			r->group[r->ngroup++] = (uint32_t)i;
	r->group[r->ngroup] = (uint32_t)r->nrep;
}

static void
cover_fill(struct rank *r, size_t g)
{
	uint32_t	i;

	for (i = r->group[g]; i < r->group[g + 1]; i++)
		r->exists[r->rep[i].item] = 1;
}

#define GROUP_POS(r, g)	FTS_POS((r)->rep[(r)->group[(g)]].wep)

/* Cover(): the next cover from c->pos on, 0 when there is none. */
static int
cover_next(struct rank *r, struct cover *c)
{
	size_t	g, last;
	int	found;

	for (;;) {
		memset(r->exists, 0, r->q->n);
		c->p = INT_MAX;
		c->q = 0;
		for (found = 0, last = g = c->pos; g < r->ngroup; g++) {
			cover_fill(r, g);
			if (exec_eval(r, r->q->root)) {
				c->q = GROUP_POS(r, g);
				c->end = last = g;
				found = 1;
				break;
			}
		}
		if (!found)
			return (0);
		memset(r->exists, 0, r->q->n);
		for (g = last + 1; g-- > c->pos;) {
			cover_fill(r, g);
			if (exec_eval(r, r->q->root)) {
				if (GROUP_POS(r, g) < c->p) {
					c->begin = g;
					c->p = GROUP_POS(r, g);
				}
				break;
			}
		}
		if (c->p <= c->q) {
			c->pos = c->begin + 1;
			return (1);
		}
		c->pos++;
	}
}

/* calc_rank_cd()'s sum over the covers, in double. */
static double
rank_covers(struct rank *r)
{
	static const float	 weights[4] = { 0.1f, 0.2f, 0.4f, 1.0f };
	struct cover		 c;
	double			 wdoc = 0.0, invsum, cpos;
	size_t			 g;
	int			 noise, w;

	memset(&c, 0, sizeof(c));
	while (cover_next(r, &c)) {
		invsum = 0.0;
		for (g = c.begin; g <= c.end; g++) {
			w = FTS_WEIGHT(r->rep[r->group[g]].wep);
			invsum += 1.0 / (double)weights[w];
		}
		cpos = (double)(c.end - c.begin + 1) / invsum;
		noise = (c.q - c.p) - (int)(c.end - c.begin);
		if (noise < 0)
			noise = (int)(c.end - c.begin) / 2;
		wdoc += cpos / (double)(1 + noise);
	}

	return (wdoc);
}

float
fts_rank_cd(const struct fts_query *q, const struct fts_doc *d)
{
	struct rep	 srep[RANK_STACK];
	uint32_t	 sgroup[RANK_STACK + 1];
	struct rank	 r;
	size_t		 n;
	double		 w;

	if (q->phrase)
		return (-1.0f);
	if (q->root < 0 || (n = rep_count(&(struct rank){ .q = q, .d = d }))
	    == 0)
		return (0.0f);
	memset(&r, 0, sizeof(r));
	r.q = q;
	r.d = d;
	r.rep = srep;
	r.group = sgroup;
	if (n > RANK_STACK && ((r.rep = malloc(n * sizeof(*r.rep))) == NULL ||
	    (r.group = malloc((n + 1) * sizeof(*r.group))) == NULL)) {
		free(r.rep);
		return (-1.0f);
	}
	rep_fill(&r);
	rep_group(&r);
	w = rank_covers(&r);
	if (n > RANK_STACK) {
		free(r.rep);
		free(r.group);
	}

	return ((float)w);
}

/* "%.*e" of v with the fewest digits that read back as v. */
static void
shortest(double v, char *buf, size_t len)
{
	int	prec;

	for (prec = 0; prec < 17; prec++) {
		(void)snprintf(buf, len, "%.*e", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

/* The digits of the shortest form as float8out() lays them out. */
static int
layout(const char *digits, int exp, char *out, size_t outlen)
{
	size_t	nd = strlen(digits), o = 0, i, need;
	int	n;

	if (exp < -4 || exp >= 15) {
		n = snprintf(out, outlen, "%c%s%se%c%02d", digits[0],
		    nd > 1 ? "." : "", digits + 1, exp < 0 ? '-' : '+',
		    exp < 0 ? -exp : exp);
		return (n > 0 && (size_t)n < outlen);
	}
	if (exp < 0)
		need = 2 + (size_t)-exp - 1 + nd;
	else
		need = (nd > (size_t)exp + 1 ? nd + 1 : (size_t)exp + 1);
	if (need >= outlen)
		return (0);
	if (exp < 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (n = -1; n > exp; n--)
			out[o++] = '0';
	}
	for (i = 0; i < nd || (exp >= 0 && i <= (size_t)exp); i++) {
		if (exp >= 0 && i == (size_t)exp + 1)
			out[o++] = '.';
		if (i < nd)
			out[o++] = digits[i];
		else
			out[o++] = '0';
	}
	out[o] = '\0';

	return (1);
}

int
fts_rank_text(double v, char *out, size_t outlen)
{
	char	 e[40] = "", digits[24] = "";
	char	*p;
	size_t	 nd = 0;

	if (outlen < 2)
		return (0);
	if (isnan(v))
		return (snprintf(out, outlen, "NaN") < (int)outlen);
	if (isinf(v))
		return (snprintf(out, outlen, "%sInfinity", v < 0 ? "-" : "") <
		    (int)outlen);
	if (signbit(v)) {
		*out++ = '-';
		outlen--;
		v = -v;
	}
	if (v == 0.0)
		return (snprintf(out, outlen, "0") < (int)outlen);
	shortest(v, e, sizeof(e));
	for (p = e; *p != 'e' && *p != '\0' && nd < sizeof(digits) - 1; p++)
		if (*p != '.')
			digits[nd++] = *p;
	digits[nd] = '\0';
	if (*p != 'e')
		return (0);

	return (layout(digits, (int)strtol(p + 1, NULL, 10), out, outlen));
}
