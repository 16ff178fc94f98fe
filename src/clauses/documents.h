/*
 * Supporting documents (contracts, payslip extracts, timesheets, SIAE
 * invoices) attached to an action, an hours entry or a visit.
 */
#ifndef ASR_CLAUSES_DOCUMENTS_H
#define ASR_CLAUSES_DOCUMENTS_H

#include "http/http.h"

int	documents_add_action(struct http_request *, struct asr_req *);
int	documents_add_hours(struct http_request *, struct asr_req *);
int	documents_add_visit(struct http_request *, struct asr_req *);
int	documents_of_action(struct http_request *, struct asr_req *);
int	documents_of_hours(struct http_request *, struct asr_req *);
int	documents_of_visit(struct http_request *, struct asr_req *);
int	documents_get(struct http_request *, struct asr_req *);
int	documents_content(struct http_request *, struct asr_req *);

#endif
