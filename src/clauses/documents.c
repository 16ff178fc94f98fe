/*
 * Supporting documents (see documents.h). A file is uploaded as the raw
 * body with its own Content-Type (PDF, PNG or JPEG, checked against its
 * first bytes), up to 10 MiB (the dispatcher answers 413 above: the route
 * says ROUTE_BINARY_BODY), its kind and name in the query string. The
 * bytes travel to PostgreSQL as bytea hex text in the one write
 * statement, which computes size and SHA-256 and checks who may attach;
 * whoever may read the object downloads them.
 */
#include <stdlib.h>
#include <string.h>

#include "clauses/documents.h"
#include "clauses/resource.h"
#include "core/clock.h"
#include "core/filetype.h"
#include "core/utf8.h"
#include "core/uuid.h"
#include "http/writes.h"

static const char *const kinds[] = { "contract", "payslip", "timesheet",
	"invoice", "other", NULL };

static const char sql_create[] =
	"SELECT status, errors::text, body, id, version FROM document_create("
	"$1::text, $2::uuid, $3::text, $4::text, $5::text, $6::bytea,"
	" $7::uuid, $8::uuid, $9::timestamptz)";

/* $1 parent kind, $2 id, $3 own. */
static const char sql_reach[] =
	"SELECT 1 WHERE document_parent_access($1::text, $2::uuid, $3::uuid,"
	" false) = 'ok'";

static const char sql_list[] =
	"SELECT jsonb_build_object('items', coalesce((SELECT jsonb_agg("
	"  document_json(d) ORDER BY d.created_at, d.id)"
	"  FROM clause_documents d WHERE CASE $1::text"
	"  WHEN 'action' THEN d.action_id WHEN 'hours' THEN d.hours_id"
	"  ELSE d.visit_id END = $2::uuid), '[]'::jsonb),"
	"  'next_cursor', NULL)::text"
	" WHERE document_parent_access($1::text, $2::uuid, $3::uuid, false)"
	"  = 'ok'";

static const char sql_get[] =
	"SELECT document_json(d)::text FROM clause_documents d"
	" WHERE d.id = $1::uuid AND document_reach(d, $2::uuid)";

static const char sql_content[] =
	"SELECT d.content, d.content_type, coalesce(d.filename, 'document'),"
	" encode(d.sha256, 'hex') FROM clause_documents d"
	" WHERE d.id = $1::uuid AND document_reach(d, $2::uuid)";

static int	document_add(struct http_request *, struct asr_req *,
		    const char *);
static int	document_list(struct http_request *, struct asr_req *,
		    const char *);
static int	document_query(struct asr_req *, const char *,
		    const unsigned char *, size_t, json_t *);
static int	filename_valid(const char *);

int
documents_add_action(struct http_request *req, struct asr_req *ar)
{
	return (document_add(req, ar, "action"));
}

int
documents_add_hours(struct http_request *req, struct asr_req *ar)
{
	return (document_add(req, ar, "hours"));
}

int
documents_add_visit(struct http_request *req, struct asr_req *ar)
{
	return (document_add(req, ar, "visit"));
}

int
documents_of_action(struct http_request *req, struct asr_req *ar)
{
	return (document_list(req, ar, "action"));
}

int
documents_of_hours(struct http_request *req, struct asr_req *ar)
{
	return (document_list(req, ar, "hours"));
}

int
documents_of_visit(struct http_request *req, struct asr_req *ar)
{
	return (document_list(req, ar, "visit"));
}

static int
document_add(struct http_request *req, struct asr_req *ar, const char *parent)
{
	const unsigned char	*data;
	const char		*params[9], *ctype, *type;
	char			*hex, now[CLOCK_RFC3339_LEN];
	json_t			*errors;
	size_t			 len;
	int			 rc;

	if (!http_request_header(req, "content-type", &ctype))
		ctype = NULL;
	if ((type = filetype_canonical(ctype)) == NULL)
		return (asr_problem(req, ar, 415, "unsupported-media-type",
		    "Send the file as application/pdf, image/png or "
		    "image/jpeg."));
	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, parent));

	len = req->http_body != NULL ? req->http_body_length : 0;
	data = len > 0 ? req->http_body->data : (const unsigned char *)"";
	errors = json_array();
	if (document_query(ar, type, data, len, errors)) {
		params[0] = parent;
		params[1] = ar->params.value[0];
		params[2] = res_own(ar);
		switch (db_run(req, &ar->db, sql_reach, 3, params)) {
		case DB_PENDING:
			json_decref(errors);
			return (KORE_RESULT_RETRY);
		case DB_ERROR:
			json_decref(errors);
			return (asr_db_failure(req, ar));
		}
		if (db_rows(&ar->db) == 0) {
			json_decref(errors);
			return (res_not_found(req, ar, parent));
		}
		return (asr_problem_errors(req, ar, 400, "validation-failed",
		    "The file or its description is invalid; see errors.",
		    errors));
	}
	json_decref(errors);

	hex = kore_malloc(2 * len + 3);
	(void)filetype_hex_encode(data, len, hex);
	clock_format_rfc3339(clock_now_ms(), now, sizeof(now));
	params[0] = parent;
	params[1] = ar->params.value[0];
	params[2] = qs_get(&ar->query, "kind");
	params[3] = qs_get(&ar->query, "filename");
	params[4] = type;
	params[5] = hex;
	params[6] = ar->who.sub;
	params[7] = res_own(ar);
	params[8] = now;
	rc = write_run(req, ar, WRITE_CREATE, "document", sql_create, 9,
	    params);
	kore_free(hex);
	switch (rc) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (write_answer(req, ar, WRITE_CREATE, 0, "/v1/documents",
	    parent));
}

/* Returns 1 when errors were found (appended to errors). */
static int
document_query(struct asr_req *ar, const char *type,
    const unsigned char *data, size_t len, json_t *errors)
{
	const char *const	*k;
	const char		*kind, *name;

	if (len == 0)
		asr_field_error(errors, "body", "required",
		    "Send the file as the request body.");
	else if (!filetype_matches(type, data, len))
		asr_field_error(errors, "body", "invalid",
		    "The file is not of the type its Content-Type says.");

	kind = qs_get(&ar->query, "kind");
	for (k = kinds; kind != NULL && *k != NULL; k++)
		if (strcmp(*k, kind) == 0)
			break;
	if (kind == NULL)
		asr_field_error(errors, "kind", "required", "Say the kind of "
		    "document: contract, payslip, timesheet, invoice, other.");
	else if (*k == NULL || qs_count(&ar->query, "kind") > 1)
		asr_field_error(errors, "kind", "enum", "Expected one of: "
		    "contract, payslip, timesheet, invoice, other.");

	name = qs_get(&ar->query, "filename");
	if (name != NULL && (!filename_valid(name) ||
	    qs_count(&ar->query, "filename") > 1))
		asr_field_error(errors, "filename", "invalid", "1 to 200 "
		    "characters, without / \\ \" or control characters.");

	return (json_array_size(errors) > 0);
}

static int
filename_valid(const char *name)
{
	const unsigned char	*p;
	size_t			 n;

	n = utf8_chars(name);
	if (n < 1 || n > 200)
		return (0);
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\' ||
		    *p == '"')
			return (0);
	}

	return (1);
}

static int
document_list(struct http_request *req, struct asr_req *ar,
    const char *parent)
{
	const char	*params[3];

	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, parent));

	params[0] = parent;
	params[1] = ar->params.value[0];
	params[2] = res_own(ar);
	switch (db_run(req, &ar->db, sql_list, 3, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (res_not_found(req, ar, parent));

	return (asr_db_json(req, ar, 200, 0));
}

int
documents_get(struct http_request *req, struct asr_req *ar)
{
	const char	*params[2];

	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, "document"));

	params[0] = ar->params.value[0];
	params[1] = res_own(ar);
	switch (db_run(req, &ar->db, sql_get, 2, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (res_not_found(req, ar, "document"));

	return (asr_db_json(req, ar, 200, 0));
}

/* The bytes, with their type; the SHA-256 in the ETag (they never change). */
int
documents_content(struct http_request *req, struct asr_req *ar)
{
	const char	*params[2];
	unsigned char	*data;
	char		 header[300];
	size_t		 len;
	int		 rc;

	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, "document"));

	params[0] = ar->params.value[0];
	params[1] = res_own(ar);
	switch (db_run(req, &ar->db, sql_content, 2, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (res_not_found(req, ar, "document"));

	data = kore_malloc((size_t)db_length(&ar->db, 0, 0) / 2 + 1);
	if (!filetype_hex_decode(db_value(&ar->db, 0, 0), data, &len)) {
		kore_free(data);
		return (asr_problem(req, ar, 500, "internal-error",
		    "The document could not be read."));
	}
	(void)snprintf(header, sizeof(header), "attachment; filename=\"%s\"",
	    db_value(&ar->db, 0, 2));
	http_response_header(req, "content-disposition", header);
	(void)snprintf(header, sizeof(header), "\"%s\"",
	    db_value(&ar->db, 0, 3));
	http_response_header(req, "etag", header);
	rc = asr_raw(req, ar, 200, db_value(&ar->db, 0, 1), data, len);
	kore_free(data);

	return (rc);
}
