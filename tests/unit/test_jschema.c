/*
 * Unit tests for src/core/jschema.c: each keyword of the subset on small
 * schemas (valid and invalid instances, the error's path and keyword),
 * references and their depth limit, refusal of unknown keywords; then the
 * DECP v2 schema from ../shared/vectors/decp (skipped when absent): the
 * official example validates, and records broken one way each are refused
 * at the right place.
 */
#include <string.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "core/jschema.h"

#define DECP_SCHEMA	"../shared/vectors/decp/schema_decp_v2.0.3.json"
#define DECP_EXAMPLE	"../shared/vectors/decp/marches_avec_modifications.json"

static json_t *
parse(const char *text)
{
	json_error_t	 err;
	json_t		*v;

	v = json_loads(text, JSON_DECODE_ANY, &err);
	cr_assert_not_null(v, "%s: %s", text, err.text);

	return (v);
}

/* Validates instance against schema; returns the count of errors. */
static size_t
run(const char *schema_text, const char *instance_text,
    struct jschema_result *r)
{
	json_t	*schema, *instance;
	char	 why[128];

	schema = parse(schema_text);
	instance = parse(instance_text);
	cr_assert(jschema_supported(schema, why, sizeof(why)), "%s", why);
	(void)jschema_validate(schema, schema, instance, r);
	json_decref(schema);
	json_decref(instance);

	return (r->count);
}

static void
assert_valid(const char *schema, const char *instance)
{
	struct jschema_result	r;

	cr_assert_eq(run(schema, instance, &r), 0, "%s against %s: %s at %s",
	    instance, schema, r.errors[0].message, r.errors[0].path);
}

static void
assert_error(const char *schema, const char *instance, const char *path,
    const char *keyword)
{
	struct jschema_result	r;

	cr_assert_gt(run(schema, instance, &r), 0, "%s passed %s", instance,
	    schema);
	cr_assert_str_eq(r.errors[0].path, path, "%s: path %s",
	    instance, r.errors[0].path);
	cr_assert_str_eq(r.errors[0].keyword, keyword, "%s: keyword %s",
	    instance, r.errors[0].keyword);
}

Test(jschema, types)
{
	assert_valid("{\"type\":\"integer\"}", "3");
	assert_valid("{\"type\":\"integer\"}", "3.0");
	assert_error("{\"type\":\"integer\"}", "3.5", "", "type");
	assert_error("{\"type\":\"integer\"}", "\"3\"", "", "type");
	assert_valid("{\"type\":\"number\"}", "3");
	assert_valid("{\"type\":\"number\"}", "-0.1");
	assert_error("{\"type\":\"number\"}", "true", "", "type");
	assert_valid("{\"type\":\"boolean\"}", "false");
	assert_error("{\"type\":\"boolean\"}", "0", "", "type");
	assert_valid("{\"type\":[\"string\",\"null\"]}", "null");
	assert_error("{\"type\":[\"string\",\"null\"]}", "{}", "", "type");
	assert_error("{\"type\":\"object\"}", "[]", "", "type");
	assert_error("{\"type\":\"array\"}", "{}", "", "type");
}

Test(jschema, objects)
{
	static const char	s[] = "{\"type\":\"object\","
	    "\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"string\"},\"a/b~c\":"
	    "{\"type\":\"integer\"}},\"additionalProperties\":false}";

	assert_valid(s, "{\"id\":\"x\"}");
	assert_valid(s, "{\"id\":\"x\",\"a/b~c\":1}");
	assert_error(s, "{}", "", "required");
	assert_error(s, "{\"id\":1}", "/id", "type");
	assert_error(s, "{\"id\":\"x\",\"a/b~c\":\"1\"}", "/a~1b~0c", "type");
	assert_error(s, "{\"id\":\"x\",\"z\":1}", "/z", "additionalProperties");
	assert_valid("{\"additionalProperties\":{\"type\":\"string\"}}",
	    "{\"a\":\"b\"}");
	assert_error("{\"additionalProperties\":{\"type\":\"string\"}}",
	    "{\"a\":1}", "/a", "type");
}

Test(jschema, arrays)
{
	static const char	s[] = "{\"type\":\"array\",\"minItems\":1,"
	    "\"uniqueItems\":true,\"items\":{\"type\":\"string\","
	    "\"enum\":[\"Clause sociale\",\"Critère social\"]}}";

	assert_valid(s, "[\"Clause sociale\"]");
	assert_valid(s, "[\"Clause sociale\",\"Critère social\"]");
	assert_error(s, "[]", "", "minItems");
	assert_error(s, "[\"Clause sociale\",\"Clause sociale\"]", "",
	    "uniqueItems");
	assert_error(s, "[\"Clause sociale\",\"Critere social\"]", "/1",
	    "enum");
	assert_error(s, "[\"Clause sociale\",3]", "/1", "type");
}

Test(jschema, strings_and_numbers)
{
	static const char	cpv[] = "{\"type\":\"string\","
	    "\"pattern\":\"^[0-9]{8}(-[0-9])?$\"}";
	static const char	date[] =
	    "{\"pattern\":\"\\\\d{4}-\\\\d{2}-\\\\d{2}\"}";

	assert_valid(cpv, "\"45000000-7\"");
	assert_valid(cpv, "\"45000000\"");
	assert_error(cpv, "\"4500000\"", "", "pattern");
	assert_error(cpv, "\"45000000-77\"", "", "pattern");
	assert_valid(date, "\"2024-05-25\"");
	/* Unanchored, as JSON Schema specifies. */
	assert_valid(date, "\"le 2024-05-25\"");
	assert_error(date, "\"25/05/2024\"", "", "pattern");
	assert_valid("{\"minLength\":2,\"maxLength\":3}", "\"éé\"");
	assert_valid("{\"minLength\":2,\"maxLength\":3}", "\"ééé\"");
	assert_error("{\"minLength\":2,\"maxLength\":3}", "\"é\"", "",
	    "minLength");
	assert_error("{\"minLength\":2,\"maxLength\":3}", "\"éééé\"", "",
	    "maxLength");
	assert_valid("{\"minimum\":0,\"maximum\":1}", "0");
	assert_valid("{\"minimum\":0,\"maximum\":1}", "1.0");
	assert_error("{\"minimum\":0}", "-0.01", "", "minimum");
	assert_error("{\"maximum\":1}", "1.01", "", "maximum");
	assert_error("{\"pattern\":\"(\"}", "\"x\"", "", "pattern");
}

Test(jschema, references_and_any_of)
{
	static const char	s[] = "{\"definitions\":{\"siret\":{\"type\":"
	    "\"string\",\"pattern\":\"^[0-9]{14}$\"}},\"type\":\"object\","
	    "\"properties\":{\"id\":{\"$ref\":\"#/definitions/siret\"},"
	    "\"v\":{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\","
	    "\"minLength\":1}]}}}";

	assert_valid(s, "{\"id\":\"21750001630066\"}");
	assert_error(s, "{\"id\":\"2175000163006\"}", "/id", "pattern");
	assert_valid(s, "{\"v\":3}");
	assert_valid(s, "{\"v\":\"x\"}");
	assert_error(s, "{\"v\":\"\"}", "/v", "anyOf");
	assert_error("{\"$ref\":\"#/definitions/none\"}", "1", "", "$ref");
	/* A schema that refers to itself stops at the depth limit. */
	assert_error("{\"$ref\":\"#\"}", "1", "", "$ref");
}

Test(jschema, resolve)
{
	json_t	*root;

	root = parse("{\"definitions\":{\"a/b\":{\"x\":1},\"m~n\":{\"y\":2}}}");
	cr_assert_not_null(jschema_resolve(root, "#/definitions/a~1b"));
	cr_assert_not_null(jschema_resolve(root, "#/definitions/m~0n"));
	cr_assert_eq(jschema_resolve(root, "#"), root);
	cr_assert_null(jschema_resolve(root, "#/definitions/a/b"));
	cr_assert_null(jschema_resolve(root, "other.json#/x"));
	cr_assert_null(jschema_resolve(root, NULL));
	cr_assert_null(jschema_resolve(root, "#/definitions/a~1b/x/y"));
	json_decref(root);
}

Test(jschema, unknown_keywords_refused)
{
	json_t	*schema;
	char	 why[128];

	schema = parse("{\"properties\":{\"a\":{\"oneOf\":[]}}}");
	cr_assert_not(jschema_supported(schema, why, sizeof(why)));
	cr_assert(strstr(why, "oneOf") != NULL, "%s", why);
	json_decref(schema);
	schema = parse("[]");
	cr_assert_not(jschema_supported(schema, why, sizeof(why)));
	json_decref(schema);
}

Test(jschema, errors_counted_beyond_those_kept)
{
	struct jschema_result	 r;
	char			 instance[512], last[16];
	size_t			 i, o = 0;

	instance[o++] = '[';
	for (i = 0; i < JSCHEMA_ERRORS_MAX + 24; i++)
		o += (size_t)snprintf(instance + o, sizeof(instance) - o,
		    "%s\"x\"", i ? "," : "");
	instance[o++] = ']';
	instance[o] = '\0';
	cr_assert_eq(run("{\"items\":{\"type\":\"integer\"}}", instance, &r),
	    JSCHEMA_ERRORS_MAX + 24);
	(void)snprintf(last, sizeof(last), "/%d", JSCHEMA_ERRORS_MAX - 1);
	cr_assert_str_eq(r.errors[JSCHEMA_ERRORS_MAX - 1].path, last);
}

/* The DECP schema and its official example. */

static json_t	*decp_schema;
static json_t	*decp_marche;

static json_t *
decp_example_marche(size_t i)
{
	json_t	*file, *m;

	file = json_load_file(DECP_EXAMPLE, 0, NULL);
	cr_assert_not_null(file);
	m = json_array_get(json_object_get(json_object_get(file, "marches"),
	    "marche"), i);
	cr_assert_not_null(m);
	json_incref(m);
	json_decref(file);

	return (m);
}

static int
decp_load(void)
{
	decp_schema = json_load_file(DECP_SCHEMA, 0, NULL);
	if (decp_schema == NULL)
		return (0);
	decp_marche = (json_t *)jschema_resolve(decp_schema,
	    "#/definitions/marche");
	cr_assert_not_null(decp_marche);

	return (1);
}

Test(jschema, decp_schema_is_supported_and_example_valid)
{
	struct jschema_result	 r;
	json_t			*file;
	char			 why[128];

	if (!decp_load())
		cr_skip_test("../shared/vectors absent: DECP schema skipped");
	cr_assert(jschema_supported(decp_schema, why, sizeof(why)), "%s", why);
	file = json_load_file(DECP_EXAMPLE, 0, NULL);
	cr_assert_not_null(file);
	cr_assert(jschema_validate(decp_schema, decp_schema, file, &r),
	    "%zu error(s), first %s at %s", r.count, r.errors[0].message,
	    r.errors[0].path);
	json_decref(file);
	json_decref(decp_schema);
}

static void
decp_broken(const char *field, json_t *value, const char *path,
    const char *keyword)
{
	struct jschema_result	 r;
	json_t			*m;

	m = decp_example_marche(0);
	if (value == NULL)
		cr_assert_eq(json_object_del(m, field), 0, "%s", field);
	else
		cr_assert_eq(json_object_set_new(m, field, value), 0);
	cr_assert_not(jschema_validate(decp_schema, decp_marche, m, &r),
	    "%s accepted", field);
	cr_assert_str_eq(r.errors[0].path, path, "%s: %s", field,
	    r.errors[0].path);
	cr_assert_str_eq(r.errors[0].keyword, keyword, "%s: %s (%s)", field,
	    r.errors[0].keyword, r.errors[0].message);
	json_decref(m);
}

Test(jschema, decp_records_broken_one_way_each)
{
	if (!decp_load())
		cr_skip_test("../shared/vectors absent: DECP schema skipped");

	decp_broken("objet", NULL, "", "required");
	decp_broken("codeCPV", json_string("4500000"), "/codeCPV", "pattern");
	decp_broken("montant", json_integer(-5), "/montant", "minimum");
	decp_broken("nature", json_string("Concession"), "/nature", "enum");
	decp_broken("dureeMois", json_string("12"), "/dureeMois", "type");
	decp_broken("dateNotification", json_string("25/05/2024"),
	    "/dateNotification", "pattern");
	decp_broken("acheteur", json_pack("{s:s}", "id", "123"),
	    "/acheteur/id", "pattern");
	json_decref(decp_schema);
}
