/*
 * The prescriber network (GET /v1/prescribers): organisations of kind
 * prescriber with their subkind (France Travail, Mission locale, …) and
 * their referents, the active accounts of role prescriber. Names of
 * people who refer are shown, never their email or phone.
 */
#include <string.h>

#include "http/lists.h"
#include "people/people.h"

/*
 * $1 subkind[]; $2, $3 cursor (lower name, id); $4 limit + 1; $5 whether
 * to count.
 */
static const char sql_list[] =
	"WITH f AS NOT MATERIALIZED (SELECT o.* FROM organisations o"
	"  WHERE o.kind = 'prescriber'"
	"  AND o.active"
	"  AND ($1::text[] IS NULL OR o.subkind = ANY ($1::text[]))),"
	" page AS (SELECT jsonb_build_object('id', f.id, 'name', f.name,"
	"  'subkind', f.subkind, 'subkind_label', s.label,"
	"  'commune_insee', f.commune_insee,"
	"  'referents', coalesce((SELECT jsonb_agg(jsonb_build_object("
	"   'id', u.id, 'display_name', u.display_name)"
	"   ORDER BY u.display_name, u.id)"
	"   FROM users u WHERE u.organisation_id = f.id"
	"   AND u.role = 'prescriber' AND u.status = 'active'), '[]'::jsonb)"
	"  )::text AS item, lower(f.name) AS k1, f.id::text AS k2"
	"  FROM f LEFT JOIN organisation_subkinds s ON s.code = f.subkind"
	"  WHERE $2::text IS NULL OR (lower(f.name), f.id) > ($2, $3::uuid)"
	"  ORDER BY lower(f.name), f.id LIMIT $4::int)"
	" SELECT p.item, p.k1, p.k2, t.total"
	LIST_TOTAL("5")
	" ORDER BY p.k1, p.k2";

static int	subkind_valid(const char *);

int
prescribers_list(struct http_request *req, struct asr_req *ar)
{
	struct list_page	page;
	char			subkinds[LIST_FILTER_LEN];
	const char		*params[5];

	memset(&page, 0, sizeof(page));
	if (!list_params(req, ar, &page, 2) ||
	    !list_filter(req, ar, "subkind", subkind_valid, subkinds,
	    &params[0]))
		return (KORE_RESULT_OK);
	if (page.has_cursor && !uuid_valid(page.cursor.part[1]))
		return (list_bad_cursor(req, ar));

	params[1] = page.has_cursor ? page.cursor.part[0] : NULL;
	params[2] = page.has_cursor ? page.cursor.part[1] : NULL;
	params[3] = page.limit_text;
	params[4] = page.count;
	switch (db_run(req, &ar->db, sql_list, 5, params)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (list_answer(req, ar, &page, 1, 2, 3));
}

/* Prescriber subkinds: lowercase letters and underscores. */
static int
subkind_valid(const char *s)
{
	size_t		n;

	n = strlen(s);

	return (n > 0 && n <= 64 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz_") == n);
}
