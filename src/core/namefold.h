/*
 * Folding of people's names for comparison: the same person is written
 * "Zaïnaba M'Madi", "ZAINABA MMADI" or "zainaba m madi" from one office to
 * the next. name_fold() lowercases, removes the accents of Latin letters
 * (œ, æ, ß, þ become two letters), and drops everything that is not a
 * letter or a digit (spaces, apostrophes, hyphens, punctuation, combining
 * marks); letters of other scripts are kept as they are. The result feeds
 * the blind index (vault.h), never a display.
 */
#ifndef ASR_CORE_NAMEFOLD_H
#define ASR_CORE_NAMEFOLD_H

#include <stddef.h>

/* 1 on success; 0 on invalid UTF-8 or when out is too small ("" then). */
int	name_fold(char *out, size_t outlen, const char *in);

#endif
