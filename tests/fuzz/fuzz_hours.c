/*
 * Insertion hours: hours_amount_based() and hours_share_based() of any
 * scaled inputs (the body fields once decoded); results are never
 * negative, and a larger amount never needs fewer hours.
 */
#include "core/hours.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hours_amount_input	 in;
	int64_t				 h, more;

	if (size < sizeof(in))
		return (0);
	memcpy(&in, data, sizeof(in));
	if (hours_amount_based(&in, &h) == HOURS_OK) {
		FUZZ_ASSERT(h >= 0);
		if (in.amount_cents < INT64_MAX / 2) {
			in.amount_cents *= 2;
			if (hours_amount_based(&in, &more) == HOURS_OK)
				FUZZ_ASSERT(more >= h);
		}
	}
	if (hours_share_based(in.amount_cents, in.labour_share_micro,
	    &h) == HOURS_OK)
		FUZZ_ASSERT(h >= 0 && h <= in.amount_cents);

	return (0);
}
