/*
 * Unit tests for src/core/cursor.c: round trips of one to four parts
 * (UTF-8, empty strings, long ones), each giving back exactly what was
 * encoded or refused at encoding; the wrong number of parts, garbage
 * base64, separators, NUL bytes and over-long input refused.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <sodium.h>

#include "core/cursor.h"

#define B64		sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define OUT_LEN		4096	/* larger than any cursor encode accepts */

static void	cursor_setup(void);
static void	round_trip(const char *const *, size_t);
static int	round_trip_or_refused(const char *const *, size_t);
static char	*raw_cursor(const void *, size_t);

static void
cursor_setup(void)
{
	cr_assert_geq(sodium_init(), 0);
}

TestSuite(cursor, .init = cursor_setup);

/*
 * Encodes the parts, checks the text is base64url without padding and
 * decodes it: 1 if the parts came back exactly, 0 if encode refused; any
 * other outcome fails the test.
 */
static int
round_trip_or_refused(const char *const *parts, size_t n)
{
	struct cursor	 c;
	char		 out[OUT_LEN];
	size_t		 i, total;

	memset(out, 'X', sizeof(out));
	if (!cursor_encode(out, sizeof(out), parts, n))
		return (0);
	cr_assert_lt(strlen(out), sizeof(out));
	cr_assert_eq(strspn(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789-_"), strlen(out), "not base64url: %s", out);

	for (i = 0, total = 0; i < n; i++)
		total += strlen(parts[i]);
	cr_assert(cursor_decode(&c, out, n),
	    "%zu part(s), %zu bytes in all, encoded as \"%.32s%s\" (%zu "
	    "characters), which does not decode as %zu part(s)", n, total,
	    out, strlen(out) > 32 ? "..." : "", strlen(out), n);
	cr_assert_eq(c.count, n);
	for (i = 0; i < n; i++) {
		cr_assert_not_null(c.part[i]);
		cr_assert_str_eq(c.part[i], parts[i], "part %zu", i);
	}

	return (1);
}

static void
round_trip(const char *const *parts, size_t n)
{
	cr_assert(round_trip_or_refused(parts, n), "encode refused %zu parts",
	    n);
}

/* The cursor of arbitrary bytes, as a forger would write it. */
static char *
raw_cursor(const void *bin, size_t len)
{
	char		*s;
	size_t		 size;

	size = sodium_base64_ENCODED_LEN(len, B64);
	cr_assert_not_null(s = malloc(size));
	sodium_bin2base64(s, size, bin, len, B64);

	return (s);
}

Test(cursor, one_part)
{
	const char	*p[] = { "2026-11-27T12:00:00.000Z" };

	round_trip(p, 1);
}

Test(cursor, two_parts)
{
	const char	*p[] = { "Mamoudzou",
			    "550e8400-e29b-41d4-a716-446655440000" };

	round_trip(p, 2);
}

Test(cursor, three_parts)
{
	const char	*p[] = { "a", "bb", "ccc" };

	round_trip(p, 3);
}

Test(cursor, four_parts)
{
	const char	*p[] = { "1", "2026-11-27", "Dzaoudzi",
			    "550e8400-e29b-41d4-a716-446655440000" };

	round_trip(p, CURSOR_MAX_PARTS);
}

Test(cursor, utf8_parts)
{
	const char	*p[] = { "Caf\xc3\xa9 de la Pla\xc3\xa7" "e",
			    "\xe6\x97\xa5\xe6\x9c\xac",
			    "\xf0\x9f\x8c\xb4 Mayotte",
			    "na\xc3\xafve \xe2\x82\xac" };

	round_trip(p, 1);
	round_trip(p, 2);
	round_trip(p, 4);
}

/* Characters that base64 or URLs care about are nothing special inside. */
Test(cursor, special_characters)
{
	const char	*p[] = { "a+b/c=d", "?&#%", "\"'\\", "\t\r\n " };

	round_trip(p, 4);
}

Test(cursor, empty_parts_among_others)
{
	const char	*a[] = { "", "x" };
	const char	*b[] = { "x", "" };
	const char	*c[] = { "x", "", "y" };
	const char	*d[] = { "", "", "" };
	const char	*e[] = { "", "", "", "" };

	round_trip(a, 2);
	round_trip(b, 2);
	round_trip(c, 3);
	round_trip(d, 3);
	round_trip(e, 4);
}

/* One empty part: back exactly as "", or refused at encoding. */
Test(cursor, single_empty_part)
{
	const char	*p[] = { "" };

	(void)round_trip_or_refused(p, 1);
}

/*
 * Encoding refuses more than fits; what it accepts decodes. The longest
 * part first, then every length around the boundaries of the two sides.
 */
Test(cursor, long_parts)
{
	char		 big[CURSOR_MAX_LEN + 2];
	const char	*p[1];
	size_t		 len, accepted = 0;

	for (len = 700; len <= CURSOR_MAX_LEN + 1; len++) {
		memset(big, 'k', len);
		big[len] = '\0';
		p[0] = big;
		if (round_trip_or_refused(p, 1))
			accepted = len;
	}
	cr_assert_geq(accepted, 700, "even 700 bytes refused");
}

/* Two parts of 400 bytes: decodes, or is refused at encoding. */
Test(cursor, long_parts_split)
{
	char		 a[401], b[401];
	const char	*p[2];

	memset(a, 'a', 400);
	a[400] = '\0';
	memset(b, 'b', 400);
	b[400] = '\0';
	p[0] = a;
	p[1] = b;
	(void)round_trip_or_refused(p, 2);
}

Test(cursor, encode_refuses_part_count)
{
	const char	*p[] = { "a", "b", "c", "d", "e" };
	char		 out[OUT_LEN];

	cr_assert_not(cursor_encode(out, sizeof(out), p, 0));
	cr_assert_not(cursor_encode(out, sizeof(out), p,
	    CURSOR_MAX_PARTS + 1));
}

Test(cursor, encode_refuses_separator)
{
	const char	*a[] = { "a\x1f" "b" };
	const char	*b[] = { "ok", "\x1f" };
	const char	*c[] = { "ok", "fine", "x\x1f" };
	char		 out[OUT_LEN];

	cr_assert_not(cursor_encode(out, sizeof(out), a, 1));
	cr_assert_not(cursor_encode(out, sizeof(out), b, 2));
	cr_assert_not(cursor_encode(out, sizeof(out), c, 3));
}

Test(cursor, encode_refuses_small_buffer)
{
	const char	*p[] = { "abcdef" };	/* "YWJjZGVm" */
	char		 out[16];

	cr_assert_not(cursor_encode(out, 8, p, 1));
	cr_assert_not(cursor_encode(out, 0, p, 1));
	cr_assert(cursor_encode(out, 9, p, 1));
	cr_assert_str_eq(out, "YWJjZGVm");
}

Test(cursor, known_encoding)
{
	const char	*p[] = { "a", "b" };
	char		 out[OUT_LEN];

	cr_assert(cursor_encode(out, sizeof(out), p, 2));
	cr_assert_str_eq(out, "YR9i");	/* "a\x1f" "b" */
}

Test(cursor, decode_wrong_part_count)
{
	const char	*p[] = { "a", "b", "c" };
	struct cursor	 c;
	char		 out[OUT_LEN];
	size_t		 n, want;

	for (n = 1; n <= 3; n++) {
		cr_assert(cursor_encode(out, sizeof(out), p, n));
		for (want = 1; want <= CURSOR_MAX_PARTS; want++) {
			if (want == n)
				cr_assert(cursor_decode(&c, out, want));
			else
				cr_assert_not(cursor_decode(&c, out, want),
				    "%zu parts read as %zu", n, want);
		}
		cr_assert_not(cursor_decode(&c, out, 0));
		cr_assert_not(cursor_decode(&c, out, CURSOR_MAX_PARTS + 1));
	}
}

Test(cursor, decode_garbage)
{
	static const char	*junk[] = {
		"", "A", "!!!!", "YR9i!", "YR9i=", "YR9i==", "YW Jj", "YWJj\n",
		"YR+i", "YR/i", "Y", "YR9", "*", "%59%52",
	};
	struct cursor		 c;
	size_t			 i;

	cr_assert_not(cursor_decode(&c, NULL, 1));
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		cr_assert_not(cursor_decode(&c, junk[i], 1), "\"%s\" read",
		    junk[i]);
		cr_assert_not(cursor_decode(&c, junk[i], 2), "\"%s\" read",
		    junk[i]);
	}
}

Test(cursor, decode_refuses_nul)
{
	static const char	 a[] = "ab\0cd";
	static const char	 b[] = "\0";
	static const char	 d[] = "ab\x1f\0";
	struct cursor		 c;
	char			*s;

	s = raw_cursor(a, sizeof(a) - 1);
	cr_assert_not(cursor_decode(&c, s, 1), "%s", s);
	cr_assert_not(cursor_decode(&c, s, 2), "%s", s);
	free(s);
	s = raw_cursor(b, sizeof(b) - 1);
	cr_assert_not(cursor_decode(&c, s, 1), "%s", s);
	free(s);
	s = raw_cursor(d, sizeof(d) - 1);
	cr_assert_not(cursor_decode(&c, s, 2), "%s", s);
	free(s);
}

/* Forged cursors of raw bytes: separators counted exactly. */
Test(cursor, decode_forged)
{
	static const char	 two[] = "x\x1fy";
	static const char	 trailing[] = "x\x1f";
	static const char	 leading[] = "\x1fx";
	struct cursor		 c;
	char			*s;

	s = raw_cursor(two, sizeof(two) - 1);
	cr_assert(cursor_decode(&c, s, 2));
	cr_assert_str_eq(c.part[0], "x");
	cr_assert_str_eq(c.part[1], "y");
	cr_assert_not(cursor_decode(&c, s, 1));
	free(s);
	s = raw_cursor(trailing, sizeof(trailing) - 1);
	cr_assert(cursor_decode(&c, s, 2));
	cr_assert_str_eq(c.part[0], "x");
	cr_assert_str_eq(c.part[1], "");
	free(s);
	s = raw_cursor(leading, sizeof(leading) - 1);
	cr_assert(cursor_decode(&c, s, 2));
	cr_assert_str_eq(c.part[0], "");
	cr_assert_str_eq(c.part[1], "x");
	free(s);
}

/*
 * Texts longer than any cursor could be, of valid base64url ("abc"
 * repeated): 2 KiB, 64 KiB, and 1368 characters, which decode to 1026
 * bytes, more than a struct cursor holds.
 */
Test(cursor, decode_over_long)
{
	static const size_t	 lens[] = { 1368, 2 * CURSOR_MAX_LEN, 65536 };
	struct cursor		 c;
	char			*s;
	size_t			 i, j;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		cr_assert_not_null(s = malloc(lens[i] + 1));
		for (j = 0; j < lens[i]; j++)
			s[j] = "YWJj"[j % 4];
		s[lens[i]] = '\0';
		cr_assert_not(cursor_decode(&c, s, 1), "%zu characters read",
		    lens[i]);
		free(s);
	}
}
