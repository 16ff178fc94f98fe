/*
 * Partner API keys, the pure part: the shape of a key ("asr_" and 43
 * base64url characters, the encoding of 32 random bytes, so that a key is
 * told from a PASETO token by its first bytes and refused without a
 * database look-up when malformed), the scopes a key holds as text, and
 * the people role a key of an organisation acts as: a key reaches what the
 * people of its organisation reach, within its scopes, never more.
 */
#ifndef ASR_CORE_APIKEY_H
#define ASR_CORE_APIKEY_H

#include <stddef.h>

#define APIKEY_PREFIX		"asr_"
#define APIKEY_PREFIX_LEN	4
#define APIKEY_BODY_LEN		43	/* base64url of 32 bytes, unpadded */
#define APIKEY_LEN		(APIKEY_PREFIX_LEN + APIKEY_BODY_LEN)
#define APIKEY_SHOWN_LEN	12	/* "asr_" and 8 more, shown in lists */

/*
 * Which credential a request sends (apikey_credential()): its
 * Authorization and X-API-Key headers (NULL when absent) give one access
 * token or one key (*out then points into the header), nothing, or an
 * error: both headers at once, or Authorization without "Bearer ".
 */
#define CREDENTIAL_NONE		0
#define CREDENTIAL_TOKEN	1
#define CREDENTIAL_KEY		2
#define CREDENTIAL_BOTH		3
#define CREDENTIAL_NOT_BEARER	4

int	apikey_credential(const char *, const char *, const char **);
int	apikey_is_key(const char *);
int	apikey_shape_ok(const char *);
int	apikey_scopes_parse(const char *);
int	apikey_role_for_kind(const char *);

#endif
