/*
 * Required insertion hours of a social clause, by the two rules of the
 * programme (DOMAIN.md), computed exactly and rounded half-up to 2 decimals:
 *   amount_based: amount x labour share x insertion rate / hourly cost
 *   hours_share:  hours worked on the contract x insertion share
 * Inputs are scaled integers: euros and hours in hundredths (scale 2),
 * shares and rates in millionths (scale 6). The result is in hundredths of
 * an hour. 1,000,000 EUR x 0.5 x 0.05 / 30 EUR/h = 833.33 h.
 */
#ifndef ASR_CORE_HOURS_H
#define ASR_CORE_HOURS_H

#include <stdint.h>

#define HOURS_MONEY_SCALE	2
#define HOURS_HOURS_SCALE	2
#define HOURS_SHARE_SCALE	6

#define HOURS_OK		0
#define HOURS_EINVAL		1	/* an input out of its domain */

struct hours_amount_input {
	int64_t		amount_cents;
	int64_t		labour_share_micro;
	int64_t		insertion_rate_micro;
	int64_t		hourly_cost_cents;
};

int	hours_amount_based(const struct hours_amount_input *, int64_t *);
int	hours_share_based(int64_t, int64_t, int64_t *);

#endif
