/*
 * Reference codes: code_valid() of any text; a valid one fits CODE_MAX.
 */
#include "core/code.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	s = fuzz_cstr(data, size);
	if (code_valid(s))
		FUZZ_ASSERT(strlen(s) > 0 && strlen(s) <= CODE_MAX);
	free(s);

	return (0);
}
