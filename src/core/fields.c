/*
 * Validation of JSON body fields (see fields.h). Pure: no Kore here, so
 * that the libFuzzer harness and the unit tests reach it alone.
 */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/decimal.h"
#include "core/email.h"
#include "core/siret.h"
#include "core/utf8.h"
#include "core/uuid.h"
#include "core/fields.h"

static int	field_lookup(json_t *, const char *, int, json_t **, json_t *);

/* One entry of errors[]: the field, a code and a sentence. */
void
field_error(json_t *errors, const char *field, const char *code,
    const char *detail)
{
	json_array_append_new(errors, json_pack("{s:s, s:s, s:s}",
	    "field", field, "code", code, "detail", detail));
}

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
			field_error(errors, key, "unknown",
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
		field_error(errors, name, "type", "Expected a number.");
		return (FIELD_BAD);
	}

	switch (decimal_from_double(json_number_value(v), scale, out)) {
	case DECIMAL_OK:
		break;
	case DECIMAL_PRECISION:
		(void)snprintf(detail, sizeof(detail),
		    "At most %d decimal(s).", scale);
		field_error(errors, name, "precision", detail);
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
		field_error(errors, name, "range", detail);
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
		field_error(errors, name, "type", "Expected a string.");
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
	field_error(errors, name, "enum", detail);

	return (FIELD_BAD);
}

/* A string of min to max characters (code points). */
int
field_string(json_t *obj, const char *name, size_t min, size_t max,
    int required, const char **out, json_t *errors)
{
	json_t		*v;
	char		 detail[96];
	size_t		 chars;
	int		 rc;

	if ((rc = field_lookup(obj, name, required, &v, errors)) != FIELD_OK)
		return (rc);

	if (!json_is_string(v)) {
		field_error(errors, name, "type", "Expected a string.");
		return (FIELD_BAD);
	}

	chars = utf8_chars(json_string_value(v));
	if (chars < min || chars > max) {
		(void)snprintf(detail, sizeof(detail),
		    "Expected %zu to %zu characters.", min, max);
		field_error(errors, name, "range", detail);
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
		field_error(errors, name, json_is_string(v) ? "invalid" :
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
		field_error(errors, name, "required", "This field is "
		    "required.");
		return (FIELD_BAD);
	}

	if (json_is_null(*v)) {
		field_error(errors, name, "type", "null is not accepted.");
		return (FIELD_BAD);
	}

	return (FIELD_OK);
}

static int	field_spec_value(json_t *, const struct field_spec *, json_t *);

/*
 * Checks body against specs (ended by a NULL name): unknown fields,
 * required ones on create, types and bounds. Returns 0 when valid, 1 with
 * errors appended, FIELDS_FORBIDDEN when a non-staff caller writes a
 * staff-only field (the caller answers 403).
 */
int
fields_check(json_t *body, const struct field_spec *specs, int create,
    int staff, json_t *errors)
{
	const struct field_spec	*f;
	const char		*key;
	json_t			*v;
	int			 known;

	json_object_foreach(body, key, v) {
		known = 0;
		for (f = specs; f->name != NULL; f++) {
			if (strcmp(f->name, key) != 0)
				continue;
			known = 1;
			if (f->flags & FF_READONLY) {
				field_error(errors, key, "unknown",
				    "This field is read-only.");
			} else if ((f->flags & FF_STAFF) && !staff) {
				return (FIELDS_FORBIDDEN);
			}
		}
		if (!known)
			field_error(errors, key, "unknown",
			    "This field is not accepted here.");
	}

	for (f = specs; f->name != NULL; f++) {
		if (f->flags & FF_READONLY)
			continue;
		if ((v = json_object_get(body, f->name)) == NULL) {
			if (create && (f->flags & FF_REQUIRED))
				field_error(errors, f->name, "required",
				    "This field is required.");
			continue;
		}
		if (json_is_null(v)) {
			if (!(f->flags & FF_NULLABLE) ||
			    (create && (f->flags & FF_REQUIRED)))
				field_error(errors, f->name, "type",
				    "null is not accepted.");
			continue;
		}
		(void)field_spec_value(v, f, errors);
	}

	return (json_array_size(errors) > 0);
}

static int
field_spec_value(json_t *v, const struct field_spec *f, json_t *errors)
{
	const char	*s;
	char		 detail[96];
	size_t		 i, n;
	json_t		*item;
	double		 d;
	int64_t		 ms;

	switch (f->type) {
	case FT_BOOL:
		if (!json_is_boolean(v))
			goto type;
		return (1);
	case FT_NUMBER:
		if (!json_is_number(v))
			goto type;
		d = json_number_value(v);
		if (d < f->lo || d > f->hi) {
			(void)snprintf(detail, sizeof(detail),
			    "Expected a number from %g to %g.", f->lo, f->hi);
			field_error(errors, f->name, "range", detail);
			return (0);
		}
		return (1);
	case FT_OBJECTS:
		if (!json_is_array(v))
			goto type;
		n = json_array_size(v);
		if (n < f->min || n > f->max) {
			(void)snprintf(detail, sizeof(detail),
			    "Expected %zu to %zu items.", f->min, f->max);
			field_error(errors, f->name, "range", detail);
			return (0);
		}
		json_array_foreach(v, i, item) {
			if (!json_is_object(item))
				goto type;
		}
		return (1);
	case FT_CODES:
		if (!json_is_array(v))
			goto type;
		n = json_array_size(v);
		if (n < f->min || n > f->max) {
			(void)snprintf(detail, sizeof(detail),
			    "Expected %zu to %zu items.", f->min, f->max);
			field_error(errors, f->name, "range", detail);
			return (0);
		}
		json_array_foreach(v, i, item) {
			if (!json_is_string(item) ||
			    strlen(json_string_value(item)) > 64 ||
			    strlen(json_string_value(item)) == 0) {
				field_error(errors, f->name, "invalid",
				    "Expected an array of codes.");
				return (0);
			}
		}
		return (1);
	default:
		break;
	}

	if (!json_is_string(v))
		goto type;
	s = json_string_value(v);

	switch (f->type) {
	case FT_STRING:
		n = utf8_chars(s);
		if (n < f->min || n > f->max) {
			(void)snprintf(detail, sizeof(detail),
			    "Expected %zu to %zu characters.", f->min, f->max);
			field_error(errors, f->name, "range", detail);
			return (0);
		}
		return (1);
	case FT_DATE:
		if (!clock_parse_date(s, &ms))
			goto invalid;
		return (1);
	case FT_EMAIL:
		if (!email_valid(s))
			goto invalid;
		return (1);
	case FT_URL:
		if (strlen(s) > 300 || (strncmp(s, "https://", 8) != 0 &&
		    strncmp(s, "http://", 7) != 0) || strchr(s, ' ') != NULL ||
		    strlen(s) < 11)
			goto invalid;
		return (1);
	case FT_SIRET:
		if (!siret_valid(s))
			goto invalid;
		return (1);
	case FT_UUID:
		if (!uuid_valid(s))
			goto invalid;
		return (1);
	case FT_COMMUNE:
		if (strlen(s) != 5 || strncmp(s, "976", 3) != 0 ||
		    strspn(s, "0123456789") != 5)
			goto invalid;
		return (1);
	}

type:
	field_error(errors, f->name, "type", "Wrong type for this field.");
	return (0);
invalid:
	field_error(errors, f->name, "invalid", "Not a valid value.");
	return (0);
}
