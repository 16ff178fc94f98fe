/*
 * Offers: the goods, services, works and staff provision a supplier sells.
 */
#ifndef ASR_CATALOGUE_OFFERS_H
#define ASR_CATALOGUE_OFFERS_H

#include "http/fields.h"
#include "http/http.h"

extern const struct field_spec	offer_fields[];

int	offers_create(struct http_request *, struct asr_req *);
int	offers_list(struct http_request *, struct asr_req *);
int	offers_get(struct http_request *, struct asr_req *);
int	offers_update(struct http_request *, struct asr_req *);

#endif
