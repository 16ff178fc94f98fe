/*
 * The change feed (see sql/migrations/0060_changes.sql for why it is
 * ordered by transaction id and served below the oldest running one).
 * The cursor is the (xid, seq) of the last change served; every answer
 * carries next_cursor, the place to resume from, even when it is empty,
 * and has_more. Staff see every change; a partner its organisation's, the
 * public catalogue's, as entering, changing and leaving it, and those of
 * the markets' objects it reaches (readers, 0072_changes_clauses.sql).
 * As CSV, the feed is a list like the others (http/lists.h): every change
 * visible from the cursor on, streamed page by page, without next_cursor.
 */
#include <string.h>

#include "http/lists.h"
#include "sync/changes.h"

/*
 * $1, $2 the cursor (xid, seq); $3 types wanted (NULL: all); $4 the
 * limit + 1; $5 staff; $6 the caller's organisation.
 */
static const char sql_changes[] =
	"WITH page AS (SELECT c.* FROM changes c"
	" WHERE c.xid < pg_snapshot_xmin(pg_current_snapshot())"
	" AND (c.xid, c.seq) > ($1::xid8, $2::bigint)"
	" AND ($3::text[] IS NULL OR c.type = ANY ($3::text[]))"
	" AND ($5::boolean OR c.organisation_id = $6::uuid"
	"  OR $6::uuid = ANY (c.readers) OR c.was_public OR c.is_public)"
	" ORDER BY c.xid, c.seq LIMIT $4::int)"
	" SELECT json_build_object('type', p.type, 'id', p.id, 'op',"
	"  CASE WHEN $5::boolean OR p.organisation_id = $6::uuid"
	"  OR $6::uuid = ANY (p.readers) THEN p.op"
	"  WHEN NOT p.is_public THEN 'delete'"
	"  WHEN p.was_public THEN 'update' ELSE 'create' END,"
	"  'version', p.version, 'changed_at', to_char(p.changed_at"
	"  AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'))::text,"
	"  p.xid::text, p.seq::text"
	" FROM page p ORDER BY p.xid, p.seq";

/* The types the feed records; ?types= names only these. */
static const char *const change_types[] = {
	"organisation", "offer", "market", "lot", "clause", "attribution",
	"need", "job_offer", NULL,
};

static int	types_wanted(struct asr_req *, char *, size_t,
		    const char **);
static int	type_known(const char *, size_t);
static int	types_invalid(struct http_request *, struct asr_req *);
static int	digits(const char *, size_t);
static int	changes_answer(struct http_request *, struct asr_req *,
		    const struct list_page *);

int
changes_list(struct http_request *req, struct asr_req *ar)
{
	struct list_page	 page;
	char			 types[LIST_FILTER_LEN];
	const char		*params[6];
	int			 staff;

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 2))
		return (KORE_RESULT_OK);
	if (!types_wanted(ar, types, sizeof(types), &params[2]))
		return (types_invalid(req, ar));
	if (page.has_cursor && (!digits(page.cursor.part[0], 20) ||
	    !digits(page.cursor.part[1], 19)))
		return (list_bad_cursor(req, ar));

	staff = (ar->who.role & ROLES_STAFF) != 0;
	params[0] = page.has_cursor ? page.cursor.part[0] : "0";
	params[1] = page.has_cursor ? page.cursor.part[1] : "0";
	params[3] = page.limit_text;
	params[4] = staff ? "true" : "false";
	params[5] = ar->who.org[0] != '\0' ? ar->who.org : NULL;
	switch (db_run(req, &ar->db, sql_changes, 6, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (page.export.csv)
		return (list_answer(req, ar, &page, 1, 2, -1));
	return (changes_answer(req, ar, &page));
}

/* {"items", "next_cursor" (never null), "has_more"}. */
static int
changes_answer(struct http_request *req, struct asr_req *ar,
    const struct list_page *page)
{
	struct kore_buf	 buf;
	const char	*parts[2];
	char		 next[CURSOR_MAX_LEN * 2];
	int		 rows, i, rc, shown;

	rows = db_rows(&ar->db);
	shown = rows < page->limit ? rows : page->limit;
	kore_buf_init(&buf, 4096);
	kore_buf_append(&buf, "{\"items\":[", 10);
	for (i = 0; i < shown; i++) {
		if (i > 0)
			kore_buf_append(&buf, ",", 1);
		kore_buf_append(&buf, db_value(&ar->db, i, 0),
		    (size_t)db_length(&ar->db, i, 0));
	}

	if (shown > 0) {
		parts[0] = db_value(&ar->db, shown - 1, 1);
		parts[1] = db_value(&ar->db, shown - 1, 2);
	} else if (page->has_cursor) {
		parts[0] = page->cursor.part[0];
		parts[1] = page->cursor.part[1];
	} else {
		parts[0] = "0";
		parts[1] = "0";
	}
	if (!cursor_encode(next, sizeof(next), parts, 2)) {
		kore_buf_cleanup(&buf);
		return (asr_problem(req, ar, 500, "internal-error",
		    "The next cursor could not be made."));
	}
	kore_buf_appendf(&buf, "],\"next_cursor\":\"%s\",\"has_more\":%s}",
	    next, rows > page->limit ? "true" : "false");

	rc = asr_raw(req, ar, 200, "application/json; charset=utf-8",
	    buf.data, buf.offset);
	kore_buf_cleanup(&buf);

	return (rc);
}

/*
 * ?types=offer,organisation (or repeated) as an array literal in buf; *out
 * NULL when absent. 0 when a name is unknown or empty.
 */
static int
types_wanted(struct asr_req *ar, char *buf, size_t len, const char **out)
{
	const char	*v, *end;
	size_t		 i, n, off = 0;

	*out = NULL;
	buf[off++] = '{';
	for (i = 0; i < ar->query.count; i++) {
		if (strcmp(ar->query.args[i].name, "types") != 0)
			continue;
		for (v = ar->query.args[i].value;; v = end + 1) {
			end = strchr(v, ',');
			n = end != NULL ? (size_t)(end - v) : strlen(v);
			if (!type_known(v, n) || off + n + 2 >= len)
				return (0);
			if (off > 1)
				buf[off++] = ',';
			memcpy(buf + off, v, n);
			off += n;
			if (end == NULL)
				break;
		}
		*out = buf;
	}
	buf[off++] = '}';
	buf[off] = '\0';

	return (1);
}

static int
types_invalid(struct http_request *req, struct asr_req *ar)
{
	json_t		*errors;

	errors = json_array();
	asr_field_error(errors, "types", "invalid", "Types are among: "
	    "organisation, offer, market, lot, clause, attribution, need "
	    "(comma-separated or repeated).");

	return (asr_problem_errors(req, ar, 400, "invalid-query",
	    "A filter value is invalid.", errors));
}

static int
type_known(const char *name, size_t len)
{
	size_t		i;

	for (i = 0; change_types[i] != NULL; i++) {
		if (strlen(change_types[i]) == len &&
		    strncmp(change_types[i], name, len) == 0)
			return (1);
	}

	return (0);
}

/* 1 to max decimal digits, no sign, no leading zero but "0" itself. */
static int
digits(const char *s, size_t max)
{
	size_t		n;

	n = strlen(s);
	if (n == 0 || n > max || (s[0] == '0' && n > 1))
		return (0);

	return (strspn(s, "0123456789") == n);
}
