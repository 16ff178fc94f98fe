/*
 * Reference data (GET /v1/reference/...): PostgreSQL builds each answer as
 * one JSON text in one round trip; the HTTP layer adds the ETag and the
 * public cache lifetime.
 */

#include "core/code.h"
#include "http/lists.h"
#include "reference/reference.h"

static const char sql_communes[] =
	"SELECT json_build_object('items', coalesce(json_agg("
	"  json_build_object('code', code, 'label', label,"
	"  'postal_code', postal_code, 'latitude', latitude::float8,"
	"  'longitude', longitude::float8) ORDER BY code), '[]'::json))::text"
	" FROM communes";

/* $1: the wanted group codes as a text[] literal, or NULL for all. */
static const char sql_sectors[] =
	"WITH wanted AS (SELECT unnest($1::text[]) AS code)"
	" SELECT (SELECT json_agg(w.code) FROM wanted w WHERE NOT EXISTS"
	"   (SELECT 1 FROM sector_groups g WHERE g.code = w.code))::text,"
	" json_build_object("
	"  'items', coalesce((SELECT json_agg(json_build_object("
	"    'code', s.code, 'label', s.label, 'group_code', g.code,"
	"    'group_label', g.label) ORDER BY g.position, s.position, s.code)"
	"    FROM sectors s JOIN sector_groups g ON g.code = s.group_code"
	"    WHERE $1::text[] IS NULL OR s.group_code = ANY ($1::text[])),"
	"    '[]'::json),"
	"  'groups', coalesce((SELECT json_agg(json_build_object("
	"    'code', code, 'label', label) ORDER BY position, code)"
	"    FROM sector_groups), '[]'::json))::text";

static const char sql_kinds[] =
	"SELECT json_build_object('items', coalesce(json_agg(json_build_object("
	"  'code', k.code, 'label', k.label, 'subkinds', coalesce((SELECT"
	"  json_agg(json_build_object('code', s.code, 'label', s.label)"
	"  ORDER BY s.position, s.code) FROM organisation_subkinds s"
	"  WHERE s.kind_code = k.code), '[]'::json)) ORDER BY k.position,"
	"  k.code), '[]'::json))::text FROM organisation_kinds k";

static const char sql_labels[] =
	"SELECT json_build_object('items', coalesce(json_agg(json_build_object("
	"  'code', code, 'label', label) ORDER BY position, code),"
	"  '[]'::json))::text FROM labels";

static const char sql_offer_types[] =
	"SELECT json_build_object('items', coalesce(json_agg(json_build_object("
	"  'code', code, 'label', label) ORDER BY position, code),"
	"  '[]'::json))::text FROM offer_types";

int
reference_communes(struct http_request *req, struct asr_req *ar)
{
	return (reference_one(req, ar, sql_communes));
}

int
reference_kinds(struct http_request *req, struct asr_req *ar)
{
	return (reference_one(req, ar, sql_kinds));
}

int
reference_labels(struct http_request *req, struct asr_req *ar)
{
	return (reference_one(req, ar, sql_labels));
}

int
reference_offer_types(struct http_request *req, struct asr_req *ar)
{
	return (reference_one(req, ar, sql_offer_types));
}

/* A reference list that PostgreSQL builds whole, as one JSON text. */
int
reference_one(struct http_request *req, struct asr_req *ar, const char *sql)
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

int
reference_sectors(struct http_request *req, struct asr_req *ar)
{
	char		 groups[LIST_FILTER_LEN];
	const char	*param;
	json_t		*errors;

	/* Cheap enough to redo on each call until the query is sent. */
	if (!list_filter(req, ar, "group", code_valid, groups, &param))
		return (KORE_RESULT_OK);

	switch (db_run(req, &ar->db, sql_sectors, 1, &param)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (!db_isnull(&ar->db, 0, 0)) {
		errors = json_array();
		asr_field_error(errors, "group", "invalid",
		    "Unknown sector group code(s); see /v1/reference/sectors.");
		return (asr_problem_errors(req, ar, 400, "invalid-query",
		    "The query string names an unknown sector group.",
		    errors));
	}

	return (asr_cached(req, ar, "application/json; charset=utf-8",
	    db_value(&ar->db, 0, 1), (size_t)db_length(&ar->db, 0, 1)));
}
