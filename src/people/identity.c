/*
 * People's identities at rest (see people.h): the field vault loaded once
 * in the parent, each identity sealed as one JSON value bound to its row
 * ("beneficiary:<id>:identity") and padded to a multiple of 64 bytes so
 * that its size hardly tells the length of names, and the one function
 * that opens identities for an answer (people_reveal).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/keyfile.h"
#include "core/person.h"
#include "people/people.h"

#define SEALED_MAX	8192	/* bytes of a sealed value, unpadded */

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
 * pt (len bytes) sealed under ad and padded with pad bytes to a multiple
 * of 64, as a bytea literal ("\x…", malloc'd) for a write's statement;
 * *lid names the key. NULL on failure.
 */
static char *
seal_bytes(const char *ad, const char *text, size_t len, int pad,
    const char **lid)
{
	unsigned char	*pt, *sealed;
	char		*hex;
	size_t		 padded, slen;

	padded = person_padded_len(len);
	if (len > SEALED_MAX || (pt = malloc(padded)) == NULL)
		return (NULL);
	memcpy(pt, text, len);
	memset(pt + len, pad, padded - len);

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

/* What seal_bytes() sealed (hex without "\x"), malloc'd; *len its size. */
static unsigned char *
open_bytes(const char *ad, const char *hex, const char *lid, size_t *len)
{
	unsigned char	*sealed, *pt;
	size_t		 slen;
	int		 ok;

	if (hex == NULL || lid == NULL)
		return (NULL);
	slen = strlen(hex) / 2;
	if (slen < VAULT_OVERHEAD || slen > (size_t)SEALED_MAX * 2)
		return (NULL);
	sealed = malloc(slen);
	pt = malloc(slen);
	ok = sealed != NULL && pt != NULL && sodium_hex2bin(sealed, slen, hex,
	    strlen(hex), NULL, &slen, NULL) == 0 && vault_open(&people_vault,
	    pt, slen, len, lid, ad, strlen(ad), sealed, slen);
	free(sealed);
	if (!ok) {
		free(pt);
		return (NULL);
	}

	return (pt);
}

/*
 * The sealed identity of row id (a bytea literal, malloc'd): its JSON,
 * padded with spaces after the closing brace.
 */
char *
people_seal(const char *id, json_t *identity, const char **lid)
{
	char		 ad[PERSON_AD_MAX], *text, *hex;
	size_t		 len;

	if (!person_identity_ad(ad, sizeof(ad), id))
		return (NULL);
	if ((text = json_dumps(identity, JSON_COMPACT)) == NULL)
		return (NULL);
	len = strlen(text);
	hex = seal_bytes(ad, text, len, ' ', lid);
	sodium_memzero(text, len);
	free(text);

	return (hex);
}

/* The identity of row id from its sealed hex and key id; NULL if it fails. */
json_t *
people_open(const char *id, const char *hex, const char *lid)
{
	char		 ad[PERSON_AD_MAX];
	unsigned char	*pt;
	size_t		 len;
	json_t		*identity;

	if (id == NULL || !person_identity_ad(ad, sizeof(ad), id) ||
	    (pt = open_bytes(ad, hex, lid, &len)) == NULL)
		return (NULL);
	identity = json_loadb((const char *)pt, len, 0, NULL);
	sodium_memzero(pt, len);
	free(pt);
	if (identity != NULL && !json_is_object(identity)) {
		json_decref(identity);
		identity = NULL;
	}

	return (identity);
}

/*
 * Free text about a person, sealed under "<kind>:<id>:<field>" (padded
 * with NULs): a vouching's note, an outcome's situation; what it says of
 * a person's health or welfare is as private as the identity.
 */
char *
people_seal_text(const char *kind, const char *id, const char *field,
    const char *text, const char **lid)
{
	char	ad[PERSON_AD_MAX];

	if (snprintf(ad, sizeof(ad), "%s:%s:%s", kind, id, field) >=
	    (int)sizeof(ad))
		return (NULL);

	return (seal_bytes(ad, text, strlen(text), '\0', lid));
}

char *
people_seal_note(const char *vouching_id, const char *note,
    const char **lid)
{
	return (people_seal_text("vouching", vouching_id, "note", note, lid));
}

/*
 * Opens the sealed texts of items (objects of an array) in place: each
 * item's "<field>_sealed" and "<field>_key" become "<field>", sealed under
 * "<kind>:<item id>:<field>".
 */
void
people_reveal_texts(json_t *items, const char *kind, const char *field)
{
	char		 ad[PERSON_AD_MAX], sname[40], kname[40];
	unsigned char	*pt;
	size_t		 i, len;
	json_t		*v;
	const char	*id;

	(void)snprintf(sname, sizeof(sname), "%s_sealed", field);
	(void)snprintf(kname, sizeof(kname), "%s_key", field);
	json_array_foreach(items, i, v) {
		if (json_object_get(v, sname) == NULL)
			continue;
		id = json_string_value(json_object_get(v, "id"));
		pt = NULL;
		if (id != NULL && snprintf(ad, sizeof(ad), "%s:%s:%s", kind,
		    id, field) < (int)sizeof(ad))
			pt = open_bytes(ad, json_string_value(json_object_get(v,
			    sname)), json_string_value(json_object_get(v,
			    kname)), &len);
		(void)json_object_del(v, sname);
		(void)json_object_del(v, kname);
		if (pt == NULL) {
			kore_log(LOG_ERR, "%s %s: %s could not be opened",
			    kind, id != NULL ? id : "?", field);
			(void)json_object_set_new(v, field, json_null());
			continue;
		}
		(void)json_object_set_new(v, field, json_stringn_nocheck(
		    (const char *)pt, strnlen((const char *)pt, len)));
		sodium_memzero(pt, len);
		free(pt);
	}
}

/*
 * Opens the notes of a person's vouchings (items of an array) in place;
 * people_reveal() calls it, and the export for its own list.
 */
void
people_reveal_notes(json_t *vouchings)
{
	people_reveal_texts(vouchings, "vouching", "note");
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

	people_reveal_notes(json_object_get(person, "eligibility"));
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
