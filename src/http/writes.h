/*
 * Writes: every write statement goes through write_run(), which audits it
 * and makes creates idempotent in the write's own statement, and the
 * answer to a write done by a SQL function that returns (status, errors,
 * body, [id,] version): status names the check that answered, in the
 * order of API_CONVENTIONS (see sql/migrations/0004).
 *
 * A new write route calls write_run() where it would call db_run(), with
 * the kind of write and the type of object it writes:
 *
 *	switch (write_run(req, ar, WRITE_CREATE, "market", sql_create, 4,
 *	    params)) {
 *	case DB_PENDING:
 *		return (KORE_RESULT_RETRY);
 *	case DB_ERROR:
 *		return (asr_db_failure(req, ar));
 *	}
 *	return (write_answer(req, ar, WRITE_CREATE, IF_MATCH_ANY,
 *	    "/v1/markets", "market"));
 *
 * The statement is one SELECT of the write's function, whose columns are
 * named status (text, 'ok' when done), errors, body, then id and version
 * as the kind says. write_run() wraps it in a data-modifying CTE that adds
 * a row to audit_log when status is 'ok' (action "market.create", the
 * object's id from the id column for creates, from the path's first
 * parameter otherwise), and for a POST create with an Idempotency-Key,
 * stores the answer or replays the stored one (status 'replay', or
 * 'mismatch' for the same key with another body: 422).
 */
#ifndef ASR_HTTP_WRITES_H
#define ASR_HTTP_WRITES_H

#include "http/http.h"

#define WRITE_CREATE	1	/* columns: status, errors, body, id, version */
#define WRITE_UPDATE	2	/* columns: status, errors, body, version */
#define WRITE_DELETE	3	/* as update; answers 204 */
#define WRITE_CREATE_NO_VERSION 4	/* status, errors, body, id */
#define WRITE_ACTION	5	/* POST /x/{id}/verb: status, body; audited
				   as "<object>.<verb>" */

#define IDEMPOTENCY_KEY_MAX	255

int	write_run(struct http_request *, struct asr_req *, int, const char *,
	    const char *, int, const char **);
int	write_done(struct asr_req *);
int	write_invalid(struct http_request *, struct asr_req *, const char *,
	    json_t *, const char *);
int	write_answer(struct http_request *, struct asr_req *, int, int,
	    const char *, const char *);
int	write_idempotency_key_ok(const char *);
void	write_run_free(struct asr_req *);

#endif
