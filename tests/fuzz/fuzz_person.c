/*
 * What a client writes about a person (issue 8): birth dates, phone
 * numbers, and names folded for the blind indexes (the input's first line
 * the first name, the rest the last name). A valid birth date lies between
 * 1900-01-01 and today; a folded name is valid UTF-8, folds to itself
 * again and has no space or punctuation of ASCII; the blind indexes are
 * the same whichever order the two names come in.
 */
#include <sodium.h>

#include "core/namefold.h"
#include "core/paserk.h"
#include "core/person.h"
#include "fuzz.h"

#define TODAY	"2026-11-27"

static struct vault	vault;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned char	key[32];
	char		a[PASERK_K4_LOCAL_LEN], b[PASERK_K4_LOCAL_LEN];
	char		text[256], err[96];

	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	memset(key, 0x11, sizeof(key));
	if (!paserk_k4_local(a, sizeof(a), key))
		abort();
	memset(key, 0x22, sizeof(key));
	if (!paserk_k4_local(b, sizeof(b), key))
		abort();
	(void)snprintf(text, sizeof(text), "seal %s\nblind %s\n", a, b);
	if (!vault_parse(&vault, text, err, sizeof(err)))
		abort();

	return (0);
}

/* Well-formed UTF-8 (RFC 3629): no overlong form, surrogate or > U+10FFFF. */
static int
utf8_ok(const unsigned char *p)
{
	unsigned int	cp, min;
	int		n, i;

	while (*p != '\0') {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			n = 1;
			cp = *p & 0x1f;
			min = 0x80;
		} else if ((*p & 0xf0) == 0xe0) {
			n = 2;
			cp = *p & 0x0f;
			min = 0x800;
		} else if ((*p & 0xf8) == 0xf0) {
			n = 3;
			cp = *p & 0x07;
			min = 0x10000;
		} else
			return (0);
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return (0);
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return (0);
		p += n + 1;
	}

	return (1);
}

static void
fold(const char *s)
{
	char	out[VAULT_PART_MAX], again[VAULT_PART_MAX];
	size_t	i;

	if (!name_fold(out, sizeof(out), s)) {
		FUZZ_ASSERT(out[0] == '\0');
		return;
	}
	FUZZ_ASSERT(utf8_ok((const unsigned char *)out));
	for (i = 0; out[i] != '\0'; i++)
		FUZZ_ASSERT((unsigned char)out[i] >= 0x80 ||
		    (out[i] >= 'a' && out[i] <= 'z') ||
		    (out[i] >= '0' && out[i] <= '9'));
	FUZZ_ASSERT(name_fold(again, sizeof(again), out));
	FUZZ_ASSERT(strcmp(out, again) == 0);
}

static void
blinds(const char *first, const char *last)
{
	char	n1[VAULT_BLIND_LEN], nb1[VAULT_BLIND_LEN];
	char	n2[VAULT_BLIND_LEN], nb2[VAULT_BLIND_LEN];
	int	ok;

	ok = person_blinds(&vault, first, last, "1990-01-01", n1, nb1);
	FUZZ_ASSERT(ok == person_blinds(&vault, last, first, "1990-01-01",
	    n2, nb2));
	if (!ok)
		return;
	FUZZ_ASSERT(strlen(n1) == VAULT_BLIND_LEN - 1);
	FUZZ_ASSERT(strcmp(n1, n2) == 0 && strcmp(nb1, nb2) == 0);
	FUZZ_ASSERT(strcmp(n1, nb1) != 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s, *nl;
	int	 year;

	s = fuzz_cstr(data, size);
	year = 0;
	if (person_birth_date_valid(s, TODAY, &year)) {
		FUZZ_ASSERT(strlen(s) == 10);
		FUZZ_ASSERT(year >= 1900 && year <= 2026);
		FUZZ_ASSERT(strcmp(s, "1900-01-01") >= 0 &&
		    strcmp(s, TODAY) <= 0);
	}
	if (person_phone_valid(s))
		FUZZ_ASSERT(strlen(s) >= 6 && strlen(s) <= 30);
	fold(s);
	if ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		blinds(s, nl + 1);
	}
	free(s);

	return (0);
}
