/*
 * Background statements (see background.h). Kore's asynchronous pgsql
 * with a callback instead of a request: the callback reads the state,
 * logs an error or the first value, and frees the connection.
 */
#include <string.h>

#include "asr.h"
#include "db/background.h"

static void	db_job_step(struct kore_pgsql *, void *);

/*
 * Sends query with job->values[0..n-1] as parameters. Returns 0 when the
 * job is still busy or no connection could be had now.
 */
int
db_job_run(struct db_job *job, const char *query, int n)
{
	int		i;

	if (job->busy || n > DB_JOB_PARAMS_MAX)
		return (0);

	for (i = 0; i < n; i++)
		job->params[i] = job->values[i];
	kore_pgsql_init(&job->sql);
	kore_pgsql_bind_callback(&job->sql, db_job_step, job);
	job->busy = 1;
	if (!kore_pgsql_setup(&job->sql, ASR_DB_NAME, KORE_PGSQL_ASYNC)) {
		/* Queued by Kore (INIT) or failed: wait for the next tick. */
		if (job->sql.state != KORE_PGSQL_STATE_INIT)
			kore_pgsql_logerror(&job->sql);
		kore_pgsql_cleanup(&job->sql);
		job->busy = 0;
		return (0);
	}
	if (!kore_pgsql_query_param_fields(&job->sql, query, 0, n,
	    job->params, NULL, NULL)) {
		kore_pgsql_logerror(&job->sql);
		kore_pgsql_cleanup(&job->sql);
		job->busy = 0;
		return (0);
	}

	return (1);
}

static void
db_job_step(struct kore_pgsql *sql, void *arg)
{
	struct db_job	*job = arg;

	switch (sql->state) {
	case KORE_PGSQL_STATE_WAIT:
		return;
	case KORE_PGSQL_STATE_RESULT:
		if (kore_pgsql_ntuples(sql) > 0 && kore_pgsql_nfields(sql) > 0)
			kore_log(LOG_INFO, "job %s: %s", job->name,
			    kore_pgsql_getvalue(sql, 0, 0));
		kore_pgsql_continue(sql);
		return;
	case KORE_PGSQL_STATE_ERROR:
		kore_pgsql_logerror(sql);
		break;
	case KORE_PGSQL_STATE_COMPLETE:
		job->runs++;
		break;
	default:
		kore_pgsql_continue(sql);
		return;
	}

	kore_pgsql_cleanup(sql);
	job->busy = 0;
}
