/*
 * PASETO version 4 tokens (paseto-standard/paseto-spec, Version4.md):
 *   v4.public  Ed25519 signature over PAE(header, payload, footer, implicit)
 *   v4.local   XChaCha20 encryption, BLAKE2b-MAC over
 *              PAE(header, nonce, ciphertext, footer, implicit)
 * A token reads header.body[.footer], body and footer in base64url without
 * padding. The footer travels in clear but is authenticated; the implicit
 * assertion is authenticated and never travels.
 *
 * Every function returns 1 on success and 0 on any failure. Output strings
 * are NUL-terminated and malloc'd: release them with free(). On failure
 * every output pointer is left NULL. footer, expect_footer and implicit may
 * be NULL, meaning "". Decoded payloads may hold NUL bytes (use *msglen);
 * tokens whose footer holds one are refused, as a C string cannot carry it.
 */
#ifndef ASR_CORE_PASETO_H
#define ASR_CORE_PASETO_H

#include <stddef.h>

#define PASETO_V4_PUBLIC_PKBYTES	32
#define PASETO_V4_PUBLIC_SKBYTES	64	/* seed || public key */
#define PASETO_V4_LOCAL_KEYBYTES	32
#define PASETO_V4_LOCAL_NONCEBYTES	32

/* Refuses a secret key whose second half is not the public key of its seed. */
int	paseto_v4_public_sign(char **token, const unsigned char *sk,
	    const void *msg, size_t msglen, const char *footer,
	    const char *implicit);
/*
 * On success *msg is the payload (NUL-terminated too, *msglen its length);
 * msg and msglen may be NULL when only the verdict matters. If expect_footer
 * is non-NULL the footer must equal it; *footer (if footer is non-NULL)
 * receives the token's footer (possibly "").
 */
int	paseto_v4_public_verify(char **msg, size_t *msglen, char **footer,
	    const char *token, const unsigned char *pk,
	    const char *expect_footer, const char *implicit);
/* nonce NULL = random; non-NULL only for tests (vectors). */
int	paseto_v4_local_encrypt(char **token, const unsigned char *key,
	    const void *msg, size_t msglen, const char *footer,
	    const char *implicit, const unsigned char *nonce);
int	paseto_v4_local_decrypt(char **msg, size_t *msglen, char **footer,
	    const char *token, const unsigned char *key,
	    const char *expect_footer, const char *implicit);
/* The footer of any v4 token, unverified (to read a key id); "" if none. */
int	paseto_footer(char **footer, const char *token);
/* Pre-Authentication Encoding of n pieces; a piece may be NULL if empty. */
int	paseto_pae(unsigned char **out, size_t *outlen, size_t n,
	    const void *const *pieces, const size_t *lens);

#endif
