/*
 * The SQL of the catalogue searches, composed from the filters present
 * (see searchsql.h). Parameters are numbered in one fixed order (q, its
 * digits, the filters, member, updated_since, today, the cursor, the
 * limit), each only when present, so that the text and its name follow
 * from which are present alone.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/searchsql.h"

#define PUBLIC_KINDS	"('siae', 'ess', 'handicap', 'geiq')"
#define COMMUNES	17	/* 97601 to 97617 */

/* A filter's clause ("%d" its parameter) and its check of unknown codes. */
struct clause {
	const char	*where;
	const char	*unknown;
};

static const struct clause supplier_clauses[SUPPLIER_F_COUNT] = {
	{ " AND o.sectors_reach && $%d::text[]",
	  "SELECT 'sector' AS f FROM unnest($%d::text[]) c WHERE NOT EXISTS"
	  " (SELECT 1 FROM sectors s WHERE s.code = c)" },
	{ " AND o.groups_reach && $%d::text[]",
	  "SELECT 'sector_group' AS f FROM unnest($%d::text[]) c"
	  " WHERE NOT EXISTS (SELECT 1 FROM sector_groups g"
	  " WHERE g.code = c)" },
	{ " AND o.kind = ANY ($%d::text[])", NULL },
	{ " AND o.subkind = ANY ($%d::text[])",
	  "SELECT 'subkind' AS f FROM unnest($%d::text[]) c WHERE NOT EXISTS"
	  " (SELECT 1 FROM organisation_subkinds k WHERE k.code = c)" },
	{ " AND o.communes_reach && $%d::text[]", NULL },
	{ " AND o.labels && $%d::text[]",
	  "SELECT 'label' AS f FROM unnest($%d::text[]) c WHERE NOT EXISTS"
	  " (SELECT 1 FROM labels l WHERE l.code = c)" },
	{ " AND o.offer_types_reach && $%d::text[]", NULL },
};

static const struct clause offer_clauses[OFFER_F_COUNT] = {
	{ " AND f.sectors && $%d::text[]",
	  "SELECT 'sector' AS f FROM unnest($%d::text[]) c WHERE NOT EXISTS"
	  " (SELECT 1 FROM sectors s WHERE s.code = c)" },
	{ " AND EXISTS (SELECT 1 FROM sectors s WHERE s.code = ANY (f.sectors)"
	  " AND s.group_code = ANY ($%d::text[]))",
	  "SELECT 'sector_group' AS f FROM unnest($%d::text[]) c"
	  " WHERE NOT EXISTS (SELECT 1 FROM sector_groups g"
	  " WHERE g.code = c)" },
	{ " AND f.offer_type = ANY ($%d::text[])", NULL },
	{ " AND f.communes && ($%d::text[] || '976'::text)", NULL },
	{ " AND o.kind = ANY ($%d::text[])", NULL },
};

/* The parameters' numbers, 0 for those absent. */
struct numbers {
	int	q, digits, filters[SUPPLIER_F_COUNT], member, since, today;
	int	key, id, limit;
};

static void	add(struct search_sql *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static int	param(struct search_sql *, const char *, unsigned int *,
		    unsigned int);
static unsigned int number(const struct search_args *, size_t, int,
		    struct search_sql *, struct numbers *);
static void	supplier_where(const struct search_args *,
		    const struct numbers *, struct search_sql *);
static void	page(const struct search_args *, const struct numbers *,
		    struct search_sql *);
static void	unknown(const struct clause *, size_t, const struct numbers *,
		    struct search_sql *);
static void	order(const struct search_args *, const char *,
		    struct search_sql *);
static void	commune_sums(struct search_sql *);
static void	head(struct search_sql *, const char *, const char *);
static void	tail(const struct search_args *, struct search_sql *);

int
searchsql_suppliers(const struct search_args *a, struct search_sql *s)
{
	struct numbers	n;

	(void)snprintf(s->name, sizeof(s->name), "asr_cat_s%x",
	    number(a, SUPPLIER_F_COUNT, 1, s, &n));

	add(s, "WITH");
	if (n.q) {
		add(s, " q AS (SELECT websearch_to_tsquery('asr_fr', $%d::text)"
		    " AS tsq, asr_fold($%d::text) AS folded),", n.q, n.q);
		add(s, " exact AS MATERIALIZED (SELECT o.id,"
		    " o.name_folded AS alpha,"
		    " o.updated_at, o.kind, o.subkind, o.groups_reach,"
		    " o.communes_mask, ts_rank_cd(o.search, q.tsq)::float8");
		if (n.digits)
			add(s, " + CASE WHEN o.siret LIKE $%d::text || '%%'"
			    " THEN 1 ELSE 0 END", n.digits);
		add(s, " AS rank FROM organisations o, q WHERE");
		supplier_where(a, &n, s);
		add(s, " AND (o.search @@ q.tsq");
		if (n.digits)
			add(s, " OR o.siret LIKE $%d::text || '%%'", n.digits);
		add(s, ")), fuzzy AS MATERIALIZED (SELECT o.id,"
		    " o.name_folded AS alpha,"
		    " o.updated_at, o.kind, o.subkind, o.groups_reach,"
		    " o.communes_mask,"
		    " word_similarity(q.folded, o.search_text)::float8 AS rank"
		    " FROM organisations o, q WHERE NOT EXISTS"
		    " (SELECT 1 FROM exact) AND");
		supplier_where(a, &n, s);
		add(s, " AND q.folded <%% o.search_text),"
		    " hits AS (SELECT * FROM exact UNION ALL"
		    " SELECT * FROM fuzzy),");
	} else {
		add(s, " hits AS (SELECT o.id, o.name_folded AS alpha,"
		    " o.updated_at, o.kind,"
		    " o.subkind, o.groups_reach, o.communes_mask,"
		    " 0::float8 AS rank FROM organisations o WHERE");
		supplier_where(a, &n, s);
		add(s, "),");
	}
	page(a, &n, s);

	/*
	 * The facets read the hits once grouped by kind, subkind and sector
	 * groups (a few dozen groups, however many hits), and the commune
	 * facet sums the bits of communes_mask in one pass.
	 */
	add(s, ", ks AS MATERIALIZED (SELECT h.kind, h.subkind, h.groups_reach,"
	    " count(*) AS n FROM hits h GROUP BY h.kind, h.subkind,"
	    " h.groups_reach), facets AS (SELECT jsonb_build_object("
	    "'sector_groups', coalesce((SELECT jsonb_agg(jsonb_build_object("
	    "'code', g.code, 'label', g.label, 'count', x.n)"
	    " ORDER BY x.n DESC, g.code) FROM (SELECT c AS code, sum(k.n) AS n"
	    " FROM ks k, unnest(k.groups_reach) c GROUP BY c) x"
	    " JOIN sector_groups g ON g.code = x.code), '[]'),"
	    " 'kinds', coalesce((SELECT jsonb_agg(jsonb_build_object("
	    "'code', x.code, 'count', x.n) ORDER BY x.n DESC, x.code)"
	    " FROM (SELECT k.kind AS code, sum(k.n) AS n FROM ks k"
	    " GROUP BY k.kind) x), '[]'),"
	    " 'subkinds', coalesce((SELECT jsonb_agg(jsonb_build_object("
	    "'code', x.code, 'count', x.n) ORDER BY x.n DESC, x.code)"
	    " FROM (SELECT k.subkind AS code, sum(k.n) AS n FROM ks k"
	    " WHERE k.subkind IS NOT NULL GROUP BY k.subkind) x), '[]'),"
	    " 'communes', coalesce((SELECT jsonb_agg(jsonb_build_object("
	    "'code', m.code, 'label', m.label, 'count', x.n)"
	    " ORDER BY x.n DESC, m.code) FROM (SELECT"
	    " '976' || lpad(t.k::text, 2, '0') AS code, t.n FROM unnest((");
	commune_sums(s);
	add(s, ")) WITH ORDINALITY AS t(n, k) WHERE t.n > 0) x"
	    " JOIN communes m ON m.code = x.code), '[]')) AS f)");
	head(s, "coalesce((SELECT sum(k.n) FROM ks k), 0)::bigint",
	    "(SELECT f::text FROM facets)");
	unknown(supplier_clauses, SUPPLIER_F_COUNT, &n, s);
	add(s, " END, (SELECT organisation_public_json(o, $%d::date)::text"
	    " FROM organisations o WHERE o.id = p.id), p.alpha, p.rank::text,"
	    " (extract(epoch FROM p.updated_at) * 1000000)::bigint::text,"
	    " p.id::text", n.today);
	tail(a, s);

	return (!s->overflow);
}

int
searchsql_offers(const struct search_args *a, struct search_sql *s)
{
	struct numbers	n;
	size_t		i;

	(void)snprintf(s->name, sizeof(s->name), "asr_cat_o%x",
	    number(a, OFFER_F_COUNT, 0, s, &n));

	add(s, "WITH");
	if (n.q)
		add(s, " q AS (SELECT websearch_to_tsquery('asr_fr', $%d::text)"
		    " AS tsq),", n.q);
	add(s, " hits AS (SELECT f.id, f.title_folded AS alpha, f.updated_at,"
	    " f.organisation_id, o.name AS sname, o.kind AS skind,"
	    " o.subkind AS ssub, %s AS rank FROM offers f"
	    " JOIN organisations o ON o.id = f.organisation_id%s"
	    " WHERE f.published AND organisation_public(o)"
	    " AND o.kind IN " PUBLIC_KINDS "%s",
	    n.q ? "ts_rank_cd(f.search, q.tsq)::float8" : "0::float8",
	    n.q ? ", q" : "", n.q ? " AND f.search @@ q.tsq" : "");
	for (i = 0; i < OFFER_F_COUNT; i++) {
		if (n.filters[i])
			add(s, offer_clauses[i].where, n.filters[i]);
	}
	add(s, "),");
	page(a, &n, s);

	head(s, "(SELECT count(*) FROM hits)", "'{}'");
	unknown(offer_clauses, OFFER_F_COUNT, &n, s);
	add(s, " END, (SELECT (offer_public_json(f)"
	    " || jsonb_build_object('supplier', jsonb_build_object("
	    "'id', p.organisation_id, 'name', p.sname, 'kind', p.skind,"
	    " 'subkind', p.ssub)))::text FROM offers f WHERE f.id = p.id),"
	    " p.alpha, p.rank::text,"
	    " (extract(epoch FROM p.updated_at) * 1000000)::bigint::text,"
	    " p.id::text");
	tail(a, s);

	return (!s->overflow);
}

/*
 * The answer's first columns, total, facets and (once this returns) the
 * filters naming unknown codes, on its first row only (or the one row of
 * an empty page): the other rows carry NULLs rather than copies of
 * kilobytes of facets.
 */
static void
head(struct search_sql *s, const char *total, const char *facets)
{
	add(s, " SELECT CASE WHEN p.head IS NOT FALSE THEN %s END,"
	    " CASE WHEN p.head IS NOT FALSE THEN %s END,"
	    " CASE WHEN p.head IS NOT FALSE THEN", total, facets);
}

/* FROM the page, numbered (head on its first row), in the sort's order. */
static void
tail(const struct search_args *a, struct search_sql *s)
{
	add(s, " FROM (SELECT 1) one LEFT JOIN (SELECT pg.*, row_number()"
	    " OVER (");
	order(a, "pg", s);
	add(s, ") = 1 AS head FROM page pg) p ON true");
	order(a, "p", s);
}

/*
 * Numbers the parameters present, in the fixed order, and returns the
 * mask of those present (and of the sort), which the text follows.
 */
static unsigned int
number(const struct search_args *a, size_t nfilters, int suppliers,
    struct search_sql *s, struct numbers *n)
{
	unsigned int	mask, bit;
	size_t		i;

	memset(n, 0, sizeof(*n));
	s->len = 0;
	s->text[0] = '\0';
	s->overflow = 0;
	s->nparams = 0;
	mask = 0;
	bit = 1;

	n->q = param(s, a->q, &mask, bit);
	if (suppliers && a->q != NULL)
		n->digits = param(s, a->digits, &mask, bit << 1);
	bit <<= 2;
	for (i = 0; i < nfilters; i++, bit <<= 1)
		n->filters[i] = param(s, a->filters[i], &mask, bit);
	if (suppliers) {
		n->member = param(s, a->member, &mask, bit);
		n->since = param(s, a->updated_since, &mask, bit << 1);
		n->today = param(s, a->today, &mask, 0);
	}
	bit <<= 2;
	mask |= (unsigned int)(a->sort & 3) * bit;
	bit <<= 2;
	if (a->after_id != NULL) {
		n->key = param(s, a->after_key, &mask, bit);
		n->id = param(s, a->after_id, &mask, bit);
	}
	n->limit = param(s, a->limit, &mask, 0);

	return (mask);
}

static int
param(struct search_sql *s, const char *value, unsigned int *mask,
    unsigned int bit)
{
	if (value == NULL)
		return (0);
	if (s->nparams == SEARCH_PARAMS_MAX) {
		s->overflow = 1;
		return (0);
	}
	*mask |= bit;
	s->params[s->nparams++] = value;

	return (s->nparams);
}

/* The public suppliers that pass every filter present. */
static void
supplier_where(const struct search_args *a, const struct numbers *n,
    struct search_sql *s)
{
	size_t		i;

	(void)a;
	add(s, " o.published AND o.active AND o.approved"
	    " AND o.kind IN " PUBLIC_KINDS);
	for (i = 0; i < SUPPLIER_F_COUNT; i++) {
		if (n->filters[i])
			add(s, supplier_clauses[i].where, n->filters[i]);
	}
	if (n->member)
		add(s, " AND (o.member_since IS NOT NULL"
		    " AND o.member_since <= $%d::date"
		    " AND (o.member_until IS NULL"
		    " OR o.member_until > $%d::date))"
		    " = $%d::boolean", n->today, n->today, n->member);
	if (n->since)
		add(s, " AND o.updated_at >= $%d::timestamptz", n->since);
}

/* The page of hits after the cursor, in the sort's order. */
static void
page(const struct search_args *a, const struct numbers *n,
    struct search_sql *s)
{
	add(s, " page AS (SELECT h.* FROM hits h");
	if (n->id) {
		switch (a->sort) {
		case SEARCH_SORT_RELEVANCE:
			add(s, " WHERE h.rank < $%d::float8 OR (h.rank ="
			    " $%d::float8 AND h.id > $%d::uuid)", n->key,
			    n->key, n->id);
			break;
		case SEARCH_SORT_ALPHA:
			add(s, " WHERE (h.alpha, h.id) >"
			    " ($%d::text, $%d::uuid)", n->key, n->id);
			break;
		default:
			add(s, " WHERE h.updated_at < to_timestamp(0)"
			    " + $%d::bigint * interval '1 microsecond'"
			    " OR (h.updated_at = to_timestamp(0)"
			    " + $%d::bigint * interval '1 microsecond'"
			    " AND h.id > $%d::uuid)", n->key, n->key, n->id);
			break;
		}
	}
	order(a, "h", s);
	add(s, " LIMIT $%d::int)", n->limit);
}

/* The names of the filters present that name unknown codes, or NULL. */
static void
unknown(const struct clause *clauses, size_t count, const struct numbers *n,
    struct search_sql *s)
{
	size_t		i;
	int		first = 1;

	for (i = 0; i < count; i++) {
		if (!n->filters[i] || clauses[i].unknown == NULL)
			continue;
		add(s, first ? " (SELECT string_agg(DISTINCT u.f, ', ')"
		    " FROM (" : " UNION ALL ");
		add(s, clauses[i].unknown, n->filters[i]);
		first = 0;
	}
	add(s, first ? " NULL::text" : ") u)");
}

/*
 * How many hits reach each of Mayotte's 17 communes, in one pass: an
 * array of sums of the bits of communes_mask (bit k-1 for 976kk).
 */
static void
commune_sums(struct search_sql *s)
{
	int		k;

	add(s, "SELECT ARRAY[");
	for (k = 0; k < COMMUNES; k++)
		add(s, "%ssum((h.communes_mask >> %d) & 1)", k ? ", " : "", k);
	add(s, "] FROM hits h");
}

/* ORDER BY the sort's key of table T, then the id. */
static void
order(const struct search_args *a, const char *t, struct search_sql *s)
{
	switch (a->sort) {
	case SEARCH_SORT_RELEVANCE:
		add(s, " ORDER BY %s.rank DESC, %s.id", t, t);
		break;
	case SEARCH_SORT_ALPHA:
		add(s, " ORDER BY %s.alpha, %s.id", t, t);
		break;
	default:
		add(s, " ORDER BY %s.updated_at DESC, %s.id", t, t);
		break;
	}
}

static void
add(struct search_sql *s, const char *fmt, ...)
{
	va_list		ap;
	int		len;

	if (s->overflow)
		return;
	va_start(ap, fmt);
	len = vsnprintf(s->text + s->len, sizeof(s->text) - s->len, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof(s->text) - s->len) {
		s->overflow = 1;
		return;
	}
	s->len += (size_t)len;
}
