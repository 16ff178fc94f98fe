/*
 * Endpoints about the service itself: health and the contract.
 */
#ifndef ASR_HTTP_META_H
#define ASR_HTTP_META_H

#include "http/http.h"

int	meta_health(struct http_request *, struct asr_req *);
int	meta_openapi_json(struct http_request *, struct asr_req *);
int	meta_openapi_yaml(struct http_request *, struct asr_req *);

#endif
