/*
 * Unit tests for src/core/filetype.c: accepted types, first-byte checks
 * and the bytea hex form, both ways.
 */
#include <string.h>

#include <criterion/criterion.h>

#include "core/filetype.h"

Test(filetype, canonical)
{
	cr_assert_str_eq(filetype_canonical("application/pdf"),
	    "application/pdf");
	cr_assert_str_eq(filetype_canonical("Image/PNG"), "image/png");
	cr_assert_str_eq(filetype_canonical("image/jpeg; q=1"), "image/jpeg");
	cr_assert_null(filetype_canonical("image/gif"));
	cr_assert_null(filetype_canonical("application/pdfx"));
	cr_assert_null(filetype_canonical("application/pd"));
	cr_assert_null(filetype_canonical(""));
	cr_assert_null(filetype_canonical(NULL));
}

Test(filetype, magic)
{
	const unsigned char	pdf[] = "%PDF-1.7\n";
	const unsigned char	png[] = "\x89PNG\r\n\x1a\nx";
	const unsigned char	jpg[] = "\xff\xd8\xff\xe0";

	cr_assert(filetype_matches("application/pdf", pdf, sizeof(pdf) - 1));
	cr_assert(filetype_matches("image/png", png, sizeof(png) - 1));
	cr_assert(filetype_matches("image/jpeg", jpg, sizeof(jpg) - 1));
	cr_assert_not(filetype_matches("image/png", pdf, sizeof(pdf) - 1));
	cr_assert_not(filetype_matches("application/pdf", pdf, 4));
	cr_assert_not(filetype_matches("application/pdf", pdf, 0));
	cr_assert_not(filetype_matches("image/gif", pdf, sizeof(pdf) - 1));
	cr_assert_not(filetype_matches(NULL, pdf, sizeof(pdf) - 1));
}

Test(filetype, hex_round_trip)
{
	unsigned char	in[256], back[256];
	char		text[2 * 256 + 3];
	size_t		i, n;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)i;
	cr_assert_eq(filetype_hex_encode(in, sizeof(in), text), 2 + 512);
	cr_assert_eq(strncmp(text, "\\x000102", 8), 0);
	cr_assert(filetype_hex_decode(text, back, &n));
	cr_assert_eq(n, sizeof(in));
	cr_assert_eq(memcmp(in, back, n), 0);
	cr_assert(filetype_hex_decode("\\xFFfe", back, &n));
	cr_assert(n == 2 && back[0] == 0xff && back[1] == 0xfe);
	cr_assert(filetype_hex_decode("\\x", back, &n) && n == 0);
}

Test(filetype, hex_malformed)
{
	unsigned char	out[8];
	size_t		n;

	cr_assert_not(filetype_hex_decode("00", out, &n));
	cr_assert_not(filetype_hex_decode("\\x0", out, &n));
	cr_assert_not(filetype_hex_decode("\\xzz", out, &n));
	cr_assert_not(filetype_hex_decode("", out, &n));
}
