/*
 * The route table: the whole API, readable in one screen. Each line is a
 * method, a path template, the roles allowed (core/roles.h), its handler,
 * the query parameters it accepts (anything else answers 400) and its
 * flags. openapi.yaml describes the same routes with the same roles
 * (x-roles); the API tests fail when the two disagree.
 */
#include "audit/audit.h"
#include "auth/apikeys.h"
#include "auth/session.h"
#include "auth/users.h"
#include "catalogue/offers.h"
#include "catalogue/organisations.h"
#include "catalogue/registrations.h"
#include "catalogue/search.h"
#include "clauses/actions.h"
#include "clauses/clauses.h"
#include "clauses/declarations.h"
#include "clauses/documents.h"
#include "clauses/markets.h"
#include "clauses/vocabulary.h"
#include "http/export.h"
#include "http/http.h"
#include "http/meta.h"
#include "people/people.h"
#include "network/animation.h"
#include "network/needs.h"
#include "network/notifications.h"
#include "network/reference.h"
#include "network/spaser.h"
#include "reference/reference.h"
#include "reports/reports.h"
#include "sync/changes.h"
#include "sync/decp.h"
#include "sync/upsert.h"
#include "tools/tools.h"

#define GET		HTTP_METHOD_GET
#define POST		HTTP_METHOD_POST
#define PATCH		HTTP_METHOD_PATCH
#define PUT		HTTP_METHOD_PUT
#define DELETE		HTTP_METHOD_DELETE
#define JSON		ROUTE_JSON_BODY

static const char *const no_query[] = { NULL };
static const char *const sectors_query[] = { "group", NULL };
static const char *const users_query[] = { "limit", "cursor", "role",
	"status", "organisation_id", CSV_QUERY, NULL };
static const char *const organisations_query[] = { "limit", "cursor",
	"kind", "published", CSV_QUERY, NULL };
static const char *const offers_query[] = { "limit", "cursor",
	"organisation_id", CSV_QUERY, NULL };
static const char *const suppliers_query[] = { "q", "sector",
	"sector_group", "kind", "subkind", "commune", "label", "offer_type",
	"member", "updated_since", "sort", "limit", "cursor", NULL };
static const char *const catalogue_offers_query[] = { "q", "sector",
	"sector_group", "offer_type", "commune", "kind", "sort", "limit",
	"cursor", NULL };

static const char *const changes_query[] = { "cursor", "limit", "types",
	CSV_QUERY, NULL };
static const char *const decp_query[] = { "year", NULL };

/* Who reads markets (the markets' own rules of reach apply). */
#define ROLES_DECP	(ROLES_STAFF | ROLE_BUYER | ROLE_COMPANY | \
			    ROLE_SUPPLIER | ROLE_PARTNER)
static const char *const registrations_query[] = { "limit", "cursor",
	"status", CSV_QUERY, NULL };

static const char *const api_keys_query[] = { "limit", "cursor",
	"organisation_id", CSV_QUERY, NULL };
static const char *const audit_query[] = { "limit", "cursor", "actor_id",
	"object_id", "action", "from", "to", CSV_QUERY, NULL };

/* Partner keys act as the people of their organisation (auth/apikeys.c). */
#define P		ROLE_PARTNER
#define ROLES_OFFERS	(ROLES_STAFF | ROLE_SUPPLIER | P)
#define CAT_READ	SCOPE_CATALOGUE_READ

/* People (issue 8): staff and the referring prescriber's organisation. */
static const char *const beneficiaries_query[] = { "limit", "cursor",
	"prescriber_id", "commune_insee", "possible_duplicate", "first_name",
	"last_name", "birth_date", CSV_QUERY, NULL };
static const char *const prescribers_query[] = { "limit", "cursor",
	"subkind", CSV_QUERY, NULL };

#define ROLES_PERSON	(ROLES_STAFF | ROLE_PRESCRIBER)
/* Job offers: published by the attributed organisation, seen by
   prescribers; referrals: proposed by prescribers, decided by the offer's
   organisation or the SIAE. */
#define ROLES_JOBS	(ROLES_STAFF | ROLE_COMPANY | ROLE_SUPPLIER)
#define ROLES_REFERRAL	(ROLES_JOBS | ROLE_PRESCRIBER)
static const char *const job_offers_query[] = { "limit", "cursor",
	"status", "commune_insee", "attribution_id", CSV_QUERY, NULL };
static const char *const referrals_query[] = { "limit", "cursor",
	"status", "beneficiary_id", "job_offer_id", CSV_QUERY, NULL };

/* The network domain: needs are owned by buyers (and buying companies). */
#define ROLES_NEED_OWNERS	(ROLES_STAFF | ROLE_BUYER | ROLE_COMPANY)
#define ROLES_NEED_READERS	(ROLES_NEED_OWNERS | ROLE_SUPPLIER)
#define ROLES_SPASER		(ROLES_STAFF | ROLE_BUYER)

static const char *const needs_query[] = { "limit", "cursor", "status",
	"buyer_id", CSV_QUERY, NULL };
static const char *const inbox_query[] = { "limit", "cursor", "status",
	CSV_QUERY, NULL };
static const char *const page_query[] = { "limit", "cursor", CSV_QUERY, NULL };
static const char *const notifications_query[] = { "limit", "cursor",
	"unread", CSV_QUERY, NULL };
static const char *const events_query[] = { "limit", "cursor", "kind",
	"organisation_id", CSV_QUERY, NULL };
static const char *const upcoming_query[] = { "commune", "kind", NULL };
static const char *const bodies_query[] = { "limit", "cursor", "kind",
	CSV_QUERY, NULL };
static const char *const members_query[] = { "limit", "cursor", "current",
	CSV_QUERY, NULL };

/* Social clauses: readers of markets, writers of drafts, declarers. */
static const char *const markets_query[] = { "limit", "cursor", "status",
	"buyer_id", CSV_QUERY, NULL };
static const char *const hours_query[] = { "limit", "cursor", "status",
	"action_id", CSV_QUERY, NULL };
static const char *const visits_query[] = { "limit", "cursor",
	"attribution_id", "action_id", CSV_QUERY, NULL };
static const char *const upload_query[] = { "kind", "filename", NULL };

#define ROLES_MREAD	(ROLES_STAFF | ROLE_BUYER | ROLE_COMPANY | \
			    ROLE_SUPPLIER)
#define ROLES_MDRAFT	(ROLES_STAFF | ROLE_BUYER)
#define ROLES_DECLARE	(ROLES_STAFF | ROLE_COMPANY | ROLE_SUPPLIER)
#define FILE		ROUTE_BINARY_BODY
#define MREAD		SCOPE_MARKETS_READ
#define MWRITE		SCOPE_MARKETS_WRITE

/* Reports (issue 10): the filters each report takes. */
static const char *const reports_query[] = { "year", "from", "to",
	"buyer_id", "market_id", "commune", CSV_QUERY, NULL };
static const char *const activity_query[] = { "year", "from", "to",
	"buyer_id", "commune", CSV_QUERY, NULL };
static const char *const survey_query[] = { "year", CSV_QUERY, NULL };
static const char *const export_query[] = { CSV_QUERY, NULL };

#define ROLES_REPORTS	(ROLES_STAFF | ROLE_BUYER)
#define REPORTS		SCOPE_REPORTS_READ

const struct asr_route asr_routes[] = {
	{ GET, "/v1/health", ROLES_ALL, meta_health, no_query, 0, 0 },
	{ GET, "/v1/openapi.json", ROLES_ALL, meta_openapi_json, no_query, 0,
	    0 },
	{ GET, "/v1/openapi.yaml", ROLES_ALL, meta_openapi_yaml, no_query, 0,
	    0 },
	{ GET, "/v1/reference/communes", ROLES_ALL, reference_communes,
	    no_query, 0, 0 },
	{ GET, "/v1/reference/sectors", ROLES_ALL, reference_sectors,
	    sectors_query, 0, 0 },
	{ GET, "/v1/reference/organisation-kinds", ROLES_ALL, reference_kinds,
	    no_query, 0, 0 },
	{ GET, "/v1/reference/labels", ROLES_ALL, reference_labels, no_query, 0,
	    0 },
	{ GET, "/v1/reference/offer-types", ROLES_ALL, reference_offer_types,
	    no_query, 0, 0 },
	{ POST, "/v1/tools/required-hours", ROLES_ALL, tools_required_hours,
	    no_query, JSON, 0 },

	{ POST, "/v1/auth/login", ROLES_ANYONE, session_login, no_query, JSON,
	    0 },
	{ POST, "/v1/auth/refresh", ROLES_ANYONE, session_refresh, no_query,
	    JSON, 0 },
	{ POST, "/v1/auth/logout", ROLES_ANYONE, session_logout, no_query, JSON,
	    0 },
	{ GET, "/v1/auth/me", ROLES_PEOPLE, session_me, no_query, 0, 0 },
	{ GET, "/v1/auth/keys", ROLES_ALL, session_keys, no_query, 0, 0 },
	{ POST, "/v1/auth/password", ROLES_PEOPLE, session_password_change,
	    no_query, JSON, 0 },
	{ POST, "/v1/auth/password-reset", ROLES_ANYONE,
	    session_password_reset_use, no_query, JSON, 0 },

	{ POST, "/v1/users", ROLE_ADMIN, users_create, no_query, JSON, 0 },
	{ GET, "/v1/users", ROLE_ADMIN, users_list, users_query, 0, 0 },
	{ GET, "/v1/users/{id}", ROLE_ADMIN, users_get, no_query, 0, 0 },
	{ PATCH, "/v1/users/{id}", ROLE_ADMIN, users_update, no_query, JSON,
	    0 },
	{ DELETE, "/v1/users/{id}", ROLE_ADMIN, users_disable, no_query, 0, 0 },
	{ POST, "/v1/users/{id}/password-reset", ROLE_ADMIN,
	    session_password_reset_issue, no_query, 0, 0 },

	{ POST, "/v1/organisations", ROLES_STAFF | P, organisations_create,
	    no_query, JSON, SCOPE_CATALOGUE_WRITE },
	{ GET, "/v1/organisations", ROLES_STAFF | P, organisations_list,
	    organisations_query, 0, SCOPE_CATALOGUE_READ },
	{ GET, "/v1/organisations/{id}", ROLES_PEOPLE | P, organisations_get,
	    no_query, 0, SCOPE_CATALOGUE_READ },
	{ PATCH, "/v1/organisations/{id}", ROLES_OFFERS, organisations_update,
	    no_query, JSON, SCOPE_CATALOGUE_WRITE },
	{ DELETE, "/v1/organisations/{id}", ROLES_STAFF | P,
	    organisations_update, no_query, 0, SCOPE_CATALOGUE_WRITE },

	{ POST, "/v1/offers", ROLES_OFFERS, offers_create, no_query, JSON,
	    SCOPE_CATALOGUE_WRITE },
	{ GET, "/v1/offers", ROLES_OFFERS, offers_list, offers_query, 0,
	    SCOPE_CATALOGUE_READ },
	{ GET, "/v1/offers/{id}", ROLES_PEOPLE | P, offers_get, no_query, 0,
	    SCOPE_CATALOGUE_READ },
	{ PATCH, "/v1/offers/{id}", ROLES_OFFERS, offers_update, no_query, JSON,
	    SCOPE_CATALOGUE_WRITE },
	{ DELETE, "/v1/offers/{id}", ROLES_OFFERS, offers_update, no_query, 0,
	    SCOPE_CATALOGUE_WRITE },

	{ POST, "/v1/registrations", ROLES_ANYONE, registrations_create,
	    no_query, JSON, 0 },
	{ GET, "/v1/registrations", ROLES_STAFF, registrations_list,
	    registrations_query, 0, 0 },
	{ POST, "/v1/registrations/{id}/approve", ROLES_STAFF,
	    registrations_approve, no_query, 0, 0 },
	{ POST, "/v1/registrations/{id}/reject", ROLES_STAFF,
	    registrations_reject, no_query, JSON, 0 },

	{ GET, "/v1/catalogue/suppliers", ROLES_ALL, search_suppliers,
	    suppliers_query, 0, CAT_READ },
	{ GET, "/v1/catalogue/suppliers/{id}", ROLES_ALL, search_supplier_page,
	    no_query, 0, CAT_READ },
	{ GET, "/v1/catalogue/offers", ROLES_ALL, search_offers,
	    catalogue_offers_query, 0, CAT_READ },

	{ GET, "/v1/sync/changes", ROLES_PEOPLE | P, changes_list,
	    changes_query, 0, SCOPE_SYNC_READ },

	/* Bulk upsert and DECP (issue 10): src/sync/upsert.c, decp.c. */
	{ POST, "/v1/sync/organisations", ROLES_OFFERS, sync_organisations,
	    no_query, JSON, SCOPE_SYNC_WRITE },
	{ POST, "/v1/sync/offers", ROLES_OFFERS, sync_offers, no_query, JSON,
	    SCOPE_SYNC_WRITE },
	{ POST, "/v1/sync/decp", ROLES_STAFF | P, decp_import, no_query, JSON,
	    SCOPE_SYNC_WRITE },
	{ GET, "/v1/markets/{id}/decp", ROLES_DECP, decp_market, no_query, 0,
	    SCOPE_MARKETS_READ },
	{ GET, "/v1/reports/decp", ROLES_DECP, decp_year, decp_query, 0,
	    SCOPE_MARKETS_READ },

	{ POST, "/v1/api-keys", ROLE_ADMIN, apikeys_create, no_query, JSON, 0 },
	{ GET, "/v1/api-keys", ROLE_ADMIN, apikeys_list, api_keys_query, 0, 0 },
	{ DELETE, "/v1/api-keys/{id}", ROLE_ADMIN, apikeys_revoke, no_query, 0,
	    0 },
	{ GET, "/v1/audit", ROLE_ADMIN, audit_list, audit_query, 0, 0 },

	{ GET, "/v1/reference/criteria", ROLES_ALL, people_criteria, no_query,
	    0, 0 },
	{ GET, "/v1/reference/education-levels", ROLES_ALL,
	    people_education_levels, no_query, 0, 0 },
	{ GET, "/v1/reference/obstacles", ROLES_ALL, people_obstacles, no_query,
	    0, 0 },
	{ GET, "/v1/reference/outcome-categories", ROLES_ALL,
	    people_outcome_categories, no_query, 0, 0 },
	{ GET, "/v1/prescribers", ROLES_PEOPLE, prescribers_list,
	    prescribers_query, 0, 0 },
	{ POST, "/v1/beneficiaries", ROLES_PERSON, beneficiaries_create,
	    no_query, JSON, 0 },
	{ GET, "/v1/beneficiaries", ROLES_PERSON, beneficiaries_list,
	    beneficiaries_query, 0, 0 },
	{ GET, "/v1/beneficiaries/{id}", ROLES_PERSON, beneficiaries_get,
	    no_query, 0, 0 },
	{ PATCH, "/v1/beneficiaries/{id}", ROLES_PERSON, beneficiaries_update,
	    no_query, JSON, 0 },
	{ DELETE, "/v1/beneficiaries/{id}", ROLES_PERSON, beneficiaries_erase,
	    no_query, 0, 0 },
	{ GET, "/v1/beneficiaries/{id}/export", ROLES_PERSON,
	    beneficiaries_export, no_query, 0, 0 },
	{ POST, "/v1/beneficiaries/{id}/criteria", ROLES_PERSON,
	    beneficiaries_vouch, no_query, JSON, 0 },
	{ POST, "/v1/beneficiaries/{id}/merge", ROLES_STAFF,
	    beneficiaries_merge, no_query, JSON, 0 },
	{ POST, "/v1/job-offers", ROLES_JOBS, job_offers_create, no_query,
	    JSON, 0 },
	{ GET, "/v1/job-offers", ROLES_REFERRAL, job_offers_list,
	    job_offers_query, 0, 0 },
	{ GET, "/v1/job-offers/{id}", ROLES_REFERRAL, job_offers_get, no_query,
	    0, 0 },
	{ PATCH, "/v1/job-offers/{id}", ROLES_JOBS, job_offers_update,
	    no_query, JSON, 0 },
	{ POST, "/v1/referrals", ROLES_PERSON, referrals_create, no_query,
	    JSON, 0 },
	{ GET, "/v1/referrals", ROLES_REFERRAL, referrals_list,
	    referrals_query, 0, 0 },
	{ GET, "/v1/referrals/{id}", ROLES_REFERRAL, referrals_get, no_query,
	    0, 0 },
	{ POST, "/v1/referrals/{id}/accept", ROLES_JOBS, referrals_step,
	    no_query, JSON, 0 },
	{ POST, "/v1/referrals/{id}/decline", ROLES_JOBS, referrals_step,
	    no_query, JSON, 0 },
	{ POST, "/v1/referrals/{id}/hire", ROLES_JOBS, referrals_step,
	    no_query, JSON, 0 },
	{ POST, "/v1/referrals/{id}/withdraw", ROLES_PERSON, referrals_step,
	    no_query, JSON, 0 },
	{ GET, "/v1/outcomes/due", ROLES_PERSON, outcomes_due, page_query, 0,
	    0 },
	{ POST, "/v1/outcomes", ROLES_PERSON, outcomes_create, no_query, JSON,
	    0 },
	{ GET, "/v1/outcomes/{id}", ROLES_PERSON, outcomes_get, no_query, 0,
	    0 },
	{ PATCH, "/v1/outcomes/{id}", ROLES_PERSON, outcomes_update, no_query,
	    JSON, 0 },

	/* The network domain: needs, notifications, events, bodies, SPASER. */
	{ GET, "/v1/reference/budget-bands", ROLES_ALL, network_budget_bands,
	    no_query, 0, 0 },
	{ POST, "/v1/needs", ROLES_NEED_OWNERS, needs_create, no_query, JSON,
	    0 },
	{ GET, "/v1/needs", ROLES_NEED_OWNERS, needs_list, needs_query, 0, 0 },
	{ GET, "/v1/needs/inbox", ROLE_SUPPLIER, needs_inbox, inbox_query, 0,
	    0 },
	{ GET, "/v1/needs/{id}", ROLES_NEED_READERS, needs_get, no_query, 0,
	    0 },
	{ PATCH, "/v1/needs/{id}", ROLES_NEED_OWNERS, needs_update, no_query,
	    JSON, 0 },
	{ POST, "/v1/needs/{id}/publish", ROLES_NEED_OWNERS, needs_publish,
	    no_query, 0, 0 },
	{ POST, "/v1/needs/{id}/close", ROLES_NEED_OWNERS, needs_close,
	    no_query, 0, 0 },
	{ POST, "/v1/needs/{id}/cancel", ROLES_NEED_OWNERS, needs_cancel,
	    no_query, 0, 0 },
	{ POST, "/v1/needs/{id}/award", ROLES_NEED_OWNERS, needs_award,
	    no_query, JSON, 0 },
	{ GET, "/v1/needs/{id}/matches", ROLES_NEED_OWNERS, needs_matches,
	    page_query, 0, 0 },
	{ GET, "/v1/needs/{id}/funnel", ROLES_NEED_OWNERS, needs_funnel,
	    no_query, 0, 0 },
	{ POST, "/v1/needs/{id}/seen", ROLE_SUPPLIER, needs_seen, no_query, 0,
	    0 },
	{ POST, "/v1/needs/{id}/answers", ROLE_SUPPLIER, needs_answer, no_query,
	    JSON, 0 },
	{ GET, "/v1/needs/{id}/answers", ROLES_NEED_OWNERS, needs_answers,
	    page_query, 0, 0 },
	{ GET, "/v1/needs/{id}/answers/{answer_id}", ROLES_NEED_READERS,
	    needs_answer_get, no_query, 0, 0 },
	{ GET, "/v1/notifications", ROLES_PEOPLE, notifications_list,
	    notifications_query, 0, 0 },
	{ POST, "/v1/notifications/{id}/read", ROLES_PEOPLE, notifications_read,
	    no_query, 0, 0 },
	{ GET, "/v1/reference/event-kinds", ROLES_ALL, network_event_kinds,
	    no_query, 0, 0 },
	{ GET, "/v1/events/upcoming", ROLES_ALL, events_upcoming,
	    upcoming_query, 0, 0 },
	{ POST, "/v1/events", ROLES_STAFF, events_create, no_query, JSON, 0 },
	{ GET, "/v1/events", ROLES_PEOPLE, events_list, events_query, 0, 0 },
	{ GET, "/v1/events/{id}", ROLES_PEOPLE, events_get, no_query, 0, 0 },
	{ PATCH, "/v1/events/{id}", ROLES_STAFF, events_update, no_query, JSON,
	    0 },
	{ DELETE, "/v1/events/{id}", ROLES_STAFF, events_update, no_query, 0,
	    0 },
	{ POST, "/v1/bodies", ROLES_STAFF, bodies_create, no_query, JSON, 0 },
	{ GET, "/v1/bodies", ROLES_PEOPLE, bodies_list, bodies_query, 0, 0 },
	{ GET, "/v1/bodies/{id}", ROLES_PEOPLE, bodies_get, no_query, 0, 0 },
	{ PATCH, "/v1/bodies/{id}", ROLES_STAFF, bodies_update, no_query, JSON,
	    0 },
	{ DELETE, "/v1/bodies/{id}", ROLES_STAFF, bodies_update, no_query, 0,
	    0 },
	{ POST, "/v1/bodies/{id}/meetings", ROLES_STAFF, meetings_create,
	    no_query, JSON, 0 },
	{ GET, "/v1/bodies/{id}/meetings", ROLES_PEOPLE, meetings_list,
	    page_query, 0, 0 },
	{ GET, "/v1/meetings/{id}", ROLES_PEOPLE, meetings_get, no_query, 0,
	    0 },
	{ PATCH, "/v1/meetings/{id}", ROLES_STAFF, meetings_update, no_query,
	    JSON, 0 },
	{ DELETE, "/v1/meetings/{id}", ROLES_STAFF, meetings_update, no_query,
	    0, 0 },
	{ POST, "/v1/meetings/{id}/action-items", ROLES_STAFF,
	    action_items_create, no_query, JSON, 0 },
	{ GET, "/v1/meetings/{id}/action-items", ROLES_PEOPLE,
	    action_items_list, page_query, 0, 0 },
	{ GET, "/v1/action-items/{id}", ROLES_PEOPLE, action_items_get,
	    no_query, 0, 0 },
	{ PATCH, "/v1/action-items/{id}", ROLES_STAFF, action_items_update,
	    no_query, JSON, 0 },
	{ DELETE, "/v1/action-items/{id}", ROLES_STAFF, action_items_update,
	    no_query, 0, 0 },
	{ GET, "/v1/organisations/{id}/spaser", ROLES_SPASER, spaser_get,
	    no_query, 0, 0 },
	{ PUT, "/v1/organisations/{id}/spaser", ROLES_SPASER, spaser_put,
	    no_query, JSON, 0 },
	{ GET, "/v1/network/members", ROLES_PEOPLE, network_members,
	    members_query, 0, 0 },
	{ GET, "/v1/network/members/{id}/history", ROLES_PEOPLE,
	    network_history, page_query, 0, 0 },
	{ GET, "/v1/network/members/{id}/events", ROLES_PEOPLE, network_events,
	    page_query, 0, 0 },

	{ GET, "/v1/reference/insertion-modes", ROLES_ALL,
	    vocabulary_insertion_modes, no_query, 0, 0 },
	{ GET, "/v1/reference/contract-types", ROLES_ALL,
	    vocabulary_contract_types, no_query, 0, 0 },
	{ POST, "/v1/markets", ROLES_MDRAFT | P, markets_create, no_query, JSON,
	    MWRITE },
	{ GET, "/v1/markets", ROLES_MREAD | P, markets_list, markets_query, 0,
	    MREAD },
	{ GET, "/v1/markets/{id}", ROLES_MREAD | P, markets_get, no_query, 0,
	    MREAD },
	{ PATCH, "/v1/markets/{id}", ROLES_MDRAFT | P, markets_update, no_query,
	    JSON, MWRITE },
	{ GET, "/v1/markets/{id}/progress", ROLES_MDRAFT | P, markets_progress,
	    no_query, 0, MREAD },
	{ POST, "/v1/markets/{id}/amendments", ROLES_STAFF | P,
	    amendments_create, no_query, JSON, MWRITE },
	{ GET, "/v1/markets/{id}/amendments", ROLES_MREAD | P, amendments_list,
	    no_query, 0, MREAD },
	{ GET, "/v1/amendments/{id}", ROLES_MREAD | P, amendments_get, no_query,
	    0, MREAD },
	{ POST, "/v1/markets/{id}/lots", ROLES_MDRAFT | P, lots_create,
	    no_query, JSON, MWRITE },
	{ GET, "/v1/markets/{id}/lots", ROLES_MREAD | P, lots_list, no_query, 0,
	    MREAD },
	{ GET, "/v1/lots/{id}", ROLES_MREAD | P, lots_get, no_query, 0, MREAD },
	{ PATCH, "/v1/lots/{id}", ROLES_MDRAFT | P, lots_update, no_query, JSON,
	    MWRITE },
	{ POST, "/v1/lots/{id}/clauses", ROLES_MDRAFT | P, clauses_create,
	    no_query, JSON, MWRITE },
	{ GET, "/v1/lots/{id}/clauses", ROLES_MREAD | P, clauses_list, no_query,
	    0, MREAD },
	{ GET, "/v1/clauses/{id}", ROLES_MREAD | P, clauses_get, no_query, 0,
	    MREAD },
	{ PATCH, "/v1/clauses/{id}", ROLES_MDRAFT | P, clauses_update, no_query,
	    JSON, MWRITE },
	{ GET, "/v1/clauses/{id}/progress", ROLES_MREAD | P, clauses_progress,
	    no_query, 0, MREAD },
	{ POST, "/v1/lots/{id}/attributions", ROLES_STAFF | P,
	    attributions_create, no_query, JSON, MWRITE },
	{ GET, "/v1/lots/{id}/attributions", ROLES_MREAD | P, attributions_list,
	    no_query, 0, MREAD },
	{ GET, "/v1/attributions/{id}", ROLES_MREAD | P, attributions_get,
	    no_query, 0, MREAD },
	{ PATCH, "/v1/attributions/{id}", ROLES_STAFF | P, attributions_update,
	    no_query, JSON, MWRITE },
	{ POST, "/v1/attributions/{id}/actions", ROLES_DECLARE | P,
	    actions_create, no_query, JSON, MWRITE },
	{ GET, "/v1/attributions/{id}/actions", ROLES_MREAD | P, actions_list,
	    no_query, 0, MREAD },
	{ GET, "/v1/actions/{id}", ROLES_MREAD | P, actions_get, no_query, 0,
	    MREAD },
	{ PATCH, "/v1/actions/{id}", ROLES_DECLARE | P, actions_update,
	    no_query, JSON, MWRITE },
	{ POST, "/v1/actions/{id}/hours", ROLES_DECLARE | P, hours_create,
	    no_query, JSON, MWRITE },
	{ GET, "/v1/actions/{id}/hours", ROLES_MREAD | P, hours_of_action,
	    no_query, 0, MREAD },
	{ GET, "/v1/hours", ROLES_MREAD | P, hours_list, hours_query, 0,
	    MREAD },
	{ GET, "/v1/hours/{id}", ROLES_MREAD | P, hours_get, no_query, 0,
	    MREAD },
	{ PATCH, "/v1/hours/{id}", ROLES_DECLARE | P, hours_update, no_query,
	    JSON, MWRITE },
	{ POST, "/v1/hours/{id}/validate", ROLES_STAFF | P, hours_validate,
	    no_query, 0, MWRITE },
	{ POST, "/v1/hours/{id}/reject", ROLES_STAFF | P, hours_reject,
	    no_query, JSON, MWRITE },
	{ POST, "/v1/visits", ROLES_STAFF | P, visits_create, no_query, JSON,
	    MWRITE },
	{ GET, "/v1/visits", ROLES_STAFF | P, visits_list, visits_query, 0,
	    MREAD },
	{ GET, "/v1/visits/{id}", ROLES_STAFF | P, visits_get, no_query, 0,
	    MREAD },
	{ PATCH, "/v1/visits/{id}", ROLES_STAFF | P, visits_update, no_query,
	    JSON, MWRITE },
	{ GET, "/v1/alerts", ROLES_MREAD | P, clauses_alerts, no_query, 0,
	    MREAD },
	{ POST, "/v1/actions/{id}/documents", ROLES_DECLARE | P,
	    documents_add_action, upload_query, FILE, MWRITE },
	{ GET, "/v1/actions/{id}/documents", ROLES_MREAD | P,
	    documents_of_action, no_query, 0, MREAD },
	{ POST, "/v1/hours/{id}/documents", ROLES_DECLARE | P,
	    documents_add_hours, upload_query, FILE, MWRITE },
	{ GET, "/v1/hours/{id}/documents", ROLES_MREAD | P, documents_of_hours,
	    no_query, 0, MREAD },
	{ POST, "/v1/visits/{id}/documents", ROLES_STAFF | P,
	    documents_add_visit, upload_query, FILE, MWRITE },
	{ GET, "/v1/visits/{id}/documents", ROLES_STAFF | P, documents_of_visit,
	    no_query, 0, MREAD },
	{ GET, "/v1/documents/{id}", ROLES_MREAD | P, documents_get, no_query,
	    0, MREAD },
	{ GET, "/v1/documents/{id}/content", ROLES_MREAD | P, documents_content,
	    no_query, 0, MREAD },

	/* Reports (issue 10): staff see all; buyers their own, masked. */
	{ GET, "/v1/reports/clauses", ROLES_REPORTS | P, reports_clauses,
	    reports_query, 0, REPORTS },
	{ GET, "/v1/reports/people", ROLES_REPORTS | P, reports_people,
	    reports_query, 0, REPORTS },
	{ GET, "/v1/reports/activity", ROLES_STAFF | P, reports_activity,
	    activity_query, 0, REPORTS },
	{ GET, "/v1/reports/survey", ROLES_STAFF | P, reports_survey,
	    survey_query, 0, REPORTS },
	{ GET, "/v1/clauses/{id}/report", ROLES_REPORTS | P, reports_clause,
	    export_query, 0, REPORTS },
};

const size_t asr_routes_count = sizeof(asr_routes) / sizeof(asr_routes[0]);
