/*
 * People and the prescriber network (issue 8): beneficiaries with their
 * sealed identities, eligibility, obstacles, prescribers, and the purge.
 *
 * Every person's identity that leaves the server passes through
 * people_reveal() (identity.c): the one place where it is decrypted, and so
 * the place to audit each read of a person.
 */
#ifndef ASR_PEOPLE_H
#define ASR_PEOPLE_H

#include <jansson.h>

#include "core/vault.h"
#include "http/http.h"
#include "http/lists.h"

extern struct vault	people_vault;

/* identity.c */
int	people_load_vault(const char *, char *, size_t);
char	*people_seal(const char *, json_t *, const char **);
json_t	*people_open(const char *, const char *, const char *);
char	*people_seal_note(const char *, const char *, const char **);
char	*people_seal_text(const char *, const char *, const char *,
	    const char *, const char **);
void	people_reveal_texts(json_t *, const char *, const char *);
int	people_reveal(json_t *);
void	people_reveal_notes(json_t *);
json_t	*people_reveal_json(const char *);
char	*people_reveal_text(const char *);

/* beneficiaries.c */
int	beneficiaries_create(struct http_request *, struct asr_req *);
int	beneficiaries_list(struct http_request *, struct asr_req *);
int	beneficiaries_get(struct http_request *, struct asr_req *);
int	beneficiaries_update(struct http_request *, struct asr_req *);
int	beneficiaries_erase(struct http_request *, struct asr_req *);
int	beneficiaries_vouch(struct http_request *, struct asr_req *);
int	beneficiaries_merge(struct http_request *, struct asr_req *);
int	beneficiaries_export(struct http_request *, struct asr_req *);

/* joboffers.c: job offers under clauses, and the module's lists */
struct people_filter {
	const char	*name;
	int		(*valid)(const char *);
};

/*
 * The end of a list's SQL: f (a CTE of the rows wanted) paged in creation
 * order, $5 $6 the cursor, $7 the limit, $9 whether to count (see
 * LIST_TOTAL); item makes each JSON of f.
 */
#define PEOPLE_PAGE(item)						\
	" page AS (SELECT " item "::text AS item,"			\
	"  f.created_at AS k1,"						\
	"  f.id AS k2 FROM f WHERE $5::timestamptz IS NULL"		\
	"  OR (f.created_at, f.id) > ($5::timestamptz, $6::uuid)"	\
	"  ORDER BY f.created_at, f.id LIMIT $7::int)"			\
	" SELECT p.item, to_char(p.k1 AT TIME ZONE 'UTC',"		\
	"  'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), p.k2::text, t.total"	\
	LIST_TOTAL("9") " ORDER BY p.k1, p.k2"

int	job_offers_create(struct http_request *, struct asr_req *);
int	job_offers_list(struct http_request *, struct asr_req *);
int	job_offers_get(struct http_request *, struct asr_req *);
int	job_offers_update(struct http_request *, struct asr_req *);
int	people_list(struct http_request *, struct asr_req *, const char *,
	    const struct people_filter *);
int	people_status_valid(const char *);

/* referrals.c */
int	referrals_create(struct http_request *, struct asr_req *);
int	referrals_list(struct http_request *, struct asr_req *);
int	referrals_get(struct http_request *, struct asr_req *);
int	referrals_step(struct http_request *, struct asr_req *);

/* outcomes.c */
int	outcomes_create(struct http_request *, struct asr_req *);
int	outcomes_get(struct http_request *, struct asr_req *);
int	outcomes_update(struct http_request *, struct asr_req *);
int	outcomes_due(struct http_request *, struct asr_req *);

/* prescribers.c */
int	prescribers_list(struct http_request *, struct asr_req *);

/* vocabulary.c: /v1/reference/... */
int	people_criteria(struct http_request *, struct asr_req *);
int	people_education_levels(struct http_request *, struct asr_req *);
int	people_obstacles(struct http_request *, struct asr_req *);
int	people_outcome_categories(struct http_request *, struct asr_req *);

/* purge.c */
void	people_purge_start(void);

#endif
