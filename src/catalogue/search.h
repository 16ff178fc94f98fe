/*
 * The public catalogue "Achats responsables Mayotte": anonymous search of
 * suppliers and offers, and the public page of a supplier.
 */
#ifndef ASR_CATALOGUE_SEARCH_H
#define ASR_CATALOGUE_SEARCH_H

#include "http/http.h"

int	search_suppliers(struct http_request *, struct asr_req *);
int	search_supplier_page(struct http_request *, struct asr_req *);
int	search_offers(struct http_request *, struct asr_req *);
int	search_public(struct http_request *, struct asr_req *, const char *,
	    const void *, size_t);

#endif
