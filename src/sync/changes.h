/*
 * The change feed for partners: GET /v1/sync/changes.
 */
#ifndef ASR_SYNC_CHANGES_H
#define ASR_SYNC_CHANGES_H

#include "http/http.h"

int	changes_list(struct http_request *, struct asr_req *);

#endif
