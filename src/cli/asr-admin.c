/*
 * asr-admin: what an operator needs outside the server.
 *
 *	asr-admin keygen		a new token signing key (PASERK k4.secret)
 *	asr-admin public [KEY]		the k4.public of a k4.secret
 *					(the first line of stdin without KEY)
 *	asr-admin hash			an argon2id hash of the password on stdin
 *	asr-admin vaultkey seal|blind	a new key line of the field vault's key
 *					file (a PASERK k4.local, see vault.h)
 *	asr-admin seal-people KEYFILE	identities on stdin sealed as SQL rows
 *					(the demo people, seal_people.c)
 *
 * Passwords are read from stdin only, never from a command line that other
 * processes may read; so are keys, unless given for a test.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli/seal_people.h"
#include "core/paserk.h"

static int	keygen(void);
static int	public_of(const char *);
static int	hash_stdin(void);
static int	vaultkey(const char *);
static void	usage(void);

int
main(int argc, char *argv[])
{
	if (sodium_init() < 0) {
		fprintf(stderr, "asr-admin: libsodium failed to initialise\n");
		return (1);
	}

	if (argc == 2 && strcmp(argv[1], "keygen") == 0)
		return (keygen());
	if (argc == 3 && strcmp(argv[1], "public") == 0)
		return (public_of(argv[2]));
	if (argc == 2 && strcmp(argv[1], "public") == 0)
		return (public_of(NULL));
	if (argc == 3 && strcmp(argv[1], "vaultkey") == 0)
		return (vaultkey(argv[2]));
	if (argc == 2 && strcmp(argv[1], "hash") == 0)
		return (hash_stdin());
	if (argc == 3 && strcmp(argv[1], "seal-people") == 0)
		return (seal_people(argv[2]));

	usage();
	return (2);
}

static int
keygen(void)
{
	unsigned char	pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char	sk[crypto_sign_SECRETKEYBYTES];
	char		out[PASERK_K4_SECRET_LEN];

	crypto_sign_keypair(pk, sk);
	if (!paserk_k4_secret(out, sizeof(out), sk))
		return (1);
	sodium_memzero(sk, sizeof(sk));
	printf("%s\n", out);
	sodium_memzero(out, sizeof(out));

	return (0);
}

static int
vaultkey(const char *use)
{
	unsigned char	key[32];
	char		out[PASERK_K4_LOCAL_LEN];

	if (strcmp(use, "seal") != 0 && strcmp(use, "blind") != 0) {
		usage();
		return (1);
	}
	randombytes_buf(key, sizeof(key));
	if (!paserk_k4_local(out, sizeof(out), key))
		return (1);
	sodium_memzero(key, sizeof(key));
	printf("%s %s\n", use, out);
	sodium_memzero(out, sizeof(out));

	return (0);
}

static int
public_of(const char *secret)
{
	unsigned char	sk[crypto_sign_SECRETKEYBYTES];
	char		pub[PASERK_K4_PUBLIC_LEN];
	char		line[256];

	if (secret == NULL) {
		if (fgets(line, sizeof(line), stdin) == NULL)
			return (1);
		line[strcspn(line, "\r\n")] = '\0';
		secret = line;
	}
	if (!paserk_k4_secret_decode(sk, secret)) {
		fprintf(stderr, "asr-admin: not a k4.secret key\n");
		return (1);
	}
	if (!paserk_k4_public(pub, sizeof(pub), sk + 32))
		return (1);
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(line, sizeof(line));
	printf("%s\n", pub);

	return (0);
}

static int
hash_stdin(void)
{
	char	pw[1026], out[crypto_pwhash_STRBYTES];
	size_t	len;

	if (fgets(pw, sizeof(pw), stdin) == NULL) {
		fprintf(stderr, "asr-admin: no password on stdin\n");
		return (1);
	}
	len = strcspn(pw, "\r\n");
	pw[len] = '\0';
	if (len < 12) {
		fprintf(stderr, "asr-admin: at least 12 characters\n");
		return (1);
	}
	if (crypto_pwhash_str(out, pw, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return (1);
	sodium_memzero(pw, sizeof(pw));
	printf("%s\n", out);

	return (0);
}

static void
usage(void)
{
	fprintf(stderr, "usage: asr-admin keygen | public K4_SECRET | hash | "
	    "vaultkey seal|blind | seal-people KEYFILE\n");
}
