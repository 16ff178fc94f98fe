/*
 * The public catalogue (see search.h). One statement per search: the
 * filters, the French full text (accents, case and plurals folded by the
 * asr_fr configuration), a trigram fallback when the full text finds
 * nothing (typos), the page, the total and the facets, built as JSON by
 * PostgreSQL in one round trip. Filters read the "reach" columns that
 * triggers keep (an organisation's codes joined with its published
 * offers'), so that they are index lookups, not joins.
 *
 * The statement is composed from the filters present (core/searchsql.c)
 * and run prepared under a name per combination, so that PostgreSQL
 * plans it once per connection rather than on every request.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue/cache.h"
#include "catalogue/index.h"
#include "catalogue/search.h"
#include "core/clock.h"
#include "core/code.h"
#include "core/searchsql.h"
#include "core/utf8.h"
#include "core/uuid.h"
#include "http/lists.h"

#define Q_MAX		200	/* characters of ?q= */
#define SIRET_DIGITS	15

/* $1 the supplier, $2 Mayotte's today. */
static const char sql_page[] =
	"SELECT (organisation_public_json(o, $2::date) || jsonb_build_object("
	"  'address', o.address, 'latitude', o.latitude::float8,"
	"  'longitude', o.longitude::float8, 'offers', coalesce((SELECT"
	"  jsonb_agg(offer_public_json(f) ORDER BY f.title, f.id) FROM offers f"
	"  WHERE f.organisation_id = o.id AND f.published), '[]')))::text"
	" FROM organisations o WHERE o.id = $1::uuid AND organisation_public(o)"
	" AND o.kind IN ('siae', 'ess', 'handicap', 'geiq')";

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
	char			 filters[SUPPLIER_FILTERS][LIST_FILTER_LEN];
	char			 digits[SIRET_DIGITS];
	char			 today[CLOCK_DATE_LEN];
	struct search_args	 args;
	struct search_sql	 sql;
	int			 in_sql;	/* the index passed it on */
};

static int	search_query(struct http_request *, struct asr_req *,
		    const char **, char *);
static int	search_order(struct http_request *, struct asr_req *,
		    const struct list_page *, const char *);
static int	search_run(struct http_request *, struct asr_req *,
		    const struct list_page *, int);
static int	search_answer(struct http_request *, struct asr_req *, int,
		    int);
static int	bad_query(struct http_request *, struct asr_req *,
		    const char *, const char *);
static int	cached(struct http_request *, struct asr_req *);

int
search_suppliers(struct http_request *req, struct asr_req *ar)
{
	struct search		*st = asr_state(ar, sizeof(*st));
	struct search_args	*a = &st->args;
	struct list_page	 page;
	const char		*v;
	size_t			 i;
	int64_t			 ms;

	if (cached(req, ar))
		return (KORE_RESULT_OK);
	memset(&page, 0, sizeof(page));
	memset(a, 0, sizeof(*a));
	if (!list_params(req, ar, &page, 2))
		return (KORE_RESULT_OK);
	if (!search_query(req, ar, &a->q, st->digits))
		return (KORE_RESULT_OK);
	a->digits = st->digits[0] != '\0' ? st->digits : NULL;

	for (i = 0; i < SUPPLIER_FILTERS; i++) {
		if (!list_filter(req, ar, supplier_filters[i].name,
		    supplier_filters[i].valid, st->filters[i], &a->filters[i]))
			return (KORE_RESULT_OK);
	}

	if ((v = qs_get(&ar->query, "member")) != NULL) {
		if (qs_count(&ar->query, "member") > 1 ||
		    (strcmp(v, "true") != 0 && strcmp(v, "false") != 0))
			return (bad_query(req, ar, "member",
			    "member is true or false."));
		a->member = v;
	}
	if ((v = qs_get(&ar->query, "updated_since")) != NULL) {
		if (qs_count(&ar->query, "updated_since") > 1 ||
		    (!clock_parse_rfc3339(v, &ms) && !clock_parse_date(v, &ms)))
			return (bad_query(req, ar, "updated_since",
			    "An RFC 3339 timestamp or a YYYY-MM-DD date."));
		a->updated_since = v;
	}

	if (!search_order(req, ar, &page, "name"))
		return (KORE_RESULT_OK);
	clock_mayotte_date(clock_now_ms(), st->today, sizeof(st->today));
	a->today = st->today;

	/* SIRET digits search a column the index does not hold. */
	if (!st->in_sql && index_enabled() && a->digits == NULL) {
		switch (index_search(req, ar, a, (size_t)page.limit)) {
		case INDEX_PENDING:
			return (KORE_RESULT_RETRY);
		case INDEX_DONE:
			return (KORE_RESULT_OK);
		}
		st->in_sql = 1;
	}

	return (search_run(req, ar, &page, 1));
}

int
search_offers(struct http_request *req, struct asr_req *ar)
{
	struct search		*st = asr_state(ar, sizeof(*st));
	struct search_args	*a = &st->args;
	struct list_page	 page;
	size_t			 i;

	if (cached(req, ar))
		return (KORE_RESULT_OK);
	memset(&page, 0, sizeof(page));
	memset(a, 0, sizeof(*a));
	if (!list_params(req, ar, &page, 2) ||
	    !search_query(req, ar, &a->q, st->digits))
		return (KORE_RESULT_OK);
	for (i = 0; i < OFFER_FILTERS; i++) {
		if (!list_filter(req, ar, offer_filters[i].name,
		    offer_filters[i].valid, st->filters[i], &a->filters[i]))
			return (KORE_RESULT_OK);
	}

	if (!search_order(req, ar, &page, "title"))
		return (KORE_RESULT_OK);

	return (search_run(req, ar, &page, 0));
}

/* Composes the statement of the search in st->args and runs it. */
static int
search_run(struct http_request *req, struct asr_req *ar,
    const struct list_page *page, int suppliers)
{
	struct search	*st = ar->state;
	int		 ok;

	st->args.limit = page->limit_text;
	if (suppliers)
		ok = searchsql_suppliers(&st->args, &st->sql);
	else
		ok = searchsql_offers(&st->args, &st->sql);
	if (!ok)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The search could not be composed."));

	switch (db_run_prepared(req, &ar->db, st->sql.name, st->sql.text,
	    st->sql.nparams, st->sql.params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (search_answer(req, ar, page->limit, suppliers));
}

int
search_supplier_page(struct http_request *req, struct asr_req *ar)
{
	struct search	*st = asr_state(ar, sizeof(*st));
	const char	*params[2];

	if (cached(req, ar))
		return (KORE_RESULT_OK);
	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found",
		    "No such supplier in the catalogue."));

	params[0] = ar->params.value[0];
	clock_mayotte_date(clock_now_ms(), st->today, sizeof(st->today));
	params[1] = st->today;
	switch (db_run(req, &ar->db, sql_page, 2, params)) {
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
 * the cursor's keys for it: the alphabetical key, the rank or updated_at
 * (microseconds since 1970), then the id. Returns 0 after answering 400.
 */
static int
search_order(struct http_request *req, struct asr_req *ar,
    const struct list_page *page, const char *alpha)
{
	struct search_args	*a = &((struct search *)ar->state)->args;
	const char		*v, *key;
	char			*end, detail[64];
	size_t			 digits;

	v = qs_get(&ar->query, "sort");
	if (v == NULL)
		a->sort = a->q != NULL ? SEARCH_SORT_RELEVANCE :
		    SEARCH_SORT_ALPHA;
	else if (qs_count(&ar->query, "sort") > 1)
		return (!bad_query(req, ar, "sort", "One sort at a time."));
	else if (strcmp(v, "relevance") == 0 && a->q != NULL)
		a->sort = SEARCH_SORT_RELEVANCE;
	else if (strcmp(v, alpha) == 0)
		a->sort = SEARCH_SORT_ALPHA;
	else if (strcmp(v, "-updated_at") == 0)
		a->sort = SEARCH_SORT_UPDATED;
	else {
		(void)snprintf(detail, sizeof(detail),
		    "relevance (with q), %s or -updated_at.", alpha);
		return (!bad_query(req, ar, "sort", detail));
	}

	if (!page->has_cursor)
		return (1);

	key = page->cursor.part[0];
	if (!uuid_valid(page->cursor.part[1]))
		return (!bad_query(req, ar, "cursor", "Not a cursor this list "
		    "gave."));
	if (a->sort == SEARCH_SORT_RELEVANCE) {
		/* A rank as PostgreSQL prints it: not hexadecimal, not inf. */
		(void)strtod(key, &end);
		if (*key == '\0' || *end != '\0' ||
		    key[strspn(key, "0123456789.eE+-")] != '\0')
			return (!bad_query(req, ar, "cursor", "Not a cursor "
			    "this list gave."));
	} else if (a->sort == SEARCH_SORT_UPDATED) {
		digits = strspn(key + (*key == '-'), "0123456789");
		if (digits == 0 || digits > 18 || key[digits + (*key == '-')])
			return (!bad_query(req, ar, "cursor", "Not a cursor "
			    "this list gave."));
	}
	a->after_key = key;
	a->after_id = page->cursor.part[1];

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
		key = st->args.sort == SEARCH_SORT_RELEVANCE ? 5 :
		    st->args.sort == SEARCH_SORT_UPDATED ? 6 : 4;
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

	rc = search_public(req, ar, "sql", buf.data, buf.offset);
	kore_buf_cleanup(&buf);

	return (rc);
}

/*
 * A search's answer, kept in the workers' cache. The test build says which
 * path answered (index or sql), so that tests know what they compared.
 */
int
search_public(struct http_request *req, struct asr_req *ar,
    const char *path, const void *body, size_t len)
{
#if defined(ASR_TESTING)
	http_response_header(req, "x-asr-search", path);
#else
	(void)path;
#endif
	cache_put(req->path, req->query_string, body, len);

	return (asr_public(req, ar, body, len));
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
