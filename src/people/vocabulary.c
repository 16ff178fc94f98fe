/*
 * The reference lists of people's paths (sql/reference/0120_people.sql):
 * eligibility criteria with their validity, education levels, obstacles
 * and the national exit categories, public like every enumeration.
 */
#include "people/people.h"
#include "reference/reference.h"

static const char sql_criteria[] =
	"SELECT json_build_object('items', coalesce(json_agg(json_build_object("
	"  'code', code, 'label', label, 'validity_days', validity_days,"
	"  'needs_validation', needs_validation) ORDER BY position, code),"
	"  '[]'::json))::text FROM eligibility_criteria";

static const char sql_education_levels[] =
	"SELECT json_build_object('items', coalesce(json_agg(json_build_object("
	"  'code', code, 'label', label) ORDER BY position, code),"
	"  '[]'::json))::text FROM education_levels";

static const char sql_obstacles[] =
	"SELECT json_build_object('items', coalesce(json_agg(json_build_object("
	"  'code', code, 'label', label) ORDER BY position, code),"
	"  '[]'::json))::text FROM obstacle_kinds";

static const char sql_outcome_categories[] =
	"SELECT json_build_object('items', coalesce(json_agg(json_build_object("
	"  'code', code, 'label', label, 'group', group_code)"
	"  ORDER BY position, code), '[]'::json))::text"
	" FROM outcome_categories";

int
people_criteria(struct http_request *req, struct asr_req *ar)
{
	return (reference_one(req, ar, sql_criteria));
}

int
people_education_levels(struct http_request *req, struct asr_req *ar)
{
	return (reference_one(req, ar, sql_education_levels));
}

int
people_obstacles(struct http_request *req, struct asr_req *ar)
{
	return (reference_one(req, ar, sql_obstacles));
}

int
people_outcome_categories(struct http_request *req, struct asr_req *ar)
{
	return (reference_one(req, ar, sql_outcome_categories));
}
