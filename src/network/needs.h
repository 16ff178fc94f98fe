/*
 * Purchase needs (besoins d'achat): a buyer (or a facilitator for it)
 * describes a need, publishes it, and the matching suppliers of the
 * catalogue are found, told, and answer. Buyers reach their own needs;
 * a supplier only the needs it was matched to (any other is a 404); staff
 * reach every need.
 */
#ifndef ASR_NETWORK_NEEDS_H
#define ASR_NETWORK_NEEDS_H

#include "http/http.h"

void	needs_configure(void);

int	needs_create(struct http_request *, struct asr_req *);
int	needs_list(struct http_request *, struct asr_req *);
int	needs_get(struct http_request *, struct asr_req *);
int	needs_update(struct http_request *, struct asr_req *);
int	needs_publish(struct http_request *, struct asr_req *);
int	needs_close(struct http_request *, struct asr_req *);
int	needs_cancel(struct http_request *, struct asr_req *);
int	needs_award(struct http_request *, struct asr_req *);
int	needs_matches(struct http_request *, struct asr_req *);
int	needs_funnel(struct http_request *, struct asr_req *);
int	needs_inbox(struct http_request *, struct asr_req *);
int	needs_seen(struct http_request *, struct asr_req *);
int	needs_answer(struct http_request *, struct asr_req *);
int	needs_answers(struct http_request *, struct asr_req *);
int	needs_answer_get(struct http_request *, struct asr_req *);

#endif
