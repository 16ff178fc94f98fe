/*
 * The base64url alphabet (see b64url.h).
 */
#include "core/b64url.h"

/* 1 when the len bytes of s are all of A-Z a-z 0-9 - _. */
int
b64url_alphabet(const char *s, size_t len)
{
	size_t		i;
	char		c;

	for (i = 0; i < len; i++) {
		c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return (0);
	}

	return (1);
}
