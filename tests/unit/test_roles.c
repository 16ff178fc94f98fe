/*
 * Unit tests for src/core/roles.c: every role name to its bit and back,
 * unknown names and bits refused, and which roles act for an organisation
 * (buyer, company, supplier and prescriber, no other).
 */
#include <stddef.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/roles.h"

struct role_case {
	int		 bit;
	const char	*name;
	int		 needs_org;
};

static const struct role_case	all_roles[] = {
	{ ROLE_ANONYMOUS, "anonymous", 0 },
	{ ROLE_ADMIN, "admin", 0 },
	{ ROLE_FACILITATOR, "facilitator", 0 },
	{ ROLE_BUYER, "buyer", 1 },
	{ ROLE_COMPANY, "company", 1 },
	{ ROLE_SUPPLIER, "supplier", 1 },
	{ ROLE_PRESCRIBER, "prescriber", 1 },
	{ ROLE_PARTNER, "partner", 0 },
};

#define NROLES	(sizeof(all_roles) / sizeof(all_roles[0]))

Test(roles, name_to_bit)
{
	size_t		i;

	for (i = 0; i < NROLES; i++)
		cr_assert_eq(role_from_name(all_roles[i].name),
		    all_roles[i].bit, "%s: %#x, not %#x", all_roles[i].name,
		    role_from_name(all_roles[i].name), all_roles[i].bit);
}

Test(roles, bit_to_name)
{
	const char	*name;
	size_t		 i;

	for (i = 0; i < NROLES; i++) {
		name = role_name(all_roles[i].bit);
		cr_assert_not_null(name, "%#x has no name", all_roles[i].bit);
		cr_assert_str_eq(name, all_roles[i].name);
	}
}

Test(roles, round_trips)
{
	size_t		i;

	for (i = 0; i < NROLES; i++) {
		cr_assert_eq(role_from_name(role_name(all_roles[i].bit)),
		    all_roles[i].bit);
		cr_assert_str_eq(role_name(role_from_name(all_roles[i].name)),
		    all_roles[i].name);
	}
}

/* One bit each, all different, and ROLES_ALL is exactly their union. */
Test(roles, bits_are_distinct)
{
	size_t		i;
	int		seen = 0;

	for (i = 0; i < NROLES; i++) {
		cr_assert_eq(all_roles[i].bit & (all_roles[i].bit - 1), 0,
		    "%s is not one bit", all_roles[i].name);
		cr_assert_eq(seen & all_roles[i].bit, 0, "%s reused",
		    all_roles[i].name);
		seen |= all_roles[i].bit;
	}
	cr_assert_eq(seen, ROLES_ALL);
	cr_assert_eq(ROLES_ANYONE, ROLES_ALL & ~ROLE_PARTNER);
	cr_assert_eq(ROLES_PEOPLE, ROLES_ANYONE & ~ROLE_ANONYMOUS);
	cr_assert_eq(ROLES_STAFF, ROLE_ADMIN | ROLE_FACILITATOR);
}

Test(roles, unknown_names)
{
	static const char	*junk[] = {
		"", "Admin", "ADMIN", "admin ", " admin", "admin\n", "root",
		"buyers", "buye", "anonymou", "partner-", "supplier,buyer",
	};
	size_t		 i;

	cr_assert_eq(role_from_name(NULL), 0);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		cr_assert_eq(role_from_name(junk[i]), 0, "\"%s\" accepted",
		    junk[i]);
}

Test(roles, unknown_bits)
{
	static const int	junk[] = {
		0, 0x0100, 0x0200, 0x8000, -1, ROLE_ADMIN | ROLE_BUYER,
		ROLES_STAFF, ROLES_PEOPLE, ROLES_ALL,
	};
	size_t		i;

	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		cr_assert_null(role_name(junk[i]), "%#x named \"%s\"", junk[i],
		    role_name(junk[i]));
}

Test(roles, needs_organisation)
{
	size_t		i;

	for (i = 0; i < NROLES; i++) {
		if (all_roles[i].needs_org)
			cr_assert(role_needs_organisation(all_roles[i].bit),
			    "%s should act for an organisation",
			    all_roles[i].name);
		else
			cr_assert_not(role_needs_organisation(
			    all_roles[i].bit), "%s should not",
			    all_roles[i].name);
	}
	cr_assert_not(role_needs_organisation(0));
}
