/*
 * Unit tests for src/core/code.c: reference codes (lowercase letters,
 * digits, inner single hyphens, 1 to 64 characters) and the PostgreSQL
 * array literals built from them.
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

Test(code, array_literal)
{
	const char	*codes[] = { "a", "b" };
	char		 buf[64];

	cr_assert(code_array_literal(codes, 2, buf, sizeof(buf)));
	cr_assert_str_eq(buf, "{a,b}");
}

Test(code, array_literal_one_and_none)
{
	const char	*codes[] = { "btp-gros-oeuvre" };
	char		 buf[64];

	cr_assert(code_array_literal(codes, 1, buf, sizeof(buf)));
	cr_assert_str_eq(buf, "{btp-gros-oeuvre}");
	cr_assert(code_array_literal(codes, 0, buf, sizeof(buf)));
	cr_assert_str_eq(buf, "{}");
}

Test(code, array_literal_rejects_invalid)
{
	const char	*codes[] = { "btp", "a}b", "c" };
	const char	*quote[] = { "a\",\"b" };
	char		 buf[64];

	cr_assert_not(code_array_literal(codes, 3, buf, sizeof(buf)));
	cr_assert_not(code_array_literal(quote, 1, buf, sizeof(buf)));
}

Test(code, array_literal_exact_fit)
{
	const char	*codes[] = { "a", "b" };
	char		 buf[6];	/* "{a,b}" + NUL */

	cr_assert(code_array_literal(codes, 2, buf, sizeof(buf)));
	cr_assert_str_eq(buf, "{a,b}");
}

Test(code, array_literal_too_small)
{
	const char	*codes[] = { "a", "b" };
	char		 buf[64];
	size_t		 len;

	for (len = 0; len < 6; len++) {
		cr_assert_not(code_array_literal(codes, 2, buf, len),
		    "fit in %zu bytes", len);
	}
	cr_assert_not(code_array_literal(codes, 0, buf, 2));
	cr_assert(code_array_literal(codes, 0, buf, 3));
	cr_assert_str_eq(buf, "{}");
}
