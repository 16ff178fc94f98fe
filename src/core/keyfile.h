/*
 * Key files: one key per line, blank lines and '#' comments ignored,
 * spaces around a line trimmed. keyfile_each() hands every other line to a
 * callback and stops at the first it refuses, prefixing its message with
 * the line number; the token keyring and the field vault both read theirs
 * this way.
 */
#ifndef ASR_CORE_KEYFILE_H
#define ASR_CORE_KEYFILE_H

#include <stddef.h>

#define KEYFILE_LINE_MAX	256

typedef int	(*keyfile_line_cb)(void *, const char *, char *, size_t);

int	keyfile_each(const char *, keyfile_line_cb, void *, char *, size_t);
/* Reads a whole key file (at most len - 1 bytes) into text. */
int	keyfile_read(const char *, char *, size_t, char *, size_t);

#endif
