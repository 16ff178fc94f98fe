/*
 * Unit tests for src/core/reqid.c: which client request ids are echoed
 * (1 to 128 characters of [A-Za-z0-9._-]) and the generated ones (32
 * random lowercase hex digits).
 */
#include <string.h>

#include <criterion/criterion.h>
#include <sodium.h>

#include "core/reqid.h"

static void	reqid_setup(void);

static void
reqid_setup(void)
{
	cr_assert_geq(sodium_init(), 0);
}

TestSuite(reqid, .init = reqid_setup);

Test(reqid, valid)
{
	cr_assert(reqid_valid("a"));
	cr_assert(reqid_valid("abc.DEF_1-2"));
	cr_assert(reqid_valid("0"));
	cr_assert(reqid_valid("..."));
	cr_assert(reqid_valid("550e8400-e29b-41d4-a716-446655440000"));
}

Test(reqid, longest)
{
	static const char	set[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
	char			id[REQID_MAX + 2];
	size_t			i;

	for (i = 0; i < REQID_MAX; i++)
		id[i] = set[i % (sizeof(set) - 1)];
	id[REQID_MAX] = '\0';
	cr_assert(reqid_valid(id));

	id[REQID_MAX] = 'a';
	id[REQID_MAX + 1] = '\0';
	cr_assert_not(reqid_valid(id));
}

Test(reqid, invalid)
{
	cr_assert_not(reqid_valid(NULL));
	cr_assert_not(reqid_valid(""));
	cr_assert_not(reqid_valid("a b"));
	cr_assert_not(reqid_valid("abc\n"));
	cr_assert_not(reqid_valid("a\r\nX-Injected: 1"));
	cr_assert_not(reqid_valid("\xc3\xa9"));
	cr_assert_not(reqid_valid("a/b"));
	cr_assert_not(reqid_valid("a:b"));
	cr_assert_not(reqid_valid("a\"b"));
}

Test(reqid, generate_is_hex)
{
	char		id[REQID_GEN_LEN + 1];
	size_t		i;

	memset(id, 'X', sizeof(id));
	reqid_generate(id, sizeof(id));
	cr_assert_eq(strlen(id), REQID_GEN_LEN);
	for (i = 0; i < REQID_GEN_LEN; i++) {
		cr_assert((id[i] >= '0' && id[i] <= '9') ||
		    (id[i] >= 'a' && id[i] <= 'f'), "id[%zu] is '%c'", i,
		    id[i]);
	}
	cr_assert(reqid_valid(id));
}

Test(reqid, generate_differs)
{
	char		a[REQID_GEN_LEN + 1], b[REQID_GEN_LEN + 1];

	reqid_generate(a, sizeof(a));
	reqid_generate(b, sizeof(b));
	cr_assert_str_neq(a, b);
}
