/*
 * Request ids (see reqid.h): 1 to 128 characters of [A-Za-z0-9._-], which
 * keeps them safe to log and to echo in a header; generated ones are 32
 * random hex digits.
 */
#include <string.h>

#include <sodium.h>

#include "core/reqid.h"

int
reqid_valid(const char *id)
{
	size_t		i;
	char		c;

	if (id == NULL)
		return (0);

	for (i = 0; id[i] != '\0'; i++) {
		if (i == REQID_MAX)
			return (0);
		c = id[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return (0);
	}

	return (i > 0);
}

void
reqid_generate(char *out, size_t len)
{
	unsigned char	raw[REQID_GEN_LEN / 2];

	randombytes_buf(raw, sizeof(raw));
	(void)sodium_bin2hex(out, len, raw, sizeof(raw));
}
