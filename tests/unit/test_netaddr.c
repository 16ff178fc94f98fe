/*
 * Unit tests for src/core/netaddr.c: trusted-proxy lists (addresses and
 * CIDR networks, v4 and v6, malformed entries refused) and the client's
 * address from the peer and X-Forwarded-For.
 */
#include <criterion/criterion.h>

#include "core/netaddr.h"

static struct netaddr_list	trusted;

static const char *
client(const char *peer, const char *xff)
{
	static char	out[NETADDR_TEXT_LEN];

	netaddr_client(&trusted, peer, xff, out, sizeof(out));
	return (out);
}

Test(netaddr, lists)
{
	cr_assert(netaddr_parse_list(&trusted, NULL));
	cr_assert_eq(trusted.count, 0);
	cr_assert(netaddr_parse_list(&trusted, ""));
	cr_assert(netaddr_parse_list(&trusted,
	    "10.0.0.0/8, 127.0.0.1,::1, 172.16.0.0/12,fd00::/8"));
	cr_assert_eq(trusted.count, 5);
	cr_assert(netaddr_contains(&trusted, "10.1.2.3"));
	cr_assert(netaddr_contains(&trusted, "127.0.0.1"));
	cr_assert(netaddr_contains(&trusted, "::ffff:127.0.0.1"));
	cr_assert(netaddr_contains(&trusted, "172.31.255.255"));
	cr_assert_not(netaddr_contains(&trusted, "172.32.0.1"));
	cr_assert(netaddr_contains(&trusted, "::1"));
	cr_assert(netaddr_contains(&trusted, "fd12::5"));
	cr_assert_not(netaddr_contains(&trusted, "fe80::1"));
	cr_assert_not(netaddr_contains(&trusted, "127.0.0.2"));
	cr_assert_not(netaddr_contains(&trusted, "bogus"));
	cr_assert_not(netaddr_contains(&trusted, NULL));
}

Test(netaddr, malformed_lists)
{
	cr_assert_not(netaddr_parse_list(&trusted, "10.0.0.0/33"));
	cr_assert_not(netaddr_parse_list(&trusted, "10.0.0.0/"));
	cr_assert_not(netaddr_parse_list(&trusted, "10.0.0.0/-1"));
	cr_assert_not(netaddr_parse_list(&trusted, "10.0.0.0/8x"));
	cr_assert_not(netaddr_parse_list(&trusted, "nginx"));
	cr_assert_not(netaddr_parse_list(&trusted, "1.2.3.4,,5.6.7.8"));
	cr_assert_not(netaddr_parse_list(&trusted, "::1/129"));
}

Test(netaddr, client_address)
{
	cr_assert(netaddr_parse_list(&trusted, "127.0.0.1,10.0.0.0/8"));
	/* Untrusted peer: the header is ignored. */
	cr_assert_str_eq(client("203.0.113.9", "198.51.100.1"), "203.0.113.9");
	/* Trusted peer without a header. */
	cr_assert_str_eq(client("127.0.0.1", NULL), "127.0.0.1");
	cr_assert_str_eq(client("127.0.0.1", "198.51.100.1"), "198.51.100.1");
	/* A client's own forged entry at the left is not believed. */
	cr_assert_str_eq(client("127.0.0.1", "1.1.1.1, 198.51.100.1"),
	    "198.51.100.1");
	/* Chains of trusted proxies are skipped. */
	cr_assert_str_eq(client("127.0.0.1", "198.51.100.1, 10.0.0.5"),
	    "198.51.100.1");
	cr_assert_str_eq(client("127.0.0.1", "10.0.0.6,10.0.0.5"), "10.0.0.6");
	/* Garbage stops the walk at the last good address. */
	cr_assert_str_eq(client("127.0.0.1", "198.51.100.1, junk"),
	    "127.0.0.1");
	cr_assert_str_eq(client("127.0.0.1", "junk, 198.51.100.1"),
	    "198.51.100.1");
	cr_assert_str_eq(client("127.0.0.1", ""), "127.0.0.1");
	cr_assert_str_eq(client("127.0.0.1", "2001:db8::1"), "2001:db8::1");
}
