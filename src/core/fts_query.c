/*
 * A tsquery read back from its text (see fts.h): the grammar of
 * PostgreSQL's tsquery input (gettoken_query_standard(), makepol()):
 * operands quoted or bare with '' and backslash escapes and :*ABCD
 * modifiers, ! (right associative) above <-> and <N> (N from 0 to 16384)
 * above & above |, parentheses; empty or blank text is the empty query.
 * The tree is built by recursive descent, its nesting bounded.
 *
 * Ported from PostgreSQL 15, src/backend/utils/adt/tsquery.c:
 * Portions Copyright (c) 1996-2022, PostgreSQL Global Development Group,
 * under the PostgreSQL Licence.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/fts_int.h"

#define FTS_MAX_DISTANCE	16384

struct lexeme {
	const char	*s;
	size_t		 len;
};

struct qparse {
	const char		*p;
	struct fts_query	*q;
	size_t			 buflen;
	size_t			 max;		/* nodes */
	int			 depth;
};

static int	q_isspace(char);
static int	q_isoperator(char);
static void	q_skip(struct qparse *);
static int	q_node(struct qparse *, enum fts_kind, int, int);
static int	q_quoted(struct qparse *);
static int	q_bare(struct qparse *);
static void	q_modifiers(struct qparse *, struct fts_node *);
static int	q_operand(struct qparse *);
static int	q_unary(struct qparse *);
static int	q_distance(struct qparse *);
static int	q_phrase(struct qparse *);
static int	q_and(struct qparse *);
static int	q_or(struct qparse *);
static int	q_term_cmp(const void *, const void *);
static int	q_terms(struct fts_query *);

static int
q_isspace(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f');
}

static int
q_isoperator(char c)
{
	return (c == '!' || c == '&' || c == '|' || c == '(' || c == ')' ||
	    c == '<');
}

static void
q_skip(struct qparse *ps)
{
	while (q_isspace(*ps->p))
		ps->p++;
}

/* A new node: its index, or -1 past FTS_MAX_NODES or a child's error. */
static int
q_node(struct qparse *ps, enum fts_kind kind, int left, int right)
{
	struct fts_node	*n;

	if (left < 0 || (kind != FTS_NOT && kind != FTS_VAL && right < 0) ||
	    ps->q->n >= ps->max)
		return (-1);
	n = &ps->q->node[ps->q->n];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->left = kind == FTS_VAL ? -1 : left;
	n->right = right;

	return ((int)ps->q->n++);
}

/* A quoted operand past its quote: '' and backslash escape. */
static int
q_quoted(struct qparse *ps)
{
	for (;;) {
		if (*ps->p == '\0')
			return (0);
		if (*ps->p == '\\') {
			if (*++ps->p == '\0')
				return (0);
		} else if (*ps->p == '\'') {
			if (ps->p[1] != '\'') {
				ps->p++;
				return (1);
			}
			ps->p++;
		}
		ps->q->str[ps->buflen++] = *ps->p++;
	}
}

/* A bare operand up to white space, an operator or ':'. */
static int
q_bare(struct qparse *ps)
{
	if (*ps->p == '\\') {
		if (*++ps->p == '\0')
			return (0);
		ps->q->str[ps->buflen++] = *ps->p++;
	} else if (q_isoperator(*ps->p))
		return (0);
	for (;;) {
		if (*ps->p == '\\') {
			if (*++ps->p == '\0')
				return (0);
		} else if (*ps->p == '\0' || q_isspace(*ps->p) ||
		    q_isoperator(*ps->p) || *ps->p == ':')
			return (1);
		ps->q->str[ps->buflen++] = *ps->p++;
	}
}

/* PostgreSQL's get_modifiers(): ':' then any of * A B C D (any case). */
static void
q_modifiers(struct qparse *ps, struct fts_node *n)
{
	static const char	 letters[] = "dDcCbBaA";
	const char		*l;

	if (*ps->p != ':')
		return;
	for (ps->p++;; ps->p++) {
		if (*ps->p == '*')
			n->prefix = 1;
		else if (*ps->p == '\0' ||
		    (l = strchr(letters, *ps->p)) == NULL)
			return;
		else
			n->weight |= 1u << ((l - letters) / 2);
	}
}

static int
q_operand(struct qparse *ps)
{
	struct fts_node	*n;
	size_t		 start = ps->buflen;
	int		 i;

	if (*ps->p == '\'') {
		ps->p++;
		if (!q_quoted(ps))
			return (-1);
	} else if (*ps->p == ':' || *ps->p == '\0' || !q_bare(ps))
		return (-1);
	if (ps->buflen == start || ps->buflen - start > FTS_MAX_LEXEME ||
	    (i = q_node(ps, FTS_VAL, 0, -1)) < 0)
		return (-1);
	n = &ps->q->node[i];
	n->lexeme = ps->q->str + start;
	n->len = ps->buflen - start;
	q_modifiers(ps, n);

	return (i);
}

static int
q_unary(struct qparse *ps)
{
	int	i;

	q_skip(ps);
	if (*ps->p != '!' && *ps->p != '(')
		return (q_operand(ps));
	if (++ps->depth > FTS_MAX_DEPTH)
		return (-1);
	if (*ps->p++ == '!')
		i = q_node(ps, FTS_NOT, q_unary(ps), -1);
	else {
		if ((i = q_or(ps)) < 0)
			return (-1);
		q_skip(ps);
		if (*ps->p != ')')
			return (-1);
		ps->p++;
	}
	ps->depth--;

	return (i);
}

/* Past '<': "->" or N ">", the distance, or -1. */
static int
q_distance(struct qparse *ps)
{
	long	n;

	if (ps->p[0] == '-' && ps->p[1] == '>') {
		ps->p += 2;
		return (1);
	}
	if (!isdigit((unsigned char)*ps->p))
		return (-1);
	for (n = 0; isdigit((unsigned char)*ps->p); ps->p++)
		if ((n = n * 10 + (*ps->p - '0')) > FTS_MAX_DISTANCE)
			return (-1);
	if (*ps->p != '>')
		return (-1);
	ps->p++;

	return ((int)n);
}

static int
q_phrase(struct qparse *ps)
{
	int	left, right, d;

	left = q_unary(ps);
	for (;;) {
		q_skip(ps);
		if (left < 0 || *ps->p != '<')
			return (left);
		ps->p++;
		if ((d = q_distance(ps)) < 0)
			return (-1);
		right = q_unary(ps);
		if ((left = q_node(ps, FTS_PHRASE, left, right)) >= 0)
			ps->q->node[left].distance = d;
	}
}

static int
q_and(struct qparse *ps)
{
	int	left;

	left = q_phrase(ps);
	for (;;) {
		q_skip(ps);
		if (left < 0 || *ps->p != '&')
			return (left);
		ps->p++;
		left = q_node(ps, FTS_AND, left, q_phrase(ps));
	}
}

static int
q_or(struct qparse *ps)
{
	int	left;

	left = q_and(ps);
	for (;;) {
		q_skip(ps);
		if (left < 0 || *ps->p != '|')
			return (left);
		ps->p++;
		left = q_node(ps, FTS_OR, left, q_and(ps));
	}
}

static int
q_term_cmp(const void *va, const void *vb)
{
	const struct lexeme	*a = va, *b = vb;

	return (fts_compare(a->s, a->len, b->s, b->len, 0));
}

/* The distinct lexemes, and whether the query is simple. */
static int
q_terms(struct fts_query *q)
{
	struct lexeme	*v;
	size_t		 i, n;

	if ((v = calloc(q->n + 1, sizeof(*v))) == NULL ||
	    (q->term = calloc(q->n + 1, sizeof(*q->term))) == NULL) {
		free(v);
		return (0);
	}
	q->simple = 1;
	for (i = 0, n = 0; i < q->n; i++) {
		if (q->node[i].kind == FTS_PHRASE)
			q->phrase = 1;
		if (q->node[i].kind != FTS_VAL)
			continue;
		if (q->node[i].prefix || q->node[i].weight)
			q->simple = 0;
		v[n].s = q->node[i].lexeme;
		v[n++].len = q->node[i].len;
	}
	if (q->phrase)
		q->simple = 0;
	qsort(v, n, sizeof(*v), q_term_cmp);
	for (i = 0; i < n; i++) {
		if (i > 0 && q_term_cmp(&v[i - 1], &v[i]) == 0)
			continue;
		q->term[q->nterm].off = (uint32_t)(v[i].s - q->str);
		q->term[q->nterm++].len = (uint32_t)v[i].len;
	}
	free(v);

	return (1);
}

int
fts_query_parse(const char *text, struct fts_query **out)
{
	struct qparse		 ps;
	struct fts_query	*q;
	size_t			 len;
	int			 ok;

	*out = NULL;
	if ((len = strlen(text)) > FTS_MAX_TEXT ||
	    (q = calloc(1, sizeof(*q))) == NULL)
		return (0);
	memset(&ps, 0, sizeof(ps));
	ps.p = text;
	ps.q = q;
	q->root = -1;
	ps.max = len < FTS_MAX_NODES ? len + 1 : FTS_MAX_NODES;
	q_skip(&ps);
	ok = (q->str = malloc(len + 1)) != NULL &&
	    (q->node = calloc(ps.max, sizeof(*q->node))) != NULL;
	if (ok && *ps.p != '\0') {
		q->root = q_or(&ps);
		q_skip(&ps);
		ok = q->root >= 0 && *ps.p == '\0';
	}
	if (!ok || !q_terms(q)) {
		fts_query_free(q);
		return (0);
	}
	*out = q;

	return (1);
}

void
fts_query_free(struct fts_query *q)
{
	if (q == NULL)
		return;
	free(q->node);
	free(q->str);
	free(q->term);
	free(q);
}

int
fts_query_empty(const struct fts_query *q)
{
	return (q->root < 0);
}

int
fts_query_simple(const struct fts_query *q)
{
	return (q->simple);
}

int
fts_query_root(const struct fts_query *q)
{
	return (q->root);
}

size_t
fts_query_nodes(const struct fts_query *q)
{
	return (q->n);
}

const struct fts_node *
fts_query_node(const struct fts_query *q, size_t i)
{
	return (i < q->n ? &q->node[i] : NULL);
}

size_t
fts_query_terms(const struct fts_query *q)
{
	return (q->nterm);
}

const char *
fts_query_term(const struct fts_query *q, size_t i, size_t *len)
{
	if (i >= q->nterm) {
		*len = 0;
		return (NULL);
	}
	*len = q->term[i].len;

	return (q->str + q->term[i].off);
}
