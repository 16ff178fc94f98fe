/*
 * Partner API keys: the credential a request sends (Authorization and
 * X-API-Key, the input split at its first newline, a leading byte saying
 * which headers are present), the shape check of "asr_" keys, scope lists
 * and organisation kinds. A key of the right shape decodes to exactly its
 * 32 bytes; a credential always points into the header it came from.
 */
#include <sodium.h>

#include "core/apikey.h"
#include "core/b64url.h"
#include "core/roles.h"
#include "core/scopes.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();

	return (0);
}

static void
shape(const char *s)
{
	unsigned char	raw[64];
	size_t		len;

	if (!apikey_shape_ok(s))
		return;
	FUZZ_ASSERT(apikey_is_key(s) && strlen(s) == APIKEY_LEN);
	FUZZ_ASSERT(b64url_alphabet(s + APIKEY_PREFIX_LEN, APIKEY_BODY_LEN));
	FUZZ_ASSERT(sodium_base642bin(raw, sizeof(raw), s + APIKEY_PREFIX_LEN,
	    APIKEY_BODY_LEN, NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 && len == 32);
}

static void
credential(char *s)
{
	const char	*auth, *key, *out;
	char		*nl, mode;
	int		 rc;

	mode = s[0];
	if (mode == '\0')
		return;
	s++;
	auth = key = NULL;
	if ((nl = strchr(s, '\n')) != NULL)
		*nl = '\0';
	if (mode & 1)
		auth = s;
	if (mode & 2)
		key = nl != NULL ? nl + 1 : "";
	rc = apikey_credential(auth, key, &out);
	switch (rc) {
	case CREDENTIAL_NONE:
		FUZZ_ASSERT(auth == NULL && key == NULL && out == NULL);
		break;
	case CREDENTIAL_BOTH:
		FUZZ_ASSERT(auth != NULL && key != NULL && out == NULL);
		break;
	case CREDENTIAL_NOT_BEARER:
		FUZZ_ASSERT(strncmp(auth, "Bearer ", 7) != 0 && out == NULL);
		break;
	case CREDENTIAL_KEY:
		FUZZ_ASSERT(out == key || out == auth + 7);
		FUZZ_ASSERT(out == key || apikey_is_key(out));
		shape(out);
		break;
	case CREDENTIAL_TOKEN:
		FUZZ_ASSERT(key == NULL && out == auth + 7);
		FUZZ_ASSERT(!apikey_is_key(out));
		break;
	default:
		FUZZ_ASSERT(0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;
	int	 bits, role;

	s = fuzz_cstr(data, size);
	shape(s);
	bits = apikey_scopes_parse(s);
	FUZZ_ASSERT(bits == -1 || (bits > 0 && (bits & ~SCOPES_ALL) == 0));
	role = apikey_role_for_kind(s);
	FUZZ_ASSERT(role == 0 || (role & ROLES_PEOPLE));
	FUZZ_ASSERT(role != ROLE_ADMIN);
	credential(s);
	free(s);

	return (0);
}
