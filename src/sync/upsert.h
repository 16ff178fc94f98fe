/*
 * Bulk upsert for partners: POST /v1/sync/organisations and
 * /v1/sync/offers (see upsert.c).
 */
#ifndef ASR_SYNC_UPSERT_H
#define ASR_SYNC_UPSERT_H

#include "http/http.h"

int		 sync_organisations(struct http_request *, struct asr_req *);
int		 sync_offers(struct http_request *, struct asr_req *);
const char	*sync_namespace(const struct asr_req *);

#endif
