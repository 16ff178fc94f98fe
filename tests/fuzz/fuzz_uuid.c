/*
 * UUIDs: uuid_valid() of any text; a valid one is 36 characters.
 */
#include "core/uuid.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	s = fuzz_cstr(data, size);
	if (uuid_valid(s))
		FUZZ_ASSERT(strlen(s) == UUID_LEN - 1);
	free(s);

	return (0);
}
