/*
 * Query strings: qs_parse() on any text, then every lookup a handler
 * makes; each decoded name and value is valid UTF-8 without NUL.
 */
#include "core/qs.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qs	 qs;
	char		*text;
	size_t		 i;

	text = fuzz_cstr(data, size);
	if (qs_parse(&qs, text) == QS_OK) {
		FUZZ_ASSERT(qs.count <= QS_MAX_ARGS);
		for (i = 0; i < qs.count; i++) {
			FUZZ_ASSERT(qs_utf8_valid(qs.args[i].name));
			FUZZ_ASSERT(qs_utf8_valid(qs.args[i].value));
			FUZZ_ASSERT(qs_get(&qs, qs.args[i].name) != NULL);
			FUZZ_ASSERT(qs_count(&qs, qs.args[i].name) >= 1);
		}
		(void)qs_get(&qs, "limit");
	}
	qs_free(&qs);
	free(text);

	return (0);
}
