/*
 * DECP v2 import (POST /v1/sync/decp) and export (GET /v1/markets/{id}/decp,
 * GET /v1/reports/decp): see decp.c.
 */
#ifndef ASR_SYNC_DECP_H
#define ASR_SYNC_DECP_H

#include "http/http.h"

int	decp_import(struct http_request *, struct asr_req *);
int	decp_market(struct http_request *, struct asr_req *);
int	decp_year(struct http_request *, struct asr_req *);

#endif
