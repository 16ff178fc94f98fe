/*
 * Unit tests for src/core/paseto.c: the official PASETO v4 vectors from
 * ../shared/vectors/paseto/v4.json (skipped when that folder is absent),
 * Pre-Authentication Encoding, round trips, and hostile tokens that must
 * all be refused without a crash: any one character changed, truncations,
 * wrong headers, keys, footers or implicit assertions, garbage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <jansson.h>
#include <sodium.h>

#include "core/paseto.h"

#define VECTORS		"../shared/vectors/paseto/v4.json"
#define B64		sodium_base64_VARIANT_URLSAFE_NO_PADDING

#define FOOTER		"{\"kid\":\"k4.pid.test\"}"
#define IMPLICIT	"{\"aud\":\"asr-mayotte\"}"
#define PAYLOAD		"{\"sub\":\"42\",\"exp\":\"2030-01-01T00:00:00Z\"}"

static json_t		*vectors_or_skip(void);
static const char	*vec_str(json_t *, const char *);
static int		 vec_hex(json_t *, const char *, unsigned char *,
			    size_t);
static void		 keys(unsigned char *, unsigned char *,
			    unsigned char *);
static char		*signed_token(const unsigned char *, const char *,
			    const char *);
static char		*local_token(const unsigned char *, const char *,
			    const char *);
static int		 verifies(const char *, const unsigned char *,
			    const char *, const char *);
static int		 decrypts(const char *, const unsigned char *,
			    const char *, const char *);
static char		*rebuild(const char *, const unsigned char *, size_t,
			    const char *);
static char		*flip_body_byte(const char *, const char *, size_t);
static void		 pae_is(size_t, const void *const *, const size_t *,
			    const void *, size_t);

/*
 * The unit tests run from the project root; ASR_ROOT, when set, names it
 * for runs from elsewhere.
 */
static json_t *
vectors_or_skip(void)
{
	json_error_t	 err;
	json_t		*root;
	const char	*base;
	char		 path[4096];

	if ((root = json_load_file(VECTORS, 0, &err)) != NULL)
		return (root);
	if ((base = getenv("ASR_ROOT")) != NULL) {
		(void)snprintf(path, sizeof(path), "%s/%s", base, VECTORS);
		if ((root = json_load_file(path, 0, &err)) != NULL)
			return (root);
	}
	cr_skip_test("../shared/vectors absent: PASETO vectors skipped");

	return (NULL);
}

static const char *
vec_str(json_t *v, const char *name)
{
	return (json_string_value(json_object_get(v, name)));
}

/* Whether the vector's hex field is exactly len bytes; they land in out. */
static int
vec_hex(json_t *v, const char *name, unsigned char *out, size_t len)
{
	const char	*hex;
	size_t		 got;

	if ((hex = vec_str(v, name)) == NULL)
		return (0);
	if (sodium_hex2bin(out, len, hex, strlen(hex), NULL, &got,
	    NULL) != 0)
		return (0);

	return (got == len);
}

static void
keys(unsigned char *pk, unsigned char *sk, unsigned char *key)
{
	cr_assert_eq(sodium_init() >= 0, 1);
	crypto_sign_keypair(pk, sk);
	randombytes_buf(key, PASETO_V4_LOCAL_KEYBYTES);
}

static char *
signed_token(const unsigned char *sk, const char *footer,
    const char *implicit)
{
	char	*token;

	cr_assert_eq(paseto_v4_public_sign(&token, sk, PAYLOAD,
	    strlen(PAYLOAD), footer, implicit), 1);

	return (token);
}

static char *
local_token(const unsigned char *key, const char *footer,
    const char *implicit)
{
	char	*token;

	cr_assert_eq(paseto_v4_local_encrypt(&token, key, PAYLOAD,
	    strlen(PAYLOAD), footer, implicit, NULL), 1);

	return (token);
}

/* Verifies, checking that nothing is handed out on failure. */
static int
verifies(const char *token, const unsigned char *pk, const char *expect,
    const char *implicit)
{
	char	*msg = (char *)"x", *footer = (char *)"x";
	size_t	 len = 1;
	int	 ok;

	ok = paseto_v4_public_verify(&msg, &len, &footer, token, pk, expect,
	    implicit);
	if (!ok) {
		cr_assert_null(msg);
		cr_assert_null(footer);
		cr_assert_eq(len, 0);
	}
	free(msg);
	free(footer);

	return (ok);
}

static int
decrypts(const char *token, const unsigned char *key, const char *expect,
    const char *implicit)
{
	char	*msg = (char *)"x", *footer = (char *)"x";
	size_t	 len = 1;
	int	 ok;

	ok = paseto_v4_local_decrypt(&msg, &len, &footer, token, key, expect,
	    implicit);
	if (!ok) {
		cr_assert_null(msg);
		cr_assert_null(footer);
		cr_assert_eq(len, 0);
	}
	free(msg);
	free(footer);

	return (ok);
}

/* hdr || b64u(body) [|| "." || footer_b64]: a token put back together. */
static char *
rebuild(const char *hdr, const unsigned char *body, size_t len,
    const char *footer_b64)
{
	char	*t;
	size_t	 size, hlen;

	hlen = strlen(hdr);
	size = hlen + sodium_base64_ENCODED_LEN(len, B64) + 1 +
	    (footer_b64 != NULL ? strlen(footer_b64) : 0);
	cr_assert_not_null(t = malloc(size));
	memcpy(t, hdr, hlen);
	sodium_bin2base64(t + hlen, size - hlen, body, len, B64);
	if (footer_b64 != NULL) {
		strcat(t, ".");
		strcat(t, footer_b64);
	}

	return (t);
}

/* The token with one bit of its decoded body flipped, footer kept. */
static char *
flip_body_byte(const char *token, const char *hdr, size_t at)
{
	const char	*body, *dot;
	unsigned char	 bin[1024];
	size_t		 blen, len;
	char		*t;

	body = token + strlen(hdr);
	dot = strchr(body, '.');
	blen = dot != NULL ? (size_t)(dot - body) : strlen(body);
	cr_assert_eq(sodium_base642bin(bin, sizeof(bin), body, blen, NULL,
	    &len, NULL, B64), 0);
	cr_assert_lt(at, len);
	bin[at] ^= 0x01;
	t = rebuild(hdr, bin, len, dot != NULL ? dot + 1 : NULL);

	return (t);
}

static void
pae_is(size_t n, const void *const *pieces, const size_t *lens,
    const void *want, size_t wantlen)
{
	unsigned char	*out;
	size_t		 outlen;

	cr_assert_eq(paseto_pae(&out, &outlen, n, pieces, lens), 1);
	cr_assert_eq(outlen, wantlen);
	cr_assert_eq(memcmp(out, want, wantlen), 0);
	free(out);
}

/* The examples of the Implementation Guide, PAE section. */
Test(paseto, pae_spec_examples)
{
	const void	*p[2];
	size_t		 l[2];

	pae_is(0, NULL, NULL, "\0\0\0\0\0\0\0\0", 8);
	p[0] = "";
	l[0] = 0;
	pae_is(1, p, l, "\x01\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	p[0] = "test";
	l[0] = 4;
	pae_is(1, p, l, "\x01\0\0\0\0\0\0\0\x04\0\0\0\0\0\0\0test", 20);
	p[0] = NULL;
	l[0] = 0;
	p[1] = "ab";
	l[1] = 2;
	pae_is(2, p, l,
	    "\x02\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x02\0\0\0\0\0\0\0ab", 26);
}

Test(paseto, pae_refuses_bad_arguments)
{
	unsigned char	*out;
	size_t		 outlen, l[1];
	const void	*p[1];

	cr_assert_eq(paseto_pae(&out, &outlen, 1, NULL, NULL), 0);
	cr_assert_null(out);
	p[0] = NULL;
	l[0] = 3;
	cr_assert_eq(paseto_pae(&out, &outlen, 1, p, l), 0);
	p[0] = "abc";
	l[0] = SIZE_MAX - 4;
	cr_assert_eq(paseto_pae(&out, &outlen, 1, p, l), 0);
	cr_assert_eq(paseto_pae(NULL, &outlen, 0, NULL, NULL), 0);
}

/* 4-E-*: the token is reproduced from key and nonce, then read back. */
Test(paseto, vectors_local)
{
	json_t		*root, *v;
	unsigned char	 key[PASETO_V4_LOCAL_KEYBYTES];
	unsigned char	 nonce[PASETO_V4_LOCAL_NONCEBYTES];
	const char	*name, *want, *payload, *footer, *implicit;
	char		*token, *msg, *f;
	size_t		 i, len, count = 0;

	root = vectors_or_skip();
	json_array_foreach (json_object_get(root, "tests"), i, v) {
		name = vec_str(v, "name");
		if (strncmp(name, "4-E-", 4) != 0)
			continue;
		cr_assert(json_is_false(json_object_get(v, "expect-fail")));
		cr_assert(vec_hex(v, "key", key, sizeof(key)), "%s", name);
		cr_assert(vec_hex(v, "nonce", nonce, sizeof(nonce)), "%s",
		    name);
		want = vec_str(v, "token");
		payload = vec_str(v, "payload");
		footer = vec_str(v, "footer");
		implicit = vec_str(v, "implicit-assertion");

		cr_assert_eq(paseto_v4_local_encrypt(&token, key, payload,
		    strlen(payload), footer, implicit, nonce), 1, "%s", name);
		cr_assert_str_eq(token, want, "%s", name);
		free(token);

		cr_assert_eq(paseto_v4_local_decrypt(&msg, &len, &f, want,
		    key, footer, implicit), 1, "%s", name);
		cr_assert_eq(len, strlen(payload), "%s", name);
		cr_assert_str_eq(msg, payload, "%s", name);
		cr_assert_str_eq(f, footer, "%s", name);
		free(msg);
		free(f);

		cr_assert_eq(paseto_footer(&f, want), 1, "%s", name);
		cr_assert_str_eq(f, footer, "%s", name);
		free(f);
		count++;
	}
	json_decref(root);
	cr_assert_eq(count, 9);
}

/* 4-S-*: Ed25519 is deterministic, so signing reproduces the token. */
Test(paseto, vectors_public)
{
	json_t		*root, *v;
	unsigned char	 pk[PASETO_V4_PUBLIC_PKBYTES];
	unsigned char	 sk[PASETO_V4_PUBLIC_SKBYTES];
	const char	*name, *want, *payload, *footer, *implicit;
	char		*token, *msg, *f;
	size_t		 i, len, count = 0;

	root = vectors_or_skip();
	json_array_foreach (json_object_get(root, "tests"), i, v) {
		name = vec_str(v, "name");
		if (strncmp(name, "4-S-", 4) != 0)
			continue;
		cr_assert(json_is_false(json_object_get(v, "expect-fail")));
		cr_assert(vec_hex(v, "public-key", pk, sizeof(pk)), "%s",
		    name);
		cr_assert(vec_hex(v, "secret-key", sk, sizeof(sk)), "%s",
		    name);
		want = vec_str(v, "token");
		payload = vec_str(v, "payload");
		footer = vec_str(v, "footer");
		implicit = vec_str(v, "implicit-assertion");

		cr_assert_eq(paseto_v4_public_sign(&token, sk, payload,
		    strlen(payload), footer, implicit), 1, "%s", name);
		cr_assert_str_eq(token, want, "%s", name);
		free(token);

		cr_assert_eq(paseto_v4_public_verify(&msg, &len, &f, want, pk,
		    footer, implicit), 1, "%s", name);
		cr_assert_eq(len, strlen(payload), "%s", name);
		cr_assert_str_eq(msg, payload, "%s", name);
		cr_assert_str_eq(f, footer, "%s", name);
		free(msg);
		free(f);
		count++;
	}
	json_decref(root);
	cr_assert_eq(count, 3);
}

/*
 * 4-F-*: 4-F-1 is a v4.local token offered with a public key, 4-F-2 a
 * v4.public token offered with a local key, 4-F-3 a v3.local token, 4-F-4
 * a v4.local token with a bad tag, 4-F-5 one whose body carries "==".
 * Each is offered to every function it has a key for.
 */
Test(paseto, vectors_must_fail)
{
	json_t		*root, *v;
	unsigned char	 pk[PASETO_V4_PUBLIC_PKBYTES];
	unsigned char	 key[PASETO_V4_LOCAL_KEYBYTES];
	const char	*name, *token, *footer, *implicit;
	size_t		 i, count = 0, tried;

	root = vectors_or_skip();
	json_array_foreach (json_object_get(root, "tests"), i, v) {
		name = vec_str(v, "name");
		if (strncmp(name, "4-F-", 4) != 0)
			continue;
		cr_assert(json_is_true(json_object_get(v, "expect-fail")));
		token = vec_str(v, "token");
		footer = vec_str(v, "footer");
		implicit = vec_str(v, "implicit-assertion");
		tried = 0;
		if (vec_hex(v, "public-key", pk, sizeof(pk))) {
			cr_assert_eq(verifies(token, pk, footer, implicit), 0,
			    "%s", name);
			cr_assert_eq(verifies(token, pk, NULL, implicit), 0,
			    "%s", name);
			tried++;
		}
		if (vec_hex(v, "key", key, sizeof(key))) {
			cr_assert_eq(decrypts(token, key, footer, implicit), 0,
			    "%s", name);
			cr_assert_eq(decrypts(token, key, NULL, implicit), 0,
			    "%s", name);
			tried++;
		}
		cr_assert_gt(tried, 0, "%s: no key to try", name);
		count++;
	}
	json_decref(root);
	cr_assert_eq(count, 5);
}

/* 4-F-4 differs from 4-E-1 in its last character only: the tag decides. */
Test(paseto, vector_f4_is_e1_with_last_char_changed)
{
	json_t		*root, *v, *e1 = NULL, *f4 = NULL;
	const char	*a, *b;
	size_t		 i, len;

	root = vectors_or_skip();
	json_array_foreach (json_object_get(root, "tests"), i, v) {
		if (strcmp(vec_str(v, "name"), "4-E-1") == 0)
			e1 = v;
		if (strcmp(vec_str(v, "name"), "4-F-4") == 0)
			f4 = v;
	}
	cr_assert_not_null(e1);
	cr_assert_not_null(f4);
	a = vec_str(e1, "token");
	b = vec_str(f4, "token");
	len = strlen(a);
	cr_assert_eq(strlen(b), len);
	cr_assert_eq(strncmp(a, b, len - 1), 0);
	cr_assert_neq(a[len - 1], b[len - 1]);
	json_decref(root);
}

Test(paseto, public_round_trip)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*token, *msg, *f;
	size_t		 len;

	keys(pk, sk, key);
	token = signed_token(sk, FOOTER, IMPLICIT);
	cr_assert_eq(strncmp(token, "v4.public.", 10), 0);
	cr_assert_eq(paseto_v4_public_verify(&msg, &len, &f, token, pk,
	    FOOTER, IMPLICIT), 1);
	cr_assert_str_eq(msg, PAYLOAD);
	cr_assert_eq(len, strlen(PAYLOAD));
	cr_assert_str_eq(f, FOOTER);
	free(msg);
	free(f);

	/* Only the verdict. */
	cr_assert_eq(paseto_v4_public_verify(NULL, NULL, NULL, token, pk,
	    NULL, IMPLICIT), 1);
	free(token);

	/* NULL footer and implicit mean "": no footer part at all. */
	token = signed_token(sk, NULL, NULL);
	cr_assert_null(strchr(token + 10, '.'));
	cr_assert_eq(verifies(token, pk, "", ""), 1);
	cr_assert_eq(verifies(token, pk, NULL, NULL), 1);
	free(token);
}

Test(paseto, local_round_trip)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*a, *b, *msg, *f;
	size_t		 len;

	keys(pk, sk, key);
	a = local_token(key, FOOTER, IMPLICIT);
	b = local_token(key, FOOTER, IMPLICIT);
	/* A fresh random nonce each time. */
	cr_assert_str_neq(a, b);
	cr_assert_eq(paseto_v4_local_decrypt(&msg, &len, &f, a, key, FOOTER,
	    IMPLICIT), 1);
	cr_assert_str_eq(msg, PAYLOAD);
	cr_assert_eq(len, strlen(PAYLOAD));
	cr_assert_str_eq(f, FOOTER);
	free(msg);
	free(f);
	cr_assert_eq(decrypts(b, key, FOOTER, IMPLICIT), 1);
	cr_assert_eq(paseto_v4_local_decrypt(NULL, NULL, NULL, b, key, NULL,
	    IMPLICIT), 1);
	free(a);
	free(b);
}

/* Payloads are bytes: empty, or holding NULs, they come back whole. */
Test(paseto, binary_and_empty_payloads)
{
	static const unsigned char	bin[] = { 0, 1, 0, 0xff, 'a', 0 };
	unsigned char			pk[32], sk[64], key[32];
	char				*token, *msg;
	size_t				len;

	keys(pk, sk, key);
	cr_assert_eq(paseto_v4_public_sign(&token, sk, bin, sizeof(bin),
	    NULL, NULL), 1);
	cr_assert_eq(paseto_v4_public_verify(&msg, &len, NULL, token, pk,
	    NULL, NULL), 1);
	cr_assert_eq(len, sizeof(bin));
	cr_assert_eq(memcmp(msg, bin, len), 0);
	cr_assert_eq(msg[len], '\0');
	free(msg);
	free(token);

	cr_assert_eq(paseto_v4_local_encrypt(&token, key, bin, sizeof(bin),
	    NULL, NULL, NULL), 1);
	cr_assert_eq(paseto_v4_local_decrypt(&msg, &len, NULL, token, key,
	    NULL, NULL), 1);
	cr_assert_eq(len, sizeof(bin));
	cr_assert_eq(memcmp(msg, bin, len), 0);
	free(msg);
	free(token);

	cr_assert_eq(paseto_v4_public_sign(&token, sk, NULL, 0, NULL, NULL),
	    1);
	cr_assert_eq(paseto_v4_public_verify(&msg, &len, NULL, token, pk,
	    NULL, NULL), 1);
	cr_assert_eq(len, 0);
	cr_assert_str_eq(msg, "");
	free(msg);
	free(token);

	cr_assert_eq(paseto_v4_local_encrypt(&token, key, NULL, 0, NULL,
	    NULL, NULL), 1);
	cr_assert_eq(paseto_v4_local_decrypt(&msg, &len, NULL, token, key,
	    NULL, NULL), 1);
	cr_assert_eq(len, 0);
	cr_assert_str_eq(msg, "");
	free(msg);
	free(token);
}

/* Any single character changed anywhere breaks the token. */
Test(paseto, every_one_char_change_is_refused)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*tokens[2], *t, c;
	size_t		 i, k, len;

	keys(pk, sk, key);
	tokens[0] = signed_token(sk, FOOTER, IMPLICIT);
	tokens[1] = local_token(key, FOOTER, IMPLICIT);
	for (k = 0; k < 2; k++) {
		t = tokens[k];
		len = strlen(t);
		for (i = 0; i < len; i++) {
			c = t[i];
			t[i] = c == 'A' ? 'B' : 'A';
			if (k == 0)
				cr_assert_eq(verifies(t, pk, NULL, IMPLICIT),
				    0, "public, char %zu", i);
			else
				cr_assert_eq(decrypts(t, key, NULL, IMPLICIT),
				    0, "local, char %zu", i);
			t[i] = c;
		}
		free(t);
	}
}

/* One bit flipped in the payload, the signature or the tag, decoded. */
Test(paseto, flipped_body_bytes_are_refused)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*token, *t;
	size_t		 plen, at[4];
	int		 i;

	keys(pk, sk, key);
	plen = strlen(PAYLOAD);

	token = signed_token(sk, FOOTER, IMPLICIT);
	at[0] = 0;
	at[1] = plen - 1;
	at[2] = plen;
	at[3] = plen + 63;
	for (i = 0; i < 4; i++) {
		t = flip_body_byte(token, "v4.public.", at[i]);
		cr_assert_eq(verifies(t, pk, FOOTER, IMPLICIT), 0, "byte %zu",
		    at[i]);
		free(t);
	}
	free(token);

	token = local_token(key, FOOTER, IMPLICIT);
	at[0] = 0;			/* nonce */
	at[1] = 32;			/* ciphertext */
	at[2] = 32 + plen - 1;
	at[3] = 32 + plen + 31;		/* tag */
	for (i = 0; i < 4; i++) {
		t = flip_body_byte(token, "v4.local.", at[i]);
		cr_assert_eq(decrypts(t, key, FOOTER, IMPLICIT), 0, "byte %zu",
		    at[i]);
		free(t);
	}
	free(token);
}

/* The footer is authenticated even when nobody says what to expect. */
Test(paseto, swapped_footer_is_refused)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*token, *t, *dot, other[64];

	keys(pk, sk, key);
	sodium_bin2base64(other, sizeof(other),
	    (const unsigned char *)"{\"kid\":\"k4.pid.evil\"}", 21, B64);

	token = signed_token(sk, FOOTER, NULL);
	dot = strrchr(token, '.');
	*dot = '\0';
	cr_assert_eq(verifies(token, pk, NULL, NULL), 0, "footer dropped");
	cr_assert_not_null(t = malloc(strlen(token) + strlen(other) + 2));
	(void)sprintf(t, "%s.%s", token, other);
	cr_assert_eq(verifies(t, pk, NULL, NULL), 0, "footer swapped");
	free(t);
	free(token);

	token = local_token(key, FOOTER, NULL);
	dot = strrchr(token, '.');
	*dot = '\0';
	cr_assert_eq(decrypts(token, key, NULL, NULL), 0, "footer dropped");
	cr_assert_not_null(t = malloc(strlen(token) + strlen(other) + 2));
	(void)sprintf(t, "%s.%s", token, other);
	cr_assert_eq(decrypts(t, key, NULL, NULL), 0, "footer swapped");
	free(t);
	free(token);
}

Test(paseto, expected_footer_must_match)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*with, *without;

	keys(pk, sk, key);
	with = signed_token(sk, FOOTER, NULL);
	without = signed_token(sk, NULL, NULL);
	cr_assert_eq(verifies(with, pk, FOOTER, NULL), 1);
	cr_assert_eq(verifies(with, pk, "", NULL), 0);
	cr_assert_eq(verifies(with, pk, "{\"kid\":\"k4.pid.tes\"}", NULL), 0);
	cr_assert_eq(verifies(with, pk, FOOTER " ", NULL), 0);
	cr_assert_eq(verifies(without, pk, FOOTER, NULL), 0);
	cr_assert_eq(verifies(without, pk, "", NULL), 1);
	free(with);
	free(without);

	with = local_token(key, FOOTER, NULL);
	without = local_token(key, NULL, NULL);
	cr_assert_eq(decrypts(with, key, FOOTER, NULL), 1);
	cr_assert_eq(decrypts(with, key, "", NULL), 0);
	cr_assert_eq(decrypts(with, key, "{\"kid\":\"k4.pid.tesT\"}", NULL),
	    0);
	cr_assert_eq(decrypts(without, key, FOOTER, NULL), 0);
	cr_assert_eq(decrypts(without, key, "", NULL), 1);
	free(with);
	free(without);
}

Test(paseto, implicit_assertion_must_match)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*token;

	keys(pk, sk, key);
	token = signed_token(sk, NULL, IMPLICIT);
	cr_assert_eq(verifies(token, pk, NULL, IMPLICIT), 1);
	cr_assert_eq(verifies(token, pk, NULL, NULL), 0);
	cr_assert_eq(verifies(token, pk, NULL, ""), 0);
	cr_assert_eq(verifies(token, pk, NULL, "{\"aud\":\"asr-mayott\"}"),
	    0);
	free(token);
	token = signed_token(sk, NULL, NULL);
	cr_assert_eq(verifies(token, pk, NULL, IMPLICIT), 0);
	free(token);

	token = local_token(key, NULL, IMPLICIT);
	cr_assert_eq(decrypts(token, key, NULL, IMPLICIT), 1);
	cr_assert_eq(decrypts(token, key, NULL, NULL), 0);
	cr_assert_eq(decrypts(token, key, NULL, "{\"aud\":\"asr-mayott\"}"),
	    0);
	free(token);
}

Test(paseto, wrong_key_is_refused)
{
	unsigned char	 pk[32], sk[64], key[32];
	unsigned char	 pk2[32], sk2[64], key2[32];
	char		*token;

	keys(pk, sk, key);
	keys(pk2, sk2, key2);
	token = signed_token(sk, NULL, NULL);
	cr_assert_eq(verifies(token, pk2, NULL, NULL), 0);
	free(token);
	token = local_token(key, NULL, NULL);
	cr_assert_eq(decrypts(token, key2, NULL, NULL), 0);
	free(token);
}

/* A v4.local token to public verify, and the converse, even same bytes. */
Test(paseto, purpose_confusion_is_refused)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*token, *t;

	keys(pk, sk, key);
	token = local_token(key, FOOTER, NULL);
	cr_assert_eq(verifies(token, pk, NULL, NULL), 0);
	cr_assert_not_null(t = malloc(strlen(token) + 2));
	(void)sprintf(t, "v4.public.%s", token + strlen("v4.local."));
	cr_assert_eq(verifies(t, pk, NULL, NULL), 0);
	free(t);
	free(token);

	token = signed_token(sk, FOOTER, NULL);
	cr_assert_eq(decrypts(token, key, NULL, NULL), 0);
	cr_assert_not_null(t = malloc(strlen(token) + 1));
	(void)sprintf(t, "v4.local.%s", token + strlen("v4.public."));
	cr_assert_eq(decrypts(t, key, NULL, NULL), 0);
	free(t);
	free(token);
}

/* Every proper prefix of a good token is refused. */
Test(paseto, truncations_are_refused)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*pub, *loc, *t;
	size_t		 i, len;

	keys(pk, sk, key);
	pub = signed_token(sk, FOOTER, IMPLICIT);
	loc = local_token(key, FOOTER, IMPLICIT);
	len = strlen(pub);
	for (i = 0; i < len; i++) {
		cr_assert_not_null(t = strndup(pub, i));
		cr_assert_eq(verifies(t, pk, NULL, IMPLICIT), 0, "%zu", i);
		free(t);
	}
	len = strlen(loc);
	for (i = 0; i < len; i++) {
		cr_assert_not_null(t = strndup(loc, i));
		cr_assert_eq(decrypts(t, key, NULL, IMPLICIT), 0, "%zu", i);
		free(t);
	}
	free(pub);
	free(loc);
}

/* Two spellings of one token are not allowed: "=", a bare final dot. */
Test(paseto, non_canonical_spellings_are_refused)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*token, *t;
	size_t		 len;

	keys(pk, sk, key);
	token = signed_token(sk, NULL, NULL);
	len = strlen(token);
	cr_assert_not_null(t = malloc(len + 8));
	(void)sprintf(t, "%s.", token);
	cr_assert_eq(verifies(t, pk, NULL, NULL), 0, "bare dot");
	(void)sprintf(t, "%s==", token);
	cr_assert_eq(verifies(t, pk, NULL, NULL), 0, "padding");
	(void)sprintf(t, "%s=", token);
	cr_assert_eq(verifies(t, pk, NULL, NULL), 0, "padding");
	free(t);
	free(token);

	token = signed_token(sk, "ab", NULL);
	len = strlen(token);
	cr_assert_not_null(t = malloc(len + 8));
	(void)sprintf(t, "%s=", token);
	cr_assert_eq(verifies(t, pk, NULL, NULL), 0, "footer padding");
	(void)sprintf(t, "%s.YWI", token);
	cr_assert_eq(verifies(t, pk, NULL, NULL), 0, "two footers");
	/* "YWI" is "ab"; "YWJ" sets a bit past the end. */
	cr_assert_str_eq(token + len - 4, ".YWI");
	strcpy(t, token);
	t[len - 1] = 'J';
	cr_assert_eq(verifies(t, pk, NULL, NULL), 0, "trailing bits");
	free(t);
	free(token);
}

/* A footer holding NUL cannot be handed out as a C string. */
Test(paseto, footer_with_nul_is_refused)
{
	unsigned char	 pk[32], sk[64], key[32], body[64];
	char		 f[16], *t, *out;

	keys(pk, sk, key);
	memset(body, 0, sizeof(body));
	sodium_bin2base64(f, sizeof(f), (const unsigned char *)"a\0b", 3, B64);
	t = rebuild("v4.public.", body, sizeof(body), f);
	cr_assert_eq(verifies(t, pk, NULL, NULL), 0);
	out = (char *)"x";
	cr_assert_eq(paseto_footer(&out, t), 0);
	cr_assert_null(out);
	free(t);
}

Test(paseto, garbage_is_refused)
{
	static const char	*junk[] = {
		"",
		".",
		"..",
		"v4",
		"v4.",
		"v4.public",
		"v4.public.",
		"v4.public.!!!",
		"v4.public..",
		"v4.public...",
		"v4.public.A",
		"v4.public.AAAA.",
		"v4.public..AAAA",
		"v4.public.AAAA..AAAA",
		"V4.public.AAAA",
		" v4.public.AAAA",
		"v4.public .AAAA",
		"v4.local",
		"v4.local.",
		"v4.local.!!!",
		"v4.local.AAAA",
		"v4.local..",
		"v3.public.AAAA",
		"v3.local.AAAA",
		"v2.public.AAAA",
		"v4.secret.AAAA",
		"v4.public.AAAA\n",
		"v4.public.AA AA",
		"v4.public.AA+/",
		"v4.public.\xff\xfe",
	};
	unsigned char	 pk[32], sk[64], key[32];
	char		*out;
	size_t		 i;

	keys(pk, sk, key);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		cr_assert_eq(verifies(junk[i], pk, NULL, NULL), 0, "%zu", i);
		cr_assert_eq(decrypts(junk[i], key, NULL, NULL), 0, "%zu", i);
		cr_assert_eq(verifies(junk[i], pk, "", ""), 0, "%zu", i);
		cr_assert_eq(decrypts(junk[i], key, "", ""), 0, "%zu", i);
	}
	cr_assert_eq(paseto_footer(&out, "v4.public."), 0);
	cr_assert_eq(paseto_footer(&out, "v3.public.AAAA.AAAA"), 0);
	cr_assert_eq(paseto_footer(&out, "v4.public.AAAA.!!"), 0);
	cr_assert_eq(paseto_footer(&out, ""), 0);
}

/* A megabyte of well-formed base64, and a megabyte of noise. */
Test(paseto, huge_garbage_is_refused)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*t;
	size_t		 size = 1 << 20, i;

	keys(pk, sk, key);
	cr_assert_not_null(t = malloc(size + 1));
	for (i = 0; i < 2; i++) {
		memset(t, 'A', size);
		if (i == 1)
			randombytes_buf(t, size);
		t[size] = '\0';
		memcpy(t, "v4.public.", 10);
		cr_assert_eq(verifies(t, pk, NULL, NULL), 0);
		memcpy(t, "v4.local.A", 10);
		cr_assert_eq(decrypts(t, key, NULL, NULL), 0);
	}
	free(t);
}

Test(paseto, null_arguments_are_refused)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*token, *t;

	keys(pk, sk, key);
	token = signed_token(sk, NULL, NULL);
	cr_assert_eq(verifies(NULL, pk, NULL, NULL), 0);
	cr_assert_eq(verifies(token, NULL, NULL, NULL), 0);
	cr_assert_eq(decrypts(NULL, key, NULL, NULL), 0);
	cr_assert_eq(decrypts(token, NULL, NULL, NULL), 0);
	cr_assert_eq(paseto_v4_public_sign(NULL, sk, "a", 1, NULL, NULL), 0);
	cr_assert_eq(paseto_v4_public_sign(&t, NULL, "a", 1, NULL, NULL), 0);
	cr_assert_null(t);
	cr_assert_eq(paseto_v4_public_sign(&t, sk, NULL, 1, NULL, NULL), 0);
	cr_assert_eq(paseto_v4_local_encrypt(NULL, key, "a", 1, NULL, NULL,
	    NULL), 0);
	cr_assert_eq(paseto_v4_local_encrypt(&t, NULL, "a", 1, NULL, NULL,
	    NULL), 0);
	cr_assert_eq(paseto_v4_local_encrypt(&t, key, NULL, 1, NULL, NULL,
	    NULL), 0);
	cr_assert_eq(paseto_footer(NULL, token), 0);
	cr_assert_eq(paseto_footer(&t, NULL), 0);
	free(token);
}

/* A secret key whose halves disagree would sign badly, or leak its seed. */
Test(paseto, inconsistent_secret_key_is_refused)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*t;

	keys(pk, sk, key);
	sk[63] ^= 0x01;
	cr_assert_eq(paseto_v4_public_sign(&t, sk, "a", 1, NULL, NULL), 0);
	cr_assert_null(t);
}

Test(paseto, footer_is_read_unverified)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		*token, *f;

	keys(pk, sk, key);
	token = signed_token(sk, FOOTER, NULL);
	cr_assert_eq(paseto_footer(&f, token), 1);
	cr_assert_str_eq(f, FOOTER);
	free(f);
	free(token);

	token = local_token(key, NULL, NULL);
	cr_assert_eq(paseto_footer(&f, token), 1);
	cr_assert_str_eq(f, "");
	free(f);
	free(token);
}
