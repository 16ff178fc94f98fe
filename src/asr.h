/*
 * ASR Mayotte: what every part of the module shares. The configuration is
 * read once per worker from the environment (twelve-factor style, so the
 * same build runs under `make run`, in tests and in containers).
 */
#ifndef ASR_H
#define ASR_H

#include "core/origins.h"

#if !defined(ASR_VERSION)
#define ASR_VERSION	"0.0.0"
#endif

#define ASR_DB_NAME	"db"

struct asr_config {
	const char	*database_url;
	struct origins	 cors;
	int		 testing;
};

extern struct asr_config	asr_config;

int	asr_init(int);

#endif
