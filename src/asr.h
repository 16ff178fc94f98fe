/*
 * ASR Mayotte: what every part of the module shares. The configuration is
 * read once per worker from the environment (twelve-factor style, so the
 * same build runs under `make run`, in tests and in containers).
 */
#ifndef ASR_H
#define ASR_H

#include "core/netaddr.h"
#include "core/origins.h"

#if !defined(ASR_VERSION)
#define ASR_VERSION	"0.0.0"
#endif

#define ASR_DB_NAME	"db"

struct http_request;

struct asr_config {
	const char	*database_url;
	struct origins	 cors;
	int		 testing;
	struct netaddr_list trusted_proxies;	/* ASR_TRUSTED_PROXIES */
	struct asr_limits {
		int	 login_account_max;	/* failures per e-mail */
		int	 login_address_max;	/* failures per address */
		int	 login_window_s;
		int	 registration_address_max;
		int	 registration_window_s;
	} limits;
};

extern struct asr_config	asr_config;

int	asr_init(int);
long	asr_env_long(const char *, long, long, long);
void	asr_request_wakeup(struct http_request *);

#endif
