/*
 * Passwords: argon2id (libsodium's crypto_pwhash_str), hashed and verified
 * in a Kore task thread, since one hash takes tens of milliseconds that the
 * worker's event loop must spend serving other requests.
 *
 *	switch (password_run(req, ar, PASSWORD_VERIFY, given, stored)) {
 *	case PASSWORD_PENDING:
 *		return (KORE_RESULT_RETRY);
 *	}
 *	if (ar->password->ok) ...
 */
#ifndef ASR_AUTH_PASSWORD_H
#define ASR_AUTH_PASSWORD_H

#include <sodium.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/tasks.h>

#include "auth/auth.h"

#define PASSWORD_HASH		1
#define PASSWORD_VERIFY		2

#define PASSWORD_PENDING	0
#define PASSWORD_DONE		1

struct password_job {
	struct kore_task	task;		/* first: the task is the job */
	int			op;
	int			ok;
	int			destroyed;
	char			password[AUTH_PASSWORD_MAX + 1];
	char			hash[crypto_pwhash_STRBYTES];
};

int	password_init(void);
int	password_run(struct http_request *, struct asr_req *, int,
	    const char *, const char *);
void	password_next(struct asr_req *);
int	password_job_free(struct password_job *);
int	password_valid(const char *);

#endif
