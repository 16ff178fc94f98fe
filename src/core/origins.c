/*
 * CORS origins (see origins.h). An origin is matched exactly, scheme and
 * port included, as browsers send it; "*" is refused since answers may carry
 * credentials.
 */
#include <stdlib.h>
#include <string.h>

#include "core/origins.h"

static char	*trim(char *);

int
origins_parse(struct origins *o, const char *spec)
{
	char		*copy, *p, *item;

	memset(o, 0, sizeof(*o));
	if (spec == NULL || *spec == '\0')
		return (1);

	if ((copy = strdup(spec)) == NULL)
		return (0);

	p = copy;
	while ((item = strsep(&p, ",")) != NULL) {
		item = trim(item);
		if (*item == '\0')
			continue;
		if (strcmp(item, "*") == 0 || o->count == ORIGINS_MAX ||
		    (strncmp(item, "http://", 7) != 0 &&
		    strncmp(item, "https://", 8) != 0) ||
		    (o->list[o->count] = strdup(item)) == NULL) {
			free(copy);
			origins_free(o);
			return (0);
		}
		o->count++;
	}
	free(copy);

	return (1);
}

int
origins_allowed(const struct origins *o, const char *origin)
{
	size_t		i;

	if (origin == NULL)
		return (0);

	for (i = 0; i < o->count; i++) {
		if (strcmp(o->list[i], origin) == 0)
			return (1);
	}

	return (0);
}

void
origins_free(struct origins *o)
{
	size_t		i;

	for (i = 0; i < o->count; i++)
		free(o->list[i]);
	o->count = 0;
}

static char *
trim(char *s)
{
	char		*end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '/'))
		*--end = '\0';

	return (s);
}
