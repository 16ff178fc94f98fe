/*
 * GET /v1/audit (see audit.h): filters on the actor, the object, the
 * action and a time range [from, to), keyset-paged on the row's id.
 */
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "http/lists.h"

static const char sql_list[] =
	"SELECT audit_json(a)::text, a.id::text FROM audit_log a"
	" WHERE ($1::uuid[] IS NULL OR a.actor_id = ANY ($1::uuid[]))"
	" AND ($2::uuid[] IS NULL OR a.object_id = ANY ($2::uuid[]))"
	" AND ($3::text[] IS NULL OR a.action = ANY ($3::text[]))"
	" AND ($4::timestamptz IS NULL OR a.at >= $4::timestamptz)"
	" AND ($5::timestamptz IS NULL OR a.at < $5::timestamptz)"
	" AND ($6::bigint IS NULL OR a.id < $6::bigint)"
	" ORDER BY a.id DESC LIMIT $7::int";

static int	time_param(struct http_request *, struct asr_req *,
		    const char *, const char **);
static int	action_valid(const char *);
static int	id_valid(const char *);

int
audit_list(struct http_request *req, struct asr_req *ar)
{
	struct list_page	page;
	char			actors[LIST_FILTER_LEN];
	char			objects[LIST_FILTER_LEN];
	char			actions[LIST_FILTER_LEN];
	const char		*params[7];

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 1) ||
	    !list_filter(req, ar, "actor_id", uuid_valid, actors, &params[0]) ||
	    !list_filter(req, ar, "object_id", uuid_valid, objects,
	    &params[1]) ||
	    !list_filter(req, ar, "action", action_valid, actions,
	    &params[2]) ||
	    !time_param(req, ar, "from", &params[3]) ||
	    !time_param(req, ar, "to", &params[4]))
		return (KORE_RESULT_OK);
	if (page.has_cursor && !id_valid(page.cursor.part[0]))
		return (list_bad_cursor(req, ar));

	params[5] = page.has_cursor ? page.cursor.part[0] : NULL;
	params[6] = page.limit_text;
	switch (db_run(req, &ar->db, sql_list, 7, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (list_answer(req, ar, &page, 1, 1, -1));
}

/* ?from= and ?to=: one RFC 3339 timestamp each, or absent. */
static int
time_param(struct http_request *req, struct asr_req *ar, const char *name,
    const char **out)
{
	json_t		*errors;
	int64_t		 ms;

	*out = qs_get(&ar->query, name);
	if (*out == NULL || (qs_count(&ar->query, name) == 1 &&
	    clock_parse_rfc3339(*out, &ms)))
		return (1);

	errors = json_array();
	asr_field_error(errors, name, "invalid", "One RFC 3339 timestamp.");
	(void)asr_problem_errors(req, ar, 400, "invalid-query",
	    "A query parameter is invalid.", errors);

	return (0);
}

/* "offer.create", "login.failure": lowercase words and dots. */
static int
action_valid(const char *s)
{
	size_t		i;

	for (i = 0; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '.' ||
		    s[i] == '_'))
			return (0);
	}

	return (i > 0 && i <= 36);
}

static int
id_valid(const char *s)
{
	size_t		i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (0);
	}

	return (i > 0 && i <= 18);
}

/*
 * The audit parameters of a read (see audit.h) after params[n]; now is
 * the caller's buffer for the time. Returns the new count.
 */
int
audit_read_params(struct asr_req *ar, const char **params, int n,
    char *now, size_t nowlen, const char *action)
{
	clock_format_rfc3339(clock_now_ms(), now, nowlen);
	params[n++] = now;
	n = asr_actor_params(ar, params, n);
	params[n++] = ar->id;
	params[n++] = ar->client[0] != '\0' ? ar->client : NULL;
	params[n++] = action;

	return (n);
}
