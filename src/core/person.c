/*
 * People's codes, checks and blind indexes (see person.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/clock.h"
#include "core/namefold.h"
#include "core/person.h"

/* Crockford's base 32: no I, L, O, U to misread. */
static const char	code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void
person_code(char *out)
{
	size_t		i;

	out[0] = 'P';
	out[1] = '-';
	for (i = 0; i < 8; i++)
		out[2 + i] = code_alphabet[randombytes_uniform(32)];
	out[10] = '\0';
}

/* A random (version 4) UUID, lowercase. */
void
person_new_id(char *out)
{
	unsigned char	b[16];

	randombytes_buf(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	(void)snprintf(out, PERSON_ID_LEN, "%02x%02x%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4],
	    b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
	    b[15]);
}

/*
 * A birth date: a real calendar day (YYYY-MM-DD) from 1900-01-01 to today
 * (a YYYY-MM-DD too); *year is set when valid.
 */
int
person_birth_date_valid(const char *s, const char *today, int *year)
{
	int64_t		ms;

	if (s == NULL || today == NULL || !clock_parse_date(s, &ms))
		return (0);
	if (strcmp(s, "1900-01-01") < 0 || strcmp(s, today) > 0)
		return (0);
	if (year != NULL)
		*year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		    (s[2] - '0') * 10 + (s[3] - '0');

	return (1);
}

/*
 * A phone number as people write them: digits with spaces, dots, hyphens
 * or parentheses between, an optional leading '+', 6 to 15 digits (E.164's
 * maximum), 30 characters at most.
 */
int
person_phone_valid(const char *s)
{
	size_t		i, digits;

	if (s == NULL || strlen(s) > 30)
		return (0);
	digits = 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '+' && i == 0)
			continue;
		else if (strchr(" .-()", s[i]) == NULL)
			return (0);
	}

	return (digits >= 6 && digits <= 15);
}

int
person_identity_ad(char *out, size_t len, const char *id)
{
	int	n;

	n = snprintf(out, len, "beneficiary:%s:identity", id);

	return (n > 0 && (size_t)n < len);
}

size_t
person_padded_len(size_t len)
{
	return ((len / PERSON_PAD + 1) * PERSON_PAD);
}

/*
 * The blind indexes of a person: "name" over the two folded names in
 * sorted order, "name+birth" with the birth date too. 0 when a name folds
 * to nothing (or is invalid) or the vault has no blind key.
 */
int
person_blinds(const struct vault *v, const char *first, const char *last,
    const char *birth, char *name, char *name_birth)
{
	char		 a[VAULT_PART_MAX], b[VAULT_PART_MAX];
	const char	*parts[3];
	int		 ok;

	name[0] = name_birth[0] = '\0';
	if (first == NULL || last == NULL || birth == NULL ||
	    !name_fold(a, sizeof(a), first) || !name_fold(b, sizeof(b), last) ||
	    a[0] == '\0' || b[0] == '\0')
		return (0);
	if (strcmp(a, b) <= 0) {
		parts[0] = a;
		parts[1] = b;
	} else {
		parts[0] = b;
		parts[1] = a;
	}
	parts[2] = birth;
	ok = vault_blind(v, name, "name", parts, 2, 0) &&
	    vault_blind(v, name_birth, "name+birth", parts, 3, 0);
	sodium_memzero(a, sizeof(a));
	sodium_memzero(b, sizeof(b));
	if (!ok)
		name[0] = name_birth[0] = '\0';

	return (ok);
}
