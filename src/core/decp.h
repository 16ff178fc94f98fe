/*
 * DECP v2 (données essentielles de la commande publique), the pure part:
 * one "marche" record checked against the DECP schema (core/jschema) and a
 * few rules the schema leaves out (calendar dates, this API's bounds on
 * durations and amounts), then mapped to what the import writes: the
 * market's columns, its holders and the clause kinds its
 * considerationsSociales name. Identifiers and places are kept as given;
 * an invalid SIRET is a warning, never an error. Errors and warnings are
 * {"field", "code", "detail"} as in problem+json, the field a JSON pointer
 * into the record.
 */
#ifndef ASR_CORE_DECP_H
#define ASR_CORE_DECP_H

#include <jansson.h>

#define DECP_MARCHE_DEF		"#/definitions/marche"
#define DECP_DURATION_MAX	600		/* months, as markets hold */

/*
 * Checks record against the schema root's marche definition. Returns the
 * mapped object (new reference) when record is valid, else NULL; errors
 * and warnings (arrays) are appended to either way.
 */
json_t	*decp_map(json_t *, json_t *, json_t *, json_t *);

/* The clause type of one considerationSociale, or NULL for none. */
const char	*decp_clause_kind(const char *);
/* The considerationSociale of one clause type, or NULL. */
const char	*decp_consideration(const char *);
/* works, supplies or services from a CPV code ("45000000-7"), or NULL. */
const char	*decp_nature(const char *);
/* Appends jschema's findings to errors as {"field", "code", "detail"}. */
void		 decp_schema_errors(json_t *, json_t *, json_t *, json_t *);

#endif
