/*
 * PASERK keys (the key file, the public keys served to partners):
 * decoding of any k4.public / k4.secret text, key ids, and the key file
 * parser; a decoded key encodes back to the same text.
 */
#include <sodium.h>

#include "core/keyring.h"
#include "core/paserk.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();

	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keyring	 kr;
	unsigned char	 pk[32], sk[64];
	char		*s, out[128], err[128];

	s = fuzz_cstr(data, size);
	if (paserk_k4_public_decode(pk, s)) {
		FUZZ_ASSERT(paserk_k4_public(out, sizeof(out), pk));
		FUZZ_ASSERT(strcmp(out, s) == 0);
		FUZZ_ASSERT(paserk_k4_pid(out, sizeof(out), s));
	}
	if (paserk_k4_secret_decode(sk, s)) {
		FUZZ_ASSERT(paserk_k4_secret(out, sizeof(out), sk));
		FUZZ_ASSERT(strcmp(out, s) == 0);
		FUZZ_ASSERT(paserk_k4_sid(out, sizeof(out), s));
	}
	(void)paserk_k4_lid(out, sizeof(out), s);
	(void)paserk_k4_pid(out, 8, s);
	if (keyring_parse(&kr, s, err, sizeof(err))) {
		FUZZ_ASSERT(kr.count <= KEYRING_MAX);
		(void)keyring_current(&kr);
		(void)keyring_find(&kr, s);
	}
	keyring_clear(&kr);
	free(s);

	return (0);
}
