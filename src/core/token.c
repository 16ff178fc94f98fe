/*
 * Access tokens (see token.h). Claims are checked strictly: a token that
 * verifies but carries claims of the wrong shape is refused as malformed,
 * since only this service signs tokens with these keys.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/clock.h"
#include "core/paseto.h"
#include "core/roles.h"
#include "core/token.h"

#define V4_PUBLIC	"v4.public."

static int	claims_parse(struct identity *, const char *, size_t);
static int	footer_kid(const char *, char *, size_t);

int
token_issue(char **out, const struct keyring *kr, struct identity *id,
    int64_t now_ms)
{
	const struct keyring_key	*key;
	unsigned char			 raw[16];
	char				 iat[CLOCK_RFC3339_LEN], exp[CLOCK_RFC3339_LEN];
	char				*claims, *footer;
	json_t				*obj;
	int				 ok;

	*out = NULL;
	/* Never sign what token_verify() would refuse. */
	if ((key = keyring_current(kr)) == NULL ||
	    role_name(id->role) == NULL || !(id->role & ROLES_PEOPLE) ||
	    !uuid_valid(id->sub) || (id->org[0] != '\0' &&
	    !uuid_valid(id->org)))
		return (0);

	randombytes_buf(raw, sizeof(raw));
	(void)sodium_bin2hex(id->jti, sizeof(id->jti), raw, sizeof(raw));
	id->iat_ms = now_ms - now_ms % 1000;
	id->exp_ms = id->iat_ms + (int64_t)TOKEN_TTL_S * 1000;
	clock_format_rfc3339(id->iat_ms, iat, sizeof(iat));
	clock_format_rfc3339(id->exp_ms, exp, sizeof(exp));

	obj = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s}",
	    "sub", id->sub, "role", role_name(id->role),
	    "org", id->org[0] != '\0' ? json_string(id->org) : json_null(),
	    "iat", iat, "exp", exp, "jti", id->jti);
	claims = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
	json_decref(obj);
	obj = json_pack("{s:s}", "kid", key->pid);
	footer = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
	json_decref(obj);

	ok = claims != NULL && footer != NULL &&
	    paseto_v4_public_sign(out, key->sk, claims, strlen(claims), footer,
	    NULL);
	free(claims);
	free(footer);

	return (ok);
}

int
token_verify(struct identity *id, const struct keyring *kr, const char *token,
    int64_t now_ms)
{
	const struct keyring_key	*key;
	char				*footer, *claims, kid[KEYRING_NAME_LEN];
	size_t				 len;
	int				 rc;

	memset(id, 0, sizeof(*id));
	if (token == NULL || strncmp(token, V4_PUBLIC, strlen(V4_PUBLIC)) != 0)
		return (TOKEN_MALFORMED);

	if (!paseto_footer(&footer, token))
		return (TOKEN_MALFORMED);
	rc = footer_kid(footer, kid, sizeof(kid));
	if (!rc) {
		free(footer);
		return (TOKEN_MALFORMED);
	}
	if ((key = keyring_find(kr, kid)) == NULL) {
		free(footer);
		return (TOKEN_UNKNOWN_KEY);
	}

	rc = paseto_v4_public_verify(&claims, &len, NULL, token, key->pk,
	    footer, NULL);
	free(footer);
	if (!rc)
		return (TOKEN_BAD_SIGNATURE);

	rc = claims_parse(id, claims, len);
	free(claims);
	if (!rc)
		return (TOKEN_MALFORMED);

	if (id->exp_ms <= now_ms)
		return (TOKEN_EXPIRED);
	if (id->iat_ms > now_ms + (int64_t)TOKEN_SKEW_S * 1000)
		return (TOKEN_NOT_YET_VALID);

	return (TOKEN_OK);
}

static int
footer_kid(const char *footer, char *kid, size_t len)
{
	json_t		*obj, *v;
	int		 ok;

	if ((obj = json_loads(footer, JSON_REJECT_DUPLICATES, NULL)) == NULL)
		return (0);

	v = json_object_get(obj, "kid");
	ok = json_is_object(obj) && json_object_size(obj) == 1 &&
	    json_is_string(v) && strlen(json_string_value(v)) < len;
	if (ok)
		memcpy(kid, json_string_value(v),
		    strlen(json_string_value(v)) + 1);
	json_decref(obj);

	return (ok);
}

static int
claims_parse(struct identity *id, const char *claims, size_t len)
{
	json_t		*obj;
	const char	*sub, *role, *iat, *exp, *jti;
	json_t		*org;
	int		 ok;

	if ((obj = json_loadb(claims, len, JSON_REJECT_DUPLICATES,
	    NULL)) == NULL)
		return (0);

	ok = json_unpack(obj, "{s:s, s:s, s:o, s:s, s:s, s:s !}",
	    "sub", &sub, "role", &role, "org", &org, "iat", &iat, "exp", &exp,
	    "jti", &jti) == 0;
	ok = ok && uuid_valid(sub) && strlen(jti) == sizeof(id->jti) - 1 &&
	    strspn(jti, "0123456789abcdef") == sizeof(id->jti) - 1 &&
	    ((id->role = role_from_name(role)) & ROLES_PEOPLE) != 0 &&
	    (json_is_null(org) || (json_is_string(org) &&
	    uuid_valid(json_string_value(org)))) &&
	    clock_parse_rfc3339(iat, &id->iat_ms) &&
	    clock_parse_rfc3339(exp, &id->exp_ms);
	if (ok) {
		memcpy(id->sub, sub, UUID_LEN);
		if (json_is_string(org))
			memcpy(id->org, json_string_value(org), UUID_LEN);
		memcpy(id->jti, jti, strlen(jti) + 1);
	}
	json_decref(obj);

	return (ok);
}
