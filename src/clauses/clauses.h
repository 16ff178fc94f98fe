/*
 * Clauses of a lot (/v1/lots/{id}/clauses, /v1/clauses/{id}), their
 * progress, and the alerts of the social clauses (/v1/alerts).
 */
#ifndef ASR_CLAUSES_CLAUSES_H
#define ASR_CLAUSES_CLAUSES_H

#include "http/http.h"

int	clauses_create(struct http_request *, struct asr_req *);
int	clauses_list(struct http_request *, struct asr_req *);
int	clauses_get(struct http_request *, struct asr_req *);
int	clauses_update(struct http_request *, struct asr_req *);
int	clauses_progress(struct http_request *, struct asr_req *);
int	clauses_alerts(struct http_request *, struct asr_req *);

#endif
