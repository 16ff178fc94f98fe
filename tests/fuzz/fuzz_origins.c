/*
 * CORS origins: origins_parse() of any configured list (first line of the
 * input) and origins_allowed() of any Origin header (the rest).
 */
#include "core/origins.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct origins	 o;
	char		*s, *nl, *origin;
	size_t		 i;

	s = fuzz_cstr(data, size);
	origin = "";
	if ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		origin = nl + 1;
	}
	if (origins_parse(&o, s)) {
		FUZZ_ASSERT(o.count <= ORIGINS_MAX);
		(void)origins_allowed(&o, origin);
		for (i = 0; i < o.count; i++)
			FUZZ_ASSERT(origins_allowed(&o, o.list[i]));
		origins_free(&o);
	}
	free(s);

	return (0);
}
