/*
 * Paths: path_match() of any path against every route template of
 * src/routes.c (extracted at build time into routes_gen.h); parameters
 * are non-empty, shorter than their buffer and free of '/'.
 */
#include "core/path.h"
#include "fuzz.h"
#include "routes_gen.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct path_params	 pp;
	char			*text;
	size_t			 r, i;

	text = fuzz_cstr(data, size);
	for (r = 0; r < sizeof(fuzz_templates) / sizeof(fuzz_templates[0]);
	    r++) {
		if (!path_match(fuzz_templates[r], text, &pp))
			continue;
		FUZZ_ASSERT(pp.count <= PATH_PARAMS_MAX);
		for (i = 0; i < pp.count; i++) {
			FUZZ_ASSERT(pp.value[i][0] != '\0');
			FUZZ_ASSERT(strlen(pp.value[i]) < PATH_PARAM_LEN);
			FUZZ_ASSERT(strchr(pp.value[i], '/') == NULL);
		}
	}
	free(text);

	return (0);
}
