/*
 * Content-Type checks (see mediatype.h).
 */
#include <string.h>
#include <strings.h>

#include "core/mediatype.h"

static int	charset_ok(const char *, size_t);

int
mediatype_is(const char *header, const char *type)
{
	size_t		len;
	const char	*p, *end;

	if (header == NULL)
		return (0);

	while (*header == ' ' || *header == '\t')
		header++;
	len = strlen(type);
	if (strncasecmp(header, type, len) != 0)
		return (0);

	p = header + len;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\0' && *p != ';')
		return (0);

	/* Parameters: the only one that matters, charset, must be UTF-8. */
	while (*p == ';') {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if ((end = strchr(p, ';')) == NULL)
			end = p + strlen(p);
		if (!charset_ok(p, (size_t)(end - p)))
			return (0);
		p = end;
	}

	return (1);
}

/* One parameter, name=value: refuses a charset other than UTF-8. */
static int
charset_ok(const char *param, size_t len)
{
	const char	*v;
	size_t		 vlen;

	while (len > 0 && (param[len - 1] == ' ' || param[len - 1] == '\t'))
		len--;
	if (len < 8 || strncasecmp(param, "charset=", 8) != 0)
		return (1);

	v = param + 8;
	vlen = len - 8;
	if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
		v++;
		vlen -= 2;
	}

	return (vlen == 5 && strncasecmp(v, "utf-8", 5) == 0);
}
