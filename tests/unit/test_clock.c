/*
 * Unit tests for src/core/clock.c: RFC 3339 parsing and formatting, the
 * pinned clock of test builds and Mayotte's calendar date (UTC+3).
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>

#include "core/clock.h"

/* 2026-11-27T12:00:00Z in milliseconds since the epoch. */
#define NOON		INT64_C(1795780800000)
#define HOUR		INT64_C(3600000)
#define MINUTE		INT64_C(60000)

static int64_t	parse_ok(const char *);
static void	parse_bad(const char *);
static void	mayotte_is(const char *, const char *);

static int64_t
parse_ok(const char *s)
{
	int64_t		ms;

	cr_assert(clock_parse_rfc3339(s, &ms), "refused \"%s\"", s);

	return (ms);
}

static void
parse_bad(const char *s)
{
	int64_t		ms;

	cr_assert_not(clock_parse_rfc3339(s, &ms), "accepted \"%s\"", s);
}

static void
mayotte_is(const char *utc, const char *date)
{
	char		buf[CLOCK_DATE_LEN];

	clock_mayotte_date(parse_ok(utc), buf, sizeof(buf));
	cr_assert_str_eq(buf, date, "%s: %s, not %s", utc, buf, date);
}

Test(clock, parse_epoch)
{
	cr_assert_eq(parse_ok("1970-01-01T00:00:00Z"), 0);
}

Test(clock, parse_zulu)
{
	cr_assert_eq(parse_ok("2026-11-27T12:00:00Z"), NOON);
}

Test(clock, parse_positive_offset)
{
	cr_assert_eq(parse_ok("2026-11-27T15:00:00+03:00"), NOON);
}

Test(clock, parse_negative_offset)
{
	cr_assert_eq(parse_ok("2026-11-27T06:30:00-05:30"), NOON);
}

Test(clock, parse_zero_offsets)
{
	cr_assert_eq(parse_ok("2026-11-27T12:00:00+00:00"), NOON);
	cr_assert_eq(parse_ok("2026-11-27T12:00:00-00:00"), NOON);
}

Test(clock, parse_offset_crosses_day)
{
	cr_assert_eq(parse_ok("2026-11-28T02:00:00+14:00"), NOON);
	cr_assert_eq(parse_ok("2026-11-26T23:00:00-13:00"), NOON);
}

Test(clock, parse_half_second)
{
	cr_assert_eq(parse_ok("2026-11-27T12:00:00.5Z"), NOON + 500);
}

Test(clock, parse_fraction_truncated_to_ms)
{
	cr_assert_eq(parse_ok("2026-11-27T12:00:00.123456Z"), NOON + 123);
	cr_assert_eq(parse_ok("2026-11-27T12:00:00.9999Z"), NOON + 999);
	cr_assert_eq(parse_ok("2026-11-27T12:00:00.000001Z"), NOON);
}

Test(clock, parse_fraction_with_offset)
{
	cr_assert_eq(parse_ok("2026-11-27T15:00:00.25+03:00"), NOON + 250);
}

Test(clock, parse_lowercase)
{
	cr_assert_eq(parse_ok("2026-11-27t12:00:00z"), NOON);
	cr_assert_eq(parse_ok("2026-11-27t12:00:00Z"), NOON);
}

Test(clock, parse_leap_days)
{
	cr_assert_eq(parse_ok("2024-02-29T00:00:00Z"), INT64_C(1709164800000));
	cr_assert_eq(parse_ok("2000-02-29T12:00:00Z"), INT64_C(951825600000));
	parse_bad("2025-02-29T00:00:00Z");
	parse_bad("2100-02-29T00:00:00Z");
	parse_bad("2026-02-30T00:00:00Z");
}

Test(clock, parse_month_lengths)
{
	(void)parse_ok("2026-01-31T00:00:00Z");
	(void)parse_ok("2026-12-31T23:59:59Z");
	parse_bad("2026-04-31T00:00:00Z");
	parse_bad("2026-11-31T00:00:00Z");
}

Test(clock, parse_rejects_bad_fields)
{
	parse_bad("2026-00-27T12:00:00Z");
	parse_bad("2026-13-27T12:00:00Z");
	parse_bad("2026-11-00T12:00:00Z");
	parse_bad("2026-11-32T12:00:00Z");
	parse_bad("2026-11-27T24:00:00Z");
	parse_bad("2026-11-27T12:60:00Z");
	parse_bad("2026-11-27T12:00:60Z");
}

Test(clock, parse_rejects_bad_zone)
{
	parse_bad("2026-11-27T12:00:00");
	parse_bad("2026-11-27T12:00:00+03");
	parse_bad("2026-11-27T12:00:00+0300");
	parse_bad("2026-11-27T12:00:00+24:00");
	parse_bad("2026-11-27T12:00:00+03:60");
	parse_bad("2026-11-27T12:00:00 Z");
	parse_bad("2026-11-27T12:00:00UTC");
}

Test(clock, parse_rejects_trailing_junk)
{
	parse_bad("2026-11-27T12:00:00Zx");
	parse_bad("2026-11-27T12:00:00Z ");
	parse_bad("2026-11-27T12:00:00+03:00:00");
}

Test(clock, parse_rejects_malformed)
{
	parse_bad("");
	parse_bad("2026");
	parse_bad("2026-11-27");
	parse_bad("2026-11-27 12:00:00Z");
	parse_bad("2026-11-27T12:00Z");
	parse_bad("26-11-27T12:00:00Z");
	parse_bad("2026-1-27T12:00:00Z");
	parse_bad("2026-11-27T12:00:00.Z");
	parse_bad("+2026-11-27T12:00:00Z");
}

Test(clock, format_epoch)
{
	char		buf[CLOCK_RFC3339_LEN];

	clock_format_rfc3339(0, buf, sizeof(buf));
	cr_assert_str_eq(buf, "1970-01-01T00:00:00.000Z");
}

Test(clock, format_fills_its_length)
{
	char		buf[CLOCK_RFC3339_LEN];

	clock_format_rfc3339(NOON + 7, buf, sizeof(buf));
	cr_assert_str_eq(buf, "2026-11-27T12:00:00.007Z");
	cr_assert_eq(strlen(buf), CLOCK_RFC3339_LEN - 1);
}

Test(clock, round_trip)
{
	const char	*s = "2026-11-27T12:34:56.789Z";
	char		 buf[CLOCK_RFC3339_LEN];

	clock_format_rfc3339(parse_ok(s), buf, sizeof(buf));
	cr_assert_str_eq(buf, s);
}

Test(clock, round_trip_normalises_to_utc)
{
	char		buf[CLOCK_RFC3339_LEN];

	clock_format_rfc3339(parse_ok("2026-11-27t15:00:00.5+03:00"), buf,
	    sizeof(buf));
	cr_assert_str_eq(buf, "2026-11-27T12:00:00.500Z");
}

Test(clock, format_negative_epochs)
{
	char		buf[CLOCK_RFC3339_LEN];

	clock_format_rfc3339(-1, buf, sizeof(buf));
	cr_assert_str_eq(buf, "1969-12-31T23:59:59.999Z");
	clock_format_rfc3339(-1000, buf, sizeof(buf));
	cr_assert_str_eq(buf, "1969-12-31T23:59:59.000Z");
	clock_format_rfc3339(-1001, buf, sizeof(buf));
	cr_assert_str_eq(buf, "1969-12-31T23:59:58.999Z");
	clock_format_rfc3339(-86400000, buf, sizeof(buf));
	cr_assert_str_eq(buf, "1969-12-31T00:00:00.000Z");
}

Test(clock, round_trip_1969)
{
	const char	*s = "1969-07-20T20:17:40.250Z";
	char		 buf[CLOCK_RFC3339_LEN];
	int64_t		 ms;

	ms = parse_ok(s);
	cr_assert_eq(ms, INT64_C(-14182940000) + 250);
	clock_format_rfc3339(ms, buf, sizeof(buf));
	cr_assert_str_eq(buf, s);
}

Test(clock, pin_and_unpin)
{
	int64_t		before, now;

	clock_pin(NOON);
	cr_assert_eq(clock_now_ms(), NOON);
	cr_assert_eq(clock_now_ms(), NOON, "a pinned clock moved");
	clock_pin(-5);
	cr_assert_eq(clock_now_ms(), -5);

	clock_unpin();
	before = (int64_t)time(NULL) * 1000;
	now = clock_now_ms();
	cr_assert_neq(now, -5);
	cr_assert_geq(now, before - 1000);
	cr_assert_leq(now, before + 2000);
}

Test(clock, mayotte_date_before_midnight)
{
	mayotte_is("2026-11-27T20:59:59Z", "2026-11-27");
	mayotte_is("2026-11-27T20:59:59.999Z", "2026-11-27");
}

Test(clock, mayotte_date_after_midnight)
{
	mayotte_is("2026-11-27T21:00:00Z", "2026-11-28");
	mayotte_is("2026-11-28T00:00:00+03:00", "2026-11-28");
}

Test(clock, mayotte_date_new_year)
{
	mayotte_is("2026-12-31T20:59:59Z", "2026-12-31");
	mayotte_is("2026-12-31T21:00:00Z", "2027-01-01");
}

Test(clock, mayotte_date_negative_epochs)
{
	char		buf[CLOCK_DATE_LEN];

	mayotte_is("1969-12-31T20:59:59.999Z", "1969-12-31");
	mayotte_is("1969-12-31T21:00:00Z", "1970-01-01");
	clock_mayotte_date(-1, buf, sizeof(buf));
	cr_assert_str_eq(buf, "1970-01-01");
	clock_mayotte_date(-3 * HOUR - 1, buf, sizeof(buf));
	cr_assert_str_eq(buf, "1969-12-31");
}

Test(clock, mayotte_date_fills_its_length)
{
	char		buf[CLOCK_DATE_LEN];

	clock_mayotte_date(NOON + 59 * MINUTE, buf, sizeof(buf));
	cr_assert_str_eq(buf, "2026-11-27");
	cr_assert_eq(strlen(buf), CLOCK_DATE_LEN - 1);
}
