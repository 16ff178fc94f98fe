/*
 * Registrations: a supplier signs up without an account and waits, out of
 * the catalogue, for a facilitator to approve or reject it.
 */
#ifndef ASR_CATALOGUE_REGISTRATIONS_H
#define ASR_CATALOGUE_REGISTRATIONS_H

#include "http/http.h"

int	registrations_create(struct http_request *, struct asr_req *);
int	registrations_list(struct http_request *, struct asr_req *);
int	registrations_approve(struct http_request *, struct asr_req *);
int	registrations_reject(struct http_request *, struct asr_req *);

#endif
