/*
 * Unit tests for src/core/decp.c: the mapping of considerationsSociales
 * and CPV divisions, and decp_map() of small records against the DECP
 * schema the module embeds (src/sync/schema_decp_v2.0.3.json): errors
 * named by JSON pointers, invalid SIRETs as warnings, the mapped fields.
 */
#include <criterion/criterion.h>

#include <jansson.h>

#include "core/decp.h"

#define SCHEMA	"src/sync/schema_decp_v2.0.3.json"

static const char record_text[] =
	"{\"id\":\"M1\",\"acheteur\":{\"id\":\"21750001630066\"},"
	"\"nature\":\"Marché\",\"objet\":\"Travaux\","
	"\"codeCPV\":\"45000000-7\","
	"\"techniques\":{\"technique\":[\"Sans objet\"]},"
	"\"modalitesExecution\":{\"modaliteExecution\":[\"Sans objet\"]},"
	"\"marcheInnovant\":false,\"ccag\":\"Travaux\",\"offresRecues\":2,"
	"\"attributionAvance\":false,\"typeGroupementOperateurs\":"
	"\"Pas de groupement\",\"procedure\":\"Procédure adaptée\","
	"\"lieuExecution\":{\"code\":\"97600\",\"typeCode\":\"Code postal\"},"
	"\"dureeMois\":12,\"dateNotification\":\"2025-03-01\","
	"\"datePublicationDonnees\":\"2025-03-05\",\"montant\":120000,"
	"\"typesPrix\":{\"typePrix\":[\"Définitif ferme\"]},"
	"\"formePrix\":\"Forfaitaire\",\"sousTraitanceDeclaree\":false,"
	"\"titulaires\":[{\"titulaire\":{\"id\":\"12345678900000\","
	"\"typeIdentifiant\":\"SIRET\"}}],"
	"\"considerationsSociales\":{\"considerationSociale\":"
	"[\"Clause sociale\",\"Marché réservé\"]},"
	"\"considerationsEnvironnementales\":"
	"{\"considerationEnvironnementale\":"
	"[\"Pas de considération environnementale\"]}}";

static json_t	*schema;

static void
setup(void)
{
	schema = json_load_file(SCHEMA, 0, NULL);
	cr_assert_not_null(schema, "cannot read %s", SCHEMA);
}

static void
teardown(void)
{
	json_decref(schema);
}

static int
has(json_t *list, const char *field, const char *code)
{
	json_t	*e;
	size_t	 i;

	json_array_foreach(list, i, e) {
		if (strcmp(json_string_value(json_object_get(e, "field")),
		    field) == 0 && strcmp(json_string_value(json_object_get(e,
		    "code")), code) == 0)
			return (1);
	}

	return (0);
}

Test(decp, clause_kinds_both_ways)
{
	cr_assert_str_eq(decp_clause_kind("Clause sociale"),
	    "execution_condition");
	cr_assert_str_eq(decp_clause_kind("Critère social"), "award_criterion");
	cr_assert_str_eq(decp_clause_kind("Marché réservé"), "reserved");
	cr_assert_null(decp_clause_kind("Pas de considération sociale"));
	cr_assert_null(decp_clause_kind(NULL));
	cr_assert_str_eq(decp_consideration("reserved"), "Marché réservé");
	cr_assert_null(decp_consideration("nope"));
}

Test(decp, nature_from_cpv)
{
	cr_assert_str_eq(decp_nature("45000000-7"), "works");
	cr_assert_str_eq(decp_nature("03100000"), "supplies");
	cr_assert_str_eq(decp_nature("48000000"), "supplies");
	cr_assert_str_eq(decp_nature("90910000"), "services");
	cr_assert_null(decp_nature("4"));
	cr_assert_null(decp_nature("x5000000"));
}

Test(decp, maps_a_valid_record, .init = setup, .fini = teardown)
{
	json_t	*record, *errors, *warnings, *m;

	record = json_loads(record_text, 0, NULL);
	errors = json_array();
	warnings = json_array();
	m = decp_map(schema, record, errors, warnings);
	cr_assert_not_null(m, "%s", json_dumps(errors, 0));
	cr_assert_eq(json_array_size(errors), 0);
	cr_assert_str_eq(json_string_value(json_object_get(m, "decp_id")),
	    "M1");
	cr_assert_str_eq(json_string_value(json_object_get(m, "nature")),
	    "works");
	cr_assert_eq(json_array_size(json_object_get(m, "clause_kinds")), 2);
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(m,
	    "clause_kinds"), 1)), "reserved");
	/* 12345678900000 fails the checksum: a warning, not linked. */
	cr_assert(has(warnings, "/titulaires/0/titulaire/id", "invalid"));
	cr_assert(json_is_false(json_object_get(json_array_get(
	    json_object_get(m, "holders"), 0), "siret")));
	json_decref(m);
	json_decref(record);
	json_decref(errors);
	json_decref(warnings);
}

Test(decp, names_what_is_wrong, .init = setup, .fini = teardown)
{
	json_t	*record, *errors, *warnings;

	record = json_loads(record_text, 0, NULL);
	json_object_del(record, "acheteur");
	json_object_set_new(record, "montant", json_string("cher"));
	json_object_set_new(record, "dateNotification",
	    json_string("2025-02-30"));
	json_object_set_new(record, "dureeMois", json_integer(601));
	errors = json_array();
	warnings = json_array();
	cr_assert_null(decp_map(schema, record, errors, warnings));
	cr_assert(has(errors, "/acheteur", "required"));
	cr_assert(has(errors, "/montant", "type"));
	cr_assert(has(errors, "/dateNotification", "invalid"));
	cr_assert(has(errors, "/dureeMois", "range"));
	json_decref(record);
	json_decref(errors);
	json_decref(warnings);

	errors = json_array();
	warnings = json_array();
	record = json_integer(1);
	cr_assert_null(decp_map(schema, record, errors, warnings));
	cr_assert(has(errors, "/", "type"));
	json_decref(record);
	json_decref(errors);
	json_decref(warnings);
}
