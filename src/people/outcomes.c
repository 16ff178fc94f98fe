/*
 * Outcomes (see people.h): what became of a person at the end of an
 * insertion action (checkpoint "end") and months after it ("m6" by
 * default, followup_checkpoint_months), in the national categories. The
 * free-text situation is sealed here under "outcome:<id>:situation" and
 * opened only in answers; each read of one is audited as a person's.
 * Staff and the referring prescriber write and read them; GET
 * /v1/outcomes/due lists the checkpoints to fill as of today.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "clauses/resource.h"
#include "core/clock.h"
#include "core/person.h"
#include "core/uuid.h"
#include "http/lists.h"
#include "http/writes.h"
#include "people/people.h"

#define N	FF_NULLABLE
#define R	FF_REQUIRED

static const struct field_spec outcome_fields[] = {
	{ "action_id", FT_UUID, 0, 0, 0, 0, R },
	{ "checkpoint", FT_STRING, 1, 3, 0, 0, 0 },
	{ "category", FT_STRING, 1, 64, 0, 0, R },
	{ "situation", FT_STRING, 1, 2000, 0, 0, N },
	{ "recorded_at", FT_DATE, 0, 0, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

/* A correction: the category, the day, the situation. */
static const struct field_spec correction_fields[] = {
	{ "category", FT_STRING, 1, 64, 0, 0, 0 },
	{ "situation", FT_STRING, 1, 2000, 0, 0, N },
	{ "recorded_at", FT_DATE, 0, 0, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

#undef N
#undef R

#define OUTCOME_REACH							\
	"SELECT 1 FROM outcomes o WHERE o.id = $1::uuid"		\
	" AND outcome_reach(o, $2::uuid)"

static const struct res outcome_res = {
	"outcome", "/v1/outcomes", outcome_fields, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, NULL,
};
static const struct res correction_res = {
	"outcome", "/v1/outcomes", correction_fields, NULL, NULL, NULL, NULL,
	NULL, NULL, OUTCOME_REACH, NULL, NULL,
};

static const char sql_create[] =
	"SELECT status, errors::text, body, id, version FROM outcome_create("
	"$1::jsonb, $2::uuid, $3::bytea, $4, $5::uuid, $6::uuid, $7::date,"
	" $8::timestamptz)";

static const char sql_update[] =
	"SELECT status, errors::text, body, version FROM outcome_update("
	"$1::uuid, $2::jsonb, $3::bytea, $4, $5::int[], $6::uuid, $7::uuid,"
	" $8::date, $9::timestamptz)";

static const char sql_get[] =
	"WITH r AS (SELECT outcome_json(o)::text AS item, o.version, o.id"
	" FROM outcomes o WHERE o.id = $1::uuid"
	" AND outcome_reach(o, $2::uuid)),"
	" a AS (" AUDIT_READ_INSERT("3", "4", "5", "6", "7", "8", "9", "10",
	"outcome", "r.id") " FROM r)"
	" SELECT item, version FROM r";

/*
 * The checkpoints due, oldest due first: $1 own, $2 today, $3 to $5 the
 * cursor (due day, action, checkpoint), $6 the limit, $7 whether to count.
 */
static const char sql_due[] =
	"WITH f AS NOT MATERIALIZED (SELECT d.* FROM"
	"  outcomes_due($1::uuid, $2::date) d),"
	" page AS (SELECT f.item::text AS item, f.due_on AS k1,"
	"  f.action_id AS k2, f.checkpoint AS k3 FROM f"
	"  WHERE $3::date IS NULL OR (f.due_on, f.action_id, f.checkpoint)"
	"  > ($3::date, $4::uuid, $5::text)"
	"  ORDER BY f.due_on, f.action_id, f.checkpoint LIMIT $6::int)"
	" SELECT p.item, p.k1::text, p.k2::text, p.k3, t.total"
	LIST_TOTAL("7") " ORDER BY p.k1, p.k2, p.k3";

/* What a write computes once and keeps across Kore's retries. */
struct outcome_write {
	char		 id[PERSON_ID_LEN];
	char		 now[CLOCK_RFC3339_LEN];
	char		 today[CLOCK_DATE_LEN];
	char		 versions[IF_MATCH_LEN];
	const char	*lid;
	const char	*version_list;
	char		*sealed;
	char		*body;
	int		 if_match;
	int		 ready;
};

static struct outcome_write	*write_state(struct asr_req *);
static int	prepare(struct http_request *, struct asr_req *,
		    const struct res *, const char *);
static int	outcome_answer(struct http_request *, struct asr_req *, int,
		    int);
static json_t	*outcome_reveal(const char *);
static void	outcome_done(struct outcome_write *);
static int	checkpoint_valid(const char *);

int
outcomes_create(struct http_request *req, struct asr_req *ar)
{
	struct outcome_write	*st = write_state(ar);
	const char		*params[8];
	int			 rc;

	if (!st->ready) {
		person_new_id(st->id);
		if ((rc = prepare(req, ar, &outcome_res, st->id)) != RES_OK)
			return (rc == RES_PENDING ? KORE_RESULT_RETRY :
			    KORE_RESULT_OK);
	}

	params[0] = st->body;
	params[1] = st->id;
	params[2] = st->sealed;
	params[3] = st->sealed != NULL ? st->lid : NULL;
	params[4] = ar->who.sub;
	params[5] = res_own(ar);
	params[6] = st->today;
	params[7] = st->now;
	switch (write_run(req, ar, WRITE_CREATE, "outcome", sql_create, 8,
	    params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		outcome_done(st);
		return (asr_db_failure(req, ar));
	}

	outcome_done(st);
	return (outcome_answer(req, ar, WRITE_CREATE, IF_MATCH_ANY));
}

/* PATCH with If-Match: a correction of a recorded outcome. */
int
outcomes_update(struct http_request *req, struct asr_req *ar)
{
	struct outcome_write	*st = write_state(ar);
	const char		*params[9];
	int			 rc;

	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, "outcome"));
	if (!st->ready) {
		if ((rc = prepare(req, ar, &correction_res,
		    ar->params.value[0])) != RES_OK)
			return (rc == RES_PENDING ? KORE_RESULT_RETRY :
			    KORE_RESULT_OK);
		st->if_match = list_if_match(req, st->versions,
		    &st->version_list);
	}

	params[0] = ar->params.value[0];
	params[1] = st->body;
	params[2] = st->sealed;
	params[3] = st->sealed != NULL ? st->lid : NULL;
	params[4] = st->version_list;
	params[5] = ar->who.sub;
	params[6] = res_own(ar);
	params[7] = st->today;
	params[8] = st->now;
	switch (write_run(req, ar, WRITE_UPDATE, "outcome", sql_update, 9,
	    params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		outcome_done(st);
		return (asr_db_failure(req, ar));
	}

	outcome_done(st);
	return (outcome_answer(req, ar, WRITE_UPDATE, st->if_match));
}

int
outcomes_get(struct http_request *req, struct asr_req *ar)
{
	struct outcome_write	*st = write_state(ar);
	const char		*params[2 + AUDIT_READ_PARAMS];
	char			 at[CLOCK_RFC3339_LEN];
	int			 n;

	if (!uuid_valid(ar->params.value[0]))
		return (res_not_found(req, ar, "outcome"));

	params[0] = ar->params.value[0];
	params[1] = res_own(ar);
	n = audit_read_params(ar, params, 2, at, sizeof(at), "outcome.read");
	switch (db_run(req, &ar->db, sql_get, n, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	if (db_rows(&ar->db) != 1)
		return (res_not_found(req, ar, "outcome"));

	(void)st;
	list_etag(req, db_value(&ar->db, 0, 1));
	return (asr_json(req, ar, 200, outcome_reveal(db_value(&ar->db,
	    0, 0))));
}

/*
 * The checkpoints to fill as of today, a prescriber's own people's: a
 * list like any other, with the day it was computed for ("as_of").
 */
int
outcomes_due(struct http_request *req, struct asr_req *ar)
{
	struct outcome_write	*st = write_state(ar);
	struct list_page	 page;
	const char		*params[7];
	char			 as_of[CLOCK_DATE_LEN + 16];
	int64_t			 ms;

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 3))
		return (KORE_RESULT_OK);
	if (page.has_cursor && (!clock_parse_date(page.cursor.part[0], &ms) ||
	    !uuid_valid(page.cursor.part[1]) ||
	    !checkpoint_valid(page.cursor.part[2])))
		return (list_bad_cursor(req, ar));

	params[0] = res_own(ar);
	params[1] = st->today;
	params[2] = page.has_cursor ? page.cursor.part[0] : NULL;
	params[3] = page.has_cursor ? page.cursor.part[1] : NULL;
	params[4] = page.has_cursor ? page.cursor.part[2] : NULL;
	params[5] = page.limit_text;
	params[6] = page.count;
	switch (db_run(req, &ar->db, sql_due, 7, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	(void)snprintf(as_of, sizeof(as_of), "\"as_of\":\"%s\"", st->today);
	page.extra = as_of;
	return (list_answer(req, ar, &page, 1, 3, 4));
}

/* A checkpoint as cursors carry it: "end" or "m1" to "m99". */
static int
checkpoint_valid(const char *s)
{
	if (strcmp(s, "end") == 0)
		return (1);
	if (s[0] != 'm' || s[1] < '1' || s[1] > '9')
		return (0);

	return (s[2] == '\0' || (s[2] >= '0' && s[2] <= '9' && s[3] == '\0'));
}

/*
 * Checks the body and seals its situation under id: st->body is the body
 * without the situation's text (a null stays, to drop it). RES_OK, or
 * answered, or pending.
 */
static int
prepare(struct http_request *req, struct asr_req *ar, const struct res *r,
    const char *id)
{
	struct outcome_write	*st = write_state(ar);
	const char		*text;
	json_t			*copy;
	char			*body;
	int			 rc;

	rc = res_body(req, ar, r, r == &outcome_res, r->sql_reach, &body);
	if (rc != RES_OK)
		return (rc);
	free(body);

	text = json_string_value(json_object_get(ar->body, "situation"));
	if (text != NULL && (st->sealed = people_seal_text("outcome", id,
	    "situation", text, &st->lid)) == NULL) {
		(void)asr_problem(req, ar, 500, "internal-error",
		    "The situation could not be sealed.");
		return (RES_ANSWERED);
	}
	if ((copy = json_deep_copy(ar->body)) == NULL) {
		outcome_done(st);
		(void)asr_problem(req, ar, 500, "internal-error",
		    "The body could not be copied.");
		return (RES_ANSWERED);
	}
	if (text != NULL)
		(void)json_object_del(copy, "situation");
	st->body = asr_json_text(copy);
	json_decref(copy);
	st->ready = 1;

	return (RES_OK);
}

/* write_answer(), but an outcome's situation is opened first. */
static int
outcome_answer(struct http_request *req, struct asr_req *ar, int kind,
    int if_match)
{
	const char	*status;
	char		 location[96];

	status = db_value(&ar->db, 0, 0);
	if (strcmp(status, "ok") != 0 && strcmp(status, "replay") != 0)
		return (write_answer(req, ar, kind, if_match, "/v1/outcomes",
		    kind == WRITE_CREATE ? "action of your people" :
		    "outcome"));

	if (kind == WRITE_CREATE) {
		(void)snprintf(location, sizeof(location), "/v1/outcomes/%s",
		    db_value(&ar->db, 0, 3));
		http_response_header(req, "location", location);
		list_etag(req, db_value(&ar->db, 0, 4));
	} else {
		list_etag(req, db_value(&ar->db, 0, 3));
	}

	return (asr_json(req, ar, kind == WRITE_CREATE ? 201 : 200,
	    outcome_reveal(db_value(&ar->db, 0, 2))));
}

/* An outcome's JSON text from PostgreSQL, its situation opened. */
static json_t *
outcome_reveal(const char *text)
{
	json_t	*outcome, *one;

	if ((outcome = json_loads(text, 0, NULL)) == NULL)
		return (NULL);
	one = json_array();
	(void)json_array_append(one, outcome);
	people_reveal_texts(one, "outcome", "situation");
	json_decref(one);

	return (outcome);
}

static struct outcome_write *
write_state(struct asr_req *ar)
{
	struct outcome_write	*st = asr_state(ar, sizeof(*st));
	int64_t			 now;

	if (st->now[0] == '\0') {
		now = clock_now_ms();
		clock_format_rfc3339(now, st->now, sizeof(st->now));
		clock_mayotte_date(now, st->today, sizeof(st->today));
	}

	return (st);
}

static void
outcome_done(struct outcome_write *st)
{
	if (st->sealed != NULL) {
		sodium_memzero(st->sealed, strlen(st->sealed));
		free(st->sealed);
		st->sealed = NULL;
	}
	free(st->body);
	st->body = NULL;
	st->ready = 0;
}
