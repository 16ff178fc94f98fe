/*
 * Unit tests for keyfile_read() (src/core/keyfile.c): a whole key file
 * read into a buffer, or a message naming the file when it is missing or
 * does not fit.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "core/keyfile.h"

static void
write_file(const char *path, const char *text)
{
	FILE	*fp;

	cr_assert_not_null(fp = fopen(path, "w"));
	cr_assert_eq(fputs(text, fp) >= 0, 1);
	cr_assert_eq(fclose(fp), 0);
}

Test(keyfile_read, reads_a_whole_file)
{
	char	path[] = "/tmp/asr-keyfile-XXXXXX", text[64], err[128];
	int	fd;

	cr_assert((fd = mkstemp(path)) >= 0);
	(void)close(fd);
	write_file(path, "seal k4.local.x\nblind k4.local.y\n");
	cr_assert(keyfile_read(path, text, sizeof(text), err, sizeof(err)));
	cr_assert_str_eq(text, "seal k4.local.x\nblind k4.local.y\n");

	/* Too large for the buffer: refused, and the buffer wiped. */
	cr_assert_not(keyfile_read(path, text, 8, err, sizeof(err)));
	cr_assert(strstr(err, "too large") != NULL, "%s", err);
	cr_assert_eq(text[0], '\0');
	(void)unlink(path);

	cr_assert_not(keyfile_read(path, text, sizeof(text), err,
	    sizeof(err)));
	cr_assert(strstr(err, "cannot open") != NULL, "%s", err);
}
