/*
 * Identity and access: who calls (a PASETO access token, a partner API
 * key, or nobody) and whether the route's roles (and for a key, its
 * scopes) admit them. Routes state their roles in the
 * route table; the dispatcher calls auth_check() once per request.
 */
#ifndef ASR_AUTH_H
#define ASR_AUTH_H

#include "core/keyring.h"
#include "http/http.h"

#define AUTH_REALM		"Bearer realm=\"asr\""
#define AUTH_PASSWORD_MIN	12
#define AUTH_PASSWORD_MAX	1024
#define AUTH_REFRESH_TTL	"30 days"
#define AUTH_SECRET_BYTES	32	/* refresh and reset tokens */
#define AUTH_SECRET_LEN		44	/* base64url of 32 bytes, + NUL */
#define AUTH_HASH_HEX_LEN	65	/* BLAKE2b-256 in hex, + NUL */

#define AUTH_ANSWERED		0
#define AUTH_GO			1
#define AUTH_KEY		2	/* an API key to look up */

extern struct keyring	auth_keyring;

int	auth_load_keys(const char *, char *, size_t);
int	auth_check(struct http_request *, struct asr_req *);
int	auth_role_check(struct http_request *, struct asr_req *);
void	auth_new_secret(char *, char *);
int	auth_hash_secret(const char *, char *);

#endif
