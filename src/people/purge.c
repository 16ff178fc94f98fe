/*
 * The periodic purge of identities (issue 8): a person's identity is
 * erased a configurable time after their last activity
 * (ASR_PEOPLE_RETENTION_DAYS, default 1095, three years), the anonymous
 * statistics kept. Kore's timers run in every worker: each worker's timer
 * asks beneficiaries_purge(), whose advisory lock lets one run at a time
 * across workers and servers while the others skip, and which is
 * idempotent. The first run comes a few seconds after a worker starts,
 * then every ASR_PURGE_INTERVAL_S seconds (default 3600); "now" is the
 * injectable clock, so a test server with ASR_NOW purges at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asr.h"
#include "core/clock.h"
#include "people/people.h"

#define PURGE_FIRST_MS		2000
#define PURGE_INTERVAL_S	3600
#define PURGE_RETENTION_DAYS	1095

static const char sql_purge[] =
	"SELECT beneficiaries_purge($1::timestamptz,"
	" $2::int * interval '1 day')";

static struct kore_pgsql	purge_sql;
static int			purge_running;
static char			purge_keep[16];

static void	purge_tick(void *, u_int64_t);
static void	purge_send(void);
static void	purge_step(struct kore_pgsql *, void *);
static void	purge_end(void);

void
people_purge_start(void)
{
	long	interval, days;

	days = asr_env_long("ASR_PEOPLE_RETENTION_DAYS", PURGE_RETENTION_DAYS,
	    1, 36500);
	interval = asr_env_long("ASR_PURGE_INTERVAL_S", PURGE_INTERVAL_S, 1,
	    86400L * 7);
	(void)snprintf(purge_keep, sizeof(purge_keep), "%ld", days);
	(void)kore_timer_add(purge_tick, PURGE_FIRST_MS, NULL,
	    KORE_TIMER_ONESHOT);
	(void)kore_timer_add(purge_tick, (u_int64_t)interval * 1000, NULL, 0);
}

static void
purge_tick(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;

	if (purge_running)
		return;
	purge_running = 1;
	kore_pgsql_init(&purge_sql);
	kore_pgsql_bind_callback(&purge_sql, purge_step, NULL);
	purge_send();
}

static void
purge_send(void)
{
	char		 at[CLOCK_RFC3339_LEN];
	const char	*params[2];

	if (!kore_pgsql_setup(&purge_sql, ASR_DB_NAME, KORE_PGSQL_ASYNC)) {
		/* Queued for a connection: purge_step() runs once one frees. */
		if (purge_sql.state == KORE_PGSQL_STATE_INIT)
			return;
		kore_pgsql_logerror(&purge_sql);
		purge_end();
		return;
	}
	clock_format_rfc3339(clock_now_ms(), at, sizeof(at));
	params[0] = at;
	params[1] = purge_keep;
	if (!kore_pgsql_query_param_fields(&purge_sql, sql_purge, 0, 2, params,
	    NULL, NULL)) {
		kore_pgsql_logerror(&purge_sql);
		purge_end();
	}
}

static void
purge_step(struct kore_pgsql *sql, void *arg)
{
	const char	*n;

	(void)arg;

	switch (sql->state) {
	case KORE_PGSQL_STATE_INIT:
		purge_send();
		break;
	case KORE_PGSQL_STATE_WAIT:
		break;
	case KORE_PGSQL_STATE_RESULT:
		n = kore_pgsql_getvalue(sql, 0, 0);
		if (n != NULL && strcmp(n, "0") != 0 && strcmp(n, "-1") != 0)
			kore_log(LOG_NOTICE, "purge: %s identities erased", n);
		kore_pgsql_continue(sql);
		break;
	case KORE_PGSQL_STATE_DONE:
		kore_pgsql_continue(sql);
		break;
	case KORE_PGSQL_STATE_ERROR:
		kore_pgsql_logerror(sql);
		purge_end();
		break;
	default:
		purge_end();
		break;
	}
}

/* Done or failed: the connection goes back, the next tick may run. */
static void
purge_end(void)
{
	purge_sql.cb = NULL;
	kore_pgsql_cleanup(&purge_sql);
	purge_running = 0;
}
