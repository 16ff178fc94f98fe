/*
 * Query-string parsing (see qs.h). Decoding refuses what no client should
 * send on purpose: bad percent escapes, NUL bytes and invalid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "core/qs.h"

static int	hexval(int);
static void	note_bad_name(struct qs *, const char *);

int
qs_parse(struct qs *qs, const char *query)
{
	char		*p, *pair, *eq;

	memset(qs, 0, sizeof(*qs));
	if (query == NULL || *query == '\0')
		return (QS_OK);

	if ((qs->buf = strdup(query)) == NULL)
		return (QS_TOO_MANY);

	p = qs->buf;
	while ((pair = strsep(&p, "&")) != NULL) {
		if (*pair == '\0')
			continue;
		if (qs->count == QS_MAX_ARGS)
			return (QS_TOO_MANY);

		if ((eq = strchr(pair, '=')) != NULL)
			*eq++ = '\0';
		else
			eq = pair + strlen(pair);

		if (!qs_decode(pair) || !qs_decode(eq)) {
			note_bad_name(qs, pair);
			return (QS_BAD_ENCODING);
		}
		qs->args[qs->count].name = pair;
		qs->args[qs->count].value = eq;
		qs->count++;
	}

	return (QS_OK);
}

void
qs_free(struct qs *qs)
{
	free(qs->buf);
	qs->buf = NULL;
	qs->count = 0;
}

const char *
qs_get(const struct qs *qs, const char *name)
{
	size_t		i;

	for (i = 0; i < qs->count; i++) {
		if (strcmp(qs->args[i].name, name) == 0)
			return (qs->args[i].value);
	}

	return (NULL);
}

size_t
qs_count(const struct qs *qs, const char *name)
{
	size_t		i, n;

	for (i = 0, n = 0; i < qs->count; i++) {
		if (strcmp(qs->args[i].name, name) == 0)
			n++;
	}

	return (n);
}

/* In place: '+' is a space, %XX a byte. Returns 0 on bad input. */
int
qs_decode(char *s)
{
	char		*start, *w;
	int		hi, lo;

	start = s;
	for (w = s; *s != '\0'; s++, w++) {
		if (*s == '+') {
			*w = ' ';
		} else if (*s == '%') {
			if ((hi = hexval(s[1])) < 0 || (lo = hexval(s[2])) < 0)
				return (0);
			if (hi == 0 && lo == 0)
				return (0);
			*w = (char)(hi << 4 | lo);
			s += 2;
		} else {
			*w = *s;
		}
	}
	*w = '\0';

	return (qs_utf8_valid(start));
}

int
qs_utf8_valid(const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	unsigned int		 cp;
	int			 n, i;

	while (*s != '\0') {
		if (*s < 0x80) {
			s++;
			continue;
		}
		if ((*s & 0xe0) == 0xc0) {
			n = 1;
			cp = *s & 0x1f;
		} else if ((*s & 0xf0) == 0xe0) {
			n = 2;
			cp = *s & 0x0f;
		} else if ((*s & 0xf8) == 0xf0) {
			n = 3;
			cp = *s & 0x07;
		} else {
			return (0);
		}
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return (0);
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return (0);
		s += n + 1;
	}

	return (1);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);

	return (-1);
}

static void
note_bad_name(struct qs *qs, const char *name)
{
	size_t		i;

	for (i = 0; i < sizeof(qs->bad_name) - 1 && name[i] != '\0'; i++) {
		if (name[i] >= 0x20 && name[i] < 0x7f)
			qs->bad_name[i] = name[i];
		else
			qs->bad_name[i] = '?';
	}
	qs->bad_name[i] = '\0';
}
