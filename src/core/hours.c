/*
 * Required insertion hours (see hours.h). The products are carried in 128
 * bits: 10^13 cents x 10^6 x 10^6 x 100 does not fit in 64.
 */
#include "core/hours.h"

#define MICRO		1000000

static int	div_round_half_up(__int128, __int128, int64_t *);

int
hours_amount_based(const struct hours_amount_input *in, int64_t *centihours)
{
	__int128	num, den;

	if (in->amount_cents <= 0 || in->hourly_cost_cents <= 0 ||
	    in->labour_share_micro <= 0 || in->labour_share_micro > MICRO ||
	    in->insertion_rate_micro <= 0 || in->insertion_rate_micro > MICRO)
		return (HOURS_EINVAL);

	/*
	 * hours = (cents / 100) x (ls / 10^6) x (ir / 10^6) / (cost / 100)
	 * centihours = cents x ls x ir x 100 / (cost x 10^12)
	 */
	num = (__int128)in->amount_cents * in->labour_share_micro *
	    in->insertion_rate_micro * 100;
	den = (__int128)in->hourly_cost_cents * MICRO * MICRO;
	return (div_round_half_up(num, den, centihours));
}

int
hours_share_based(int64_t hours_worked_centi, int64_t share_micro,
    int64_t *centihours)
{
	if (hours_worked_centi <= 0 || share_micro <= 0 || share_micro > MICRO)
		return (HOURS_EINVAL);

	return (div_round_half_up((__int128)hours_worked_centi * share_micro,
	    MICRO, centihours));
}

/* Both operands are positive here; a result beyond 64 bits is refused. */
static int
div_round_half_up(__int128 num, __int128 den, int64_t *out)
{
	__int128	q;

	q = (2 * num + den) / (2 * den);
	if (q > (__int128)INT64_MAX)
		return (HOURS_EINVAL);
	*out = (int64_t)q;

	return (HOURS_OK);
}
