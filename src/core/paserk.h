/*
 * PASERK serialisations of version 4 keys (paseto-standard/paserk):
 *   k4.local.  b64u(32-byte symmetric key)     k4.lid. its id
 *   k4.public. b64u(32-byte Ed25519 public)    k4.pid. its id
 *   k4.secret. b64u(64-byte Ed25519 seed||pk)  k4.sid. its id
 * An id is "k4.xid." || b64u(BLAKE2b-264("k4.xid." || the key's PASERK)):
 * it names a key, as in a token footer's "kid", without revealing it.
 *
 * Every function returns 1 on success and 0 on any failure (a buffer too
 * small, a PASERK of another type or version, a malformed one, a secret key
 * whose halves disagree). out is NUL-terminated on success, "" on failure
 * when outlen > 0; size it with the _LEN macros, which count the NUL.
 * The decoders write their output only on success.
 */
#ifndef ASR_CORE_PASERK_H
#define ASR_CORE_PASERK_H

#include <stddef.h>

/* Prefix + base64url without padding + NUL; checked at compile time. */
#define PASERK_K4_PUBLIC_LEN	54	/* 10 + 43 (32 bytes) + 1 */
#define PASERK_K4_PID_LEN	52	/* 7 + 44 (33 bytes) + 1 */
#define PASERK_K4_SECRET_LEN	97	/* 10 + 86 (64 bytes) + 1 */
#define PASERK_K4_SID_LEN	52	/* 7 + 44 (33 bytes) + 1 */
#define PASERK_K4_LOCAL_LEN	53	/* 9 + 43 (32 bytes) + 1 */
#define PASERK_K4_LID_LEN	52	/* 7 + 44 (33 bytes) + 1 */

int	paserk_k4_public(char *out, size_t outlen, const unsigned char *pk);
int	paserk_k4_public_decode(unsigned char *pk, const char *paserk);
/* k4_public must be a valid k4.public PASERK. */
int	paserk_k4_pid(char *out, size_t outlen, const char *k4_public);
int	paserk_k4_secret(char *out, size_t outlen, const unsigned char *sk);
int	paserk_k4_secret_decode(unsigned char *sk, const char *paserk);
/* k4_secret must be a valid k4.secret PASERK. */
int	paserk_k4_sid(char *out, size_t outlen, const char *k4_secret);
int	paserk_k4_local(char *out, size_t outlen, const unsigned char *key);
int	paserk_k4_local_decode(unsigned char *key, const char *paserk);
/* k4_local must be a valid k4.local PASERK. */
int	paserk_k4_lid(char *out, size_t outlen, const char *k4_local);

#endif
