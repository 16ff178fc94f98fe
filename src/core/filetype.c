/*
 * Supporting documents' file types (see filetype.h).
 */
#include <string.h>
#include <strings.h>

#include "core/filetype.h"

static const struct {
	const char		*type;
	const unsigned char	*magic;
	size_t			 len;
} types[] = {
	{ "application/pdf", (const unsigned char *)"%PDF-", 5 },
	{ "image/png", (const unsigned char *)"\x89PNG\r\n\x1a\n", 8 },
	{ "image/jpeg", (const unsigned char *)"\xff\xd8\xff", 3 },
};

#define NTYPES	(sizeof(types) / sizeof(types[0]))

/*
 * The accepted type a Content-Type names (case-blind, parameters
 * ignored), or NULL.
 */
const char *
filetype_canonical(const char *ctype)
{
	size_t	i, n;

	if (ctype == NULL)
		return (NULL);
	n = strcspn(ctype, "; \t");
	for (i = 0; i < NTYPES; i++) {
		if (strlen(types[i].type) == n &&
		    strncasecmp(ctype, types[i].type, n) == 0)
			return (types[i].type);
	}

	return (NULL);
}

/* Whether data starts as a file of the (canonical) type does. */
int
filetype_matches(const char *type, const unsigned char *data, size_t len)
{
	size_t	i;

	for (i = 0; i < NTYPES; i++) {
		if (type == NULL || strcmp(type, types[i].type) != 0)
			continue;
		return (len >= types[i].len &&
		    memcmp(data, types[i].magic, types[i].len) == 0);
	}

	return (0);
}

/* "\x" and two digits a byte into out (2 * len + 3 bytes); its length. */
size_t
filetype_hex_encode(const unsigned char *data, size_t len, char *out)
{
	static const char	digits[] = "0123456789abcdef";
	size_t			i;

	out[0] = '\\';
	out[1] = 'x';
	for (i = 0; i < len; i++) {
		out[2 + 2 * i] = digits[data[i] >> 4];
		out[3 + 2 * i] = digits[data[i] & 0x0f];
	}
	out[2 + 2 * len] = '\0';

	return (2 + 2 * len);
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/* The bytes of "\x..." into out (strlen / 2 bytes); 0 when malformed. */
int
filetype_hex_decode(const char *text, unsigned char *out, size_t *len)
{
	size_t	i, n;
	int	hi, lo;

	n = strlen(text);
	if (n < 2 || text[0] != '\\' || text[1] != 'x' || n % 2 != 0)
		return (0);
	for (i = 0; i < (n - 2) / 2; i++) {
		hi = hex_digit(text[2 + 2 * i]);
		lo = hex_digit(text[3 + 2 * i]);
		if (hi < 0 || lo < 0)
			return (0);
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	*len = i;

	return (1);
}
