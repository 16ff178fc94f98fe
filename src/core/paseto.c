/*
 * PASETO v4 tokens (see paseto.h), on libsodium. Parsing is strict: one
 * header, a non-empty body, at most one footer, canonical base64url (no
 * padding, no stray trailing bits), so that a token has one spelling only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/b64url.h"
#include "core/paseto.h"

#define HDR_PUBLIC	"v4.public."
#define HDR_LOCAL	"v4.local."
#define B64_VARIANT	sodium_base64_VARIANT_URLSAFE_NO_PADDING

#define SIG_BYTES	crypto_sign_BYTES
#define TAG_BYTES	32
#define EK_BYTES	crypto_stream_xchacha20_KEYBYTES
#define N2_BYTES	crypto_stream_xchacha20_NONCEBYTES
#define AK_BYTES	32

#define DOMAIN_EK	"paseto-encryption-key"
#define DOMAIN_AK	"paseto-auth-key-for-aead"

/* Far below any overflow in the size arithmetic; tokens are never this big. */
#define PIECE_MAX	(SIZE_MAX / 8)

/* A token cut up by token_parse(); the footer is decoded, the body not yet. */
struct token {
	const char	*body;
	size_t		 bodylen;
	char		*footer;
	size_t		 footerlen;
};

static int	crypto_ready(void);
static int	keypair_consistent(const unsigned char *);
static int	derive_keys(unsigned char *, unsigned char *, unsigned char *,
		    const unsigned char *, const unsigned char *);
static int	keyed_hash(unsigned char *, size_t, const unsigned char *,
		    const char *, const unsigned char *);
static int	b64_decode(unsigned char **, size_t *, const char *, size_t);
static size_t	b64_len(size_t);
static int	token_build(char **, const char *, const unsigned char *,
		    size_t, const char *);
static int	token_parse(struct token *, const char *, const char *);
static int	footer_matches(const struct token *, const char *);
static void	outputs_clear(char **, size_t *, char **);
static void	deliver(char **, size_t *, char **, unsigned char **, size_t,
		    struct token *);
static void	put_le64(unsigned char *, size_t);

int
paseto_v4_public_sign(char **token, const unsigned char *sk,
    const void *msg, size_t msglen, const char *footer,
    const char *implicit)
{
	const void	*pieces[4];
	size_t		 lens[4];
	unsigned char	*body = NULL, *m2 = NULL;
	size_t		 m2len;
	int		 ok = 0;

	if (token == NULL)
		return (0);
	*token = NULL;
	if (sk == NULL || (msg == NULL && msglen > 0) || msglen > PIECE_MAX)
		return (0);
	if (!crypto_ready() || !keypair_consistent(sk))
		return (0);
	footer = footer != NULL ? footer : "";
	implicit = implicit != NULL ? implicit : "";

	pieces[0] = HDR_PUBLIC;
	lens[0] = sizeof(HDR_PUBLIC) - 1;
	pieces[1] = msg;
	lens[1] = msglen;
	pieces[2] = footer;
	lens[2] = strlen(footer);
	pieces[3] = implicit;
	lens[3] = strlen(implicit);
	if (!paseto_pae(&m2, &m2len, 4, pieces, lens))
		return (0);

	if ((body = malloc(msglen + SIG_BYTES)) == NULL)
		goto done;
	if (msglen > 0)
		memcpy(body, msg, msglen);
	if (crypto_sign_detached(body + msglen, NULL, m2, m2len, sk) != 0)
		goto done;

	ok = token_build(token, HDR_PUBLIC, body, msglen + SIG_BYTES, footer);
done:
	free(body);
	free(m2);
	return (ok);
}

int
paseto_v4_public_verify(char **msg, size_t *msglen, char **footer,
    const char *token, const unsigned char *pk,
    const char *expect_footer, const char *implicit)
{
	struct token	 t;
	const void	*pieces[4];
	size_t		 lens[4];
	unsigned char	*body = NULL, *m2 = NULL;
	size_t		 bodylen, m2len, mlen;
	int		 ok = 0;

	outputs_clear(msg, msglen, footer);
	if (token == NULL || pk == NULL || !crypto_ready())
		return (0);
	if (!token_parse(&t, token, HDR_PUBLIC))
		return (0);
	if (!footer_matches(&t, expect_footer))
		goto done;
	if (!b64_decode(&body, &bodylen, t.body, t.bodylen) ||
	    bodylen < SIG_BYTES)
		goto done;
	mlen = bodylen - SIG_BYTES;
	implicit = implicit != NULL ? implicit : "";

	pieces[0] = HDR_PUBLIC;
	lens[0] = sizeof(HDR_PUBLIC) - 1;
	pieces[1] = body;
	lens[1] = mlen;
	pieces[2] = t.footer;
	lens[2] = t.footerlen;
	pieces[3] = implicit;
	lens[3] = strlen(implicit);
	if (!paseto_pae(&m2, &m2len, 4, pieces, lens))
		goto done;
	if (crypto_sign_verify_detached(body + mlen, m2, m2len, pk) != 0)
		goto done;

	/* The signature is spent: its first byte becomes the terminator. */
	body[mlen] = '\0';
	deliver(msg, msglen, footer, &body, mlen, &t);
	ok = 1;
done:
	free(body);
	free(m2);
	free(t.footer);
	return (ok);
}

int
paseto_v4_local_encrypt(char **token, const unsigned char *key,
    const void *msg, size_t msglen, const char *footer,
    const char *implicit, const unsigned char *nonce)
{
	const void	*pieces[5];
	size_t		 lens[5];
	unsigned char	 ek[EK_BYTES], n2[N2_BYTES], ak[AK_BYTES];
	unsigned char	*body = NULL, *pre = NULL, *n, *c;
	size_t		 prelen;
	int		 ok = 0;

	if (token == NULL)
		return (0);
	*token = NULL;
	if (key == NULL || (msg == NULL && msglen > 0) || msglen > PIECE_MAX)
		return (0);
	if (!crypto_ready())
		return (0);
	footer = footer != NULL ? footer : "";
	implicit = implicit != NULL ? implicit : "";

	body = malloc(PASETO_V4_LOCAL_NONCEBYTES + msglen + TAG_BYTES);
	if (body == NULL)
		return (0);
	n = body;
	c = body + PASETO_V4_LOCAL_NONCEBYTES;
	if (nonce != NULL)
		memcpy(n, nonce, PASETO_V4_LOCAL_NONCEBYTES);
	else
		randombytes_buf(n, PASETO_V4_LOCAL_NONCEBYTES);

	if (!derive_keys(ek, n2, ak, key, n))
		goto done;
	if (msglen > 0 && crypto_stream_xchacha20_xor(c, msg, msglen,
	    n2, ek) != 0)
		goto done;

	pieces[0] = HDR_LOCAL;
	lens[0] = sizeof(HDR_LOCAL) - 1;
	pieces[1] = n;
	lens[1] = PASETO_V4_LOCAL_NONCEBYTES;
	pieces[2] = c;
	lens[2] = msglen;
	pieces[3] = footer;
	lens[3] = strlen(footer);
	pieces[4] = implicit;
	lens[4] = strlen(implicit);
	if (!paseto_pae(&pre, &prelen, 5, pieces, lens))
		goto done;
	if (crypto_generichash(c + msglen, TAG_BYTES, pre, prelen,
	    ak, AK_BYTES) != 0)
		goto done;

	ok = token_build(token, HDR_LOCAL, body,
	    PASETO_V4_LOCAL_NONCEBYTES + msglen + TAG_BYTES, footer);
done:
	sodium_memzero(ek, sizeof(ek));
	sodium_memzero(n2, sizeof(n2));
	sodium_memzero(ak, sizeof(ak));
	free(body);
	free(pre);
	return (ok);
}

int
paseto_v4_local_decrypt(char **msg, size_t *msglen, char **footer,
    const char *token, const unsigned char *key,
    const char *expect_footer, const char *implicit)
{
	struct token	 t;
	const void	*pieces[5];
	size_t		 lens[5];
	unsigned char	 ek[EK_BYTES], n2[N2_BYTES], ak[AK_BYTES];
	unsigned char	 tag[TAG_BYTES];
	unsigned char	*body = NULL, *pre = NULL, *m = NULL, *c;
	size_t		 bodylen, prelen, clen = 0;
	int		 ok = 0;

	outputs_clear(msg, msglen, footer);
	if (token == NULL || key == NULL || !crypto_ready())
		return (0);
	if (!token_parse(&t, token, HDR_LOCAL))
		return (0);
	if (!footer_matches(&t, expect_footer))
		goto done;
	if (!b64_decode(&body, &bodylen, t.body, t.bodylen) ||
	    bodylen < PASETO_V4_LOCAL_NONCEBYTES + TAG_BYTES)
		goto done;
	clen = bodylen - PASETO_V4_LOCAL_NONCEBYTES - TAG_BYTES;
	c = body + PASETO_V4_LOCAL_NONCEBYTES;
	implicit = implicit != NULL ? implicit : "";

	if (!derive_keys(ek, n2, ak, key, body))
		goto done;
	pieces[0] = HDR_LOCAL;
	lens[0] = sizeof(HDR_LOCAL) - 1;
	pieces[1] = body;
	lens[1] = PASETO_V4_LOCAL_NONCEBYTES;
	pieces[2] = c;
	lens[2] = clen;
	pieces[3] = t.footer;
	lens[3] = t.footerlen;
	pieces[4] = implicit;
	lens[4] = strlen(implicit);
	if (!paseto_pae(&pre, &prelen, 5, pieces, lens))
		goto done;
	if (crypto_generichash(tag, sizeof(tag), pre, prelen,
	    ak, AK_BYTES) != 0)
		goto done;
	/* Nothing is decrypted before the tag holds. */
	if (sodium_memcmp(tag, c + clen, TAG_BYTES) != 0)
		goto done;

	if ((m = malloc(clen + 1)) == NULL)
		goto done;
	if (clen > 0 && crypto_stream_xchacha20_xor(m, c, clen, n2, ek) != 0)
		goto done;
	m[clen] = '\0';
	deliver(msg, msglen, footer, &m, clen, &t);
	ok = 1;
done:
	sodium_memzero(ek, sizeof(ek));
	sodium_memzero(n2, sizeof(n2));
	sodium_memzero(ak, sizeof(ak));
	if (m != NULL)
		sodium_memzero(m, clen);
	free(m);
	free(body);
	free(pre);
	free(t.footer);
	return (ok);
}

int
paseto_footer(char **footer, const char *token)
{
	struct token	 t;

	if (footer == NULL)
		return (0);
	*footer = NULL;
	if (token == NULL)
		return (0);
	if (!token_parse(&t, token, HDR_PUBLIC) &&
	    !token_parse(&t, token, HDR_LOCAL))
		return (0);

	*footer = t.footer;

	return (1);
}

int
paseto_pae(unsigned char **out, size_t *outlen, size_t n,
    const void *const *pieces, const size_t *lens)
{
	unsigned char	*p;
	size_t		 i, total;

	if (out == NULL || outlen == NULL)
		return (0);
	*out = NULL;
	*outlen = 0;
	if (n > 0 && (pieces == NULL || lens == NULL))
		return (0);

	total = 8;
	for (i = 0; i < n; i++) {
		if (lens[i] > 0 && pieces[i] == NULL)
			return (0);
		if (lens[i] > SIZE_MAX - 8 - total)
			return (0);
		total += 8 + lens[i];
	}

	if ((*out = p = malloc(total)) == NULL)
		return (0);
	put_le64(p, n);
	p += 8;
	for (i = 0; i < n; i++) {
		put_le64(p, lens[i]);
		p += 8;
		if (lens[i] > 0)
			memcpy(p, pieces[i], lens[i]);
		p += lens[i];
	}
	*outlen = total;

	return (1);
}

/* sodium_init() is idempotent; it picks the fast code paths on first use. */
static int
crypto_ready(void)
{
	return (sodium_init() >= 0);
}

/*
 * libsodium signs with the public half stored in sk as it is. Signing with
 * a wrong one yields bad signatures and, across two public halves, can leak
 * the seed: so the halves must agree.
 */
static int
keypair_consistent(const unsigned char *sk)
{
	unsigned char	pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char	sk2[crypto_sign_SECRETKEYBYTES];
	int		ok;

	ok = crypto_sign_seed_keypair(pk, sk2, sk) == 0 &&
	    sodium_memcmp(pk, sk + crypto_sign_SEEDBYTES, sizeof(pk)) == 0;
	sodium_memzero(sk2, sizeof(sk2));

	return (ok);
}

/*
 * Ek || n2 = BLAKE2b-56(key, "paseto-encryption-key" || n)
 * Ak = BLAKE2b-32(key, "paseto-auth-key-for-aead" || n)
 */
static int
derive_keys(unsigned char *ek, unsigned char *n2, unsigned char *ak,
    const unsigned char *key, const unsigned char *n)
{
	unsigned char	tmp[EK_BYTES + N2_BYTES];
	int		ok;

	ok = keyed_hash(tmp, sizeof(tmp), key, DOMAIN_EK, n) &&
	    keyed_hash(ak, AK_BYTES, key, DOMAIN_AK, n);
	memcpy(ek, tmp, EK_BYTES);
	memcpy(n2, tmp + EK_BYTES, N2_BYTES);
	sodium_memzero(tmp, sizeof(tmp));

	return (ok);
}

/* BLAKE2b-outlen keyed with key, over domain || n. */
static int
keyed_hash(unsigned char *out, size_t outlen, const unsigned char *key,
    const char *domain, const unsigned char *n)
{
	crypto_generichash_state	st;
	int				ok;

	ok = crypto_generichash_init(&st, key, PASETO_V4_LOCAL_KEYBYTES,
	    outlen) == 0 &&
	    crypto_generichash_update(&st, (const unsigned char *)domain,
	    strlen(domain)) == 0 &&
	    crypto_generichash_update(&st, n,
	    PASETO_V4_LOCAL_NONCEBYTES) == 0 &&
	    crypto_generichash_final(&st, out, outlen) == 0;
	sodium_memzero(&st, sizeof(st));

	return (ok);
}

/*
 * Strict base64url: the alphabet checked here (see b64url.h), then
 * libsodium refuses impossible lengths and non-zero trailing bits. The
 * result gets one spare byte, NUL, so that text comes back as a C string.
 */
static int
b64_decode(unsigned char **out, size_t *outlen, const char *b64, size_t len)
{
	unsigned char	*bin;
	size_t		 max;

	*out = NULL;
	*outlen = 0;
	if (len > PIECE_MAX || !b64url_alphabet(b64, len))
		return (0);
	max = len / 4 * 3 + 3;
	if ((bin = malloc(max + 1)) == NULL)
		return (0);
	if (sodium_base642bin(bin, max, b64, len, NULL, outlen, NULL,
	    B64_VARIANT) != 0) {
		free(bin);
		*outlen = 0;
		return (0);
	}
	bin[*outlen] = '\0';
	*out = bin;

	return (1);
}

/* Encoded length of len bytes, without the NUL. */
static size_t
b64_len(size_t len)
{
	return (sodium_base64_ENCODED_LEN(len, B64_VARIANT) - 1);
}

/* header || b64u(body) [|| "." || b64u(footer) when the footer is not ""]. */
static int
token_build(char **token, const char *hdr, const unsigned char *body,
    size_t bodylen, const char *footer)
{
	char	*p;
	size_t	 hlen, flen, total;

	hlen = strlen(hdr);
	flen = strlen(footer);
	if (bodylen > PIECE_MAX || flen > PIECE_MAX)
		return (0);
	total = hlen + b64_len(bodylen) + 1;
	if (flen > 0)
		total += 1 + b64_len(flen);

	if ((p = malloc(total)) == NULL)
		return (0);
	memcpy(p, hdr, hlen);
	sodium_bin2base64(p + hlen, total - hlen, body, bodylen, B64_VARIANT);
	if (flen > 0) {
		hlen += b64_len(bodylen);
		p[hlen++] = '.';
		sodium_bin2base64(p + hlen, total - hlen,
		    (const unsigned char *)footer, flen, B64_VARIANT);
	}
	*token = p;

	return (1);
}

/*
 * Splits header.body[.footer] and decodes the footer. A trailing "." with
 * nothing after it is refused: the same token would have two spellings.
 * On success t->footer is malloc'd (the caller frees it), "" when absent.
 */
static int
token_parse(struct token *t, const char *token, const char *hdr)
{
	const char	*dot, *f;
	size_t		 hlen, rest, flen;
	unsigned char	*footer;

	memset(t, 0, sizeof(*t));
	hlen = strlen(hdr);
	if (strncmp(token, hdr, hlen) != 0)
		return (0);
	t->body = token + hlen;
	rest = strlen(t->body);
	if ((dot = memchr(t->body, '.', rest)) == NULL) {
		t->bodylen = rest;
		f = t->body + rest;
	} else {
		t->bodylen = (size_t)(dot - t->body);
		f = dot + 1;
		if (*f == '\0')
			return (0);
	}
	if (t->bodylen == 0)
		return (0);

	flen = strlen(f);
	if (!b64_decode(&footer, &t->footerlen, f, flen))
		return (0);
	if (memchr(footer, '\0', t->footerlen) != NULL) {
		free(footer);
		t->footerlen = 0;
		return (0);
	}
	t->footer = (char *)footer;

	return (1);
}

/* An expected footer is compared in constant time, as the spec asks. */
static int
footer_matches(const struct token *t, const char *expect)
{
	if (expect == NULL)
		return (1);
	if (strlen(expect) != t->footerlen)
		return (0);
	if (t->footerlen == 0)
		return (1);

	return (sodium_memcmp(expect, t->footer, t->footerlen) == 0);
}

static void
outputs_clear(char **msg, size_t *msglen, char **footer)
{
	if (msg != NULL)
		*msg = NULL;
	if (msglen != NULL)
		*msglen = 0;
	if (footer != NULL)
		*footer = NULL;
}

/* Hands the payload and footer over to the caller, if wanted. */
static void
deliver(char **msg, size_t *msglen, char **footer, unsigned char **m,
    size_t mlen, struct token *t)
{
	if (msg != NULL) {
		*msg = (char *)*m;
		*m = NULL;
	}
	if (msglen != NULL)
		*msglen = mlen;
	if (footer != NULL) {
		*footer = t->footer;
		t->footer = NULL;
	}
}

/* LE64 with the top bit cleared, so that signed 64-bit readers agree. */
static void
put_le64(unsigned char *p, size_t v)
{
	uint64_t	u;
	int		i;

	u = (uint64_t)v & UINT64_C(0x7fffffffffffffff);
	for (i = 0; i < 8; i++) {
		p[i] = (unsigned char)(u & 0xff);
		u >>= 8;
	}
}
