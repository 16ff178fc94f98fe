/*
 * Client addresses. The address a request comes from is the socket's peer,
 * unless that peer is a trusted proxy (ASR_TRUSTED_PROXIES: addresses and
 * CIDR networks): then X-Forwarded-For is read from the right, skipping
 * trusted proxies, and the first address that is not one is the client.
 * An address a client wrote itself at the left of the header is never
 * believed, since every proxy appends what it saw on the right.
 */
#ifndef ASR_CORE_NETADDR_H
#define ASR_CORE_NETADDR_H

#include <stddef.h>

#define NETADDR_MAX		32	/* networks in a list */
#define NETADDR_TEXT_LEN	46	/* INET6_ADDRSTRLEN */

struct netaddr_net {
	int		family;		/* 4 or 6 */
	unsigned char	addr[16];
	int		bits;
};

struct netaddr_list {
	size_t			count;
	struct netaddr_net	nets[NETADDR_MAX];
};

int	netaddr_parse_list(struct netaddr_list *, const char *);
int	netaddr_contains(const struct netaddr_list *, const char *);
void	netaddr_client(const struct netaddr_list *, const char *,
	    const char *, char *, size_t);

#endif
