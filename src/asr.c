/*
 * Module entry: Kore calls asr_init() in every worker once it is sandboxed.
 * It reads the configuration from the environment, pins the clock in test
 * builds, registers the database and widens Kore 4.1's seccomp filter with
 * the syscalls that glibc 2.36 and libpq need today (KORE_NOTES.md).
 */
#include <sys/syscall.h>

#include <stdio.h>
#include <stdlib.h>

#include <kore/kore.h>
#include <kore/seccomp.h>

#include <sodium.h>

#include "asr.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/password.h"
#include "catalogue/cache.h"
#include "catalogue/index.h"
#include "core/clock.h"
#include "db/db.h"
#include "people/people.h"
#include "network/jobs.h"
#include "network/needs.h"

struct asr_config	asr_config;

KORE_SECCOMP_FILTER("asr",
	KORE_SYSCALL_ALLOW(newfstatat),
#if defined(SYS_faccessat2)
	KORE_SYSCALL_ALLOW(faccessat2),
#endif
	KORE_SYSCALL_ALLOW(readlinkat),
	/* libpq's GSSAPI probe on TCP lists Kerberos configuration folders. */
	KORE_SYSCALL_ALLOW(getdents64),
	/* glibc's realloc() of a block it mapped (the search index's). */
	KORE_SYSCALL_ALLOW(mremap),
#if defined(SYS_clone3)
	KORE_SYSCALL_ALLOW(clone3),
#endif
#if defined(SYS_rseq)
	KORE_SYSCALL_ALLOW(rseq),
#endif
#if defined(ASR_SANITIZER)
	/* make test-asan: ASan's thread bookkeeping and its abort. */
	KORE_SYSCALL_ALLOW(gettid),
	KORE_SYSCALL_ALLOW(sched_getaffinity),
	KORE_SYSCALL_ALLOW(tgkill),
#endif
)

static int	configure(void);
static int	configure_clock(void);
static int	configure_limits(void);
static void	heartbeat(void *, u_int64_t);
static void	wake_now(void *, u_int64_t);
static int	env_int(const char *, int, int, int, int *);
static int	env_whole(const char *, long, long, long *);

void		kore_parent_configure(int, char **);

/*
 * In the parent, before the workers fork and sandbox themselves: the token
 * keys, read once from ASR_TOKEN_KEY_FILE, and the field vault's keys from
 * ASR_VAULT_KEY_FILE. A server that cannot sign or verify tokens, or seal
 * and open people's identities, does not start.
 */
void
kore_parent_configure(int argc, char **argv)
{
	const char	*path;
	char		 err[160];

	(void)argc;
	(void)argv;

	if (sodium_init() < 0)
		fatal("libsodium failed to initialise");
	if ((path = getenv("ASR_TOKEN_KEY_FILE")) == NULL || *path == '\0')
		fatal("ASR_TOKEN_KEY_FILE is not set");
	if (!auth_load_keys(path, err, sizeof(err)))
		fatal("ASR_TOKEN_KEY_FILE: %s", err);
	kore_log(LOG_NOTICE, "%zu token key(s) loaded, signing with %s",
	    auth_keyring.count, keyring_current(&auth_keyring)->pid);

	/* People's identities are sealed: no vault, no server. */
	if ((path = getenv("ASR_VAULT_KEY_FILE")) == NULL || *path == '\0')
		fatal("ASR_VAULT_KEY_FILE is not set");
	if (!people_load_vault(path, err, sizeof(err)))
		fatal("ASR_VAULT_KEY_FILE: %s", err);
	kore_log(LOG_NOTICE, "%zu vault seal key(s) loaded, sealing with %s",
	    people_vault.count, vault_current_lid(&people_vault));
}

int
asr_init(int state)
{
	if (state != KORE_MODULE_LOAD)
		return (KORE_RESULT_OK);

	if (!configure()) {
		/* A misconfigured server must stop, not serve 500s. */
		kore_shutdown();
		return (KORE_RESULT_ERROR);
	}

	return (KORE_RESULT_OK);
}

static int
configure(void)
{
	const char	*cors;

	/* One log line per request: never sit in a pipe's buffer. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (sodium_init() < 0) {
		kore_log(LOG_ERR, "libsodium failed to initialise");
		return (KORE_RESULT_ERROR);
	}

	if ((asr_config.database_url = getenv("DATABASE_URL")) == NULL ||
	    *asr_config.database_url == '\0') {
		kore_log(LOG_ERR, "DATABASE_URL is not set");
		return (KORE_RESULT_ERROR);
	}

	cors = getenv("ASR_CORS_ORIGINS");
	if (!origins_parse(&asr_config.cors, cors)) {
		kore_log(LOG_ERR, "ASR_CORS_ORIGINS: expected a comma-separated"
		    " list of http(s) origins, not '*'");
		return (KORE_RESULT_ERROR);
	}

	if (!netaddr_parse_list(&asr_config.trusted_proxies,
	    getenv("ASR_TRUSTED_PROXIES"))) {
		kore_log(LOG_ERR, "ASR_TRUSTED_PROXIES: expected a "
		    "comma-separated list of addresses and CIDR networks");
		return (KORE_RESULT_ERROR);
	}

	if (!configure_clock() || !configure_limits())
		return (KORE_RESULT_ERROR);

	if (!db_init(asr_config.database_url))
		return (KORE_RESULT_ERROR);

	cache_init();
	index_init();
	people_purge_start();
	audit_purge_start();
	needs_configure();
	network_jobs_init();
	/*
	 * Kore's worker sleeps until its next timer; a signal caught just
	 * before that sleep waits for it. The jobs' timers are minutes apart,
	 * so a stop could wait that long: a timer each second bounds it.
	 */
	(void)kore_timer_add(heartbeat, 1000, NULL, 0);

	if (!password_init()) {
		kore_log(LOG_ERR, "could not prepare password hashing");
		return (KORE_RESULT_ERROR);
	}

	return (KORE_RESULT_OK);
}

static int
configure_clock(void)
{
	const char	*now;
	int64_t		 ms;

	now = getenv("ASR_NOW");
#if defined(ASR_TESTING)
	asr_config.testing = 1;
	if (now == NULL || *now == '\0')
		return (KORE_RESULT_OK);
	if (!clock_parse_rfc3339(now, &ms)) {
		kore_log(LOG_ERR, "ASR_NOW: not an RFC 3339 timestamp");
		return (KORE_RESULT_ERROR);
	}
	clock_pin(ms);
#else
	(void)ms;
	if (now != NULL)
		kore_log(LOG_NOTICE, "ASR_NOW ignored: not a test build");
#endif

	return (KORE_RESULT_OK);
}

/* Abuse limits (README, "Keys, limits, audit, idempotency"). */
static int
configure_limits(void)
{
	struct asr_limits	*l = &asr_config.limits;

	return (env_int("ASR_LOGIN_ACCOUNT_MAX", 10, 1, 1000000,
	    &l->login_account_max) &&
	    env_int("ASR_LOGIN_ADDRESS_MAX", 100, 1, 1000000,
	    &l->login_address_max) &&
	    env_int("ASR_LOGIN_WINDOW_S", 900, 1, 86400, &l->login_window_s) &&
	    env_int("ASR_REGISTRATION_ADDRESS_MAX", 10, 1, 1000000,
	    &l->registration_address_max) &&
	    env_int("ASR_REGISTRATION_WINDOW_S", 3600, 1, 86400,
	    &l->registration_window_s));
}

/* Limits refuse to start when mistyped: a wrong bound is a security one. */
static int
env_int(const char *name, int def, int min, int max, int *out)
{
	long		n;

	*out = def;
	switch (env_whole(name, min, max, &n)) {
	case -1:
		return (KORE_RESULT_OK);
	case 0:
		kore_log(LOG_ERR, "%s: expected an integer from %d to %d",
		    name, min, max);
		return (KORE_RESULT_ERROR);
	}
	*out = (int)n;

	return (KORE_RESULT_OK);
}

/* Job settings fall back to their default, with a warning. */
long
asr_env_long(const char *name, long def, long lo, long hi)
{
	long		n;

	switch (env_whole(name, lo, hi, &n)) {
	case -1:
		return (def);
	case 0:
		kore_log(LOG_WARNING, "%s: expected %ld to %ld, using %ld",
		    name, lo, hi, def);
		return (def);
	}

	return (n);
}

/* -1 when name is unset or empty, 0 when not a whole number in lo..hi. */
static int
env_whole(const char *name, long lo, long hi, long *out)
{
	const char	*v;
	char		*end;

	if ((v = getenv(name)) == NULL || *v == '\0')
		return (-1);
	*out = strtol(v, &end, 10);

	return (*end == '\0' && *out >= lo && *out <= hi);
}

static void
heartbeat(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;
}

/*
 * Wakes a sleeping request. Kore runs woken requests once per loop and
 * then sleeps in epoll until the next event or timer (the heartbeat, up to
 * a second away): a request woken from inside that loop, not by an event,
 * would wait for it. A one-shot timer due now keeps the next sleep at zero.
 */
void
asr_request_wakeup(struct http_request *req)
{
	http_request_wakeup(req);
	(void)kore_timer_add(wake_now, 0, NULL, KORE_TIMER_ONESHOT);
}

static void
wake_now(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;
}
