/*
 * Content-Type headers: mediatype_is() of any header against the types the
 * dispatcher accepts.
 */
#include "core/mediatype.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	s = fuzz_cstr(data, size);
	(void)mediatype_is(s, "application/json");
	(void)mediatype_is(s, "application/merge-patch+json");
	(void)mediatype_is(s, "");
	free(s);

	return (0);
}
