/*
 * Statements run for no request (periodic jobs): fired from a timer, one
 * at a time per job, their result only logged. A job whose previous run
 * has not ended, or that finds no free connection, waits for its next tick.
 */
#ifndef ASR_DB_BACKGROUND_H
#define ASR_DB_BACKGROUND_H

#include <kore/kore.h>
#include <kore/pgsql.h>

#define DB_JOB_PARAMS_MAX	8
#define DB_JOB_PARAM_LEN	40

struct db_job {
	const char	*name;
	struct kore_pgsql sql;
	int		 busy;
	int		 runs;
	char		 values[DB_JOB_PARAMS_MAX][DB_JOB_PARAM_LEN];
	const char	*params[DB_JOB_PARAMS_MAX];
};

int	db_job_run(struct db_job *, const char *, int);

#endif
