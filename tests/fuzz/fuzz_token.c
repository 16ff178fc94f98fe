/*
 * Access tokens: token_verify() of any Authorization bearer text, and of
 * validly signed tokens whose claims (first byte 'c') or footer (first
 * byte 'f') are the fuzzer's, so that the claim and kid parsers behind
 * the signature are reached too. A token that verifies names a role of a
 * person and valid ids.
 */
#include <sodium.h>

#include "core/keyring.h"
#include "core/paserk.h"
#include "core/paseto.h"
#include "core/roles.h"
#include "core/token.h"
#include "core/uuid.h"
#include "fuzz.h"

#define NOW_MS		1795000000000LL
#define CLAIMS		"{\"sub\":\"6b1d4c8e-0f7a-4c1e-9a51-3f7c2d9e8b10\"," \
			"\"role\":\"buyer\",\"org\":null," \
			"\"iat\":\"2026-01-01T00:00:00Z\"," \
			"\"exp\":\"2099-01-01T00:00:00Z\"," \
			"\"jti\":\"0123456789abcdef0123456789abcdef\"}"

static struct keyring	ring;
static char		footer[128];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned char	pk[32], sk[64], seed[32];
	char		text[128], err[128];

	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	memset(seed, 5, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	if (!paserk_k4_secret(text, sizeof(text), sk) ||
	    !keyring_parse(&ring, text, err, sizeof(err)))
		abort();
	(void)snprintf(footer, sizeof(footer), "{\"kid\":\"%s\"}",
	    keyring_current(&ring)->pid);

	return (0);
}

static void
verify(const char *token)
{
	struct identity	id;

	if (token_verify(&id, &ring, token, NOW_MS) != TOKEN_OK)
		return;
	FUZZ_ASSERT(role_name(id.role) != NULL && (id.role & ROLES_PEOPLE));
	FUZZ_ASSERT(uuid_valid(id.sub));
	FUZZ_ASSERT(id.org[0] == '\0' || uuid_valid(id.org));
	FUZZ_ASSERT(id.exp_ms > NOW_MS);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s, *token;

	s = fuzz_cstr(data, size);
	verify(s);
	if (size > 0 && (s[0] == 'c' || s[0] == 'f')) {
		if (s[0] == 'c' ? paseto_v4_public_sign(&token,
		    ring.keys[0].sk, data + 1, size - 1, footer, NULL) :
		    paseto_v4_public_sign(&token, ring.keys[0].sk, CLAIMS,
		    strlen(CLAIMS), s + 1, NULL)) {
			verify(token);
			free(token);
		}
	}
	free(s);

	return (0);
}
