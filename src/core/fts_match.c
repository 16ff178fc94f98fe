/*
 * `doc @@ query` as PostgreSQL 15's ts_match_vq() answers it (see fts.h):
 * TS_execute() (fts_exec.c) over checkcondition_str(), the test of one
 * operand against the document: the lexeme found by binary search, or
 * every lexeme it is a prefix of; a weight mark keeps the positions of
 * those weights; a lexeme without positions matches whatever the weights
 * but is only a "maybe" inside a phrase. The empty query matches nothing.
 *
 * Ported from PostgreSQL 15, src/backend/utils/adt/tsvector_op.c:
 * Portions Copyright (c) 1996-2022, PostgreSQL Global Development Group,
 * under the PostgreSQL Licence.
 */
#include <stdlib.h>
#include <string.h>

#include "core/fts_int.h"

static int	check_class(struct fts_exec *, size_t, const struct fts_node *,
		    struct fts_phrase *);
static int	check_prefix(struct fts_exec *, size_t, size_t,
		    const struct fts_node *, struct fts_phrase *);
static int	check_operand(struct fts_exec *, int, struct fts_phrase *);

/* checkclass_str(): entry k for operand v, its positions in out. */
static int
check_class(struct fts_exec *x, size_t k, const struct fts_node *v,
    struct fts_phrase *out)
{
	const struct fts_doc	*d = x->arg;
	const struct fts_entry	*e = &d->entry[k];
	const uint16_t		*p = d->pos + e->posoff;
	uint16_t		*buf;
	uint32_t		 j;
	int			 n = 0;

	if (e->npos == 0)
		return (out != NULL ? FTS_T_MAYBE : FTS_T_YES);
	if (v->weight == 0) {
		if (out != NULL) {
			out->npos = (int)e->npos;
			out->pos = p;
		}
		return (FTS_T_YES);
	}
	if (out == NULL) {
		for (j = 0; j < e->npos; j++)
			if (v->weight & (1u << FTS_WEIGHT(p[j])))
				return (FTS_T_YES);
		return (FTS_T_NO);
	}
	if ((buf = fts_exec_alloc(x, e->npos)) == NULL)
		return (FTS_T_NO);
	for (j = 0; j < e->npos; j++)
		if (v->weight & (1u << FTS_WEIGHT(p[j])))
			buf[n++] = (uint16_t)FTS_POS(p[j]);
	if (n == 0)
		return (FTS_T_NO);
	out->npos = n;
	out->pos = out->buf = buf;

	return (FTS_T_YES);
}

/* The n entries from first that v is a prefix of, positions merged. */
static int
check_prefix(struct fts_exec *x, size_t first, size_t n,
    const struct fts_node *v, struct fts_phrase *out)
{
	const struct fts_doc	*d = x->arg;
	struct fts_phrase	 one;
	uint16_t		*all = NULL;
	size_t			 k, total = 0, npos = 0, u, i;
	int			 res = FTS_T_NO, sub;

	for (k = first; out == NULL && k < first + n && res != FTS_T_YES; k++)
		if ((sub = check_class(x, k, v, NULL)) == FTS_T_YES ||
		    res == FTS_T_NO)
			res = sub;
	if (out == NULL)
		return (res);
	for (k = first; k < first + n; k++)
		total += d->entry[k].npos;
	if (total == 0)		/* none has positions, if any matched */
		return (n > 0 ? FTS_T_MAYBE : FTS_T_NO);
	if ((all = fts_exec_alloc(x, total)) == NULL)
		return (FTS_T_NO);
	for (k = first; k < first + n; k++) {
		memset(&one, 0, sizeof(one));
		if ((sub = check_class(x, k, v, &one)) == FTS_T_MAYBE)
			return (FTS_T_MAYBE);
		if (sub == FTS_T_NO)
			continue;
		memcpy(all + npos, one.pos, (size_t)one.npos * sizeof(*all));
		npos += (size_t)one.npos;
	}
	if (npos == 0)
		return (FTS_T_NO);
	qsort(all, npos, sizeof(*all), fts_pos_cmp);
	for (u = 0, i = 1; i < npos; i++)
		if (fts_pos_cmp(&all[i], &all[u]) != 0)
			all[++u] = all[i];
	out->npos = (int)u + 1;
	out->pos = out->buf = all;

	return (FTS_T_YES);
}

/* checkcondition_str(). */
static int
check_operand(struct fts_exec *x, int i, struct fts_phrase *out)
{
	const struct fts_node	*v = &x->q->node[i];
	size_t			 first, n;

	first = fts_doc_find(x->arg, v, &n);
	if (v->prefix)
		return (check_prefix(x, first, n, v, out));

	return (n > 0 ? check_class(x, first, v, out) : FTS_T_NO);
}

int
fts_match(const struct fts_query *q, const struct fts_doc *d)
{
	struct fts_exec	x;
	int		res;

	if (q->root < 0)
		return (0);
	x.q = q;
	x.operand = check_operand;
	x.arg = d;
	x.failed = 0;
	x.used = 0;
	x.blocks = NULL;
	res = fts_exec(&x, q->root) != FTS_T_NO;
	fts_exec_reset(&x);

	return (x.failed ? -1 : res);
}
