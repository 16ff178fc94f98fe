/*
 * Bulk upsert for partners: POST /v1/sync/organisations and
 * /v1/sync/offers (sql/migrations/0070_sync_upsert.sql says what a caller
 * may write). The body is {"items": [...]}, at most SYNC_BATCH_MAX items
 * (413 beyond). Each item is checked here with the catalogue's own field
 * tables; an item that fails, or whose external_id appears twice in the
 * batch, is answered "error" with its reasons and the others go on. The
 * batch is one statement run by write_run(): audited, and replayed whole
 * for the same Idempotency-Key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue/offers.h"
#include "catalogue/organisations.h"
#include "core/clock.h"
#include "http/fields.h"
#include "http/lists.h"
#include "http/writes.h"
#include "sync/upsert.h"

#define SYNC_BATCH_MAX		1000
#define SYNC_EXTERNAL_ID_MAX	100

static const char sql_upsert[] =
	"SELECT status, errors::text, body, id FROM sync_upsert($1,"
	" $2::jsonb, $3::uuid, $4::uuid, $5::boolean, $6::uuid,"
	" $7::timestamptz)";

/*
 * What only the CRESS sets on organisations, even on a partner's own
 * creations: what it vouches for, and their entry in the catalogue.
 */
static const char *const cress_fields[] = { "esus", "labels",
	"member_since", "member_until", "active", "published", NULL };

struct sync_kind {
	const char		*name;		/* "organisation", "offer" */
	const char		*audited;	/* the audit's object type */
	const struct field_spec	*fields;
};

static const struct sync_kind organisation_kind = {
	"organisation", "organisation batch", organisation_fields,
};

static const struct sync_kind offer_kind = {
	"offer", "offer batch", offer_fields,
};

static int	 sync_upsert(struct http_request *, struct asr_req *,
		    const struct sync_kind *);
static json_t	*sync_items(struct http_request *, struct asr_req *,
		    const struct sync_kind *);
static json_t	*sync_item_check(json_t *, const struct sync_kind *, int);
static void	 sync_duplicates(json_t *);
static int	 sync_answer(struct http_request *, struct asr_req *);

int
sync_organisations(struct http_request *req, struct asr_req *ar)
{
	return (sync_upsert(req, ar, &organisation_kind));
}

int
sync_offers(struct http_request *req, struct asr_req *ar)
{
	return (sync_upsert(req, ar, &offer_kind));
}

/* The caller's namespace: its organisation, else its own account. */
const char *
sync_namespace(const struct asr_req *ar)
{
	return (ar->who.org[0] != '\0' ? ar->who.org : ar->who.sub);
}

static int
sync_upsert(struct http_request *req, struct asr_req *ar,
    const struct sync_kind *kind)
{
	json_t		*items;
	char		*text, now[CLOCK_RFC3339_LEN];
	const char	*params[7];
	int		 rc, staff;

	if ((items = sync_items(req, ar, kind)) == NULL)
		return (KORE_RESULT_OK);
	text = asr_json_text(items);
	json_decref(items);
	if (text == NULL)
		return (asr_problem(req, ar, 500, "internal-error",
		    "The batch could not be encoded."));

	staff = (ar->who.role & ROLES_STAFF) != 0;
	clock_format_rfc3339(clock_now_ms(), now, sizeof(now));
	params[0] = kind->name;
	params[1] = text;
	params[2] = sync_namespace(ar);
	params[3] = ar->who.org[0] != '\0' ? ar->who.org : NULL;
	params[4] = staff ? "true" : "false";
	params[5] = ar->who.sub;
	params[6] = now;
	rc = write_run(req, ar, WRITE_CREATE_NO_VERSION, kind->audited,
	    sql_upsert, 7, params);
	free(text);
	switch (rc) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (sync_answer(req, ar));
}

/* The batch's answer is 200, the items' statuses say the rest. */
static int
sync_answer(struct http_request *req, struct asr_req *ar)
{
	const char	*status;

	status = db_value(&ar->db, 0, 0);
	if (strcmp(status, "ok") == 0 || strcmp(status, "replay") == 0)
		return (asr_db_json(req, ar, 200, 2));

	return (write_answer(req, ar, WRITE_CREATE_NO_VERSION, IF_MATCH_ANY,
	    "/v1/sync", "batch"));
}

/*
 * [{"index", "external_id", "fields", "errors"}] for the SQL, or NULL once
 * a 400 or 413 answered (the batch itself is malformed).
 */
static json_t *
sync_items(struct http_request *req, struct asr_req *ar,
    const struct sync_kind *kind)
{
	static const char *const top[] = { "items", NULL };
	json_t		*errors, *items, *out, *item, *fields, *ext;
	size_t		 i;
	char		 detail[96];
	int		 staff;

	errors = json_array();
	(void)fields_unknown(ar->body, top, errors);
	items = json_object_get(ar->body, "items");
	if (items == NULL)
		field_error(errors, "items", "required", "items is required.");
	else if (!json_is_array(items))
		field_error(errors, "items", "type", "items is an array.");
	if (json_array_size(errors) > 0) {
		(void)asr_problem_errors(req, ar, 400, "validation-failed",
		    "The batch is malformed; see errors.", errors);
		return (NULL);
	}
	json_decref(errors);

	if (json_array_size(items) > SYNC_BATCH_MAX) {
		(void)snprintf(detail, sizeof(detail), "A batch holds at most "
		    "%d items; send the rest in another.", SYNC_BATCH_MAX);
		(void)asr_problem(req, ar, 413, "payload-too-large", detail);
		return (NULL);
	}

	staff = (ar->who.role & ROLES_STAFF) != 0;
	out = json_array();
	json_array_foreach(items, i, item) {
		fields = json_is_object(item) ? json_deep_copy(item) :
		    json_object();
		json_object_del(fields, "external_id");
		ext = json_object_get(item, "external_id");
		json_array_append_new(out, json_pack("{s:I, s:O?, s:o, s:o}",
		    "index", (json_int_t)i, "external_id", json_is_string(ext) ?
		    ext : NULL, "fields", fields, "errors",
		    sync_item_check(item, kind, staff)));
	}
	sync_duplicates(out);

	return (out);
}

/* The errors of one item: [] when its shape is right. */
static json_t *
sync_item_check(json_t *item, const struct sync_kind *kind, int staff)
{
	json_t			*errors, *copy;
	const char		*s;
	const char *const	*f;

	errors = json_array();
	if (!json_is_object(item)) {
		field_error(errors, "items", "type", "Each item is an object.");
		return (errors);
	}
	(void)field_string(item, "external_id", 1, SYNC_EXTERNAL_ID_MAX, 1,
	    &s, errors);

	copy = json_deep_copy(item);
	json_object_del(copy, "external_id");
	if (kind->fields == offer_fields) {
		if (field_string(copy, "organisation_external_id", 1,
		    SYNC_EXTERNAL_ID_MAX, 0, &s, errors) != FIELD_ABSENT &&
		    json_object_get(copy, "organisation_id") != NULL)
			field_error(errors, "organisation_id", "invalid",
			    "Give organisation_id or organisation_external_id, "
			    "not both.");
		json_object_del(copy, "organisation_external_id");
	}
	(void)fields_check(copy, kind->fields, 0, 1, errors);
	if (kind->fields == organisation_fields) {
		if (json_is_string(json_object_get(copy, "kind")))
			(void)field_enum(copy, "kind", organisation_kinds, 0,
			    &s, errors);
		for (f = cress_fields; !staff && *f != NULL; f++) {
			if (json_object_get(copy, *f) != NULL)
				field_error(errors, *f, "invalid", "Only the "
				    "CRESS sets this field.");
		}
	}
	json_decref(copy);

	return (errors);
}

/* Every item whose external_id another item of the batch has too. */
static void
sync_duplicates(json_t *out)
{
	json_t		*seen, *slot, *n;
	const char	*ext;
	size_t		 i;

	seen = json_object();
	json_array_foreach(out, i, slot) {
		ext = json_string_value(json_object_get(slot, "external_id"));
		if (ext == NULL)
			continue;
		n = json_object_get(seen, ext);
		json_object_set_new(seen, ext, json_integer(n == NULL ? 1 :
		    json_integer_value(n) + 1));
	}
	json_array_foreach(out, i, slot) {
		ext = json_string_value(json_object_get(slot, "external_id"));
		if (ext == NULL || json_integer_value(json_object_get(seen,
		    ext)) < 2)
			continue;
		field_error(json_object_get(slot, "errors"), "external_id",
		    "invalid", "This external_id appears more than once in the "
		    "batch: none of its items is written.");
	}
	json_decref(seen);
}
