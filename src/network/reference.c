/*
 * Reference lists of the network domain (see reference.h), built whole by
 * PostgreSQL and cached publicly like the other reference lists.
 */
#include "network/reference.h"

static const char sql_budget_bands[] =
	"SELECT json_build_object('items', coalesce(json_agg(json_build_object("
	"  'code', code, 'label', label, 'min_amount', min_amount::float8,"
	"  'max_amount', max_amount::float8) ORDER BY position, code),"
	"  '[]'::json))::text FROM budget_bands";

static const char sql_event_kinds[] =
	"SELECT json_build_object('items', coalesce(json_agg(json_build_object("
	"  'code', code, 'label', label) ORDER BY position, code),"
	"  '[]'::json))::text FROM event_kinds";

static int	reference_list(struct http_request *, struct asr_req *,
		    const char *);

int
network_budget_bands(struct http_request *req, struct asr_req *ar)
{
	return (reference_list(req, ar, sql_budget_bands));
}

int
network_event_kinds(struct http_request *req, struct asr_req *ar)
{
	return (reference_list(req, ar, sql_event_kinds));
}

static int
reference_list(struct http_request *req, struct asr_req *ar, const char *sql)
{
	switch (db_run(req, &ar->db, sql, 0, NULL)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (asr_cached(req, ar, "application/json; charset=utf-8",
	    db_value(&ar->db, 0, 0), (size_t)db_length(&ar->db, 0, 0)));
}
