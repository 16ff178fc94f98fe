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

extern struct vault	people_vault;

/* identity.c */
int	people_load_vault(const char *, char *, size_t);
char	*people_seal(const char *, json_t *, const char **);
json_t	*people_open(const char *, const char *, const char *);
char	*people_seal_note(const char *, const char *, const char **);
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
