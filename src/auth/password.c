/*
 * Passwords hashed and verified off the event loop (see password.h).
 *
 * An unknown email is verified against a hash made at start-up, so that it
 * costs the same time as a wrong password and tells an attacker nothing.
 */
#include <string.h>

#include "auth/password.h"
#include "core/utf8.h"

static char	password_dummy_hash[crypto_pwhash_STRBYTES];

static int	password_task(struct kore_task *);

/* Once per worker: the hash that unknown accounts are checked against. */
int
password_init(void)
{
	unsigned char	raw[24];
	char		pw[64];

	randombytes_buf(raw, sizeof(raw));
	(void)sodium_bin2hex(pw, sizeof(pw), raw, sizeof(raw));
	if (crypto_pwhash_str(password_dummy_hash, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return (0);
	sodium_memzero(pw, sizeof(pw));

	return (1);
}

/* hash may be NULL with PASSWORD_VERIFY: checks against the dummy hash. */
int
password_run(struct http_request *req, struct asr_req *ar, int op,
    const char *password, const char *hash)
{
	struct password_job	*job;

	if ((job = ar->password) == NULL) {
		job = kore_calloc(1, sizeof(*job));
		job->op = op;
		(void)kore_strlcpy(job->password, password,
		    sizeof(job->password));
		(void)kore_strlcpy(job->hash, hash != NULL ? hash :
		    password_dummy_hash, sizeof(job->hash));
		ar->password = job;

		kore_task_create(&job->task, password_task);
		kore_task_bind_request(&job->task, req);
		kore_task_run(&job->task);
		return (PASSWORD_PENDING);
	}

	if (job->destroyed)
		return (PASSWORD_DONE);
	if (!kore_task_finished(&job->task))
		return (PASSWORD_PENDING);

	kore_task_destroy(&job->task);
	job->destroyed = 1;
	if (hash == NULL && op == PASSWORD_VERIFY)
		job->ok = 0;	/* the dummy hash never matches anything */

	return (PASSWORD_DONE);
}

/* Forget the finished job, so that the handler may start another. */
void
password_next(struct asr_req *ar)
{
	if (ar->password != NULL && password_job_free(ar->password))
		ar->password = NULL;
}

/*
 * Returns 0 while the thread still uses the job: Kore frees the request
 * again once the task is over, and the job goes then.
 */
int
password_job_free(struct password_job *job)
{
	if (!job->destroyed && job->task.req != NULL) {
		if (!kore_task_finished(&job->task))
			return (0);
		kore_task_destroy(&job->task);
	}
	sodium_memzero(job, sizeof(*job));
	kore_free(job);

	return (1);
}

/*
 * At least 12 characters (code points, not bytes) and at most 1024 bytes;
 * jansson has already refused invalid UTF-8.
 */
int
password_valid(const char *password)
{
	return (utf8_chars(password) >= AUTH_PASSWORD_MIN &&
	    strlen(password) <= AUTH_PASSWORD_MAX);
}

/* In the task thread: nothing here touches Kore's state. */
static int
password_task(struct kore_task *t)
{
	struct password_job	*job = (struct password_job *)t;
	char			 out[crypto_pwhash_STRBYTES];

	if (job->op == PASSWORD_HASH) {
		job->ok = crypto_pwhash_str(out, job->password,
		    strlen(job->password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
		    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
		if (job->ok)
			memcpy(job->hash, out, sizeof(job->hash));
	} else {
		job->ok = crypto_pwhash_str_verify(job->hash, job->password,
		    strlen(job->password)) == 0;
	}
	sodium_memzero(job->password, sizeof(job->password));

	return (KORE_RESULT_OK);
}
