/*
 * Scopes of partner API keys, as bits like roles: a key holds a set of
 * them and each route states the one that lets a key use it (0: no scope
 * needed, for public routes; the route's roles must still allow
 * "partner"). openapi.yaml names the same scope per operation (x-scopes).
 */
#ifndef ASR_CORE_SCOPES_H
#define ASR_CORE_SCOPES_H

#include <stddef.h>

#define SCOPE_CATALOGUE_READ	0x0001
#define SCOPE_CATALOGUE_WRITE	0x0002
#define SCOPE_MARKETS_READ	0x0004
#define SCOPE_MARKETS_WRITE	0x0008
#define SCOPE_SYNC_READ		0x0010
#define SCOPE_SYNC_WRITE	0x0020
#define SCOPE_REPORTS_READ	0x0040

#define SCOPES_ALL		0x007f

int		 scope_from_name(const char *);
const char	*scope_name(int);
size_t		 scope_count(void);
int		 scope_at(size_t);

#endif
