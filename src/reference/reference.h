/*
 * Reference data: the enumerations of the domain, served read-only.
 */
#ifndef ASR_REFERENCE_H
#define ASR_REFERENCE_H

#include "http/http.h"

int	reference_communes(struct http_request *, struct asr_req *);
int	reference_sectors(struct http_request *, struct asr_req *);
int	reference_kinds(struct http_request *, struct asr_req *);
int	reference_labels(struct http_request *, struct asr_req *);
int	reference_offer_types(struct http_request *, struct asr_req *);
/* A list that the SQL given builds whole as one JSON text (public, cached). */
int	reference_one(struct http_request *, struct asr_req *, const char *);

#endif
