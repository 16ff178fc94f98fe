/*
 * Tools: stateless computations offered to everyone (no personal data).
 */
#ifndef ASR_TOOLS_H
#define ASR_TOOLS_H

#include "http/http.h"

int	tools_required_hours(struct http_request *, struct asr_req *);

#endif
