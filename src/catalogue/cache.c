/*
 * Public answers cached per worker (see cache.h): a direct-mapped table
 * keyed by path and query string, so that a lookup is one hash and one
 * comparison and a busy slot is simply overwritten.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include <kore/kore.h>

#include "asr.h"
#include "catalogue/cache.h"

#define CACHE_SLOTS		1024
#define CACHE_GRACE_MS		1000	/* stale answers while one refreshes */
#define CACHE_BODY_MAX		((size_t)256 * 1024)
#define MSG_CATALOGUE_CHANGED	(KORE_MSG_APP_BASE + 1)

struct cache_entry {
	char		*key;
	char		*body;
	size_t		 len;
	int64_t		 expires;
	uint64_t	 generation;
};

static struct cache_entry	cache[CACHE_SLOTS];
static uint64_t			cache_generation = 1;
static int64_t			cache_ttl_ms = CACHE_TTL_MS;

static void	cache_on_change(struct kore_msg *, const void *);
static int64_t	monotonic_ms(void);
static size_t	cache_slot(const char *, const char *, char *, size_t);

void
cache_init(void)
{
	cache_ttl_ms = asr_env_long("ASR_CACHE_TTL_MS", CACHE_TTL_MS, 0, 60000);
	(void)kore_msg_register(MSG_CATALOGUE_CHANGED, cache_on_change);
}

/* Returns 1 with the cached answer for path?query, still fresh. */
int
cache_get(const char *path, const char *query, const char **body,
    size_t *len)
{
	struct cache_entry	*e;
	char			 key[2048];

	e = &cache[cache_slot(path, query, key, sizeof(key))];
	if (e->key == NULL || e->generation != cache_generation ||
	    strcmp(e->key, key) != 0)
		return (0);

	/*
	 * Expired: the first asker refreshes it while the others are served
	 * the old answer for a grace second, rather than all asking the
	 * database at once.
	 */
	if (e->expires <= monotonic_ms()) {
		e->expires = monotonic_ms() + CACHE_GRACE_MS;
		return (0);
	}

	*body = e->body;
	*len = e->len;

	return (1);
}

void
cache_put(const char *path, const char *query, const void *body, size_t len)
{
	struct cache_entry	*e;
	char			 key[2048];

	if (len > CACHE_BODY_MAX || cache_ttl_ms == 0)
		return;

	e = &cache[cache_slot(path, query, key, sizeof(key))];
	free(e->key);
	free(e->body);
	e->key = strdup(key);
	e->body = malloc(len);
	if (e->key == NULL || e->body == NULL) {
		free(e->key);
		free(e->body);
		memset(e, 0, sizeof(*e));
		return;
	}
	memcpy(e->body, body, len);
	e->len = len;
	e->expires = monotonic_ms() + cache_ttl_ms;
	e->generation = cache_generation;
}

/* The catalogue changed: every worker (this one too) forgets its answers. */
void
cache_changed(void)
{
	cache_generation++;
	kore_msg_send(KORE_MSG_WORKER_ALL, MSG_CATALOGUE_CHANGED, NULL, 0);
}

/* Freshness is wall time that passed, not the (pinnable) clock of rules. */
static int64_t
monotonic_ms(void)
{
	struct timespec		ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static void
cache_on_change(struct kore_msg *msg, const void *data)
{
	(void)msg;
	(void)data;

	cache_generation++;
}

static size_t
cache_slot(const char *path, const char *query, char *key, size_t len)
{
	unsigned char	hash[8];
	uint64_t	h;

	(void)snprintf(key, len, "%s?%s", path, query != NULL ? query : "");
	crypto_generichash(hash, sizeof(hash), (const unsigned char *)key,
	    strlen(key), NULL, 0);
	memcpy(&h, hash, sizeof(h));

	return ((size_t)(h % CACHE_SLOTS));
}
