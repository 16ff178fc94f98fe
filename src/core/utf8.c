/*
 * UTF-8 lengths (see utf8.h): every byte that does not continue a
 * sequence starts a character.
 */
#include "core/utf8.h"

size_t
utf8_chars(const char *s)
{
	size_t		n;

	for (n = 0; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}

	return (n);
}
