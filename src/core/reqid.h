/*
 * Request ids: echoed when the client sends a sane one (so a front-end can
 * correlate its logs with ours), generated otherwise.
 */
#ifndef ASR_CORE_REQID_H
#define ASR_CORE_REQID_H

#include <stddef.h>

#define REQID_MAX	128
#define REQID_GEN_LEN	32

int	reqid_valid(const char *);
void	reqid_generate(char *, size_t);

#endif
