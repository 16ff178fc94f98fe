/*
 * asr-admin seal-people KEYFILE: reads tab-separated identities on stdin
 * (id, first name, last name, birth date, phone, email, address; empty
 * for none) and writes, for each, one SQL row of the sealed identity as the
 * server would seal it (the same JSON, padding, associated data and blind
 * indexes, under the field vault's keys of KEYFILE):
 *
 *	INSERT INTO demo_sealed VALUES ('<id>', '\x…', '<lid>', '<bn>',
 *	    '<bnb>');
 *
 * so that demo people can be loaded with their identities encrypted, by
 * conf/demo-people.sh, without the server and without names in clear.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "cli/seal_people.h"
#include "core/keyfile.h"
#include "core/person.h"
#include "core/uuid.h"
#include "core/vault.h"

#define FIELDS		7
#define LINE_MAX_LEN	2048

static const char *const names[FIELDS] = { "id", "first_name", "last_name",
	"birth_date", "phone", "email", "address" };

static int	seal_line(const struct vault *, char *);
static int	split(char *, char **);
static char	*seal_identity(const struct vault *, const char *, json_t *,
		    const char **);

int
seal_people(const char *keyfile)
{
	struct vault	v;
	char		text[4096], err[256], line[LINE_MAX_LEN];
	int		n;

	if (!keyfile_read(keyfile, text, sizeof(text), err, sizeof(err)) ||
	    !vault_parse(&v, text, err, sizeof(err))) {
		sodium_memzero(text, sizeof(text));
		fprintf(stderr, "asr-admin: %s\n", err);
		return (1);
	}
	sodium_memzero(text, sizeof(text));

	for (n = 1; fgets(line, sizeof(line), stdin) != NULL; n++) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (!seal_line(&v, line)) {
			fprintf(stderr, "asr-admin: line %d: not 7 fields with "
			    "an id, names and a birth date\n", n);
			vault_clear(&v);
			return (1);
		}
	}
	sodium_memzero(line, sizeof(line));
	vault_clear(&v);

	return (0);
}

static int
seal_line(const struct vault *v, char *line)
{
	char		*f[FIELDS], *hex, bn[VAULT_BLIND_LEN];
	char		 bnb[VAULT_BLIND_LEN];
	const char	*lid;
	json_t		*identity;
	int		 i;

	if (!split(line, f) || !uuid_valid(f[0]) ||
	    !person_blinds(v, f[1], f[2], f[3], bn, bnb))
		return (0);

	identity = json_object();
	for (i = 1; i < FIELDS; i++)
		if (f[i][0] != '\0')
			(void)json_object_set_new(identity, names[i],
			    json_string(f[i]));
	hex = seal_identity(v, f[0], identity, &lid);
	json_decref(identity);
	if (hex == NULL)
		return (0);

	printf("INSERT INTO demo_sealed VALUES ('%s', '%s', '%s', '%s', "
	    "'%s');\n", f[0], hex, lid, bn, bnb);
	free(hex);

	return (1);
}

/* The FIELDS tab-separated fields of line, in place. */
static int
split(char *line, char **f)
{
	int	i;

	for (i = 0; i < FIELDS; i++) {
		f[i] = line;
		if ((line = strchr(line, '\t')) != NULL)
			*line++ = '\0';
		else if (i < FIELDS - 1)
			return (0);
	}

	return (line == NULL);
}

/* As people_seal(): compact JSON padded with spaces, bound to the row. */
static char *
seal_identity(const struct vault *v, const char *id, json_t *identity,
    const char **lid)
{
	char		 ad[PERSON_AD_MAX], *text, *hex;
	unsigned char	*pt, *sealed;
	size_t		 len, padded, slen;
	int		 ok;

	if (!person_identity_ad(ad, sizeof(ad), id) ||
	    (text = json_dumps(identity, JSON_COMPACT)) == NULL)
		return (NULL);
	len = strlen(text);
	padded = person_padded_len(len);
	slen = padded + VAULT_OVERHEAD;
	pt = malloc(padded);
	sealed = malloc(slen);
	hex = malloc(slen * 2 + 3);
	ok = pt != NULL && sealed != NULL && hex != NULL;
	if (ok) {
		memcpy(pt, text, len);
		memset(pt + len, ' ', padded - len);
		ok = vault_seal(v, sealed, slen, lid, ad, strlen(ad), pt,
		    padded);
	}
	if (ok) {
		hex[0] = '\\';
		hex[1] = 'x';
		sodium_bin2hex(hex + 2, slen * 2 + 1, sealed, slen);
	}
	sodium_memzero(text, len);
	free(text);
	if (pt != NULL)
		sodium_memzero(pt, padded);
	free(pt);
	free(sealed);
	if (!ok) {
		free(hex);
		return (NULL);
	}

	return (hex);
}
