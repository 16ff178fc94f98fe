/*
 * Stable reference codes (see code.h).
 */

#include "core/code.h"

int
code_valid(const char *s)
{
	size_t		i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i == CODE_MAX)
			return (0);
		if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (s[i] == '-' && i > 0 && s[i + 1] != '\0' && s[i + 1] != '-')
			continue;
		return (0);
	}

	return (i > 0);
}
