/*
 * The one clock of the program, RFC 3339 parsing and formatting, and
 * Mayotte's calendar date. Pure C: no Kore, unit-tested alone.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"

static int	clock_pinned = 0;
static int64_t	clock_pinned_ms = 0;

static int	parse_digits(const char **, int, int *);
static int64_t	days_from_civil(int, int, int);

int64_t
clock_now_ms(void)
{
	struct timespec		ts;

	if (clock_pinned)
		return (clock_pinned_ms);

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

void
clock_pin(int64_t ms)
{
	clock_pinned = 1;
	clock_pinned_ms = ms;
}

void
clock_unpin(void)
{
	clock_pinned = 0;
}

/*
 * Accepts YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), 't' and 'z' too.
 * Fractions beyond milliseconds are truncated. Returns 0 on malformed input.
 */
int
clock_parse_rfc3339(const char *s, int64_t *out)
{
	int		y, mo, d, h, mi, sec, oh, om, ms, digits, sign;
	int64_t		t;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
			    30, 31 };

	if (!parse_digits(&s, 4, &y) || *s++ != '-' ||
	    !parse_digits(&s, 2, &mo) || *s++ != '-' ||
	    !parse_digits(&s, 2, &d) || (*s != 'T' && *s != 't'))
		return (0);
	s++;
	if (!parse_digits(&s, 2, &h) || *s++ != ':' ||
	    !parse_digits(&s, 2, &mi) || *s++ != ':' ||
	    !parse_digits(&s, 2, &sec))
		return (0);

	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || sec > 59)
		return (0);
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0))
		return (0);

	ms = 0;
	if (*s == '.') {
		s++;
		for (digits = 0; isdigit((unsigned char)*s); digits++, s++) {
			if (digits < 3)
				ms = ms * 10 + (*s - '0');
		}
		if (digits == 0)
			return (0);
		for (; digits < 3; digits++)
			ms *= 10;
	}

	oh = om = 0;
	sign = 1;
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = (*s == '-') ? -1 : 1;
		s++;
		if (!parse_digits(&s, 2, &oh) || *s++ != ':' ||
		    !parse_digits(&s, 2, &om) || oh > 23 || om > 59)
			return (0);
	} else {
		return (0);
	}
	if (*s != '\0')
		return (0);

	t = days_from_civil(y, mo, d) * 86400 + (int64_t)h * 3600 +
	    (int64_t)mi * 60 + sec;
	t -= (int64_t)sign * (oh * 3600 + om * 60);
	*out = t * 1000 + ms;

	return (1);
}

/* A calendar date, YYYY-MM-DD: *out is its midnight UTC. */
int
clock_parse_date(const char *s, int64_t *out)
{
	char		buf[32];

	if (strlen(s) != 10)
		return (0);
	(void)snprintf(buf, sizeof(buf), "%sT00:00:00Z", s);

	return (clock_parse_rfc3339(buf, out));
}

void
clock_format_rfc3339(int64_t ms, char *buf, size_t len)
{
	struct tm	tm;
	time_t		secs;
	int64_t		frac;

	secs = (time_t)(ms / 1000);
	frac = ms % 1000;
	if (frac < 0) {
		frac += 1000;
		secs--;
	}
	(void)gmtime_r(&secs, &tm);
	(void)snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (int)frac);
}

void
clock_mayotte_date(int64_t ms, char *buf, size_t len)
{
	struct tm	tm;
	time_t		secs;

	secs = (time_t)((ms - ((ms % 1000 + 1000) % 1000)) / 1000) +
	    (time_t)CLOCK_MAYOTTE_OFFSET_S;
	(void)gmtime_r(&secs, &tm);
	(void)snprintf(buf, len, "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
}

static int
parse_digits(const char **sp, int count, int *out)
{
	const char	*s;
	int		v, i;

	s = *sp;
	v = 0;
	for (i = 0; i < count; i++) {
		if (!isdigit((unsigned char)s[i]))
			return (0);
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + count;
	*out = v;

	return (1);
}

/* Howard Hinnant's days_from_civil: days since 1970-01-01, proleptic. */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t		era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (era * 146097 + doe - 719468);
}
