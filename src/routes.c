/*
 * The route table: the whole API, readable in one screen. Each line is a
 * method, a path template, its handler, the query parameters it accepts
 * (anything else answers 400) and its flags. openapi.yaml describes the
 * same routes; the API tests fail when the two disagree.
 */
#include "http/http.h"
#include "http/meta.h"
#include "reference/reference.h"
#include "tools/tools.h"

static const char *const no_query[] = { NULL };
static const char *const sectors_query[] = { "group", NULL };

const struct asr_route asr_routes[] = {
	{ HTTP_METHOD_GET, "/v1/health", meta_health, no_query, 0 },
	{ HTTP_METHOD_GET, "/v1/openapi.json", meta_openapi_json, no_query, 0 },
	{ HTTP_METHOD_GET, "/v1/openapi.yaml", meta_openapi_yaml, no_query, 0 },
	{ HTTP_METHOD_GET, "/v1/reference/communes", reference_communes,
	    no_query, 0 },
	{ HTTP_METHOD_GET, "/v1/reference/sectors", reference_sectors,
	    sectors_query, 0 },
	{ HTTP_METHOD_POST, "/v1/tools/required-hours", tools_required_hours,
	    no_query, ROUTE_JSON_BODY },
};

const size_t asr_routes_count = sizeof(asr_routes) / sizeof(asr_routes[0]);
