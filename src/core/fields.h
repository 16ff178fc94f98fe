/*
 * Validation of JSON body fields, collecting every error in one errors[]
 * array (field, code, detail) so that a client fixes all in one round.
 * Codes: required, type, range, enum, unknown, precision.
 */
#ifndef ASR_CORE_FIELDS_H
#define ASR_CORE_FIELDS_H

#include <stdint.h>

#include <jansson.h>

#define FIELD_ABSENT	0
#define FIELD_OK	1
#define FIELD_BAD	2

void	field_error(json_t *, const char *, const char *, const char *);
int	fields_unknown(json_t *, const char *const *, json_t *);
int	field_decimal(json_t *, const char *, int, int64_t, int64_t, int,
	    int64_t *, json_t *);
int	field_enum(json_t *, const char *, const char *const *, int,
	    const char **, json_t *);
int	field_string(json_t *, const char *, size_t, size_t, int,
	    const char **, json_t *);
int	field_uuid(json_t *, const char *, int, const char **, json_t *);

/*
 * A body described by a table: each field's type, bounds and flags, so
 * that a resource's validation reads as a list of its fields.
 */
#define FT_STRING	1	/* min..max characters */
#define FT_BOOL		2
#define FT_NUMBER	3	/* lo..hi */
#define FT_DATE		4	/* YYYY-MM-DD */
#define FT_CODES	5	/* array of codes, min..max items */
#define FT_EMAIL	6
#define FT_URL		7	/* http(s)://… */
#define FT_SIRET	8
#define FT_UUID		9
#define FT_COMMUNE	10	/* 976NN; existence is the database's */
#define FT_OBJECTS	11	/* min..max objects, checked by the caller */

#define FF_REQUIRED	0x01	/* on create */
#define FF_NULLABLE	0x02
#define FF_STAFF	0x04	/* only staff may write it */
#define FF_READONLY	0x08	/* never written through the API */

struct field_spec {
	const char	*name;
	int		 type;
	size_t		 min;
	size_t		 max;
	double		 lo;
	double		 hi;
	int		 flags;
};

int	fields_check(json_t *, const struct field_spec *, int, int, json_t *);

#define FIELDS_FORBIDDEN	2	/* fields_check(): a staff-only field */

#endif
