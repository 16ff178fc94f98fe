/*
 * What every libFuzzer harness shares: the input as a NUL-terminated
 * string (a C parser sees what a client sends up to its first NUL), and an
 * abort() that libFuzzer reports as a crash when an invariant breaks.
 */
#ifndef ASR_FUZZ_H
#define ASR_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***);

static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char	*s;

	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';

	return (s);
}

#define FUZZ_ASSERT(x)	do {						\
	if (!(x)) {							\
		fprintf(stderr, "invariant broken: %s\n", #x);		\
		abort();						\
	}								\
} while (0)

#endif
