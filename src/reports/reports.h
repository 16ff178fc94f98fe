/*
 * Reports (issue 10): indicators on clauses, people and the programme's
 * activity, the national survey's yearly figures and the end-of-clause
 * report, as JSON or CSV.
 */
#ifndef ASR_REPORTS_REPORTS_H
#define ASR_REPORTS_REPORTS_H

#include "http/http.h"

int	reports_clauses(struct http_request *, struct asr_req *);
int	reports_people(struct http_request *, struct asr_req *);
int	reports_activity(struct http_request *, struct asr_req *);
int	reports_survey(struct http_request *, struct asr_req *);
int	reports_clause(struct http_request *, struct asr_req *);

#endif
