/*
 * The token keys: Ed25519 key pairs read from a key file of PASERK lines,
 * "k4.secret.…" (can sign) or "k4.public.…" (verifies only). The first
 * secret key signs; every key listed verifies, so keys rotate without
 * invalidating tokens signed by the previous one. Each key is known by its
 * PASERK id (k4.pid), carried in the footer of the tokens it signs.
 */
#ifndef ASR_CORE_KEYRING_H
#define ASR_CORE_KEYRING_H

#include <stddef.h>

#define KEYRING_MAX		8
#define KEYRING_NAME_LEN	64	/* "k4.public." + 43, "k4.pid." + 44 */

struct keyring_key {
	unsigned char	pk[32];
	unsigned char	sk[64];
	int		can_sign;
	char		pid[KEYRING_NAME_LEN];
	char		paserk_public[KEYRING_NAME_LEN];
};

struct keyring {
	size_t			count;
	int			current;	/* signing key, or -1 */
	struct keyring_key	keys[KEYRING_MAX];
};

int				 keyring_parse(struct keyring *, const char *,
				    char *, size_t);
const struct keyring_key	*keyring_find(const struct keyring *,
				    const char *);
const struct keyring_key	*keyring_current(const struct keyring *);
void				 keyring_clear(struct keyring *);

#endif
