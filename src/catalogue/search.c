/*
 * The public catalogue (see search.h). One statement per search: the
 * filters, the French full text (accents, case and plurals folded by the
 * asr_fr configuration), a trigram fallback when the full text finds
 * nothing (typos), the page, the total and the facets, built as JSON by
 * PostgreSQL in one round trip. Filters read the "reach" columns that
 * triggers keep (an organisation's codes joined with its published
 * offers'), so that they are index lookups, not joins.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue/cache.h"
#include "catalogue/search.h"
#include "core/clock.h"
#include "core/code.h"
#include "core/utf8.h"
#include "core/uuid.h"
#include "http/lists.h"

#define Q_MAX		200	/* characters of ?q= */
#define SIRET_DIGITS	15

/*
 * $1 q, $2 sectors, $3 groups, $4 kinds, $5 subkinds, $6 communes,
 * $7 labels, $8 offer types, $9 member, $10 updated since, $11 sort,
 * $12..$14 the cursor's name, rank or updated_at (by sort), $15 its id,
 * $16 limit + 1, $17 SIRET/SIREN digits of q, $18 Mayotte's today.
 */
static const char sql_suppliers[] =
	"WITH q AS (SELECT CASE WHEN $1::text IS NULL THEN NULL"
	"  ELSE websearch_to_tsquery('asr_fr', $1) END AS tsq,"
	"  asr_fold($1) AS folded),"
	" base AS (SELECT o.* FROM organisations o"
	"  WHERE o.published AND o.active AND o.approved"
	"  AND o.kind IN ('siae', 'ess', 'handicap', 'geiq')"
	"  AND ($2::text[] IS NULL OR o.sectors_reach && $2::text[])"
	"  AND ($3::text[] IS NULL OR o.groups_reach && $3::text[])"
	"  AND ($4::text[] IS NULL OR o.kind = ANY ($4::text[]))"
	"  AND ($5::text[] IS NULL OR o.subkind = ANY ($5::text[]))"
	"  AND ($6::text[] IS NULL OR o.communes_reach && $6::text[])"
	"  AND ($7::text[] IS NULL OR o.labels && $7::text[])"
	"  AND ($8::text[] IS NULL OR o.offer_types_reach && $8::text[])"
	"  AND ($9::boolean IS NULL OR $9::boolean = (o.member_since IS NOT NULL"
	"   AND o.member_since <= $18::date AND (o.member_until IS NULL"
	"   OR o.member_until > $18::date)))"
	"  AND ($10::timestamptz IS NULL OR o.updated_at >= $10::timestamptz)),"
	" exact AS MATERIALIZED (SELECT b.id, b.name, b.updated_at,"
	"  CASE WHEN q.tsq IS NULL THEN 0::float8"
	"   ELSE ts_rank_cd(b.search, q.tsq)::float8"
	"   + CASE WHEN $17::text IS NOT NULL AND b.siret LIKE $17 || '%'"
	"   THEN 1 ELSE 0 END END AS rank"
	"  FROM base b, q WHERE $1::text IS NULL OR b.search @@ q.tsq"
	"  OR ($17::text IS NOT NULL AND b.siret LIKE $17 || '%')),"
	" fuzzy AS MATERIALIZED (SELECT b.id, b.name, b.updated_at,"
	"  word_similarity(q.folded, b.search_text)::float8 AS rank"
	"  FROM base b, q WHERE $1::text IS NOT NULL"
	"  AND NOT EXISTS (SELECT 1 FROM exact)"
	"  AND q.folded <% b.search_text),"
	" hits AS (SELECT * FROM exact UNION ALL SELECT * FROM fuzzy),"
	" page AS (SELECT h.*, asr_fold(h.name) AS lname FROM hits h WHERE"
	"  CASE $11::text"
	"  WHEN 'relevance' THEN $13::float8 IS NULL OR h.rank < $13::float8"
	"   OR (h.rank = $13::float8 AND h.id > $15::uuid)"
	"  WHEN 'name' THEN $12::text IS NULL"
	"   OR (asr_fold(h.name), h.id) > ($12::text, $15::uuid)"
	"  ELSE $14::timestamptz IS NULL OR h.updated_at < $14::timestamptz"
	"   OR (h.updated_at = $14::timestamptz AND h.id > $15::uuid) END"
	"  ORDER BY CASE WHEN $11 = 'relevance' THEN h.rank END DESC,"
	"  CASE WHEN $11 = 'name' THEN asr_fold(h.name) END,"
	"  CASE WHEN $11 = 'updated' THEN h.updated_at END DESC, h.id"
	"  LIMIT $16::int),"
	" facets AS (SELECT jsonb_build_object("
	"  'sector_groups', coalesce((SELECT jsonb_agg(jsonb_build_object("
	"   'code', g.code, 'label', g.label, 'count', x.n)"
	"   ORDER BY x.n DESC, g.code) FROM (SELECT c AS code, count(*) AS n"
	"   FROM hits h JOIN organisations o ON o.id = h.id,"
	"   unnest(o.groups_reach) c GROUP BY c) x"
	"   JOIN sector_groups g ON g.code = x.code), '[]'),"
	"  'kinds', coalesce((SELECT jsonb_agg(jsonb_build_object("
	"   'code', x.code, 'count', x.n) ORDER BY x.n DESC, x.code)"
	"   FROM (SELECT o.kind AS code, count(*) AS n FROM hits h"
	"   JOIN organisations o ON o.id = h.id GROUP BY o.kind) x), '[]'),"
	"  'subkinds', coalesce((SELECT jsonb_agg(jsonb_build_object("
	"   'code', x.code, 'count', x.n) ORDER BY x.n DESC, x.code)"
	"   FROM (SELECT o.subkind AS code, count(*) AS n FROM hits h"
	"   JOIN organisations o ON o.id = h.id WHERE o.subkind IS NOT NULL"
	"   GROUP BY o.subkind) x), '[]'),"
	"  'communes', coalesce((SELECT jsonb_agg(jsonb_build_object("
	"   'code', m.code, 'label', m.label, 'count', x.n)"
	"   ORDER BY x.n DESC, m.code) FROM (SELECT c AS code, count(*) AS n"
	"   FROM hits h JOIN organisations o ON o.id = h.id,"
	"   unnest(o.communes_reach) c GROUP BY c) x"
	"   JOIN communes m ON m.code = x.code), '[]')) AS f)"
	" SELECT (SELECT count(*) FROM hits), (SELECT f::text FROM facets),"
	"  (SELECT string_agg(DISTINCT u.f, ', ') FROM ("
	"   SELECT 'sector' AS f FROM unnest($2::text[]) c"
	"   WHERE NOT EXISTS (SELECT 1 FROM sectors s WHERE s.code = c)"
	"   UNION ALL SELECT 'sector_group' FROM unnest($3::text[]) c WHERE"
	"   NOT EXISTS (SELECT 1 FROM sector_groups g WHERE g.code = c)"
	"   UNION ALL SELECT 'subkind' FROM unnest($5::text[]) c WHERE"
	"   NOT EXISTS (SELECT 1 FROM organisation_subkinds k WHERE k.code = c)"
	"   UNION ALL SELECT 'label' FROM unnest($7::text[]) c WHERE"
	"   NOT EXISTS (SELECT 1 FROM labels l WHERE l.code = c)) u),"
	"  p.item, p.lname, p.rank::text,"
	"  to_char(p.updated_at AT TIME ZONE 'UTC',"
	"   'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), p.id::text"
	" FROM (SELECT 1) one LEFT JOIN (SELECT pg.*,"
	"  organisation_public_json(o)::text AS item FROM page pg"
	"  JOIN organisations o ON o.id = pg.id) p ON true"
	" ORDER BY CASE WHEN $11 = 'relevance' THEN p.rank END DESC,"
	"  CASE WHEN $11 = 'name' THEN p.lname END,"
	"  CASE WHEN $11 = 'updated' THEN p.updated_at END DESC, p.id";

static const char sql_page[] =
	"SELECT (organisation_public_json(o) || jsonb_build_object("
	"  'address', o.address, 'latitude', o.latitude::float8,"
	"  'longitude', o.longitude::float8, 'offers', coalesce((SELECT"
	"  jsonb_agg(offer_public_json(f) ORDER BY f.title, f.id) FROM offers f"
	"  WHERE f.organisation_id = o.id AND f.published), '[]')))::text"
	" FROM organisations o WHERE o.id = $1::uuid AND organisation_public(o)"
	" AND o.kind IN ('siae', 'ess', 'handicap', 'geiq')";

/*
 * $1 q, $2 sectors, $3 groups, $4 offer types, $5 communes, $6 kinds,
 * $7 sort, $8..$10 the cursor's title, rank or updated_at, $11 its id,
 * $12 limit + 1.
 */
static const char sql_offers[] =
	"WITH q AS (SELECT CASE WHEN $1::text IS NULL THEN NULL"
	"  ELSE websearch_to_tsquery('asr_fr', $1) END AS tsq),"
	" hits AS (SELECT f AS offer, f.id, f.title, f.updated_at,"
	"  f.organisation_id, o.name AS sname, o.kind AS skind,"
	"  o.subkind AS ssub, CASE WHEN q.tsq IS NULL THEN 0::float8"
	"  ELSE ts_rank_cd(f.search, q.tsq)::float8 END AS rank"
	"  FROM offers f JOIN organisations o ON o.id = f.organisation_id, q"
	"  WHERE f.published AND organisation_public(o)"
	"  AND o.kind IN ('siae', 'ess', 'handicap', 'geiq')"
	"  AND ($1::text IS NULL OR f.search @@ q.tsq)"
	"  AND ($2::text[] IS NULL OR f.sectors && $2::text[])"
	"  AND ($3::text[] IS NULL OR EXISTS (SELECT 1 FROM sectors s"
	"   WHERE s.code = ANY (f.sectors) AND s.group_code = ANY ($3::text[])))"
	"  AND ($4::text[] IS NULL OR f.offer_type = ANY ($4::text[]))"
	"  AND ($5::text[] IS NULL OR f.communes && ($5::text[] || '976'::text))"
	"  AND ($6::text[] IS NULL OR o.kind = ANY ($6::text[]))),"
	" page AS (SELECT h.*, asr_fold(h.title) AS ltitle FROM hits h WHERE"
	"  CASE $7::text"
	"  WHEN 'relevance' THEN $9::float8 IS NULL OR h.rank < $9::float8"
	"   OR (h.rank = $9::float8 AND h.id > $11::uuid)"
	"  WHEN 'title' THEN $8::text IS NULL"
	"   OR (asr_fold(h.title), h.id) > ($8::text, $11::uuid)"
	"  ELSE $10::timestamptz IS NULL OR h.updated_at < $10::timestamptz"
	"   OR (h.updated_at = $10::timestamptz AND h.id > $11::uuid) END"
	"  ORDER BY CASE WHEN $7 = 'relevance' THEN h.rank END DESC,"
	"  CASE WHEN $7 = 'title' THEN asr_fold(h.title) END,"
	"  CASE WHEN $7 = 'updated' THEN h.updated_at END DESC, h.id"
	"  LIMIT $12::int)"
	" SELECT (SELECT count(*) FROM hits), '{}',"
	"  (SELECT string_agg(DISTINCT u.f, ', ') FROM ("
	"   SELECT 'sector' AS f FROM unnest($2::text[]) c"
	"   WHERE NOT EXISTS (SELECT 1 FROM sectors s WHERE s.code = c)"
	"   UNION ALL SELECT 'sector_group' FROM unnest($3::text[]) c WHERE"
	"   NOT EXISTS (SELECT 1 FROM sector_groups g WHERE g.code = c)) u),"
	"  CASE WHEN p.id IS NOT NULL THEN (offer_public_json(p.offer) ||"
	"   jsonb_build_object('supplier', jsonb_build_object("
	"   'id', p.organisation_id, 'name', p.sname, 'kind', p.skind,"
	"   'subkind', p.ssub)))::text END,"
	"  p.ltitle, p.rank::text, to_char(p.updated_at AT TIME ZONE 'UTC',"
	"   'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), p.id::text"
	" FROM (SELECT 1) one LEFT JOIN page p ON true"
	" ORDER BY CASE WHEN $7 = 'relevance' THEN p.rank END DESC,"
	"  CASE WHEN $7 = 'title' THEN p.ltitle END,"
	"  CASE WHEN $7 = 'updated' THEN p.updated_at END DESC, p.id";

struct filter {
	const char	*name;
	int		(*valid)(const char *);
};

static int	subkind_ok(const char *);
static int	commune_ok(const char *);
static int	kind_ok(const char *);
static int	offer_type_ok(const char *);

static const struct filter offer_filters[] = {
	{ "sector", code_valid },
	{ "sector_group", code_valid },
	{ "offer_type", offer_type_ok },
	{ "commune", commune_ok },
	{ "kind", kind_ok },
};

#define OFFER_FILTERS		(sizeof(offer_filters) / \
				    sizeof(offer_filters[0]))

static const struct filter supplier_filters[] = {
	{ "sector", code_valid },
	{ "sector_group", code_valid },
	{ "kind", kind_ok },
	{ "subkind", subkind_ok },
	{ "commune", commune_ok },
	{ "label", code_valid },
	{ "offer_type", offer_type_ok },
};

#define SUPPLIER_FILTERS	(sizeof(supplier_filters) / \
				    sizeof(supplier_filters[0]))

struct search {
	char		 filters[SUPPLIER_FILTERS][LIST_FILTER_LEN];
	char		 digits[SIRET_DIGITS];
	char		 today[CLOCK_DATE_LEN];
	const char	*sort;
};

static int	search_query(struct http_request *, struct asr_req *,
		    const char **, char *);
static int	search_order(struct http_request *, struct asr_req *,
		    const struct list_page *, const char *, const char *,
		    const char **);
static int	search_answer(struct http_request *, struct asr_req *, int,
		    int);
static int	bad_query(struct http_request *, struct asr_req *,
		    const char *, const char *);
static int	cached(struct http_request *, struct asr_req *);

int
search_suppliers(struct http_request *req, struct asr_req *ar)
{
	struct search		*st = asr_state(ar, sizeof(*st));
	struct list_page	 page;
	const char		*params[18], *v, *q;
	size_t			 i;
	int64_t			 ms;

	if (cached(req, ar))
		return (KORE_RESULT_OK);
	memset(&page, 0, sizeof(page));
	memset(params, 0, sizeof(params));
	if (!list_params(req, ar, &page, 2))
		return (KORE_RESULT_OK);
	if (!search_query(req, ar, &q, st->digits))
		return (KORE_RESULT_OK);
	params[0] = q;
	params[16] = st->digits[0] != '\0' ? st->digits : NULL;

	for (i = 0; i < SUPPLIER_FILTERS; i++) {
		if (!list_filter(req, ar, supplier_filters[i].name,
		    supplier_filters[i].valid, st->filters[i], &params[i + 1]))
			return (KORE_RESULT_OK);
	}

	if ((v = qs_get(&ar->query, "member")) != NULL) {
		if (qs_count(&ar->query, "member") > 1 ||
		    (strcmp(v, "true") != 0 && strcmp(v, "false") != 0))
			return (bad_query(req, ar, "member",
			    "member is true or false."));
		params[8] = v;
	}
	if ((v = qs_get(&ar->query, "updated_since")) != NULL) {
		if (qs_count(&ar->query, "updated_since") > 1 ||
		    (!clock_parse_rfc3339(v, &ms) && !clock_parse_date(v, &ms)))
			return (bad_query(req, ar, "updated_since",
			    "An RFC 3339 timestamp or a YYYY-MM-DD date."));
		params[9] = v;
	}

	if (!search_order(req, ar, &page, q, "name", &params[11]))
		return (KORE_RESULT_OK);
	params[10] = st->sort;
	params[15] = page.limit_text;
	clock_mayotte_date(clock_now_ms(), st->today, sizeof(st->today));
	params[17] = st->today;

	switch (db_run(req, &ar->db, sql_suppliers, 18, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (search_answer(req, ar, page.limit, 1));
}

int
search_offers(struct http_request *req, struct asr_req *ar)
{
	struct search		*st = asr_state(ar, sizeof(*st));
	struct list_page	 page;
	const char		*params[12], *q;
	size_t			 i;

	if (cached(req, ar))
		return (KORE_RESULT_OK);
	memset(&page, 0, sizeof(page));
	memset(params, 0, sizeof(params));
	if (!list_params(req, ar, &page, 2) ||
	    !search_query(req, ar, &q, st->digits))
		return (KORE_RESULT_OK);
	params[0] = q;
	for (i = 0; i < OFFER_FILTERS; i++) {
		if (!list_filter(req, ar, offer_filters[i].name,
		    offer_filters[i].valid, st->filters[i], &params[i + 1]))
			return (KORE_RESULT_OK);
	}

	if (!search_order(req, ar, &page, q, "title", &params[7]))
		return (KORE_RESULT_OK);
	params[6] = st->sort;
	params[11] = page.limit_text;

	switch (db_run(req, &ar->db, sql_offers, 12, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (search_answer(req, ar, page.limit, 0));
}

int
search_supplier_page(struct http_request *req, struct asr_req *ar)
{
	const char	*params[1];

	if (cached(req, ar))
		return (KORE_RESULT_OK);
	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found",
		    "No such supplier in the catalogue."));

	params[0] = ar->params.value[0];
	switch (db_run(req, &ar->db, sql_page, 1, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (asr_problem(req, ar, 404, "not-found",
		    "No such supplier in the catalogue."));

	cache_put(req->path, req->query_string, db_value(&ar->db, 0, 0),
	    (size_t)db_length(&ar->db, 0, 0));
	return (asr_public(req, ar, db_value(&ar->db, 0, 0),
	    (size_t)db_length(&ar->db, 0, 0)));
}

/*
 * ?q=: trimmed, at most 200 characters; NULL when absent or blank. A q
 * made of 9 to 14 digits (spaces ignored) also looks up SIRET prefixes.
 */
static int
search_query(struct http_request *req, struct asr_req *ar, const char **q,
    char *digits)
{
	const char	*v;
	size_t		 i, n;

	*q = NULL;
	digits[0] = '\0';
	if ((v = qs_get(&ar->query, "q")) == NULL)
		return (1);
	if (qs_count(&ar->query, "q") > 1)
		return (!bad_query(req, ar, "q", "One q at a time."));

	if (utf8_chars(v) > Q_MAX)
		return (!bad_query(req, ar, "q", "At most 200 characters."));

	while (*v == ' ')
		v++;
	if (*v == '\0')
		return (1);
	*q = v;

	for (i = 0, n = 0; v[i] != '\0'; i++) {
		if (v[i] == ' ')
			continue;
		if (!isdigit((unsigned char)v[i]) || n == SIRET_DIGITS - 1) {
			n = 0;
			break;
		}
		digits[n++] = v[i];
	}
	digits[n >= 9 ? n : 0] = '\0';

	return (1);
}

/*
 * ?sort= (relevance with q, the alphabetical field, or -updated_at) and
 * the cursor's keys for it: keys[0] the alphabetical key, keys[1] the
 * rank, keys[2] updated_at, keys[3] the id, each NULL but the sort's.
 * Returns 0 after answering 400.
 */
static int
search_order(struct http_request *req, struct asr_req *ar,
    const struct list_page *page, const char *q, const char *alpha,
    const char **keys)
{
	struct search	*st = ar->state;
	const char	*v, *key;
	char		*end, detail[64];
	int64_t		 ms;

	v = qs_get(&ar->query, "sort");
	if (v == NULL)
		st->sort = q != NULL ? "relevance" : alpha;
	else if (qs_count(&ar->query, "sort") > 1)
		return (!bad_query(req, ar, "sort", "One sort at a time."));
	else if (strcmp(v, "relevance") == 0 && q != NULL)
		st->sort = "relevance";
	else if (strcmp(v, alpha) == 0)
		st->sort = alpha;
	else if (strcmp(v, "-updated_at") == 0)
		st->sort = "updated";
	else {
		(void)snprintf(detail, sizeof(detail),
		    "relevance (with q), %s or -updated_at.", alpha);
		return (!bad_query(req, ar, "sort", detail));
	}

	keys[0] = keys[1] = keys[2] = keys[3] = NULL;
	if (!page->has_cursor)
		return (1);

	key = page->cursor.part[0];
	if (!uuid_valid(page->cursor.part[1]))
		return (!bad_query(req, ar, "cursor", "Not a cursor this list "
		    "gave."));
	if (strcmp(st->sort, "relevance") == 0) {
		(void)strtod(key, &end);
		if (*key == '\0' || *end != '\0')
			return (!bad_query(req, ar, "cursor", "Not a cursor "
			    "this list gave."));
		keys[1] = key;
	} else if (strcmp(st->sort, "updated") == 0) {
		if (!clock_parse_rfc3339(key, &ms))
			return (!bad_query(req, ar, "cursor", "Not a cursor "
			    "this list gave."));
		keys[2] = key;
	} else {
		keys[0] = key;
	}
	keys[3] = page->cursor.part[1];

	return (1);
}

/*
 * Columns: total, facets, the filters naming unknown codes, then per
 * row: item, and the sort keys (lower name, rank, updated_at, id). A row
 * without item carries only the totals (an empty page).
 */
static int
search_answer(struct http_request *req, struct asr_req *ar, int limit,
    int facets)
{
	struct search	*st = ar->state;
	struct kore_buf	 buf;
	const char	*parts[2];
	char		 next[CURSOR_MAX_LEN * 2];
	json_t		*errors;
	int		 rows, i, key, rc;

	if (!db_isnull(&ar->db, 0, 2)) {
		errors = json_array();
		asr_field_error(errors, db_value(&ar->db, 0, 2), "invalid",
		    "Unknown code; see /v1/reference.");
		return (asr_problem_errors(req, ar, 400, "invalid-query",
		    "A filter names an unknown code.", errors));
	}

	rows = db_isnull(&ar->db, 0, 3) ? 0 : db_rows(&ar->db);
	kore_buf_init(&buf, 8192);
	kore_buf_append(&buf, "{\"items\":[", 10);
	for (i = 0; i < rows && i < limit; i++) {
		if (i > 0)
			kore_buf_append(&buf, ",", 1);
		kore_buf_append(&buf, db_value(&ar->db, i, 3),
		    (size_t)db_length(&ar->db, i, 3));
	}
	kore_buf_append(&buf, "],\"next_cursor\":", 16);
	if (rows > limit) {
		key = strcmp(st->sort, "relevance") == 0 ? 5 :
		    strcmp(st->sort, "updated") == 0 ? 6 : 4;
		parts[0] = db_value(&ar->db, limit - 1, key);
		parts[1] = db_value(&ar->db, limit - 1, 7);
		if (!cursor_encode(next, sizeof(next), parts, 2)) {
			kore_buf_cleanup(&buf);
			return (asr_problem(req, ar, 500, "internal-error",
			    "The next cursor could not be made."));
		}
		kore_buf_appendf(&buf, "\"%s\"", next);
	} else {
		kore_buf_append(&buf, "null", 4);
	}
	kore_buf_appendf(&buf, ",\"total\":%s", db_value(&ar->db, 0, 0));
	if (facets) {
		kore_buf_append(&buf, ",\"facets\":", 10);
		kore_buf_append(&buf, db_value(&ar->db, 0, 1),
		    (size_t)db_length(&ar->db, 0, 1));
	}
	kore_buf_append(&buf, "}", 1);

	cache_put(req->path, req->query_string, buf.data, buf.offset);
	rc = asr_public(req, ar, buf.data, buf.offset);
	kore_buf_cleanup(&buf);

	return (rc);
}

static int
bad_query(struct http_request *req, struct asr_req *ar, const char *field,
    const char *detail)
{
	json_t		*errors;

	errors = json_array();
	asr_field_error(errors, field, "invalid", detail);

	return (asr_problem_errors(req, ar, 400, "invalid-query",
	    "A query parameter is invalid.", errors));
}

/* A fresh answer to the same request, from this worker's cache. */
static int
cached(struct http_request *req, struct asr_req *ar)
{
	const char	*body;
	size_t		 len;

	if (ar->db.phase != 0 || !cache_get(req->path, req->query_string,
	    &body, &len))
		return (0);

	(void)asr_public(req, ar, body, len);
	return (1);
}

static int
subkind_ok(const char *s)
{
	size_t		i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return (0);
	}

	return (i > 0 && i <= 64);
}

static int
commune_ok(const char *s)
{
	return (strlen(s) == 5 && strncmp(s, "976", 3) == 0 &&
	    strspn(s, "0123456789") == 5 && strcmp(s, "97600") > 0 &&
	    strcmp(s, "97618") < 0);
}

static int
kind_ok(const char *s)
{
	return (strcmp(s, "siae") == 0 || strcmp(s, "ess") == 0 ||
	    strcmp(s, "handicap") == 0 || strcmp(s, "geiq") == 0);
}

static int
offer_type_ok(const char *s)
{
	return (strcmp(s, "good") == 0 || strcmp(s, "service") == 0 ||
	    strcmp(s, "works") == 0 || strcmp(s, "staff_provision") == 0);
}
