/*
 * E-mail addresses: email_valid() of any text; a valid one fits EMAIL_MAX
 * and has an @ that does not start it.
 */
#include "core/email.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	s = fuzz_cstr(data, size);
	if (email_valid(s)) {
		FUZZ_ASSERT(strlen(s) <= EMAIL_MAX);
		FUZZ_ASSERT(strchr(s, '@') != NULL && s[0] != '@');
	}
	free(s);

	return (0);
}
