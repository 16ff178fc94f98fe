/*
 * PASETO v4 (public and local): verification and decryption of any token
 * text under fixed keys, footer extraction, and a round trip: any message
 * and footer signed or encrypted here verifies or decrypts to itself.
 */
#include <sodium.h>

#include "core/paseto.h"
#include "fuzz.h"

static unsigned char	pk[32], sk[64], lk[32];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned char	seed[32];

	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	memset(seed, 7, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	memset(lk, 9, sizeof(lk));

	return (0);
}

static void
round_trip(const char *msg, size_t len, const char *footer)
{
	unsigned char	 nonce[32];
	char		*token, *out, *f;
	size_t		 outlen;

	if (paseto_v4_public_sign(&token, sk, msg, len, footer, "i")) {
		FUZZ_ASSERT(paseto_v4_public_verify(&out, &outlen, &f, token,
		    pk, footer, "i"));
		FUZZ_ASSERT(outlen == len && memcmp(out, msg, len) == 0);
		free(out);
		free(f);
		free(token);
	}
	memset(nonce, 3, sizeof(nonce));
	if (paseto_v4_local_encrypt(&token, lk, msg, len, footer, NULL,
	    nonce)) {
		FUZZ_ASSERT(paseto_v4_local_decrypt(&out, &outlen, &f, token,
		    lk, footer, NULL));
		FUZZ_ASSERT(outlen == len && memcmp(out, msg, len) == 0);
		free(out);
		free(f);
		free(token);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s, *msg, *footer, *nl;
	size_t	 len;

	s = fuzz_cstr(data, size);
	if (paseto_v4_public_verify(&msg, &len, &footer, s, pk, NULL, NULL)) {
		free(msg);
		free(footer);
	}
	if (paseto_v4_local_decrypt(&msg, &len, &footer, s, lk, NULL, NULL)) {
		free(msg);
		free(footer);
	}
	if (paseto_footer(&footer, s))
		free(footer);
	footer = NULL;
	if ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		footer = nl + 1;
	}
	round_trip(s, strlen(s), footer);
	free(s);

	return (0);
}
