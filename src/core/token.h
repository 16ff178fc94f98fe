/*
 * Access tokens: PASETO v4.public tokens whose claims say who the caller is
 * (sub, role, org), when the token was issued and when it expires (iat, exp,
 * RFC 3339), with a random jti; the footer {"kid":"k4.pid.…"} names the key
 * that signed it. Verified in C from the keyring alone: no database round
 * trip on the request path.
 */
#ifndef ASR_CORE_TOKEN_H
#define ASR_CORE_TOKEN_H

#include <stdint.h>

#include "core/keyring.h"
#include "core/uuid.h"

#define TOKEN_TTL_S		900
#define TOKEN_SKEW_S		30	/* accepted clock skew on iat */

#define TOKEN_OK		0
#define TOKEN_MALFORMED		1
#define TOKEN_UNKNOWN_KEY	2
#define TOKEN_BAD_SIGNATURE	3
#define TOKEN_EXPIRED		4
#define TOKEN_NOT_YET_VALID	5

struct identity {
	int		role;		/* one ROLE_* bit */
	char		sub[UUID_LEN];
	char		org[UUID_LEN];	/* "" when none */
	char		jti[33];
	int64_t		iat_ms;
	int64_t		exp_ms;
};

int	token_issue(char **, const struct keyring *, struct identity *,
	    int64_t);
int	token_verify(struct identity *, const struct keyring *, const char *,
	    int64_t);

#endif
