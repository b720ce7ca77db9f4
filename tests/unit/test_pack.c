/*
 * Unit tests of the packer: an archive whose compressed bytes waited in a spill file is the
 * same, byte for byte, as one whose bytes stayed in memory, stored entries (that deflate
 * would not shrink) among them, and the spill file leaves nothing behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fs.h"
#include "pack.h"
#include "util.h"

#define FILES 300

/* The files: text that compresses, and every seventh one bytes that do not. */
static void
add_files(struct pack *pk)
{
	unsigned long x = 12345;
	size_t i, j;
	for (i = 0; i < FILES; i++) {
		struct buf b = BUF_INIT;
		char name[32];
		snprintf(name, sizeof name, "dir%zu/file%zu.html", i % 5, i);
		if (i % 7 == 0) {
			for (j = 0; j < 100000; j++) { /* more than libzip reads at once */
				x = x * 6364136223846793005UL + 1442695040888963407UL;
				buf_putc(&b, (int)(x >> 56));
			}
		} else {
			for (j = 0; j < 200; j++)
				buf_printf(&b, "<p>ページ %zu の段落 %zu</p>\n", i, j);
		}
		pack_give(pk, name, buf_detach(&b), b.len, PACK_SITE);
		if (i % 50 == 0) /* compressed between additions, as idle threads do */
			while (pack_work(pk))
				;
	}
}

/* The whole file at path, or NULL. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

/* The archive of a packer that keeps memory bytes in memory, spilling the rest to dir. */
static char *
archive(const char *dir, const char *zip, size_t memory, size_t *len)
{
	struct pack *pk = pack_begin(0, dir, memory);
	char *tmp = NULL, *data = NULL;
	add_files(pk);
	if (pack_write(pk, PACK_ZIP, zip, "course", &tmp) == 0 && pack_commit(tmp, zip, 1) == 0)
		data = slurp(zip, len);
	free(tmp);
	pack_free(pk);
	return data;
}

int
main(void)
{
	char dir[] = "/tmp/kenshu-test-pack-XXXXXX";
	char *zip, *kept, *spilled, *half, **names;
	size_t nkept = 0, nspilled = 0, nhalf = 0, n;
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	zip = xasprintf("%s/course.zip", dir);
	kept = archive(NULL, zip, 0, &nkept);
	spilled = archive(dir, zip, 0, &nspilled); /* every byte to the file */
	half = archive(dir, zip, 100000, &nhalf); /* the first 100 KB kept, the rest not */
	CHECK(kept && nkept > 1000);
	CHECK(spilled && nspilled == nkept && !memcmp(kept, spilled, nkept));
	CHECK(half && nhalf == nkept && !memcmp(kept, half, nkept));
	/* Only the archive is left in the folder: the spill files had no name. */
	CHECK(fs_list_any(dir, &names, &n) == 0 && n == 1 && !strcmp(names[0], "course.zip"));
	fs_list_free(names, n);
	free(kept);
	free(spilled);
	free(half);
	fs_remove_tree(dir);
	free(zip);
	return check_report("pack");
}
