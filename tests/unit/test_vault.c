/*
 * Unit tests for src/core/vault.c: libsodium's XChaCha20-Poly1305 and
 * keyed BLAKE2b against published vectors (draft-irtf-cfrg-xchacha-03
 * A.3.1; the BLAKE2 reference KAT), the sealed framing opened from that
 * vector, tampering, binding to the associated data, key rotation, the key
 * file's rules and the blind index's properties.
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <sodium.h>

#include "core/paserk.h"
#include "core/vault.h"

static const char	xchacha_pt[] = "Ladies and Gentlemen of the class of "
    "'99: If I could offer you only one tip for the future, sunscreen would "
    "be it.";
static const char	xchacha_ct_tag[] =
    "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f"
    "1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5"
    "d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da976"
    "8812f615c68b13b52ec0875924c1c7987947deafd8780acf49";
static const char	xchacha_ad[] = "\x50\x51\x52\x53\xc0\xc1\xc2\xc3\xc4"
    "\xc5\xc6\xc7";

/* A k4.local PASERK of 32 bytes first, first+1, ... */
static void
local_key(char *out, size_t outlen, unsigned char first)
{
	unsigned char	key[32];
	size_t		i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)(first + i);
	cr_assert(paserk_k4_local(out, outlen, key));
}

/* A key file: seal keys starting at seal0 (and seal1 when not 0), blind. */
static void
load(struct vault *v, unsigned char seal0, unsigned char seal1,
    unsigned char blind)
{
	char	a[PASERK_K4_LOCAL_LEN], b[PASERK_K4_LOCAL_LEN];
	char	c[PASERK_K4_LOCAL_LEN], text[512], err[128];

	local_key(a, sizeof(a), seal0);
	local_key(b, sizeof(b), seal1);
	local_key(c, sizeof(c), blind);
	if (seal1 != 0)
		(void)snprintf(text, sizeof(text), "# keys\nseal %s\n"
		    "seal %s\n\nblind %s\n", a, b, c);
	else
		(void)snprintf(text, sizeof(text), "seal %s\nblind %s\n", a, c);
	cr_assert(vault_parse(v, text, err, sizeof(err)), "%s", err);
}

Test(vault, xchacha20poly1305_published_vector)
{
	struct vault	v;
	unsigned char	sealed[256], out[256];
	size_t		ctlen, len, i;

	load(&v, 0x80, 0, 0x01);
	for (i = 0; i < VAULT_NONCE_LEN; i++)
		sealed[i] = (unsigned char)(0x40 + i);
	cr_assert_eq(sodium_hex2bin(sealed + VAULT_NONCE_LEN,
	    sizeof(sealed) - VAULT_NONCE_LEN, xchacha_ct_tag,
	    strlen(xchacha_ct_tag), NULL, &ctlen, NULL), 0);
	cr_assert_eq(ctlen, strlen(xchacha_pt) + VAULT_TAG_LEN);

	cr_assert(vault_open(&v, out, sizeof(out), &len, vault_current_lid(&v),
	    xchacha_ad, sizeof(xchacha_ad) - 1, sealed,
	    VAULT_NONCE_LEN + ctlen));
	cr_assert_eq(len, strlen(xchacha_pt));
	cr_assert_eq(memcmp(out, xchacha_pt, len), 0);

	sealed[VAULT_NONCE_LEN + 3] ^= 0x01;
	cr_assert_not(vault_open(&v, out, sizeof(out), &len,
	    vault_current_lid(&v), xchacha_ad, sizeof(xchacha_ad) - 1, sealed,
	    VAULT_NONCE_LEN + ctlen));
	vault_clear(&v);
}

Test(vault, blake2b_keyed_reference_vector)
{
	static const char	want[] =
	    "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
	    "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568";
	unsigned char		key[64], sum[64];
	char			hex[129];
	size_t			i;

	cr_assert(sodium_init() >= 0);
	for (i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)i;
	cr_assert_eq(crypto_generichash(sum, sizeof(sum), NULL, 0, key,
	    sizeof(key)), 0);
	sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
	cr_assert_str_eq(hex, want);
}

Test(vault, seal_open_round_trip_and_binding)
{
	struct vault	 v;
	unsigned char	 sealed[64 + VAULT_OVERHEAD];
	unsigned char	 again[64 + VAULT_OVERHEAD];
	unsigned char	 out[64];
	const char	*lid, *msg = "{\"first_name\":\"Zaïnaba\"}";
	size_t		 n = strlen(msg), len;

	load(&v, 0x10, 0, 0x50);
	cr_assert(vault_seal(&v, sealed, n + VAULT_OVERHEAD, &lid, "b:1:id", 6,
	    msg, n));
	cr_assert_str_eq(lid, vault_current_lid(&v));
	cr_assert_eq(strncmp(lid, "k4.lid.", 7), 0);
	cr_assert(vault_open(&v, out, sizeof(out), &len, lid, "b:1:id", 6,
	    sealed, n + VAULT_OVERHEAD));
	cr_assert_eq(len, n);
	cr_assert_eq(memcmp(out, msg, n), 0);

	/* Another row's associated data, a cut, an unknown key: refused. */
	cr_assert_not(vault_open(&v, out, sizeof(out), &len, lid, "b:2:id", 6,
	    sealed, n + VAULT_OVERHEAD));
	cr_assert_not(vault_open(&v, out, sizeof(out), &len, lid, "b:1:id", 6,
	    sealed, n + VAULT_OVERHEAD - 1));
	cr_assert_not(vault_open(&v, out, sizeof(out), &len, lid, "b:1:id", 6,
	    sealed, VAULT_OVERHEAD - 1));
	cr_assert_not(vault_open(&v, out, sizeof(out), &len, "k4.lid.x",
	    "b:1:id", 6, sealed, n + VAULT_OVERHEAD));
	cr_assert_not(vault_open(&v, out, sizeof(out), &len, NULL, "b:1:id",
	    6, sealed, n + VAULT_OVERHEAD));
	cr_assert_not(vault_open(&v, out, n - 1, &len, lid, "b:1:id", 6,
	    sealed, n + VAULT_OVERHEAD));

	/* A fresh nonce each time: the same value never seals the same. */
	cr_assert(vault_seal(&v, again, sizeof(again), NULL, "b:1:id", 6, msg,
	    n));
	cr_assert_neq(memcmp(sealed, again, n + VAULT_OVERHEAD), 0);
	cr_assert_not(vault_seal(&v, again, n + VAULT_OVERHEAD - 1, NULL,
	    "b:1:id", 6, msg, n));
	vault_clear(&v);
}

Test(vault, rotation_keeps_old_values_readable)
{
	struct vault	 old, rotated;
	unsigned char	 sealed[16 + VAULT_OVERHEAD], out[16];
	const char	*lid;
	char		 old_lid[PASERK_K4_LID_LEN];
	size_t		 len;

	load(&old, 0x10, 0, 0x50);
	cr_assert(vault_seal(&old, sealed, sizeof(sealed), &lid, "ad", 2,
	    "0612345678", 10));
	(void)snprintf(old_lid, sizeof(old_lid), "%s", lid);

	/* The new key first, the old one kept to open. */
	load(&rotated, 0x30, 0x10, 0x50);
	cr_assert_str_neq(vault_current_lid(&rotated), old_lid);
	cr_assert(vault_open(&rotated, out, sizeof(out), &len, old_lid, "ad",
	    2, sealed, 10 + VAULT_OVERHEAD));
	cr_assert_eq(memcmp(out, "0612345678", 10), 0);
	vault_clear(&old);
	vault_clear(&rotated);
}

Test(vault, key_file_rules)
{
	char		 a[PASERK_K4_LOCAL_LEN], b[PASERK_K4_LOCAL_LEN];
	char		 text[512], err[128];
	struct vault	 v;

	local_key(a, sizeof(a), 0x10);
	local_key(b, sizeof(b), 0x50);

	(void)snprintf(text, sizeof(text), "seal %s\n", a);
	cr_assert_not(vault_parse(&v, text, err, sizeof(err)));
	cr_assert_not(vault_parse(&v, "", err, sizeof(err)));
	(void)snprintf(text, sizeof(text), "blind %s\n", b);
	cr_assert_not(vault_parse(&v, text, err, sizeof(err)));
	(void)snprintf(text, sizeof(text), "seal %s\nblind %s\nblind %s\n", a,
	    b, b);
	cr_assert_not(vault_parse(&v, text, err, sizeof(err)));
	cr_assert(strstr(err, "line 3") != NULL, "%s", err);
	(void)snprintf(text, sizeof(text), "seal %s\nblind %s\n", a, a);
	cr_assert_not(vault_parse(&v, text, err, sizeof(err)));
	(void)snprintf(text, sizeof(text), "seal %s\nseal %s\nblind %s\n", a,
	    a, b);
	cr_assert_not(vault_parse(&v, text, err, sizeof(err)));
	(void)snprintf(text, sizeof(text), "%s\nblind %s\n", a, b);
	cr_assert_not(vault_parse(&v, text, err, sizeof(err)));
	(void)snprintf(text, sizeof(text), "seal k4.local.AAAA\nblind %s\n",
	    b);
	cr_assert_not(vault_parse(&v, text, err, sizeof(err)));
	(void)snprintf(text, sizeof(text), "seal k4.public.%s\nblind %s\n",
	    a + 9, b);
	cr_assert_not(vault_parse(&v, text, err, sizeof(err)));
	cr_assert_eq(v.count, 0);
	cr_assert_null(vault_current_lid(&v));

	(void)snprintf(text, sizeof(text), "  seal %s\t\r\n#c\nblind %s", a, b);
	cr_assert(vault_parse(&v, text, NULL, 0));
	cr_assert_eq(v.count, 1);
	vault_clear(&v);
}

Test(vault, blind_index_properties)
{
	struct vault		 v, other;
	const char		*p1[] = { "Zaïnaba", "M'Madi" };
	const char		*p2[] = { "ZAINABA", "mmadi" };
	const char		*p3[] = { "Zainab", "aMmadi" };
	const char		*p4[] = { "Zainaba", "Mmadi", "2001-01-01" };
	const char		*empty[] = { "Zaïnaba", " ' " };
	char			 a[VAULT_BLIND_LEN], b[VAULT_BLIND_LEN];

	load(&v, 0x10, 0, 0x50);
	load(&other, 0x10, 0, 0x70);

	cr_assert(vault_blind(&v, a, "name", p1, 2, 1));
	cr_assert_eq(strlen(a), VAULT_BLIND_LEN - 1);
	cr_assert(vault_blind(&v, b, "name", p2, 2, 1));
	cr_assert_str_eq(a, b, "spellings of one name differ");

	/* Parts are framed: "zainab"+"ammadi" is not "zainaba"+"mmadi". */
	cr_assert(vault_blind(&v, b, "name", p3, 2, 1));
	cr_assert_str_neq(a, b);
	/* Another purpose, another key: another index. */
	cr_assert(vault_blind(&v, b, "name+birth", p1, 2, 1));
	cr_assert_str_neq(a, b);
	cr_assert(vault_blind(&other, b, "name", p1, 2, 1));
	cr_assert_str_neq(a, b);
	/* Unfolded parts are taken as they are. */
	cr_assert(vault_blind(&v, a, "x", p1, 2, 0));
	cr_assert(vault_blind(&v, b, "x", p2, 2, 0));
	cr_assert_str_neq(a, b);
	cr_assert(vault_blind(&v, a, "name+birth", p4, 3, 1));

	/* A part that folds to nothing, a NULL part: refused. */
	cr_assert_not(vault_blind(&v, a, "name", empty, 2, 1));
	cr_assert_str_eq(a, "");
	p4[1] = NULL;
	cr_assert_not(vault_blind(&v, a, "name", p4, 3, 1));
	vault_clear(&v);
	cr_assert_not(vault_blind(&v, a, "name", p1, 2, 1));
	vault_clear(&other);
}
