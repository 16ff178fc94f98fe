/*
 * JSON to CSV (core/csv.h cells), for the exports: a list's items as one
 * row each, and a report as a long table.
 *
 * A list: the header is the first item's member names; each item gives
 * its values in that order (a missing one is empty). Strings are text
 * cells (formulas defused), numbers and booleans raw, null empty, and a
 * nested object or array its compact JSON.
 *
 * A report: one row per figure, with the columns section, item, label,
 * measure, value and masked. section is the path of objects down to the
 * figure ("hours", "outcomes.end.by_category"), item the element of a
 * breakdown it belongs to (its code, checkpoint, year, birth_year or id;
 * else its position), label that element's label or name, measure the
 * figure's name, masked "small_count" when a buyer may not see it.
 */
#ifndef ASR_CORE_CSVJSON_H
#define ASR_CORE_CSVJSON_H

#include <stddef.h>

#include <jansson.h>

struct csv_buf {
	char		*data;
	size_t		 len;
	size_t		 cap;
	int		 failed;	/* an allocation failed */
};

void	csv_buf_free(struct csv_buf *);
void	csv_buf_add(struct csv_buf *, const char *, size_t);
void	csv_put(struct csv_buf *, const char *, size_t, char, int, int);
void	csv_put_value(struct csv_buf *, const json_t *, char, int);
void	csv_eol(struct csv_buf *);
json_t	*csv_list_columns(const json_t *);
void	csv_list_header(struct csv_buf *, const json_t *, char);
void	csv_list_row(struct csv_buf *, const json_t *, const json_t *, char);
void	csv_report(struct csv_buf *, const json_t *, char);

#endif
