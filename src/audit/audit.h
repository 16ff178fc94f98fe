/*
 * The audit log, read by administrators: GET /v1/audit, newest first.
 * Its rows are written where the events happen: writes by write_run()
 * (http/writes.c), logins (refused ones too), logouts and token refreshes
 * by auth/session.c, key use by auth/apikeys.c. Entries older than the
 * retention (territory parameter audit_retention_days) are purged by a
 * periodic job (audit/purge.c), the log's one exception to append-only.
 */
#ifndef ASR_AUDIT_H
#define ASR_AUDIT_H

#include "http/http.h"

/*
 * Reads of personal data are audited by their own statement: a CTE that
 * inserts one row per object read (AUDIT_READ_INSERT, with the object ids
 * of its FROM), whose parameters audit_read_params() appends after the
 * read's own n: at, actor, actor type, role, organisation, request id,
 * address ($n+1 to $n+7), then the action ($n+8).
 */
#define AUDIT_READ_PARAMS	8
#define AUDIT_READ_INSERT(n1, n2, n3, n4, n5, n6, n7, n8, type, id)	\
	" INSERT INTO audit_log (at, actor_id, actor_type, role,"	\
	" organisation_id, action, object_type, object_id, request_id,"	\
	" address) SELECT $" n1 "::timestamptz, $" n2 "::uuid, $" n3	\
	", $" n4 ", $" n5 "::uuid, $" n8 ", '" type "', " id ", $" n6	\
	", $" n7 "::inet"

int	audit_list(struct http_request *, struct asr_req *);
void	audit_purge_start(void);
int	audit_read_params(struct asr_req *, const char **, int, char *,
	    size_t, const char *);

#endif
