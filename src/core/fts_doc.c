/*
 * A tsvector read back from its text (see fts.h): the tokenizer of
 * PostgreSQL's tsvector_parser.c (quoted or bare lexemes, backslash and ''
 * escapes, positions with weights A-D or *) and the normalisation of its
 * tsvectorin() (lexemes sorted and merged, positions sorted, merged
 * keeping the highest weight, at most 256 of them, clamped to 16383).
 *
 * Ported from PostgreSQL 15, src/backend/tsearch/ts_parse.c and
 * src/backend/utils/adt/tsvector*.c:
 * Portions Copyright (c) 1996-2022, PostgreSQL Global Development Group,
 * under the PostgreSQL Licence.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/fts_int.h"

struct token {
	const char	*s;
	uint32_t	 len;
	uint32_t	 posoff;
	uint32_t	 npos;
};

struct parse {
	const char	*p;
	char		*buf;		/* lexemes, unescaped */
	size_t		 buflen;
	uint16_t	*pos;		/* positions, in text order */
	size_t		 npos;
	struct token	*tok;
	size_t		 ntok;
};

static int	doc_isspace(char);
static int	doc_word(struct parse *);
static int	doc_quoted(struct parse *);
static int	doc_positions(struct parse *, struct token *);
static int	doc_weight(char, uint16_t *);
static int	doc_token_cmp(const void *, const void *);
static size_t	doc_unique_pos(uint16_t *, size_t);
static int	doc_build(struct parse *, struct fts_doc *);
static int	doc_tokens(struct parse *);

/*
 * PostgreSQL's tsCompareString(): memcmp() of the common length, then the
 * shorter first; with prefix, 0 when a is a prefix of b.
 */
int
fts_compare(const char *a, size_t lena, const char *b, size_t lenb,
    int prefix)
{
	int	cmp;

	if (lena == 0)
		return (prefix ? 0 : (lenb > 0 ? -1 : 0));
	if (lenb == 0)
		return (1);
	cmp = memcmp(a, b, lena < lenb ? lena : lenb);
	if (prefix) {
		if (cmp == 0 && lena > lenb)
			cmp = 1;
	} else if (cmp == 0 && lena != lenb)
		cmp = lena < lenb ? -1 : 1;

	return (cmp < 0 ? -1 : (cmp > 0 ? 1 : 0));
}

static int
doc_isspace(char c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f');
}

/*
 * A bare lexeme up to white space or ':' (but for its first byte),
 * backslash escaping a byte.
 */
static int
doc_word(struct parse *ps)
{
	if (*ps->p == ':')
		ps->buf[ps->buflen++] = *ps->p++;
	for (;;) {
		if (*ps->p == '\\') {
			if (*++ps->p == '\0')
				return (0);
		} else if (*ps->p == '\0' || doc_isspace(*ps->p) ||
		    *ps->p == ':')
			return (1);
		ps->buf[ps->buflen++] = *ps->p++;
	}
}

/* A quoted lexeme, past its opening quote: '' and \x escape. */
static int
doc_quoted(struct parse *ps)
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
		ps->buf[ps->buflen++] = *ps->p++;
	}
}

static int
doc_weight(char c, uint16_t *wep)
{
	static const char	 letters[] = "dDcCbBaA*";
	const char		*l;
	int			 w;

	if (c == '\0' || (l = strchr(letters, c)) == NULL)
		return (-1);
	if ((w = (int)(l - letters) / 2) > 3)
		w = 3;
	if (FTS_WEIGHT(*wep) != 0)
		return (0);
	*wep = (uint16_t)((*wep & 0x3fff) | (w << 14));

	return (1);
}

/* After ':': n[weights][,n[weights]]..., up to white space or the end. */
static int
doc_positions(struct parse *ps, struct token *t)
{
	unsigned long	n;
	int		r;

	t->posoff = (uint32_t)ps->npos;
	for (;;) {
		if (!isdigit((unsigned char)*ps->p))
			return (0);
		for (n = 0; isdigit((unsigned char)*ps->p); ps->p++)
			if ((n = n * 10 + (unsigned long)(*ps->p - '0')) >
			    FTS_MAX_POS)
				n = FTS_MAX_POS;
		if (n == 0)
			return (0);
		ps->pos[ps->npos++] = (uint16_t)n;
		t->npos++;
		for (;;) {
			if (*ps->p == '\0' || doc_isspace(*ps->p))
				return (1);
			if (*ps->p == ',')
				break;
			if ((r = doc_weight(*ps->p, &ps->pos[ps->npos - 1])) ==
			    0 || (r < 0 && !isdigit((unsigned char)*ps->p)))
				return (0);
			ps->p++;
		}
		ps->p++;
	}
}

static int
doc_tokens(struct parse *ps)
{
	struct token	*t;
	size_t		 start;

	for (;;) {
		while (doc_isspace(*ps->p))
			ps->p++;
		if (*ps->p == '\0')
			return (1);
		t = &ps->tok[ps->ntok];
		memset(t, 0, sizeof(*t));
		start = ps->buflen;
		if (*ps->p == '\'') {
			ps->p++;
			if (!doc_quoted(ps))
				return (0);
		} else if (!doc_word(ps))
			return (0);
		t->s = ps->buf + start;
		t->len = (uint32_t)(ps->buflen - start);
		if (t->len == 0 || t->len > FTS_MAX_LEXEME)
			return (0);
		if (*ps->p == ':') {
			ps->p++;
			if (!doc_positions(ps, t))
				return (0);
		}
		ps->ntok++;
	}
}

static int
doc_token_cmp(const void *va, const void *vb)
{
	const struct token	*a = va, *b = vb;

	return (fts_compare(a->s, a->len, b->s, b->len, 0));
}

int
fts_pos_cmp(const void *va, const void *vb)
{
	int	a = FTS_POS(*(const uint16_t *)va);
	int	b = FTS_POS(*(const uint16_t *)vb);

	return (a < b ? -1 : (a > b ? 1 : 0));
}

/* PostgreSQL's uniquePos(): sorted, one per position, highest weight. */
static size_t
doc_unique_pos(uint16_t *a, size_t n)
{
	size_t	r, i;

	if (n <= 1)
		return (n);
	qsort(a, n, sizeof(*a), fts_pos_cmp);
	for (r = 0, i = 1; i < n; i++) {
		if (FTS_POS(a[i]) != FTS_POS(a[r])) {
			a[++r] = a[i];
			if (r >= FTS_MAX_POSITIONS - 1 ||
			    FTS_POS(a[r]) == FTS_MAX_POS)
				break;
		} else if (FTS_WEIGHT(a[i]) > FTS_WEIGHT(a[r]))
			a[r] = (uint16_t)((a[r] & 0x3fff) | (a[i] & 0xc000));
	}

	return (r + 1);
}

/* Sorted tokens to entries, equal lexemes merged with their positions. */
static int
doc_build(struct parse *ps, struct fts_doc *d)
{
	struct fts_entry	*e;
	size_t			 i, k, soff, poff;

	qsort(ps->tok, ps->ntok, sizeof(*ps->tok), doc_token_cmp);
	if ((d->entry = calloc(ps->ntok + 1, sizeof(*d->entry))) == NULL ||
	    (d->str = malloc(ps->buflen + 1)) == NULL ||
	    (d->pos = malloc((ps->npos + 1) * sizeof(*d->pos))) == NULL)
		return (0);
	for (i = 0, soff = 0, poff = 0; i < ps->ntok; i = k) {
		e = &d->entry[d->n++];
		e->off = (uint32_t)soff;
		e->len = ps->tok[i].len;
		memcpy(d->str + soff, ps->tok[i].s, e->len);
		soff += e->len;
		e->posoff = (uint32_t)poff;
		for (k = i; k < ps->ntok && doc_token_cmp(&ps->tok[i],
		    &ps->tok[k]) == 0; k++) {
			memcpy(d->pos + poff, ps->pos + ps->tok[k].posoff,
			    ps->tok[k].npos * sizeof(*d->pos));
			poff += ps->tok[k].npos;
		}
		e->npos = (uint32_t)doc_unique_pos(d->pos + e->posoff,
		    poff - e->posoff);
		poff = e->posoff + e->npos;
	}

	return (1);
}

/*
 * PostgreSQL's find_wordentry(): the first entry the operand matches and
 * in *n how many (more than one only for a prefix), *n = 0 for none.
 */
size_t
fts_doc_find(const struct fts_doc *d, const struct fts_node *v, size_t *n)
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

int
fts_doc_parse(const char *text, struct fts_doc **out)
{
	struct parse	 ps;
	struct fts_doc	*d;
	size_t		 len;
	int		 ok;

	*out = NULL;
	if ((len = strlen(text)) > FTS_MAX_TEXT)
		return (0);
	memset(&ps, 0, sizeof(ps));
	ps.p = text;
	ok = (d = calloc(1, sizeof(*d))) != NULL &&
	    (ps.buf = malloc(len + 1)) != NULL &&
	    (ps.pos = malloc((len / 2 + 1) * sizeof(*ps.pos))) != NULL &&
	    (ps.tok = malloc((len / 2 + 1) * sizeof(*ps.tok))) != NULL &&
	    doc_tokens(&ps) && doc_build(&ps, d);
	free(ps.buf);
	free(ps.pos);
	free(ps.tok);
	if (!ok) {
		fts_doc_free(d);
		return (0);
	}
	*out = d;

	return (1);
}

void
fts_doc_free(struct fts_doc *d)
{
	if (d == NULL)
		return;
	free(d->entry);
	free(d->str);
	free(d->pos);
	free(d);
}

size_t
fts_doc_lexemes(const struct fts_doc *d)
{
	return (d->n);
}

const char *
fts_doc_lexeme(const struct fts_doc *d, size_t i, size_t *len)
{
	if (i >= d->n) {
		*len = 0;
		return (NULL);
	}
	*len = d->entry[i].len;

	return (d->str + d->entry[i].off);
}

const uint16_t *
fts_doc_positions(const struct fts_doc *d, size_t i, size_t *n)
{
	if (i >= d->n) {
		*n = 0;
		return (NULL);
	}
	*n = d->entry[i].npos;

	return (d->pos + d->entry[i].posoff);
}
