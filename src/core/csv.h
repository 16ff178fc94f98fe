/*
 * CSV cells and rows (API_CONVENTIONS: RFC 4180 with commas, or ';' with a
 * UTF-8 byte-order mark for French spreadsheets). A cell holding the
 * delimiter, a quote, CR or LF is quoted, its quotes doubled. A text cell
 * that a spreadsheet would run as a formula (starting with = + - @, a tab
 * or CR) is defused with a leading apostrophe (OWASP "CSV injection");
 * numbers and dates are written as given (CSV_RAW), so -3.5 stays a number.
 */
#ifndef ASR_CORE_CSV_H
#define ASR_CORE_CSV_H

#include <stddef.h>

#define CSV_BOM			"\xef\xbb\xbf"
#define CSV_EOL			"\r\n"

#define CSV_TEXT		0
#define CSV_RAW			1

/*
 * Like snprintf: writes what fits of the escaped cell (NUL-terminated
 * when outlen > 0) and returns the length the whole cell needs.
 */
size_t	csv_cell(char *, size_t, const char *, size_t, char, int);
/* The delimiter of a ?delimiter= value: ',' for NULL or "comma". */
int	csv_delimiter(const char *, char *);

#endif
