/*
 * DECP v2 records: checks and mapping (see decp.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/decp.h"
#include "core/fields.h"
#include "core/jschema.h"
#include "core/siret.h"

/* numeric(15,2): the largest amount a market holds. */
#define DECP_AMOUNT_MAX		9999999999999.0

static const struct {
	const char	*consideration;
	const char	*clause;
} kinds[] = {
	{ "Clause sociale", "execution_condition" },
	{ "Critère social", "award_criterion" },
	{ "Marché réservé", "reserved" },
};

#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

static void	 decp_field(const struct jschema_error *, char *, size_t);
static void	 decp_dates(json_t *, json_t *);
static void	 decp_bounds(json_t *, json_t *);
static void	 decp_warn_siret(json_t *, const char *, const char *,
		    json_t *);
static json_t	*decp_holders(json_t *, json_t *);
static json_t	*decp_kinds(json_t *);
static json_t	*decp_build(json_t *, json_t *);

json_t *
decp_map(json_t *root, json_t *record, json_t *errors, json_t *warnings)
{
	json_t		*schema;
	size_t		 before;

	before = json_array_size(errors);
	if ((schema = jschema_resolve(root, DECP_MARCHE_DEF)) == NULL) {
		field_error(errors, "/", "invalid", "The DECP schema lacks "
		    "its marche definition.");
		return (NULL);
	}
	if (!json_is_object(record)) {
		field_error(errors, "/", "type", "A record is an object.");
		return (NULL);
	}
	decp_schema_errors(root, schema, record, errors);
	decp_dates(record, errors);
	decp_bounds(record, errors);
	if (json_array_size(errors) > before)
		return (NULL);

	decp_warn_siret(json_object_get(record, "acheteur"), "id",
	    "/acheteur/id", warnings);

	return (decp_build(record, warnings));
}

static json_t *
decp_build(json_t *record, json_t *warnings)
{
	json_t		*m, *place;
	const char	*cpv;

	cpv = json_string_value(json_object_get(record, "codeCPV"));
	place = json_object_get(record, "lieuExecution");
	m = json_pack("{s:O, s:O, s:O, s:O, s:O?, s:s?, s:O?, s:O?, s:O?,"
	    " s:O?, s:O?, s:O?}",
	    "decp_id", json_object_get(record, "id"),
	    "buyer_siret", json_object_get(json_object_get(record, "acheteur"),
	    "id"),
	    "object", json_object_get(record, "objet"),
	    "amount", json_object_get(record, "montant"),
	    "cpv_code", json_object_get(record, "codeCPV"),
	    "nature", cpv != NULL ? decp_nature(cpv) : NULL,
	    "procedure", json_object_get(record, "procedure"),
	    "notification_date", json_object_get(record, "dateNotification"),
	    "duration_months", json_object_get(record, "dureeMois"),
	    "place_code", json_object_get(place, "code"),
	    "place_type", json_object_get(place, "typeCode"),
	    "published_on", json_object_get(record, "datePublicationDonnees"));
	if (m == NULL)
		return (NULL);
	json_object_set_new(m, "holders", decp_holders(record, warnings));
	json_object_set_new(m, "clause_kinds", decp_kinds(record));

	return (m);
}

void
decp_schema_errors(json_t *root, json_t *schema, json_t *instance,
    json_t *errors)
{
	struct jschema_result	 r;
	const char		*code;
	char			 detail[JSCHEMA_PATH_MAX + 200];
	char			 field[JSCHEMA_PATH_MAX + 64];
	size_t			 i;

	if (jschema_validate(root, schema, instance, &r))
		return;
	for (i = 0; i < r.count && i < JSCHEMA_ERRORS_MAX; i++) {
		if (strcmp(r.errors[i].keyword, "required") == 0)
			code = "required";
		else if (strcmp(r.errors[i].keyword, "type") == 0)
			code = "type";
		else if (strcmp(r.errors[i].keyword, "enum") == 0)
			code = "enum";
		else if (strcmp(r.errors[i].keyword, "additionalProperties")
		    == 0)
			code = "unknown";
		else if (strstr(r.errors[i].keyword, "imum") != NULL ||
		    strstr(r.errors[i].keyword, "Length") != NULL ||
		    strstr(r.errors[i].keyword, "Items") != NULL)
			code = "range";
		else
			code = "invalid";
		(void)snprintf(detail, sizeof(detail), "%s (schema keyword "
		    "%s).", r.errors[i].message, r.errors[i].keyword);
		decp_field(&r.errors[i], field, sizeof(field));
		field_error(errors, field, code, detail);
	}
	if (r.count > JSCHEMA_ERRORS_MAX)
		field_error(errors, "/", "invalid", "More errors follow; fix "
		    "these first.");
}

/*
 * The field an error names: its path, and for a missing member the
 * member's name after it ("/techniques"), from jschema's message.
 */
static void
decp_field(const struct jschema_error *e, char *field, size_t len)
{
	const char	*name, *end;

	name = strchr(e->message, '"');
	end = name != NULL ? strchr(name + 1, '"') : NULL;
	if (strcmp(e->keyword, "required") != 0 || end == NULL) {
		(void)snprintf(field, len, "%s", e->path[0] != '\0' ? e->path :
		    "/");
		return;
	}
	(void)snprintf(field, len, "%s/%.*s", e->path, (int)(end - name - 1),
	    name + 1);
}

/* The schema's date patterns are unanchored: real calendar dates only. */
static void
decp_dates(json_t *record, json_t *errors)
{
	static const char *const names[] = { "dateNotification",
		"datePublicationDonnees", NULL };
	const char	*s;
	char		 field[64];
	int64_t		 ms;
	size_t		 i;

	for (i = 0; names[i] != NULL; i++) {
		s = json_string_value(json_object_get(record, names[i]));
		if (s == NULL || clock_parse_date(s, &ms))
			continue;
		(void)snprintf(field, sizeof(field), "/%s", names[i]);
		field_error(errors, field, "invalid", "Expected a calendar "
		    "date, YYYY-MM-DD.");
	}
}

static void
decp_bounds(json_t *record, json_t *errors)
{
	json_t		*v;

	v = json_object_get(record, "dureeMois");
	if (json_is_integer(v) && json_integer_value(v) > DECP_DURATION_MAX)
		field_error(errors, "/dureeMois", "range", "A market lasts at "
		    "most 600 months here.");
	v = json_object_get(record, "montant");
	if (json_is_number(v) && json_number_value(v) > DECP_AMOUNT_MAX)
		field_error(errors, "/montant", "range", "An amount is below "
		    "10^13 euros here.");
	v = json_object_get(record, "objet");
	if (json_is_string(v) && json_string_length(v) == 0)
		field_error(errors, "/objet", "range", "An object is not "
		    "empty.");
}

static void
decp_warn_siret(json_t *obj, const char *name, const char *field,
    json_t *warnings)
{
	const char	*s;

	s = json_string_value(json_object_get(obj, name));
	if (s == NULL || siret_valid(s))
		return;
	field_error(warnings, field, "invalid", "Not a valid SIRET (14 digits "
	    "and their checksum): kept as given, not linked.");
}

/* [{"id", "type", "siret"}]: siret true when the id is a valid SIRET. */
static json_t *
decp_holders(json_t *record, json_t *warnings)
{
	json_t		*out, *item, *t;
	const char	*type;
	char		 field[64];
	size_t		 i;
	int		 siret;

	out = json_array();
	json_array_foreach(json_object_get(record, "titulaires"), i, item) {
		t = json_object_get(item, "titulaire");
		type = json_string_value(json_object_get(t, "typeIdentifiant"));
		if (type == NULL || !json_is_string(json_object_get(t, "id")))
			continue;
		siret = strcmp(type, "SIRET") == 0 && siret_valid(
		    json_string_value(json_object_get(t, "id")));
		if (strcmp(type, "SIRET") == 0 && !siret) {
			(void)snprintf(field, sizeof(field),
			    "/titulaires/%zu/titulaire/id", i);
			decp_warn_siret(t, "id", field, warnings);
		}
		json_array_append_new(out, json_pack("{s:O, s:s, s:b}", "id",
		    json_object_get(t, "id"), "type", type, "siret", siret));
	}

	return (out);
}

static json_t *
decp_kinds(json_t *record)
{
	json_t		*out, *v;
	const char	*kind;
	size_t		 i;

	out = json_array();
	json_array_foreach(json_object_get(json_object_get(record,
	    "considerationsSociales"), "considerationSociale"), i, v) {
		if ((kind = decp_clause_kind(json_string_value(v))) != NULL)
			json_array_append_new(out, json_string(kind));
	}

	return (out);
}

const char *
decp_clause_kind(const char *consideration)
{
	size_t		i;

	for (i = 0; consideration != NULL && i < NKINDS; i++) {
		if (strcmp(kinds[i].consideration, consideration) == 0)
			return (kinds[i].clause);
	}

	return (NULL);
}

const char *
decp_consideration(const char *clause)
{
	size_t		i;

	for (i = 0; clause != NULL && i < NKINDS; i++) {
		if (strcmp(kinds[i].clause, clause) == 0)
			return (kinds[i].consideration);
	}

	return (NULL);
}

/* CPV divisions: 45 is works, 01 to 44 and 48 supplies, 50 up services. */
const char *
decp_nature(const char *cpv)
{
	int		division;

	if (strlen(cpv) < 2 || cpv[0] < '0' || cpv[0] > '9' ||
	    cpv[1] < '0' || cpv[1] > '9')
		return (NULL);
	division = (cpv[0] - '0') * 10 + (cpv[1] - '0');
	if (division == 45)
		return ("works");
	if (division >= 50)
		return ("services");

	return ("supplies");
}
