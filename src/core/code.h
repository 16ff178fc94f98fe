/*
 * Stable reference codes ("btp-gros-oeuvre", "97611"): lowercase ASCII
 * letters, digits and inner hyphens, 1 to 64 characters. Checking them in C
 * first lets them travel safely as PostgreSQL array literals.
 */
#ifndef ASR_CORE_CODE_H
#define ASR_CORE_CODE_H

#include <stddef.h>

#define CODE_MAX	64

int	code_valid(const char *);

#endif
