/*
 * The network domain's reference lists: budget bands of purchase needs,
 * kinds of events.
 */
#ifndef ASR_NETWORK_REFERENCE_H
#define ASR_NETWORK_REFERENCE_H

#include "http/http.h"

int	network_budget_bands(struct http_request *, struct asr_req *);
int	network_event_kinds(struct http_request *, struct asr_req *);

#endif
