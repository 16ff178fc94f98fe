/*
 * SIRET numbers: 14 digits whose Luhn checksum is right; SIREN is their
 * first 9. La Poste's establishments (SIREN 356000000) are numbered
 * otherwise: the sum of their digits is a multiple of 5 (all but the head
 * office, 356 000 000 00048, which follows Luhn).
 */
#ifndef ASR_CORE_SIRET_H
#define ASR_CORE_SIRET_H

#define SIRET_LEN	15	/* with the NUL */

int	siret_valid(const char *);

#endif
