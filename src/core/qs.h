/*
 * Query strings, parsed by the application rather than by Kore (which keeps
 * only declared parameters, at most 20): every name=value pair in order,
 * percent-decoded, with repeats kept (?subkind=EI&subkind=ACI means OR).
 */
#ifndef ASR_CORE_QS_H
#define ASR_CORE_QS_H

#include <stddef.h>

#define QS_MAX_ARGS		64

#define QS_OK			0
#define QS_TOO_MANY		1
#define QS_BAD_ENCODING		2

struct qs_arg {
	char		*name;
	char		*value;
};

struct qs {
	char		*buf;
	size_t		 count;
	struct qs_arg	 args[QS_MAX_ARGS];
	char		 bad_name[64];
};

int		 qs_parse(struct qs *, const char *);
void		 qs_free(struct qs *);
const char	*qs_get(const struct qs *, const char *);
size_t		 qs_count(const struct qs *, const char *);
int		 qs_decode(char *);
int		 qs_utf8_valid(const char *);

#endif
