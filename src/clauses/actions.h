/*
 * Attributions of a lot (/v1/lots/{id}/attributions) and the insertion
 * actions of an attribution (/v1/attributions/{id}/actions).
 */
#ifndef ASR_CLAUSES_ACTIONS_H
#define ASR_CLAUSES_ACTIONS_H

#include "http/http.h"

int	attributions_create(struct http_request *, struct asr_req *);
int	attributions_list(struct http_request *, struct asr_req *);
int	attributions_get(struct http_request *, struct asr_req *);
int	attributions_update(struct http_request *, struct asr_req *);
int	actions_create(struct http_request *, struct asr_req *);
int	actions_list(struct http_request *, struct asr_req *);
int	actions_get(struct http_request *, struct asr_req *);
int	actions_update(struct http_request *, struct asr_req *);

#endif
