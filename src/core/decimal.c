/*
 * Exact decimals as scaled integers (see decimal.h).
 */
#include <math.h>
#include <stdio.h>

#include "core/decimal.h"

/*
 * Scaled values from 2^51 up can land on x.5 and round to the wrong
 * neighbour: refuse them (2^51 cents is 22 trillion euros).
 */
#define DECIMAL_MAX_ABS		2251799813685248.0

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
	tolerance = fmax(1e-12, fabs(scaled) * 4e-16);
	if (fabs(scaled - rounded) > tolerance)
		return (DECIMAL_PRECISION);

	*out = (int64_t)rounded;

	return (DECIMAL_OK);
}

void
decimal_format(int64_t v, int scale, char *buf, size_t len)
{
	uint64_t	p, mag, whole, frac;
	const char	*sign;

	p = (uint64_t)decimal_pow10(scale);
	sign = v < 0 ? "-" : "";
	/* Unsigned, so that INT64_MIN has a magnitude too. */
	mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	whole = mag / p;
	frac = mag % p;

	if (scale == 0)
		(void)snprintf(buf, len, "%s%llu", sign,
		    (unsigned long long)whole);
	else
		(void)snprintf(buf, len, "%s%llu.%0*llu", sign,
		    (unsigned long long)whole, scale, (unsigned long long)frac);
}

double
decimal_to_double(int64_t v, int scale)
{
	return ((double)v / (double)decimal_pow10(scale));
}
