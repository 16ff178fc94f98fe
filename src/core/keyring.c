/*
 * Token keys from a key file (see keyring.h). Lines are trimmed; blank
 * lines and lines starting with '#' are ignored; anything else must be a
 * valid PASERK k4.secret or k4.public, or the whole file is refused: a
 * half-read key file would sign with the wrong key.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/keyfile.h"
#include "core/keyring.h"
#include "core/paserk.h"

static int	keyring_add(void *, const char *, char *, size_t);

int
keyring_parse(struct keyring *kr, const char *text, char *err, size_t errlen)
{
	char		scratch[2];

	memset(kr, 0, sizeof(*kr));
	kr->current = -1;
	if (err == NULL || errlen == 0) {
		/* The caller wants no message: write it nowhere of theirs. */
		err = scratch;
		errlen = sizeof(scratch);
	}
	err[0] = '\0';

	if (!keyfile_each(text, keyring_add, kr, err, errlen)) {
		keyring_clear(kr);
		return (0);
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
keyring_add(void *arg, const char *line, char *err, size_t errlen)
{
	struct keyring		*kr = arg;
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
