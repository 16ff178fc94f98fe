/*
 * UUIDs as the API writes them: 36 characters, lowercase or uppercase hex
 * in 8-4-4-4-12 groups. Checked in C so that a malformed id in a path is a
 * 404 at once, without a database round trip or a cast error.
 */
#ifndef ASR_CORE_UUID_H
#define ASR_CORE_UUID_H

#define UUID_LEN	37	/* with the NUL */

int	uuid_valid(const char *);

#endif
