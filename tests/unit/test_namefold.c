/*
 * Unit tests for src/core/namefold.c: the spellings of one name that
 * Mayotte's offices produce fold to one string; different names do not;
 * invalid UTF-8 and short buffers are refused.
 */
#include <string.h>

#include <criterion/criterion.h>

#include "core/namefold.h"

static void
assert_folds(const char *in, const char *want)
{
	char	out[128];

	cr_assert(name_fold(out, sizeof(out), in), "\"%s\" refused", in);
	cr_assert_str_eq(out, want, "\"%s\" → \"%s\", not \"%s\"", in, out,
	    want);
}

Test(namefold, spellings_of_one_name)
{
	assert_folds("Zaïnaba", "zainaba");
	assert_folds("ZAINABA", "zainaba");
	assert_folds("  zaïnaba ", "zainaba");
	assert_folds("M'Madi", "mmadi");
	assert_folds("M’Madi", "mmadi");	/* U+2019 */
	assert_folds("Mʼmadi", "mmadi");	/* U+02BC */
	assert_folds("M MADI", "mmadi");
	assert_folds("Ben-Ali", "benali");
	assert_folds("Ben Ali", "benali");
	assert_folds("Saïd‐Ahmed", "saidahmed");	/* U+2010 */
	assert_folds("Élodie", "elodie");
	assert_folds("E\xcc\x81lodie", "elodie");	/* e + U+0301 */
	assert_folds("Françoise", "francoise");
	assert_folds("Œuvray", "oeuvray");
	assert_folds("Straße", "strasse");
	assert_folds("Ḿ", "Ḿ");			/* U+1E3E kept */
	assert_folds("Łukasz Żółć", "lukaszzolc");
	assert_folds("Ahamadi 2", "ahamadi2");
}

Test(namefold, other_scripts_kept)
{
	assert_folds("محمد", "محمد");
	assert_folds("Ali محمد", "aliمحمد");
}

Test(namefold, nothing_left)
{
	assert_folds("", "");
	assert_folds(" '-’. ", "");
}

Test(namefold, different_names_differ)
{
	char	a[64], b[64];

	cr_assert(name_fold(a, sizeof(a), "Mohamed"));
	cr_assert(name_fold(b, sizeof(b), "Mohamadi"));
	cr_assert_str_neq(a, b);
}

Test(namefold, invalid_utf8_refused)
{
	static const char	*junk[] = {
		"\xff", "abc\xc3", "\xc3\x28", "\xe2\x82", "\xed\xa0\x80",
		"\xc0\xaf", "\xf4\x90\x80\x80", "\x80",
		"ok\xf8\x88\x80\x80\x80",
	};
	char			 out[32];
	size_t			 i;

	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		cr_assert_not(name_fold(out, sizeof(out), junk[i]), "junk %zu",
		    i);
		cr_assert_str_eq(out, "");
	}
}

Test(namefold, short_buffer_refused)
{
	char	out[6];

	cr_assert(name_fold(out, sizeof(out), "Abdou"));
	cr_assert_str_eq(out, "abdou");
	cr_assert_not(name_fold(out, sizeof(out), "Abdoul"));
	cr_assert_str_eq(out, "");
	cr_assert_not(name_fold(out, 0, "a"));
	cr_assert_not(name_fold(out, sizeof(out), "Œœœ"));	/* 6 bytes */
}
