/*
 * Unit tests for src/core/qs.c: query strings split into name=value pairs
 * in order, repeats kept, percent-decoded, and refused when they carry bad
 * escapes, NUL bytes, invalid UTF-8 or too many pairs.
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/qs.h"

static void	parse_ok(struct qs *, const char *);
static void	parse_bad(const char *);
static void	printable(const char *);

static void
parse_ok(struct qs *qs, const char *query)
{
	int		rc;

	rc = qs_parse(qs, query);
	cr_assert_eq(rc, QS_OK, "\"%s\": %d", query, rc);
}

static void
parse_bad(const char *query)
{
	struct qs	qs;
	int		rc;

	rc = qs_parse(&qs, query);
	qs_free(&qs);
	cr_assert_eq(rc, QS_BAD_ENCODING, "\"%s\": %d", query, rc);
}

static void
printable(const char *s)
{
	size_t		i;

	for (i = 0; s[i] != '\0'; i++) {
		cr_assert(s[i] >= 0x20 && s[i] < 0x7f,
		    "byte %zu of bad_name is 0x%02x", i, (unsigned char)s[i]);
	}
}

Test(qs, two_pairs)
{
	struct qs	qs;

	parse_ok(&qs, "a=1&b=2");
	cr_assert_eq(qs.count, 2);
	cr_assert_str_eq(qs.args[0].name, "a");
	cr_assert_str_eq(qs.args[0].value, "1");
	cr_assert_str_eq(qs.args[1].name, "b");
	cr_assert_str_eq(qs.args[1].value, "2");
	cr_assert_str_eq(qs_get(&qs, "a"), "1");
	cr_assert_str_eq(qs_get(&qs, "b"), "2");
	cr_assert_null(qs_get(&qs, "c"));
	cr_assert_eq(qs_count(&qs, "c"), 0);
	qs_free(&qs);
}

Test(qs, repeats_kept_in_order)
{
	struct qs	qs;

	parse_ok(&qs, "subkind=EI&x=0&subkind=ACI");
	cr_assert_eq(qs.count, 3);
	cr_assert_eq(qs_count(&qs, "subkind"), 2);
	cr_assert_eq(qs_count(&qs, "x"), 1);
	cr_assert_str_eq(qs_get(&qs, "subkind"), "EI");
	cr_assert_str_eq(qs.args[2].value, "ACI");
	qs_free(&qs);
}

Test(qs, names_are_case_sensitive)
{
	struct qs	qs;

	parse_ok(&qs, "a=1");
	cr_assert_null(qs_get(&qs, "A"));
	qs_free(&qs);
}

Test(qs, empty_pairs_skipped)
{
	struct qs	qs;

	parse_ok(&qs, "a=1&&b=2&");
	cr_assert_eq(qs.count, 2);
	cr_assert_str_eq(qs_get(&qs, "a"), "1");
	cr_assert_str_eq(qs_get(&qs, "b"), "2");
	qs_free(&qs);

	parse_ok(&qs, "&&&");
	cr_assert_eq(qs.count, 0);
	qs_free(&qs);
}

Test(qs, name_without_value)
{
	struct qs	qs;

	parse_ok(&qs, "flag&a=1&empty=");
	cr_assert_eq(qs.count, 3);
	cr_assert_not_null(qs_get(&qs, "flag"));
	cr_assert_str_eq(qs_get(&qs, "flag"), "");
	cr_assert_str_eq(qs_get(&qs, "empty"), "");
	cr_assert_str_eq(qs_get(&qs, "a"), "1");
	qs_free(&qs);
}

Test(qs, value_keeps_later_equals)
{
	struct qs	qs;

	parse_ok(&qs, "a=b=c");
	cr_assert_str_eq(qs_get(&qs, "a"), "b=c");
	qs_free(&qs);
}

Test(qs, plus_is_space)
{
	struct qs	qs;

	parse_ok(&qs, "q=gros+oeuvre&my+name=1&p=%2B");
	cr_assert_str_eq(qs_get(&qs, "q"), "gros oeuvre");
	cr_assert_str_eq(qs_get(&qs, "my name"), "1");
	cr_assert_str_eq(qs_get(&qs, "p"), "+");
	qs_free(&qs);
}

Test(qs, percent_escapes)
{
	struct qs	qs;

	parse_ok(&qs, "q=a%20b&r=%26%3D&na%6De=x");
	cr_assert_str_eq(qs_get(&qs, "q"), "a b");
	cr_assert_str_eq(qs_get(&qs, "r"), "&=");
	cr_assert_str_eq(qs_get(&qs, "name"), "x");
	qs_free(&qs);
}

Test(qs, percent_utf8)
{
	struct qs	qs;

	parse_ok(&qs, "city=Mamoudzou&q=%C3%A9t%c3%a9&e=%F0%9F%98%80");
	cr_assert_str_eq(qs_get(&qs, "q"), "\xc3\xa9t\xc3\xa9");
	cr_assert_str_eq(qs_get(&qs, "e"), "\xf0\x9f\x98\x80");
	qs_free(&qs);
}

Test(qs, rejects_bad_escapes)
{
	parse_bad("a=%zz");
	parse_bad("a=%g0");
	parse_bad("a=1%");
	parse_bad("a=%2");
	parse_bad("a=%2&b=1");
	parse_bad("%zz=1");
}

Test(qs, rejects_nul)
{
	parse_bad("a=%00");
	parse_bad("a%00b=1");
}

Test(qs, rejects_invalid_utf8)
{
	parse_bad("a=%FF");
	parse_bad("a=%C3");
	parse_bad("a=%C3x");
	parse_bad("a=%A9");
	parse_bad("a=%C0%AF");
	parse_bad("a=%E0%80%AF");
	parse_bad("a=%ED%A0%80");
	parse_bad("a=%F4%90%80%80");
	parse_bad("a=\xff");
}

Test(qs, sixty_four_pairs)
{
	struct qs	qs;
	char		buf[QS_MAX_ARGS * 8];
	size_t		i, off;

	for (i = 0, off = 0; i < QS_MAX_ARGS; i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off,
		    "%sa%zu=1", i ? "&" : "", i);
	parse_ok(&qs, buf);
	cr_assert_eq(qs.count, QS_MAX_ARGS);
	cr_assert_str_eq(qs_get(&qs, "a63"), "1");
	qs_free(&qs);
}

Test(qs, too_many_pairs)
{
	struct qs	qs;
	char		buf[(QS_MAX_ARGS + 1) * 8];
	size_t		i, off;
	int		rc;

	for (i = 0, off = 0; i <= QS_MAX_ARGS; i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off,
		    "%sa%zu=1", i ? "&" : "", i);
	rc = qs_parse(&qs, buf);
	qs_free(&qs);
	cr_assert_eq(rc, QS_TOO_MANY);
}

Test(qs, empty_query)
{
	struct qs	qs;

	parse_ok(&qs, NULL);
	cr_assert_eq(qs.count, 0);
	cr_assert_null(qs_get(&qs, "a"));
	qs_free(&qs);

	parse_ok(&qs, "");
	cr_assert_eq(qs.count, 0);
	cr_assert_eq(qs_count(&qs, ""), 0);
	qs_free(&qs);
}

Test(qs, free_twice)
{
	struct qs	qs;

	parse_ok(&qs, "a=1");
	qs_free(&qs);
	cr_assert_null(qs.buf);
	cr_assert_eq(qs.count, 0);
	qs_free(&qs);
	cr_assert_null(qs.buf);
	cr_assert_null(qs_get(&qs, "a"));
}

Test(qs, bad_name_from_value)
{
	struct qs	qs;

	cr_assert_eq(qs_parse(&qs, "ok=1&lot=%zz"), QS_BAD_ENCODING);
	cr_assert_str_eq(qs.bad_name, "lot");
	qs_free(&qs);
}

Test(qs, bad_name_is_printable)
{
	struct qs	qs;

	cr_assert_eq(qs_parse(&qs, "%C3%A9t%C3%A9=%FF"), QS_BAD_ENCODING);
	cr_assert_neq(qs.bad_name[0], '\0');
	printable(qs.bad_name);
	qs_free(&qs);

	cr_assert_eq(qs_parse(&qs, "a%01b=%zz"), QS_BAD_ENCODING);
	cr_assert_eq(strlen(qs.bad_name), 3);
	printable(qs.bad_name);
	qs_free(&qs);

	cr_assert_eq(qs_parse(&qs, "n%zz=1"), QS_BAD_ENCODING);
	cr_assert_neq(qs.bad_name[0], '\0');
	printable(qs.bad_name);
	qs_free(&qs);
}

Test(qs, bad_name_is_bounded)
{
	struct qs	qs;
	char		buf[256];

	memset(buf, 'n', 200);
	(void)strcpy(buf + 200, "=%zz");
	cr_assert_eq(qs_parse(&qs, buf), QS_BAD_ENCODING);
	cr_assert_eq(strlen(qs.bad_name), sizeof(qs.bad_name) - 1);
	qs_free(&qs);
}

Test(qs, decode_in_place)
{
	char		s[] = "a+b%21%c3%A9";

	cr_assert(qs_decode(s));
	cr_assert_str_eq(s, "a b!\xc3\xa9");
}

Test(qs, utf8_valid)
{
	cr_assert(qs_utf8_valid(""));
	cr_assert(qs_utf8_valid("plain"));
	cr_assert(qs_utf8_valid("\xc3\xa9"));
	cr_assert(qs_utf8_valid("\xef\xbf\xbd"));
	cr_assert(qs_utf8_valid("\xf4\x8f\xbf\xbf"));
	cr_assert_not(qs_utf8_valid("\xff"));
	cr_assert_not(qs_utf8_valid("\xc0\xaf"));
	cr_assert_not(qs_utf8_valid("\xed\xa0\x80"));
	cr_assert_not(qs_utf8_valid("\xf4\x90\x80\x80"));
	cr_assert_not(qs_utf8_valid("\xe2\x82"));
}
