/*
 * Opaque list cursors: the sort key of the last item of a page (one or more
 * strings), base64url-encoded so that clients treat it as opaque. Keyset
 * pagination: a page never skips or repeats items when others are added.
 */
#ifndef ASR_CORE_CURSOR_H
#define ASR_CORE_CURSOR_H

#include <stddef.h>

#define CURSOR_MAX_PARTS	4
#define CURSOR_MAX_LEN		1024

struct cursor {
	size_t		count;
	char		buf[CURSOR_MAX_LEN];
	char		*part[CURSOR_MAX_PARTS];
};

int	cursor_encode(char *, size_t, const char *const *, size_t);
int	cursor_decode(struct cursor *, const char *, size_t);

#endif
