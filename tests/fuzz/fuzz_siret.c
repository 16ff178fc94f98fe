/*
 * SIRET numbers: siret_valid() of any text; a valid one is 14 digits.
 */
#include "core/siret.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	s = fuzz_cstr(data, size);
	if (siret_valid(s))
		FUZZ_ASSERT(strlen(s) == SIRET_LEN - 1 &&
		    strspn(s, "0123456789") == SIRET_LEN - 1);
	free(s);

	return (0);
}
