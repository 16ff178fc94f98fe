/*
 * Who calls, and may they? Access tokens are verified in C against the
 * keyring, with no database round trip; the keyring is read once, in the
 * parent process before the workers fork, from the key file. The check
 * order is API_CONVENTIONS's: 401 (bad or missing credentials) before 403
 * (a role the operation never admits).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth/apikeys.h"
#include "auth/auth.h"
#include "core/apikey.h"
#include "core/clock.h"
#include "core/keyfile.h"

struct keyring	auth_keyring;

static int	auth_token_error(struct http_request *, struct asr_req *, int);

int
auth_load_keys(const char *path, char *err, size_t errlen)
{
	char		 text[8192];
	size_t		 len;

	if (!keyfile_read(path, text, sizeof(text), err, errlen))
		return (0);
	len = keyring_parse(&auth_keyring, text, err, errlen);
	sodium_memzero(text, sizeof(text));

	return ((int)len);
}

/*
 * Returns AUTH_GO when the request may go on, AUTH_ANSWERED when an answer
 * was sent, AUTH_KEY when an API key must be looked up first (see
 * apikeys_check()). One credential only: an access token or a key, in
 * Authorization (Bearer) or X-API-Key, never two at once.
 */
int
auth_check(struct http_request *req, struct asr_req *ar)
{
	const char	*header, *key, *given;
	int		 rc;

	ar->who.role = ROLE_ANONYMOUS;
	if (!http_request_header(req, "x-api-key", &key))
		key = NULL;
	if (!http_request_header(req, "authorization", &header))
		header = NULL;

	switch (apikey_credential(header, key, &given)) {
	case CREDENTIAL_BOTH:
		(void)asr_unauthorized(req, ar, 1, "Send one credential: "
		    "Authorization or X-API-Key, not both.");
		return (AUTH_ANSWERED);
	case CREDENTIAL_NOT_BEARER:
		return (auth_token_error(req, ar, TOKEN_MALFORMED));
	case CREDENTIAL_KEY:
		return (apikeys_begin(req, ar, given));
	case CREDENTIAL_TOKEN:
		rc = token_verify(&ar->who, &auth_keyring, given,
		    clock_now_ms());
		if (rc != TOKEN_OK) {
			memset(&ar->who, 0, sizeof(ar->who));
			ar->who.role = ROLE_ANONYMOUS;
			return (auth_token_error(req, ar, rc));
		}
		break;
	}

	return (auth_role_check(req, ar));
}

/* 401 or 403 unless the route's roles admit the caller. */
int
auth_role_check(struct http_request *req, struct asr_req *ar)
{
	if (ar->route->roles & ar->who.role)
		return (AUTH_GO);

	if (ar->who.role == ROLE_ANONYMOUS)
		(void)asr_unauthorized(req, ar, 0,
		    "This operation needs an access token.");
	else
		(void)asr_problem(req, ar, 403, "forbidden",
		    "Your role may not use this operation.");

	return (AUTH_ANSWERED);
}

/* A refresh or reset secret: 32 random bytes, base64url. */
void
auth_new_secret(char *secret, char *hash_hex)
{
	unsigned char	raw[AUTH_SECRET_BYTES];

	randombytes_buf(raw, sizeof(raw));
	(void)sodium_bin2base64(secret, AUTH_SECRET_LEN, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	(void)auth_hash_secret(secret, hash_hex);
}

/* Secrets are stored only as their BLAKE2b-256, never as given. */
int
auth_hash_secret(const char *secret, char *hash_hex)
{
	unsigned char	hash[32];
	size_t		len;

	if ((len = strlen(secret)) == 0)
		return (0);
	crypto_generichash(hash, sizeof(hash), (const unsigned char *)secret,
	    len, NULL, 0);
	(void)sodium_bin2hex(hash_hex, AUTH_HASH_HEX_LEN, hash, sizeof(hash));

	return (1);
}

static int
auth_token_error(struct http_request *req, struct asr_req *ar, int rc)
{
	const char	*detail;

	switch (rc) {
	case TOKEN_EXPIRED:
		detail = "The access token has expired; refresh it.";
		break;
	case TOKEN_UNKNOWN_KEY:
		detail = "The access token was signed by a key this service "
		    "does not know.";
		break;
	case TOKEN_NOT_YET_VALID:
		detail = "The access token is not valid yet.";
		break;
	default:
		detail = "The access token is malformed or its signature is "
		    "wrong.";
		break;
	}

	(void)asr_unauthorized(req, ar, 1, detail);

	return (AUTH_ANSWERED);
}
