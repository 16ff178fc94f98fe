/*
 * The base64url alphabet, checked before libsodium decodes: libsodium
 * 1.0.18 (Debian bookworm) maps some bytes above 0x7f onto alphabet
 * values, so that "\xff" decodes as '_' would and a token or key with
 * such bytes decoded as a valid one (found by tests/fuzz/fuzz_paserk).
 */
#ifndef ASR_CORE_B64URL_H
#define ASR_CORE_B64URL_H

#include <stddef.h>

int	b64url_alphabet(const char *, size_t);

#endif
