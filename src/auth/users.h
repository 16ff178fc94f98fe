/*
 * Account administration (admin): create, list, read, update, disable.
 */
#ifndef ASR_AUTH_USERS_H
#define ASR_AUTH_USERS_H

#include "http/http.h"

int	users_create(struct http_request *, struct asr_req *);
int	users_list(struct http_request *, struct asr_req *);
int	users_get(struct http_request *, struct asr_req *);
int	users_update(struct http_request *, struct asr_req *);
int	users_disable(struct http_request *, struct asr_req *);

#endif
