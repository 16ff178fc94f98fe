/*
 * Name folding (see namefold.h). Latin-1 Supplement and Latin Extended-A
 * cover the names written in Mayotte's offices; their letters map to ASCII
 * through a table of ranges.
 */
#include <string.h>

#include "core/namefold.h"

struct fold_range {
	unsigned int	 lo;
	unsigned int	 hi;
	const char	*to;		/* "" drops the code point */
};

static const struct fold_range	folds[] = {
	{ 0x00c0, 0x00c5, "a" }, { 0x00c6, 0x00c6, "ae" },
	{ 0x00c7, 0x00c7, "c" }, { 0x00c8, 0x00cb, "e" },
	{ 0x00cc, 0x00cf, "i" }, { 0x00d0, 0x00d0, "d" },
	{ 0x00d1, 0x00d1, "n" }, { 0x00d2, 0x00d6, "o" },
	{ 0x00d7, 0x00d7, "" }, { 0x00d8, 0x00d8, "o" },
	{ 0x00d9, 0x00dc, "u" }, { 0x00dd, 0x00dd, "y" },
	{ 0x00de, 0x00de, "th" }, { 0x00df, 0x00df, "ss" },
	{ 0x00e0, 0x00e5, "a" }, { 0x00e6, 0x00e6, "ae" },
	{ 0x00e7, 0x00e7, "c" }, { 0x00e8, 0x00eb, "e" },
	{ 0x00ec, 0x00ef, "i" }, { 0x00f0, 0x00f0, "d" },
	{ 0x00f1, 0x00f1, "n" }, { 0x00f2, 0x00f6, "o" },
	{ 0x00f7, 0x00f7, "" }, { 0x00f8, 0x00f8, "o" },
	{ 0x00f9, 0x00fc, "u" }, { 0x00fd, 0x00fd, "y" },
	{ 0x00fe, 0x00fe, "th" }, { 0x00ff, 0x00ff, "y" },
	{ 0x0100, 0x0105, "a" }, { 0x0106, 0x010d, "c" },
	{ 0x010e, 0x0111, "d" }, { 0x0112, 0x011b, "e" },
	{ 0x011c, 0x0123, "g" }, { 0x0124, 0x0127, "h" },
	{ 0x0128, 0x0131, "i" }, { 0x0132, 0x0133, "ij" },
	{ 0x0134, 0x0135, "j" }, { 0x0136, 0x0138, "k" },
	{ 0x0139, 0x0142, "l" }, { 0x0143, 0x014b, "n" },
	{ 0x014c, 0x0151, "o" }, { 0x0152, 0x0153, "oe" },
	{ 0x0154, 0x0159, "r" }, { 0x015a, 0x0161, "s" },
	{ 0x0162, 0x0167, "t" }, { 0x0168, 0x0173, "u" },
	{ 0x0174, 0x0175, "w" }, { 0x0176, 0x0178, "y" },
	{ 0x0179, 0x017e, "z" }, { 0x017f, 0x017f, "s" },
	/* Signs and marks between words or on letters, dropped. */
	{ 0x0080, 0x00bf, "" },
	{ 0x02b0, 0x036f, "" },		/* modifier letters (ʼ), combining */
	{ 0x2000, 0x206f, "" },		/* general punctuation (’ ‐ –) */
	{ 0xfeff, 0xfeff, "" },
};

static size_t	utf8_decode(const unsigned char *, unsigned int *);
static int	append(char *, size_t, size_t *, const char *, size_t);

int
name_fold(char *out, size_t outlen, const char *in)
{
	const unsigned char	*p = (const unsigned char *)in;
	unsigned int		 cp;
	size_t			 n, i, len = 0;
	const char		*to;
	char			 ascii;

	if (outlen == 0)
		return (0);
	out[0] = '\0';

	while (*p != '\0') {
		if ((n = utf8_decode(p, &cp)) == 0) {
			out[0] = '\0';
			return (0);
		}

		to = NULL;
		if (cp < 0x80) {
			ascii = (char)cp;
			if (ascii >= 'A' && ascii <= 'Z')
				ascii = (char)(ascii - 'A' + 'a');
			if ((ascii >= 'a' && ascii <= 'z') ||
			    (ascii >= '0' && ascii <= '9')) {
				if (!append(out, outlen, &len, &ascii, 1))
					return (0);
			}
			p += n;
			continue;
		}

		for (i = 0; i < sizeof(folds) / sizeof(folds[0]); i++) {
			if (cp >= folds[i].lo && cp <= folds[i].hi) {
				to = folds[i].to;
				break;
			}
		}
		if (to == NULL) {
			/* Another script's letter: kept, bytes as given. */
			if (!append(out, outlen, &len, (const char *)p, n))
				return (0);
		} else if (!append(out, outlen, &len, to, strlen(to))) {
			return (0);
		}
		p += n;
	}

	return (1);
}

/* The code point at p and its length, 0 when p is not valid UTF-8. */
static size_t
utf8_decode(const unsigned char *p, unsigned int *cp)
{
	size_t		n, i;
	unsigned int	min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return (1);
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2;
		min = 0x80;
		*cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		min = 0x800;
		*cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4;
		min = 0x10000;
		*cp = p[0] & 0x07;
	} else {
		return (0);
	}

	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (0);
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return (0);

	return (n);
}

static int
append(char *out, size_t outlen, size_t *len, const char *s, size_t n)
{
	if (*len + n >= outlen) {
		out[0] = '\0';
		return (0);
	}
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';

	return (1);
}
