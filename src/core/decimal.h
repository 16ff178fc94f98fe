/*
 * Exact decimals as scaled integers. Money, hours and shares arrive as JSON
 * numbers (doubles); they are turned into integers of a fixed scale once,
 * refusing values with more decimals than the scale holds, so that every
 * later computation is exact and rounds the same way everywhere.
 */
#ifndef ASR_CORE_DECIMAL_H
#define ASR_CORE_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

#define DECIMAL_OK		0
#define DECIMAL_PRECISION	1	/* more decimals than the scale */
#define DECIMAL_RANGE		2	/* not finite or too large */

int	decimal_from_double(double, int, int64_t *);
void	decimal_format(int64_t, int, char *, size_t);
double	decimal_to_double(int64_t, int);
int64_t	decimal_pow10(int);

#endif
