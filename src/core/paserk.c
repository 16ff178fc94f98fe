/*
 * PASERK k4 key serialisations and key ids (see paserk.h), on libsodium.
 * Decoding is strict, as for tokens: exact prefix, exact length, canonical
 * base64url; so a key has one PASERK and one id only.
 */
#include <string.h>

#include <sodium.h>

#include "core/b64url.h"
#include "core/paserk.h"

#define B64_VARIANT	sodium_base64_VARIANT_URLSAFE_NO_PADDING

#define PFX_PUBLIC	"k4.public."
#define PFX_PID		"k4.pid."
#define PFX_SECRET	"k4.secret."
#define PFX_SID		"k4.sid."
#define PFX_LOCAL	"k4.local."
#define PFX_LID		"k4.lid."

#define PK_BYTES	crypto_sign_PUBLICKEYBYTES
#define SK_BYTES	crypto_sign_SECRETKEYBYTES
#define LOCAL_BYTES	32
#define ID_BYTES	33	/* BLAKE2b-264 */
#define MAX_BYTES	SK_BYTES

#define LEN_OF(pfx, n) \
	(sizeof(pfx) - 1 + sodium_base64_ENCODED_LEN(n, B64_VARIANT))
/* A negative array size stops the build if a _LEN macro is wrong. */
/* name is a declarator: it cannot take the parentheses clang-tidy asks for. */
#define LEN_CHECK(name, len, pfx, n) \
	typedef char name[(len) == LEN_OF(pfx, n) ? 1 : -1] /* NOLINT */

LEN_CHECK(public_len_ok, PASERK_K4_PUBLIC_LEN, PFX_PUBLIC, PK_BYTES);
LEN_CHECK(pid_len_ok, PASERK_K4_PID_LEN, PFX_PID, ID_BYTES);
LEN_CHECK(secret_len_ok, PASERK_K4_SECRET_LEN, PFX_SECRET, SK_BYTES);
LEN_CHECK(sid_len_ok, PASERK_K4_SID_LEN, PFX_SID, ID_BYTES);
LEN_CHECK(local_len_ok, PASERK_K4_LOCAL_LEN, PFX_LOCAL, LOCAL_BYTES);
LEN_CHECK(lid_len_ok, PASERK_K4_LID_LEN, PFX_LID, ID_BYTES);

static int	encode(char *, size_t, const char *, const unsigned char *,
		    size_t);
static int	decode(unsigned char *, size_t, const char *, const char *);
static int	key_id(char *, size_t, const char *, const char *);
static int	secret_consistent(const unsigned char *);
static int	fail(char *, size_t);

int
paserk_k4_public(char *out, size_t outlen, const unsigned char *pk)
{
	if (pk == NULL)
		return (fail(out, outlen));

	return (encode(out, outlen, PFX_PUBLIC, pk, PK_BYTES));
}

int
paserk_k4_public_decode(unsigned char *pk, const char *paserk)
{
	return (decode(pk, PK_BYTES, PFX_PUBLIC, paserk));
}

int
paserk_k4_pid(char *out, size_t outlen, const char *k4_public)
{
	unsigned char	pk[PK_BYTES];

	if (!paserk_k4_public_decode(pk, k4_public))
		return (fail(out, outlen));

	return (key_id(out, outlen, PFX_PID, k4_public));
}

int
paserk_k4_secret(char *out, size_t outlen, const unsigned char *sk)
{
	if (sk == NULL || !secret_consistent(sk))
		return (fail(out, outlen));

	return (encode(out, outlen, PFX_SECRET, sk, SK_BYTES));
}

int
paserk_k4_secret_decode(unsigned char *sk, const char *paserk)
{
	unsigned char	tmp[SK_BYTES];
	int		ok;

	ok = decode(tmp, sizeof(tmp), PFX_SECRET, paserk) &&
	    secret_consistent(tmp);
	if (ok && sk != NULL)
		memcpy(sk, tmp, sizeof(tmp));
	sodium_memzero(tmp, sizeof(tmp));

	return (ok && sk != NULL);
}

int
paserk_k4_sid(char *out, size_t outlen, const char *k4_secret)
{
	unsigned char	sk[SK_BYTES];
	int		ok;

	ok = paserk_k4_secret_decode(sk, k4_secret);
	sodium_memzero(sk, sizeof(sk));
	if (!ok)
		return (fail(out, outlen));

	return (key_id(out, outlen, PFX_SID, k4_secret));
}

int
paserk_k4_local(char *out, size_t outlen, const unsigned char *key)
{
	if (key == NULL)
		return (fail(out, outlen));

	return (encode(out, outlen, PFX_LOCAL, key, LOCAL_BYTES));
}

int
paserk_k4_local_decode(unsigned char *key, const char *paserk)
{
	unsigned char	tmp[LOCAL_BYTES];
	int		ok;

	ok = decode(tmp, sizeof(tmp), PFX_LOCAL, paserk);
	if (ok && key != NULL)
		memcpy(key, tmp, sizeof(tmp));
	sodium_memzero(tmp, sizeof(tmp));

	return (ok && key != NULL);
}

int
paserk_k4_lid(char *out, size_t outlen, const char *k4_local)
{
	unsigned char	key[LOCAL_BYTES];
	int		ok;

	ok = decode(key, sizeof(key), PFX_LOCAL, k4_local);
	sodium_memzero(key, sizeof(key));
	if (!ok)
		return (fail(out, outlen));

	return (key_id(out, outlen, PFX_LID, k4_local));
}

/* prefix || b64u(bin), when out has room for it and its NUL. */
static int
encode(char *out, size_t outlen, const char *pfx, const unsigned char *bin,
    size_t binlen)
{
	size_t	plen;

	plen = strlen(pfx);
	if (out == NULL ||
	    outlen < plen + sodium_base64_ENCODED_LEN(binlen, B64_VARIANT))
		return (fail(out, outlen));

	memcpy(out, pfx, plen);
	sodium_bin2base64(out + plen, outlen - plen, bin, binlen, B64_VARIANT);

	return (1);
}

/*
 * Exactly prefix || b64u(binlen bytes). The length is checked before
 * anything is decoded, so that hostile input costs nothing.
 */
static int
decode(unsigned char *bin, size_t binlen, const char *pfx, const char *paserk)
{
	unsigned char	tmp[MAX_BYTES];
	size_t		plen, b64len, len;
	int		ok;

	if (bin == NULL || paserk == NULL || binlen > sizeof(tmp))
		return (0);
	plen = strlen(pfx);
	b64len = sodium_base64_ENCODED_LEN(binlen, B64_VARIANT) - 1;
	if (strncmp(paserk, pfx, plen) != 0 ||
	    strlen(paserk + plen) != b64len ||
	    !b64url_alphabet(paserk + plen, b64len))
		return (0);

	ok = sodium_base642bin(tmp, binlen, paserk + plen, b64len, NULL,
	    &len, NULL, B64_VARIANT) == 0 && len == binlen;
	if (ok)
		memcpy(bin, tmp, binlen);
	sodium_memzero(tmp, sizeof(tmp));

	return (ok);
}

/* prefix || b64u(BLAKE2b-264(prefix || paserk)), paserk already checked. */
static int
key_id(char *out, size_t outlen, const char *pfx, const char *paserk)
{
	crypto_generichash_state	st;
	unsigned char			h[ID_BYTES];

	if (sodium_init() < 0 ||
	    crypto_generichash_init(&st, NULL, 0, sizeof(h)) != 0 ||
	    crypto_generichash_update(&st, (const unsigned char *)pfx,
	    strlen(pfx)) != 0 ||
	    crypto_generichash_update(&st, (const unsigned char *)paserk,
	    strlen(paserk)) != 0 ||
	    crypto_generichash_final(&st, h, sizeof(h)) != 0)
		return (fail(out, outlen));

	return (encode(out, outlen, pfx, h, sizeof(h)));
}

/*
 * A libsodium secret key is seed || public key. A stored key whose halves
 * disagree is corrupt, and signing with it can leak the seed.
 */
static int
secret_consistent(const unsigned char *sk)
{
	unsigned char	pk[PK_BYTES], sk2[SK_BYTES];
	int		ok;

	ok = sodium_init() >= 0 &&
	    crypto_sign_seed_keypair(pk, sk2, sk) == 0 &&
	    sodium_memcmp(pk, sk + crypto_sign_SEEDBYTES, sizeof(pk)) == 0;
	sodium_memzero(sk2, sizeof(sk2));

	return (ok);
}

static int
fail(char *out, size_t outlen)
{
	if (out != NULL && outlen > 0)
		out[0] = '\0';

	return (0);
}
