/*
 * PostgreSQL 15's TS_execute() (see fts_int.h): the query tree evaluated
 * in ternary logic over a caller's operand test, phrase operators with
 * the positions each operand reports (TS_phrase_execute(): offsets and
 * widths, negated operands as "everywhere but", MAYBE for a lexeme
 * without positions, turned into NO at the top phrase operator as
 * PostgreSQL does). The position lists a phrase builds come from a
 * scratch arena: a small buffer inside the context, then malloc()ed
 * blocks freed by fts_exec_reset().
 *
 * Ported from PostgreSQL 15, src/backend/utils/adt/tsvector_op.c:
 * Portions Copyright (c) 1996-2022, PostgreSQL Global Development Group,
 * under the PostgreSQL Licence.
 */
#include <stdlib.h>
#include <string.h>

#include "core/fts_int.h"

#define PO_L_ONLY	0x01	/* emit positions only in the left list */
#define PO_R_ONLY	0x02	/* only in the right one */
#define PO_BOTH		0x04	/* in both */

struct fts_block {
	struct fts_block	*next;
	uint16_t	 pos[];
};

static int	phrase_output(struct fts_exec *, struct fts_phrase *,
		    const struct fts_phrase *, const struct fts_phrase *, int,
		    int, int, int);
static int	phrase_not(struct fts_exec *, int, struct fts_phrase *);
static int	phrase_and(struct fts_exec *, const struct fts_node *,
		    struct fts_phrase *);
static int	phrase_or(struct fts_exec *, const struct fts_node *,
		    struct fts_phrase *);
static int	phrase_exec(struct fts_exec *, int, struct fts_phrase *);

uint16_t *
fts_exec_alloc(struct fts_exec *x, size_t n)
{
	struct fts_block	*b;

	if (n <= FTS_EXEC_STACK - x->used) {
		x->used += n;
		return (x->stack + x->used - n);
	}
	if (n > FTS_MAX_TEXT ||
	    (b = malloc(sizeof(*b) + n * sizeof(uint16_t))) == NULL) {
		x->failed = 1;
		return (NULL);
	}
	b->next = x->blocks;
	x->blocks = b;

	return (b->pos);
}

void
fts_exec_reset(struct fts_exec *x)
{
	struct fts_block	*b;

	while ((b = x->blocks) != NULL) {
		x->blocks = b->next;
		free(b);
	}
	x->used = 0;
}

/* TS_phrase_output(): merges the lists, emitting what emit says. */
static int
phrase_output(struct fts_exec *x, struct fts_phrase *out,
    const struct fts_phrase *l, const struct fts_phrase *r, int emit,
    int loff, int roff, int max)
{
	int	li = 0, ri = 0, lp, rp, o;

	while (li < l->npos || ri < r->npos) {
		if (li < l->npos)
			lp = FTS_POS(l->pos[li]) + loff;
		else if (!(emit & PO_R_ONLY))
			break;
		else
			lp = INT32_MAX;
		if (ri < r->npos)
			rp = FTS_POS(r->pos[ri]) + roff;
		else if (!(emit & PO_L_ONLY))
			break;
		else
			rp = INT32_MAX;
		if (lp < rp) {
			o = emit & PO_L_ONLY ? lp : 0;
			li++;
		} else if (lp == rp) {
			o = emit & PO_BOTH ? rp : 0;
			li++;
			ri++;
		} else {
			o = emit & PO_R_ONLY ? rp : 0;
			ri++;
		}
		if (o <= 0)
			continue;
		if (out == NULL)
			return (FTS_T_YES);
		if (out->buf == NULL) {
			if ((out->buf = fts_exec_alloc(x, (size_t)max)) == NULL)
				return (FTS_T_NO);
			out->pos = out->buf;
		}
		/* PostgreSQL stores it in a WordEntryPos: 16 bits. */
		out->buf[out->npos++] = (uint16_t)o;
	}

	return (out != NULL && out->npos > 0 ? FTS_T_YES : FTS_T_NO);
}

static int
phrase_not(struct fts_exec *x, int child, struct fts_phrase *out)
{
	switch (phrase_exec(x, child, out)) {
	case FTS_T_NO:
		out->negate = 1;
		return (FTS_T_YES);
	case FTS_T_YES:
		if (out->npos > 0) {
			out->negate = !out->negate;
			return (FTS_T_YES);
		}
		out->negate = 0;
		return (FTS_T_NO);
	default:
		return (FTS_T_MAYBE);
	}
}

/* AND and PHRASE in a phrase: both sides, positions aligned. */
static int
phrase_and(struct fts_exec *x, const struct fts_node *n,
    struct fts_phrase *out)
{
	struct fts_phrase	l, r;
	int			lm, rm, loff, roff, w;

	memset(&l, 0, sizeof(l));
	memset(&r, 0, sizeof(r));
	if ((lm = phrase_exec(x, n->left, &l)) == FTS_T_NO ||
	    (rm = phrase_exec(x, n->right, &r)) == FTS_T_NO)
		return (FTS_T_NO);
	if (lm == FTS_T_MAYBE || rm == FTS_T_MAYBE)
		return (FTS_T_MAYBE);
	if (n->kind == FTS_PHRASE) {
		loff = n->distance + r.width;
		roff = 0;
		w = n->distance + l.width + r.width;
	} else {
		w = l.width > r.width ? l.width : r.width;
		loff = w - l.width;
		roff = w - r.width;
	}
	if (out != NULL)
		out->width = w;
	if (l.negate && r.negate) {
		(void)phrase_output(x, out, &l, &r,
		    PO_BOTH | PO_L_ONLY | PO_R_ONLY, loff, roff,
		    l.npos + r.npos);
		if (out != NULL)
			out->negate = 1;
		return (FTS_T_YES);
	}
	if (l.negate)
		return (phrase_output(x, out, &l, &r, PO_R_ONLY, loff, roff,
		    r.npos));
	if (r.negate)
		return (phrase_output(x, out, &l, &r, PO_L_ONLY, loff, roff,
		    l.npos));

	return (phrase_output(x, out, &l, &r, PO_BOTH, loff, roff,
	    l.npos < r.npos ? l.npos : r.npos));
}

/* OR in a phrase (out is never NULL: an OR is never a phrase's top). */
static int
phrase_or(struct fts_exec *x, const struct fts_node *n,
    struct fts_phrase *out)
{
	struct fts_phrase	l, r;
	int			lm, rm, loff, roff, w, emit, max;

	memset(&l, 0, sizeof(l));
	memset(&r, 0, sizeof(r));
	lm = phrase_exec(x, n->left, &l);
	rm = phrase_exec(x, n->right, &r);
	if (lm == FTS_T_NO && rm == FTS_T_NO)
		return (FTS_T_NO);
	if (lm == FTS_T_MAYBE || rm == FTS_T_MAYBE)
		return (FTS_T_MAYBE);
	if (lm == FTS_T_NO)
		l.width = 0;
	if (rm == FTS_T_NO)
		r.width = 0;
	w = l.width > r.width ? l.width : r.width;
	loff = w - l.width;
	roff = w - r.width;
	out->width = w;
	if (!l.negate && !r.negate)
		return (phrase_output(x, out, &l, &r,
		    PO_BOTH | PO_L_ONLY | PO_R_ONLY, loff, roff,
		    l.npos + r.npos));
	if (l.negate && r.negate) {
		emit = PO_BOTH;
		max = l.npos < r.npos ? l.npos : r.npos;
	} else if (l.negate) {
		emit = PO_L_ONLY;
		max = l.npos;
	} else {
		emit = PO_R_ONLY;
		max = r.npos;
	}
	(void)phrase_output(x, out, &l, &r, emit, loff, roff, max);
	out->negate = 1;

	return (FTS_T_YES);
}

/* TS_phrase_execute(); out NULL at the top phrase operator. */
static int
phrase_exec(struct fts_exec *x, int i, struct fts_phrase *out)
{
	const struct fts_node	*n = &x->q->node[i];

	switch (n->kind) {
	case FTS_VAL:
		return (x->operand(x, i, out));
	case FTS_NOT:
		return (phrase_not(x, n->left, out));
	case FTS_AND:
	case FTS_PHRASE:
		return (phrase_and(x, n, out));
	case FTS_OR:
		return (phrase_or(x, n, out));
	default:
		return (FTS_T_NO);
	}
}

/* TS_execute_recurse() without flags: NOT computed, MAYBE phrases NO. */
int
fts_exec(struct fts_exec *x, int i)
{
	const struct fts_node	*n = &x->q->node[i];
	int			 lm, rm;

	switch (n->kind) {
	case FTS_VAL:
		return (x->operand(x, i, NULL));
	case FTS_NOT:
		return (FTS_T_YES - fts_exec(x, n->left));
	case FTS_AND:
		if ((lm = fts_exec(x, n->left)) == FTS_T_NO ||
		    (rm = fts_exec(x, n->right)) == FTS_T_NO)
			return (FTS_T_NO);
		return (rm == FTS_T_YES ? lm : FTS_T_MAYBE);
	case FTS_OR:
		if ((lm = fts_exec(x, n->left)) == FTS_T_YES ||
		    (rm = fts_exec(x, n->right)) == FTS_T_YES)
			return (FTS_T_YES);
		return (rm == FTS_T_NO ? lm : FTS_T_MAYBE);
	case FTS_PHRASE:
		return (phrase_exec(x, i, NULL) == FTS_T_YES ? FTS_T_YES :
		    FTS_T_NO);
	default:
		return (FTS_T_NO);
	}
}
