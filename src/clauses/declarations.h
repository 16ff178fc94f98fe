/*
 * Insertion hours declared per action and month (/v1/actions/{id}/hours,
 * /v1/hours), their validation by staff, and follow-up visits
 * (/v1/visits).
 */
#ifndef ASR_CLAUSES_DECLARATIONS_H
#define ASR_CLAUSES_DECLARATIONS_H

#include "http/http.h"

int	hours_create(struct http_request *, struct asr_req *);
int	hours_of_action(struct http_request *, struct asr_req *);
int	hours_list(struct http_request *, struct asr_req *);
int	hours_get(struct http_request *, struct asr_req *);
int	hours_update(struct http_request *, struct asr_req *);
int	hours_validate(struct http_request *, struct asr_req *);
int	hours_reject(struct http_request *, struct asr_req *);
int	visits_create(struct http_request *, struct asr_req *);
int	visits_list(struct http_request *, struct asr_req *);
int	visits_get(struct http_request *, struct asr_req *);
int	visits_update(struct http_request *, struct asr_req *);

#endif
