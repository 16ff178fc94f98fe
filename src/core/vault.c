/*
 * The field vault (see vault.h).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/keyfile.h"
#include "core/namefold.h"
#include "core/vault.h"

static int	vault_add(void *, const char *, char *, size_t);
static int	vault_key_known(const struct vault *, const unsigned char *);

int
vault_parse(struct vault *v, const char *text, char *err, size_t errlen)
{
	char		scratch[2];

	memset(v, 0, sizeof(*v));
	if (err == NULL || errlen == 0) {
		err = scratch;
		errlen = sizeof(scratch);
	}
	err[0] = '\0';

	if (sodium_init() < 0) {
		(void)snprintf(err, errlen, "libsodium did not initialise");
		return (0);
	}
	if (!keyfile_each(text, vault_add, v, err, errlen)) {
		vault_clear(v);
		return (0);
	}
	if (v->count == 0 || !v->has_blind) {
		(void)snprintf(err, errlen, "needs a seal key and a blind key");
		vault_clear(v);
		return (0);
	}

	return (1);
}

void
vault_clear(struct vault *v)
{
	sodium_memzero(v, sizeof(*v));
}

const char *
vault_current_lid(const struct vault *v)
{
	if (v->count == 0)
		return (NULL);

	return (v->seal[0].lid);
}

int
vault_seal(const struct vault *v, unsigned char *out, size_t outlen,
    const char **lid, const void *ad, size_t adlen, const void *pt,
    size_t ptlen)
{
	unsigned long long	clen;

	if (v->count == 0 || ptlen > outlen || outlen - ptlen < VAULT_OVERHEAD)
		return (0);

	randombytes_buf(out, VAULT_NONCE_LEN);
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(out + VAULT_NONCE_LEN,
	    &clen, pt, ptlen, ad, adlen, NULL, out, v->seal[0].key) != 0)
		return (0);
	if (lid != NULL)
		*lid = v->seal[0].lid;

	return (1);
}

int
vault_open(const struct vault *v, unsigned char *out, size_t outlen,
    size_t *len, const char *lid, const void *ad, size_t adlen,
    const unsigned char *in, size_t inlen)
{
	unsigned long long	mlen;
	size_t			i;

	if (lid == NULL || inlen < VAULT_OVERHEAD ||
	    outlen < inlen - VAULT_OVERHEAD)
		return (0);

	for (i = 0; i < v->count; i++) {
		if (strcmp(v->seal[i].lid, lid) != 0)
			continue;
		if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &mlen,
		    NULL, in + VAULT_NONCE_LEN, inlen - VAULT_NONCE_LEN, ad,
		    adlen, in, v->seal[i].key) != 0)
			return (0);
		*len = (size_t)mlen;
		return (1);
	}

	return (0);
}

int
vault_blind(const struct vault *v, char *out, const char *purpose,
    const char *const *parts, size_t nparts, int fold)
{
	crypto_generichash_state	 st;
	unsigned char			 sum[16];
	char				 folded[VAULT_PART_MAX];
	const char			*part;
	size_t				 i;

	out[0] = '\0';
	if (!v->has_blind || purpose == NULL)
		return (0);

	/* Length-free framing: parts never hold NUL, each ends with one. */
	crypto_generichash_init(&st, v->blind, sizeof(v->blind), sizeof(sum));
	crypto_generichash_update(&st, (const unsigned char *)purpose,
	    strlen(purpose) + 1);
	for (i = 0; i < nparts; i++) {
		part = parts[i];
		if (part == NULL)
			return (0);
		if (fold) {
			if (!name_fold(folded, sizeof(folded), part) ||
			    folded[0] == '\0')
				return (0);
			part = folded;
		}
		crypto_generichash_update(&st, (const unsigned char *)part,
		    strlen(part) + 1);
	}
	crypto_generichash_final(&st, sum, sizeof(sum));
	sodium_bin2hex(out, VAULT_BLIND_LEN, sum, sizeof(sum));
	sodium_memzero(folded, sizeof(folded));

	return (1);
}

static int
vault_add(void *arg, const char *line, char *err, size_t errlen)
{
	struct vault		*v = arg;
	struct vault_key	*k;
	unsigned char		 key[32];

	if (strncmp(line, "blind ", 6) == 0) {
		if (v->has_blind) {
			(void)snprintf(err, errlen, "a second blind key");
			return (0);
		}
		if (!paserk_k4_local_decode(v->blind, line + 6)) {
			(void)snprintf(err, errlen, "not a valid k4.local");
			return (0);
		}
		if (vault_key_known(v, v->blind)) {
			(void)snprintf(err, errlen, "blind key is a seal key");
			return (0);
		}
		v->has_blind = 1;
		return (1);
	}
	if (strncmp(line, "seal ", 5) != 0) {
		(void)snprintf(err, errlen, "expected \"seal k4.local.…\" or "
		    "\"blind k4.local.…\"");
		return (0);
	}
	if (v->count == VAULT_KEYS_MAX) {
		(void)snprintf(err, errlen, "more than %d seal keys",
		    VAULT_KEYS_MAX);
		return (0);
	}
	if (!paserk_k4_local_decode(key, line + 5)) {
		(void)snprintf(err, errlen, "not a valid k4.local");
		return (0);
	}
	if (vault_key_known(v, key)) {
		sodium_memzero(key, sizeof(key));
		(void)snprintf(err, errlen, "a key given twice");
		return (0);
	}

	k = &v->seal[v->count];
	memcpy(k->key, key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	if (!paserk_k4_lid(k->lid, sizeof(k->lid), line + 5)) {
		(void)snprintf(err, errlen, "could not derive the key id");
		return (0);
	}
	v->count++;

	return (1);
}

/* Whether key is already a seal key or the blind key. */
static int
vault_key_known(const struct vault *v, const unsigned char *key)
{
	size_t		i;

	for (i = 0; i < v->count; i++) {
		if (sodium_memcmp(v->seal[i].key, key, 32) == 0)
			return (1);
	}
	if (v->has_blind && key != v->blind &&
	    sodium_memcmp(v->blind, key, 32) == 0)
		return (1);

	return (0);
}
