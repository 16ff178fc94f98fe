/*
 * Role names and bits (see roles.h).
 */
#include <string.h>

#include "core/roles.h"

static const struct {
	int		 bit;
	const char	*name;
} roles[] = {
	{ ROLE_ANONYMOUS, "anonymous" },
	{ ROLE_ADMIN, "admin" },
	{ ROLE_FACILITATOR, "facilitator" },
	{ ROLE_BUYER, "buyer" },
	{ ROLE_COMPANY, "company" },
	{ ROLE_SUPPLIER, "supplier" },
	{ ROLE_PRESCRIBER, "prescriber" },
	{ ROLE_PARTNER, "partner" },
};

int
role_from_name(const char *name)
{
	size_t		i;

	if (name == NULL)
		return (0);

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (strcmp(roles[i].name, name) == 0)
			return (roles[i].bit);
	}

	return (0);
}

const char *
role_name(int bit)
{
	size_t		i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (roles[i].bit == bit)
			return (roles[i].name);
	}

	return (NULL);
}

/* Outside the CRESS, an account acts for an organisation. */
int
role_needs_organisation(int bit)
{
	return ((bit & (ROLES_PEOPLE & ~ROLES_STAFF)) != 0);
}
