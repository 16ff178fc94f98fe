/*
 * Full-text search: the input as a tsvector text and as a tsquery text,
 * then split at its first newline as a document and a query ranked
 * against each other. Whatever parses holds PostgreSQL's invariants:
 * lexemes strictly increasing, positions strictly increasing and in
 * range, query nodes pointing inside the query, terms distinct and
 * sorted, a rank finite and not negative that prints.
 */
#include <math.h>

#include "core/fts.h"
#include "fuzz.h"

static void
check_doc(const struct fts_doc *d)
{
	const uint16_t	*pos;
	const char	*s, *prev = NULL;
	size_t		 i, k, len, plen = 0, n;

	for (i = 0; i < fts_doc_lexemes(d); i++) {
		s = fts_doc_lexeme(d, i, &len);
		FUZZ_ASSERT(s != NULL && len > 0 && len <= FTS_MAX_LEXEME);
		if (prev != NULL)
			FUZZ_ASSERT(memcmp(prev, s, plen < len ? plen : len) <
			    0 || (memcmp(prev, s, plen < len ? plen : len) ==
			    0 && plen < len));
		pos = fts_doc_positions(d, i, &n);
		FUZZ_ASSERT(n <= FTS_MAX_POSITIONS);
		for (k = 0; k < n; k++) {
			FUZZ_ASSERT(FTS_POS(pos[k]) >= 1);
			FUZZ_ASSERT(k == 0 ||
			    FTS_POS(pos[k]) > FTS_POS(pos[k - 1]));
		}
		prev = s;
		plen = len;
	}
}

static void
check_query(const struct fts_query *q)
{
	const struct fts_node	*n;
	size_t			 i, count = fts_query_nodes(q), len;

	FUZZ_ASSERT(count <= FTS_MAX_NODES);
	FUZZ_ASSERT(fts_query_empty(q) == (fts_query_root(q) < 0));
	FUZZ_ASSERT(fts_query_root(q) < (int)count);
	for (i = 0; i < count; i++) {
		n = fts_query_node(q, i);
		if (n->kind == FTS_VAL) {
			FUZZ_ASSERT(n->len > 0 && n->len <= FTS_MAX_LEXEME);
			continue;
		}
		FUZZ_ASSERT(n->left >= 0 && n->left < (int)i);
		FUZZ_ASSERT(n->kind == FTS_NOT ||
		    (n->right >= 0 && n->right < (int)i));
	}
	for (i = 0; i < fts_query_terms(q); i++)
		FUZZ_ASSERT(fts_query_term(q, i, &len) != NULL && len > 0);
}

static void
check_pair(const char *doc, const char *query)
{
	struct fts_doc		*d;
	struct fts_query	*q;
	char			 buf[FTS_RANK_TEXT_LEN];
	float			 r;
	int			 m;

	if (!fts_doc_parse(doc, &d))
		return;
	if (fts_query_parse(query, &q)) {
		m = fts_match(q, d);
		r = fts_rank_cd(q, d);
		FUZZ_ASSERT(m == 0 || m == 1);
		FUZZ_ASSERT(isfinite(r) && r >= 0.0f);
		FUZZ_ASSERT(fts_rank_text(r, buf, sizeof(buf)));
		fts_query_free(q);
	}
	fts_doc_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fts_doc		*d;
	struct fts_query	*q;
	char			*text, *nl;

	text = fuzz_cstr(data, size);
	if (fts_doc_parse(text, &d)) {
		check_doc(d);
		fts_doc_free(d);
	}
	if (fts_query_parse(text, &q)) {
		check_query(q);
		fts_query_free(q);
	}
	if ((nl = strchr(text, '\n')) != NULL) {
		*nl = '\0';
		check_pair(text, nl + 1);
	}
	free(text);

	return (0);
}
