/*
 * UTF-8 lengths: limits on names and passwords count characters (code
 * points), as people do, not bytes. Input is valid UTF-8 already (jansson
 * and the query parser refuse anything else).
 */
#ifndef ASR_CORE_UTF8_H
#define ASR_CORE_UTF8_H

#include <stddef.h>

size_t	utf8_chars(const char *);

#endif
