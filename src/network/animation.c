/*
 * Events, bodies, meetings and action items (see animation.h). The four
 * resources share one shape, so one table row describes each: its fields,
 * its write function (sql/migrations/0021_animation.sql: create when the
 * id is NULL, update, or delete with remove) and its reads. A created child
 * (a meeting, an action item) takes its parent from the path.
 */
#include <stdlib.h>
#include <string.h>

#include "core/code.h"
#include "core/uuid.h"
#include "http/writes.h"
#include "network/animation.h"
#include "network/netkit.h"

struct resource {
	const char		*what;
	const char		*collection;
	const struct field_spec	*fields;
	const char *const	*texts;
	const char		*sql_write;	/* $1 parent, $2 id, ... */
	const char		*sql_get;	/* $1 id, $2 organisation */
};

/*
 * Column 3 is the id of a creation ($2 NULL) and the version of an update,
 * as write_answer() reads them.
 */
#define WRITE_HEAD \
	"SELECT status, errors::text, body, CASE WHEN $2::uuid IS NULL" \
	" THEN id::text ELSE version::text END AS id, version FROM "
#define WRITE_TAIL \
	"$3::jsonb, $4::int[], $5::uuid, $6::timestamptz, $7::boolean)"

/* A body's members reach it; staff ($2 NULL) reach every body. */
#define BODY_REACH(b) \
	" ($2::uuid IS NULL OR $2::uuid = ANY (" b ".member_ids))"

#define N	FF_NULLABLE
#define R	FF_REQUIRED

static const struct field_spec event_fields[] = {
	{ "kind", FT_STRING, 1, 32, 0, 0, R },
	{ "title", FT_STRING, 1, 200, 0, 0, R },
	{ "starts_on", FT_DATE, 0, 0, 0, 0, R },
	{ "commune_insee", FT_COMMUNE, 0, 0, 0, 0, N },
	{ "place", FT_STRING, 1, 300, 0, 0, N },
	{ "audiences", FT_CODES, 0, 20, 0, 0, 0 },
	{ "organisation_ids", FT_CODES, 0, 500, 0, 0, 0 },
	{ "head_count", FT_NUMBER, 0, 0, 0, 100000, N },
	{ "description", FT_STRING, 0, 10000, 0, 0, 0 },
	{ "public", FT_BOOL, 0, 0, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec body_fields[] = {
	{ "kind", FT_STRING, 1, 32, 0, 0, R },
	{ "name", FT_STRING, 1, 200, 0, 0, R },
	{ "description", FT_STRING, 0, 10000, 0, 0, 0 },
	{ "member_ids", FT_CODES, 0, 500, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec meeting_fields[] = {
	{ "held_on", FT_DATE, 0, 0, 0, 0, R },
	{ "place", FT_STRING, 1, 300, 0, 0, N },
	{ "agenda", FT_STRING, 0, 10000, 0, 0, 0 },
	{ "minutes", FT_STRING, 0, 50000, 0, 0, 0 },
	{ "attendee_ids", FT_CODES, 0, 500, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

static const struct field_spec action_fields[] = {
	{ "title", FT_STRING, 1, 500, 0, 0, R },
	{ "owner_id", FT_UUID, 0, 0, 0, 0, N },
	{ "due_on", FT_DATE, 0, 0, 0, 0, N },
	{ "status", FT_STRING, 1, 32, 0, 0, 0 },
	{ NULL, 0, 0, 0, 0, 0, 0 },
};

#undef N
#undef R

static const char *const meeting_texts[] = { "decisions", "obstacles",
	"levers", NULL };

static const struct resource event_resource = {
	"event", "/v1/events", event_fields, NULL,
	WRITE_HEAD "event_write("
	"$2::uuid, " WRITE_TAIL " WHERE $1::uuid IS NULL",
	"SELECT event_json(e)::text, e.version FROM events e"
	" WHERE e.id = $1::uuid AND ($2::uuid IS NULL OR e.public)",
};

static const struct resource body_resource = {
	"body", "/v1/bodies", body_fields, NULL,
	WRITE_HEAD "body_write("
	"$2::uuid, " WRITE_TAIL " WHERE $1::uuid IS NULL",
	"SELECT body_json(b)::text, b.version FROM bodies b"
	" WHERE b.id = $1::uuid AND" BODY_REACH("b"),
};

static const struct resource meeting_resource = {
	"meeting", "/v1/meetings", meeting_fields, meeting_texts,
	WRITE_HEAD "meeting_write("
	"$1::uuid, $2::uuid, " WRITE_TAIL,
	"SELECT meeting_json(m)::text, m.version FROM meetings m"
	" JOIN bodies b ON b.id = m.body_id"
	" WHERE m.id = $1::uuid AND" BODY_REACH("b"),
};

static const struct resource action_resource = {
	"action item", "/v1/action-items", action_fields, NULL,
	WRITE_HEAD "action_item_write("
	"$1::uuid, $2::uuid, " WRITE_TAIL,
	"SELECT action_item_json(a)::text, a.version FROM action_items a"
	" JOIN meetings m ON m.id = a.meeting_id"
	" JOIN bodies b ON b.id = m.body_id"
	" WHERE a.id = $1::uuid AND" BODY_REACH("b"),
};

/* $1 kinds, $2 an organisation present, $3 the caller (NULL: staff). */
static const char sql_events[] =
	"WITH f AS NOT MATERIALIZED (SELECT e.* FROM events e"
	"  WHERE ($1::text[] IS NULL OR e.kind = ANY ($1::text[]))"
	"  AND ($2::uuid[] IS NULL OR e.organisation_ids && $2::uuid[])"
	"  AND ($3::uuid IS NULL OR e.public)),"
	" page AS (SELECT event_json(f)::text AS item,"
	"  f.starts_on::timestamp AT TIME ZONE 'UTC' AS k1, f.id AS k2 FROM f"
	"  WHERE $4::timestamptz IS NULL OR (f.starts_on::timestamp AT TIME"
	"  ZONE 'UTC', f.id) > ($4::timestamptz, $5::uuid)"
	"  ORDER BY 2, 3 LIMIT $6::int)"
	NW_PAGE_SELECT("7") " ORDER BY p.k1, p.k2";

/* The public agenda: $1 Mayotte's today, $2 communes, $3 kinds. */
static const char sql_upcoming[] =
	"SELECT json_build_object('items', coalesce(json_agg(j ORDER BY"
	"  d, i), '[]'::json))::text FROM (SELECT event_public_json(e) AS j,"
	"  e.starts_on AS d, e.id AS i FROM events e WHERE e.public"
	"  AND e.starts_on >= $1::date"
	"  AND ($2::text[] IS NULL OR e.commune_insee = ANY ($2::text[]))"
	"  AND ($3::text[] IS NULL OR e.kind = ANY ($3::text[]))"
	"  ORDER BY e.starts_on, e.id LIMIT 100) x";

/* $1 kinds, $2 the caller's organisation (NULL: staff). */
static const char sql_bodies[] =
	"WITH f AS NOT MATERIALIZED (SELECT b.* FROM bodies b"
	"  WHERE ($1::text[] IS NULL OR b.kind = ANY ($1::text[]))"
	"  AND" BODY_REACH("b") "),"
	" page AS (SELECT body_json(f)::text AS item, f.created_at AS k1,"
	"  f.id AS k2 FROM f WHERE $3::timestamptz IS NULL"
	"  OR (f.created_at, f.id) > ($3::timestamptz, $4::uuid)"
	"  ORDER BY 2, 3 LIMIT $5::int)"
	NW_PAGE_SELECT("6") " ORDER BY p.k1, p.k2";

/* $1 the body, $2 the caller's organisation. */
static const char sql_meetings[] =
	"WITH f AS NOT MATERIALIZED (SELECT m.* FROM meetings m"
	"  WHERE m.body_id = $1::uuid),"
	" page AS (SELECT meeting_json(f)::text AS item,"
	"  f.held_on::timestamp AT TIME ZONE 'UTC' AS k1, f.id AS k2 FROM f"
	"  WHERE $3::timestamptz IS NULL OR (f.held_on::timestamp AT TIME"
	"  ZONE 'UTC', f.id) > ($3::timestamptz, $4::uuid)"
	"  ORDER BY 2, 3 LIMIT $5::int)"
	NW_PAGE_SELECT("6") " WHERE EXISTS (SELECT 1 FROM bodies b"
	"  WHERE b.id = $1::uuid AND" BODY_REACH("b") ")"
	" ORDER BY p.k1, p.k2";

/* $1 the meeting, $2 the caller's organisation. */
static const char sql_actions[] =
	"WITH f AS NOT MATERIALIZED (SELECT a.* FROM action_items a"
	"  WHERE a.meeting_id = $1::uuid),"
	" page AS (SELECT action_item_json(f)::text AS item,"
	"  f.created_at AS k1, f.id AS k2 FROM f WHERE $3::timestamptz IS NULL"
	"  OR (f.created_at, f.id) > ($3::timestamptz, $4::uuid)"
	"  ORDER BY 2, 3 LIMIT $5::int)"
	NW_PAGE_SELECT("6") " WHERE EXISTS (SELECT 1 FROM meetings m"
	"  JOIN bodies b ON b.id = m.body_id"
	"  WHERE m.id = $1::uuid AND" BODY_REACH("b") ")"
	" ORDER BY p.k1, p.k2";

static const char *const body_kinds[] = { "steering_committee",
	"technical_committee", "prescriber_committee", "other", NULL };

struct resource_write {
	struct nw_time	t;
	char		versions[IF_MATCH_LEN];
	int		if_match;
};

static int	resource_write(struct http_request *, struct asr_req *,
		    const struct resource *, const char *, const char *);
static int	resource_get(struct http_request *, struct asr_req *,
		    const struct resource *);
static int	body_kind_valid(const char *);
static int	commune_valid(const char *);

/* Creations: a child's parent is path parameter 0. */
int
events_create(struct http_request *req, struct asr_req *ar)
{
	return (resource_write(req, ar, &event_resource, NULL, NULL));
}

int
bodies_create(struct http_request *req, struct asr_req *ar)
{
	return (resource_write(req, ar, &body_resource, NULL, NULL));
}

int
meetings_create(struct http_request *req, struct asr_req *ar)
{
	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "body"));
	return (resource_write(req, ar, &meeting_resource,
	    ar->params.value[0], NULL));
}

int
action_items_create(struct http_request *req, struct asr_req *ar)
{
	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "meeting"));
	return (resource_write(req, ar, &action_resource,
	    ar->params.value[0], NULL));
}

/* PATCH and DELETE of the object named by path parameter 0. */
int
events_update(struct http_request *req, struct asr_req *ar)
{
	return (resource_write(req, ar, &event_resource, NULL,
	    ar->params.value[0]));
}

int
bodies_update(struct http_request *req, struct asr_req *ar)
{
	return (resource_write(req, ar, &body_resource, NULL,
	    ar->params.value[0]));
}

int
meetings_update(struct http_request *req, struct asr_req *ar)
{
	return (resource_write(req, ar, &meeting_resource, NULL,
	    ar->params.value[0]));
}

int
action_items_update(struct http_request *req, struct asr_req *ar)
{
	return (resource_write(req, ar, &action_resource, NULL,
	    ar->params.value[0]));
}

int
events_get(struct http_request *req, struct asr_req *ar)
{
	return (resource_get(req, ar, &event_resource));
}

int
bodies_get(struct http_request *req, struct asr_req *ar)
{
	return (resource_get(req, ar, &body_resource));
}

int
meetings_get(struct http_request *req, struct asr_req *ar)
{
	return (resource_get(req, ar, &meeting_resource));
}

int
action_items_get(struct http_request *req, struct asr_req *ar)
{
	return (resource_get(req, ar, &action_resource));
}

int
events_list(struct http_request *req, struct asr_req *ar)
{
	char		 kinds[LIST_FILTER_LEN], orgs[LIST_FILTER_LEN];
	const char	*params[3];

	if (!list_filter(req, ar, "kind", code_valid, kinds, &params[0]) ||
	    !list_filter(req, ar, "organisation_id", uuid_valid, orgs,
	    &params[1]))
		return (KORE_RESULT_OK);
	params[2] = nw_own(ar);
	return (nw_page(req, ar, sql_events, params, 3, NULL));
}

/* Anyone: the public events from Mayotte's today on, cached a minute. */
int
events_upcoming(struct http_request *req, struct asr_req *ar)
{
	struct nw_time	 t;
	char		 communes[LIST_FILTER_LEN], kinds[LIST_FILTER_LEN];
	const char	*params[3];

	if (!list_filter(req, ar, "commune", commune_valid, communes,
	    &params[1]) || !list_filter(req, ar, "kind", code_valid, kinds,
	    &params[2]))
		return (KORE_RESULT_OK);
	memset(&t, 0, sizeof(t));
	nw_time(&t);
	params[0] = t.today;
	switch (db_run(req, &ar->db, sql_upcoming, 3, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (asr_public(req, ar, db_value(&ar->db, 0, 0),
	    (size_t)db_length(&ar->db, 0, 0)));
}

int
bodies_list(struct http_request *req, struct asr_req *ar)
{
	char		 kinds[LIST_FILTER_LEN];
	const char	*params[2];

	if (!list_filter(req, ar, "kind", body_kind_valid, kinds, &params[0]))
		return (KORE_RESULT_OK);
	params[1] = nw_own(ar);
	return (nw_page(req, ar, sql_bodies, params, 2, NULL));
}

int
meetings_list(struct http_request *req, struct asr_req *ar)
{
	const char	*params[2];

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "body"));
	params[0] = ar->params.value[0];
	params[1] = nw_own(ar);
	return (nw_page(req, ar, sql_meetings, params, 2, "body"));
}

int
action_items_list(struct http_request *req, struct asr_req *ar)
{
	const char	*params[2];

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, "meeting"));
	params[0] = ar->params.value[0];
	params[1] = nw_own(ar);
	return (nw_page(req, ar, sql_actions, params, 2, "meeting"));
}

/*
 * A create (id NULL; parent for a child), a merge-patch update, or a
 * DELETE. Updates and deletes require If-Match; a body that fails its
 * checks on an object that does not exist answers 404 first.
 */
static int
resource_write(struct http_request *req, struct asr_req *ar,
    const struct resource *res, const char *parent, const char *id)
{
	struct resource_write	*st = asr_state(ar, sizeof(*st));
	const char		*params[7], *versions = NULL;
	char			*body = NULL;
	int			 rc, remove;

	remove = req->method == HTTP_METHOD_DELETE;
	if (id != NULL && !uuid_valid(id))
		return (nw_not_found(req, ar, res->what));
	if (!remove && !nw_body(req, ar, res->fields, id == NULL, res->texts,
	    id != NULL ? res->sql_get : NULL, res->what, &body, &rc))
		return (rc);

	st->if_match = IF_MATCH_ANY;
	if (id != NULL)
		st->if_match = list_if_match(req, st->versions, &versions);
	nw_time(&st->t);
	params[0] = parent;
	params[1] = id;
	params[2] = remove ? "{}" : body;
	params[3] = versions;
	params[4] = ar->who.sub;
	params[5] = st->t.now;
	params[6] = remove ? "true" : "false";
	rc = nw_write(req, ar, res->sql_write, params, 7,
	    id == NULL ? WRITE_CREATE : remove ? WRITE_DELETE : WRITE_UPDATE,
	    st->if_match, res->collection, res->what);
	free(body);
	return (rc);
}

static int
resource_get(struct http_request *req, struct asr_req *ar,
    const struct resource *res)
{
	const char	*params[2];

	if (!uuid_valid(ar->params.value[0]))
		return (nw_not_found(req, ar, res->what));
	params[0] = ar->params.value[0];
	params[1] = nw_own(ar);
	return (nw_one(req, ar, res->sql_get, params, 2, res->what));
}

static int
body_kind_valid(const char *v)
{
	size_t		i;

	for (i = 0; body_kinds[i] != NULL; i++)
		if (strcmp(body_kinds[i], v) == 0)
			return (1);
	return (0);
}

static int
commune_valid(const char *v)
{
	return (strlen(v) == 5 && strncmp(v, "976", 3) == 0 &&
	    strspn(v, "0123456789") == 5);
}
