/*
 * Partner API keys: their authentication (a key in Authorization: Bearer
 * or X-API-Key, looked up in PostgreSQL on every request, so that a
 * revocation holds at once in every worker and every server sharing the
 * database) and their administration (/v1/api-keys, admin only).
 */
#ifndef ASR_AUTH_APIKEYS_H
#define ASR_AUTH_APIKEYS_H

#include "http/http.h"

int	apikeys_begin(struct http_request *, struct asr_req *, const char *);
int	apikeys_check(struct http_request *, struct asr_req *);

int	apikeys_create(struct http_request *, struct asr_req *);
int	apikeys_list(struct http_request *, struct asr_req *);
int	apikeys_revoke(struct http_request *, struct asr_req *);

#endif
