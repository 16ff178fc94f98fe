/*
 * Key file lines (see keyfile.h).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/keyfile.h"

int
keyfile_each(const char *text, keyfile_line_cb cb, void *arg, char *err,
    size_t errlen)
{
	char		 line[KEYFILE_LINE_MAX], msg[128];
	const char	*p, *end;
	size_t		 len, lineno;
	int		 ok;

	for (p = text, lineno = 1; *p != '\0'; p = end, lineno++) {
		if ((end = strchr(p, '\n')) == NULL)
			end = p + strlen(p);
		len = (size_t)(end - p);
		if (*end == '\n')
			end++;

		while (len > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t' ||
		    p[len - 1] == '\r'))
			len--;
		if (len == 0 || *p == '#')
			continue;

		if (len >= sizeof(line)) {
			(void)snprintf(err, errlen, "line %zu: too long",
			    lineno);
			return (0);
		}
		memcpy(line, p, len);
		line[len] = '\0';

		msg[0] = '\0';
		ok = cb(arg, line, msg, sizeof(msg));
		sodium_memzero(line, sizeof(line));
		if (!ok) {
			(void)snprintf(err, errlen, "line %zu: %s", lineno,
			    msg);
			return (0);
		}
	}

	return (1);
}

int
keyfile_read(const char *path, char *text, size_t len, char *err,
    size_t errlen)
{
	FILE		*fp;
	size_t		 n;

	if ((fp = fopen(path, "r")) == NULL) {
		(void)snprintf(err, errlen, "cannot open %s", path);
		return (0);
	}
	n = fread(text, 1, len - 1, fp);
	text[n] = '\0';
	if (!feof(fp) || ferror(fp)) {
		(void)fclose(fp);
		sodium_memzero(text, len);
		(void)snprintf(err, errlen, "%s: unreadable or too large",
		    path);
		return (0);
	}
	(void)fclose(fp);

	return (1);
}
