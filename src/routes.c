/*
 * The route table: the whole API, readable in one screen. Each line is a
 * method, a path template, the roles allowed (core/roles.h), its handler,
 * the query parameters it accepts (anything else answers 400) and its
 * flags. openapi.yaml describes the same routes with the same roles
 * (x-roles); the API tests fail when the two disagree.
 */
#include "auth/session.h"
#include "auth/users.h"
#include "catalogue/organisations.h"
#include "http/http.h"
#include "http/meta.h"
#include "reference/reference.h"
#include "tools/tools.h"

#define GET		HTTP_METHOD_GET
#define POST		HTTP_METHOD_POST
#define PATCH		HTTP_METHOD_PATCH
#define DELETE		HTTP_METHOD_DELETE
#define JSON		ROUTE_JSON_BODY

static const char *const no_query[] = { NULL };
static const char *const sectors_query[] = { "group", NULL };
static const char *const users_query[] = { "limit", "cursor", "role",
	"status", "organisation_id", NULL };
static const char *const organisations_query[] = { "limit", "cursor",
	"kind", NULL };

const struct asr_route asr_routes[] = {
	{ GET, "/v1/health", ROLES_ALL, meta_health, no_query, 0 },
	{ GET, "/v1/openapi.json", ROLES_ALL, meta_openapi_json, no_query, 0 },
	{ GET, "/v1/openapi.yaml", ROLES_ALL, meta_openapi_yaml, no_query, 0 },
	{ GET, "/v1/reference/communes", ROLES_ALL, reference_communes,
	    no_query, 0 },
	{ GET, "/v1/reference/sectors", ROLES_ALL, reference_sectors,
	    sectors_query, 0 },
	{ POST, "/v1/tools/required-hours", ROLES_ALL, tools_required_hours,
	    no_query, JSON },

	{ POST, "/v1/auth/login", ROLES_ANYONE, session_login, no_query, JSON },
	{ POST, "/v1/auth/refresh", ROLES_ANYONE, session_refresh, no_query,
	    JSON },
	{ POST, "/v1/auth/logout", ROLES_ANYONE, session_logout, no_query,
	    JSON },
	{ GET, "/v1/auth/me", ROLES_PEOPLE, session_me, no_query, 0 },
	{ GET, "/v1/auth/keys", ROLES_ALL, session_keys, no_query, 0 },
	{ POST, "/v1/auth/password", ROLES_PEOPLE, session_password_change,
	    no_query, JSON },
	{ POST, "/v1/auth/password-reset", ROLES_ANYONE,
	    session_password_reset_use, no_query, JSON },

	{ POST, "/v1/users", ROLE_ADMIN, users_create, no_query, JSON },
	{ GET, "/v1/users", ROLE_ADMIN, users_list, users_query, 0 },
	{ GET, "/v1/users/{id}", ROLE_ADMIN, users_get, no_query, 0 },
	{ PATCH, "/v1/users/{id}", ROLE_ADMIN, users_update, no_query, JSON },
	{ DELETE, "/v1/users/{id}", ROLE_ADMIN, users_disable, no_query, 0 },
	{ POST, "/v1/users/{id}/password-reset", ROLE_ADMIN,
	    session_password_reset_issue, no_query, 0 },

	{ POST, "/v1/organisations", ROLES_STAFF, organisations_create,
	    no_query, JSON },
	{ GET, "/v1/organisations", ROLES_STAFF, organisations_list,
	    organisations_query, 0 },
	{ GET, "/v1/organisations/{id}", ROLES_PEOPLE, organisations_get,
	    no_query, 0 },
};

const size_t asr_routes_count = sizeof(asr_routes) / sizeof(asr_routes[0]);
