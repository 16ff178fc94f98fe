/*
 * Shapes, scopes and roles of partner API keys (see apikey.h).
 */
#include <string.h>

#include "core/apikey.h"
#include "core/roles.h"
#include "core/scopes.h"

/* See apikey.h: one credential only, a Bearer token or a key. */
int
apikey_credential(const char *authorization, const char *key,
    const char **out)
{
	*out = NULL;
	if (authorization == NULL) {
		if (key == NULL)
			return (CREDENTIAL_NONE);
		*out = key;
		return (CREDENTIAL_KEY);
	}
	if (key != NULL)
		return (CREDENTIAL_BOTH);
	if (strncmp(authorization, "Bearer ", 7) != 0)
		return (CREDENTIAL_NOT_BEARER);
	*out = authorization + 7;

	return (apikey_is_key(*out) ? CREDENTIAL_KEY : CREDENTIAL_TOKEN);
}

/* Whether a credential claims to be a key (it may still be malformed). */
int
apikey_is_key(const char *s)
{
	return (s != NULL && strncmp(s, APIKEY_PREFIX, APIKEY_PREFIX_LEN) == 0);
}

int
apikey_shape_ok(const char *s)
{
	size_t		i;
	char		c;

	if (!apikey_is_key(s) || strlen(s) != APIKEY_LEN)
		return (0);

	for (i = APIKEY_PREFIX_LEN; i < APIKEY_LEN; i++) {
		c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return (0);
	}

	/* 43 characters carry 258 bits: the last one's 2 low bits are 0. */
	return (strchr("AEIMQUYcgkosw048", s[APIKEY_LEN - 1]) != NULL);
}

/*
 * The scopes of a space-separated list ("catalogue:read sync:write"), as
 * bits; -1 when a name is unknown or the list is empty or too long.
 */
int
apikey_scopes_parse(const char *list)
{
	char		name[32];
	const char	*p, *end;
	size_t		len;
	int		bits, bit;

	if (list == NULL)
		return (-1);

	bits = 0;
	for (p = list; *p != '\0'; p = end) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if ((end = strchr(p, ' ')) == NULL)
			end = p + strlen(p);
		len = (size_t)(end - p);
		if (len >= sizeof(name))
			return (-1);
		memcpy(name, p, len);
		name[len] = '\0';
		if ((bit = scope_from_name(name)) == 0)
			return (-1);
		bits |= bit;
	}

	return (bits == 0 ? -1 : bits);
}

/*
 * The people role whose rules a key of an organisation of this kind
 * follows; 0 for an unknown kind (such a key may use nothing). A key of
 * the CRESS acts as a facilitator, never as an administrator.
 */
int
apikey_role_for_kind(const char *kind)
{
	static const struct {
		const char	*kind;
		int		 role;
	} kinds[] = {
		{ "cress", ROLE_FACILITATOR },
		{ "buyer_public", ROLE_BUYER },
		{ "buyer_private", ROLE_BUYER },
		{ "company", ROLE_COMPANY },
		{ "siae", ROLE_SUPPLIER },
		{ "geiq", ROLE_SUPPLIER },
		{ "ess", ROLE_SUPPLIER },
		{ "handicap", ROLE_SUPPLIER },
		{ "prescriber", ROLE_PRESCRIBER },
	};
	size_t		i;

	if (kind == NULL)
		return (0);

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strcmp(kinds[i].kind, kind) == 0)
			return (kinds[i].role);
	}

	return (0);
}
