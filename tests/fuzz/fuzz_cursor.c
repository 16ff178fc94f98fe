/*
 * Cursors: cursor_decode() of any text for each number of parts, and
 * every decoded cursor encodes back to a cursor that decodes the same.
 */
#include "core/cursor.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor	 c, again;
	char		*text, out[CURSOR_MAX_LEN * 2];
	const char	*parts[CURSOR_MAX_PARTS];
	size_t		 n, i;

	text = fuzz_cstr(data, size);
	for (n = 1; n <= CURSOR_MAX_PARTS; n++) {
		if (!cursor_decode(&c, text, n))
			continue;
		FUZZ_ASSERT(c.count == n);
		for (i = 0; i < n; i++)
			parts[i] = c.part[i];
		if (!cursor_encode(out, sizeof(out), parts, n))
			continue;
		FUZZ_ASSERT(cursor_decode(&again, out, n));
		for (i = 0; i < n; i++)
			FUZZ_ASSERT(strcmp(again.part[i], c.part[i]) == 0);
	}
	free(text);

	return (0);
}
