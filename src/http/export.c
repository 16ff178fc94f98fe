/*
 * CSV exports (see export.h). A list's stream sends each page as one
 * chunk with net_send_stream() and sleeps until Kore calls back that the
 * chunk left (the socket took it): only then is the next page queried, so
 * a slow client slows the export down instead of filling memory. The last
 * chunk is copied into Kore's send queue, since the request is freed
 * right after it.
 */
#include <stdio.h>
#include <string.h>

#include "asr.h"
#include "core/csv.h"
#include "core/mediatype.h"
#include "http/export.h"

static int	export_sent(struct netbuf *);
static int	accepts_csv(struct http_request *);

/*
 * ?format= (json, csv), ?delimiter= (comma, semicolon) and Accept. Returns
 * 0 once a 400 answered.
 */
int
export_format(struct http_request *req, struct asr_req *ar,
    struct export_fmt *ex)
{
	const char	*format, *delim;
	json_t		*errors;

	ex->csv = 0;
	ex->delim = ',';
	errors = json_array();
	format = qs_get(&ar->query, "format");
	delim = qs_get(&ar->query, "delimiter");
	if (format != NULL && (qs_count(&ar->query, "format") > 1 ||
	    (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)))
		asr_field_error(errors, "format", "invalid",
		    "Expected json or csv.");
	if (delim != NULL && (qs_count(&ar->query, "delimiter") > 1 ||
	    !csv_delimiter(delim, &ex->delim)))
		asr_field_error(errors, "delimiter", "invalid",
		    "Expected comma or semicolon.");
	if (json_array_size(errors) > 0)
		return (!asr_problem_errors(req, ar, 400, "invalid-query",
		    "The export parameters are invalid.", errors));
	json_decref(errors);

	if (format != NULL)
		ex->csv = strcmp(format, "csv") == 0;
	else
		ex->csv = accepts_csv(req);

	return (1);
}

/* A CSV answer in one piece (a report); frees b. */
int
export_csv(struct http_request *req, struct asr_req *ar,
    const struct export_fmt *ex, struct csv_buf *b)
{
	struct csv_buf	out;
	int		rc;

	memset(&out, 0, sizeof(out));
	if (ex->delim == ';')
		csv_buf_add(&out, CSV_BOM, 3);
	if (b->len > 0)
		csv_buf_add(&out, b->data, b->len);
	csv_buf_free(b);
	if (out.failed) {
		csv_buf_free(&out);
		return (asr_problem(req, ar, 500, "internal-error",
		    "The export could not be made."));
	}
	rc = asr_raw(req, ar, 200, EXPORT_CTYPE, out.data, out.len);
	csv_buf_free(&out);

	return (rc);
}

struct export_stream *
export_stream(struct asr_req *ar)
{
	if (ar->export == NULL)
		ar->export = kore_calloc(1, sizeof(*ar->export));

	return (ar->export);
}

void
export_stream_free(struct asr_req *ar)
{
	if (ar->export == NULL)
		return;
	json_decref(ar->export->columns);
	csv_buf_free(&ar->export->chunk);
	csv_buf_free(&ar->export->wire);
	kore_free(ar->export);
	ar->export = NULL;
}

/*
 * Sends the rows gathered in st->chunk as one chunk (the head first, the
 * end of the body with the last). Returns KORE_RESULT_OK after the last,
 * KORE_RESULT_RETRY while the request sleeps until the chunk left.
 */
int
export_stream_send(struct http_request *req, struct asr_req *ar,
    struct export_stream *st, const struct export_fmt *ex, int last)
{
	struct netbuf	*nb;
	u_int64_t	 timeout;
	char		 size[16];
	int		 n;

	if (st->chunk.failed) {
		kore_log(LOG_ERR, "%s: export out of memory", ar->id);
		kore_connection_disconnect(req->owner);
		return (KORE_RESULT_OK);
	}
	if (!st->started) {
		asr_stream_start(req, ar, EXPORT_CTYPE);
		/*
		 * Kore awaits the next request from here on, 408 after
		 * http_header_timeout: not while the answer still streams.
		 */
		req->owner->http_timeout = 0;
		st->started = 1;
		st->req = req;
		if (ex->delim == ';' && req->method != HTTP_METHOD_HEAD) {
			csv_buf_add(&st->wire, "3\r\n" CSV_BOM "\r\n", 8);
			net_send_queue(req->owner, st->wire.data, st->wire.len);
		}
	}
	if (req->method == HTTP_METHOD_HEAD)
		return (KORE_RESULT_OK);

	st->wire.len = 0;
	if (st->chunk.len > 0) {
		n = snprintf(size, sizeof(size), "%zx\r\n", st->chunk.len);
		csv_buf_add(&st->wire, size, (size_t)n);
		csv_buf_add(&st->wire, st->chunk.data, st->chunk.len);
		csv_buf_add(&st->wire, "\r\n", 2);
	}
	st->chunk.len = 0;
	if (last)
		csv_buf_add(&st->wire, "0\r\n\r\n", 5);
	if (st->wire.failed) {
		kore_connection_disconnect(req->owner);
		return (KORE_RESULT_OK);
	}

	if (last || st->wire.len == 0) {
		if (st->wire.len > 0)
			net_send_queue(req->owner, st->wire.data,
			    st->wire.len);
		if (last) {
			req->owner->http_start = kore_time_ms();
			timeout = http_header_timeout;
			req->owner->http_timeout = timeout * 1000;
		}
		return (last ? KORE_RESULT_OK : KORE_RESULT_RETRY);
	}

	st->sending = 1;
	http_request_sleep(req);
	net_send_stream(req->owner, st->wire.data, st->wire.len, export_sent,
	    &nb);
	nb->extra = st;
	if (!net_send_flush(req->owner))
		kore_connection_disconnect(req->owner);

	return (KORE_RESULT_RETRY);
}

/* Kore sent a chunk (or dropped the connection): the next page may go. */
static int
export_sent(struct netbuf *nb)
{
	struct export_stream	*st = nb->extra;

	st->sending = 0;
	asr_request_wakeup(st->req);

	return (KORE_RESULT_OK);
}

/* Whether Accept prefers text/csv: its first media range is. */
static int
accepts_csv(struct http_request *req)
{
	const char	*accept;
	char		 first[64];
	size_t		 n;

	if (!http_request_header(req, "accept", &accept))
		return (0);
	n = strcspn(accept, ",");
	if (n >= sizeof(first))
		return (0);
	memcpy(first, accept, n);
	first[n] = '\0';

	return (mediatype_is(first, "text/csv"));
}
