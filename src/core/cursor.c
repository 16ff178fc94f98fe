/*
 * Opaque list cursors (see cursor.h): the parts joined by a unit separator
 * (0x1f, which no sort key holds) and base64url-encoded without padding.
 * Decoding checks the number of parts and refuses anything else.
 */
#include <string.h>

#include <sodium.h>

#include "core/cursor.h"

#define CURSOR_SEP	'\x1f'

int
cursor_encode(char *out, size_t outlen, const char *const *parts, size_t n)
{
	char		raw[CURSOR_MAX_LEN];
	size_t		i, len, off;

	if (n == 0 || n > CURSOR_MAX_PARTS)
		return (0);

	for (i = 0, off = 0; i < n; i++) {
		len = strlen(parts[i]);
		if (memchr(parts[i], CURSOR_SEP, len) != NULL ||
		    off + len + 1 > sizeof(raw))
			return (0);
		memcpy(raw + off, parts[i], len);
		off += len;
		if (i + 1 < n)
			raw[off++] = CURSOR_SEP;
	}

	/* What decoding would refuse is not made: empty, or too long. */
	if (off == 0 || sodium_base64_ENCODED_LEN(off,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) > outlen ||
	    sodium_base64_ENCODED_LEN(off,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) > CURSOR_MAX_LEN + 1)
		return (0);
	(void)sodium_bin2base64(out, outlen, (const unsigned char *)raw, off,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);

	return (1);
}

int
cursor_decode(struct cursor *c, const char *text, size_t parts)
{
	size_t		len, i;
	char		*p;

	memset(c, 0, sizeof(*c));
	if (parts == 0 || parts > CURSOR_MAX_PARTS || text == NULL ||
	    strlen(text) > CURSOR_MAX_LEN)
		return (0);

	if (sodium_base642bin((unsigned char *)c->buf, sizeof(c->buf) - 1,
	    text, strlen(text), NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || len == 0)
		return (0);
	c->buf[len] = '\0';
	if (strlen(c->buf) != len)
		return (0);	/* a NUL inside */

	p = c->buf;
	for (i = 0; i < parts; i++) {
		c->part[i] = p;
		if ((p = strchr(p, CURSOR_SEP)) == NULL)
			break;
		*p++ = '\0';
	}
	if (i + 1 != parts || p != NULL)
		return (0);
	c->count = parts;

	return (1);
}
