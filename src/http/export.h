/*
 * Exports as CSV (API_CONVENTIONS, "Exports"): ?format=csv or an Accept
 * of text/csv asks for CSV, ?delimiter=semicolon for ';' with a UTF-8
 * byte-order mark. A report is small (an aggregate) and leaves in one
 * piece; a list streams: its pages are fetched one after another and each
 * leaves as one HTTP/1.1 chunk before the next is asked for, so memory
 * holds one page whatever the size of the export.
 */
#ifndef ASR_HTTP_EXPORT_H
#define ASR_HTTP_EXPORT_H

#include "core/csvjson.h"
#include "core/cursor.h"
#include "http/http.h"

/* The query names of an export, for the route table. */
#define CSV_QUERY	"format", "delimiter"

#define EXPORT_CTYPE	"text/csv; charset=utf-8; header=present"

struct export_fmt {
	int		csv;
	char		delim;
};

/* The stream of a list, kept in the request across its pages. */
struct export_stream {
	int		started;	/* headers sent */
	int		sending;	/* a chunk is on its way */
	char		delim;
	/* The next page's cursor, "" at first. */
	char		cursor[CURSOR_MAX_LEN * 2];
	json_t		*columns;
	struct csv_buf	chunk;		/* the rows of the page */
	struct csv_buf	wire;		/* the chunk being sent */
	struct http_request	*req;
};

int	export_format(struct http_request *, struct asr_req *,
	    struct export_fmt *);
int	export_csv(struct http_request *, struct asr_req *,
	    const struct export_fmt *, struct csv_buf *);
struct export_stream	*export_stream(struct asr_req *);
int	export_stream_send(struct http_request *, struct asr_req *,
	    struct export_stream *, const struct export_fmt *, int);
void	export_stream_free(struct asr_req *);

#endif
