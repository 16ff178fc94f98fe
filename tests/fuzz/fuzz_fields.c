/*
 * JSON bodies: any bytes through jansson as the dispatcher reads a body
 * (duplicates refused), then every write's field table of src/ (extracted
 * at build time into fields_gen.h) as create and update, staff or not, on
 * the body and on each object member of it (the registration's parts),
 * and the single-field checks the login, users and tools handlers use.
 * Every error names a field and a code; a body said valid has none.
 */
#include <jansson.h>

#include "core/fields.h"
#include "fuzz.h"
#include "fields_gen.h"

static const char *const	allowed[] = { "email", "password", "rule",
				    "amount", NULL };
static const char *const	values[] = { "amount_based", "share_based",
				    NULL };

static void
errors_checked(json_t *errors)
{
	size_t		 i;
	json_t		*e;

	json_array_foreach(errors, i, e) {
		FUZZ_ASSERT(json_is_string(json_object_get(e, "field")));
		FUZZ_ASSERT(json_is_string(json_object_get(e, "code")));
		FUZZ_ASSERT(json_is_string(json_object_get(e, "detail")));
	}
}

static void
tables(json_t *body)
{
	json_t		*errors;
	size_t		 t;
	int		 create, staff, rc;

	for (t = 0; t < sizeof(fuzz_tables) / sizeof(fuzz_tables[0]); t++) {
		for (create = 0; create < 2; create++) {
			for (staff = 0; staff < 2; staff++) {
				errors = json_array();
				rc = fields_check(body, fuzz_tables[t].specs,
				    create, staff, errors);
				FUZZ_ASSERT(rc != 0 ||
				    json_array_size(errors) == 0);
				FUZZ_ASSERT(rc == FIELDS_FORBIDDEN ||
				    (rc != 0) == (json_array_size(errors) > 0));
				errors_checked(errors);
				json_decref(errors);
			}
		}
	}
}

static void
singles(json_t *body)
{
	json_t		*errors;
	const char	*s;
	int64_t		 n;

	errors = json_array();
	(void)fields_unknown(body, allowed, errors);
	(void)field_string(body, "email", 1, 254, 1, &s, errors);
	(void)field_string(body, "password", 1, 1024, 0, &s, errors);
	(void)field_enum(body, "rule", values, 1, &s, errors);
	(void)field_uuid(body, "organisation_id", 0, &s, errors);
	if (field_decimal(body, "amount", 2, 1, 10000000000000LL, 1, &n,
	    errors) == FIELD_OK)
		FUZZ_ASSERT(n >= 1 && n <= 10000000000000LL);
	(void)field_decimal(body, "labour_share", 6, 1, 1000000, 0, &n,
	    errors);
	errors_checked(errors);
	json_decref(errors);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t		*body, *v;
	const char	*key;

	body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    NULL);
	if (!json_is_object(body)) {
		json_decref(body);
		return (0);
	}
	tables(body);
	singles(body);
	json_object_foreach(body, key, v) {
		if (json_is_object(v))
			tables(v);
	}
	json_decref(body);

	return (0);
}
