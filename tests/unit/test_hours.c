/*
 * Unit tests for src/core/hours.c: required insertion hours by amount
 * (amount x labour share x insertion rate / hourly cost) and by share of
 * hours worked, exact and rounded half-up to hundredths of an hour.
 */
#include <stdint.h>

#include <criterion/criterion.h>

#include "core/hours.h"

static int64_t	amount_ok(int64_t, int64_t, int64_t, int64_t);
static void	amount_bad(int64_t, int64_t, int64_t, int64_t);
static int64_t	share_ok(int64_t, int64_t);

static int64_t
amount_ok(int64_t cents, int64_t ls, int64_t ir, int64_t cost)
{
	struct hours_amount_input	in = { cents, ls, ir, cost };
	int64_t				out;

	cr_assert_eq(hours_amount_based(&in, &out), HOURS_OK);

	return (out);
}

static void
amount_bad(int64_t cents, int64_t ls, int64_t ir, int64_t cost)
{
	struct hours_amount_input	in = { cents, ls, ir, cost };
	int64_t				out;

	cr_assert_eq(hours_amount_based(&in, &out), HOURS_EINVAL,
	    "accepted %lld, %lld, %lld, %lld", (long long)cents,
	    (long long)ls, (long long)ir, (long long)cost);
}

static int64_t
share_ok(int64_t centi, int64_t share)
{
	int64_t		out;

	cr_assert_eq(hours_share_based(centi, share, &out), HOURS_OK);

	return (out);
}

Test(hours, reference_case)
{
	/* 1,000,000 EUR x 0.5 x 0.05 / 30 EUR/h = 833.33 h */
	cr_assert_eq(amount_ok(100000000, 500000, 50000, 3000), 83333);
}

Test(hours, default_hourly_cost)
{
	/* 1,000,000 EUR x 0.5 x 0.05 / 25 EUR/h = 1000 h */
	cr_assert_eq(amount_ok(100000000, 500000, 50000, 2500), 100000);
}

Test(hours, rounds_half_up)
{
	/* 0.09 x 0.5 x 1 / 1 = 0.045 h: 5 centihours, not 4 (banker's) */
	cr_assert_eq(amount_ok(9, 500000, 1000000, 100), 5);
	/* 1.01 x 0.5 = 0.505 h */
	cr_assert_eq(amount_ok(101, 500000, 1000000, 100), 51);
	/* 0.05 x 0.5 = 0.025 h: 3 centihours (to even would give 2) */
	cr_assert_eq(amount_ok(5, 500000, 1000000, 100), 3);
}

Test(hours, rounds_down_below_half)
{
	/* 0.09 x 0.499999 = 0.04499991 h */
	cr_assert_eq(amount_ok(9, 499999, 1000000, 100), 4);
	/* 1 EUR / 3 EUR/h = 0.3333 h */
	cr_assert_eq(amount_ok(100, 1000000, 1000000, 300), 33);
}

Test(hours, full_shares)
{
	cr_assert_eq(amount_ok(2500, 1000000, 1000000, 2500), 100);
}

Test(hours, large_amount_no_overflow)
{
	/* 100 bn EUR x 1 x 1 / 0.01 EUR/h = 10^13 h = 10^15 centihours */
	cr_assert_eq(amount_ok(INT64_C(10000000000000), 1000000, 1000000, 1),
	    INT64_C(1000000000000000));
	/* 10^13 EUR / 0.01 EUR/h = 10^15 h = 10^17 centihours */
	cr_assert_eq(amount_ok(INT64_C(1000000000000000), 1000000, 1000000,
	    1), INT64_C(100000000000000000));
}

Test(hours, largest_exact_amount)
{
	/* 2^53 - 1 cents, the largest amount decimal.c lets through. */
	cr_assert_eq(amount_ok(INT64_C(9007199254740991), 1000000, 1000000,
	    1), INT64_C(900719925474099100));
}

Test(hours, amount_rejects_bad_amount)
{
	amount_bad(0, 500000, 50000, 3000);
	amount_bad(-100, 500000, 50000, 3000);
}

Test(hours, amount_rejects_bad_shares)
{
	amount_bad(100000000, 0, 50000, 3000);
	amount_bad(100000000, -1, 50000, 3000);
	amount_bad(100000000, 1000001, 50000, 3000);
	amount_bad(100000000, 500000, 0, 3000);
	amount_bad(100000000, 500000, 1000001, 3000);
}

Test(hours, amount_rejects_bad_cost)
{
	amount_bad(100000000, 500000, 50000, 0);
	amount_bad(100000000, 500000, 50000, -2500);
}

Test(hours, share_based)
{
	/* 20000 h x 0.05 = 1000 h */
	cr_assert_eq(share_ok(2000000, 50000), 100000);
	/* 333.33 h x 0.05 = 16.6665 h */
	cr_assert_eq(share_ok(33333, 50000), 1667);
	cr_assert_eq(share_ok(33333, 1000000), 33333);
}

Test(hours, share_rounds_half_up)
{
	cr_assert_eq(share_ok(1, 500000), 1);
	cr_assert_eq(share_ok(1, 499999), 0);
	cr_assert_eq(share_ok(3, 500000), 2);
	cr_assert_eq(share_ok(5, 500000), 3);
}

Test(hours, share_rejects)
{
	int64_t		out;

	cr_assert_eq(hours_share_based(0, 50000, &out), HOURS_EINVAL);
	cr_assert_eq(hours_share_based(-1, 50000, &out), HOURS_EINVAL);
	cr_assert_eq(hours_share_based(2000000, 0, &out), HOURS_EINVAL);
	cr_assert_eq(hours_share_based(2000000, -50000, &out), HOURS_EINVAL);
	cr_assert_eq(hours_share_based(2000000, 1000001, &out), HOURS_EINVAL);
}

/* A result beyond 64 bits is refused, not wrapped. */
Test(hours, refuses_overflowing_result)
{
	struct hours_amount_input	in = { INT64_MAX, 1000000, 1000000, 1 };
	int64_t				out;

	cr_assert_eq(hours_amount_based(&in, &out), HOURS_EINVAL);
}
