/*
 * Unit tests for src/core/token.c: identities issued then verified (every
 * field back, iat truncated to the second, exp 900 s later), expiry and
 * clock skew at their edges, key rotation, unknown keys, tampered tokens,
 * and tokens correctly signed with a ring's key by hand whose claims or
 * footer are of the wrong shape: all refused as malformed. Issuing refuses
 * what could never verify.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <sodium.h>

#include "core/clock.h"
#include "core/keyring.h"
#include "core/paserk.h"
#include "core/paseto.h"
#include "core/roles.h"
#include "core/token.h"

/* 2026-11-27T12:00:00Z in milliseconds since the epoch. */
#define NOON		INT64_C(1795780800000)
#define SECOND		INT64_C(1000)
#define TTL_MS		((int64_t)TOKEN_TTL_S * SECOND)
#define SKEW_MS		((int64_t)TOKEN_SKEW_S * SECOND)

#define SUB		"550e8400-e29b-41d4-a716-446655440000"
#define ORG		"6ba7b810-9dad-11d1-80b4-00c04fd430c8"
#define JTI		"0123456789abcdef0123456789abcdef"
#define IAT		"2026-11-27T12:00:00.000Z"
#define EXP		"2026-11-27T12:15:00.000Z"

#define TEXT_LEN	2048

struct testkey {
	unsigned char	pk[32];
	unsigned char	sk[64];
	char		secret[PASERK_K4_SECRET_LEN];
	char		public[PASERK_K4_PUBLIC_LEN];
	char		pid[PASERK_K4_PID_LEN];
};

/* Key A signs for ring; key B is a stranger to it. */
static struct testkey	A, B;
static struct keyring	ring;

static void		 token_setup(void);
static void		 testkey_new(struct testkey *);
static void		 ring_of(struct keyring *, const char *, ...)
			    __attribute__((format(printf, 2, 3)));
static void		 identity_of(struct identity *, int, const char *,
			    const char *);
static char		*issue(const struct keyring *, struct identity *,
			    int64_t);
static int		 verify(const char *, int64_t);
static char		*sign(const struct testkey *, const char *,
			    const char *);
static char		*sign_claims(const char *);
static void		 claims_refused(const char *);
static void		 footer_refused(const char *);
static const char	*rc_name(int);

static void
token_setup(void)
{
	cr_assert_geq(sodium_init(), 0);
	testkey_new(&A);
	testkey_new(&B);
	ring_of(&ring, "%s\n", A.secret);
}

TestSuite(token, .init = token_setup);

static void
testkey_new(struct testkey *k)
{
	cr_assert_eq(crypto_sign_keypair(k->pk, k->sk), 0);
	cr_assert(paserk_k4_secret(k->secret, sizeof(k->secret), k->sk));
	cr_assert(paserk_k4_public(k->public, sizeof(k->public), k->pk));
	cr_assert(paserk_k4_pid(k->pid, sizeof(k->pid), k->public));
}

static void
ring_of(struct keyring *kr, const char *fmt, ...)
{
	va_list		ap;
	char		text[TEXT_LEN], err[256];
	int		n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	cr_assert(n >= 0 && (size_t)n < sizeof(text));
	err[0] = '\0';
	cr_assert(keyring_parse(kr, text, err, sizeof(err)), "%s", err);
}

static void
identity_of(struct identity *id, int role, const char *sub, const char *org)
{
	memset(id, 0, sizeof(*id));
	id->role = role;
	(void)snprintf(id->sub, sizeof(id->sub), "%s", sub);
	(void)snprintf(id->org, sizeof(id->org), "%s", org);
}

static char *
issue(const struct keyring *kr, struct identity *id, int64_t now)
{
	char		*tok = NULL;

	cr_assert(token_issue(&tok, kr, id, now), "token_issue refused");
	cr_assert_not_null(tok);

	return (tok);
}

/* The verdict of ring on tok at now. */
static int
verify(const char *tok, int64_t now)
{
	struct identity	id;

	return (token_verify(&id, &ring, tok, now));
}

static char *
sign(const struct testkey *k, const char *claims, const char *footer)
{
	char		*tok = NULL;

	cr_assert(paseto_v4_public_sign(&tok, k->sk, claims, strlen(claims),
	    footer, NULL));

	return (tok);
}

/* claims signed by A, with the footer token_issue writes. */
static char *
sign_claims(const char *claims)
{
	char		footer[128];

	(void)snprintf(footer, sizeof(footer), "{\"kid\":\"%s\"}", A.pid);

	return (sign(&A, claims, footer));
}

static void
claims_refused(const char *claims)
{
	struct identity	 id;
	char		*tok;
	int		 rc;

	tok = sign_claims(claims);
	rc = token_verify(&id, &ring, tok, NOON + SECOND);
	free(tok);
	cr_assert_eq(rc, TOKEN_MALFORMED, "%s for claims %s", rc_name(rc),
	    claims);
}

static void
footer_refused(const char *footer)
{
	char		*tok;
	int		 rc;

	tok = sign(&A, "{\"sub\":\"" SUB "\",\"role\":\"admin\",\"org\":null,"
	    "\"iat\":\"" IAT "\",\"exp\":\"" EXP "\",\"jti\":\"" JTI "\"}",
	    footer);
	rc = verify(tok, NOON + SECOND);
	free(tok);
	cr_assert_eq(rc, TOKEN_MALFORMED, "%s for footer %s", rc_name(rc),
	    footer);
}

static const char *
rc_name(int rc)
{
	switch (rc) {
	case TOKEN_OK:
		return ("TOKEN_OK");
	case TOKEN_MALFORMED:
		return ("TOKEN_MALFORMED");
	case TOKEN_UNKNOWN_KEY:
		return ("TOKEN_UNKNOWN_KEY");
	case TOKEN_BAD_SIGNATURE:
		return ("TOKEN_BAD_SIGNATURE");
	case TOKEN_EXPIRED:
		return ("TOKEN_EXPIRED");
	case TOKEN_NOT_YET_VALID:
		return ("TOKEN_NOT_YET_VALID");
	}

	return ("(unknown code)");
}

Test(token, issue_then_verify)
{
	struct identity	 id, back;
	char		*tok, *footer, want[128];
	size_t		 i;

	identity_of(&id, ROLE_BUYER, SUB, ORG);
	tok = issue(&ring, &id, NOON + 123);
	cr_assert_eq(strncmp(tok, "v4.public.", 10), 0, "%s", tok);

	cr_assert_eq(id.iat_ms, NOON);
	cr_assert_eq(id.exp_ms, NOON + 900 * SECOND);
	cr_assert_eq(strlen(id.jti), 32);
	for (i = 0; i < 32; i++)
		cr_assert((id.jti[i] >= '0' && id.jti[i] <= '9') ||
		    (id.jti[i] >= 'a' && id.jti[i] <= 'f'), "jti %s", id.jti);

	/* The footer names the signing key. */
	cr_assert(paseto_footer(&footer, tok));
	(void)snprintf(want, sizeof(want), "{\"kid\":\"%s\"}", A.pid);
	cr_assert_str_eq(footer, want);
	free(footer);

	memset(&back, 'X', sizeof(back));
	cr_assert_eq(token_verify(&back, &ring, tok, NOON + 123), TOKEN_OK);
	cr_assert_eq(back.role, ROLE_BUYER);
	cr_assert_str_eq(back.sub, SUB);
	cr_assert_str_eq(back.org, ORG);
	cr_assert_str_eq(back.jti, id.jti);
	cr_assert_eq(back.iat_ms, NOON);
	cr_assert_eq(back.exp_ms, NOON + 900 * SECOND);
	free(tok);
}

Test(token, no_organisation)
{
	struct identity	 id, back;
	char		*tok;

	identity_of(&id, ROLE_ADMIN, SUB, "");
	tok = issue(&ring, &id, NOON);
	memset(&back, 'X', sizeof(back));
	cr_assert_eq(token_verify(&back, &ring, tok, NOON), TOKEN_OK);
	cr_assert_eq(back.role, ROLE_ADMIN);
	cr_assert_str_eq(back.sub, SUB);
	cr_assert_str_eq(back.org, "");
	cr_assert_str_eq(back.jti, id.jti);
	free(tok);
}

/* Every role but anonymous travels in a token. */
Test(token, every_role)
{
	static const int	 roles[] = {
		ROLE_ADMIN, ROLE_FACILITATOR, ROLE_BUYER, ROLE_COMPANY,
		ROLE_SUPPLIER, ROLE_PRESCRIBER,
	};
	struct identity		 id, back;
	char			*tok;
	size_t			 i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		identity_of(&id, roles[i], SUB,
		    role_needs_organisation(roles[i]) ? ORG : "");
		tok = issue(&ring, &id, NOON);
		cr_assert_eq(token_verify(&back, &ring, tok, NOON), TOKEN_OK,
		    "%s", role_name(roles[i]));
		cr_assert_eq(back.role, roles[i]);
		cr_assert_str_eq(back.org, id.org);
		free(tok);
	}
}

/* Partners use API keys, never access tokens. */
Test(token, no_token_for_partners)
{
	struct identity	 id;
	char		*tok = NULL;

	identity_of(&id, ROLE_PARTNER, SUB, ORG);
	cr_assert_not(token_issue(&tok, &ring, &id, NOON));
	cr_assert_null(tok);
}

/* Uppercase ids are valid UUIDs and come back as written. */
Test(token, uppercase_ids)
{
	struct identity	 id, back;
	char		*tok;

	identity_of(&id, ROLE_COMPANY, "550E8400-E29B-41D4-A716-446655440000",
	    "6BA7B810-9DAD-11D1-80B4-00C04FD430C8");
	tok = issue(&ring, &id, NOON);
	cr_assert_eq(token_verify(&back, &ring, tok, NOON), TOKEN_OK);
	cr_assert_str_eq(back.sub, id.sub);
	cr_assert_str_eq(back.org, id.org);
	free(tok);
}

Test(token, jti_is_random)
{
	struct identity	 a, b;
	char		*ta, *tb;

	identity_of(&a, ROLE_ADMIN, SUB, "");
	identity_of(&b, ROLE_ADMIN, SUB, "");
	ta = issue(&ring, &a, NOON);
	tb = issue(&ring, &b, NOON);
	cr_assert_str_neq(a.jti, b.jti);
	cr_assert_str_neq(ta, tb);
	free(ta);
	free(tb);
}

Test(token, iat_truncated_to_the_second)
{
	struct identity	 id;
	char		*tok;

	identity_of(&id, ROLE_ADMIN, SUB, "");
	tok = issue(&ring, &id, NOON + 999);
	cr_assert_eq(id.iat_ms, NOON);
	cr_assert_eq(id.exp_ms, NOON + TTL_MS);
	free(tok);
	tok = issue(&ring, &id, NOON + SECOND);
	cr_assert_eq(id.iat_ms, NOON + SECOND);
	cr_assert_eq(id.exp_ms, NOON + SECOND + TTL_MS);
	free(tok);
}

Test(token, expiry)
{
	struct identity	 id;
	char		*tok;

	cr_assert_eq(TOKEN_TTL_S, 900);
	identity_of(&id, ROLE_BUYER, SUB, ORG);
	tok = issue(&ring, &id, NOON + 500);
	cr_assert_eq(verify(tok, NOON + TTL_MS - 1), TOKEN_OK);
	cr_assert_eq(verify(tok, NOON + TTL_MS), TOKEN_EXPIRED);
	cr_assert_eq(verify(tok, NOON + TTL_MS + 1), TOKEN_EXPIRED);
	cr_assert_eq(verify(tok, NOON + 86400 * SECOND), TOKEN_EXPIRED);
	free(tok);
}

Test(token, not_yet_valid)
{
	struct identity	 id;
	char		*tok;

	identity_of(&id, ROLE_BUYER, SUB, ORG);
	tok = issue(&ring, &id, NOON);
	/* Verified by a clock up to TOKEN_SKEW_S behind the issuer's. */
	cr_assert_eq(verify(tok, NOON - SKEW_MS), TOKEN_OK);
	cr_assert_eq(verify(tok, NOON - SKEW_MS - 1), TOKEN_NOT_YET_VALID);
	cr_assert_eq(verify(tok, NOON - 3600 * SECOND), TOKEN_NOT_YET_VALID);
	free(tok);

	/* More than a minute ahead is always too far. */
	tok = issue(&ring, &id, NOON + 61 * SECOND);
	cr_assert_eq(verify(tok, NOON), TOKEN_NOT_YET_VALID);
	free(tok);
	tok = issue(&ring, &id, NOON + SKEW_MS + SECOND);
	cr_assert_eq(verify(tok, NOON), TOKEN_NOT_YET_VALID);
	cr_assert_eq(verify(tok, NOON + SECOND), TOKEN_OK);
	free(tok);
}

Test(token, unknown_key)
{
	struct keyring	 other;
	struct identity	 id;
	char		*tok, footer[128];

	ring_of(&other, "%s\n", B.secret);
	identity_of(&id, ROLE_ADMIN, SUB, "");
	tok = issue(&other, &id, NOON);
	cr_assert_eq(verify(tok, NOON), TOKEN_UNKNOWN_KEY);
	free(tok);

	/* Signed by A, but naming a key the ring does not hold. */
	(void)snprintf(footer, sizeof(footer), "{\"kid\":\"%s\"}", B.pid);
	tok = sign(&A, "{\"sub\":\"" SUB "\",\"role\":\"admin\",\"org\":null,"
	    "\"iat\":\"" IAT "\",\"exp\":\"" EXP "\",\"jti\":\"" JTI "\"}",
	    footer);
	cr_assert_eq(verify(tok, NOON), TOKEN_UNKNOWN_KEY);
	free(tok);
	tok = sign(&A, "{}", "{\"kid\":\"k4.pid.nobody\"}");
	cr_assert_eq(verify(tok, NOON), TOKEN_UNKNOWN_KEY);
	free(tok);
}

/* Signed by B, but naming A: A's key does not verify it. */
Test(token, kid_of_another_key)
{
	char		*tok, footer[128];

	(void)snprintf(footer, sizeof(footer), "{\"kid\":\"%s\"}", A.pid);
	tok = sign(&B, "{\"sub\":\"" SUB "\",\"role\":\"admin\",\"org\":null,"
	    "\"iat\":\"" IAT "\",\"exp\":\"" EXP "\",\"jti\":\"" JTI "\"}",
	    footer);
	cr_assert_eq(verify(tok, NOON), TOKEN_BAD_SIGNATURE);
	free(tok);
}

/*
 * Rotation: B becomes the signing key, A stays as a k4.public line; A's
 * tokens still verify, new ones are B's.
 */
Test(token, rotation)
{
	struct keyring	 rotated, old_only;
	struct identity	 id, back;
	char		*old, *cur, *footer;

	identity_of(&id, ROLE_SUPPLIER, SUB, ORG);
	old = issue(&ring, &id, NOON);

	ring_of(&rotated, "# rotated\n%s\n%s\n", B.secret, A.public);
	cr_assert_eq(token_verify(&back, &rotated, old, NOON + SECOND),
	    TOKEN_OK);
	cr_assert_eq(back.role, ROLE_SUPPLIER);
	cr_assert_str_eq(back.jti, id.jti);

	/* The public line first: B still signs. */
	ring_of(&rotated, "%s\n%s\n", A.public, B.secret);
	cr_assert_eq(token_verify(&back, &rotated, old, NOON + SECOND),
	    TOKEN_OK);
	cur = issue(&rotated, &id, NOON);
	cr_assert(paseto_footer(&footer, cur));
	cr_assert_not_null(strstr(footer, B.pid), "footer %s", footer);
	free(footer);
	cr_assert_eq(token_verify(&back, &rotated, cur, NOON), TOKEN_OK);
	/* A ring without B does not know the new tokens. */
	cr_assert_eq(verify(cur, NOON), TOKEN_UNKNOWN_KEY);
	ring_of(&old_only, "%s\n", A.secret);
	cr_assert_eq(token_verify(&back, &old_only, cur, NOON),
	    TOKEN_UNKNOWN_KEY);
	free(old);
	free(cur);
}

/*
 * Any one character of the token changed, body or footer: never OK. In
 * the body, the signature or the base64 breaks.
 */
Test(token, tampered)
{
	struct identity	 id;
	char		*tok, *copy;
	size_t		 i, len, body_end;
	int		 rc;

	identity_of(&id, ROLE_BUYER, SUB, ORG);
	tok = issue(&ring, &id, NOON);
	len = strlen(tok);
	body_end = (size_t)(strrchr(tok, '.') - tok);
	cr_assert_gt(body_end, 10);
	cr_assert_not_null(copy = strdup(tok));
	for (i = 0; i < len; i++) {
		memcpy(copy, tok, len + 1);
		copy[i] = copy[i] == 'A' ? 'B' : 'A';
		rc = verify(copy, NOON);
		if (i >= 10 && i < body_end)
			cr_assert(rc == TOKEN_BAD_SIGNATURE ||
			    rc == TOKEN_MALFORMED, "body[%zu]: %s", i - 10,
			    rc_name(rc));
		else
			cr_assert_neq(rc, TOKEN_OK, "character %zu", i);
	}
	/* The middle of the body, by a character base64url holds. */
	memcpy(copy, tok, len + 1);
	copy[10 + (body_end - 10) / 2] ^= 0x01;
	rc = verify(copy, NOON);
	cr_assert(rc == TOKEN_BAD_SIGNATURE || rc == TOKEN_MALFORMED, "%s",
	    rc_name(rc));
	/* Truncated anywhere. */
	for (i = 0; i < len; i++) {
		memcpy(copy, tok, len + 1);
		copy[i] = '\0';
		cr_assert_neq(verify(copy, NOON), TOKEN_OK, "%zu characters",
		    i);
	}
	free(copy);
	free(tok);
}

Test(token, malformed)
{
	static const char	*junk[] = {
		"", "v4.public.", "v4.public", "v4.public..", "v4.", "v4",
		"garbage", "Bearer v4.public.AAAA", "v3.public.AAAA.AAAA",
		"V4.PUBLIC.AAAA", "v4.public.!!!!", "v4.public.AAAA.!!!!",
		"v4.public.AAAA.e30", "v4.local.AAAA",
	};
	size_t			 i;

	cr_assert_eq(verify(NULL, NOON), TOKEN_MALFORMED);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		cr_assert_eq(verify(junk[i], NOON), TOKEN_MALFORMED,
		    "%s: %s", junk[i], rc_name(verify(junk[i], NOON)));
}

Test(token, v4_local_is_malformed)
{
	unsigned char	 key[32];
	char		*tok, footer[128];

	randombytes_buf(key, sizeof(key));
	(void)snprintf(footer, sizeof(footer), "{\"kid\":\"%s\"}", A.pid);
	cr_assert(paseto_v4_local_encrypt(&tok, key,
	    "{\"sub\":\"" SUB "\",\"role\":\"admin\",\"org\":null,"
	    "\"iat\":\"" IAT "\",\"exp\":\"" EXP "\",\"jti\":\"" JTI "\"}",
	    strlen("{\"sub\":\"" SUB "\",\"role\":\"admin\",\"org\":null,"
	    "\"iat\":\"" IAT "\",\"exp\":\"" EXP "\",\"jti\":\"" JTI "\"}"),
	    footer, NULL, NULL));
	cr_assert_eq(verify(tok, NOON), TOKEN_MALFORMED);
	free(tok);
}

/* A token signed by hand as token_issue would: verifies, every field back. */
Test(token, hand_signed_control)
{
	struct identity	 id;
	char		*tok;

	tok = sign_claims("{\"sub\":\"" SUB "\",\"role\":\"company\","
	    "\"org\":\"" ORG "\",\"iat\":\"" IAT "\",\"exp\":\"" EXP "\","
	    "\"jti\":\"" JTI "\"}");
	cr_assert_eq(token_verify(&id, &ring, tok, NOON + SECOND), TOKEN_OK);
	cr_assert_eq(id.role, ROLE_COMPANY);
	cr_assert_str_eq(id.sub, SUB);
	cr_assert_str_eq(id.org, ORG);
	cr_assert_str_eq(id.jti, JTI);
	cr_assert_eq(id.iat_ms, NOON);
	cr_assert_eq(id.exp_ms, NOON + TTL_MS);
	free(tok);

	/* Members in another order, RFC 3339 with an offset: the same. */
	tok = sign_claims("{\"jti\":\"" JTI "\",\"exp\":\"" EXP "\","
	    "\"iat\":\"2026-11-27T15:00:00+03:00\",\"org\":null,"
	    "\"role\":\"admin\",\"sub\":\"" SUB "\"}");
	cr_assert_eq(token_verify(&id, &ring, tok, NOON + SECOND), TOKEN_OK);
	cr_assert_eq(id.role, ROLE_ADMIN);
	cr_assert_str_eq(id.org, "");
	cr_assert_eq(id.iat_ms, NOON);
	free(tok);
}

#define C_SUB	"\"sub\":\"" SUB "\""
#define C_ROLE	"\"role\":\"buyer\""
#define C_ORG	"\"org\":\"" ORG "\""
#define C_IAT	"\"iat\":\"" IAT "\""
#define C_EXP	"\"exp\":\"" EXP "\""
#define C_JTI	"\"jti\":\"" JTI "\""

Test(token, claims_missing)
{
	claims_refused("{" C_ROLE "," C_ORG "," C_IAT "," C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ORG "," C_IAT "," C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE "," C_IAT "," C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_EXP "}");
	claims_refused("{}");
}

Test(token, claims_bad_sub)
{
	claims_refused("{\"sub\":\"42\"," C_ROLE "," C_ORG "," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{\"sub\":\"\"," C_ROLE "," C_ORG "," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{\"sub\":\"" SUB "0\"," C_ROLE "," C_ORG "," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{\"sub\":\"550e8400e29b41d4a716446655440000\","
	    C_ROLE "," C_ORG "," C_IAT "," C_EXP "," C_JTI "}");
	claims_refused("{\"sub\":42," C_ROLE "," C_ORG "," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{\"sub\":null," C_ROLE "," C_ORG "," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{\"sub\":[\"" SUB "\"]," C_ROLE "," C_ORG "," C_IAT
	    "," C_EXP "," C_JTI "}");
}

Test(token, claims_bad_role)
{
	claims_refused("{" C_SUB ",\"role\":\"anonymous\",\"org\":null,"
	    C_IAT "," C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB ",\"role\":\"partner\"," C_ORG "," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB ",\"role\":\"root\"," C_ORG "," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB ",\"role\":\"Buyer\"," C_ORG "," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB ",\"role\":\"\"," C_ORG "," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB ",\"role\":8," C_ORG "," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB ",\"role\":[\"buyer\"]," C_ORG "," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB ",\"role\":null," C_ORG "," C_IAT ","
	    C_EXP "," C_JTI "}");
}

Test(token, claims_bad_org)
{
	claims_refused("{" C_SUB "," C_ROLE ",\"org\":42," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE ",\"org\":0," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE ",\"org\":\"\"," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE ",\"org\":\"acme\"," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE ",\"org\":false," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE ",\"org\":{}," C_IAT ","
	    C_EXP "," C_JTI "}");
}

Test(token, claims_bad_times)
{
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT ","
	    "\"exp\":\"1795781700\"," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT ","
	    "\"exp\":1795781700," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT ","
	    "\"exp\":\"2026-11-27 12:15:00Z\"," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT ","
	    "\"exp\":\"2026-11-27T12:15:00\"," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT ","
	    "\"exp\":\"tomorrow\"," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT ","
	    "\"exp\":null," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG ","
	    "\"iat\":\"2026-11-27\"," C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG ","
	    "\"iat\":1795780800," C_EXP "," C_JTI "}");
}

Test(token, claims_bad_jti)
{
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_EXP
	    ",\"jti\":42}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_EXP
	    ",\"jti\":\"" JTI "0\"}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_EXP
	    ",\"jti\":null}");
}

/* token_issue writes 32 lowercase hex digits; nothing else is its jti. */
Test(token, claims_jti_shape)
{
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_EXP
	    ",\"jti\":\"\"}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_EXP
	    ",\"jti\":\"0123456789abcdef\"}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_EXP
	    ",\"jti\":\"not hex, but 32 characters long.\"}");
}

Test(token, claims_extra)
{
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_EXP ","
	    C_JTI ",\"aud\":\"asr\"}");
	claims_refused("{\"nbf\":\"" IAT "\"," C_SUB "," C_ROLE "," C_ORG ","
	    C_IAT "," C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_EXP ","
	    C_JTI ",\"admin\":true}");
}

Test(token, claims_duplicate_keys)
{
	claims_refused("{" C_SUB "," C_SUB "," C_ROLE "," C_ORG "," C_IAT ","
	    C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE ",\"role\":\"admin\"," C_ORG ","
	    C_IAT "," C_EXP "," C_JTI "}");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_EXP ","
	    "\"exp\":\"2030-01-01T00:00:00Z\"," C_JTI "}");
}

Test(token, claims_not_an_object)
{
	claims_refused("");
	claims_refused("null");
	claims_refused("[]");
	claims_refused("\"" SUB "\"");
	claims_refused("[" C_SUB "]");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_EXP ","
	    C_JTI "");
	claims_refused("{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_EXP ","
	    C_JTI "} {}");
	claims_refused("[{" C_SUB "," C_ROLE "," C_ORG "," C_IAT "," C_EXP ","
	    C_JTI "}]");
}

Test(token, footer_wrong_shape)
{
	char		f[256];

	footer_refused("");
	footer_refused(A.pid);
	(void)snprintf(f, sizeof(f), "\"%s\"", A.pid);
	footer_refused(f);
	(void)snprintf(f, sizeof(f), "[\"%s\"]", A.pid);
	footer_refused(f);
	(void)snprintf(f, sizeof(f), "{\"kid\":\"%s\"", A.pid);
	footer_refused(f);
	(void)snprintf(f, sizeof(f), "{\"kid\":\"%s\",\"wpk\":\"x\"}", A.pid);
	footer_refused(f);
	(void)snprintf(f, sizeof(f), "{\"typ\":\"at\",\"kid\":\"%s\"}", A.pid);
	footer_refused(f);
	(void)snprintf(f, sizeof(f), "{\"kid\":\"%s\",\"kid\":\"%s\"}", A.pid,
	    A.pid);
	footer_refused(f);
	(void)snprintf(f, sizeof(f), "{\"KID\":\"%s\"}", A.pid);
	footer_refused(f);
	footer_refused("{}");
	footer_refused("{\"kid\":42}");
	footer_refused("{\"kid\":null}");
	footer_refused("{\"kid\":[]}");
	footer_refused("null");
}

/* A kid longer than any key id: refused without overrunning. */
Test(token, footer_long_kid)
{
	char		f[4096];
	char		*tok;
	int		 rc;

	memcpy(f, "{\"kid\":\"", 8);
	memset(f + 8, 'k', sizeof(f) - 8 - 3);
	memcpy(f + sizeof(f) - 3, "\"}", 3);
	tok = sign(&A, "{}", f);
	rc = verify(tok, NOON);
	cr_assert(rc == TOKEN_MALFORMED || rc == TOKEN_UNKNOWN_KEY, "%s",
	    rc_name(rc));
	free(tok);
}

Test(token, issue_refuses_role)
{
	struct identity	 id;
	char		*tok;

	identity_of(&id, 0, SUB, "");
	tok = (char *)1;
	cr_assert_not(token_issue(&tok, &ring, &id, NOON));
	cr_assert_null(tok);
	identity_of(&id, ROLE_ADMIN | ROLE_BUYER, SUB, ORG);
	cr_assert_not(token_issue(&tok, &ring, &id, NOON));
	cr_assert_null(tok);
	identity_of(&id, 0x0100, SUB, "");
	cr_assert_not(token_issue(&tok, &ring, &id, NOON));
	cr_assert_null(tok);
	identity_of(&id, -1, SUB, "");
	cr_assert_not(token_issue(&tok, &ring, &id, NOON));
	cr_assert_null(tok);
}

Test(token, issue_needs_signing_key)
{
	struct keyring	 empty, verify_only;
	struct identity	 id;
	char		*tok;

	identity_of(&id, ROLE_ADMIN, SUB, "");
	keyring_clear(&empty);
	tok = (char *)1;
	cr_assert_not(token_issue(&tok, &empty, &id, NOON));
	cr_assert_null(tok);

	/* A ring of verify-only keys, as keyring_parse never makes one. */
	ring_of(&verify_only, "%s\n%s\n", B.public, A.secret);
	verify_only.count = 1;
	verify_only.current = -1;
	cr_assert_not(token_issue(&tok, &verify_only, &id, NOON));
	cr_assert_null(tok);
}

/*
 * What token_verify would refuse as malformed is not worth signing: an
 * anonymous role, a sub or org that is not a UUID. Each identity is either
 * refused by token_issue or, failing that, the test reports the verdict
 * its token gets.
 */
static void	issue_refused(int, const char *, const char *);

static void
issue_refused(int role, const char *sub, const char *org)
{
	struct identity	 id;
	char		*tok = NULL;
	int		 ok, rc = -1;

	identity_of(&id, role, sub, org);
	ok = token_issue(&tok, &ring, &id, NOON);
	if (ok)
		rc = verify(tok, NOON);
	free(tok);
	cr_assert_not(ok, "issued a token (role %s, sub \"%s\", org \"%s\") "
	    "that verifies as %s", role_name(role), sub, org, rc_name(rc));
}

Test(token, issue_refuses_anonymous)
{
	issue_refused(ROLE_ANONYMOUS, SUB, "");
}

Test(token, issue_refuses_bad_sub)
{
	issue_refused(ROLE_ADMIN, "not-a-uuid", "");
	issue_refused(ROLE_ADMIN, "", "");
}

Test(token, issue_refuses_bad_org)
{
	issue_refused(ROLE_BUYER, SUB, "acme");
}
