/*
 * POST /v1/tools/required-hours: the insertion-hours simulator that
 * facilitators and buyers use before drafting a clause. Same arithmetic as
 * the clauses (src/core/hours.c); the defaults (hourly cost, share of hours)
 * are the territory's reference parameters, read from the database only
 * when the request leaves one out.
 */
#include <stdlib.h>
#include <string.h>

#include "core/decimal.h"
#include "core/hours.h"
#include "http/fields.h"
#include "tools/tools.h"

#define MAX_AMOUNT_CENTS	10000000000000LL	/* 100 bn EUR */
#define MAX_HOURLY_COST_CENTS	100000LL		/* 1,000 EUR/h */
#define MAX_HOURS_CENTI		10000000000LL		/* 100 M hours */
#define SHARE_ONE		1000000LL

static const char *const rules[] = { "amount_based", "hours_share", NULL };
static const char *const amount_fields[] = { "rule", "amount", "labour_share",
	"insertion_rate", "hourly_cost", NULL };
static const char *const share_fields[] = { "rule", "hours_worked",
	"insertion_share", NULL };
static const char *const any_fields[] = { "rule", "amount", "labour_share",
	"insertion_rate", "hourly_cost", "hours_worked", "insertion_share",
	NULL };

static const char sql_defaults[] =
	"SELECT code, value::text FROM territory_parameters"
	" WHERE code IN ('hourly_cost_default', 'hours_share_default')";

struct simulation {
	const char			*rule;
	struct hours_amount_input	 amount;
	int				 cost_given;
	int64_t				 hours_worked;
	int64_t				 share;
	int				 share_given;
};

static int	simulation_parse(json_t *, struct simulation *, json_t *);
static int	simulation_defaults(struct simulation *, struct db_call *);
static int	simulation_answer(struct http_request *, struct asr_req *,
		    struct simulation *);

int
tools_required_hours(struct http_request *req, struct asr_req *ar)
{
	struct simulation	sim;
	json_t			*errors;

	errors = json_array();
	if (!simulation_parse(ar->body, &sim, errors))
		return (asr_problem_errors(req, ar, 400, "validation-failed",
		    "Some fields are missing or invalid; see errors.", errors));
	json_decref(errors);

	if ((sim.rule == rules[0] && !sim.cost_given) ||
	    (sim.rule == rules[1] && !sim.share_given)) {
		switch (db_run(req, &ar->db, sql_defaults, 0, NULL)) {
		case DB_PENDING:
			return (KORE_RESULT_RETRY);
		case DB_ERROR:
			return (asr_db_failure(req, ar));
		}
		if (!simulation_defaults(&sim, &ar->db))
			return (asr_problem(req, ar, 500, "internal-error",
			    "The territory's default parameters are missing."));
	}

	return (simulation_answer(req, ar, &sim));
}

/* Returns 1 when the body is valid. */
static int
simulation_parse(json_t *body, struct simulation *sim, json_t *errors)
{
	int		rc;

	memset(sim, 0, sizeof(*sim));
	if (field_enum(body, "rule", rules, 1, &sim->rule, errors) !=
	    FIELD_OK) {
		(void)fields_unknown(body, any_fields, errors);
		return (0);
	}

	if (sim->rule == rules[0]) {
		(void)fields_unknown(body, amount_fields, errors);
		(void)field_decimal(body, "amount", 2, 1, MAX_AMOUNT_CENTS, 1,
		    &sim->amount.amount_cents, errors);
		(void)field_decimal(body, "labour_share", 6, 1, SHARE_ONE, 1,
		    &sim->amount.labour_share_micro, errors);
		(void)field_decimal(body, "insertion_rate", 6, 1, SHARE_ONE, 1,
		    &sim->amount.insertion_rate_micro, errors);
		rc = field_decimal(body, "hourly_cost", 2, 1,
		    MAX_HOURLY_COST_CENTS, 0, &sim->amount.hourly_cost_cents,
		    errors);
		sim->cost_given = rc == FIELD_OK;
	} else {
		(void)fields_unknown(body, share_fields, errors);
		(void)field_decimal(body, "hours_worked", 2, 1,
		    MAX_HOURS_CENTI, 1, &sim->hours_worked, errors);
		rc = field_decimal(body, "insertion_share", 6, 1, SHARE_ONE, 0,
		    &sim->share, errors);
		sim->share_given = rc == FIELD_OK;
	}

	return (json_array_size(errors) == 0);
}

static int
simulation_defaults(struct simulation *sim, struct db_call *db)
{
	const char	*code;
	int		 row, found;

	found = 0;
	for (row = 0; row < db_rows(db); row++) {
		code = db_value(db, row, 0);
		if (sim->rule == rules[0] && !sim->cost_given &&
		    strcmp(code, "hourly_cost_default") == 0) {
			found = decimal_from_double(strtod(db_value(db, row, 1),
			    NULL), 2, &sim->amount.hourly_cost_cents) ==
			    DECIMAL_OK;
		} else if (sim->rule == rules[1] && !sim->share_given &&
		    strcmp(code, "hours_share_default") == 0) {
			found = decimal_from_double(strtod(db_value(db, row, 1),
			    NULL), 6, &sim->share) == DECIMAL_OK;
		}
	}

	return (found);
}

static int
simulation_answer(struct http_request *req, struct asr_req *ar,
    struct simulation *sim)
{
	int64_t		hours;
	json_t		*out;

	if (sim->rule == rules[0]) {
		if (hours_amount_based(&sim->amount, &hours) != HOURS_OK)
			return (asr_problem(req, ar, 500, "internal-error",
			    "The hourly cost is not usable."));
		out = json_pack("{s:s, s:f, s:f, s:f, s:f, s:f, s:s}",
		    "rule", sim->rule,
		    "required_hours", decimal_to_double(hours, 2),
		    "amount", decimal_to_double(sim->amount.amount_cents, 2),
		    "labour_share",
		    decimal_to_double(sim->amount.labour_share_micro, 6),
		    "insertion_rate",
		    decimal_to_double(sim->amount.insertion_rate_micro, 6),
		    "hourly_cost",
		    decimal_to_double(sim->amount.hourly_cost_cents, 2),
		    "hourly_cost_source",
		    sim->cost_given ? "request" : "territory_default");
	} else {
		if (hours_share_based(sim->hours_worked, sim->share, &hours) !=
		    HOURS_OK)
			return (asr_problem(req, ar, 500, "internal-error",
			    "The default share of hours is not usable."));
		out = json_pack("{s:s, s:f, s:f, s:f}",
		    "rule", sim->rule,
		    "required_hours", decimal_to_double(hours, 2),
		    "hours_worked", decimal_to_double(sim->hours_worked, 2),
		    "insertion_share", decimal_to_double(sim->share, 6));
	}

	return (asr_json(req, ar, 200, out));
}
