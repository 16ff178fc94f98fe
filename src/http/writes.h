/*
 * The answer to a write done by a SQL function that returns (status,
 * errors, body, [id,] version): status names the check that answered,
 * in the order of API_CONVENTIONS (see sql/migrations/0004).
 */
#ifndef ASR_HTTP_WRITES_H
#define ASR_HTTP_WRITES_H

#include "http/http.h"

#define WRITE_CREATE	1	/* columns: status, errors, body, id, version */
#define WRITE_UPDATE	2	/* columns: status, errors, body, version */
#define WRITE_DELETE	3	/* as update; answers 204 */
#define WRITE_CREATE_NO_VERSION 4	/* status, errors, body, id */

int	write_invalid(struct http_request *, struct asr_req *, const char *,
	    json_t *, const char *);
int	write_answer(struct http_request *, struct asr_req *, int, int,
	    const char *, const char *);

#endif
