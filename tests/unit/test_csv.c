/*
 * Unit tests for src/core/csv.c: RFC 4180 quoting with either delimiter,
 * formulas defused in text cells only, snprintf-like truncation, and the
 * ?delimiter= names.
 */
#include <string.h>

#include <criterion/criterion.h>

#include "core/csv.h"

static void
assert_cell(const char *in, char delim, int kind, const char *want)
{
	char	out[128];
	size_t	n;

	n = csv_cell(out, sizeof(out), in, strlen(in), delim, kind);
	cr_assert_str_eq(out, want, "[%s] → [%s], not [%s]", in, out, want);
	cr_assert_eq(n, strlen(want));
}

Test(csv, plain_and_quoted)
{
	assert_cell("Mamoudzou", ',', CSV_TEXT, "Mamoudzou");
	assert_cell("", ',', CSV_TEXT, "");
	assert_cell("Espaces verts, élagage", ',', CSV_TEXT,
	    "\"Espaces verts, élagage\"");
	assert_cell("Espaces verts, élagage", ';', CSV_TEXT,
	    "Espaces verts, élagage");
	assert_cell("a;b", ';', CSV_TEXT, "\"a;b\"");
	assert_cell("a;b", ',', CSV_TEXT, "a;b");
	assert_cell("Le \"Bon\" Coin", ',', CSV_TEXT,
	    "\"Le \"\"Bon\"\" Coin\"");
	assert_cell("ligne 1\nligne 2", ',', CSV_TEXT,
	    "\"ligne 1\nligne 2\"");
	assert_cell("a\r\nb", ';', CSV_TEXT, "\"a\r\nb\"");
	assert_cell(" espace ", ',', CSV_TEXT, " espace ");
}

Test(csv, formulas_defused_in_text_only)
{
	assert_cell("=HYPERLINK(\"http://x\")", ',', CSV_TEXT,
	    "\"'=HYPERLINK(\"\"http://x\"\")\"");
	assert_cell("=1+1", ';', CSV_TEXT, "'=1+1");
	assert_cell("+33 269 61 00 00", ',', CSV_TEXT, "'+33 269 61 00 00");
	assert_cell("-cmd", ',', CSV_TEXT, "'-cmd");
	assert_cell("@SUM(A1)", ',', CSV_TEXT, "'@SUM(A1)");
	assert_cell("\t=1", ',', CSV_TEXT, "\"'\t=1\"");
	assert_cell("a=b", ',', CSV_TEXT, "a=b");
	assert_cell("-3.5", ',', CSV_RAW, "-3.5");
	assert_cell("833.33", ';', CSV_RAW, "833.33");
}

Test(csv, truncates_like_snprintf)
{
	char	out[6];
	size_t	n;

	n = csv_cell(out, sizeof(out), "a,bcdefg", 8, ',', CSV_TEXT);
	cr_assert_eq(n, 10);
	cr_assert_str_eq(out, "\"a,bc");
	n = csv_cell(NULL, 0, "x\"y", 3, ',', CSV_TEXT);
	cr_assert_eq(n, 6);
	n = csv_cell(out, 1, "abc", 3, ',', CSV_TEXT);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(out, "");
}

Test(csv, embedded_nul_is_data)
{
	char	out[16];
	size_t	n;

	n = csv_cell(out, sizeof(out), "a\0b", 3, ',', CSV_TEXT);
	cr_assert_eq(n, 3);
	cr_assert_eq(memcmp(out, "a\0b", 3), 0);
}

Test(csv, delimiter_names)
{
	char	d = 0;

	cr_assert(csv_delimiter(NULL, &d));
	cr_assert_eq(d, ',');
	cr_assert(csv_delimiter("comma", &d));
	cr_assert_eq(d, ',');
	cr_assert(csv_delimiter("semicolon", &d));
	cr_assert_eq(d, ';');
	cr_assert_not(csv_delimiter("tab", &d));
	cr_assert_not(csv_delimiter("", &d));
	cr_assert_not(csv_delimiter("Semicolon", &d));
	cr_assert_not(csv_delimiter(";", &d));
	cr_assert_str_eq(CSV_BOM, "\xef\xbb\xbf");
}
