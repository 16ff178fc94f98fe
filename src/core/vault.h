/*
 * The field vault: what protects people's identities at rest (issue 8).
 *
 * Sealing: XChaCha20-Poly1305 (libsodium's IETF AEAD) under 32-byte keys
 * read from a key file of "seal k4.local.…" lines; the first seals, all
 * open, so keys rotate: each sealed value is stored beside the id of its
 * key (PASERK k4.lid). The associated data binds a value to its place (the
 * row and field it belongs to), so a ciphertext copied elsewhere fails.
 * Sealed form: nonce (24 bytes) || ciphertext || tag (16 bytes).
 *
 * Blind index: a keyed BLAKE2b-128 of folded names (namefold.h) and other
 * parts under a separate "blind k4.local.…" key, so that equal identities
 * can be found without decrypting anything. It does not rotate: changing
 * it means recomputing every index.
 */
#ifndef ASR_CORE_VAULT_H
#define ASR_CORE_VAULT_H

#include <stddef.h>

#include "core/paserk.h"

#define VAULT_KEYS_MAX		8
#define VAULT_NONCE_LEN		24
#define VAULT_TAG_LEN		16
#define VAULT_OVERHEAD		(VAULT_NONCE_LEN + VAULT_TAG_LEN)
#define VAULT_BLIND_LEN		33	/* 32 hex digits + NUL */
#define VAULT_PART_MAX		512	/* bytes of one folded part */

struct vault_key {
	unsigned char	key[32];
	char		lid[PASERK_K4_LID_LEN];
};

struct vault {
	size_t			count;		/* seal keys, [0] seals */
	struct vault_key	seal[VAULT_KEYS_MAX];
	int			has_blind;
	unsigned char		blind[32];
};

int	vault_parse(struct vault *, const char *, char *, size_t);
void	vault_clear(struct vault *);
const char
	*vault_current_lid(const struct vault *);

/* out has room for ptlen + VAULT_OVERHEAD; *lid names the key used. */
int	vault_seal(const struct vault *, unsigned char *, size_t,
	    const char **, const void *, size_t, const void *, size_t);
/* out has room for inlen - VAULT_OVERHEAD; *outlen is set on success. */
int	vault_open(const struct vault *, unsigned char *, size_t, size_t *,
	    const char *, const void *, size_t, const unsigned char *, size_t);
/*
 * The index of a purpose (e.g. "name+birth") and its parts, each folded
 * first when fold is set (names) or taken as given (dates, codes).
 */
int	vault_blind(const struct vault *, char *, const char *,
	    const char *const *, size_t, int);

#endif
