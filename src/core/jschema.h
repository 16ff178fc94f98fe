/*
 * A JSON Schema validator for the subset of keywords that the standards
 * this API imports use (the DECP v2 schema: type, enum, required,
 * properties, additionalProperties, items, minItems, uniqueItems,
 * minLength, maxLength, minimum, maximum, pattern, anyOf, and local $ref
 * into definitions). Annotations (title, description, format, $id,
 * $schema) are ignored; any other keyword is refused up front by
 * jschema_supported(), so a schema is never half-checked in silence.
 *
 * Errors carry a JSON pointer to the value and the keyword that failed;
 * the first JSCHEMA_ERRORS_MAX are kept, all are counted.
 */
#ifndef ASR_CORE_JSCHEMA_H
#define ASR_CORE_JSCHEMA_H

#include <stddef.h>

#include <jansson.h>

#define JSCHEMA_ERRORS_MAX	48	/* a DECP marche has 24 required */
#define JSCHEMA_PATH_MAX	256
#define JSCHEMA_DEPTH_MAX	64

struct jschema_error {
	char		path[JSCHEMA_PATH_MAX];	/* "/titulaires/0/id" */
	char		keyword[24];		/* "required", "pattern"... */
	char		message[160];
};

struct jschema_result {
	size_t			count;		/* all errors found */
	struct jschema_error	errors[JSCHEMA_ERRORS_MAX];
};

/* 1 when every keyword of schema (and its definitions) is one we check. */
int		 jschema_supported(json_t *, char *, size_t);
/* The schema at a local reference "#/definitions/x", or NULL. */
json_t	*jschema_resolve(json_t *, const char *);
/* root resolves $ref; 1 when instance is valid against schema. */
int		 jschema_validate(json_t *, json_t *,
		    json_t *, struct jschema_result *);

#endif
