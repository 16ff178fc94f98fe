/*
 * Request ids: reqid_valid() of any X-Request-Id; a valid one fits
 * REQID_MAX (it is echoed in a header and logged).
 */
#include "core/reqid.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	s = fuzz_cstr(data, size);
	if (reqid_valid(s))
		FUZZ_ASSERT(strlen(s) > 0 && strlen(s) <= REQID_MAX &&
		    strcspn(s, " \t\r\n:") == strlen(s));
	free(s);

	return (0);
}
