/*
 * Unit tests for src/core/code.c: reference codes (lowercase letters,
 * digits, inner single hyphens, 1 to 64 characters).
 */
#include <string.h>

#include <criterion/criterion.h>

#include "core/code.h"

Test(code, valid)
{
	cr_assert(code_valid("btp"));
	cr_assert(code_valid("btp-gros-oeuvre"));
	cr_assert(code_valid("97611"));
	cr_assert(code_valid("a"));
	cr_assert(code_valid("0"));
	cr_assert(code_valid("a-1-b"));
}

Test(code, invalid)
{
	cr_assert_not(code_valid(""));
	cr_assert_not(code_valid("-"));
	cr_assert_not(code_valid("-a"));
	cr_assert_not(code_valid("a-"));
	cr_assert_not(code_valid("a--b"));
	cr_assert_not(code_valid("A"));
	cr_assert_not(code_valid("btP"));
	cr_assert_not(code_valid("a_b"));
	cr_assert_not(code_valid("a b"));
	cr_assert_not(code_valid("a,b"));
	cr_assert_not(code_valid("a}"));
	cr_assert_not(code_valid("a\"b"));
	cr_assert_not(code_valid("\xc3\xa9"));
}

Test(code, length)
{
	char		s[CODE_MAX + 2];

	memset(s, 'a', sizeof(s));
	s[CODE_MAX] = '\0';
	cr_assert(code_valid(s));
	s[CODE_MAX] = 'a';
	s[CODE_MAX + 1] = '\0';
	cr_assert_not(code_valid(s));
}
