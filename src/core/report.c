/*
 * Age bands, full-time equivalents and masking (see report.h).
 */
#include <string.h>

#include "core/decimal.h"
#include "core/report.h"

static const struct {
	const char	*code;
	const char	*label;
} age_names[AGE_BANDS] = {
	{ "under_26", "Moins de 26 ans" },
	{ "26_49", "26 à 49 ans" },
	{ "50_over", "50 ans et plus" },
	{ "unknown", "Non renseigné" },
};
static const char *const masked_keys[] = { "people", "contracts", "actions",
	NULL };

/* The band of a person born in birth_year (0: unknown) in ref_year. */
int
report_age_band(int ref_year, int birth_year)
{
	int	age;

	if (birth_year <= 0 || birth_year > ref_year)
		return (AGE_UNKNOWN);
	age = ref_year - birth_year;
	if (age < 26)
		return (AGE_UNDER_26);
	if (age < 50)
		return (AGE_26_49);

	return (AGE_50_OVER);
}

const char *
report_age_code(int band)
{
	return (band >= 0 && band < AGE_BANDS ? age_names[band].code : NULL);
}

const char *
report_age_label(int band)
{
	return (band >= 0 && band < AGE_BANDS ? age_names[band].label : NULL);
}

/* Hours in hundredths to full-time equivalents in hundredths, half up. */
int64_t
report_fte_hundredths(int64_t hours_cents)
{
	if (hours_cents <= 0)
		return (0);

	return ((2 * hours_cents + REPORT_FTE_HOURS) /
	    ((int64_t)2 * REPORT_FTE_HOURS));
}

/*
 * [{"birth_year": y | null, "people": n}] folded into the four bands
 * [{"code", "label", "people"}], every band present.
 */
json_t *
report_age_bands(const json_t *by_year, int ref_year)
{
	json_int_t	 counts[AGE_BANDS];
	const json_t	*row, *y, *n;
	json_t		*out;
	size_t		 i;
	int		 band;

	memset(counts, 0, sizeof(counts));
	json_array_foreach(by_year, i, row) {
		y = json_object_get(row, "birth_year");
		n = json_object_get(row, "people");
		if (!json_is_integer(n))
			continue;
		band = report_age_band(ref_year, json_is_integer(y) ?
		    (int)json_integer_value(y) : 0);
		counts[band] += json_integer_value(n);
	}

	if ((out = json_array()) == NULL)
		return (NULL);
	for (band = 0; band < AGE_BANDS; band++)
		(void)json_array_append_new(out, json_pack("{s:s, s:s, s:I}",
		    "code", age_names[band].code,
		    "label", age_names[band].label,
		    "people", counts[band]));

	return (out);
}

/* Beside every "validated_hours", its "validated_fte". */
void
report_add_fte(json_t *v)
{
	const char	*key;
	json_t		*x, *h;
	size_t		 i;
	int64_t		 cents;

	if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			report_add_fte(x);
		}
		return;
	}
	if (!json_is_object(v))
		return;

	h = json_object_get(v, "validated_hours");
	if (json_is_number(h) &&
	    decimal_from_double(json_number_value(h), 2, &cents) ==
	    DECIMAL_OK)
		(void)json_object_set_new(v, "validated_fte", json_real(
		    (double)report_fte_hundredths(cents) / 100.0));
	json_object_foreach(v, key, x) {
		if (json_is_object(x) || json_is_array(x))
			report_add_fte(x);
	}
}

/* Masks the small counts of people in v; returns how many. */
size_t
report_mask(json_t *v)
{
	const char	*key;
	json_t		*x;
	size_t		 i, n = 0;
	int		 hit = 0;

	if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			n += report_mask(x);
		}
		return (n);
	}
	if (!json_is_object(v))
		return (0);

	for (i = 0; masked_keys[i] != NULL; i++) {
		x = json_object_get(v, masked_keys[i]);
		if (json_is_integer(x) &&
		    json_integer_value(x) < REPORT_MASK_BELOW) {
			(void)json_object_set_new(v, masked_keys[i],
			    json_null());
			hit = 1;
			n++;
		}
	}
	if (hit) {
		(void)json_object_set_new(v, "masked",
		    json_string(REPORT_MASKED));
		if (json_object_get(v, "rate") != NULL)
			(void)json_object_set_new(v, "rate", json_null());
	}
	json_object_foreach(v, key, x) {
		if (json_is_object(x) || json_is_array(x))
			n += report_mask(x);
	}

	return (n);
}
