/*
 * Unit tests for src/core/email.c: the plausible shape local@domain.tld in
 * printable ASCII, at most EMAIL_MAX characters; no '@' or two, an empty
 * local part, a domain without a dot or with an empty label, spaces,
 * quotes, non-ASCII and NULL refused.
 */
#include <stddef.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/email.h"

static void	ok(const char *);
static void	bad(const char *);
static void	of_length(char *, size_t);

static void
ok(const char *s)
{
	cr_assert(email_valid(s), "refused \"%s\"", s);
}

static void
bad(const char *s)
{
	cr_assert_not(email_valid(s), "accepted \"%s\"", s);
}

/* buf = "xxx…x@example.yt", len characters long. */
static void
of_length(char *buf, size_t len)
{
	static const char	domain[] = "@example.yt";
	size_t			local;

	cr_assert_gt(len, sizeof(domain));
	local = len - (sizeof(domain) - 1);
	memset(buf, 'x', local);
	memcpy(buf + local, domain, sizeof(domain));
	cr_assert_eq(strlen(buf), len);
}

Test(email, valid)
{
	ok("a@b.yt");
	ok("jean.dupont@example.fr");
	ok("Jean.Dupont@Example.FR");
	ok("contact@cress-mayotte.yt");
	ok("x+tag@mail.example.com");
	ok("first_last-1@sub.domain.example.org");
	ok("o'neil@example.com");
	ok("0123@456.78");
}

Test(email, null_and_empty)
{
	bad(NULL);
	bad("");
	bad("@");
	bad("a@");
}

Test(email, at_signs)
{
	bad("jean.dupont.example.fr");
	bad("jean@dupont@example.fr");
	bad("jean@@example.fr");
	bad("@example.fr");
	bad("jean.dupont@");
}

Test(email, domain_dots)
{
	bad("jean@localhost");
	bad("jean@example.");
	bad("jean@example.fr.");
	bad("jean@.fr");
	bad("jean@b..c");
	bad("a@b..c");
	bad("jean@example..fr");
	bad("jean@.");
	bad("jean@..");
}

/*
 * A domain that starts with a dot has an empty first label, like "a@.fr"
 * (refused above): refused however many labels follow.
 */
Test(email, domain_leading_dot)
{
	bad("jean@.example.fr");
	bad("a@.b.c");
}

Test(email, spaces_and_controls)
{
	bad("jean dupont@example.fr");
	bad(" jean@example.fr");
	bad("jean@example.fr ");
	bad("jean@exam ple.fr");
	bad("jean\t@example.fr");
	bad("jean@example.fr\n");
	bad("jean@example.fr\r\nBcc: x@y.z");
	bad("jean\x7f@example.fr");
	bad("jean\x01@example.fr");
}

Test(email, quotes_and_specials)
{
	bad("\"jean\"@example.fr");
	bad("\"jean dupont\"@example.fr");
	bad("je\"an@example.fr");
	bad("jean\\@example.fr");
	bad("<jean@example.fr>");
	bad("Jean <jean@example.fr>");
	bad("jean@example.fr, paul@example.fr");
	bad("jean@example.fr;paul@example.fr");
}

/* IDN-free: an address must be ASCII (punycode domains are). */
Test(email, non_ascii)
{
	bad("j\xc3\xa9r\xc3\xb4me@example.fr");
	bad("jean@\xc3\xa9xample.fr");
	bad("jean@example.\xc3\xa9");
	ok("jean@xn--xample-9ua.fr");
}

Test(email, longest)
{
	char		buf[EMAIL_MAX + 2];

	cr_assert_eq(EMAIL_MAX, 254);
	of_length(buf, EMAIL_MAX);
	ok(buf);
	of_length(buf, EMAIL_MAX + 1);
	bad(buf);
}

Test(email, much_too_long)
{
	char		buf[4096];

	of_length(buf, sizeof(buf) - 1);
	bad(buf);
}
