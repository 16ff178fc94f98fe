/*
 * Exact decimals as scaled integers (see decimal.h).
 */
#include <math.h>
#include <stdio.h>

#include "core/decimal.h"

/* Values above this are refused: 2^53, where doubles stop being exact. */
#define DECIMAL_MAX_ABS		9007199254740992.0

int64_t
decimal_pow10(int scale)
{
	int64_t		p;

	for (p = 1; scale > 0; scale--)
		p *= 10;

	return (p);
}

/*
 * A double such as 0.05 is not exactly 5/100; it is the nearest binary
 * value. Scaled by 10^scale it lands within a few ulps of an integer when
 * the decimal text had at most `scale` decimals, and measurably away from
 * one otherwise.
 */
int
decimal_from_double(double v, int scale, int64_t *out)
{
	double		scaled, rounded, tolerance;

	if (!isfinite(v))
		return (DECIMAL_RANGE);

	scaled = v * (double)decimal_pow10(scale);
	if (fabs(scaled) >= DECIMAL_MAX_ABS)
		return (DECIMAL_RANGE);

	rounded = nearbyint(scaled);
	tolerance = fmax(1e-6, fabs(scaled) * 4e-16);
	if (fabs(scaled - rounded) > tolerance)
		return (DECIMAL_PRECISION);

	*out = (int64_t)rounded;

	return (DECIMAL_OK);
}

void
decimal_format(int64_t v, int scale, char *buf, size_t len)
{
	int64_t		p, whole, frac;
	const char	*sign;

	p = decimal_pow10(scale);
	sign = v < 0 ? "-" : "";
	if (v < 0)
		v = -v;
	whole = v / p;
	frac = v % p;

	if (scale == 0)
		(void)snprintf(buf, len, "%s%lld", sign, (long long)whole);
	else
		(void)snprintf(buf, len, "%s%lld.%0*lld", sign,
		    (long long)whole, scale, (long long)frac);
}

double
decimal_to_double(int64_t v, int scale)
{
	return ((double)v / (double)decimal_pow10(scale));
}
