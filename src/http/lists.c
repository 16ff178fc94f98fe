/*
 * Lists and preconditions (see lists.h).
 *
 * A list asked as CSV (http/export.h) answers every item from ?cursor= on:
 * the handler runs once per page of LIST_CSV_PAGE items, list_params()
 * giving it the cursor that the previous page left in the request's
 * export stream, and list_answer_each() sending each page as one chunk.
 * A CSV has no total: its pages ask the statement not to count (see
 * LIST_TOTAL in lists.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/lists.h"

static int	list_csv_page(struct http_request *, struct asr_req *,
		    const struct list_page *, int, int, int,
		    char *(*)(const char *));
static int	list_csv_row(struct export_stream *, const char *, char);

/* Reads ?limit= and ?cursor= (a cursor of `parts` sort-key parts). */
int
list_params(struct http_request *req, struct asr_req *ar,
    struct list_page *page, size_t parts)
{
	const char	*limit, *cursor;
	json_t		*errors;
	char		*end;
	long		 n;

	page->limit = LIST_LIMIT_DEFAULT;
	page->count = "true";
	if (ar->export != NULL && ar->export->cursor[0] != '\0') {
		page->export.csv = 1;
		page->count = "false";
		page->export.delim = ar->export->delim;
		page->limit = LIST_CSV_PAGE;
		page->has_cursor = cursor_decode(&page->cursor,
		    ar->export->cursor, parts);
		(void)snprintf(page->limit_text, sizeof(page->limit_text),
		    "%d", page->limit + 1);
		return (1);
	}
	if (!export_format(req, ar, &page->export))
		return (0);
	errors = json_array();

	if ((limit = qs_get(&ar->query, "limit")) != NULL) {
		n = strtol(limit, &end, 10);
		if (*limit == '\0' || *end != '\0' || n < 1 ||
		    n > LIST_LIMIT_MAX || qs_count(&ar->query, "limit") > 1)
			asr_field_error(errors, "limit", "invalid",
			    "Expected one integer from 1 to 100.");
		else
			page->limit = (int)n;
	}

	if ((cursor = qs_get(&ar->query, "cursor")) != NULL) {
		if (qs_count(&ar->query, "cursor") > 1 ||
		    !cursor_decode(&page->cursor, cursor, parts))
			asr_field_error(errors, "cursor", "invalid",
			    "Not a cursor this list gave.");
		else
			page->has_cursor = 1;
	}

	if (json_array_size(errors) > 0) {
		(void)asr_problem_errors(req, ar, 400, "invalid-query",
		    "The paging parameters are invalid.", errors);
		return (0);
	}
	json_decref(errors);
	if (page->export.csv) {
		page->limit = LIST_CSV_PAGE;
		page->count = "false";
	}
	(void)snprintf(page->limit_text, sizeof(page->limit_text), "%d",
	    page->limit + 1);

	return (1);
}

/* A cursor that decoded but names no place in this list. */
int
list_bad_cursor(struct http_request *req, struct asr_req *ar)
{
	json_t		*errors;

	errors = json_array();
	asr_field_error(errors, "cursor", "invalid",
	    "Not a cursor this list gave.");

	return (asr_problem_errors(req, ar, 400, "invalid-query",
	    "The paging parameters are invalid.", errors));
}

/*
 * The repeated values of ?name= as an array literal in buf (size
 * LIST_FILTER_LEN), each checked by valid(); *out is NULL without any.
 */
int
list_filter(struct http_request *req, struct asr_req *ar, const char *name,
    int (*valid)(const char *), char *buf, const char **out)
{
	json_t		*errors;
	size_t		 i, n, off;
	const char	*v;

	*out = NULL;
	off = 0;
	buf[off++] = '{';
	for (i = 0, n = 0; i < ar->query.count; i++) {
		if (strcmp(ar->query.args[i].name, name) != 0)
			continue;
		v = ar->query.args[i].value;
		if (n == LIST_FILTER_MAX || strlen(v) > 36 || !valid(v)) {
			errors = json_array();
			asr_field_error(errors, name, "invalid",
			    "Not a value this filter takes.");
			(void)asr_problem_errors(req, ar, 400, "invalid-query",
			    "A filter value is invalid.", errors);
			return (0);
		}
		off += (size_t)snprintf(buf + off, LIST_FILTER_LEN - off,
		    "%s%s", n ? "," : "", v);
		n++;
	}
	buf[off++] = '}';
	buf[off] = '\0';
	if (n > 0)
		*out = buf;

	return (1);
}

/*
 * The page from the current result: column 0 is each item's JSON, the
 * columns from key_col on its sort key (key_parts of them). One row more
 * than the limit means there is a next page. With total_col >= 0, that
 * column holds the count of all matches, and a row whose item is NULL
 * only carries it (an empty page). The page's extra members, if any, end
 * the answer (not a CSV's).
 */
int
list_answer(struct http_request *req, struct asr_req *ar,
    const struct list_page *page, int key_col, int key_parts, int total_col)
{
	return (list_answer_each(req, ar, page, key_col, key_parts, total_col,
	    NULL));
}

/*
 * As list_answer(), each item passed through item() first when not NULL:
 * it returns the item to send (malloc'd, freed here), or NULL for a 500.
 */
int
list_answer_each(struct http_request *req, struct asr_req *ar,
    const struct list_page *page, int key_col, int key_parts, int total_col,
    char *(*item)(const char *))
{
	struct kore_buf	 buf;
	const char	*parts[CURSOR_MAX_PARTS];
	char		 next[CURSOR_MAX_LEN * 2], *text;
	int		 rows, i, rc;

	rows = db_rows(&ar->db);
	if (rows == 1 && db_isnull(&ar->db, 0, 0))
		rows = 0;
	if (page->export.csv)
		return (list_csv_page(req, ar, page, rows, key_col, key_parts,
		    item));
	kore_buf_init(&buf, 4096);
	kore_buf_append(&buf, "{\"items\":[", 10);
	for (i = 0; i < rows && i < page->limit; i++) {
		if (i > 0)
			kore_buf_append(&buf, ",", 1);
		if (item == NULL) {
			kore_buf_append(&buf, db_value(&ar->db, i, 0),
			    (size_t)db_length(&ar->db, i, 0));
			continue;
		}
		if ((text = item(db_value(&ar->db, i, 0))) == NULL) {
			kore_buf_cleanup(&buf);
			return (asr_problem(req, ar, 500, "internal-error",
			    "An item could not be made."));
		}
		kore_buf_append(&buf, text, strlen(text));
		free(text);
	}
	kore_buf_append(&buf, "],\"next_cursor\":", 16);

	if (rows > page->limit) {
		for (i = 0; i < key_parts; i++)
			parts[i] = db_value(&ar->db, page->limit - 1,
			    key_col + i);
		if (!cursor_encode(next, sizeof(next), parts,
		    (size_t)key_parts)) {
			kore_buf_cleanup(&buf);
			return (asr_problem(req, ar, 500, "internal-error",
			    "The next cursor could not be made."));
		}
		kore_buf_appendf(&buf, "\"%s\"}", next);
	} else {
		kore_buf_append(&buf, "null}", 5);
	}
	if (total_col >= 0 && db_rows(&ar->db) > 0) {
		buf.offset--;
		kore_buf_appendf(&buf, ",\"total\":%s}",
		    db_value(&ar->db, 0, total_col));
	}
	if (page->extra != NULL) {
		buf.offset--;
		kore_buf_appendf(&buf, ",%s}", page->extra);
	}

	rc = asr_raw(req, ar, 200, "application/json; charset=utf-8",
	    buf.data, buf.offset);
	kore_buf_cleanup(&buf);

	return (rc);
}

/*
 * If-Match: a list of strong entity tags ("3", "4") or *. Our tags are
 * versions, so the list becomes an int[] literal in buf (IF_MATCH_LEN)
 * for the write's statement, which compares it with the current version
 * itself: the check and the write are one atomic step. Weak tags never
 * match If-Match (RFC 9110, strong comparison).
 */
int
list_if_match(struct http_request *req, char *buf, const char **versions)
{
	const char	*h, *p, *end;
	size_t		 off, n;
	int		 count;

	*versions = "{}";
	if (!http_request_header(req, "if-match", &h))
		return (IF_MATCH_ABSENT);

	while (*h == ' ' || *h == '\t')
		h++;
	if (strcmp(h, "*") == 0) {
		*versions = NULL;
		return (IF_MATCH_ANY);
	}

	off = 0;
	count = 0;
	buf[off++] = '{';
	for (p = h; *p != '\0'; p = *end ? end + 1 : end) {
		while (*p == ' ' || *p == '\t')
			p++;
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n < 3 || n > 11 || p[0] != '"' || p[n - 1] != '"' ||
		    strspn(p + 1, "0123456789") != n - 2)
			continue;
		if (off + n + 1 >= IF_MATCH_LEN)
			break;
		if (count++ > 0)
			buf[off++] = ',';
		memcpy(buf + off, p + 1, n - 2);
		off += n - 2;
	}
	buf[off++] = '}';
	buf[off] = '\0';

	if (count == 0)
		return (IF_MATCH_NONE);
	*versions = buf;

	return (IF_MATCH_LIST);
}

/* The object exists but was not written: 428 without If-Match, else 412. */
int
list_precondition_failed(struct http_request *req, struct asr_req *ar,
    int kind)
{
	if (kind == IF_MATCH_ABSENT)
		return (asr_problem(req, ar, 428, "precondition-required",
		    "Send If-Match with the ETag you read, or *."));

	return (asr_problem(req, ar, 412, "precondition-failed",
	    "The resource changed since you read it; read it again."));
}

void
list_etag(struct http_request *req, const char *version)
{
	char		etag[32];

	(void)snprintf(etag, sizeof(etag), "\"%s\"", version);
	http_response_header(req, "etag", etag);
}

/*
 * One page of a CSV export: its rows into the stream, the next page's
 * cursor kept, the chunk sent (see the head comment).
 */
static int
list_csv_page(struct http_request *req, struct asr_req *ar,
    const struct list_page *page, int rows, int key_col, int key_parts,
    char *(*item)(const char *))
{
	struct export_stream	*st;
	const char		*parts[CURSOR_MAX_PARTS];
	char			*text;
	int			 i, ok, more;

	st = export_stream(ar);
	for (i = 0; i < rows && i < page->limit; i++) {
		if (item == NULL) {
			ok = list_csv_row(st, db_value(&ar->db, i, 0),
			    page->export.delim);
		} else if ((text = item(db_value(&ar->db, i, 0))) != NULL) {
			ok = list_csv_row(st, text, page->export.delim);
			free(text);
		} else {
			ok = 0;
		}
		if (!ok && !st->started)
			return (asr_problem(req, ar, 500, "internal-error",
			    "An item could not be exported."));
		if (!ok) {
			kore_connection_disconnect(req->owner);
			return (KORE_RESULT_OK);
		}
	}

	more = rows > page->limit;
	if (more) {
		for (i = 0; i < key_parts; i++)
			parts[i] = db_value(&ar->db, page->limit - 1,
			    key_col + i);
		if (!cursor_encode(st->cursor, sizeof(st->cursor), parts,
		    (size_t)key_parts)) {
			kore_connection_disconnect(req->owner);
			return (KORE_RESULT_OK);
		}
		st->delim = page->export.delim;
	}
	db_reset(&ar->db);

	return (export_stream_send(req, ar, st, &page->export, !more));
}

/* An item's JSON as a row; the first item gives the header. */
static int
list_csv_row(struct export_stream *st, const char *text, char delim)
{
	json_t		*obj;

	if ((obj = json_loads(text, 0, NULL)) == NULL || !json_is_object(obj)) {
		json_decref(obj);
		return (0);
	}
	if (st->columns == NULL) {
		if ((st->columns = csv_list_columns(obj)) == NULL) {
			json_decref(obj);
			return (0);
		}
		csv_list_header(&st->chunk, st->columns, delim);
	}
	csv_list_row(&st->chunk, st->columns, obj, delim);
	json_decref(obj);

	return (!st->chunk.failed);
}
