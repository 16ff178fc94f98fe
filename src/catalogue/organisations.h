/*
 * Organisations: the buyers, companies, suppliers, prescribers and the
 * CRESS itself. Minimal for now (identity needs them); the catalogue
 * grows them into the public directory.
 */
#ifndef ASR_CATALOGUE_ORGANISATIONS_H
#define ASR_CATALOGUE_ORGANISATIONS_H

#include "http/fields.h"
#include "http/http.h"

extern const struct field_spec	organisation_fields[];
extern const char *const		organisation_kinds[];

int	organisations_create(struct http_request *, struct asr_req *);
int	organisations_get(struct http_request *, struct asr_req *);
int	organisations_list(struct http_request *, struct asr_req *);
int	organisations_update(struct http_request *, struct asr_req *);

#endif
