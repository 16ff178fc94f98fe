/*
 * The one asynchronous query runner, the only code that speaks Kore's pgsql
 * API. A handler states its SQL and parameters and reads the rows; the
 * runner does the connection, the waiting, the error classification and the
 * recovery after PostgreSQL went away (no restart needed).
 *
 * A handler calls db_run() each time Kore calls it, until it stops saying
 * DB_PENDING (the handler then returns KORE_RESULT_RETRY):
 *
 *	switch (db_run(req, &ar->db, SQL_X, 1, params)) {
 *	case DB_PENDING:
 *		return (KORE_RESULT_RETRY);
 *	case DB_ERROR:
 *		return (asr_db_failure(req, ar));
 *	}
 *	... PQgetvalue(ar->db.result, 0, 0) ...
 *
 * A transaction is one statement: a data-modifying CTE or a SQL function,
 * which PostgreSQL runs atomically in one round trip.
 *
 * db_run_prepared() is the same for a statement run often: NAME stands for
 * QUERY (the caller keeps one text per name), prepared once per database
 * connection on first use, so that PostgreSQL parses it once and can keep
 * a generic plan instead of planning every execution.
 */
#ifndef ASR_DB_H
#define ASR_DB_H

#include <libpq-fe.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#define DB_PENDING	0
#define DB_OK		1
#define DB_ERROR	2

#define DB_PARAMS_MAX	32
#define DB_NAME_LEN	32	/* a prepared statement's name */

struct db_call {
	struct kore_pgsql	sql;
	int			phase;
	int			holds;		/* counts in db_inflight */
	int			queued;
	int			woken;		/* a place is kept for it */
	struct http_request	*req;
	PGresult		*result;
	char			sqlstate[6];
	int			unavailable;
	struct db_call		*wait_prev;	/* the runner's queue */
	struct db_call		*wait_next;
};

int		 db_init(const char *);
int		 db_run(struct http_request *, struct db_call *, const char *,
		    int, const char **);
int		 db_run_prepared(struct http_request *, struct db_call *,
		    const char *, const char *, int, const char **);
void		 db_reset(struct db_call *);
int		 db_rows(const struct db_call *);
const char	*db_value(const struct db_call *, int, int);
int		 db_length(const struct db_call *, int, int);
int		 db_isnull(const struct db_call *, int, int);

#endif
