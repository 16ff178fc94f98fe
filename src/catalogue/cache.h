/*
 * The workers' cache of public catalogue answers. A repeated popular
 * search is answered from memory; any write to the catalogue through the
 * API empties the cache of every worker at once (a Kore message), and an
 * entry lives CACHE_TTL_MS, and a second more while one request refreshes
 * it, which bounds how stale an answer can be after a change made outside
 * this server (another instance, SQL).
 */
#ifndef ASR_CATALOGUE_CACHE_H
#define ASR_CATALOGUE_CACHE_H

#include <stddef.h>

#define CACHE_TTL_MS	5000	/* ASR_CACHE_TTL_MS overrides; 0: no cache */

void	cache_init(void);
int	cache_get(const char *, const char *, const char **, size_t *);
void	cache_put(const char *, const char *, const void *, size_t);
void	cache_changed(void);

#endif
