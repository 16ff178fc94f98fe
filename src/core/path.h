/*
 * Route templates: "/v1/users/{id}" matches "/v1/users/<uuid>" and
 * captures the uuid. Kore's regex routes give handlers no capture groups,
 * so the application matches paths itself.
 */
#ifndef ASR_CORE_PATH_H
#define ASR_CORE_PATH_H

#include <stddef.h>

#define PATH_PARAMS_MAX		4
#define PATH_PARAM_LEN		128

struct path_params {
	size_t		count;
	char		value[PATH_PARAMS_MAX][PATH_PARAM_LEN];
};

int	path_match(const char *, const char *, struct path_params *);

#endif
