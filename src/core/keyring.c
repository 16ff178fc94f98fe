/*
 * Token keys from a key file (see keyring.h). Lines are trimmed; blank
 * lines and lines starting with '#' are ignored; anything else must be a
 * valid PASERK k4.secret or k4.public, or the whole file is refused: a
 * half-read key file would sign with the wrong key.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/keyring.h"
#include "core/paserk.h"

static int	keyring_add(struct keyring *, const char *, char *, size_t);

int
keyring_parse(struct keyring *kr, const char *text, char *err, size_t errlen)
{
	char		 line[256], scratch[2];
	const char	*p, *end;
	size_t		 len, lineno;

	memset(kr, 0, sizeof(*kr));
	kr->current = -1;
	if (err == NULL || errlen == 0) {
		/* The caller wants no message: write it nowhere of theirs. */
		err = scratch;
		errlen = sizeof(scratch);
	}
	err[0] = '\0';

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
			(void)snprintf(err, errlen, "line %zu: too long", lineno);
			keyring_clear(kr);
			return (0);
		}
		memcpy(line, p, len);
		line[len] = '\0';

		if (!keyring_add(kr, line, err, errlen)) {
			(void)snprintf(line, sizeof(line), "%s", err);
			(void)snprintf(err, errlen, "line %zu: %s", lineno, line);
			keyring_clear(kr);
			return (0);
		}
	}

	if (kr->current == -1) {
		(void)snprintf(err, errlen, "no k4.secret key to sign with");
		keyring_clear(kr);
		return (0);
	}

	return (1);
}

const struct keyring_key *
keyring_find(const struct keyring *kr, const char *pid)
{
	size_t		i;

	if (pid == NULL)
		return (NULL);

	for (i = 0; i < kr->count; i++) {
		if (strcmp(kr->keys[i].pid, pid) == 0)
			return (&kr->keys[i]);
	}

	return (NULL);
}

const struct keyring_key *
keyring_current(const struct keyring *kr)
{
	if (kr->current < 0)
		return (NULL);

	return (&kr->keys[kr->current]);
}

void
keyring_clear(struct keyring *kr)
{
	sodium_memzero(kr, sizeof(*kr));
	kr->current = -1;
}

static int
keyring_add(struct keyring *kr, const char *line, char *err, size_t errlen)
{
	struct keyring_key	*key;

	if (kr->count == KEYRING_MAX) {
		(void)snprintf(err, errlen, "more than %d keys", KEYRING_MAX);
		return (0);
	}
	key = &kr->keys[kr->count];

	if (strncmp(line, "k4.secret.", 10) == 0) {
		if (!paserk_k4_secret_decode(key->sk, line)) {
			(void)snprintf(err, errlen, "not a valid k4.secret");
			return (0);
		}
		memcpy(key->pk, key->sk + 32, sizeof(key->pk));
		key->can_sign = 1;
	} else if (strncmp(line, "k4.public.", 10) == 0) {
		if (!paserk_k4_public_decode(key->pk, line)) {
			(void)snprintf(err, errlen, "not a valid k4.public");
			return (0);
		}
	} else {
		(void)snprintf(err, errlen, "expected k4.secret or k4.public");
		return (0);
	}

	if (!paserk_k4_public(key->paserk_public, sizeof(key->paserk_public),
	    key->pk) || !paserk_k4_pid(key->pid, sizeof(key->pid),
	    key->paserk_public)) {
		(void)snprintf(err, errlen, "could not derive the key id");
		return (0);
	}

	if (keyring_find(kr, key->pid) != NULL) {
		(void)snprintf(err, errlen, "the same key is listed twice");
		return (0);
	}

	if (key->can_sign && kr->current == -1)
		kr->current = (int)kr->count;
	kr->count++;

	return (1);
}
