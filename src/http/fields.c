/*
 * Validation of JSON body fields (see fields.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/decimal.h"
#include "core/uuid.h"
#include "http/fields.h"
#include "http/http.h"

static int	field_lookup(json_t *, const char *, int, json_t **, json_t *);

/* Every member of obj not named in allowed (NULL-ended) is an error. */
int
fields_unknown(json_t *obj, const char *const *allowed, json_t *errors)
{
	const char		*key;
	const char *const	*a;
	json_t			*value;
	int			 bad;

	bad = 0;
	json_object_foreach(obj, key, value) {
		for (a = allowed; *a != NULL; a++) {
			if (strcmp(*a, key) == 0)
				break;
		}
		if (*a == NULL) {
			asr_field_error(errors, key, "unknown",
			    "This field is not accepted here.");
			bad = 1;
		}
	}

	return (bad);
}

/*
 * A JSON number with at most `scale` decimals, within [min, max] once
 * scaled, stored scaled in *out.
 */
int
field_decimal(json_t *obj, const char *name, int scale, int64_t min,
    int64_t max, int required, int64_t *out, json_t *errors)
{
	json_t		*v;
	char		 detail[160], lo[32], hi[32];
	int		 rc;

	if ((rc = field_lookup(obj, name, required, &v, errors)) != FIELD_OK)
		return (rc);

	if (!json_is_number(v)) {
		asr_field_error(errors, name, "type", "Expected a number.");
		return (FIELD_BAD);
	}

	switch (decimal_from_double(json_number_value(v), scale, out)) {
	case DECIMAL_OK:
		break;
	case DECIMAL_PRECISION:
		(void)snprintf(detail, sizeof(detail),
		    "At most %d decimal(s).", scale);
		asr_field_error(errors, name, "precision", detail);
		return (FIELD_BAD);
	default:
		*out = max + 1;
		break;
	}

	if (*out < min || *out > max) {
		decimal_format(min, scale, lo, sizeof(lo));
		decimal_format(max, scale, hi, sizeof(hi));
		(void)snprintf(detail, sizeof(detail),
		    "Expected a number from %s to %s.", lo, hi);
		asr_field_error(errors, name, "range", detail);
		return (FIELD_BAD);
	}

	return (FIELD_OK);
}

/* A string among values (NULL-ended). */
int
field_enum(json_t *obj, const char *name, const char *const *values,
    int required, const char **out, json_t *errors)
{
	const char *const	*a;
	json_t			*v;
	char			 detail[160];
	int			 rc;

	if ((rc = field_lookup(obj, name, required, &v, errors)) != FIELD_OK)
		return (rc);

	if (!json_is_string(v)) {
		asr_field_error(errors, name, "type", "Expected a string.");
		return (FIELD_BAD);
	}

	for (a = values; *a != NULL; a++) {
		if (strcmp(*a, json_string_value(v)) == 0) {
			*out = *a;
			return (FIELD_OK);
		}
	}

	(void)snprintf(detail, sizeof(detail), "Expected one of:");
	for (a = values; *a != NULL; a++) {
		(void)strncat(detail, a == values ? " " : ", ",
		    sizeof(detail) - strlen(detail) - 1);
		(void)strncat(detail, *a, sizeof(detail) - strlen(detail) - 1);
	}
	asr_field_error(errors, name, "enum", detail);

	return (FIELD_BAD);
}

/* A string of min to max characters (code points). */
int
field_string(json_t *obj, const char *name, size_t min, size_t max,
    int required, const char **out, json_t *errors)
{
	json_t		*v;
	const char	*s;
	char		 detail[96];
	size_t		 chars;
	int		 rc;

	if ((rc = field_lookup(obj, name, required, &v, errors)) != FIELD_OK)
		return (rc);

	if (!json_is_string(v)) {
		asr_field_error(errors, name, "type", "Expected a string.");
		return (FIELD_BAD);
	}

	s = json_string_value(v);
	for (chars = 0; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			chars++;
	}
	if (chars < min || chars > max) {
		(void)snprintf(detail, sizeof(detail),
		    "Expected %zu to %zu characters.", min, max);
		asr_field_error(errors, name, "range", detail);
		return (FIELD_BAD);
	}
	*out = json_string_value(v);

	return (FIELD_OK);
}

/* A UUID as a string. */
int
field_uuid(json_t *obj, const char *name, int required, const char **out,
    json_t *errors)
{
	json_t		*v;
	int		 rc;

	if ((rc = field_lookup(obj, name, required, &v, errors)) != FIELD_OK)
		return (rc);

	if (!json_is_string(v) || !uuid_valid(json_string_value(v))) {
		asr_field_error(errors, name, json_is_string(v) ? "invalid" :
		    "type", "Expected a UUID.");
		return (FIELD_BAD);
	}
	*out = json_string_value(v);

	return (FIELD_OK);
}

/* null is not "absent": a client that sends null meant something. */
static int
field_lookup(json_t *obj, const char *name, int required, json_t **v,
    json_t *errors)
{
	if ((*v = json_object_get(obj, name)) == NULL) {
		if (!required)
			return (FIELD_ABSENT);
		asr_field_error(errors, name, "required", "This field is "
		    "required.");
		return (FIELD_BAD);
	}

	if (json_is_null(*v)) {
		asr_field_error(errors, name, "type", "null is not accepted.");
		return (FIELD_BAD);
	}

	return (FIELD_OK);
}
