/*
 * Each worker's index of the public suppliers (see index.h): the question
 * each search asks PostgreSQL, the answer from memory when the index is
 * current, and the rebuild, one statement on a connection of its own so
 * that it never waits behind the requests it serves.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "asr.h"
#include "catalogue/cache.h"
#include "catalogue/index.h"
#include "catalogue/search.h"
#include "core/catindex.h"
#include "core/clock.h"

#define INDEX_DB		"index"
#define REBUILD_PAUSE_MS	250	/* between two rebuilds' starts, */
#define REBUILD_SHARE		10	/* and ten times the last one's time */
#define BUILD_STEP		500	/* rows or suppliers between two looks
					   at the network */
#define GENERATION_LEN		24

/* $1 q or NULL, $2 updated_since or NULL. */
static const char sql_generation[] =
	"SELECT generation::text, CASE WHEN $1::text IS NULL THEN NULL ELSE"
	" websearch_to_tsquery('asr_fr', $1::text)::text END,"
	" CASE WHEN $2::text IS NULL THEN NULL ELSE"
	" (extract(epoch FROM $2::timestamptz) * 1000000)::bigint::text END"
	" FROM catalogue_state";

/*
 * Everything an index holds, in one statement (one snapshot): the
 * generation, the reference codes (r0 to r4: CATINDEX_REF_*) and the
 * public suppliers, for Mayotte's day $1.
 */
static const char sql_build[] =
	"SELECT r.t, r.code, r.label, NULL, NULL, NULL, NULL, NULL, NULL,"
	" NULL, NULL, NULL, NULL, NULL, NULL FROM ("
	"SELECT 'n' AS t, generation::text AS code, NULL::text AS label"
	" FROM catalogue_state"
	" UNION ALL SELECT 'r0', code, NULL FROM sectors"
	" UNION ALL SELECT 'r1', code, label FROM sector_groups"
	" UNION ALL SELECT 'r2', code, NULL FROM organisation_subkinds"
	" UNION ALL SELECT 'r3', code, NULL FROM labels"
	" UNION ALL SELECT 'r4', code, label FROM communes) r"
	" UNION ALL SELECT 'o', o.id::text, o.name_folded,"
	" (extract(epoch FROM o.updated_at) * 1000000)::bigint::text, o.kind,"
	" o.subkind, array_to_string(o.sectors_reach, ','),"
	" array_to_string(o.groups_reach, ','),"
	" array_to_string(o.communes_reach, ','),"
	" array_to_string(o.labels, ','),"
	" array_to_string(o.offer_types_reach, ','), o.communes_mask::text,"
	" (o.member_since IS NOT NULL AND o.member_since <= $1::date"
	" AND (o.member_until IS NULL OR o.member_until > $1::date))::text,"
	" o.search::text, organisation_public_json(o, $1::date)::text"
	" FROM organisations o WHERE o.published AND o.active AND o.approved"
	" AND o.kind IN ('siae', 'ess', 'handicap', 'geiq')";

struct build {
	struct kore_pgsql	 sql;
	PGresult		*result;	/* the rows, taken from sql */
	int			 row;		/* the next to add */
	struct catindex		*index;
	const char		*params[1];
	char			 today[CLOCK_DATE_LEN];
	char			 generation[GENERATION_LEN];
	int			 busy;
	int			 failed;
	int64_t			 started;
	int64_t			 took;		/* the last rebuild's, ms */
};

static struct catindex	*current;
static char		 current_generation[GENERATION_LEN];
static char		 current_today[CLOCK_DATE_LEN];
static struct build	 build;
static int		 enabled = 1;

static void	rebuild(const char *);
static void	first_build(void *, u_int64_t);
static void	build_step(struct kore_pgsql *, void *);
static void	build_rows(PGresult *, int, int);
static void	build_next(void *, u_int64_t);
static void	build_end(void);
static int	answer(struct http_request *, struct asr_req *,
		    const struct search_args *, size_t);
static int64_t	monotonic_ms(void);

void
index_init(void)
{
	enabled = asr_env_long("ASR_SEARCH_INDEX", 1, 0, 1) == 1;
	if (enabled && !kore_pgsql_register(INDEX_DB,
	    asr_config.database_url)) {
		kore_log(LOG_ERR, "search index: could not register its "
		    "database connection; searches run in SQL");
		enabled = 0;
	}
	/* Built at once, rather than by the first searches' misses. */
	if (enabled)
		(void)kore_timer_add(first_build, 0, NULL, KORE_TIMER_ONESHOT);
}

static void
first_build(void *arg, u_int64_t now)
{
	char		today[CLOCK_DATE_LEN];

	(void)arg;
	(void)now;
	clock_mayotte_date(clock_now_ms(), today, sizeof(today));
	rebuild(today);
}

int
index_enabled(void)
{
	return (enabled);
}

/*
 * Asks the generation (and the parsed q) and answers from the index when
 * it is current. Returns INDEX_PENDING, INDEX_DONE or INDEX_SQL; on
 * INDEX_SQL the request's database call is free for the SQL search.
 */
int
index_search(struct http_request *req, struct asr_req *ar,
    const struct search_args *a, size_t limit)
{
	const char	*params[2];
	int		 rc;

	params[0] = a->q;
	params[1] = a->updated_since;
	switch (db_run_prepared(req, &ar->db, "asr_cat_gen", sql_generation,
	    2, params)) {
	case DB_PENDING:
		return (INDEX_PENDING);
	case DB_ERROR:
		(void)asr_db_failure(req, ar);
		return (INDEX_DONE);
	}

	if (db_rows(&ar->db) != 1) {
		db_reset(&ar->db);
		return (INDEX_SQL);
	}
	if (current == NULL ||
	    strcmp(db_value(&ar->db, 0, 0), current_generation) != 0 ||
	    strcmp(a->today, current_today) != 0) {
		rebuild(a->today);
		db_reset(&ar->db);
		return (INDEX_SQL);
	}

	if ((rc = answer(req, ar, a, limit)) == INDEX_SQL)
		db_reset(&ar->db);

	return (rc);
}

/* The search from the current index, with the row the database gave. */
static int
answer(struct http_request *req, struct asr_req *ar,
    const struct search_args *a, size_t limit)
{
	struct catindex_query	 q;
	struct catindex_answer	 res;
	json_t			*errors;
	size_t			 i;

	memset(&q, 0, sizeof(q));
	q.tsquery = a->q != NULL ? db_value(&ar->db, 0, 1) : NULL;
	for (i = 0; i < SUPPLIER_F_COUNT; i++)
		q.filters[i] = a->filters[i];
	q.member = a->member == NULL ? -1 : strcmp(a->member, "true") == 0;
	if (a->updated_since != NULL) {
		q.has_since = 1;
		q.since = strtoll(db_value(&ar->db, 0, 2), NULL, 10);
	}
	q.sort = a->sort;
	q.after_key = a->after_key;
	q.after_id = a->after_id;
	q.limit = limit;

	if (!catindex_search(current, &q, &res))
		return (INDEX_SQL);
	switch (res.status) {
	case CATINDEX_UNKNOWN:
		errors = json_array();
		asr_field_error(errors, res.unknown, "invalid",
		    "Unknown code; see /v1/reference.");
		(void)asr_problem_errors(req, ar, 400, "invalid-query",
		    "A filter names an unknown code.", errors);
		return (INDEX_DONE);
	case CATINDEX_OK:
		break;
	default:
		return (INDEX_SQL);
	}

	(void)search_public(req, ar, "index", res.body, res.len);
	catindex_answer_free(&res);

	return (INDEX_DONE);
}

/*
 * Starts a rebuild for Mayotte's day today, unless one runs or one ran
 * lately: a catalogue changing all the time (a partner's bulk sync) keeps
 * the searches in SQL rather than a worker busy rebuilding more than a
 * tenth of its time.
 */
static void
rebuild(const char *today)
{
	int64_t		now = monotonic_ms(), took = build.took;

	if (build.busy || (build.started != 0 && now - build.started <
	    MAX(REBUILD_PAUSE_MS, REBUILD_SHARE * took)))
		return;

	memset(&build, 0, sizeof(build));
	build.took = took;
	build.started = now;
	(void)kore_strlcpy(build.today, today, sizeof(build.today));
	build.params[0] = build.today;
	if ((build.index = catindex_new()) == NULL)
		return;
	kore_pgsql_init(&build.sql);
	kore_pgsql_bind_callback(&build.sql, build_step, NULL);
	build.busy = 1;
	if (!kore_pgsql_setup(&build.sql, INDEX_DB, KORE_PGSQL_ASYNC) ||
	    !kore_pgsql_query_param_fields(&build.sql, sql_build, 0, 1,
	    build.params, NULL, NULL)) {
		if (build.sql.state != KORE_PGSQL_STATE_INIT)
			kore_pgsql_logerror(&build.sql);
		build.failed = 1;
		build_end();
	}
}

/*
 * The rows are taken from Kore as they come; adding them and indexing the
 * suppliers then go BUILD_STEP at a time (build_next()), so that a worker
 * rebuilding tens of thousands of suppliers keeps answering meanwhile.
 */
static void
build_step(struct kore_pgsql *sql, void *arg)
{
	(void)arg;

	switch (sql->state) {
	case KORE_PGSQL_STATE_WAIT:
		return;
	case KORE_PGSQL_STATE_RESULT:
		if (build.result == NULL) {
			build.result = sql->result;
			sql->result = NULL;
		}
		kore_pgsql_continue(sql);
		return;
	case KORE_PGSQL_STATE_ERROR:
		kore_pgsql_logerror(sql);
		build.failed = 1;
		build_end();
		return;
	case KORE_PGSQL_STATE_COMPLETE:
		kore_pgsql_cleanup(sql);
		if (build.result == NULL) {
			build.failed = 1;
			build_end();
			return;
		}
		(void)kore_timer_add(build_next, 0, NULL, KORE_TIMER_ONESHOT);
		return;
	default:
		kore_pgsql_continue(sql);
		return;
	}
}

static void
build_next(void *arg, u_int64_t now)
{
	int		rows, rc;

	(void)arg;
	(void)now;
	rows = PQntuples(build.result);
	if (build.row < rows) {
		build_rows(build.result, build.row,
		    MIN(rows, build.row + BUILD_STEP));
		build.row = MIN(rows, build.row + BUILD_STEP);
		rc = build.failed ? -1 : 1;
	} else
		rc = catindex_finish_some(build.index, BUILD_STEP);
	if (rc == 1) {
		(void)kore_timer_add(build_next, 0, NULL, KORE_TIMER_ONESHOT);
		return;
	}
	build.failed = rc != 0;
	build_end();
}

/* Rows from to to; column 0 says what a row is: n, r0 to r4, o. */
static void
build_rows(PGresult *res, int from, int to)
{
	struct catindex_row	 r;
	const char		*t;
	int			 i;

#define COL(c)	(PQgetisnull(res, i, (c)) ? NULL : PQgetvalue(res, i, (c)))

	for (i = from; i < to && !build.failed; i++) {
		t = PQgetvalue(res, i, 0);
		if (t[0] == 'n') {
			(void)kore_strlcpy(build.generation,
			    PQgetvalue(res, i, 1), sizeof(build.generation));
			continue;
		}
		if (t[0] == 'r') {
			if (!catindex_add_code(build.index, t[1] - '0',
			    PQgetvalue(res, i, 1), COL(2)))
				build.failed = 1;
			continue;
		}
		memset(&r, 0, sizeof(r));
		r.id = COL(1);
		r.alpha = COL(2);
		r.updated = COL(3);
		r.kind = COL(4);
		r.subkind = COL(5);
		r.sectors = COL(6);
		r.groups = COL(7);
		r.communes = COL(8);
		r.labels = COL(9);
		r.offer_types = COL(10);
		r.communes_mask = COL(11);
		r.member = strcmp(PQgetvalue(res, i, 12), "true") == 0;
		r.search = COL(13);
		r.item = COL(14);
		if (!catindex_add(build.index, &r))
			build.failed = 1;
	}
#undef COL
}

/* The new index replaces the current one, or is dropped on failure. */
static void
build_end(void)
{
	if (build.result != NULL)
		PQclear(build.result);
	build.result = NULL;
	kore_pgsql_cleanup(&build.sql);
	build.busy = 0;
	build.took = monotonic_ms() - build.started;
	if (build.failed || build.generation[0] == '\0') {
		kore_log(LOG_WARNING, "search index: rebuild failed; "
		    "searches run in SQL");
		catindex_free(build.index);
		build.index = NULL;
		return;
	}
	catindex_free(current);
	current = build.index;
	build.index = NULL;
	(void)kore_strlcpy(current_generation, build.generation,
	    sizeof(current_generation));
	(void)kore_strlcpy(current_today, build.today, sizeof(current_today));
	kore_log(LOG_INFO, "search index: %zu suppliers at generation %s "
	    "for %s, built in %lld ms", catindex_size(current),
	    current_generation, current_today, (long long)build.took);
}

/* Pauses are wall time, not the (pinnable) clock of the rules. */
static int64_t
monotonic_ms(void)
{
	struct timespec		ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}
