/*
 * Unit tests for src/core/uuid.c: 36 characters of lowercase or uppercase
 * hex in 8-4-4-4-12 groups; dashes elsewhere, other lengths, other
 * characters and NULL refused.
 */
#include <stddef.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/uuid.h"

#define GOOD	"550e8400-e29b-41d4-a716-446655440000"

static int	is_dash_position(size_t);

static int
is_dash_position(size_t i)
{
	return (i == 8 || i == 13 || i == 18 || i == 23);
}

Test(uuid, valid)
{
	cr_assert_eq(UUID_LEN, sizeof(GOOD));
	cr_assert(uuid_valid(GOOD));
	cr_assert(uuid_valid("550E8400-E29B-41D4-A716-446655440000"));
	cr_assert(uuid_valid("550e8400-E29B-41d4-A716-446655440000"));
	cr_assert(uuid_valid("00000000-0000-0000-0000-000000000000"));
	cr_assert(uuid_valid("ffffffff-ffff-ffff-ffff-ffffffffffff"));
	cr_assert(uuid_valid("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"));
	cr_assert(uuid_valid("01234567-89ab-cdef-ABCD-EF0123456789"));
}

Test(uuid, null_and_empty)
{
	cr_assert_not(uuid_valid(NULL));
	cr_assert_not(uuid_valid(""));
}

Test(uuid, wrong_lengths)
{
	/* 35 and 37 characters. */
	cr_assert_not(uuid_valid("550e8400-e29b-41d4-a716-44665544000"));
	cr_assert_not(uuid_valid("550e8400-e29b-41d4-a716-4466554400000"));
	cr_assert_not(uuid_valid("0550e8400-e29b-41d4-a716-446655440000"));
	cr_assert_not(uuid_valid(GOOD " "));
	cr_assert_not(uuid_valid(GOOD "\n"));
	cr_assert_not(uuid_valid(" " GOOD));
	cr_assert_not(uuid_valid("{" GOOD "}"));
	/* No dashes at all: 32 hex digits. */
	cr_assert_not(uuid_valid("550e8400e29b41d4a716446655440000"));
	cr_assert_not(uuid_valid("550e8400"));
}

Test(uuid, wrong_dash_positions)
{
	cr_assert_not(uuid_valid("550e840-0e29b-41d4-a716-446655440000"));
	cr_assert_not(uuid_valid("550e84000-e29-41d4-a716-446655440000"));
	cr_assert_not(uuid_valid("550e8400-e29b4-1d4-a716-446655440000"));
	cr_assert_not(uuid_valid("550e8400-e29b-41d4a-716-446655440000"));
	cr_assert_not(uuid_valid("550e8400-e29b-41d4-a7164-46655440000"));
	cr_assert_not(uuid_valid("550e8400-e29b-41d4-a716-44665544000-"));
	cr_assert_not(uuid_valid("-50e8400-e29b-41d4-a716-446655440000"));
	cr_assert_not(uuid_valid("550e8400-e29b-41d4-a716_446655440000"));
	cr_assert_not(uuid_valid("550e8400:e29b:41d4:a716:446655440000"));
}

/* Any one character of the wrong class, at any position, is refused. */
Test(uuid, each_position)
{
	char		s[UUID_LEN];
	size_t		i;

	for (i = 0; i < UUID_LEN - 1; i++) {
		memcpy(s, GOOD, sizeof(s));
		if (is_dash_position(i)) {
			s[i] = 'a';
			cr_assert_not(uuid_valid(s), "%s", s);
			s[i] = '0';
			cr_assert_not(uuid_valid(s), "%s", s);
		} else {
			s[i] = '-';
			cr_assert_not(uuid_valid(s), "%s", s);
			s[i] = 'g';
			cr_assert_not(uuid_valid(s), "%s", s);
			s[i] = 'G';
			cr_assert_not(uuid_valid(s), "%s", s);
			s[i] = ' ';
			cr_assert_not(uuid_valid(s), "%s", s);
			s[i] = '\xc3';
			cr_assert_not(uuid_valid(s), "position %zu", i);
		}
		/* Truncated at i. */
		s[i] = '\0';
		cr_assert_not(uuid_valid(s), "%s", s);
	}
}

Test(uuid, non_hex)
{
	cr_assert_not(uuid_valid("550e8400-e29b-41d4-a716-44665544000g"));
	cr_assert_not(uuid_valid("z50e8400-e29b-41d4-a716-446655440000"));
	cr_assert_not(uuid_valid("550e8400-e29b-41d4-a716-4466554400x0"));
	cr_assert_not(uuid_valid("550e8400-e29b-+1d4-a716-446655440000"));
	cr_assert_not(uuid_valid("550e8400-e29b-41d4-a716-44665544000\xc3"));
}
