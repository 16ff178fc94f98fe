/*
 * Roles, as bits so that a route states the roles it allows in one mask.
 * The six people roles come from accounts, "partner" from API keys and
 * "anonymous" from the absence of credentials.
 */
#ifndef ASR_CORE_ROLES_H
#define ASR_CORE_ROLES_H

#define ROLE_ANONYMOUS		0x0001
#define ROLE_ADMIN		0x0002
#define ROLE_FACILITATOR	0x0004
#define ROLE_BUYER		0x0008
#define ROLE_COMPANY		0x0010
#define ROLE_SUPPLIER		0x0020
#define ROLE_PRESCRIBER		0x0040
#define ROLE_PARTNER		0x0080

#define ROLES_STAFF		(ROLE_ADMIN | ROLE_FACILITATOR)
#define ROLES_PEOPLE		(ROLES_STAFF | ROLE_BUYER | ROLE_COMPANY | \
				    ROLE_SUPPLIER | ROLE_PRESCRIBER)
#define ROLES_ANYONE		(ROLES_PEOPLE | ROLE_ANONYMOUS)
#define ROLES_ALL		(ROLES_ANYONE | ROLE_PARTNER)

int		 role_from_name(const char *);
const char	*role_name(int);
int		 role_needs_organisation(int);

#endif
