/*
 * Job offers under clauses (/v1/job-offers, see people.h): a position the
 * attributed organisation (or staff) publishes under an attribution, for
 * prescribers to refer people to. Prescribers see the open offers, an
 * organisation its own, staff all; another organisation's offer is a 404.
 * Closing is a PATCH of status (closed, or filled; a hire fills the last
 * post by itself). Writes are the SQL functions of 0042 through res_*.
 */
#include <string.h>

#include "clauses/resource.h"
#include "core/clock.h"
#include "core/code.h"
#include "core/uuid.h"
#include "http/lists.h"
#include "people/people.h"

#define N	FF_NULLABLE
#define R	FF_REQUIRED

static const char *const statuses[] = { "open", "filled", "closed", NULL };

static const struct field_spec offer_fields[] = {
	{ "attribution_id", FT_UUID, 0, 0, 0, 0, R },
	{ "title", FT_STRING, 1, 200, 0, 0, R },
	{ "commune_insee", FT_COMMUNE, 0, 0, 0, 0, R },
	{ "contract_type", FT_STRING, 1, 64, 0, 0, R },
	{ "weekly_hours", FT_NUMBER, 0, 0, 0.5, 48, N },
	{ "start_date", FT_DATE, 0, 0, 0, 0, R },
	{ "posts", FT_NUMBER, 0, 0, 1, 999, 0 },
	{ "status", FT_STRING, 1, 16, 0, 0, 0 },
	{ "description", FT_STRING, 1, 4000, 0, 0, N },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

#undef N
#undef R

static const struct res_decimal offer_decimals[] = {
	{ "weekly_hours", 2 }, { "posts", 0 }, { NULL, 0 },
};
static const struct res_enum offer_enums[] = {
	{ "status", statuses }, { NULL, NULL },
};

static const struct res offer_res = {
	"job offer", "/v1/job-offers", offer_fields, offer_decimals,
	offer_enums, NULL,
	"SELECT status, errors::text, body, id, version FROM job_offer_create("
	"$1::jsonb, $2::uuid, $3::uuid, $4::timestamptz)",
	"SELECT status, errors::text, body, version FROM job_offer_update("
	"$1::uuid, $2::jsonb, $3::int[], $4::uuid, $5::uuid, $6::timestamptz)",
	"SELECT job_offer_json(j)::text, j.version FROM job_offers j"
	" WHERE j.id = $1::uuid AND job_offer_reach(j, $2::uuid)",
	"SELECT 1 FROM job_offers j WHERE j.id = $1::uuid"
	" AND job_offer_reach(j, $2::uuid)",
	NULL, NULL,
};

/* $1 own, $2 status[], $3 commune_insee[], $4 attribution_id[]. */
static const char sql_list[] =
	"WITH f AS NOT MATERIALIZED (SELECT j.* FROM job_offers j"
	"  WHERE job_offer_reach(j, $1::uuid)"
	"  AND ($2::text[] IS NULL OR j.status = ANY ($2::text[]))"
	"  AND ($3::text[] IS NULL OR j.commune_insee = ANY ($3::text[]))"
	"  AND ($4::uuid[] IS NULL OR j.attribution_id = ANY ($4::uuid[]))"
	"  AND $8::date IS NOT NULL),"
	PEOPLE_PAGE("job_offer_json(f)");

static const struct people_filter offer_filters[] = {
	{ "status", people_status_valid },
	{ "commune_insee", code_valid },
	{ "attribution_id", uuid_valid },
};

int
job_offers_create(struct http_request *req, struct asr_req *ar)
{
	return (res_create(req, ar, &offer_res, 0));
}

int
job_offers_get(struct http_request *req, struct asr_req *ar)
{
	return (res_get(req, ar, &offer_res));
}

int
job_offers_update(struct http_request *req, struct asr_req *ar)
{
	return (res_update(req, ar, &offer_res));
}

int
job_offers_list(struct http_request *req, struct asr_req *ar)
{
	return (people_list(req, ar, sql_list, offer_filters));
}

/* A status of offers or referrals, as the lists filter them. */
int
people_status_valid(const char *s)
{
	static const char *const all[] = { "open", "filled", "closed",
		"proposed", "accepted", "hired", "declined", "withdrawn",
		NULL };

	return (res_member(all, s));
}

/*
 * A list of the people module in creation order: sql takes $1 own, $2 to
 * $4 the three filters, $5 $6 the cursor, $7 the limit, $8 today, $9
 * whether to count (PEOPLE_PAGE).
 */
int
people_list(struct http_request *req, struct asr_req *ar, const char *sql,
    const struct people_filter *filters)
{
	struct list_page	page;
	char			buf[3][LIST_FILTER_LEN], today[CLOCK_DATE_LEN];
	const char		*params[9];
	int64_t			 ms;
	int			 i;

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 2))
		return (KORE_RESULT_OK);
	for (i = 0; i < 3; i++)
		if (!list_filter(req, ar, filters[i].name, filters[i].valid,
		    buf[i], &params[1 + i]))
			return (KORE_RESULT_OK);
	if (page.has_cursor && (!uuid_valid(page.cursor.part[1]) ||
	    !clock_parse_rfc3339(page.cursor.part[0], &ms)))
		return (list_bad_cursor(req, ar));

	params[0] = res_own(ar);
	params[4] = page.has_cursor ? page.cursor.part[0] : NULL;
	params[5] = page.has_cursor ? page.cursor.part[1] : NULL;
	params[6] = page.limit_text;
	params[7] = res_today(today, sizeof(today));
	params[8] = page.count;
	switch (db_run(req, &ar->db, sql, 9, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (list_answer(req, ar, &page, 1, 2, 3));
}
