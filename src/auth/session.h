/*
 * Sessions: login, refresh, logout, who am I, the public keys, and
 * passwords (change, and the reset an administrator issues).
 */
#ifndef ASR_AUTH_SESSION_H
#define ASR_AUTH_SESSION_H

#include "http/http.h"

int	session_login(struct http_request *, struct asr_req *);
int	session_refresh(struct http_request *, struct asr_req *);
int	session_logout(struct http_request *, struct asr_req *);
int	session_me(struct http_request *, struct asr_req *);
int	session_keys(struct http_request *, struct asr_req *);
int	session_password_change(struct http_request *, struct asr_req *);
int	session_password_reset_issue(struct http_request *, struct asr_req *);
int	session_password_reset_use(struct http_request *, struct asr_req *);

#endif
