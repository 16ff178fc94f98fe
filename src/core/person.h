/*
 * What the server computes about a person before anything reaches the
 * database (issue 8): a random pseudonymous code, a fresh row id, checks of
 * birth dates and phone numbers, the associated data that binds a sealed
 * identity to its row, the padding that hides the length of names, and
 * the two blind indexes (name; name and birth date) that find possible
 * duplicates. First and last names are taken in either order, as offices
 * swap them: the folded pair is sorted before it is indexed.
 */
#ifndef ASR_CORE_PERSON_H
#define ASR_CORE_PERSON_H

#include <stddef.h>

#include "core/vault.h"

#define PERSON_CODE_LEN		11	/* "P-" + 8 + NUL */
#define PERSON_ID_LEN		37
#define PERSON_AD_MAX		64
#define PERSON_PAD		64	/* sealed sizes are multiples of it */

void	person_code(char *);
void	person_new_id(char *);
int	person_birth_date_valid(const char *, const char *, int *);
int	person_phone_valid(const char *);
int	person_identity_ad(char *, size_t, const char *);
size_t	person_padded_len(size_t);
int	person_blinds(const struct vault *, const char *, const char *,
	    const char *, char *, char *);

#endif
