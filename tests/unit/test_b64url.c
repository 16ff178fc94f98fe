/*
 * Unit tests for src/core/b64url.c and its callers: the base64url
 * alphabet only, so that bytes above 0x7f, which libsodium 1.0.18 decodes
 * as alphabet characters, never make a key or a token (the input
 * tests/fuzz/regress/paserk/high-bytes-as-underscore, found by fuzzing).
 */
#include <string.h>

#include <criterion/criterion.h>
#include <sodium.h>

#include "core/b64url.h"
#include "core/paserk.h"
#include "core/paseto.h"

#define PUBLIC	"k4.public.6kpsY-KcUgq-9VB7Ey7F-ZVHdq6-vnuSQh7qa____iw"

Test(b64url, alphabet)
{
	cr_assert(b64url_alphabet("AZaz09-_", 8));
	cr_assert(b64url_alphabet("", 0));
	cr_assert(b64url_alphabet("ab=", 2));
	cr_assert_not(b64url_alphabet("ab=", 3));
	cr_assert_not(b64url_alphabet("a+b", 3));
	cr_assert_not(b64url_alphabet("a/b", 3));
	cr_assert_not(b64url_alphabet("a\xff", 2));
	cr_assert_not(b64url_alphabet("a\x80", 2));
	cr_assert_not(b64url_alphabet("a b", 3));
}

Test(b64url, paserk_refuses_high_bytes)
{
	unsigned char	pk[32];
	char		bad[sizeof(PUBLIC)];

	cr_assert(paserk_k4_public_decode(pk, PUBLIC));
	memcpy(bad, PUBLIC, sizeof(PUBLIC));
	memset(strchr(bad, '_'), 0xff, 4);
	cr_assert_not(paserk_k4_public_decode(pk, bad));
}

Test(b64url, paseto_refuses_high_bytes)
{
	unsigned char	 pk[32], sk[64];
	char		*token, *p;

	cr_assert(sodium_init() >= 0);
	crypto_sign_keypair(pk, sk);
	cr_assert(paseto_v4_public_sign(&token, sk, "hi", 2, NULL, NULL));
	cr_assert(paseto_v4_public_verify(NULL, NULL, NULL, token, pk, NULL,
	    NULL));
	/* Every '_' or '-' in the body, replaced by a byte above 0x7f. */
	for (p = token + strlen("v4.public."); *p != '\0'; p++) {
		if (*p == '_' || *p == '-') {
			*p = (char)0xff;
			break;
		}
	}
	if (*p != '\0')
		cr_assert_not(paseto_v4_public_verify(NULL, NULL, NULL, token,
		    pk, NULL, NULL));
	free(token);
}
