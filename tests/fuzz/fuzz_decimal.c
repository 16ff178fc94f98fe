/*
 * Exact decimals: JSON number text as jansson reads it from a body, then
 * decimal_from_double() at the scales the API uses; every accepted value
 * formats to text that reads back to the same scaled integer.
 */
#include <jansson.h>

#include "core/decimal.h"
#include "fuzz.h"

static void	check(double, int);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t		*v;
	double		 d;
	int		 scale;

	if (size == sizeof(double) + 1) {
		memcpy(&d, data, sizeof(d));
		check(d, data[sizeof(d)] % 10);
	}
	v = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	if (json_is_number(v)) {
		for (scale = 0; scale <= 6; scale += 2)
			check(json_number_value(v), scale);
	}
	json_decref(v);

	return (0);
}

static void
check(double d, int scale)
{
	char		 text[64];
	int64_t		 out, again;

	if (decimal_from_double(d, scale, &out) != DECIMAL_OK)
		return;
	decimal_format(out, scale, text, sizeof(text));
	FUZZ_ASSERT(decimal_from_double(strtod(text, NULL), scale, &again) ==
	    DECIMAL_OK);
	FUZZ_ASSERT(again == out);
	(void)decimal_to_double(out, scale);
}
