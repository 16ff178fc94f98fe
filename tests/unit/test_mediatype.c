/*
 * Unit tests for src/core/mediatype.c: Content-Type matching, case-blind
 * on the type, with a charset parameter accepted only when it is UTF-8.
 */
#include <criterion/criterion.h>

#include "core/mediatype.h"

#define JSON	"application/json"
#define MERGE	"application/merge-patch+json"

Test(mediatype, plain)
{
	cr_assert(mediatype_is("application/json", JSON));
}

Test(mediatype, charset_utf8)
{
	cr_assert(mediatype_is("application/json; charset=utf-8", JSON));
	cr_assert(mediatype_is("application/json;charset=utf-8", JSON));
	cr_assert(mediatype_is("application/json ; charset=utf-8", JSON));
	cr_assert(mediatype_is("application/json; charset=utf-8 ", JSON));
}

Test(mediatype, case_blind)
{
	cr_assert(mediatype_is("Application/JSON;charset=UTF-8", JSON));
	cr_assert(mediatype_is("APPLICATION/JSON; CHARSET=Utf-8", JSON));
}

Test(mediatype, quoted_charset)
{
	cr_assert(mediatype_is("application/json; charset=\"utf-8\"", JSON));
	cr_assert(mediatype_is("application/json; charset=\"UTF-8\"", JSON));
}

Test(mediatype, other_parameters)
{
	cr_assert(mediatype_is("application/json; foo=bar", JSON));
	cr_assert(mediatype_is("application/json; charset=utf-8; foo=bar",
	    JSON));
	cr_assert(mediatype_is("application/json; foo=bar; charset=utf-8",
	    JSON));
	cr_assert_not(mediatype_is("application/json; foo=bar; charset=latin1",
	    JSON));
}

Test(mediatype, leading_spaces)
{
	cr_assert(mediatype_is("  application/json", JSON));
}

Test(mediatype, rejects_other_types)
{
	cr_assert_not(mediatype_is("application/jsonx", JSON));
	cr_assert_not(mediatype_is("application/json-patch+json", JSON));
	cr_assert_not(mediatype_is("application/jso", JSON));
	cr_assert_not(mediatype_is("application", JSON));
	cr_assert_not(mediatype_is("text/plain", JSON));
	cr_assert_not(mediatype_is("text/json", JSON));
	cr_assert_not(mediatype_is("", JSON));
	cr_assert_not(mediatype_is("application/json, text/plain", JSON));
}

Test(mediatype, rejects_other_charsets)
{
	cr_assert_not(mediatype_is("application/json; charset=latin1", JSON));
	cr_assert_not(mediatype_is("application/json; charset=iso-8859-1",
	    JSON));
	cr_assert_not(mediatype_is("application/json; charset=utf-16", JSON));
	cr_assert_not(mediatype_is("application/json; charset=utf-8x", JSON));
	cr_assert_not(mediatype_is("application/json; charset=utf8", JSON));
	cr_assert_not(mediatype_is("application/json; charset=", JSON));
}

Test(mediatype, rejects_null)
{
	cr_assert_not(mediatype_is(NULL, JSON));
	cr_assert_not(mediatype_is(NULL, MERGE));
}

Test(mediatype, merge_patch)
{
	cr_assert(mediatype_is("application/merge-patch+json", MERGE));
	cr_assert(mediatype_is("application/merge-patch+json; charset=utf-8",
	    MERGE));
	cr_assert(mediatype_is("Application/Merge-Patch+JSON", MERGE));
	cr_assert_not(mediatype_is("application/merge-patch+json", JSON));
	cr_assert_not(mediatype_is("application/json", MERGE));
	cr_assert_not(mediatype_is("application/merge-patch", MERGE));
	cr_assert_not(mediatype_is(
	    "application/merge-patch+json; charset=latin1", MERGE));
}
