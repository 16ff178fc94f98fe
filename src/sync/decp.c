/*
 * DECP v2 import and export (see sql/migrations/0071_decp.sql and
 * core/decp.h). POST /v1/sync/decp takes a DECP file, checks each marche
 * record against the DECP schema built into the module, and imports each
 * valid one in a subtransaction of its own: the answer lists one result
 * per record, concessions "skipped". GET /v1/markets/{id}/decp answers one
 * marche that validates against the same schema, or 409 naming what is
 * missing; GET /v1/reports/decp?year= the file of a year's markets (those
 * that make a valid record), within the caller's reach of markets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clauses/resource.h"
#include "core/clock.h"
#include "core/decp.h"
#include "core/jschema.h"
#include "core/uuid.h"
#include "http/lists.h"
#include "http/writes.h"
#include "sync/decp.h"

#define DECP_RECORDS_MAX	1000

extern const unsigned char	decp_schema_json[];
extern const size_t		decp_schema_json_len;

static const char sql_import[] =
	"SELECT status, errors::text, body, id FROM decp_import($1::jsonb,"
	" $2::uuid, $3::timestamptz)";

static const char sql_market[] =
	"SELECT decp_json(m)::text FROM markets m WHERE m.id = $1::uuid"
	" AND market_reach(m, $2::uuid)";

static const char sql_year[] =
	"SELECT decp_json(m)::text FROM markets m"
	" WHERE m.notification_date >= make_date($1::int, 1, 1)"
	" AND m.notification_date < make_date($1::int + 1, 1, 1)"
	" AND market_reach(m, $2::uuid)"
	" ORDER BY m.notification_date, m.id";

static json_t	*decp_schema(void);
static json_t	*decp_file(struct http_request *, struct asr_req *);
static void	 decp_records(json_t *, json_t *, const char *, json_t *);
static int	 decp_year_valid(const char *);

/* The built-in schema, parsed once per worker; NULL if it cannot be. */
static json_t *
decp_schema(void)
{
	static json_t	*schema;
	static int	 failed;
	char		 why[128];

	if (schema != NULL || failed)
		return (schema);
	schema = json_loadb((const char *)decp_schema_json,
	    decp_schema_json_len, 0, NULL);
	if (schema == NULL || !jschema_supported(schema, why, sizeof(why))) {
		kore_log(LOG_ERR, "the DECP schema is unusable: %s",
		    schema == NULL ? "it does not parse" : why);
		json_decref(schema);
		schema = NULL;
		failed = 1;
	}

	return (schema);
}

int
decp_import(struct http_request *req, struct asr_req *ar)
{
	json_t		*items;
	char		*text, now[CLOCK_RFC3339_LEN];
	const char	*params[3];
	int		 rc;

	if ((items = decp_file(req, ar)) == NULL)
		return (KORE_RESULT_OK);
	text = asr_json_text(items);
	json_decref(items);
	if (text == NULL)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The file could not be encoded."));

	clock_format_rfc3339(clock_now_ms(), now, sizeof(now));
	params[0] = text;
	params[1] = ar->who.sub;
	params[2] = now;
	rc = write_run(req, ar, WRITE_CREATE_NO_VERSION, "decp import",
	    sql_import, 3, params);
	free(text);
	switch (rc) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (strcmp(db_value(&ar->db, 0, 0), "ok") == 0 ||
	    strcmp(db_value(&ar->db, 0, 0), "replay") == 0)
		return (asr_db_json(req, ar, 200, 2));
	return (write_answer(req, ar, WRITE_CREATE_NO_VERSION, IF_MATCH_ANY,
	    "/v1/sync/decp", "file"));
}

/*
 * The file's records checked and mapped, for the SQL; NULL once a 400,
 * 413 or 500 answered (the file itself is malformed).
 */
static json_t *
decp_file(struct http_request *req, struct asr_req *ar)
{
	static const char *const top[] = { "marches", NULL };
	static const char *const lists[] = { "marche", "contrat-concession",
		NULL };
	json_t		*schema, *errors, *marches, *items;
	char		 detail[96];

	if ((schema = decp_schema()) == NULL) {
		(void)asr_problem(req, ar, 500, "internal-error",
		    "The DECP schema is unusable.");
		return (NULL);
	}

	errors = json_array();
	(void)fields_unknown(ar->body, top, errors);
	marches = json_object_get(ar->body, "marches");
	if (!json_is_object(marches)) {
		field_error(errors, "marches", marches == NULL ? "required" :
		    "type", "marches is an object holding marche and/or "
		    "contrat-concession arrays.");
	} else {
		(void)fields_unknown(marches, lists, errors);
		if (json_object_get(marches, "marche") == NULL &&
		    json_object_get(marches, "contrat-concession") == NULL)
			field_error(errors, "marches.marche", "required",
			    "marche or contrat-concession is required.");
		if (json_object_get(marches, "marche") != NULL &&
		    !json_is_array(json_object_get(marches, "marche")))
			field_error(errors, "marches.marche", "type",
			    "marche is an array.");
		if (json_object_get(marches, "contrat-concession") != NULL &&
		    !json_is_array(json_object_get(marches,
		    "contrat-concession")))
			field_error(errors, "marches.contrat-concession",
			    "type", "contrat-concession is an array.");
	}
	if (json_array_size(errors) > 0) {
		(void)asr_problem_errors(req, ar, 400, "validation-failed",
		    "This is not a DECP file; see errors.", errors);
		return (NULL);
	}
	json_decref(errors);

	if (json_array_size(json_object_get(marches, "marche")) +
	    json_array_size(json_object_get(marches, "contrat-concession")) >
	    DECP_RECORDS_MAX) {
		(void)snprintf(detail, sizeof(detail), "A file holds at most "
		    "%d records; split it.", DECP_RECORDS_MAX);
		(void)asr_problem(req, ar, 413, "payload-too-large", detail);
		return (NULL);
	}

	items = json_array();
	decp_records(schema, json_object_get(marches, "marche"), "marche",
	    items);
	decp_records(schema, json_object_get(marches, "contrat-concession"),
	    "concession", items);

	return (items);
}

/* Appends one {"index", "kind", "decp_id", ...} per record of list. */
static void
decp_records(json_t *schema, json_t *list, const char *kind, json_t *items)
{
	json_t		*record, *errors, *warnings, *mapped, *id;
	size_t		 i;

	json_array_foreach(list, i, record) {
		errors = json_array();
		warnings = json_array();
		mapped = NULL;
		if (strcmp(kind, "marche") == 0)
			mapped = decp_map(schema, record, errors, warnings);
		id = json_object_get(record, "id");
		json_array_append_new(items, json_pack("{s:I, s:s, s:O?,"
		    " s:o?, s:O?, s:o, s:o}", "index", (json_int_t)i, "kind",
		    kind, "decp_id", json_is_string(id) ? id : NULL, "mapped",
		    mapped, "record", mapped != NULL ? record : NULL, "errors",
		    errors, "warnings", warnings));
	}
}

int
decp_market(struct http_request *req, struct asr_req *ar)
{
	json_t		*schema, *record, *errors;
	const char	*params[2];

	if (!uuid_valid(ar->params.value[0]))
		return (asr_problem(req, ar, 404, "not-found",
		    "No such market."));
	if ((schema = decp_schema()) == NULL)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The DECP schema is unusable."));

	params[0] = ar->params.value[0];
	params[1] = res_own(ar);
	switch (db_run(req, &ar->db, sql_market, 2, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}
	if (db_rows(&ar->db) != 1)
		return (asr_problem(req, ar, 404, "not-found",
		    "No such market."));

	record = json_loads(db_value(&ar->db, 0, 0), 0, NULL);
	errors = json_array();
	decp_schema_errors(schema, jschema_resolve(schema, DECP_MARCHE_DEF),
	    record, errors);
	json_decref(record);
	if (json_array_size(errors) > 0)
		return (asr_problem_errors(req, ar, 409, "conflict",
		    "This market lacks what a valid DECP record needs; see "
		    "errors.", errors));
	json_decref(errors);

	return (asr_db_json(req, ar, 200, 0));
}

int
decp_year(struct http_request *req, struct asr_req *ar)
{
	struct kore_buf	 buf;
	json_t		*schema, *def, *record, *errors;
	const char	*params[2];
	int		 i, n, rc;

	params[0] = qs_get(&ar->query, "year");
	if (params[0] == NULL || qs_count(&ar->query, "year") > 1 ||
	    !decp_year_valid(params[0])) {
		errors = json_array();
		asr_field_error(errors, "year", "invalid",
		    "year is required: one year, 2000 to 2099.");
		return (asr_problem_errors(req, ar, 400, "invalid-query",
		    "A query parameter is invalid.", errors));
	}
	if ((schema = decp_schema()) == NULL)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The DECP schema is unusable."));

	params[1] = res_own(ar);
	switch (db_run(req, &ar->db, sql_year, 2, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	def = jschema_resolve(schema, DECP_MARCHE_DEF);
	kore_buf_init(&buf, 4096);
	kore_buf_appendf(&buf, "{\"marches\":{\"marche\":[");
	for (i = 0, n = 0; i < db_rows(&ar->db); i++) {
		/* Only the markets that make a valid record are listed. */
		record = json_loads(db_value(&ar->db, i, 0), 0, NULL);
		errors = json_array();
		decp_schema_errors(schema, def, record, errors);
		json_decref(record);
		if (json_array_size(errors) == 0) {
			if (n++ > 0)
				kore_buf_append(&buf, ",", 1);
			kore_buf_append(&buf, db_value(&ar->db, i, 0),
			    (size_t)db_length(&ar->db, i, 0));
		}
		json_decref(errors);
	}
	kore_buf_appendf(&buf, "]}}");
	rc = asr_raw(req, ar, 200, "application/json; charset=utf-8",
	    buf.data, buf.offset);
	kore_buf_cleanup(&buf);

	return (rc);
}

static int
decp_year_valid(const char *s)
{
	return (strlen(s) == 4 && s[0] == '2' && s[1] == '0' &&
	    strspn(s, "0123456789") == 4);
}
