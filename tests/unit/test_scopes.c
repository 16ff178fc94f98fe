/*
 * Unit tests for src/core/scopes.c: every scope name to its bit and back,
 * unknown names and bits refused, and the bits cover SCOPES_ALL exactly.
 */
#include <stddef.h>

#include <criterion/criterion.h>

#include "core/scopes.h"

static const struct {
	int		 bit;
	const char	*name;
} all_scopes[] = {
	{ SCOPE_CATALOGUE_READ, "catalogue:read" },
	{ SCOPE_CATALOGUE_WRITE, "catalogue:write" },
	{ SCOPE_MARKETS_READ, "markets:read" },
	{ SCOPE_MARKETS_WRITE, "markets:write" },
	{ SCOPE_SYNC_READ, "sync:read" },
	{ SCOPE_SYNC_WRITE, "sync:write" },
	{ SCOPE_REPORTS_READ, "reports:read" },
};

#define NSCOPES		(sizeof(all_scopes) / sizeof(all_scopes[0]))

Test(scopes, names_and_bits_round_trip)
{
	size_t		i;

	for (i = 0; i < NSCOPES; i++) {
		cr_assert_eq(scope_from_name(all_scopes[i].name),
		    all_scopes[i].bit, "%s", all_scopes[i].name);
		cr_assert_str_eq(scope_name(all_scopes[i].bit),
		    all_scopes[i].name);
	}
}

Test(scopes, listing_covers_all_once)
{
	size_t		i;
	int		seen = 0, bit;

	cr_assert_eq(scope_count(), NSCOPES);
	for (i = 0; i < scope_count(); i++) {
		bit = scope_at(i);
		cr_assert_eq(bit & (bit - 1), 0, "%#x is not one bit", bit);
		cr_assert_eq(seen & bit, 0, "%#x repeated", bit);
		seen |= bit;
	}
	cr_assert_eq(seen, SCOPES_ALL);
	cr_assert_eq(scope_at(scope_count()), 0);
}

Test(scopes, unknown_refused)
{
	static const char	*junk[] = {
		"", "catalogue", "catalogue:", ":read", "Catalogue:read",
		"catalogue:read ", "catalogue:delete", "markets:*", "*",
		"catalogue:read,markets:read",
	};
	static const int	 bits[] = { 0, 0x0080, 0x0003, -1, SCOPES_ALL };
	size_t			 i;

	cr_assert_eq(scope_from_name(NULL), 0);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		cr_assert_eq(scope_from_name(junk[i]), 0, "\"%s\"", junk[i]);
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		cr_assert_null(scope_name(bits[i]), "%#x", bits[i]);
}
