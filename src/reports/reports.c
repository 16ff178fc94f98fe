/*
 * Reports (see reports.h). The figures come from one SQL function per
 * report (sql/migrations/0061_reports.sql) answering (status, errors,
 * body); this file checks the filters, then adds what is pure arithmetic
 * (age bands, full-time equivalents: core/report.c), masks the small
 * counts of people when a buyer asks, and answers JSON or CSV
 * (http/export.h; a report is an aggregate, small, sent in one piece).
 *
 * Filters: ?year= or ?from=&to= (dates, from <= to), ?buyer_id=,
 * ?market_id=, ?commune= (INSEE). The route says which a report takes;
 * the rest answer 400 before any query. Buyers see their own
 * organisation's figures only (the SQL restricts to it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clauses/resource.h"
#include "core/clock.h"
#include "core/csvjson.h"
#include "core/report.h"
#include "core/uuid.h"
#include "http/export.h"
#include "reports/reports.h"

struct filters {
	const char	*buyer;
	const char	*market;
	const char	*commune;
	const char	*from;
	const char	*to;
	int		 year;
	char		 from_buf[11];
	char		 to_buf[11];
	char		 year_buf[5];
};

static const char *const sql_clauses =
	"SELECT status, errors::text, body::text FROM report_clauses("
	"$1::uuid, $2::uuid, $3::uuid, $4, $5::date, $6::date, $7::date)";
static const char *const sql_people =
	"SELECT status, errors::text, body::text FROM report_people("
	"$1::uuid, $2::uuid, $3::uuid, $4, $5::date, $6::date, $7::date)";
static const char *const sql_activity =
	"SELECT status, errors::text, body::text FROM report_activity("
	"$2::uuid, $4, $5::date, $6::date, $7::date)"
	" WHERE $1::uuid IS NULL AND $3::uuid IS NULL";
static const char *const sql_survey =
	"SELECT 'ok', NULL, body::text FROM report_survey($1::integer,"
	" $2::date)";
static const char *const sql_clause =
	"SELECT 'ok', NULL, report_clause($1::uuid, $2::uuid, $3::date)::text"
	" WHERE report_clause($1::uuid, $2::uuid, $3::date) IS NOT NULL";

static int	filters_parse(struct http_request *, struct asr_req *,
		    struct filters *, int);
static void	check_one(struct asr_req *, const char *, json_t *);
static const char	*date_param(struct asr_req *, const char *, json_t *);
static int	report_run(struct http_request *, struct asr_req *,
		    const char *, int, const char **);
static int	report_answer(struct http_request *, struct asr_req *,
		    const struct export_fmt *, json_t *);
static int	filtered(struct http_request *, struct asr_req *,
		    const char *);

int
reports_clauses(struct http_request *req, struct asr_req *ar)
{
	return (filtered(req, ar, sql_clauses));
}

int
reports_people(struct http_request *req, struct asr_req *ar)
{
	return (filtered(req, ar, sql_people));
}

int
reports_activity(struct http_request *req, struct asr_req *ar)
{
	return (filtered(req, ar, sql_activity));
}

/* The national survey: one year, required. */
int
reports_survey(struct http_request *req, struct asr_req *ar)
{
	struct filters	 f;
	const char	*params[2];
	char		 today[CLOCK_DATE_LEN];

	if (!filters_parse(req, ar, &f, 1))
		return (KORE_RESULT_OK);
	params[0] = f.year_buf;
	params[1] = res_today(today, sizeof(today));

	return (report_run(req, ar, sql_survey, 2, params));
}

/* GET /v1/clauses/{id}/report: a buyer's own clauses only (else 404). */
int
reports_clause(struct http_request *req, struct asr_req *ar)
{
	struct export_fmt	 ex;
	const char	*params[3];
	char		 today[CLOCK_DATE_LEN];

	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, "clause"));
	if (!export_format(req, ar, &ex))
		return (KORE_RESULT_OK);
	params[0] = ar->params.value[0];
	params[1] = res_own(ar);
	params[2] = res_today(today, sizeof(today));
	switch (db_run(req, &ar->db, sql_clause, 3, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}
	if (db_rows(&ar->db) != 1)
		return (res_not_found(req, ar, "clause"));

	return (report_run(req, ar, NULL, 0, NULL));
}

/* A report taking the filters: $1 own, $2..$6 the filters, $7 today. */
static int
filtered(struct http_request *req, struct asr_req *ar, const char *sql)
{
	struct filters	 f;
	const char	*params[7];
	char		 today[CLOCK_DATE_LEN];

	if (!filters_parse(req, ar, &f, 0))
		return (KORE_RESULT_OK);
	params[0] = res_own(ar);
	params[1] = f.buyer;
	params[2] = f.market;
	params[3] = f.commune;
	params[4] = f.from;
	params[5] = f.to;
	params[6] = res_today(today, sizeof(today));

	return (report_run(req, ar, sql, 7, params));
}

/*
 * The filters of the query string, strictly: each at most once and well
 * formed, a year or a period (not both), from <= to. need_year: the year
 * is required. Returns 0 once a 400 answered.
 */
static int
filters_parse(struct http_request *req, struct asr_req *ar, struct filters *f,
    int need_year)
{
	static const char *const names[] = { "year", "from", "to", "buyer_id",
		"market_id", "commune", "format", "delimiter", NULL };
	json_t		*errors;
	const char	*y;
	size_t		 i;

	memset(f, 0, sizeof(*f));
	errors = json_array();
	for (i = 0; names[i] != NULL; i++)
		check_one(ar, names[i], errors);

	if ((y = qs_get(&ar->query, "year")) != NULL) {
		if (strlen(y) != 4 || strspn(y, "0123456789") != 4 ||
		    strcmp(y, "2000") < 0 || strcmp(y, "2100") > 0)
			asr_field_error(errors, "year", "invalid",
			    "Expected a year from 2000 to 2100.");
		else if (qs_get(&ar->query, "from") != NULL ||
		    qs_get(&ar->query, "to") != NULL)
			asr_field_error(errors, "year", "invalid",
			    "Give a year or a period (from, to), not both.");
		else {
			(void)snprintf(f->year_buf, sizeof(f->year_buf), "%s",
			    y);
			(void)snprintf(f->from_buf, sizeof(f->from_buf),
			    "%s-01-01", y);
			(void)snprintf(f->to_buf, sizeof(f->to_buf),
			    "%s-12-31", y);
			f->from = f->from_buf;
			f->to = f->to_buf;
		}
	} else if (need_year) {
		asr_field_error(errors, "year", "invalid",
		    "The survey is for one year.");
	} else {
		f->from = date_param(ar, "from", errors);
		f->to = date_param(ar, "to", errors);
		if (f->from != NULL && f->to != NULL &&
		    strcmp(f->from, f->to) > 0)
			asr_field_error(errors, "to", "invalid",
			    "The period ends on or after its start (from).");
	}

	f->buyer = qs_get(&ar->query, "buyer_id");
	if (f->buyer != NULL && !uuid_valid(f->buyer))
		asr_field_error(errors, "buyer_id", "invalid",
		    "Expected the UUID of a buyer.");
	f->market = qs_get(&ar->query, "market_id");
	if (f->market != NULL && !uuid_valid(f->market))
		asr_field_error(errors, "market_id", "invalid",
		    "Expected the UUID of a market.");
	f->commune = qs_get(&ar->query, "commune");
	if (f->commune != NULL && (strlen(f->commune) != 5 ||
	    strspn(f->commune, "0123456789") != 5))
		asr_field_error(errors, "commune", "invalid",
		    "Expected the INSEE code of a commune (976xx).");

	if (json_array_size(errors) > 0)
		return (!asr_problem_errors(req, ar, 400, "invalid-query",
		    "The report's filters are invalid.", errors));
	json_decref(errors);

	return (1);
}

static void
check_one(struct asr_req *ar, const char *name, json_t *errors)
{
	if (qs_count(&ar->query, name) > 1)
		asr_field_error(errors, name, "invalid", "Give it once.");
}

/* ?name= as a date (YYYY-MM-DD), NULL when absent or invalid. */
static const char *
date_param(struct asr_req *ar, const char *name, json_t *errors)
{
	const char	*v;
	int64_t		 ms;

	if ((v = qs_get(&ar->query, name)) == NULL)
		return (NULL);
	if (strlen(v) != 10 || !clock_parse_date(v, &ms)) {
		asr_field_error(errors, name, "invalid",
		    "Expected a date as YYYY-MM-DD.");
		return (NULL);
	}

	return (v);
}

/*
 * Runs sql (NULL: the result is there already) and answers its row:
 * status 'invalid' is a 400 naming the filters, else the body.
 */
static int
report_run(struct http_request *req, struct asr_req *ar, const char *sql,
    int nparams, const char **params)
{
	struct export_fmt	 ex;
	json_t		*body, *errors;

	if (!export_format(req, ar, &ex))
		return (KORE_RESULT_OK);
	if (sql != NULL) {
		switch (db_run(req, &ar->db, sql, nparams, params)) {
		case DB_PENDING:
			return (KORE_RESULT_RETRY);
		case DB_ERROR:
			return (asr_db_failure(req, ar));
		}
	}
	if (db_rows(&ar->db) != 1)
		return (asr_problem(req, ar, 403, "forbidden",
		    "This report is not yours to read."));

	if (strcmp(db_value(&ar->db, 0, 0), "invalid") == 0) {
		errors = json_loads(db_value(&ar->db, 0, 1), 0, NULL);
		return (asr_problem_errors(req, ar, 400, "invalid-query",
		    "A filter names nothing within your reach.",
		    errors != NULL ? errors : json_array()));
	}
	if ((body = json_loads(db_value(&ar->db, 0, 2), 0, NULL)) == NULL)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The report could not be read."));

	return (report_answer(req, ar, &ex, body));
}

/* Age bands, FTEs, masking for buyers, then JSON or CSV; frees body. */
static int
report_answer(struct http_request *req, struct asr_req *ar,
    const struct export_fmt *ex, json_t *body)
{
	struct csv_buf	 b;
	json_t		*years, *ref, *progress;

	years = json_object_get(body, "by_birth_year");
	ref = json_object_get(body, "age_reference_year");
	if (years != NULL && json_is_integer(ref)) {
		(void)json_object_set_new(body, "by_age_band",
		    report_age_bands(years, (int)json_integer_value(ref)));
		(void)json_object_del(body, "by_birth_year");
	}
	/* The clause report's progress is GET .../progress's, unchanged. */
	if ((progress = json_object_get(body, "progress")) != NULL) {
		(void)json_incref(progress);
		(void)json_object_del(body, "progress");
	}
	report_add_fte(body);
	if (progress != NULL)
		(void)json_object_set_new(body, "progress", progress);
	if (ar->who.role == ROLE_BUYER)
		(void)report_mask(body);

	if (!ex->csv)
		return (asr_json(req, ar, 200, body));

	memset(&b, 0, sizeof(b));
	csv_report(&b, body, ex->delim);
	json_decref(body);

	return (export_csv(req, ar, ex, &b));
}
