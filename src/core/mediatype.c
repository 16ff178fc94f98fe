/*
 * Content-Type checks (see mediatype.h).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/mediatype.h"

int
mediatype_is(const char *header, const char *type)
{
	size_t		len;
	const char	*p;

	if (header == NULL)
		return (0);

	while (*header == ' ')
		header++;
	len = strlen(type);
	if (strncasecmp(header, type, len) != 0)
		return (0);

	p = header + len;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return (1);
	if (*p != ';')
		return (0);

	/* The only parameter that matters: a charset, which must be UTF-8. */
	for (p++; *p != '\0'; p++) {
		if (strncasecmp(p, "charset=", 8) != 0)
			continue;
		p += 8;
		if (*p == '"')
			p++;
		return (strncasecmp(p, "utf-8", 5) == 0 &&
		    (p[5] == '\0' || p[5] == '"' || p[5] == ';' ||
		    isspace((unsigned char)p[5])));
	}

	return (1);
}
