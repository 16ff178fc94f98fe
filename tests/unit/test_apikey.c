/*
 * Unit tests for src/core/apikey.c: the shape of keys (every malformed
 * shape refused), scope lists, and the role a key of each organisation
 * kind acts as.
 */
#include <string.h>

#include <criterion/criterion.h>

#include "core/apikey.h"
#include "core/roles.h"
#include "core/scopes.h"

#define GOOD	"asr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

Test(apikey, well_formed_key)
{
	cr_assert_eq(strlen(GOOD), APIKEY_LEN);
	cr_assert(apikey_shape_ok(GOOD));
	cr_assert(apikey_shape_ok(
	    "asr_Zm9vYmFyLWJhei1xdXV4LWZvb2Jhci1iYXotcXV1eA0"));
	cr_assert(apikey_is_key(GOOD));
}

Test(apikey, malformed_keys)
{
	cr_assert_not(apikey_shape_ok(NULL));
	cr_assert_not(apikey_shape_ok(""));
	cr_assert_not(apikey_shape_ok("asr_"));
	cr_assert_not(apikey_shape_ok(GOOD "A"));
	cr_assert_not(apikey_shape_ok(
	    "asr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
	cr_assert_not(apikey_shape_ok(
	    "ASR_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
	cr_assert_not(apikey_shape_ok(
	    "asr_AAAAAAAAAAAAAAAAAAAAA+AAAAAAAAAAAAAAAAAAAAA"));
	cr_assert_not(apikey_shape_ok(
	    "asr_AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAA"));
	cr_assert_not(apikey_shape_ok(
	    "asr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="));
	/* Non-zero padding bits: not the encoding of 32 bytes. */
	cr_assert_not(apikey_shape_ok(
	    "asr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB"));
	cr_assert_not(apikey_is_key("v4.public.xyz"));
	cr_assert_not(apikey_is_key(NULL));
}

Test(apikey, scope_lists)
{
	cr_assert_eq(apikey_scopes_parse("catalogue:read"),
	    SCOPE_CATALOGUE_READ);
	cr_assert_eq(apikey_scopes_parse("catalogue:write sync:read"),
	    SCOPE_CATALOGUE_WRITE | SCOPE_SYNC_READ);
	cr_assert_eq(apikey_scopes_parse(" sync:read  sync:read "),
	    SCOPE_SYNC_READ);
	cr_assert_eq(apikey_scopes_parse(""), -1);
	cr_assert_eq(apikey_scopes_parse("   "), -1);
	cr_assert_eq(apikey_scopes_parse(NULL), -1);
	cr_assert_eq(apikey_scopes_parse("catalogue:read admin"), -1);
	cr_assert_eq(apikey_scopes_parse(
	    "catalogue:readcatalogue:readcatalogue:read"), -1);
}

Test(apikey, role_for_kind)
{
	cr_assert_eq(apikey_role_for_kind("siae"), ROLE_SUPPLIER);
	cr_assert_eq(apikey_role_for_kind("ess"), ROLE_SUPPLIER);
	cr_assert_eq(apikey_role_for_kind("geiq"), ROLE_SUPPLIER);
	cr_assert_eq(apikey_role_for_kind("handicap"), ROLE_SUPPLIER);
	cr_assert_eq(apikey_role_for_kind("buyer_public"), ROLE_BUYER);
	cr_assert_eq(apikey_role_for_kind("buyer_private"), ROLE_BUYER);
	cr_assert_eq(apikey_role_for_kind("company"), ROLE_COMPANY);
	cr_assert_eq(apikey_role_for_kind("prescriber"), ROLE_PRESCRIBER);
	cr_assert_eq(apikey_role_for_kind("cress"), ROLE_FACILITATOR);
	cr_assert_eq(apikey_role_for_kind("admin"), 0);
	cr_assert_eq(apikey_role_for_kind(NULL), 0);
}

Test(apikey, one_credential_only)
{
	const char	*out;

	cr_assert_eq(apikey_credential(NULL, NULL, &out), CREDENTIAL_NONE);
	cr_assert_null(out);
	cr_assert_eq(apikey_credential(NULL, GOOD, &out), CREDENTIAL_KEY);
	cr_assert_str_eq(out, GOOD);
	cr_assert_eq(apikey_credential("Bearer " GOOD, NULL, &out),
	    CREDENTIAL_KEY);
	cr_assert_str_eq(out, GOOD);
	cr_assert_eq(apikey_credential("Bearer v4.public.x", NULL, &out),
	    CREDENTIAL_TOKEN);
	cr_assert_str_eq(out, "v4.public.x");
	cr_assert_eq(apikey_credential("Bearer ", NULL, &out),
	    CREDENTIAL_TOKEN);
	cr_assert_str_eq(out, "");
	cr_assert_eq(apikey_credential("Bearer x", GOOD, &out),
	    CREDENTIAL_BOTH);
	cr_assert_null(out);
	cr_assert_eq(apikey_credential("bearer x", NULL, &out),
	    CREDENTIAL_NOT_BEARER);
	cr_assert_eq(apikey_credential("Basic eDp5", NULL, &out),
	    CREDENTIAL_NOT_BEARER);
	cr_assert_eq(apikey_credential("Bearer", NULL, &out),
	    CREDENTIAL_NOT_BEARER);
	cr_assert_null(out);
}
