/*
 * Unit tests for src/core/keyring.c: key files of k4.secret and k4.public
 * PASERK lines built from fresh Ed25519 keys; comments, blank lines, CRLF
 * and surrounding spaces; the first secret key signs, every key verifies
 * and is found by its k4.pid; and every bad file (no secret key, a
 * malformed or foreign line, a key twice, too many keys, an over-long line)
 * refused as a whole with a message, leaving the keyring empty.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <sodium.h>

#include "core/keyring.h"
#include "core/paserk.h"

#define B64		sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define TEXT_LEN	8192

struct testkey {
	unsigned char	pk[32];
	unsigned char	sk[64];
	char		secret[PASERK_K4_SECRET_LEN];
	char		public[PASERK_K4_PUBLIC_LEN];
	char		pid[PASERK_K4_PID_LEN];
};

static void	keyring_setup(void);
static void	testkey_new(struct testkey *);
static void	text(char *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	parse_ok(struct keyring *, const char *);
static void	parse_bad(const char *);
static void	key_is(const struct keyring_key *, const struct testkey *,
		    int);
static void	is_empty(const struct keyring *);

static void
keyring_setup(void)
{
	cr_assert_geq(sodium_init(), 0);
}

TestSuite(keyring, .init = keyring_setup);

static void
testkey_new(struct testkey *k)
{
	cr_assert_eq(crypto_sign_keypair(k->pk, k->sk), 0);
	cr_assert(paserk_k4_secret(k->secret, sizeof(k->secret), k->sk));
	cr_assert(paserk_k4_public(k->public, sizeof(k->public), k->pk));
	cr_assert(paserk_k4_pid(k->pid, sizeof(k->pid), k->public));
}

/* A key file's text in buf (TEXT_LEN bytes). */
static void
text(char *buf, const char *fmt, ...)
{
	va_list		ap;
	int		n;

	va_start(ap, fmt);
	n = vsnprintf(buf, TEXT_LEN, fmt, ap);
	va_end(ap);
	cr_assert(n >= 0 && n < TEXT_LEN, "key file text truncated");
}

static void
parse_ok(struct keyring *kr, const char *t)
{
	char		err[256];

	err[0] = '\0';
	cr_assert(keyring_parse(kr, t, err, sizeof(err)), "refused (%s):\n%s",
	    err, t);
}

static void
is_empty(const struct keyring *kr)
{
	struct keyring	empty;

	cr_assert_eq(kr->count, 0);
	cr_assert_eq(kr->current, -1);
	cr_assert_null(keyring_current(kr));
	memset(&empty, 0, sizeof(empty));
	empty.current = -1;
	cr_assert_eq(memcmp(kr, &empty, sizeof(empty)), 0,
	    "key material left behind");
}

/*
 * Refused with a message, into a keyring that held a valid key before:
 * nothing of either is left.
 */
static void
parse_bad(const char *t)
{
	struct keyring	kr;
	struct testkey	k;
	char		good[TEXT_LEN], err[256];

	testkey_new(&k);
	text(good, "%s\n", k.secret);
	parse_ok(&kr, good);
	cr_assert_eq(kr.count, 1);

	memset(err, 0, sizeof(err));
	cr_assert_not(keyring_parse(&kr, t, err, sizeof(err)),
	    "accepted:\n%s", t);
	cr_assert_neq(err[0], '\0', "refused without a message:\n%s", t);
	cr_assert_lt(strlen(err), sizeof(err));
	is_empty(&kr);
	cr_assert_null(keyring_find(&kr, k.pid));
}

static void
key_is(const struct keyring_key *key, const struct testkey *k, int can_sign)
{
	unsigned char	zero[64];

	cr_assert_not_null(key);
	cr_assert_eq(memcmp(key->pk, k->pk, sizeof(key->pk)), 0);
	cr_assert_eq(key->can_sign, can_sign);
	cr_assert_str_eq(key->pid, k->pid);
	cr_assert_str_eq(key->paserk_public, k->public);
	memset(zero, 0, sizeof(zero));
	if (can_sign)
		cr_assert_eq(memcmp(key->sk, k->sk, sizeof(key->sk)), 0);
	else
		cr_assert_eq(memcmp(key->sk, zero, sizeof(key->sk)), 0,
		    "a verify-only key has secret bytes");
}

Test(keyring, one_secret)
{
	struct keyring	kr;
	struct testkey	a;
	char		t[TEXT_LEN];

	testkey_new(&a);
	text(t, "%s\n", a.secret);
	parse_ok(&kr, t);
	cr_assert_eq(kr.count, 1);
	cr_assert_eq(kr.current, 0);
	cr_assert_eq(keyring_current(&kr), &kr.keys[0]);
	key_is(&kr.keys[0], &a, 1);
	cr_assert_eq(strlen(kr.keys[0].pid) + 1, PASERK_K4_PID_LEN);
	cr_assert_eq(strlen(kr.keys[0].paserk_public) + 1,
	    PASERK_K4_PUBLIC_LEN);
}

Test(keyring, no_final_newline)
{
	struct keyring	kr;
	struct testkey	a, b;
	char		t[TEXT_LEN];

	testkey_new(&a);
	testkey_new(&b);
	parse_ok(&kr, a.secret);
	cr_assert_eq(kr.count, 1);
	key_is(&kr.keys[0], &a, 1);
	text(t, "%s\n%s", a.secret, b.public);
	parse_ok(&kr, t);
	cr_assert_eq(kr.count, 2);
	key_is(&kr.keys[1], &b, 0);
}

Test(keyring, comments_blanks_crlf_spaces)
{
	struct keyring	kr;
	struct testkey	a, b, c;
	char		t[TEXT_LEN];

	testkey_new(&a);
	testkey_new(&b);
	testkey_new(&c);
	text(t,
	    "# ASR Mayotte token keys\n"
	    "\n"
	    "   \n"
	    "\t\n"
	    "\r\n"
	    "  # an indented comment: k4.secret.nothing\r\n"
	    "#k4.public.neither\n"
	    "   %s   \r\n"
	    "\r\n"
	    "\t%s\t\r\n"
	    " \t %s \t \n"
	    "# the end\r\n",
	    a.secret, b.public, c.secret);
	parse_ok(&kr, t);
	cr_assert_eq(kr.count, 3);
	cr_assert_eq(kr.current, 0);
	key_is(&kr.keys[0], &a, 1);
	key_is(&kr.keys[1], &b, 0);
	key_is(&kr.keys[2], &c, 1);
}

Test(keyring, crlf_only)
{
	struct keyring	kr;
	struct testkey	a, b;
	char		t[TEXT_LEN];

	testkey_new(&a);
	testkey_new(&b);
	text(t, "# keys\r\n%s\r\n%s\r\n", b.public, a.secret);
	parse_ok(&kr, t);
	cr_assert_eq(kr.count, 2);
	cr_assert_eq(kr.current, 1);
	key_is(&kr.keys[0], &b, 0);
	key_is(&kr.keys[1], &a, 1);
}

/* A verify-only key first: the first secret key still signs. */
Test(keyring, public_before_secret)
{
	struct keyring	kr;
	struct testkey	old, cur;
	char		t[TEXT_LEN];

	testkey_new(&old);
	testkey_new(&cur);
	text(t, "%s\n%s\n", old.public, cur.secret);
	parse_ok(&kr, t);
	cr_assert_eq(kr.count, 2);
	cr_assert_eq(kr.current, 1);
	cr_assert_eq(keyring_current(&kr), &kr.keys[1]);
	key_is(keyring_current(&kr), &cur, 1);
	key_is(&kr.keys[0], &old, 0);
}

/* Of several secret keys, the first signs; the others only verify. */
Test(keyring, first_secret_is_current)
{
	struct keyring	kr;
	struct testkey	a, b, c;
	char		t[TEXT_LEN];

	testkey_new(&a);
	testkey_new(&b);
	testkey_new(&c);
	text(t, "%s\n%s\n%s\n", a.public, b.secret, c.secret);
	parse_ok(&kr, t);
	cr_assert_eq(kr.count, 3);
	cr_assert_eq(kr.current, 1);
	key_is(keyring_current(&kr), &b, 1);
	key_is(&kr.keys[2], &c, 1);
}

Test(keyring, find_by_pid)
{
	struct keyring	 kr;
	struct testkey	 a, b, c, stranger;
	char		 t[TEXT_LEN], sid[PASERK_K4_SID_LEN];
	char		 pid[PASERK_K4_PID_LEN];

	testkey_new(&a);
	testkey_new(&b);
	testkey_new(&c);
	testkey_new(&stranger);
	text(t, "%s\n%s\n%s\n", a.public, b.secret, c.public);
	parse_ok(&kr, t);

	/* The pid as paserk_k4_pid gives it from the public PASERK. */
	cr_assert(paserk_k4_pid(pid, sizeof(pid), a.public));
	cr_assert_eq(keyring_find(&kr, pid), &kr.keys[0]);
	cr_assert(paserk_k4_pid(pid, sizeof(pid), b.public));
	cr_assert_eq(keyring_find(&kr, pid), &kr.keys[1]);
	cr_assert(paserk_k4_pid(pid, sizeof(pid), c.public));
	cr_assert_eq(keyring_find(&kr, pid), &kr.keys[2]);
	key_is(keyring_find(&kr, b.pid), &b, 1);
	key_is(keyring_find(&kr, c.pid), &c, 0);

	cr_assert_null(keyring_find(&kr, stranger.pid));
	cr_assert_null(keyring_find(&kr, NULL));
	cr_assert_null(keyring_find(&kr, ""));
	cr_assert_null(keyring_find(&kr, "k4.pid."));
	cr_assert_null(keyring_find(&kr, a.public));
	cr_assert(paserk_k4_sid(sid, sizeof(sid), b.secret));
	cr_assert_null(keyring_find(&kr, sid));
	/* A prefix of a pid, or a pid with more after it. */
	memcpy(pid, a.pid, sizeof(pid));
	pid[strlen(pid) - 1] = '\0';
	cr_assert_null(keyring_find(&kr, pid));
	text(t, "%s ", a.pid);
	cr_assert_null(keyring_find(&kr, t));
}

Test(keyring, most_keys)
{
	struct keyring	kr;
	struct testkey	k[KEYRING_MAX];
	char		t[TEXT_LEN];
	size_t		i, off;

	for (i = 0, off = 0; i < KEYRING_MAX; i++) {
		testkey_new(&k[i]);
		off += (size_t)snprintf(t + off, sizeof(t) - off, "%s\n",
		    i == 3 ? k[i].secret : k[i].public);
		cr_assert_lt(off, sizeof(t));
	}
	parse_ok(&kr, t);
	cr_assert_eq(kr.count, KEYRING_MAX);
	cr_assert_eq(kr.current, 3);
	for (i = 0; i < KEYRING_MAX; i++) {
		key_is(&kr.keys[i], &k[i], i == 3);
		cr_assert_eq(keyring_find(&kr, k[i].pid), &kr.keys[i]);
	}
}

Test(keyring, clear)
{
	struct keyring	kr;
	struct testkey	a, b;
	char		t[TEXT_LEN];

	testkey_new(&a);
	testkey_new(&b);
	text(t, "%s\n%s\n", a.secret, b.public);
	parse_ok(&kr, t);
	keyring_clear(&kr);
	is_empty(&kr);
	cr_assert_null(keyring_find(&kr, a.pid));
}

Test(keyring, no_secret_key)
{
	struct testkey	a, b;
	char		t[TEXT_LEN];

	testkey_new(&a);
	testkey_new(&b);
	parse_bad("");
	parse_bad("\n");
	parse_bad("# nothing but a comment\n\n  \r\n");
	text(t, "%s\n", a.public);
	parse_bad(t);
	text(t, "# old keys\n%s\n%s\n", a.public, b.public);
	parse_bad(t);
	/* A secret key commented out does not count. */
	text(t, "#%s\n%s\n", a.secret, b.public);
	parse_bad(t);
}

Test(keyring, malformed_lines)
{
	struct testkey	a, b;
	char		t[TEXT_LEN], s[PASERK_K4_SECRET_LEN];

	testkey_new(&a);
	testkey_new(&b);
	text(t, "%s\nhello\n", a.secret);
	parse_bad(t);
	text(t, "%s\nk4.secret.\n", a.secret);
	parse_bad(t);
	text(t, "%s\nk4.public.\n", a.secret);
	parse_bad(t);
	text(t, "%s\nk4.secret.garbage!\n", a.secret);
	parse_bad(t);
	text(t, "%s\nk4.public.AAAA\n", a.secret);
	parse_bad(t);
	/* One character short, one too many. */
	memcpy(s, a.secret, sizeof(s));
	s[strlen(s) - 1] = '\0';
	text(t, "%s\n", s);
	parse_bad(t);
	text(t, "%sA\n", a.secret);
	parse_bad(t);
	text(t, "%s\n%sA\n", a.secret, b.public);
	parse_bad(t);
	/* Two keys on one line, a key with a comment after it. */
	text(t, "%s %s\n", a.secret, b.public);
	parse_bad(t);
	text(t, "%s # current\n", a.secret);
	parse_bad(t);
	/* Case matters. */
	text(t, "K4.SECRET.%s\n", a.secret + 10);
	parse_bad(t);
	/* A NUL-free line of control characters. */
	text(t, "%s\n\x01\x02\n", a.secret);
	parse_bad(t);
}

/* The secret key's second half is not the public key of its seed. */
Test(keyring, secret_halves_disagree)
{
	struct testkey	a, b;
	unsigned char	sk[64];
	char		t[TEXT_LEN], body[sodium_base64_ENCODED_LEN(64, B64)];

	testkey_new(&a);
	testkey_new(&b);
	memcpy(sk, a.sk, 32);
	memcpy(sk + 32, b.pk, 32);
	sodium_bin2base64(body, sizeof(body), sk, sizeof(sk), B64);
	text(t, "k4.secret.%s\n", body);
	parse_bad(t);
}

Test(keyring, other_versions_and_types)
{
	struct testkey	a;
	unsigned char	key[32];
	char		t[TEXT_LEN], local[PASERK_K4_LOCAL_LEN];

	testkey_new(&a);
	/* The same bodies under another version. */
	text(t, "k3.secret.%s\n", a.secret + 10);
	parse_bad(t);
	text(t, "%s\nk3.public.%s\n", a.secret, a.public + 10);
	parse_bad(t);
	text(t, "k2.secret.%s\n", a.secret + 10);
	parse_bad(t);
	text(t, "%s\nk2.public.%s\n", a.secret, a.public + 10);
	parse_bad(t);
	text(t, "%s\nk2.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
	    a.secret);
	parse_bad(t);
	/* k4 keys of other types: symmetric, ids. */
	randombytes_buf(key, sizeof(key));
	cr_assert(paserk_k4_local(local, sizeof(local), key));
	text(t, "%s\n%s\n", a.secret, local);
	parse_bad(t);
	text(t, "%s\n%s\n", a.secret, a.pid);
	parse_bad(t);
	/* A PASETO token is not a key either. */
	text(t, "%s\nv4.public.%s\n", a.secret, a.public + 10);
	parse_bad(t);
}

Test(keyring, duplicate_keys)
{
	struct testkey	a, b;
	char		t[TEXT_LEN];

	testkey_new(&a);
	testkey_new(&b);
	text(t, "%s\n%s\n", a.secret, a.secret);
	parse_bad(t);
	text(t, "%s\n%s\n", a.secret, a.public);
	parse_bad(t);
	text(t, "%s\n%s\n", a.public, a.secret);
	parse_bad(t);
	text(t, "%s\n%s\n%s\n", a.secret, b.public, b.public);
	parse_bad(t);
	text(t, "%s\n  %s\r\n", a.secret, a.secret);
	parse_bad(t);
}

Test(keyring, too_many_keys)
{
	struct testkey	k[KEYRING_MAX + 1];
	char		t[TEXT_LEN];
	size_t		i, off;

	for (i = 0, off = 0; i < KEYRING_MAX + 1; i++) {
		testkey_new(&k[i]);
		off += (size_t)snprintf(t + off, sizeof(t) - off, "%s\n",
		    i == 0 ? k[i].secret : k[i].public);
		cr_assert_lt(off, sizeof(t));
	}
	parse_bad(t);
}

Test(keyring, over_long_line)
{
	struct testkey	a;
	char		t[TEXT_LEN], junk[1024];

	testkey_new(&a);
	memset(junk, 'A', sizeof(junk) - 1);
	junk[sizeof(junk) - 1] = '\0';
	text(t, "%s\n%s\n", a.secret, junk);
	parse_bad(t);
	text(t, "%s\nk4.public.%s\n", a.secret, junk);
	parse_bad(t);
	/* A secret key with 1000 characters more. */
	text(t, "%s%s\n", a.secret, junk);
	parse_bad(t);
	text(t, "%s\n", junk);
	parse_bad(t);
}

/* The message names the offending line. */
Test(keyring, error_names_line)
{
	struct keyring	kr;
	struct testkey	a;
	char		t[TEXT_LEN], err[256];

	testkey_new(&a);
	text(t, "# keys\n%s\nnot a key\n", a.secret);
	cr_assert_not(keyring_parse(&kr, t, err, sizeof(err)));
	cr_assert_not_null(strstr(err, "line 3"), "message: %s", err);
	is_empty(&kr);
}

/* A short message buffer is not overrun and stays a C string. */
Test(keyring, short_error_buffer)
{
	struct keyring	kr;
	struct testkey	a;
	char		t[TEXT_LEN], err[16];

	testkey_new(&a);
	memset(err, 'X', sizeof(err));
	text(t, "%s\nk3.public.AAAA\n", a.secret);
	cr_assert_not(keyring_parse(&kr, t, err, 8));
	cr_assert_lt(strlen(err), 8);
	cr_assert_neq(err[0], '\0');
	cr_assert_eq(err[8], 'X', "wrote past errlen");
	is_empty(&kr);
}

/*
 * No room for a message (errlen 0): refused all the same, and the buffer,
 * here not even a C string, is neither written nor read.
 */
Test(keyring, no_error_buffer)
{
	struct keyring	 kr;
	struct testkey	 a;
	char		 t[TEXT_LEN], *err;

	testkey_new(&a);
	cr_assert_not_null(err = malloc(4));
	memset(err, 'X', 4);
	text(t, "%s\nnot a key\n", a.secret);
	cr_assert_not(keyring_parse(&kr, t, err, 0));
	is_empty(&kr);
	text(t, "%s\n", a.public);
	cr_assert_not(keyring_parse(&kr, t, err, 0));
	is_empty(&kr);
	cr_assert_eq(memcmp(err, "XXXX", 4), 0);
	free(err);
}
