/*
 * What the parts of the full-text search port (fts_doc.c, fts_query.c,
 * fts_exec.c, fts_match.c, fts_rank.c) share and the callers of fts.h
 * need not see: the layout of a parsed tsvector and tsquery, PostgreSQL's
 * lexeme comparison and lookup, and TS_execute().
 */
#ifndef ASR_CORE_FTS_INT_H
#define ASR_CORE_FTS_INT_H

#include "core/fts.h"

struct fts_entry {
	uint32_t	off;	/* of the lexeme in fts_doc.str */
	uint32_t	len;
	uint32_t	posoff;	/* of its positions in fts_doc.pos */
	uint32_t	npos;	/* 0 for a lexeme without positions */
};

struct fts_doc {
	size_t			 n;
	struct fts_entry	*entry;
	char			*str;
	uint16_t		*pos;
};

struct fts_term {
	uint32_t	off;	/* of the lexeme in fts_query.str */
	uint32_t	len;
};

struct fts_query {
	size_t		 n;
	int		 root;
	int		 simple;
	int		 phrase;
	struct fts_node	*node;
	char		*str;
	size_t		 nterm;
	struct fts_term	*term;
};

/* PostgreSQL's TSTernaryValue. */
#define FTS_T_NO	0
#define FTS_T_MAYBE	1
#define FTS_T_YES	2

#define FTS_EXEC_STACK	512	/* positions in fts_exec before malloc() */

/* ExecPhraseData: where an operand or a phrase matches. */
struct fts_phrase {
	int		 npos;
	int		 negate;	/* matches everywhere but at pos */
	int		 width;		/* of the match, in lexemes, less 1 */
	const uint16_t	*pos;		/* ascending positions */
	uint16_t	*buf;		/* pos when built here */
};

struct fts_block;

/*
 * A TS_execute() run: the query, the operand test (out NULL when no
 * positions are needed) and its argument, the scratch positions.
 */
struct fts_exec {
	const struct fts_query	*q;
	int			(*operand)(struct fts_exec *, int,
				    struct fts_phrase *);
	const void		*arg;
	int			 failed;	/* out of memory */
	size_t			 used;
	struct fts_block	*blocks;
	uint16_t		 stack[FTS_EXEC_STACK];
};

int		 fts_compare(const char *, size_t, const char *, size_t, int);
int		 fts_pos_cmp(const void *, const void *);
size_t		 fts_doc_find(const struct fts_doc *, const struct fts_node *,
		    size_t *);
int		 fts_exec(struct fts_exec *, int);
uint16_t	*fts_exec_alloc(struct fts_exec *, size_t);
void		 fts_exec_reset(struct fts_exec *);

#endif
