/*
 * Notifications (see notifications.h): a user's own, newest first.
 */
#include <string.h>

#include "core/uuid.h"
#include "http/writes.h"
#include "network/netkit.h"
#include "network/notifications.h"

/* $1 unread only, $2 the user. */
static const char sql_list[] =
	"WITH f AS NOT MATERIALIZED (SELECT x.* FROM notifications x"
	"  WHERE x.user_id = $2::uuid"
	"  AND (NOT coalesce($1::boolean, false) OR x.read_at IS NULL)),"
	" page AS (SELECT notification_json(f)::text AS item,"
	"  f.created_at AS k1, f.id AS k2 FROM f WHERE $3::timestamptz IS NULL"
	"  OR (f.created_at, f.id) < ($3::timestamptz, $4::uuid)"
	"  ORDER BY 2 DESC, 3 DESC LIMIT $5::int)"
	NW_PAGE_SELECT("6") " ORDER BY p.k1 DESC, p.k2 DESC";

static const char sql_read[] =
	"SELECT status, errors::text, body, version FROM notification_read("
	"$1::uuid, $2::uuid, $3::timestamptz)";

int
notifications_list(struct http_request *req, struct asr_req *ar)
{
	const char	*params[2], *unread;

	if (!nw_bool_query(req, ar, "unread", &unread))
		return (KORE_RESULT_OK);
	params[0] = unread;
	params[1] = ar->who.sub;
	return (nw_page(req, ar, sql_list, params, 2, NULL));
}

int
notifications_read(struct http_request *req, struct asr_req *ar)
{
	struct nw_time	 t;
	const char	*params[3];

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "notification"));
	memset(&t, 0, sizeof(t));
	nw_time(&t);
	params[0] = ar->params.value[0];
	params[1] = ar->who.sub;
	params[2] = t.now;
	return (nw_write(req, ar, sql_read, params, 3, WRITE_UPDATE,
	    IF_MATCH_ANY, "/v1/notifications", "notification"));
}
