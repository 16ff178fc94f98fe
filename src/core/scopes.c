/*
 * Scope names and bits (see scopes.h).
 */
#include <string.h>

#include "core/scopes.h"

static const struct {
	int		 bit;
	const char	*name;
} scopes[] = {
	{ SCOPE_CATALOGUE_READ, "catalogue:read" },
	{ SCOPE_CATALOGUE_WRITE, "catalogue:write" },
	{ SCOPE_MARKETS_READ, "markets:read" },
	{ SCOPE_MARKETS_WRITE, "markets:write" },
	{ SCOPE_SYNC_READ, "sync:read" },
	{ SCOPE_SYNC_WRITE, "sync:write" },
	{ SCOPE_REPORTS_READ, "reports:read" },
};

#define NSCOPES		(sizeof(scopes) / sizeof(scopes[0]))

int
scope_from_name(const char *name)
{
	size_t		i;

	if (name == NULL)
		return (0);

	for (i = 0; i < NSCOPES; i++) {
		if (strcmp(scopes[i].name, name) == 0)
			return (scopes[i].bit);
	}

	return (0);
}

const char *
scope_name(int bit)
{
	size_t		i;

	for (i = 0; i < NSCOPES; i++) {
		if (scopes[i].bit == bit)
			return (scopes[i].name);
	}

	return (NULL);
}

size_t
scope_count(void)
{
	return (NSCOPES);
}

/* The i-th scope's bit, 0 past the end: lets callers list them all. */
int
scope_at(size_t i)
{
	if (i >= NSCOPES)
		return (0);

	return (scopes[i].bit);
}
