/*
 * The JSON Schema subset (see jschema.h). Patterns are POSIX extended
 * regular expressions once "\d" is spelled [0-9], searched anywhere in the
 * string as JSON Schema says (anchors are the pattern's own).
 */
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/jschema.h"
#include "core/utf8.h"

struct walk {
	json_t		*root;
	struct jschema_result	*result;
	char			 path[JSCHEMA_PATH_MAX];
	int			 depth;
};

static const char *const known_keywords[] = {
	"type", "enum", "required", "properties", "additionalProperties",
	"items", "minItems", "uniqueItems", "minLength", "maxLength",
	"minimum", "maximum", "pattern", "anyOf", "$ref", "definitions",
	"title", "description", "format", "$id", "$schema", NULL,
};

static void	fail(struct walk *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	check(struct walk *, json_t *, json_t *);
static void	check_type(struct walk *, json_t *, json_t *);
static void	check_object(struct walk *, json_t *, json_t *);
static void	check_array(struct walk *, json_t *, json_t *);
static void	check_string(struct walk *, json_t *, json_t *);
static void	check_number(struct walk *, json_t *, json_t *);
static void	check_any_of(struct walk *, json_t *, json_t *);
static void	check_child(struct walk *, json_t *, json_t *,
		    const char *);
static size_t	path_push(struct walk *, const char *);
static int	first_repeat(json_t *, size_t *, size_t *);
static int	type_is(json_t *, const char *);
static int	pattern_matches(const char *, const char *, int *);
static int	supported(json_t *, char *, size_t, int);

int
jschema_validate(json_t *root, json_t *schema,
    json_t *instance, struct jschema_result *result)
{
	struct walk	w;

	memset(result, 0, sizeof(*result));
	memset(&w, 0, sizeof(w));
	w.root = root;
	w.result = result;
	check(&w, schema, instance);

	return (result->count == 0);
}

json_t *
jschema_resolve(json_t *root, const char *ref)
{
	json_t	*at = root;
	char		 name[128];
	const char	*p, *end;
	size_t		 n, i, o;

	if (ref == NULL || strncmp(ref, "#/", 2) != 0)
		return (ref != NULL && strcmp(ref, "#") == 0 ? root : NULL);

	for (p = ref + 2; at != NULL; p = end + 1) {
		end = strchr(p, '/');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n >= sizeof(name))
			return (NULL);
		/* JSON pointer escapes: ~1 is '/', ~0 is '~'. */
		for (i = 0, o = 0; i < n; i++) {
			if (p[i] == '~' && i + 1 < n && (p[i + 1] == '0' ||
			    p[i + 1] == '1')) {
				name[o++] = p[i + 1] == '0' ? '~' : '/';
				i++;
			} else {
				name[o++] = p[i];
			}
		}
		name[o] = '\0';
		at = json_is_object(at) ? json_object_get(at, name) : NULL;
		if (end == NULL)
			break;
	}

	return (at);
}

int
jschema_supported(json_t *schema, char *why, size_t whylen)
{
	if (whylen > 0)
		why[0] = '\0';

	return (supported(schema, why, whylen, 0));
}

static int
supported(json_t *schema, char *why, size_t whylen, int depth)
{
	const char	*key;
	json_t	*value, *v;
	size_t		 i, j;
	int		 known;

	if (depth > JSCHEMA_DEPTH_MAX || !json_is_object(schema)) {
		(void)snprintf(why, whylen, "not a schema object");
		return (0);
	}
	json_object_foreach(schema, key, value) {
		for (known = 0, i = 0; known_keywords[i] != NULL; i++)
			known |= strcmp(known_keywords[i], key) == 0;
		if (!known) {
			(void)snprintf(why, whylen, "keyword \"%s\"", key);
			return (0);
		}
		if (strcmp(key, "properties") == 0 ||
		    strcmp(key, "definitions") == 0) {
			json_object_foreach(value, key, v) {
				if (!supported(v, why, whylen, depth + 1))
					return (0);
			}
		} else if (strcmp(key, "anyOf") == 0) {
			json_array_foreach(value, j, v) {
				if (!supported(v, why, whylen, depth + 1))
					return (0);
			}
		} else if ((strcmp(key, "items") == 0 ||
		    strcmp(key, "additionalProperties") == 0) &&
		    json_is_object(value)) {
			if (!supported(value, why, whylen, depth + 1))
				return (0);
		}
	}

	return (1);
}

static void
check(struct walk *w, json_t *schema, json_t *instance)
{
	json_t	*ref, *target, *allowed, *v;
	size_t		 i;
	int		 found;

	if (!json_is_object(schema))
		return;
	if (++w->depth > JSCHEMA_DEPTH_MAX) {
		fail(w, "$ref", "nested deeper than %d", JSCHEMA_DEPTH_MAX);
		w->depth--;
		return;
	}

	if ((ref = json_object_get(schema, "$ref")) != NULL) {
		target = jschema_resolve(w->root, json_string_value(ref));
		if (target == NULL)
			fail(w, "$ref", "unresolved reference %s",
			    json_string_value(ref) ? json_string_value(ref) :
			    "(not a string)");
		else
			check(w, target, instance);
	}

	check_type(w, schema, instance);
	if ((allowed = json_object_get(schema, "enum")) != NULL) {
		found = 0;
		json_array_foreach(allowed, i, v)
			found |= json_equal(v, instance);
		if (!found)
			fail(w, "enum", "not one of the allowed values");
	}
	if (json_is_object(instance))
		check_object(w, schema, instance);
	else if (json_is_array(instance))
		check_array(w, schema, instance);
	else if (json_is_string(instance))
		check_string(w, schema, instance);
	else if (json_is_number(instance))
		check_number(w, schema, instance);
	check_any_of(w, schema, instance);
	w->depth--;
}

static void
check_type(struct walk *w, json_t *schema, json_t *instance)
{
	json_t	*type, *t;
	size_t		 i;
	int		 ok = 0;

	if ((type = json_object_get(schema, "type")) == NULL)
		return;
	if (json_is_string(type)) {
		ok = type_is(instance, json_string_value(type));
	} else {
		json_array_foreach(type, i, t)
			ok |= type_is(instance, json_string_value(t));
	}
	if (!ok)
		fail(w, "type", "expected %s", json_is_string(type) ?
		    json_string_value(type) : "another type");
}

static void
check_object(struct walk *w, json_t *schema, json_t *instance)
{
	json_t	*props, *req, *extra, *v, *sub;
	const char	*key;
	size_t		 i, len;

	req = json_object_get(schema, "required");
	json_array_foreach(req, i, v) {
		if (json_is_string(v) && json_object_get(instance,
		    json_string_value(v)) == NULL)
			fail(w, "required", "\"%s\" is required",
			    json_string_value(v));
	}

	props = json_object_get(schema, "properties");
	extra = json_object_get(schema, "additionalProperties");
	json_object_foreach(instance, key, v) {
		sub = props != NULL ? json_object_get(props, key) : NULL;
		if (sub != NULL) {
			check_child(w, sub, v, key);
		} else if (json_is_false(extra)) {
			len = path_push(w, key);
			fail(w, "additionalProperties", "not a property of "
			    "this object");
			w->path[len] = '\0';
		} else if (json_is_object(extra)) {
			check_child(w, extra, v, key);
		}
	}
}

static void
check_array(struct walk *w, json_t *schema, json_t *instance)
{
	json_t	*items, *min, *v;
	char		 index[24];
	size_t		 i, j;

	min = json_object_get(schema, "minItems");
	if (json_is_integer(min) && (json_int_t)json_array_size(instance) <
	    json_integer_value(min))
		fail(w, "minItems", "at least %" JSON_INTEGER_FORMAT
		    " item(s)", json_integer_value(min));

	if (json_is_true(json_object_get(schema, "uniqueItems")) &&
	    first_repeat(instance, &i, &j))
		fail(w, "uniqueItems", "items %zu and %zu are equal", i, j);

	if ((items = json_object_get(schema, "items")) == NULL ||
	    !json_is_object(items))
		return;
	json_array_foreach(instance, i, v) {
		(void)snprintf(index, sizeof(index), "%zu", i);
		check_child(w, items, v, index);
	}
}

static void
check_string(struct walk *w, json_t *schema, json_t *instance)
{
	json_t	*min, *max, *pattern;
	const char	*s;
	size_t		 len;
	int		 bad;

	s = json_string_value(instance);
	len = utf8_chars(s);
	min = json_object_get(schema, "minLength");
	max = json_object_get(schema, "maxLength");
	if (json_is_integer(min) && (json_int_t)len < json_integer_value(min))
		fail(w, "minLength", "at least %" JSON_INTEGER_FORMAT
		    " character(s)", json_integer_value(min));
	if (json_is_integer(max) && (json_int_t)len > json_integer_value(max))
		fail(w, "maxLength", "at most %" JSON_INTEGER_FORMAT
		    " character(s)", json_integer_value(max));

	pattern = json_object_get(schema, "pattern");
	if (json_is_string(pattern) &&
	    !pattern_matches(json_string_value(pattern), s, &bad))
		fail(w, "pattern", bad ? "the schema's pattern cannot be "
		    "compiled" : "does not match %s",
		    json_string_value(pattern));
}

static void
check_number(struct walk *w, json_t *schema, json_t *instance)
{
	json_t	*min, *max;
	double		 x;

	x = json_number_value(instance);
	min = json_object_get(schema, "minimum");
	max = json_object_get(schema, "maximum");
	if (json_is_number(min) && x < json_number_value(min))
		fail(w, "minimum", "at least %g", json_number_value(min));
	if (json_is_number(max) && x > json_number_value(max))
		fail(w, "maximum", "at most %g", json_number_value(max));
}

/* Valid against one of the subschemas at least; their errors untold. */
static void
check_any_of(struct walk *w, json_t *schema, json_t *instance)
{
	struct jschema_result	 scratch;
	struct walk		 trial;
	json_t		*any, *sub;
	size_t			 i;

	if ((any = json_object_get(schema, "anyOf")) == NULL)
		return;
	json_array_foreach(any, i, sub) {
		trial = *w;
		memset(&scratch, 0, sizeof(scratch));
		trial.result = &scratch;
		check(&trial, sub, instance);
		if (scratch.count == 0)
			return;
	}
	fail(w, "anyOf", "matches none of the allowed shapes");
}

/* Checks v at path/name. */
static void
check_child(struct walk *w, json_t *schema, json_t *v,
    const char *name)
{
	size_t		len;

	len = path_push(w, name);
	check(w, schema, v);
	w->path[len] = '\0';
}

/* Appends "/name" (escaped as a JSON pointer); returns the old length. */
static size_t
path_push(struct walk *w, const char *name)
{
	size_t		len, i, o;

	len = strlen(w->path);
	o = len;
	if (o + 1 < sizeof(w->path))
		w->path[o++] = '/';
	for (i = 0; name[i] != '\0' && o + 2 < sizeof(w->path); i++) {
		if (name[i] == '~' || name[i] == '/') {
			w->path[o++] = '~';
			w->path[o++] = name[i] == '~' ? '0' : '1';
		} else {
			w->path[o++] = name[i];
		}
	}
	w->path[o] = '\0';

	return (len);
}

/* The first pair of equal items, i < j; 0 when all differ. */
static int
first_repeat(json_t *array, size_t *i, size_t *j)
{
	size_t		n;

	n = json_array_size(array);
	for (*i = 0; *i < n; (*i)++) {
		for (*j = *i + 1; *j < n; (*j)++) {
			if (json_equal(json_array_get(array, *i),
			    json_array_get(array, *j)))
				return (1);
		}
	}

	return (0);
}

static int
type_is(json_t *v, const char *type)
{
	double		x;

	if (type == NULL)
		return (0);
	if (strcmp(type, "object") == 0)
		return (json_is_object(v));
	if (strcmp(type, "array") == 0)
		return (json_is_array(v));
	if (strcmp(type, "string") == 0)
		return (json_is_string(v));
	if (strcmp(type, "boolean") == 0)
		return (json_is_boolean(v));
	if (strcmp(type, "null") == 0)
		return (json_is_null(v));
	if (strcmp(type, "number") == 0)
		return (json_is_number(v));
	if (strcmp(type, "integer") == 0) {
		if (json_is_integer(v))
			return (1);
		x = json_number_value(v);
		return (json_is_real(v) && x == (double)(json_int_t)x);
	}

	return (0);
}

/* ECMA's \d spelled for POSIX; *bad set when the pattern is unusable. */
static int
pattern_matches(const char *pattern, const char *s, int *bad)
{
	regex_t		re;
	char		ere[256];
	size_t		i, o;
	int		rc;

	*bad = 0;
	for (i = 0, o = 0; pattern[i] != '\0'; i++) {
		if (o + 6 >= sizeof(ere)) {
			*bad = 1;
			return (0);
		}
		if (pattern[i] == '\\' && pattern[i + 1] == 'd') {
			memcpy(ere + o, "[0-9]", 5);
			o += 5;
			i++;
		} else {
			ere[o++] = pattern[i];
		}
	}
	ere[o] = '\0';

	if (regcomp(&re, ere, REG_EXTENDED | REG_NOSUB) != 0) {
		*bad = 1;
		return (0);
	}
	rc = regexec(&re, s, 0, NULL, 0);
	regfree(&re);

	return (rc == 0);
}

static void
fail(struct walk *w, const char *keyword, const char *fmt, ...)
{
	struct jschema_error	*e;
	va_list			 ap;

	if (w->result->count++ >= JSCHEMA_ERRORS_MAX)
		return;
	e = &w->result->errors[w->result->count - 1];
	(void)snprintf(e->path, sizeof(e->path), "%s", w->path);
	(void)snprintf(e->keyword, sizeof(e->keyword), "%s", keyword);
	va_start(ap, fmt);
	(void)vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
}
