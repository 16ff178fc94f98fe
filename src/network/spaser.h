/*
 * The SPASER of a public buyer (/v1/organisations/{id}/spaser) and the
 * network of members (/v1/network/...): the buyer itself and staff read
 * and write a SPASER; people read the members list; staff and the member
 * itself read its history and the events it attended.
 */
#ifndef ASR_NETWORK_SPASER_H
#define ASR_NETWORK_SPASER_H

#include "http/http.h"

int	spaser_get(struct http_request *, struct asr_req *);
int	spaser_put(struct http_request *, struct asr_req *);
int	network_members(struct http_request *, struct asr_req *);
int	network_history(struct http_request *, struct asr_req *);
int	network_events(struct http_request *, struct asr_req *);

#endif
