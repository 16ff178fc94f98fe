/*
 * JSON to CSV (see csvjson.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/csvjson.h"

#define PATH_MAX_LEN	256

static const char *const item_keys[] = { "code", "checkpoint", "year",
	"birth_year", "buyer_id", "organisation_id", "clause_id", "id", NULL };

static void	report_object(struct csv_buf *, const json_t *, const char *,
		    const char *, const char *, const char *, char);
static void	report_array(struct csv_buf *, const json_t *, const char *,
		    char);
static void	report_row(struct csv_buf *, const char *, const char *,
		    const char *, const char *, const json_t *, const char *,
		    char);
static void	scalar_text(const json_t *, char *, size_t);

void
csv_buf_free(struct csv_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

void
csv_buf_add(struct csv_buf *b, const char *s, size_t len)
{
	char	*p;
	size_t	 cap;

	if (b->failed)
		return;
	if (b->len + len + 1 > b->cap) {
		cap = b->cap ? b->cap : 1024;
		while (cap < b->len + len + 1)
			cap *= 2;
		if ((p = realloc(b->data, cap)) == NULL) {
			b->failed = 1;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

/* One cell, after a delimiter unless it is the row's first. */
void
csv_put(struct csv_buf *b, const char *s, size_t len, char delim, int kind,
    int first)
{
	char	 small[256], *big;
	size_t	 n;

	if (!first)
		csv_buf_add(b, &delim, 1);
	n = csv_cell(small, sizeof(small), s, len, delim, kind);
	if (n < sizeof(small)) {
		csv_buf_add(b, small, n);
		return;
	}
	if ((big = malloc(n + 1)) == NULL) {
		b->failed = 1;
		return;
	}
	(void)csv_cell(big, n + 1, s, len, delim, kind);
	csv_buf_add(b, big, n);
	free(big);
}

/* A JSON value as one cell (see csvjson.h). */
void
csv_put_value(struct csv_buf *b, const json_t *v, char delim, int first)
{
	char	 num[64], *text;

	if (v == NULL || json_is_null(v)) {
		csv_put(b, "", 0, delim, CSV_RAW, first);
	} else if (json_is_string(v)) {
		csv_put(b, json_string_value(v), json_string_length(v), delim,
		    CSV_TEXT, first);
	} else if (json_is_object(v) || json_is_array(v)) {
		if ((text = json_dumps(v, JSON_COMPACT |
		    JSON_REAL_PRECISION(15))) == NULL) {
			b->failed = 1;
			return;
		}
		csv_put(b, text, strlen(text), delim, CSV_TEXT, first);
		free(text);
	} else {
		scalar_text(v, num, sizeof(num));
		csv_put(b, num, strlen(num), delim, CSV_RAW, first);
	}
}

void
csv_eol(struct csv_buf *b)
{
	csv_buf_add(b, CSV_EOL, 2);
}

/* The member names of a list's first item, as a JSON array. */
json_t *
csv_list_columns(const json_t *item)
{
	const char	*key;
	json_t		*cols, *v;

	if ((cols = json_array()) == NULL)
		return (NULL);
	/* json_object_foreach needs a non-const object; it only reads. */
	json_object_foreach((json_t *)(uintptr_t)item, key, v) {
		(void)json_array_append_new(cols, json_string(key));
	}

	return (cols);
}

void
csv_list_header(struct csv_buf *b, const json_t *cols, char delim)
{
	const json_t	*c;
	size_t		 i;

	json_array_foreach(cols, i, c) {
		csv_put(b, json_string_value(c), json_string_length(c), delim,
		    CSV_TEXT, i == 0);
	}
	csv_eol(b);
}

void
csv_list_row(struct csv_buf *b, const json_t *cols, const json_t *item,
    char delim)
{
	const json_t	*c;
	size_t		 i;

	json_array_foreach(cols, i, c) {
		csv_put_value(b, json_object_get(item, json_string_value(c)),
		    delim, i == 0);
	}
	csv_eol(b);
}

/* A report as its long table, header first. */
void
csv_report(struct csv_buf *b, const json_t *report, char delim)
{
	static const char *const cols[] = { "section", "item", "label",
		"measure", "value", "masked" };
	size_t		i;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		csv_put(b, cols[i], strlen(cols[i]), delim, CSV_TEXT, i == 0);
	csv_eol(b);
	report_object(b, report, "", "", "", NULL, delim);
}

/*
 * The figures of object o in section; item and label name the breakdown
 * element o is (empty otherwise), idkey the member that gave item.
 */
static void
report_object(struct csv_buf *b, const json_t *o, const char *section,
    const char *item, const char *label, const char *idkey, char delim)
{
	const char	*key, *masked;
	const json_t	*v;
	char		 base[PATH_MAX_LEN], path[PATH_MAX_LEN];

	/* The breakdowns inside an element go under its item. */
	(void)snprintf(base, sizeof(base), "%s%s%s", section,
	    *item && *section ? "." : "", item);
	v = json_object_get(o, "masked");
	masked = json_is_string(v) ? json_string_value(v) : "";
	json_object_foreach((json_t *)(uintptr_t)o, key, v) {
		if (snprintf(path, sizeof(path), "%s%s%s", base,
		    *base ? "." : "", key) >= (int)sizeof(path))
			continue;
		if (json_is_object(v)) {
			report_object(b, v, path, "", "", NULL, delim);
		} else if (json_is_array(v)) {
			report_array(b, v, path, delim);
		} else if (strcmp(key, "masked") != 0 && (idkey == NULL ||
		    (strcmp(key, idkey) != 0 && strcmp(key, "label") != 0 &&
		    strcmp(key, "name") != 0))) {
			report_row(b, section, item, label, key, v,
			    json_is_null(v) ? masked : "", delim);
		}
	}
}

/* A breakdown: each element an item (objects) or a value (scalars). */
static void
report_array(struct csv_buf *b, const json_t *a, const char *section,
    char delim)
{
	const json_t	*e, *v;
	const char	*idkey, *label;
	char		 item[64];
	size_t		 i, k;

	json_array_foreach(a, i, e) {
		if (!json_is_object(e)) {
			(void)snprintf(item, sizeof(item), "%zu", i);
			report_row(b, section, item, "", "value", e, "", delim);
			continue;
		}
		idkey = NULL;
		(void)snprintf(item, sizeof(item), "%zu", i);
		for (k = 0; item_keys[k] != NULL; k++) {
			if ((v = json_object_get(e, item_keys[k])) != NULL) {
				idkey = item_keys[k];
				scalar_text(v, item, sizeof(item));
				break;
			}
		}
		v = json_object_get(e, "label");
		if (v == NULL)
			v = json_object_get(e, "name");
		label = json_is_string(v) ? json_string_value(v) : "";
		report_object(b, e, section, item, label,
		    idkey != NULL ? idkey : "", delim);
	}
}

static void
report_row(struct csv_buf *b, const char *section, const char *item,
    const char *label, const char *measure, const json_t *v,
    const char *masked, char delim)
{
	csv_put(b, section, strlen(section), delim, CSV_TEXT, 1);
	csv_put(b, item, strlen(item), delim, CSV_TEXT, 0);
	csv_put(b, label, strlen(label), delim, CSV_TEXT, 0);
	csv_put(b, measure, strlen(measure), delim, CSV_TEXT, 0);
	csv_put_value(b, v, delim, 0);
	csv_put(b, masked, strlen(masked), delim, CSV_TEXT, 0);
	csv_eol(b);
}

/* A scalar's text: strings as they are, numbers as JSON, null empty. */
static void
scalar_text(const json_t *v, char *out, size_t len)
{
	if (json_is_string(v))
		(void)snprintf(out, len, "%s", json_string_value(v));
	else if (json_is_integer(v))
		(void)snprintf(out, len, "%lld",
		    (long long)json_integer_value(v));
	else if (json_is_real(v))
		(void)snprintf(out, len, "%.15g", json_real_value(v));
	else if (json_is_true(v))
		(void)snprintf(out, len, "true");
	else if (json_is_false(v))
		(void)snprintf(out, len, "false");
	else
		out[0] = '\0';
}
