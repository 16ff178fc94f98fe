/*
 * SIRET checksums (see siret.h).
 */
#include <string.h>

#include "core/siret.h"

#define LA_POSTE_SIREN	"356000000"
#define LA_POSTE_HEAD	"35600000000048"	/* follows Luhn like others */

int
siret_valid(const char *s)
{
	int		i, d, sum, digits;

	if (s == NULL || strlen(s) != 14)
		return (0);

	for (i = 0, sum = 0, digits = 0; i < 14; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (0);
		digits += s[i] - '0';
		/* Luhn: from the right, every second digit is doubled. */
		d = s[i] - '0';
		if (i % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}

	if (strncmp(s, LA_POSTE_SIREN, 9) == 0 && strcmp(s, LA_POSTE_HEAD) != 0)
		return (digits % 5 == 0);

	return (sum % 10 == 0);
}
