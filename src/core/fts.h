/*
 * PostgreSQL 15 full-text search in C, for an in-memory index that must
 * answer exactly as the database does: the text output of a tsvector
 * (search::text) and of a tsquery (websearch_to_tsquery(...)::text) parsed
 * back, `doc @@ query`, ts_rank_cd(doc, query) with the default weights
 * {0.1, 0.2, 0.4, 1.0} and normalization 0 to the last bit of its float4,
 * and that float4 printed as PostgreSQL prints rank::float8::text.
 *
 * Lexemes are byte strings (UTF-8 as PostgreSQL stores them), sorted as
 * PostgreSQL sorts them: memcmp() of the common length, then the shorter
 * first. A position is PostgreSQL's WordEntryPos: 14 bits of position
 * (1 to 16383) and 2 bits of weight (A = 3, B = 2, C = 1, D = 0).
 *
 * Queries are trees of nodes (struct fts_node) the caller may walk from
 * fts_query_root(); children come before their parent in the node array
 * (left and right are smaller indices). Matching and ranking support
 * everything a tsquery holds: AND, OR, NOT, phrases (<->, <N>), prefixes
 * (:*) and weight marks (:AB). fts_query_simple() tells a query with none
 * of the last three, which per-lexeme bitsets answer alone.
 *
 * Nothing is global; fts_match() and fts_rank_cd() allocate nothing for
 * a query without phrases and up to 256 matched positions.
 */
#ifndef ASR_CORE_FTS_H
#define ASR_CORE_FTS_H

#include <stddef.h>
#include <stdint.h>

#define FTS_MAX_LEXEME		2046	/* bytes, as PostgreSQL's MAXSTRLEN */
#define FTS_MAX_POS		16383	/* larger positions are clamped to it */
#define FTS_MAX_POSITIONS	256	/* per lexeme, more are dropped (PG) */
#define FTS_MAX_TEXT		1048576	/* bytes of a text to parse */
#define FTS_MAX_NODES		1024	/* nodes of a query */
#define FTS_MAX_DEPTH		128	/* nesting of a query */
#define FTS_RANK_TEXT_LEN	32	/* enough for any fts_rank_text() */

#define FTS_WEIGHT(wep)		((int)((wep) >> 14))	/* 3 = A ... 0 = D */
#define FTS_POS(wep)		((int)(0x3fff & (wep)))

enum fts_kind {
	FTS_VAL,	/* an operand: lexeme, len, prefix, weight */
	FTS_NOT,	/* left only */
	FTS_AND,
	FTS_OR,
	FTS_PHRASE	/* left <distance> right */
};

struct fts_node {
	enum fts_kind	 kind;
	int		 left;		/* node index, -1 for none */
	int		 right;		/* node index, -1 for none */
	int		 distance;	/* FTS_PHRASE: 1 for <-> */
	const char	*lexeme;	/* FTS_VAL: not NUL-terminated */
	size_t		 len;
	int		 prefix;	/* FTS_VAL: :* */
	unsigned int	 weight;	/* FTS_VAL: bit 3 = A ... bit 0 = D */
};

struct fts_doc;
struct fts_query;

/* tsvector text: 1 and *out (fts_doc_free() it) or 0 if invalid. */
int		 fts_doc_parse(const char *, struct fts_doc **);
void		 fts_doc_free(struct fts_doc *);
size_t		 fts_doc_lexemes(const struct fts_doc *);
const char	*fts_doc_lexeme(const struct fts_doc *, size_t, size_t *);
/* The positions (WordEntryPos) of lexeme i; none for a stripped one. */
const uint16_t	*fts_doc_positions(const struct fts_doc *, size_t,
		    size_t *);

/* tsquery text: 1 and *out (maybe empty) or 0 if invalid. */
int		 fts_query_parse(const char *, struct fts_query **);
void		 fts_query_free(struct fts_query *);
int		 fts_query_empty(const struct fts_query *);
int		 fts_query_simple(const struct fts_query *);
/* The root node's index, -1 for the empty query. */
int		 fts_query_root(const struct fts_query *);
size_t		 fts_query_nodes(const struct fts_query *);
const struct fts_node *fts_query_node(const struct fts_query *, size_t);
/* The distinct operand lexemes, in PostgreSQL's order. */
size_t		 fts_query_terms(const struct fts_query *);
const char	*fts_query_term(const struct fts_query *, size_t, size_t *);

/* doc @@ query: 1 or 0, -1 when out of memory. */
int		 fts_match(const struct fts_query *, const struct fts_doc *);
/* ts_rank_cd(doc, query): the float4, -1.0f when out of memory. */
float		 fts_rank_cd(const struct fts_query *, const struct fts_doc *);
/* ts_rank_cd() of a one-lexeme query, from the lexeme's positions. */
float		 fts_rank_cd_lexeme(const uint16_t *, size_t);
/* A float8 as PostgreSQL 15 prints it (shortest exact): 1 or 0. */
int		 fts_rank_text(double, char *, size_t);

#endif
