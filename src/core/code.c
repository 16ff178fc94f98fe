/*
 * Stable reference codes (see code.h).
 */
#include <stdio.h>
#include <string.h>

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

/* "{a,b}" from valid codes; 0 when one is invalid or it does not fit. */
int
code_array_literal(const char *const *codes, size_t n, char *buf, size_t len)
{
	size_t		i, off;
	int		w;

	off = 0;
	if (len < 3)
		return (0);
	buf[off++] = '{';
	for (i = 0; i < n; i++) {
		if (!code_valid(codes[i]))
			return (0);
		w = snprintf(buf + off, len - off, "%s%s", i ? "," : "",
		    codes[i]);
		if (w < 0 || (size_t)w >= len - off)
			return (0);
		off += (size_t)w;
	}
	if (off + 2 > len)
		return (0);
	buf[off++] = '}';
	buf[off] = '\0';

	return (1);
}
