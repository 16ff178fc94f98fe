/*
 * Supporting documents: the Content-Type a client gives (the input up to
 * its first newline) and the file's bytes (the rest). A type is accepted
 * only as one of the canonical types, and a file matches at most the one
 * type it starts as; the bytea hex form decodes back to the same bytes,
 * and any text decodes to at most half its length.
 */
#include "core/filetype.h"
#include "fuzz.h"

static const char *const types[] = { "application/pdf", "image/png",
	"image/jpeg" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const unsigned char	*file;
	const char		*type;
	unsigned char		*back;
	char			*s, *nl, *hex;
	size_t			 flen, len, i;
	int			 matches;

	s = fuzz_cstr(data, size);
	file = data;
	flen = size;
	if ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		file = data + (size_t)(nl - s) + 1;
		flen = size - (size_t)(nl - s) - 1;
	}
	if ((type = filetype_canonical(s)) != NULL) {
		for (i = 0; i < 3 && strcmp(type, types[i]) != 0; i++)
			;
		FUZZ_ASSERT(i < 3);
	}
	for (matches = 0, i = 0; i < 3; i++)
		matches += filetype_matches(types[i], file, flen);
	FUZZ_ASSERT(matches <= 1 && !filetype_matches(NULL, file, flen));

	if ((hex = malloc(2 * size + 3)) == NULL ||
	    (back = malloc(size + 1)) == NULL)
		abort();
	FUZZ_ASSERT(filetype_hex_encode(data, size, hex) == 2 * size + 2);
	FUZZ_ASSERT(filetype_hex_decode(hex, back, &len) && len == size);
	FUZZ_ASSERT(memcmp(back, data, size) == 0);
	if (filetype_hex_decode(s, back, &len))
		FUZZ_ASSERT(2 * len + 2 == strlen(s));
	free(hex);
	free(back);
	free(s);

	return (0);
}
