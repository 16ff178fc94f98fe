/*
 * Trusted proxies and the client's address (see netaddr.h).
 */
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/netaddr.h"

static int	parse_net(struct netaddr_net *, const char *, size_t);
static int	parse_addr(const char *, size_t, int *, unsigned char *);
static int	net_contains(const struct netaddr_net *, int,
		    const unsigned char *);

/* "10.0.0.0/8, 127.0.0.1,::1": 1, or 0 when an entry is malformed. */
int
netaddr_parse_list(struct netaddr_list *list, const char *text)
{
	const char	*p, *end;
	size_t		 len;

	memset(list, 0, sizeof(*list));
	if (text == NULL)
		return (1);

	for (p = text; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		while (*p == ' ')
			p++;
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		len = (size_t)(end - p);
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len == 0) {
			if (*end == '\0')
				break;
			return (0);
		}
		if (list->count == NETADDR_MAX ||
		    !parse_net(&list->nets[list->count], p, len))
			return (0);
		list->count++;
	}

	return (1);
}

int
netaddr_contains(const struct netaddr_list *list, const char *addr)
{
	unsigned char	bytes[16];
	size_t		i;
	int		family;

	if (addr == NULL || !parse_addr(addr, strlen(addr), &family, bytes))
		return (0);

	for (i = 0; i < list->count; i++) {
		if (net_contains(&list->nets[i], family, bytes))
			return (1);
	}

	return (0);
}

/*
 * The client's address into out: peer, or from X-Forwarded-For (xff, may
 * be NULL) when peer is a trusted proxy. A malformed entry stops the walk:
 * the last address known good is the answer.
 */
void
netaddr_client(const struct netaddr_list *trusted, const char *peer,
    const char *xff, char *out, size_t len)
{
	unsigned char	 bytes[16];
	char		 copy[1024], *entries[NETADDR_MAX], *p, *e;
	size_t		 n, i;
	int		 family;

	(void)snprintf(out, len, "%s", peer);
	if (xff == NULL || !netaddr_contains(trusted, peer) ||
	    strlen(xff) >= sizeof(copy))
		return;

	(void)snprintf(copy, sizeof(copy), "%s", xff);
	n = 0;
	for (p = copy; p != NULL; p = e) {
		if (n == NETADDR_MAX)
			return;
		if ((e = strchr(p, ',')) != NULL)
			*e++ = '\0';
		entries[n++] = p;
	}

	for (i = n; i > 0; i--) {
		p = entries[i - 1];
		while (*p == ' ' || *p == '\t')
			p++;
		e = p + strlen(p);
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		if (!parse_addr(p, strlen(p), &family, bytes))
			return;
		(void)snprintf(out, len, "%s", p);
		if (!netaddr_contains(trusted, p))
			return;
	}
}

static int
parse_net(struct netaddr_net *net, const char *p, size_t len)
{
	const char	*slash;
	char		 bits[8], *ep;
	size_t		 alen;
	long		 n;
	int		 max;

	slash = memchr(p, '/', len);
	alen = slash != NULL ? (size_t)(slash - p) : len;
	if (!parse_addr(p, alen, &net->family, net->addr))
		return (0);
	max = net->family == 4 ? 32 : 128;
	net->bits = max;
	if (slash == NULL)
		return (1);

	if (len - alen - 1 == 0 || len - alen - 1 >= sizeof(bits))
		return (0);
	memcpy(bits, slash + 1, len - alen - 1);
	bits[len - alen - 1] = '\0';
	if (bits[0] < '0' || bits[0] > '9')
		return (0);
	n = strtol(bits, &ep, 10);
	if (*ep != '\0' || n < 0 || n > max)
		return (0);
	net->bits = (int)n;

	return (1);
}

/* An IPv4-mapped IPv6 address counts as the IPv4 address it maps. */
static int
parse_addr(const char *p, size_t len, int *family, unsigned char *bytes)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };
	char		text[NETADDR_TEXT_LEN];

	if (len == 0 || len >= sizeof(text))
		return (0);
	memcpy(text, p, len);
	text[len] = '\0';

	memset(bytes, 0, 16);
	if (inet_pton(AF_INET, text, bytes) == 1) {
		*family = 4;
		return (1);
	}
	if (inet_pton(AF_INET6, text, bytes) == 1) {
		*family = 6;
		if (memcmp(bytes, mapped, sizeof(mapped)) == 0) {
			memmove(bytes, bytes + 12, 4);
			memset(bytes + 4, 0, 12);
			*family = 4;
		}
		return (1);
	}

	return (0);
}

static int
net_contains(const struct netaddr_net *net, int family,
    const unsigned char *bytes)
{
	int		full, rest;

	if (net->family != family)
		return (0);

	full = net->bits / 8;
	rest = net->bits % 8;
	if (memcmp(net->addr, bytes, (size_t)full) != 0)
		return (0);
	if (rest == 0)
		return (1);

	return (((net->addr[full] ^ bytes[full]) &
	    (unsigned char)(0xff << (8 - rest))) == 0);
}
