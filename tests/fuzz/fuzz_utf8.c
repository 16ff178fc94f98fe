/*
 * UTF-8 lengths: utf8_chars() of any bytes counts at most one character
 * per byte.
 */
#include "core/utf8.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	s = fuzz_cstr(data, size);
	FUZZ_ASSERT(utf8_chars(s) <= strlen(s));
	free(s);

	return (0);
}
