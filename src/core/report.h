/*
 * The pure arithmetic of the reports (src/reports): age bands, full-time
 * equivalents and the masking of small counts for buyers.
 *
 * Age bands follow the eligibility rules (under 26, 50 and over): the age
 * is the one reached in the reference year (year − birth year), since only
 * the birth year is kept in clear. A full-time equivalent is 1,607 hours
 * (the legal working year); FTEs are in hundredths, half up.
 *
 * Every count of people in a report is a member named "people",
 * "contracts" or "actions" of some object. For a buyer, such a count below
 * REPORT_MASK_BELOW becomes null, the object gains "masked":
 * "small_count", and a "rate" computed from it becomes null too.
 */
#ifndef ASR_CORE_REPORT_H
#define ASR_CORE_REPORT_H

#include <stdint.h>

#include <jansson.h>

#define REPORT_FTE_HOURS	1607
#define REPORT_MASK_BELOW	5
#define REPORT_MASKED		"small_count"

#define AGE_UNDER_26		0
#define AGE_26_49		1
#define AGE_50_OVER		2
#define AGE_UNKNOWN		3
#define AGE_BANDS		4

int		 report_age_band(int, int);
const char	*report_age_code(int);
const char	*report_age_label(int);
int64_t		 report_fte_hundredths(int64_t);
json_t		*report_age_bands(const json_t *, int);
void		 report_add_fte(json_t *);
size_t		 report_mask(json_t *);

#endif
