/*
 * Reference lists of the social clauses (see vocabulary.h): public and
 * cacheable like every reference list, built whole by PostgreSQL.
 */
#include "clauses/vocabulary.h"

#define CODE_LIST(table)						\
	"SELECT json_build_object('items', coalesce(json_agg("		\
	"  json_build_object('code', code, 'label', label)"		\
	"  ORDER BY position, code), '[]'::json))::text FROM " table

static int	vocabulary_one(struct http_request *, struct asr_req *,
		    const char *);

int
vocabulary_insertion_modes(struct http_request *req, struct asr_req *ar)
{
	return (vocabulary_one(req, ar, CODE_LIST("insertion_modes")));
}

int
vocabulary_contract_types(struct http_request *req, struct asr_req *ar)
{
	return (vocabulary_one(req, ar, CODE_LIST("contract_types")));
}

static int
vocabulary_one(struct http_request *req, struct asr_req *ar, const char *sql)
{
	switch (db_run(req, &ar->db, sql, 0, NULL)) {
	case DB_PENDING:
		return (KORE_RESULT_RETRY);
	case DB_ERROR:
		return (asr_db_failure(req, ar));
	}

	return (asr_cached(req, ar, "application/json; charset=utf-8",
	    db_value(&ar->db, 0, 0), (size_t)db_length(&ar->db, 0, 0)));
}
