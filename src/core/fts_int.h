/*
 * What the parts of the full-text search port (fts_doc.c, fts_query.c,
 * fts_rank.c) share and the callers of fts.h need not see: the layout of
 * a parsed tsvector and tsquery, and PostgreSQL's lexeme comparison.
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

int	fts_compare(const char *, size_t, const char *, size_t, int);

#endif
