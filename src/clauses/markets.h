/*
 * Markets (/v1/markets), their lots, amendments and progress.
 */
#ifndef ASR_CLAUSES_MARKETS_H
#define ASR_CLAUSES_MARKETS_H

#include "http/http.h"

int	markets_create(struct http_request *, struct asr_req *);
int	markets_list(struct http_request *, struct asr_req *);
int	markets_get(struct http_request *, struct asr_req *);
int	markets_update(struct http_request *, struct asr_req *);
int	markets_progress(struct http_request *, struct asr_req *);
int	amendments_create(struct http_request *, struct asr_req *);
int	amendments_get(struct http_request *, struct asr_req *);
int	amendments_list(struct http_request *, struct asr_req *);
int	lots_create(struct http_request *, struct asr_req *);
int	lots_list(struct http_request *, struct asr_req *);
int	lots_get(struct http_request *, struct asr_req *);
int	lots_update(struct http_request *, struct asr_req *);

#endif
