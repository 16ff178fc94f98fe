/*
 * People's identities at rest (see people.h): the field vault loaded once
 * in the parent, each identity sealed as one JSON value bound to its row
 * ("beneficiary:<id>:identity") and padded to a multiple of 64 bytes so
 * that its size hardly tells the length of names, and the one function
 * that opens identities for an answer (people_reveal).
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/keyfile.h"
#include "core/person.h"
#include "people/people.h"

#define IDENTITY_MAX	8192	/* bytes of an identity's JSON */

struct vault	people_vault;

/* The identity's fields, in the order they are sealed and shown. */
static const char *const identity_fields[] = { "first_name", "last_name",
	"birth_date", "phone", "email", "address", NULL };

int
people_load_vault(const char *path, char *err, size_t errlen)
{
	char	text[4096];
	int	ok;

	if (!keyfile_read(path, text, sizeof(text), err, errlen))
		return (0);
	ok = vault_parse(&people_vault, text, err, errlen);
	sodium_memzero(text, sizeof(text));

	return (ok);
}

/*
 * The sealed identity of row id as a bytea literal ("\x…", malloc'd) for
 * the write's statement; *lid names the key. NULL on failure.
 */
char *
people_seal(const char *id, json_t *identity, const char **lid)
{
	char		 ad[PERSON_AD_MAX], *text, *hex;
	unsigned char	*pt, *sealed;
	size_t		 len, padded, slen;

	if (!person_identity_ad(ad, sizeof(ad), id))
		return (NULL);
	if ((text = json_dumps(identity, JSON_COMPACT)) == NULL)
		return (NULL);
	len = strlen(text);
	padded = person_padded_len(len);
	if (len > IDENTITY_MAX || (pt = malloc(padded)) == NULL) {
		sodium_memzero(text, len);
		free(text);
		return (NULL);
	}
	/* JSON ends at its closing brace: spaces after it are padding. */
	memcpy(pt, text, len);
	memset(pt + len, ' ', padded - len);
	sodium_memzero(text, len);
	free(text);

	slen = padded + VAULT_OVERHEAD;
	sealed = malloc(slen);
	hex = malloc(slen * 2 + 3);
	if (sealed == NULL || hex == NULL || !vault_seal(&people_vault, sealed,
	    slen, lid, ad, strlen(ad), pt, padded)) {
		free(hex);
		hex = NULL;
	} else {
		hex[0] = '\\';
		hex[1] = 'x';
		sodium_bin2hex(hex + 2, slen * 2 + 1, sealed, slen);
	}
	sodium_memzero(pt, padded);
	free(pt);
	free(sealed);

	return (hex);
}

/* The identity of row id from its sealed hex and key id; NULL if it fails. */
json_t *
people_open(const char *id, const char *hex, const char *lid)
{
	char		 ad[PERSON_AD_MAX];
	unsigned char	*sealed, *pt;
	size_t		 slen, len;
	json_t		*identity;

	if (id == NULL || hex == NULL || lid == NULL ||
	    !person_identity_ad(ad, sizeof(ad), id))
		return (NULL);
	slen = strlen(hex) / 2;
	if (slen < VAULT_OVERHEAD || slen > IDENTITY_MAX * 2)
		return (NULL);
	sealed = malloc(slen);
	pt = malloc(slen);
	identity = NULL;
	if (sealed != NULL && pt != NULL && sodium_hex2bin(sealed, slen, hex,
	    strlen(hex), NULL, &slen, NULL) == 0 && vault_open(&people_vault,
	    pt, slen, &len, lid, ad, strlen(ad), sealed, slen)) {
		identity = json_loadb((const char *)pt, len, 0, NULL);
		sodium_memzero(pt, len);
	}
	free(sealed);
	free(pt);
	if (identity != NULL && !json_is_object(identity)) {
		json_decref(identity);
		identity = NULL;
	}

	return (identity);
}

/*
 * Replaces the sealed identity of a person as PostgreSQL built it
 * (identity_sealed, identity_key) with its fields in clear. THE place where
 * identities are read: audit reads of people here. 0 when the identity
 * could not be opened (unknown key, tampering): the fields are left out
 * and identity_unavailable says so.
 */
int
people_reveal(json_t *person)
{
	json_t		*identity, *v;
	size_t		 i;

	if (json_object_get(person, "identity_sealed") == NULL)
		return (1);

	identity = people_open(json_string_value(json_object_get(person, "id")),
	    json_string_value(json_object_get(person, "identity_sealed")),
	    json_string_value(json_object_get(person, "identity_key")));
	(void)json_object_del(person, "identity_sealed");
	(void)json_object_del(person, "identity_key");
	if (identity == NULL) {
		kore_log(LOG_ERR, "beneficiary %s: identity could not be "
		    "opened", json_string_value(json_object_get(person, "id")));
		(void)json_object_set_new(person, "identity_unavailable",
		    json_true());
		return (0);
	}
	for (i = 0; identity_fields[i] != NULL; i++) {
		v = json_object_get(identity, identity_fields[i]);
		(void)json_object_set(person, identity_fields[i],
		    v != NULL ? v : json_null());
	}
	json_decref(identity);

	return (1);
}

/* A person's JSON text from PostgreSQL, revealed; NULL if unreadable. */
json_t *
people_reveal_json(const char *text)
{
	json_t		*person;

	if ((person = json_loads(text, 0, NULL)) != NULL)
		(void)people_reveal(person);

	return (person);
}

/* The same as text (malloc'd), for list_answer_each(); NULL on failure. */
char *
people_reveal_text(const char *text)
{
	json_t		*person;
	char		*out;

	if ((person = people_reveal_json(text)) == NULL)
		return (NULL);
	out = json_dumps(person, JSON_COMPACT);
	json_decref(person);

	return (out);
}
