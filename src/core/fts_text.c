/*
 * A float8 printed as PostgreSQL 15's float8out() prints it with the
 * default extra_float_digits (see fts.h): the shortest decimal that reads
 * back as the same double (what Ryu's d2s gives), in fixed notation for
 * decimal exponents from -4 to 14, else as d.ddde-XX, at least two
 * exponent digits; NaN, Infinity, -Infinity, -0 as PostgreSQL writes them.
 *
 * After PostgreSQL 15, src/common/d2s.c:
 * Portions Copyright (c) 1996-2022, PostgreSQL Global Development Group,
 * under the PostgreSQL Licence.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fts.h"

static void	shortest(double, char *, size_t);
static int	layout(const char *, int, char *, size_t);

/* "%.*e" of v with the fewest digits that read back as v. */
static void
shortest(double v, char *buf, size_t len)
{
	int	prec;

	for (prec = 0; prec < 17; prec++) {
		(void)snprintf(buf, len, "%.*e", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

/* The digits of the shortest form as float8out() lays them out. */
static int
layout(const char *digits, int exp, char *out, size_t outlen)
{
	size_t	nd = strlen(digits), o = 0, i, need;
	int	n;

	if (exp < -4 || exp >= 15) {
		n = snprintf(out, outlen, "%c%s%se%c%02d", digits[0],
		    nd > 1 ? "." : "", digits + 1, exp < 0 ? '-' : '+',
		    exp < 0 ? -exp : exp);
		return (n > 0 && (size_t)n < outlen);
	}
	if (exp < 0)
		need = 2 + (size_t)-exp - 1 + nd;
	else
		need = (nd > (size_t)exp + 1 ? nd + 1 : (size_t)exp + 1);
	if (need >= outlen)
		return (0);
	if (exp < 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (n = -1; n > exp; n--)
			out[o++] = '0';
	}
	for (i = 0; i < nd || (exp >= 0 && i <= (size_t)exp); i++) {
		if (exp >= 0 && i == (size_t)exp + 1)
			out[o++] = '.';
		if (i < nd)
			out[o++] = digits[i];
		else
			out[o++] = '0';
	}
	out[o] = '\0';

	return (1);
}

int
fts_rank_text(double v, char *out, size_t outlen)
{
	char	 e[40] = "", digits[24] = "";
	char	*p;
	size_t	 nd = 0;

	if (outlen < 2)
		return (0);
	if (isnan(v))
		return (snprintf(out, outlen, "NaN") < (int)outlen);
	if (isinf(v))
		return (snprintf(out, outlen, "%sInfinity", v < 0 ? "-" : "") <
		    (int)outlen);
	if (signbit(v)) {
		*out++ = '-';
		outlen--;
		v = -v;
	}
	if (v == 0.0)
		return (snprintf(out, outlen, "0") < (int)outlen);
	shortest(v, e, sizeof(e));
	for (p = e; *p != 'e' && *p != '\0' && nd < sizeof(digits) - 1; p++)
		if (*p != '.')
			digits[nd++] = *p;
	digits[nd] = '\0';
	if (*p != 'e')
		return (0);

	return (layout(digits, (int)strtol(p + 1, NULL, 10), out, outlen));
}
