/*
 * Supporting documents: the file types accepted (PDF, PNG, JPEG), told by
 * their Content-Type and checked against their first bytes, so that a
 * file is what it says it is; and the hex text form in which PostgreSQL
 * takes and gives bytea values.
 */
#ifndef ASR_CORE_FILETYPE_H
#define ASR_CORE_FILETYPE_H

#include <stddef.h>

const char	*filetype_canonical(const char *);
int		 filetype_matches(const char *, const unsigned char *, size_t);
size_t		 filetype_hex_encode(const unsigned char *, size_t, char *);
int		 filetype_hex_decode(const char *, unsigned char *, size_t *);

#endif
