/*
 * Unit tests for src/core/siret.c: 14 digits with a right Luhn checksum,
 * every one-digit change refused, other lengths and characters refused,
 * and La Poste's establishments (SIREN 356000000), valid when the sum of
 * their digits is a multiple of 5, whatever Luhn says.
 */
#include <stddef.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/siret.h"

/*
 * Luhn from the right: the last digit as is, the one before doubled (9
 * subtracted above 9), and so on; the total is a multiple of 10.
 *
 * 73282932000074, Apple France:
 *   doubled 7 2 2 3 0 0 7 -> 5+4+4+6+0+0+5 = 24
 *   as is   3 8 9 2 0 0 4 -> 26, total 50
 * 12345678200010 (SIREN 123456782, Luhn-valid too):
 *   doubled 1 3 5 7 2 0 1 -> 2+6+1+5+4+0+2 = 20
 *   as is   2 4 6 8 0 0 0 -> 20, total 40
 * 80314889900021 (SIREN 803148899, Luhn-valid too):
 *   doubled 8 3 4 8 9 0 2 -> 7+6+8+7+9+0+4 = 41
 *   as is   0 1 8 9 0 0 1 -> 19, total 60
 */
static const char	*valid[] = {
	"73282932000074",
	"12345678200010",
	"80314889900021",
};

#define NVALID	(sizeof(valid) / sizeof(valid[0]))

Test(siret, valid_luhn)
{
	size_t		i;

	cr_assert_eq(SIRET_LEN, sizeof("73282932000074"));
	for (i = 0; i < NVALID; i++)
		cr_assert(siret_valid(valid[i]), "%s refused", valid[i]);
}

/* Luhn catches every single-digit error: any digit, any other value. */
Test(siret, one_digit_changed)
{
	char		s[SIRET_LEN];
	size_t		i, pos;
	char		d;

	for (i = 0; i < NVALID; i++) {
		for (pos = 0; pos < SIRET_LEN - 1; pos++) {
			for (d = '0'; d <= '9'; d++) {
				memcpy(s, valid[i], sizeof(s));
				if (s[pos] == d)
					continue;
				s[pos] = d;
				cr_assert_not(siret_valid(s), "%s accepted", s);
			}
		}
	}
	cr_assert_not(siret_valid("73282932000075"));
	cr_assert_not(siret_valid("73282932000084"));
}

/* Two adjacent digits swapped: Luhn catches this one too. */
Test(siret, transposition)
{
	cr_assert_not(siret_valid("73282932000047"));
	cr_assert_not(siret_valid("37282932000074"));
}

Test(siret, wrong_lengths)
{
	cr_assert_not(siret_valid(NULL));
	cr_assert_not(siret_valid(""));
	/* 13 and 15 digits, Luhn-valid as numbers (leading zero). */
	cr_assert_not(siret_valid("7328293200007"));
	cr_assert_not(siret_valid("073282932000074"));
	cr_assert_not(siret_valid("732829320000740"));
	/* The SIREN alone. */
	cr_assert_not(siret_valid("732829320"));
}

Test(siret, non_digits)
{
	cr_assert_not(siret_valid("7328293200007A"));
	cr_assert_not(siret_valid("A3282932000074"));
	cr_assert_not(siret_valid("732 829 320 00074"));
	cr_assert_not(siret_valid("732829320 0074"));
	cr_assert_not(siret_valid(" 73282932000074"));
	cr_assert_not(siret_valid("73282932000074 "));
	cr_assert_not(siret_valid("73282932000074\n"));
	cr_assert_not(siret_valid("-7328293200007"));
	cr_assert_not(siret_valid("+7328293200007"));
	cr_assert_not(siret_valid("7328293200007\xd9"));
	/* ':' is '9' + 1 and '/' is '0' - 1. */
	cr_assert_not(siret_valid("7328293200007:"));
	cr_assert_not(siret_valid("7328293200007/"));
}

Test(siret, all_zeros)
{
	/* Luhn passes on zeros; a SIRET of zeros is not refused by shape. */
	cr_assert(siret_valid("00000000000000"));
}

/*
 * La Poste: 3+5+6 = 14 from the SIREN, so the NIC digits must bring the
 * sum to a multiple of 5.
 *   35600000000001  14+1 = 15  valid (Luhn fails: 6+3+0 + 5+1 = 15)
 *   35600000000010  14+1 = 15  valid (Luhn fails)
 *   35600000000006  14+6 = 20  valid (Luhn passes too)
 *   35600000000105  14+6 = 20  valid
 */
Test(siret, la_poste_digit_sum)
{
	cr_assert(siret_valid("35600000000001"));
	cr_assert(siret_valid("35600000000010"));
	cr_assert(siret_valid("35600000000006"));
	cr_assert(siret_valid("35600000000105"));
	cr_assert(siret_valid("35600000099990"));	/* 14+36 = 50 */
}

/*
 *   35600000000014  14+5 = 19  refused, though Luhn passes
 *                              (6+3+2 + 5+4 = 20)
 *   35600000000002  14+2 = 16  refused
 *   35600000000019  14+10 = 24 refused
 */
Test(siret, la_poste_luhn_not_enough)
{
	cr_assert_not(siret_valid("35600000000014"));
	cr_assert_not(siret_valid("35600000000002"));
	cr_assert_not(siret_valid("35600000000019"));
	cr_assert_not(siret_valid("3560000000001A"));
	cr_assert_not(siret_valid("3560000000001"));
}

/* A change of 5 in one digit keeps the sum a multiple of 5: still valid. */
Test(siret, la_poste_changes)
{
	char		s[SIRET_LEN];
	size_t		pos;
	char		d;

	for (pos = 9; pos < SIRET_LEN - 1; pos++) {
		for (d = '0'; d <= '9'; d++) {
			memcpy(s, "35600000000006", sizeof(s));
			if (s[pos] == d)
				continue;
			s[pos] = d;
			if ((d - "35600000000006"[pos] + 10) % 5 == 0)
				cr_assert(siret_valid(s), "%s refused", s);
			else
				cr_assert_not(siret_valid(s), "%s accepted", s);
		}
	}
}

/*
 * Only the SIREN 356000000 has the exception: these sum to 15 too, but
 * their Luhn checksum is wrong.
 */
Test(siret, la_poste_siren_exact)
{
	cr_assert_not(siret_valid("35600000100000"));
	cr_assert_not(siret_valid("35600001000000"));
	cr_assert_not(siret_valid("53600000000001"));
}

/*
 * 35600000000048 is La Poste's head office, a registered SIRET: it keeps
 * the Luhn key (3+5+6+0+...+4+8 = 26, not a multiple of 5, but Luhn passes:
 * 6+3+8 + 5+8 = 30). python-stdnum (stdnum/fr/siret.py) and the usual
 * validators make it the one exception to the digit-sum rule.
 */
Test(siret, la_poste_head_office)
{
	cr_assert(siret_valid("35600000000048"),
	    "La Poste's head office 35600000000048 refused");
}
