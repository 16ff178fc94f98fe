/*
 * Validation of JSON body fields, collecting every error in one errors[]
 * array (field, code, detail) so that a client fixes all in one round.
 * Codes: required, type, range, enum, unknown, precision.
 */
#ifndef ASR_HTTP_FIELDS_H
#define ASR_HTTP_FIELDS_H

#include <stdint.h>

#include <jansson.h>

#define FIELD_ABSENT	0
#define FIELD_OK	1
#define FIELD_BAD	2

int	fields_unknown(json_t *, const char *const *, json_t *);
int	field_decimal(json_t *, const char *, int, int64_t, int64_t, int,
	    int64_t *, json_t *);
int	field_enum(json_t *, const char *, const char *const *, int,
	    const char **, json_t *);
int	field_string(json_t *, const char *, size_t, size_t, int,
	    const char **, json_t *);
int	field_uuid(json_t *, const char *, int, const char **, json_t *);

#endif
