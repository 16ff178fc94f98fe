/*
 * The purge of the audit log (see audit.h): entries older than the
 * territory parameter audit_retention_days are deleted by
 * audit_log_purge() (sql/migrations/0080_audit_purge.sql), the one
 * narrow exception to the log being append-only. Kore's timers run in
 * every worker: each asks, the function's advisory lock lets one run at a
 * time across workers and servers while the others skip, and a second run
 * finds nothing left to delete. The first run comes a few seconds after a
 * worker starts, then every ASR_AUDIT_PURGE_INTERVAL_S seconds (default
 * 3600, 0 turns it off). "Now" is the injectable clock's, but the
 * database never believes a time later than its own.
 */
#include <kore/kore.h>

#include "asr.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "db/background.h"

#define AUDIT_PURGE_FIRST_MS	2000
#define AUDIT_PURGE_INTERVAL_S	3600

static const char sql_purge[] =
	"SELECT audit_log_purge($1::timestamptz)";

static struct db_job	purge_job = { .name = "audit-purge" };

static void	purge_tick(void *, u_int64_t);

void
audit_purge_start(void)
{
	long		interval;

	interval = asr_env_long("ASR_AUDIT_PURGE_INTERVAL_S",
	    AUDIT_PURGE_INTERVAL_S, 0, 86400L * 7);
	if (interval == 0)
		return;
	(void)kore_timer_add(purge_tick, AUDIT_PURGE_FIRST_MS, NULL,
	    KORE_TIMER_ONESHOT);
	(void)kore_timer_add(purge_tick, (u_int64_t)interval * 1000, NULL, 0);
}

static void
purge_tick(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;

	clock_format_rfc3339(clock_now_ms(), purge_job.values[0],
	    DB_JOB_PARAM_LEN);
	(void)db_job_run(&purge_job, sql_purge, 1);
}
