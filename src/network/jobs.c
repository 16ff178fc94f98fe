/*
 * Periodic jobs (see jobs.h). Kore's timers run in every worker: each
 * worker fires the same statement, whose advisory lock lets one run at a
 * time and whose flag (needs.deadline_notified) makes any later run a
 * no-op, so the job acts once across workers. "Now" is the injectable
 * clock's, so tests pin it with ASR_NOW.
 *
 * ASR_NEEDS_DEADLINE_DAYS (default 3): how near a deadline is "near";
 * ASR_JOBS_INTERVAL_S (default 300, 0 turns the job off).
 */
#include <stdio.h>
#include <stdlib.h>

#include <kore/kore.h>

#include "asr.h"
#include "core/clock.h"
#include "db/background.h"
#include "network/jobs.h"

static const char sql_deadline[] =
	"SELECT needs_deadline_job($1::timestamptz, $2::date, $3::int)";

static struct db_job	deadline_job = { .name = "needs-deadline" };
static long		deadline_days = 3;

static void	deadline_tick(void *, u_int64_t);

void
network_jobs_init(void)
{
	long		interval;

	deadline_days = asr_env_long("ASR_NEEDS_DEADLINE_DAYS", 3, 0, 60);
	interval = asr_env_long("ASR_JOBS_INTERVAL_S", 300, 0, 86400);
	if (interval == 0)
		return;
	(void)kore_timer_add(deadline_tick, (u_int64_t)interval * 1000, NULL,
	    0);
}

static void
deadline_tick(void *arg, u_int64_t now)
{
	int64_t		ms;

	(void)arg;
	(void)now;
	ms = clock_now_ms();
	clock_format_rfc3339(ms, deadline_job.values[0], DB_JOB_PARAM_LEN);
	clock_mayotte_date(ms, deadline_job.values[1], DB_JOB_PARAM_LEN);
	(void)snprintf(deadline_job.values[2], DB_JOB_PARAM_LEN, "%ld",
	    deadline_days);
	(void)db_job_run(&deadline_job, sql_deadline, 3);
}
