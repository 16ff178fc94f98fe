/*
 * Unit tests for src/core/paserk.c: the official k4.public and k4.pid
 * vectors from ../shared/vectors/paseto/ (skipped when that folder is
 * absent), known answers for k4.local, k4.lid, k4.secret and k4.sid, round
 * trips, buffer sizes, and malformed PASERKs refused without a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <jansson.h>
#include <sodium.h>

#include "core/paserk.h"

#define VECTORS_DIR	"../shared/vectors/paseto/"
#define B64		sodium_base64_VARIANT_URLSAFE_NO_PADDING

/*
 * Known answers from paseto-standard/test-vectors (k4.local.json,
 * k4.lid.json, k4.secret.json, k4.sid.json), which ../shared does not
 * carry.
 */
struct known {
	const char	*key;
	const char	*paserk;
	const char	*id;
};

static const struct known	local_known[] = {
	{ "0000000000000000000000000000000000000000000000000000000000000000",
	  "k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	  "k4.lid.bqltbNc4JLUAmc9Xtpok-fBuI0dQN5_m3CD9W_nbh559" },
	{ "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f",
	  "k4.local.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8",
	  "k4.lid.iVtYQDjr5gEijCSjJC3fQaJm7nCeQSeaty0Jixy8dbsk" },
	{ "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e90",
	  "k4.local.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjpA",
	  "k4.lid.-v0wjDR1FVxNT2to41Ay1P4_8X6HIxnybX1nZ1a4FCTm" },
};

static const struct known	secret_known[] = {
	{ "0000000000000000000000000000000000000000000000000000000000000000"
	  "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29",
	  "k4.secret.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA7aie8zrakLW"
	  "KjqNAqbw1zZTIVdx3iQ6Y6wEihi1naKQ",
	  "k4.sid.YujQ-NvcGquQ0Q-arRf8iYEcXiSOKg2Vk5az-n1lxiUd" },
	{ "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f"
	  "1ce56a48c82ff99162a14bc544612674e5d61fb9317e65d4055780fdbcb4dc35",
	  "k4.secret.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8c5WpIyC_5k"
	  "WKhS8VEYSZ05dYfuTF-ZdQFV4D9vLTcNQ",
	  "k4.sid.gHYyx8y5YzqKEZeYoMDqUOKejdSnY_AWhYZiSCMjR1V5" },
	{ "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e90"
	  "60fe37571a5d6e7d30b15154ce4a9fb92c70c870848f4ccdf1626588097f73f7",
	  "k4.secret.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjpBg_jdXGl1uf"
	  "TCxUVTOSp-5LHDIcISPTM3xYmWICX9z9w",
	  "k4.sid.2_m4h6ZTO3qm_PIpl-eYyAqTbNTgmIPQ85POmUEyZHNd" },
};

static json_t	*vectors_or_skip(const char *);
static size_t	 hex(unsigned char *, size_t, const char *);
static char	*with_prefix(const char *, const unsigned char *, size_t);
static void	 public_refused(const char *);

/*
 * The unit tests run from the project root; ASR_ROOT, when set, names it
 * for runs from elsewhere.
 */
static json_t *
vectors_or_skip(const char *file)
{
	json_error_t	 err;
	json_t		*root;
	const char	*base;
	char		 path[4096];

	(void)snprintf(path, sizeof(path), "%s%s", VECTORS_DIR, file);
	if ((root = json_load_file(path, 0, &err)) != NULL)
		return (root);
	if ((base = getenv("ASR_ROOT")) != NULL) {
		(void)snprintf(path, sizeof(path), "%s/%s%s", base,
		    VECTORS_DIR, file);
		if ((root = json_load_file(path, 0, &err)) != NULL)
			return (root);
	}
	cr_skip_test("../shared/vectors absent: PASERK vectors skipped");

	return (NULL);
}

/* Decoded length, or (size_t)-1 when the hex does not fit in max bytes. */
static size_t
hex(unsigned char *out, size_t max, const char *h)
{
	size_t	len;

	if (sodium_hex2bin(out, max, h, strlen(h), NULL, &len, NULL) != 0)
		return ((size_t)-1);

	return (len);
}

/* prefix || b64u(bin): a PASERK of any length, to be refused. */
static char *
with_prefix(const char *pfx, const unsigned char *bin, size_t len)
{
	char	*s;
	size_t	 plen, size;

	plen = strlen(pfx);
	size = plen + sodium_base64_ENCODED_LEN(len, B64);
	cr_assert_not_null(s = malloc(size));
	memcpy(s, pfx, plen);
	sodium_bin2base64(s + plen, size - plen, bin, len, B64);

	return (s);
}

/* Refused as a k4.public, and so refused a k4.pid. */
static void
public_refused(const char *s)
{
	unsigned char	pk[32], zero[32];
	char		out[PASERK_K4_PID_LEN];

	memset(pk, 0, sizeof(pk));
	memset(zero, 0, sizeof(zero));
	cr_assert_eq(paserk_k4_public_decode(pk, s), 0, "%s", s);
	cr_assert_eq(memcmp(pk, zero, sizeof(pk)), 0, "written: %s", s);
	cr_assert_eq(paserk_k4_pid(out, sizeof(out), s), 0, "%s", s);
	cr_assert_str_eq(out, "");
}

/*
 * k4.public-fail-1 is a 49-byte key (a k3 one): our API takes exactly 32
 * bytes, so it cannot be serialised; as a k4.public or k3.public PASERK it
 * is refused.
 */
Test(paserk, vectors_k4_public)
{
	json_t		*root, *v;
	unsigned char	 key[64], back[32];
	const char	*name, *want;
	char		 out[PASERK_K4_PUBLIC_LEN], *s;
	size_t		 i, len, ok = 0, fail = 0;

	root = vectors_or_skip("k4.public.json");
	json_array_foreach (json_object_get(root, "tests"), i, v) {
		name = json_string_value(json_object_get(v, "name"));
		len = hex(key, sizeof(key),
		    json_string_value(json_object_get(v, "key")));
		cr_assert_neq(len, (size_t)-1, "%s", name);
		if (json_is_true(json_object_get(v, "expect-fail"))) {
			cr_assert_neq(len, 32, "%s", name);
			s = with_prefix("k4.public.", key, len);
			public_refused(s);
			free(s);
			s = with_prefix("k3.public.", key, len);
			public_refused(s);
			free(s);
			fail++;
			continue;
		}
		want = json_string_value(json_object_get(v, "paserk"));
		cr_assert_eq(len, 32, "%s", name);
		cr_assert_eq(paserk_k4_public(out, sizeof(out), key), 1, "%s",
		    name);
		cr_assert_str_eq(out, want, "%s", name);
		cr_assert_eq(strlen(out) + 1, PASERK_K4_PUBLIC_LEN);
		cr_assert_eq(paserk_k4_public_decode(back, want), 1, "%s",
		    name);
		cr_assert_eq(memcmp(back, key, 32), 0, "%s", name);
		ok++;
	}
	json_decref(root);
	cr_assert_eq(ok, 3);
	cr_assert_eq(fail, 1);
}

/*
 * k4.pid-fail-1 is a 31-byte key, k4.pid-fail-2 a 49-byte one: neither can
 * be serialised, and their would-be PASERKs get no id.
 */
Test(paserk, vectors_k4_pid)
{
	json_t		*root, *v;
	unsigned char	 key[64];
	const char	*name, *want;
	char		 pub[PASERK_K4_PUBLIC_LEN], out[PASERK_K4_PID_LEN], *s;
	size_t		 i, len, ok = 0, fail = 0;

	root = vectors_or_skip("k4.pid.json");
	json_array_foreach (json_object_get(root, "tests"), i, v) {
		name = json_string_value(json_object_get(v, "name"));
		len = hex(key, sizeof(key),
		    json_string_value(json_object_get(v, "key")));
		cr_assert_neq(len, (size_t)-1, "%s", name);
		if (json_is_true(json_object_get(v, "expect-fail"))) {
			cr_assert_neq(len, 32, "%s", name);
			s = with_prefix("k4.public.", key, len);
			public_refused(s);
			free(s);
			s = with_prefix("k3.public.", key, len);
			public_refused(s);
			free(s);
			fail++;
			continue;
		}
		want = json_string_value(json_object_get(v, "paserk"));
		cr_assert_eq(len, 32, "%s", name);
		cr_assert_eq(paserk_k4_public(pub, sizeof(pub), key), 1);
		cr_assert_eq(paserk_k4_pid(out, sizeof(out), pub), 1, "%s",
		    name);
		cr_assert_str_eq(out, want, "%s", name);
		cr_assert_eq(strlen(out) + 1, PASERK_K4_PID_LEN);
		ok++;
	}
	json_decref(root);
	cr_assert_eq(ok, 3);
	cr_assert_eq(fail, 2);
}

Test(paserk, known_k4_local_and_lid)
{
	unsigned char	 key[32];
	char		 out[PASERK_K4_LOCAL_LEN], id[PASERK_K4_LID_LEN];
	size_t		 i;

	for (i = 0; i < sizeof(local_known) / sizeof(local_known[0]); i++) {
		cr_assert_eq(hex(key, sizeof(key), local_known[i].key), 32);
		cr_assert_eq(paserk_k4_local(out, sizeof(out), key), 1);
		cr_assert_str_eq(out, local_known[i].paserk);
		cr_assert_eq(strlen(out) + 1, PASERK_K4_LOCAL_LEN);
		cr_assert_eq(paserk_k4_lid(id, sizeof(id), out), 1);
		cr_assert_str_eq(id, local_known[i].id);
		cr_assert_eq(strlen(id) + 1, PASERK_K4_LID_LEN);
	}
}

Test(paserk, known_k4_secret_and_sid)
{
	unsigned char	 sk[64], back[64];
	char		 out[PASERK_K4_SECRET_LEN], id[PASERK_K4_SID_LEN];
	size_t		 i;

	for (i = 0; i < sizeof(secret_known) / sizeof(secret_known[0]); i++) {
		cr_assert_eq(hex(sk, sizeof(sk), secret_known[i].key), 64);
		cr_assert_eq(paserk_k4_secret(out, sizeof(out), sk), 1);
		cr_assert_str_eq(out, secret_known[i].paserk);
		cr_assert_eq(strlen(out) + 1, PASERK_K4_SECRET_LEN);
		cr_assert_eq(paserk_k4_secret_decode(back, out), 1);
		cr_assert_eq(memcmp(back, sk, 64), 0);
		cr_assert_eq(paserk_k4_sid(id, sizeof(id), out), 1);
		cr_assert_str_eq(id, secret_known[i].id);
		cr_assert_eq(strlen(id) + 1, PASERK_K4_SID_LEN);
	}
}

Test(paserk, round_trips)
{
	unsigned char	 pk[32], sk[64], key[32], back[64];
	unsigned char	 pk2[32], sk2[64];
	char		 pub[PASERK_K4_PUBLIC_LEN], pub2[PASERK_K4_PUBLIC_LEN];
	char		 pid[PASERK_K4_PID_LEN], pid2[PASERK_K4_PID_LEN];
	char		 sec[PASERK_K4_SECRET_LEN], loc[PASERK_K4_LOCAL_LEN];
	char		 id[PASERK_K4_LID_LEN];
	int		 i;

	cr_assert_geq(sodium_init(), 0);
	for (i = 0; i < 50; i++) {
		crypto_sign_keypair(pk, sk);
		crypto_sign_keypair(pk2, sk2);
		randombytes_buf(key, sizeof(key));

		cr_assert_eq(paserk_k4_public(pub, sizeof(pub), pk), 1);
		cr_assert_eq(paserk_k4_public_decode(back, pub), 1);
		cr_assert_eq(memcmp(back, pk, 32), 0);
		cr_assert_eq(paserk_k4_public(pub2, sizeof(pub2), pk2), 1);
		cr_assert_eq(paserk_k4_pid(pid, sizeof(pid), pub), 1);
		cr_assert_eq(paserk_k4_pid(pid2, sizeof(pid2), pub2), 1);
		cr_assert_str_neq(pid, pid2);
		cr_assert_eq(strncmp(pid, "k4.pid.", 7), 0);

		cr_assert_eq(paserk_k4_secret(sec, sizeof(sec), sk), 1);
		cr_assert_eq(paserk_k4_secret_decode(back, sec), 1);
		cr_assert_eq(memcmp(back, sk, 64), 0);
		cr_assert_eq(paserk_k4_sid(id, sizeof(id), sec), 1);
		cr_assert_eq(strncmp(id, "k4.sid.", 7), 0);

		cr_assert_eq(paserk_k4_local(loc, sizeof(loc), key), 1);
		cr_assert_eq(paserk_k4_lid(id, sizeof(id), loc), 1);
		cr_assert_eq(strncmp(id, "k4.lid.", 7), 0);
	}
}

/* The _LEN macros are exact: one byte less is refused, and out is "". */
Test(paserk, buffer_sizes)
{
	unsigned char	 pk[32], sk[64], key[32];
	char		 pub[PASERK_K4_PUBLIC_LEN], sec[PASERK_K4_SECRET_LEN];
	char		 loc[PASERK_K4_LOCAL_LEN], out[128];

	cr_assert_geq(sodium_init(), 0);
	crypto_sign_keypair(pk, sk);
	randombytes_buf(key, sizeof(key));
	cr_assert_eq(paserk_k4_public(pub, sizeof(pub), pk), 1);
	cr_assert_eq(paserk_k4_secret(sec, sizeof(sec), sk), 1);
	cr_assert_eq(paserk_k4_local(loc, sizeof(loc), key), 1);

	cr_assert_eq(paserk_k4_public(out, PASERK_K4_PUBLIC_LEN - 1, pk), 0);
	cr_assert_str_eq(out, "");
	cr_assert_eq(paserk_k4_secret(out, PASERK_K4_SECRET_LEN - 1, sk), 0);
	cr_assert_str_eq(out, "");
	cr_assert_eq(paserk_k4_local(out, PASERK_K4_LOCAL_LEN - 1, key), 0);
	cr_assert_str_eq(out, "");
	cr_assert_eq(paserk_k4_pid(out, PASERK_K4_PID_LEN - 1, pub), 0);
	cr_assert_str_eq(out, "");
	cr_assert_eq(paserk_k4_sid(out, PASERK_K4_SID_LEN - 1, sec), 0);
	cr_assert_str_eq(out, "");
	cr_assert_eq(paserk_k4_lid(out, PASERK_K4_LID_LEN - 1, loc), 0);
	cr_assert_str_eq(out, "");
	cr_assert_eq(paserk_k4_public(out, 0, pk), 0);
	cr_assert_eq(paserk_k4_public(NULL, 64, pk), 0);

	cr_assert_eq(paserk_k4_pid(out, PASERK_K4_PID_LEN, pub), 1);
	cr_assert_eq(strlen(out) + 1, PASERK_K4_PID_LEN);
	cr_assert_eq(paserk_k4_sid(out, PASERK_K4_SID_LEN, sec), 1);
	cr_assert_eq(strlen(out) + 1, PASERK_K4_SID_LEN);
	cr_assert_eq(paserk_k4_lid(out, PASERK_K4_LID_LEN, loc), 1);
	cr_assert_eq(strlen(out) + 1, PASERK_K4_LID_LEN);
}

/* Each id function takes its own key type and version only. */
Test(paserk, types_are_not_mixed)
{
	unsigned char	 pk[32], sk[64], key[32], back[64];
	char		 pub[PASERK_K4_PUBLIC_LEN], sec[PASERK_K4_SECRET_LEN];
	char		 loc[PASERK_K4_LOCAL_LEN], out[128];

	cr_assert_geq(sodium_init(), 0);
	crypto_sign_keypair(pk, sk);
	randombytes_buf(key, sizeof(key));
	cr_assert_eq(paserk_k4_public(pub, sizeof(pub), pk), 1);
	cr_assert_eq(paserk_k4_secret(sec, sizeof(sec), sk), 1);
	cr_assert_eq(paserk_k4_local(loc, sizeof(loc), key), 1);

	cr_assert_eq(paserk_k4_pid(out, sizeof(out), loc), 0);
	cr_assert_eq(paserk_k4_pid(out, sizeof(out), sec), 0);
	cr_assert_eq(paserk_k4_lid(out, sizeof(out), pub), 0);
	cr_assert_eq(paserk_k4_lid(out, sizeof(out), sec), 0);
	cr_assert_eq(paserk_k4_sid(out, sizeof(out), pub), 0);
	cr_assert_eq(paserk_k4_sid(out, sizeof(out), loc), 0);
	cr_assert_eq(paserk_k4_public_decode(back, loc), 0);
	cr_assert_eq(paserk_k4_secret_decode(back, pub), 0);

	/* Another version, same body. */
	pub[1] = '3';
	cr_assert_eq(paserk_k4_public_decode(back, pub), 0);
	cr_assert_eq(paserk_k4_pid(out, sizeof(out), pub), 0);
	loc[1] = '2';
	cr_assert_eq(paserk_k4_lid(out, sizeof(out), loc), 0);
	sec[1] = '1';
	cr_assert_eq(paserk_k4_secret_decode(back, sec), 0);
}

Test(paserk, malformed_public_is_refused)
{
	static const char	*junk[] = {
		"",
		"k4",
		"k4.",
		"k4.public",
		"k4.public.",
		"k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
		"k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
		"k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB",
		"k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!",
		"k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
		"k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.",
		"k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
		"K4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"k4.PUBLIC.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"k3.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"k4.pid.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		" k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	};
	size_t		 i;
	char		*huge;

	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		public_refused(junk[i]);
	public_refused("k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAA");

	cr_assert_not_null(huge = malloc(1 << 20));
	memset(huge, 'A', (1 << 20) - 1);
	huge[(1 << 20) - 1] = '\0';
	memcpy(huge, "k4.public.", 10);
	public_refused(huge);
	free(huge);
}

Test(paserk, malformed_secret_and_local_are_refused)
{
	unsigned char	 sk[64], pk[32], key[32], zero[64];
	char		 sec[PASERK_K4_SECRET_LEN], out[128], *s;

	memset(zero, 0, sizeof(zero));
	memset(sk, 0, sizeof(sk));
	cr_assert_eq(paserk_k4_secret_decode(sk, ""), 0);
	cr_assert_eq(paserk_k4_secret_decode(sk, "k4.secret."), 0);
	cr_assert_eq(paserk_k4_secret_decode(sk, NULL), 0);
	cr_assert_eq(paserk_k4_secret_decode(NULL, "k4.secret."), 0);
	cr_assert_eq(memcmp(sk, zero, 64), 0);
	cr_assert_eq(paserk_k4_lid(out, sizeof(out), "k4.local."), 0);
	cr_assert_eq(paserk_k4_lid(out, sizeof(out), NULL), 0);
	cr_assert_eq(paserk_k4_sid(out, sizeof(out), NULL), 0);
	cr_assert_eq(paserk_k4_pid(out, sizeof(out), NULL), 0);
	cr_assert_eq(paserk_k4_public_decode(NULL,
	    "k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 0);
	cr_assert_eq(paserk_k4_public(out, sizeof(out), NULL), 0);
	cr_assert_eq(paserk_k4_secret(out, sizeof(out), NULL), 0);
	cr_assert_eq(paserk_k4_local(out, sizeof(out), NULL), 0);

	/* A k4.local of 31 bytes. */
	memset(key, 7, sizeof(key));
	s = with_prefix("k4.local.", key, 31);
	cr_assert_eq(paserk_k4_lid(out, sizeof(out), s), 0);
	free(s);

	/* A secret key whose public half is not its seed's. */
	cr_assert_geq(sodium_init(), 0);
	crypto_sign_keypair(pk, sk);
	sk[40] ^= 0x01;
	cr_assert_eq(paserk_k4_secret(sec, sizeof(sec), sk), 0);
	s = with_prefix("k4.secret.", sk, 64);
	cr_assert_eq(paserk_k4_secret_decode(zero, s), 0);
	cr_assert_eq(paserk_k4_sid(out, sizeof(out), s), 0);
	free(s);
}
