/*
 * The social clauses' reference lists: insertion modes and contract types
 * (/v1/reference/insertion-modes, /v1/reference/contract-types).
 */
#ifndef ASR_CLAUSES_VOCABULARY_H
#define ASR_CLAUSES_VOCABULARY_H

#include "http/http.h"

int	vocabulary_insertion_modes(struct http_request *, struct asr_req *);
int	vocabulary_contract_types(struct http_request *, struct asr_req *);

#endif
