/*
 * Unit tests for src/core/person.c: pseudonymous codes and row ids, birth
 * dates (real days from 1900 to today), phone numbers, the associated data
 * and padding of a sealed identity, and the blind indexes (accents, case
 * and the order of first and last names do not matter; the birth date
 * and the key do).
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <sodium.h>

#include "core/paserk.h"
#include "core/person.h"
#include "core/uuid.h"

#define TODAY	"2026-11-27"

static void
vault_with(struct vault *v, unsigned char blind)
{
	unsigned char	key[32];
	char		a[PASERK_K4_LOCAL_LEN], b[PASERK_K4_LOCAL_LEN];
	char		text[256], err[96];

	cr_assert(sodium_init() >= 0);
	memset(key, 0x11, sizeof(key));
	cr_assert(paserk_k4_local(a, sizeof(a), key));
	memset(key, blind, sizeof(key));
	cr_assert(paserk_k4_local(b, sizeof(b), key));
	(void)snprintf(text, sizeof(text), "seal %s\nblind %s\n", a, b);
	cr_assert(vault_parse(v, text, err, sizeof(err)), "%s", err);
}

Test(person, code_is_random_and_readable)
{
	char	a[PERSON_CODE_LEN], b[PERSON_CODE_LEN];
	size_t	i;

	cr_assert(sodium_init() >= 0);
	person_code(a);
	person_code(b);
	cr_assert_eq(strlen(a), 10);
	cr_assert_eq(strncmp(a, "P-", 2), 0);
	for (i = 2; i < 10; i++)
		cr_assert(strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", a[i]));
	cr_assert_str_neq(a, b);
}

Test(person, new_id_is_a_v4_uuid)
{
	char	id[PERSON_ID_LEN];

	cr_assert(sodium_init() >= 0);
	person_new_id(id);
	cr_assert(uuid_valid(id));
	cr_assert_eq(id[14], '4');
	cr_assert(strchr("89ab", id[19]));
}

Test(person, birth_dates)
{
	int	year = 0;

	cr_assert(person_birth_date_valid("1990-01-01", "2026-11-27", &year));
	cr_assert_eq(year, 1990);
	cr_assert(person_birth_date_valid("2024-02-29", "2026-11-27", NULL));
	cr_assert(person_birth_date_valid("1900-01-01", "2026-11-27", NULL));
	cr_assert(person_birth_date_valid("2026-11-27", "2026-11-27", NULL));
	cr_assert_not(person_birth_date_valid("2026-11-28", TODAY, NULL));
	cr_assert_not(person_birth_date_valid("1899-12-31", TODAY, NULL));
	cr_assert_not(person_birth_date_valid("2023-02-29", TODAY, NULL));
	cr_assert_not(person_birth_date_valid("1990-13-01", TODAY, NULL));
	cr_assert_not(person_birth_date_valid("1990-1-1", "2026-11-27", NULL));
	cr_assert_not(person_birth_date_valid("", "2026-11-27", NULL));
	cr_assert_not(person_birth_date_valid(NULL, "2026-11-27", NULL));
}

Test(person, phones)
{
	cr_assert(person_phone_valid("0639 12 34 56"));
	cr_assert(person_phone_valid("+262 639 12.34.56"));
	cr_assert(person_phone_valid("(0269) 61-00-00"));
	cr_assert_not(person_phone_valid("12345"));
	cr_assert_not(person_phone_valid("0639+123456"));
	cr_assert_not(person_phone_valid("06 39 12 34 5x"));
	cr_assert_not(person_phone_valid("1234567890123456"));
	cr_assert_not(person_phone_valid("0639 12 34 56                    "));
	cr_assert_not(person_phone_valid(""));
}

Test(person, associated_data_and_padding)
{
	char	ad[PERSON_AD_MAX];

	cr_assert(person_identity_ad(ad, sizeof(ad),
	    "6f1c2a4e-0000-4000-8000-000000000001"));
	cr_assert_str_eq(ad,
	    "beneficiary:6f1c2a4e-0000-4000-8000-000000000001:identity");
	cr_assert_not(person_identity_ad(ad, 20, "6f1c2a4e"));
	cr_assert_eq(person_padded_len(0), 64);
	cr_assert_eq(person_padded_len(63), 64);
	cr_assert_eq(person_padded_len(64), 128);
}

Test(person, blind_indexes)
{
	struct vault	v, w;
	char		n1[VAULT_BLIND_LEN], nb1[VAULT_BLIND_LEN];
	char		n2[VAULT_BLIND_LEN], nb2[VAULT_BLIND_LEN];

	vault_with(&v, 0x22);
	cr_assert(person_blinds(&v, "Zaïnaba", "M'Madi", "1990-01-01", n1,
	    nb1));
	cr_assert_eq(strlen(n1), 32);
	cr_assert_str_neq(n1, nb1);

	/* Accents, case, apostrophes and the order of names do not matter. */
	cr_assert(person_blinds(&v, "MMADI", "zainaba", "1990-01-01", n2,
	    nb2));
	cr_assert_str_eq(n1, n2);
	cr_assert_str_eq(nb1, nb2);

	/* Another birth date: same name index, another name+birth index. */
	cr_assert(person_blinds(&v, "Zainaba", "Mmadi", "1991-01-01", n2,
	    nb2));
	cr_assert_str_eq(n1, n2);
	cr_assert_str_neq(nb1, nb2);

	/* Another key: other indexes. */
	vault_with(&w, 0x33);
	cr_assert(person_blinds(&w, "Zaïnaba", "M'Madi", "1990-01-01", n2,
	    nb2));
	cr_assert_str_neq(n1, n2);

	/* A name that folds to nothing has no index. */
	cr_assert_not(person_blinds(&v, "'-", "Mmadi", "1990-01-01", n2, nb2));
	cr_assert_str_eq(n2, "");
	vault_clear(&v);
	vault_clear(&w);
}
