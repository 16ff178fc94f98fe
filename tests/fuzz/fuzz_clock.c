/*
 * Dates and timestamps (ASR_NOW, token claims, FT_DATE fields):
 * clock_parse_rfc3339() and clock_parse_date() of any text; a parsed
 * instant formats back to text that parses to the same instant.
 */
#include "core/clock.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s, buf[64];
	int64_t	 ms, again;

	s = fuzz_cstr(data, size);
	if (clock_parse_rfc3339(s, &ms)) {
		clock_format_rfc3339(ms, buf, sizeof(buf));
		if (clock_parse_rfc3339(buf, &again))
			FUZZ_ASSERT(again == ms);
		clock_mayotte_date(ms, buf, sizeof(buf));
	}
	if (clock_parse_date(s, &ms))
		FUZZ_ASSERT(ms % 86400000 == 0);
	free(s);

	return (0);
}
