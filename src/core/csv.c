/*
 * CSV cells (see csv.h).
 */
#include <string.h>

#include "core/csv.h"

static void	put(char *, size_t, size_t *, char);

size_t
csv_cell(char *out, size_t outlen, const char *in, size_t len, char delim,
    int kind)
{
	size_t		i, n = 0;
	int		quote = 0, defuse = 0;

	for (i = 0; i < len; i++) {
		if (in[i] == delim || in[i] == '"' || in[i] == '\r' ||
		    in[i] == '\n')
			quote = 1;
	}
	if (kind == CSV_TEXT && len > 0 && strchr("=+-@\t\r", in[0]) != NULL)
		defuse = 1;
	if (defuse && (in[0] == '\t' || in[0] == '\r'))
		quote = 1;

	if (outlen > 0)
		out[0] = '\0';
	if (quote)
		put(out, outlen, &n, '"');
	if (defuse)
		put(out, outlen, &n, '\'');
	for (i = 0; i < len; i++) {
		if (in[i] == '"')
			put(out, outlen, &n, '"');
		put(out, outlen, &n, in[i]);
	}
	if (quote)
		put(out, outlen, &n, '"');

	return (n);
}

int
csv_delimiter(const char *name, char *delim)
{
	if (name == NULL || strcmp(name, "comma") == 0) {
		*delim = ',';
		return (1);
	}
	if (strcmp(name, "semicolon") == 0) {
		*delim = ';';
		return (1);
	}

	return (0);
}

/* One byte at *n if it fits with the NUL; *n counts every byte anyway. */
static void
put(char *out, size_t outlen, size_t *n, char c)
{
	if (*n + 1 < outlen) {
		out[*n] = c;
		out[*n + 1] = '\0';
	}
	(*n)++;
}
