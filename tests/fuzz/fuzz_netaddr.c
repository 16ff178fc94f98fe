/*
 * Client addresses: X-Forwarded-For as a client sends it, read behind
 * trusted proxies (a fixed list, then the input's own first line as the
 * list of ASR_TRUSTED_PROXIES). The address found is always the peer or a
 * whole address that parses, never a truncated one (it goes to SQL as
 * inet); the peer stays the answer when the peer is not trusted.
 */
#include <arpa/inet.h>

#include "core/netaddr.h"
#include "fuzz.h"

#define PEER		"127.0.0.1"
#define TRUSTED		"127.0.0.1, 10.0.0.0/8,::1, 2001:db8::/32"

static struct netaddr_list	fixed;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!netaddr_parse_list(&fixed, TRUSTED))
		abort();

	return (0);
}

static int
parses(const char *s)
{
	unsigned char	bytes[16];

	return (inet_pton(AF_INET, s, bytes) == 1 ||
	    inet_pton(AF_INET6, s, bytes) == 1);
}

static void
client(const struct netaddr_list *list, const char *peer, const char *xff)
{
	char	out[NETADDR_TEXT_LEN];

	netaddr_client(list, peer, xff, out, sizeof(out));
	if (strcmp(out, peer) == 0)
		return;
	FUZZ_ASSERT(netaddr_contains(list, peer));
	FUZZ_ASSERT(parses(out));
	FUZZ_ASSERT(strstr(xff, out) != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netaddr_list	 list;
	char			*s, *nl;

	s = fuzz_cstr(data, size);
	client(&fixed, PEER, s);
	client(&fixed, "192.0.2.1", s);
	if ((nl = strchr(s, '\n')) != NULL) {
		*nl = '\0';
		if (netaddr_parse_list(&list, s)) {
			FUZZ_ASSERT(list.count <= NETADDR_MAX);
			client(&list, PEER, nl + 1);
			client(&list, "::ffff:10.1.2.3", nl + 1);
		}
	}
	free(s);

	return (0);
}
