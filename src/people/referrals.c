/*
 * Referrals (/v1/referrals, see people.h): a prescriber proposes one of
 * its people for a job offer (the offer's organisation decides) or to an
 * SIAE (the SIAE decides). Steps are POST /v1/referrals/{id}/<verb>:
 * accept, decline, hire (the deciding organisation or staff) and withdraw
 * (the prescriber or staff), each kept in the referral's history with
 * who, when and why; a step out of order is a 409. Hiring creates the
 * insertion action under the offer's attribution, or links the action
 * given by action_id (sql/migrations/0042).
 *
 * The deciding organisation sees the person's pseudonymous code and
 * whether the person is eligible, never the identity (see README).
 */
#include <stdlib.h>
#include <string.h>

#include "clauses/resource.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "http/lists.h"
#include "http/writes.h"
#include "people/people.h"

#define N	FF_NULLABLE
#define R	FF_REQUIRED

static const struct field_spec referral_fields[] = {
	{ "beneficiary_id", FT_UUID, 0, 0, 0, 0, R },
	{ "job_offer_id", FT_UUID, 0, 0, 0, 0, 0 },
	{ "siae_id", FT_UUID, 0, 0, 0, 0, 0 },
	{ "reason", FT_STRING, 1, 2000, 0, 0, N },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec step_fields[] = {
	{ "reason", FT_STRING, 1, 2000, 0, 0, N },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

/* A hire: the action's own fields, or the action to link. */
static const struct field_spec hire_fields[] = {
	{ "reason", FT_STRING, 1, 2000, 0, 0, N },
	{ "action_id", FT_UUID, 0, 0, 0, 0, 0 },
	{ "mode", FT_STRING, 1, 32, 0, 0, 0 },
	{ "contract_type", FT_STRING, 1, 64, 0, 0, 0 },
	{ "start_date", FT_DATE, 0, 0, 0, 0, 0 },
	{ "end_date", FT_DATE, 0, 0, 0, 0, N },
	{ "planned_hours", FT_NUMBER, 0, 0, 0, 1e8, N },
	{ "eligibility_override", FT_STRING, 1, 1000, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

#undef N
#undef R

static const struct res_decimal hire_decimals[] = {
	{ "planned_hours", 2 }, { NULL, 0 },
};

static void	referral_check(json_t *, json_t *);
static void	hire_check(json_t *, json_t *);

#define REFERRAL_REACH							\
	"SELECT 1 FROM referrals r WHERE r.id = $1::uuid"		\
	" AND referral_reach(r, $2::uuid)"

static const struct res referral_res = {
	"referral", "/v1/referrals", referral_fields, NULL, NULL,
	referral_check, NULL, NULL, NULL, NULL, NULL, NULL,
};
static const struct res step_res = {
	"referral", "/v1/referrals", step_fields, NULL, NULL, NULL, NULL,
	NULL, NULL, REFERRAL_REACH, NULL, NULL,
};
static const struct res hire_res = {
	"referral", "/v1/referrals", hire_fields, hire_decimals, NULL,
	hire_check, NULL, NULL, NULL, REFERRAL_REACH, NULL, NULL,
};

static const char sql_create[] =
	"SELECT status, errors::text, body, id, version FROM referral_create("
	"$1::jsonb, $2::uuid, $3::uuid, $4::date, $5::timestamptz)";

static const char sql_step[] =
	"SELECT status, errors::text, body, version FROM referral_step("
	"$1::uuid, $2, $3::jsonb, $4::uuid, $5::uuid, $6::date,"
	" $7::timestamptz)";

static const char sql_get[] =
	"SELECT referral_json(r, $3::date)::text, r.version FROM referrals r"
	" WHERE r.id = $1::uuid AND referral_reach(r, $2::uuid)";

/* $1 own, $2 status[], $3 beneficiary_id[], $4 job_offer_id[]. */
static const char sql_list[] =
	"WITH f AS NOT MATERIALIZED (SELECT r.* FROM referrals r"
	"  WHERE referral_reach(r, $1::uuid)"
	"  AND ($2::text[] IS NULL OR r.status = ANY ($2::text[]))"
	"  AND ($3::uuid[] IS NULL OR r.beneficiary_id = ANY ($3::uuid[]))"
	"  AND ($4::uuid[] IS NULL OR r.job_offer_id = ANY ($4::uuid[]))),"
	PEOPLE_PAGE("referral_json(f, $8::date)");

static const struct people_filter referral_filters[] = {
	{ "status", people_status_valid },
	{ "beneficiary_id", uuid_valid },
	{ "job_offer_id", uuid_valid },
};

/* What a write computes once and keeps across Kore's retries. */
struct referral_write {
	char		 now[CLOCK_RFC3339_LEN];
	char		 today[CLOCK_DATE_LEN];
};

static struct referral_write	*write_state(struct asr_req *);

int
referrals_create(struct http_request *req, struct asr_req *ar)
{
	struct referral_write	*st = write_state(ar);
	const char		*params[5];
	char			*body;
	int			 rc;

	switch (res_body(req, ar, &referral_res, 1, NULL, &body)) {
	case RES_PENDING:
		return (KORE_RESULT_RETRY);
	case RES_ANSWERED:
		return (KORE_RESULT_OK);
	}

	params[0] = body;
	params[1] = ar->who.sub;
	params[2] = res_own(ar);
	params[3] = st->today;
	params[4] = st->now;
	rc = write_run(req, ar, WRITE_CREATE, "referral", sql_create, 5,
	    params);
	free(body);
	switch (rc) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (write_answer(req, ar, WRITE_CREATE, IF_MATCH_ANY,
	    "/v1/referrals", "person or job offer"));
}

/* POST /v1/referrals/{id}/<verb>, the verb from the path. */
int
referrals_step(struct http_request *req, struct asr_req *ar)
{
	struct referral_write	*st = write_state(ar);
	const char		*params[7], *verb;
	char			*body;
	int			 rc;

	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, "referral"));
	verb = strrchr(req->path, '/') + 1;

	switch (res_body(req, ar, strcmp(verb, "hire") == 0 ? &hire_res :
	    &step_res, 1, REFERRAL_REACH, &body)) {
	case RES_PENDING:
		return (KORE_RESULT_RETRY);
	case RES_ANSWERED:
		return (KORE_RESULT_OK);
	}

	params[0] = ar->params.value[0];
	params[1] = verb;
	params[2] = body;
	params[3] = ar->who.sub;
	params[4] = res_own(ar);
	params[5] = st->today;
	params[6] = st->now;
	rc = write_run(req, ar, WRITE_ACTION, "referral", sql_step, 7,
	    params);
	free(body);
	switch (rc) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (write_answer(req, ar, WRITE_UPDATE, IF_MATCH_ANY,
	    "/v1/referrals", "referral"));
}

int
referrals_get(struct http_request *req, struct asr_req *ar)
{
	struct referral_write	*st = write_state(ar);
	const char		*params[3];

	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, "referral"));

	params[0] = ar->params.value[0];
	params[1] = res_own(ar);
	params[2] = st->today;
	switch (db_run(req, &ar->db, sql_get, 3, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (res_not_found(req, ar, "referral"));

	list_etag(req, db_value(&ar->db, 0, 1));
	return (asr_db_json(req, ar, 200, 0));
}

int
referrals_list(struct http_request *req, struct asr_req *ar)
{
	return (people_list(req, ar, sql_list, referral_filters));
}

/* The state of the request, with now and Mayotte's today set once. */
static struct referral_write *
write_state(struct asr_req *ar)
{
	struct referral_write	*st = asr_state(ar, sizeof(*st));

	if (st->now[0] == '\0') {
		clock_format_rfc3339(clock_now_ms(), st->now, sizeof(st->now));
		(void)res_today(st->today, sizeof(st->today));
	}

	return (st);
}

/* A referral goes to one job offer or to one SIAE. */
static void
referral_check(json_t *body, json_t *errors)
{
	int	offer, siae;

	offer = json_object_get(body, "job_offer_id") != NULL;
	siae = json_object_get(body, "siae_id") != NULL;
	if (offer == siae)
		asr_field_error(errors, offer ? "siae_id" : "job_offer_id",
		    offer ? "invalid" : "required",
		    "Give either job_offer_id or siae_id.");
}

static void
hire_check(json_t *body, json_t *errors)
{
	res_check_dates(body, "start_date", "end_date", errors);
}
