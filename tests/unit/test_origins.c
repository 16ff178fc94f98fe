/*
 * Unit tests for src/core/origins.c: the CORS allow-list parsed from a
 * comma-separated specification (trimmed, "*" and non-HTTP schemes
 * refused, at most ORIGINS_MAX) and matched exactly.
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/origins.h"

static void	parse_bad(const char *);

static void
parse_bad(const char *spec)
{
	struct origins	o;

	cr_assert_not(origins_parse(&o, spec), "accepted \"%s\"", spec);
	cr_assert_eq(o.count, 0);
	cr_assert_not(origins_allowed(&o, "https://a.test"));
	origins_free(&o);
}

Test(origins, parse_two)
{
	struct origins	o;

	cr_assert(origins_parse(&o, "https://a.test, https://b.test:8443"));
	cr_assert_eq(o.count, 2);
	cr_assert_str_eq(o.list[0], "https://a.test");
	cr_assert_str_eq(o.list[1], "https://b.test:8443");
	origins_free(&o);
}

Test(origins, parse_trims)
{
	struct origins	o;

	cr_assert(origins_parse(&o,
	    " \thttps://a.test/ ,http://localhost:8080\t, , https://b.test//"));
	cr_assert_eq(o.count, 3);
	cr_assert_str_eq(o.list[0], "https://a.test");
	cr_assert_str_eq(o.list[1], "http://localhost:8080");
	cr_assert_str_eq(o.list[2], "https://b.test");
	cr_assert(origins_allowed(&o, "https://a.test"));
	cr_assert(origins_allowed(&o, "https://b.test"));
	origins_free(&o);
}

Test(origins, allowed_exact_only)
{
	struct origins	o;

	cr_assert(origins_parse(&o, "https://a.test,https://b.test:8443"));
	cr_assert(origins_allowed(&o, "https://a.test"));
	cr_assert(origins_allowed(&o, "https://b.test:8443"));
	cr_assert_not(origins_allowed(&o, "http://a.test"));
	cr_assert_not(origins_allowed(&o, "https://a.test:443"));
	cr_assert_not(origins_allowed(&o, "https://b.test"));
	cr_assert_not(origins_allowed(&o, "https://b.test:8444"));
	cr_assert_not(origins_allowed(&o, "https://A.test"));
	cr_assert_not(origins_allowed(&o, "HTTPS://a.test"));
	cr_assert_not(origins_allowed(&o, "https://a.test/"));
	cr_assert_not(origins_allowed(&o, "https://a.tes"));
	cr_assert_not(origins_allowed(&o, "https://a.test.evil"));
	cr_assert_not(origins_allowed(&o, "https://x.a.test"));
	cr_assert_not(origins_allowed(&o, ""));
	cr_assert_not(origins_allowed(&o, "null"));
	cr_assert_not(origins_allowed(&o, NULL));
	origins_free(&o);
}

Test(origins, refuses_wildcard)
{
	parse_bad("*");
	parse_bad(" * ");
	parse_bad("https://a.test, *");
}

Test(origins, refuses_other_schemes)
{
	parse_bad("ftp://x");
	parse_bad("https://a.test,ftp://x");
	parse_bad("a.test");
	parse_bad("//a.test");
	parse_bad("https:/a.test");
	parse_bad("https://");
}

Test(origins, at_most_max)
{
	struct origins	o;
	char		spec[(ORIGINS_MAX + 1) * 24];
	size_t		i, off;

	for (i = 0, off = 0; i < ORIGINS_MAX; i++)
		off += (size_t)snprintf(spec + off, sizeof(spec) - off,
		    "%shttps://o%zu.test", i ? "," : "", i);
	cr_assert(origins_parse(&o, spec));
	cr_assert_eq(o.count, ORIGINS_MAX);
	cr_assert(origins_allowed(&o, "https://o31.test"));
	origins_free(&o);

	(void)snprintf(spec + off, sizeof(spec) - off, ",https://o%d.test",
	    ORIGINS_MAX);
	parse_bad(spec);
}

Test(origins, none)
{
	struct origins	o;

	cr_assert(origins_parse(&o, NULL));
	cr_assert_eq(o.count, 0);
	cr_assert_not(origins_allowed(&o, "https://a.test"));
	origins_free(&o);

	cr_assert(origins_parse(&o, ""));
	cr_assert_eq(o.count, 0);
	cr_assert_not(origins_allowed(&o, ""));
	origins_free(&o);

	cr_assert(origins_parse(&o, " , ,"));
	cr_assert_eq(o.count, 0);
	origins_free(&o);
}

Test(origins, free_empties)
{
	struct origins	o;

	cr_assert(origins_parse(&o, "https://a.test"));
	origins_free(&o);
	cr_assert_eq(o.count, 0);
	cr_assert_not(origins_allowed(&o, "https://a.test"));
	origins_free(&o);
	cr_assert_eq(o.count, 0);
}
