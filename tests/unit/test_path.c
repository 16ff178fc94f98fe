/*
 * Unit tests for src/core/path.c: route templates matched segment by
 * segment, "{name}" capturing one non-empty segment that fits its buffer.
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/path.h"

static void	no_match(const char *, const char *);

static void
no_match(const char *tmpl, const char *path)
{
	struct path_params	pp;

	cr_assert_not(path_match(tmpl, path, &pp), "%s matched %s", tmpl,
	    path);
}

Test(path, exact)
{
	struct path_params	pp;

	cr_assert(path_match("/v1/health", "/v1/health", &pp));
	cr_assert_eq(pp.count, 0);
}

Test(path, exact_differs)
{
	no_match("/v1/health", "/v1/Health");
	no_match("/v1/health", "/v2/health");
	no_match("/v1/health", "/v1/healtH");
}

Test(path, one_parameter)
{
	struct path_params	pp;

	cr_assert(path_match("/v1/markets/{id}/lots", "/v1/markets/abc/lots",
	    &pp));
	cr_assert_eq(pp.count, 1);
	cr_assert_str_eq(pp.value[0], "abc");
}

Test(path, parameter_at_end)
{
	struct path_params	pp;

	cr_assert(path_match("/v1/markets/{id}", "/v1/markets/m-42", &pp));
	cr_assert_eq(pp.count, 1);
	cr_assert_str_eq(pp.value[0], "m-42");
}

Test(path, two_parameters)
{
	struct path_params	pp;

	cr_assert(path_match("/v1/markets/{id}/lots/{lot}",
	    "/v1/markets/abc/lots/7", &pp));
	cr_assert_eq(pp.count, 2);
	cr_assert_str_eq(pp.value[0], "abc");
	cr_assert_str_eq(pp.value[1], "7");
}

Test(path, parameter_is_one_segment)
{
	no_match("/v1/markets/{id}/lots", "/v1/markets/a/b/lots");
	no_match("/v1/markets/{id}", "/v1/markets/abc/lots");
	no_match("/v1/markets/{id}/lots", "/v1/markets/abc/bids");
}

Test(path, empty_segment)
{
	no_match("/v1/markets/{id}/lots", "/v1/markets//lots");
	no_match("/v1/markets/{id}", "/v1/markets/");
	no_match("/v1/health", "/v1//health");
}

Test(path, trailing_slash)
{
	no_match("/v1/health", "/v1/health/");
	no_match("/v1/markets/{id}", "/v1/markets/abc/");
}

Test(path, prefixes)
{
	no_match("/v1/health", "/v1/healthz");
	no_match("/v1/health", "/v1/health/x");
	no_match("/v1/health", "/v1/heal");
	no_match("/v1/health", "/v1");
	no_match("/v1/healthz", "/v1/health");
}

Test(path, parameter_length_limit)
{
	struct path_params	pp;
	char			path[16 + PATH_PARAM_LEN + 8];
	char			seg[PATH_PARAM_LEN + 1];

	memset(seg, 'x', sizeof(seg));
	seg[PATH_PARAM_LEN - 1] = '\0';
	(void)snprintf(path, sizeof(path), "/v1/markets/%s/lots", seg);
	cr_assert(path_match("/v1/markets/{id}/lots", path, &pp));
	cr_assert_eq(strlen(pp.value[0]), PATH_PARAM_LEN - 1);

	memset(seg, 'x', sizeof(seg));
	seg[PATH_PARAM_LEN] = '\0';
	(void)snprintf(path, sizeof(path), "/v1/markets/%s/lots", seg);
	no_match("/v1/markets/{id}/lots", path);
}

Test(path, too_many_parameters)
{
	struct path_params	pp;

	cr_assert(path_match("/{a}/{b}/{c}/{d}", "/1/2/3/4", &pp));
	cr_assert_eq(pp.count, PATH_PARAMS_MAX);
	cr_assert_str_eq(pp.value[3], "4");
	no_match("/{a}/{b}/{c}/{d}/{e}", "/1/2/3/4/5");
}

Test(path, root)
{
	struct path_params	pp;

	cr_assert(path_match("/", "/", &pp));
	cr_assert_eq(pp.count, 0);
	no_match("/", "/x");
	no_match("/", "");
	no_match("/x", "/");
}

Test(path, needs_leading_slash)
{
	no_match("/v1/health", "v1/health");
	no_match("/v1/health", "");
}

Test(path, count_reset)
{
	struct path_params	pp;

	cr_assert(path_match("/v1/markets/{id}", "/v1/markets/abc", &pp));
	cr_assert_eq(pp.count, 1);
	cr_assert(path_match("/v1/health", "/v1/health", &pp));
	cr_assert_eq(pp.count, 0);
}
