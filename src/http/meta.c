/*
 * Health and the contract. The health check asks PostgreSQL through the
 * same runner as every handler, so "ok" means requests can be served. The
 * contract (openapi.yaml, and its JSON form) is embedded at build time:
 * the server always serves the contract it was built against.
 */
#include "asr.h"
#include "http/meta.h"

extern const unsigned char	openapi_yaml[];
extern const size_t		openapi_yaml_len;
extern const unsigned char	openapi_json[];
extern const size_t		openapi_json_len;

static const char sql_health[] = "SELECT 1";

int
meta_health(struct http_request *req, struct asr_req *ar)
{
	int		ok;

	switch (db_run(req, &ar->db, sql_health, 0, NULL)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_OK:
		ok = 1;
		break;
	default:
		ok = 0;
		break;
	}

	if (!ok)
		http_response_header(req, "retry-after", ASR_RETRY_AFTER_S);

	return (asr_json(req, ar, ok ? 200 : 503, json_pack("{s:s, s:s, s:s}",
	    "status", ok ? "ok" : "degraded",
	    "database", ok ? "ok" : "unavailable",
	    "version", ASR_VERSION)));
}

int
meta_openapi_json(struct http_request *req, struct asr_req *ar)
{
	return (asr_cached(req, ar, "application/json; charset=utf-8",
	    openapi_json, openapi_json_len));
}

int
meta_openapi_yaml(struct http_request *req, struct asr_req *ar)
{
	return (asr_cached(req, ar, "application/yaml; charset=utf-8",
	    openapi_yaml, openapi_yaml_len));
}
