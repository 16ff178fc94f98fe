/*
 * CORS: the set of browser origins allowed to call the API, from
 * configuration (ASR_CORS_ORIGINS, comma-separated, exact matches).
 */
#ifndef ASR_CORE_ORIGINS_H
#define ASR_CORE_ORIGINS_H

#include <stddef.h>

#define ORIGINS_MAX	32

struct origins {
	size_t		count;
	char		*list[ORIGINS_MAX];
};

int	origins_parse(struct origins *, const char *);
int	origins_allowed(const struct origins *, const char *);
void	origins_free(struct origins *);

#endif
