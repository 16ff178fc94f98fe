/*
 * DECP records: decp_map() of any JSON text against the DECP schema that
 * the module embeds (src/sync/schema_decp_v2.0.3.json, read once at start
 * from the repository's root, where make fuzz runs). A record is mapped
 * only when it has no error, and then has what the import needs; every
 * error and warning names a JSON pointer.
 */
#include <jansson.h>

#include "core/decp.h"
#include "fuzz.h"

#define SCHEMA	"src/sync/schema_decp_v2.0.3.json"

static json_t	*schema;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if ((schema = json_load_file(SCHEMA, 0, NULL)) == NULL) {
		fprintf(stderr, "fuzz_decp: cannot read %s\n", SCHEMA);
		abort();
	}

	return (0);
}

static void
pointers(json_t *list)
{
	json_t		*e;
	const char	*field;
	size_t		 i;

	json_array_foreach(list, i, e) {
		field = json_string_value(json_object_get(e, "field"));
		FUZZ_ASSERT(field != NULL && field[0] == '/');
		FUZZ_ASSERT(json_is_string(json_object_get(e, "code")));
	}
}

static void
mapped_ok(json_t *m)
{
	json_t		*k;
	size_t		 i;

	FUZZ_ASSERT(json_is_string(json_object_get(m, "decp_id")));
	FUZZ_ASSERT(json_is_string(json_object_get(m, "buyer_siret")));
	FUZZ_ASSERT(json_is_string(json_object_get(m, "object")));
	FUZZ_ASSERT(json_is_number(json_object_get(m, "amount")));
	FUZZ_ASSERT(json_is_array(json_object_get(m, "holders")));
	json_array_foreach(json_object_get(m, "clause_kinds"), i, k)
		FUZZ_ASSERT(decp_consideration(json_string_value(k)) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t		*record, *errors, *warnings, *m;
	char		*s;

	s = fuzz_cstr(data, size);
	(void)decp_nature(s);
	(void)decp_clause_kind(s);
	record = json_loads(s, JSON_DECODE_ANY, NULL);
	free(s);
	if (record == NULL)
		return (0);

	errors = json_array();
	warnings = json_array();
	m = decp_map(schema, record, errors, warnings);
	FUZZ_ASSERT((m == NULL) == (json_array_size(errors) > 0));
	pointers(errors);
	pointers(warnings);
	if (m != NULL)
		mapped_ok(m);
	json_decref(m);
	json_decref(errors);
	json_decref(warnings);
	json_decref(record);

	return (0);
}
