/*
 * E-mail shape (see email.h): local@domain.tld, printable ASCII without
 * spaces, one '@', a dot in the domain neither first nor last.
 */
#include <string.h>

#include "core/email.h"

int
email_valid(const char *s)
{
	const char	*at, *dot, *p;
	size_t		 len;

	if (s == NULL || (len = strlen(s)) < 3 || len > EMAIL_MAX)
		return (0);

	for (p = s; *p != '\0'; p++) {
		if (*p <= ' ' || *p >= 0x7f || *p == ',' || *p == ';' ||
		    *p == '<' || *p == '>' || *p == '"' || *p == '\\')
			return (0);
	}

	if ((at = strchr(s, '@')) == NULL || at == s || strchr(at + 1, '@'))
		return (0);
	if (at[1] == '.' || (dot = strrchr(at, '.')) == NULL || dot == at + 1 ||
	    dot[1] == '\0' || strstr(at, "..") != NULL)
		return (0);

	return (1);
}
