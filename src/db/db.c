/*
 * The one asynchronous query runner (see db.h).
 *
 * Kore 4.1 keeps a dead connection in its free list after PostgreSQL went
 * away, and would use it forever; the runner resets such a connection
 * before use, so service comes back by itself when the database does.
 *
 * Kore's own wait queue is not fair under load: a request it wakes finds
 * the freed connection taken by one that just arrived, and queues again at
 * the tail, so a few requests wait for seconds. The runner keeps its own
 * first-come first-served queue in front of Kore's and never asks Kore for
 * a connection while others wait.
 *
 * Kore has no API for prepared statements: db_run_prepared() prepares on
 * the connection Kore lends (PQprepare, once per connection and name, a
 * parse without planning) and sends the execution the way Kore's own
 * pgsql_schedule() sends a query, so that Kore's event loop reads the
 * result as for any of its queries. The runner remembers which names each
 * connection has (by connection and server process, so that a connection
 * reset or replaced starts again from none).
 */
#include <string.h>

#include "asr.h"
#include "db/db.h"

#define PHASE_IDLE	0
#define PHASE_CONNECT	1
#define PHASE_QUERY	2
#define PHASE_DONE	3

static struct db_call	*db_wait_head = NULL;
static struct db_call	*db_wait_tail = NULL;
static u_int16_t	 db_inflight = 0;
static u_int16_t	 db_woken = 0;

/* The statements each connection has prepared. */
#define DB_CONNS_TRACKED	32
#define DB_PREPARED_MAX		64	/* per connection; more run unnamed */

struct db_prepared {
	PGconn		*db;
	int		 pid;
	int		 count;
	char		 names[DB_PREPARED_MAX][DB_NAME_LEN];
};

static struct db_prepared	db_prepared[DB_CONNS_TRACKED];
static u_int16_t		db_prepared_next = 0;

static void	db_wait_add(struct db_call *);
static void	db_wait_remove(struct db_call *);

static int	db_turn(struct http_request *, struct db_call *);
static void	db_release(struct db_call *);
static int	db_connection_ready(struct db_call *);
static int	db_fail(struct db_call *);
static int	db_advance(struct db_call *);
static int	db_sqlstate_unavailable(const char *);
static int	db_send(struct db_call *, const char *, const char *, int,
		    const char **);
static int	db_prepare(struct db_call *, const char *, const char *);
static struct db_prepared	*db_prepared_of(PGconn *, int);
static void	db_prepared_forget(PGconn *);

int
db_init(const char *conninfo)
{
	if (!kore_pgsql_register(ASR_DB_NAME, conninfo)) {
		kore_log(LOG_ERR, "could not register the database");
		return (0);
	}

	return (1);
}

int
db_run(struct http_request *req, struct db_call *call, const char *query,
    int nparams, const char **params)
{
	return (db_run_prepared(req, call, NULL, query, nparams, params));
}

/* As db_run(), NAME (or NULL) standing for QUERY on every connection. */
int
db_run_prepared(struct http_request *req, struct db_call *call,
    const char *name, const char *query, int nparams, const char **params)
{
	if (call->phase == PHASE_DONE)
		return (call->unavailable || call->sqlstate[0] ? DB_ERROR : DB_OK);

	if (call->phase == PHASE_IDLE) {
		kore_pgsql_init(&call->sql);
		kore_pgsql_bind_request(&call->sql, req);
		call->phase = PHASE_CONNECT;
	}

	if (call->phase == PHASE_CONNECT) {
		if (!db_turn(req, call))
			return (DB_PENDING);
		if (!kore_pgsql_setup(&call->sql, ASR_DB_NAME,
		    KORE_PGSQL_ASYNC)) {
			/* Still INIT: queued for a free connection. */
			if (call->sql.state == KORE_PGSQL_STATE_INIT)
				return (DB_PENDING);
			call->unavailable = 1;
			return (db_fail(call));
		}
		call->holds = 1;
		db_inflight++;
		if (!db_connection_ready(call)) {
			call->unavailable = 1;
			return (db_fail(call));
		}
		if (!db_send(call, name, query, nparams, params))
			return (db_fail(call));
		call->phase = PHASE_QUERY;
	}

	return (db_advance(call));
}

/*
 * Sends the query: unnamed as Kore does, or prepared under NAME, then
 * executed as Kore's pgsql_schedule() would (read event on the socket,
 * state WAIT, the request asleep until Kore reads the answer). A
 * connection that has prepared its most already runs the query unnamed.
 */
static int
db_send(struct db_call *call, const char *name, const char *query,
    int nparams, const char **params)
{
	struct kore_pgsql	*sql = &call->sql;
	PGconn			*conn = sql->conn->db;
	int			 fd, ready;

	if (name != NULL) {
		ready = db_prepare(call, name, query);
		if (ready < 0)
			return (0);
		if (ready == 0)
			name = NULL;
	}
	if (name == NULL) {
		if (kore_pgsql_query_param_fields(sql, query, 0, nparams,
		    params, NULL, NULL))
			return (1);
		call->unavailable = 1;
		return (0);
	}

	if (!PQsendQueryPrepared(conn, name, nparams, params, NULL, NULL, 0) ||
	    (fd = PQsocket(conn)) < 0) {
		sql->error = kore_strdup(PQerrorMessage(conn));
		sql->state = KORE_PGSQL_STATE_ERROR;
		call->unavailable = 1;
		return (0);
	}
	kore_platform_schedule_read(fd, sql->conn);
	sql->state = KORE_PGSQL_STATE_WAIT;
	sql->flags |= KORE_PGSQL_SCHEDULED;
	http_request_sleep(sql->req);

	return (1);
}

/*
 * NAME prepared on the call's connection: 1 when it is (now), 0 when the
 * connection keeps no more names (run it unnamed), -1 on an error. A
 * blocking round trip, once per connection and name, that only parses.
 */
static int
db_prepare(struct db_call *call, const char *name, const char *query)
{
	struct kore_pgsql	*sql = &call->sql;
	struct db_prepared	*p;
	PGresult		*res;
	const char		*state;
	int			 i, ok;

	p = db_prepared_of(sql->conn->db, PQbackendPID(sql->conn->db));
	for (i = 0; i < p->count; i++) {
		if (strcmp(p->names[i], name) == 0)
			return (1);
	}
	if (p->count == DB_PREPARED_MAX || strlen(name) >= DB_NAME_LEN)
		return (0);

	res = PQprepare(sql->conn->db, name, query, 0, NULL);
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	/* 42P05: the server has it already (the runner forgot it). */
	ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
	    (state != NULL && strcmp(state, "42P05") == 0);
	if (!ok) {
		if (state != NULL)
			(void)kore_strlcpy(call->sqlstate, state,
			    sizeof(call->sqlstate));
		sql->error = kore_strdup(PQerrorMessage(sql->conn->db));
		sql->state = KORE_PGSQL_STATE_ERROR;
		if (PQstatus(sql->conn->db) == CONNECTION_BAD ||
		    db_sqlstate_unavailable(call->sqlstate))
			call->unavailable = 1;
	}
	PQclear(res);
	if (!ok)
		return (-1);

	(void)kore_strlcpy(p->names[p->count++], name, DB_NAME_LEN);
	return (1);
}

/*
 * The names prepared on CONN, as served by server process PID: a
 * connection that Kore replaced (same address) or libpq reset (new
 * process) has none. Untracked connections take the oldest slot.
 */
static struct db_prepared *
db_prepared_of(PGconn *conn, int pid)
{
	struct db_prepared	*p;
	size_t			 i;

	for (i = 0; i < DB_CONNS_TRACKED; i++) {
		p = &db_prepared[i];
		if (p->db != conn)
			continue;
		if (p->pid != pid) {
			p->pid = pid;
			p->count = 0;
		}
		return (p);
	}

	p = &db_prepared[db_prepared_next];
	db_prepared_next = (db_prepared_next + 1) % DB_CONNS_TRACKED;
	p->db = conn;
	p->pid = pid;
	p->count = 0;

	return (p);
}

/* CONN lost its server session: its names are gone with it. */
static void
db_prepared_forget(PGconn *conn)
{
	size_t		i;

	for (i = 0; i < DB_CONNS_TRACKED; i++) {
		if (db_prepared[i].db == conn)
			db_prepared[i].count = 0;
	}
}

void
db_reset(struct db_call *call)
{
	if (call->result != NULL)
		PQclear(call->result);
	if (call->phase != PHASE_IDLE)
		kore_pgsql_cleanup(&call->sql);
	db_release(call);
	memset(call, 0, sizeof(*call));
}

/*
 * Whether this call may ask Kore for a connection now: a call woken from
 * the queue has a place kept for it; a new one goes ahead only when nobody
 * waits and a connection is free. Otherwise it joins the queue and its
 * request sleeps until db_release() wakes it.
 */
static int
db_turn(struct http_request *req, struct db_call *call)
{
	if (call->woken || (db_wait_head == NULL &&
	    db_inflight + db_woken < pgsql_conn_max)) {
		db_wait_remove(call);
		if (call->woken) {
			call->woken = 0;
			db_woken--;
		}
		return (1);
	}

	if (!call->queued) {
		call->req = req;
		db_wait_add(call);
	}
	http_request_sleep(req);

	return (0);
}

/*
 * The call is over (or abandoned): as many of those waiting as there are
 * free connections are woken, first come first.
 */
static void
db_release(struct db_call *call)
{
	struct db_call	*next;

	db_wait_remove(call);
	if (call->woken) {
		call->woken = 0;
		db_woken--;
	}
	if (call->holds) {
		call->holds = 0;
		db_inflight--;
	}

	for (next = db_wait_head; next != NULL; next = next->wait_next) {
		if (db_inflight + db_woken >= pgsql_conn_max)
			break;
		if (next->woken)
			continue;
		next->woken = 1;
		db_woken++;
		asr_request_wakeup(next->req);
	}
}

static void
db_wait_add(struct db_call *call)
{
	call->queued = 1;
	call->wait_next = NULL;
	call->wait_prev = db_wait_tail;
	if (db_wait_tail != NULL)
		db_wait_tail->wait_next = call;
	else
		db_wait_head = call;
	db_wait_tail = call;
}

static void
db_wait_remove(struct db_call *call)
{
	if (!call->queued)
		return;
	if (call->wait_prev != NULL)
		call->wait_prev->wait_next = call->wait_next;
	else
		db_wait_head = call->wait_next;
	if (call->wait_next != NULL)
		call->wait_next->wait_prev = call->wait_prev;
	else
		db_wait_tail = call->wait_prev;
	call->wait_prev = call->wait_next = NULL;
	call->queued = 0;
}

int
db_rows(const struct db_call *call)
{
	return (call->result ? PQntuples(call->result) : 0);
}

const char *
db_value(const struct db_call *call, int row, int col)
{
	return (PQgetvalue(call->result, row, col));
}

int
db_length(const struct db_call *call, int row, int col)
{
	return (PQgetlength(call->result, row, col));
}

int
db_isnull(const struct db_call *call, int row, int col)
{
	return (PQgetisnull(call->result, row, col));
}

/* Walks Kore's states until the query waits, completes or fails. */
static int
db_advance(struct db_call *call)
{
	struct kore_pgsql	*sql = &call->sql;
	const char		*state;

	for (;;) {
		switch (sql->state) {
		case KORE_PGSQL_STATE_WAIT:
			return (DB_PENDING);
		case KORE_PGSQL_STATE_RESULT:
			/* Keep the rows; Kore would clear them. */
			if (call->result != NULL)
				PQclear(call->result);
			call->result = sql->result;
			sql->result = NULL;
			kore_pgsql_continue(sql);
			break;
		case KORE_PGSQL_STATE_DONE:
			kore_pgsql_continue(sql);
			call->phase = PHASE_DONE;
			db_release(call);
			return (DB_OK);
		case KORE_PGSQL_STATE_COMPLETE:
			call->phase = PHASE_DONE;
			db_release(call);
			return (DB_OK);
		case KORE_PGSQL_STATE_ERROR:
			if (sql->result != NULL &&
			    (state = PQresultErrorField(sql->result,
			    PG_DIAG_SQLSTATE)) != NULL) {
				(void)kore_strlcpy(call->sqlstate, state,
				    sizeof(call->sqlstate));
			}
			if (sql->conn == NULL ||
			    PQstatus(sql->conn->db) == CONNECTION_BAD ||
			    db_sqlstate_unavailable(call->sqlstate))
				call->unavailable = 1;
			return (db_fail(call));
		default:
			call->unavailable = 1;
			return (db_fail(call));
		}
	}
}

/*
 * Before a query: a connection that PostgreSQL dropped is reset (a quick
 * local connect that fails at once while the database is down), and one
 * left inside a transaction by an interrupted request is rolled back.
 */
static int
db_connection_ready(struct db_call *call)
{
	PGconn		*conn;
	PGresult	*res;

	conn = call->sql.conn->db;
	if (PQstatus(conn) == CONNECTION_BAD) {
		db_prepared_forget(conn);
		PQreset(conn);
		if (PQstatus(conn) == CONNECTION_BAD)
			return (0);
		kore_log(LOG_NOTICE, "database connection re-established");
	}

	if (PQtransactionStatus(conn) == PQTRANS_INTRANS) {
		res = PQexec(conn, "ROLLBACK");
		PQclear(res);
	}

	return (1);
}

/*
 * Releases the connection without Kore's cancel request (which would open
 * yet another connection to a server that is gone), and records the error.
 */
static int
db_fail(struct db_call *call)
{
	char		line[256], *p;
	int		scheduled, fd;

	if (call->sql.error != NULL) {
		/* libpq's messages span lines; the log has one per event. */
		(void)kore_strlcpy(line, call->sql.error, sizeof(line));
		for (p = line; *p != '\0'; p++) {
			if (*p == '\n' || *p == '\t')
				*p = ' ';
		}
		kore_log(LOG_NOTICE, "database error %s: %s",
		    call->sqlstate[0] ? call->sqlstate : "-", line);
	}

	scheduled = call->sql.flags & KORE_PGSQL_SCHEDULED;
	call->sql.flags &= ~KORE_PGSQL_SCHEDULED;

	/* A socket libpq already closed has left epoll by itself. */
	if (scheduled && call->sql.conn != NULL &&
	    (fd = PQsocket(call->sql.conn->db)) != -1)
		kore_platform_disable_read(fd);

	kore_pgsql_cleanup(&call->sql);
	call->phase = PHASE_DONE;
	db_release(call);
	if (call->sqlstate[0] == '\0')
		call->unavailable = 1;

	return (DB_ERROR);
}

/* Connection exceptions, shutdowns and exhausted resources: retry later. */
static int
db_sqlstate_unavailable(const char *state)
{
	return (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
	    strncmp(state, "53", 2) == 0);
}
