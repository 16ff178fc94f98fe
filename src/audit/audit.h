/*
 * The audit log, read by administrators: GET /v1/audit, newest first.
 * Its rows are written where the events happen: writes by write_run()
 * (http/writes.c), logins by auth/session.c, key use by auth/apikeys.c.
 */
#ifndef ASR_AUDIT_H
#define ASR_AUDIT_H

#include "http/http.h"

int	audit_list(struct http_request *, struct asr_req *);

#endif
