/*
 * ts_rank_cd(doc, query) as PostgreSQL 15 computes it (see fts.h): the
 * cover density ranking of tsrank.c. get_docrep(): every position of a
 * lexeme an operand matches (prefix, weight marks; lexemes without
 * positions left out), sorted by position, weight and lexeme, the
 * operands of one lexeme at one position in one group. Cover(): from a
 * start, the first group where the query holds (TS_execute() over the
 * operands seen, with their positions for phrases), then back down to
 * the last group where it holds again: a cover, its extent and noise
 * weighed with the default weights {0.1, 0.2, 0.4, 1.0}, summed in
 * double and returned as a float4, no normalization.
 *
 * Ported from PostgreSQL 15, src/backend/utils/adt/tsrank.c:
 * Portions Copyright (c) 1996-2022, PostgreSQL Global Development Group,
 * under the PostgreSQL Licence.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/fts_int.h"

#define RANK_STACK	256	/* positions ranked without malloc() */

/* One position of a lexeme matched by one operand of the query. */
struct rep {
	uint16_t	wep;
	uint16_t	item;	/* node index of the operand */
	uint32_t	entry;	/* of the document */
};

/*
 * The ranking of one document: its groups, and for each operand of the
 * query the positions seen in the current pass of Cover() (npos[i] of
 * them, 0 when not seen), ascending from off[i] in the first pass and
 * ending at off[i] + cnt[i] in the second (QueryRepresentationOperand).
 */
struct rank {
	const struct fts_query	*q;
	const struct fts_doc	*d;
	struct rep		*rep;
	size_t			 nrep;
	uint32_t		*group;	/* start of each (wep, entry) run */
	size_t			 ngroup;
	uint16_t		*pos;
	int			 reverse;
	struct fts_exec		 x;
	uint32_t		 off[FTS_MAX_NODES];
	uint32_t		 cnt[FTS_MAX_NODES];
	uint32_t		 npos[FTS_MAX_NODES];
};

struct cover {
	size_t	pos;
	size_t	begin;
	size_t	end;
	int	p;
	int	q;
};

static size_t	rep_count(const struct fts_query *, const struct fts_doc *);
static void	rep_fill(struct rank *);
static int	rep_cmp(const void *, const void *);
static void	rep_sort(struct rep *, size_t);
static void	rep_group(struct rank *);
static void	rep_slots(struct rank *);
static int	seen_operand(struct fts_exec *, int, struct fts_phrase *);
static void	seen_reset(struct rank *, int);
static void	seen_fill(struct rank *, size_t);
static int	seen_match(struct rank *);
static int	cover_next(struct rank *, struct cover *);
static double	rank_covers(struct rank *);

/* The default weights of D, C, B and A. */
static const float	weights[4] = { 0.1f, 0.2f, 0.4f, 1.0f };
static float	rank_run(struct rank *);

/* How many positions get_docrep() may take (weights not yet checked). */
static size_t
rep_count(const struct fts_query *q, const struct fts_doc *d)
{
	size_t	i, k, first, n, count = 0;

	for (i = 0; i < q->n; i++) {
		if (q->node[i].kind != FTS_VAL)
			continue;
		first = fts_doc_find(d, &q->node[i], &n);
		for (k = 0; k < n; k++)
			count += d->entry[first + k].npos;
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
		first = fts_doc_find(r->d, v, &n);
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

/* Insertion sort: a few runs each sorted already, faster than qsort(). */
static void
rep_sort(struct rep *a, size_t n)
{
	struct rep	t;
	size_t		i, j;

	for (i = 1; i < n; i++) {
		t = a[i];
		for (j = i; j > 0 && rep_cmp(&a[j - 1], &t) > 0; j--)
			a[j] = a[j - 1];
		a[j] = t;
	}
}

/* The operands of one lexeme at one position join in one group. */
static void
rep_group(struct rank *r)
{
	size_t	i;

	if (r->nrep > RANK_STACK)
		qsort(r->rep, r->nrep, sizeof(*r->rep), rep_cmp);
	else
		rep_sort(r->rep, r->nrep);
	r->ngroup = 0;
	for (i = 0; i < r->nrep; i++)
		if (i == 0 || r->rep[i].wep != r->rep[i - 1].wep ||
		    r->rep[i].entry != r->rep[i - 1].entry)
			r->group[r->ngroup++] = (uint32_t)i;
	r->group[r->ngroup] = (uint32_t)r->nrep;
}

/* Where each operand's positions go in r->pos. */
static void
rep_slots(struct rank *r)
{
	size_t		i;
	uint32_t	off = 0;

	for (i = 0; i < r->q->n; i++)
		r->cnt[i] = 0;
	for (i = 0; i < r->nrep; i++)
		r->cnt[r->rep[i].item]++;
	for (i = 0; i < r->q->n; i++) {
		r->off[i] = off;
		off += r->cnt[i];
	}
}

/* checkcondition_QueryOperand(). */
static int
seen_operand(struct fts_exec *x, int i, struct fts_phrase *out)
{
	const struct rank	*r = x->arg;

	if (r->npos[i] == 0)
		return (FTS_T_NO);
	if (out != NULL) {
		out->npos = (int)r->npos[i];
		out->pos = r->pos + r->off[i] +
		    (r->reverse ? r->cnt[i] - r->npos[i] : 0);
	}

	return (FTS_T_YES);
}

/* resetQueryRepresentation(). */
static void
seen_reset(struct rank *r, int reverse)
{
	memset(r->npos, 0, r->q->n * sizeof(*r->npos));
	r->reverse = reverse;
}

/* fillQueryRepresentationData(): the operands of group g seen. */
static void
seen_fill(struct rank *r, size_t g)
{
	uint32_t	k, i, n, last;
	uint16_t	wep;

	for (k = r->group[g]; k < r->group[g + 1]; k++) {
		i = r->rep[k].item;
		wep = r->rep[k].wep;
		n = r->npos[i];
		if (!r->q->phrase) {	/* seen is enough */
			r->npos[i] = 1;
			continue;
		}
		if (n > 0) {
			last = r->reverse ? r->off[i] + r->cnt[i] - n :
			    r->off[i] + n - 1;
			if (FTS_POS(r->pos[last]) == FTS_POS(wep))
				continue;
		}
		r->pos[r->reverse ? r->off[i] + r->cnt[i] - 1 - n :
		    r->off[i] + n] = wep;
		r->npos[i]++;
	}
}

static int
seen_match(struct rank *r)
{
	int	res;

	res = fts_exec(&r->x, r->q->root) != FTS_T_NO;
	fts_exec_reset(&r->x);

	return (res);
}

#define GROUP_POS(r, g)	FTS_POS((r)->rep[(r)->group[(g)]].wep)

/* Cover(): the next cover from c->pos on, 0 when there is none. */
static int
cover_next(struct rank *r, struct cover *c)
{
	size_t	g, last;
	int	found;

	for (;;) {
		seen_reset(r, 0);
		c->p = INT_MAX;
		c->q = 0;
		for (found = 0, last = g = c->pos; g < r->ngroup; g++) {
			seen_fill(r, g);
			if (seen_match(r)) {
				c->q = GROUP_POS(r, g);
				c->end = last = g;
				found = 1;
				break;
			}
		}
		if (!found)
			return (0);
		seen_reset(r, 1);
		for (g = last + 1; g-- > c->pos;) {
			seen_fill(r, g);
			if (seen_match(r)) {
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

/*
 * ts_rank_cd() of a query of one plain lexeme from that lexeme's positions
 * alone: each position is a cover of its own, so rank_covers()'s sum is
 * the weights' inverses inverted again, in the same order and the same
 * double arithmetic; a lexeme without positions (stripped) ranks 0.
 */
float
fts_rank_cd_lexeme(const uint16_t *pos, size_t n)
{
	double		wdoc = 0.0, invsum;
	size_t		i;

	for (i = 0; i < n; i++) {
		invsum = 0.0 + 1.0 / (double)weights[FTS_WEIGHT(pos[i])];
		wdoc += (1.0 / invsum) / (double)(1 + 0);
	}

	return ((float)wdoc);
}

static float
rank_run(struct rank *r)
{
	double	w;

	r->x.q = r->q;
	r->x.operand = seen_operand;
	r->x.arg = r;
	r->x.failed = 0;
	r->x.used = 0;
	r->x.blocks = NULL;
	rep_fill(r);
	rep_group(r);
	rep_slots(r);
	w = rank_covers(r);

	return (r->x.failed ? -1.0f : (float)w);
}

float
fts_rank_cd(const struct fts_query *q, const struct fts_doc *d)
{
	struct rep	 srep[RANK_STACK];
	uint32_t	 sgroup[RANK_STACK + 1];
	uint16_t	 spos[RANK_STACK];
	struct rank	 r;
	void		*heap = NULL;
	float		 w;

	if (q->root < 0)
		return (0.0f);
	r.q = q;
	r.d = d;
	if ((r.nrep = rep_count(q, d)) == 0)
		return (0.0f);
	r.rep = srep;
	r.group = sgroup;
	r.pos = spos;
	if (r.nrep > RANK_STACK) {
		if ((heap = malloc(r.nrep * (sizeof(*r.rep) +
		    sizeof(*r.group) + sizeof(*r.pos)) + sizeof(*r.group)))
		    == NULL)
			return (-1.0f);
		r.rep = heap;
		r.group = (uint32_t *)(r.rep + r.nrep);
		r.pos = (uint16_t *)(r.group + r.nrep + 1);
	}
	w = rank_run(&r);
	free(heap);

	return (w);
}
