/*
 * The one clock of the program. Every "now" goes through clock_now_ms() so
 * that test builds can pin time (ASR_NOW) and rules about lapses, lateness
 * and purges are tested deterministically. Calendar dates are Mayotte's
 * (Indian/Mayotte, UTC+3 all year, no daylight saving).
 */
#ifndef ASR_CORE_CLOCK_H
#define ASR_CORE_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#define CLOCK_MAYOTTE_OFFSET_S	(3 * 3600)
#define CLOCK_RFC3339_LEN	25	/* "2026-11-27T12:00:00.000Z" + NUL */
#define CLOCK_DATE_LEN		11	/* "2026-11-27" + NUL */

int64_t	clock_now_ms(void);
void	clock_pin(int64_t);
void	clock_unpin(void);
int	clock_parse_rfc3339(const char *, int64_t *);
int	clock_parse_date(const char *, int64_t *);
void	clock_format_rfc3339(int64_t, char *, size_t);
void	clock_mayotte_date(int64_t, char *, size_t);

#endif
