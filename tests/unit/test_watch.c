/*
 * Unit tests of the preview's watch: a source saved by renaming a new file over it, a new
 * folder (watched once rescanned) and a file in it, a removed folder and site.yaml replaced
 * are changes; an editor's swap and backup files, vim's probe file and anything outside the
 * sources (the course's own public/) are not.
 */
#define _GNU_SOURCE /* syscall */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "fs.h"
#include "util.h"
#include "watch.h"

/* New watches the system still allows (-1: as many as asked), for its limit being reached. */
static int watches_left = -1;

/* watch.c's inotify_add_watch: the system's, but ENOSPC once watches_left are used. */
int inotify_add_watch(int fd, const char *path, uint32_t mask);

int
inotify_add_watch(int fd, const char *path, uint32_t mask)
{
	if (watches_left == 0) {
		errno = ENOSPC;
		return -1;
	}
	if (watches_left > 0)
		watches_left--;
	return (int)syscall(SYS_inotify_add_watch, fd, path, mask);
}

static const char *const sources[] = {"site.yaml", "content", "quizzes", NULL};

static void
put(const char *dir, const char *name, const char *text)
{
	char *path = fs_join(dir, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

static void
move(const char *dir, const char *from, const char *to)
{
	char *a = fs_join(dir, from), *b = fs_join(dir, to);
	CHECK(rename(a, b) == 0);
	free(a);
	free(b);
}

int
main(void)
{
	char dir[] = "/tmp/kenshu-test-watch-XXXXXX";
	struct watch *w;
	FILE *devnull;
	char *p;

	if (!mkdtemp(dir))
		return 1;
	put(dir, "site.yaml", "title: x\n");
	p = fs_join(dir, "content");
	mkdir(p, 0755);
	free(p);
	p = fs_join(dir, "public");
	mkdir(p, 0755);
	free(p);
	put(dir, "content/index.md", "# x\n");

	w = watch_open(dir, sources);
	CHECK(w != NULL);
	if (!w)
		return check_report("watch");
	CHECK(watch_read(w) == 0);

	/* an editor's save: a swap file, a new file renamed over the source */
	put(dir, "content/.index.md.swp", "x");
	put(dir, "content/index.md~", "x");
	put(dir, "content/4913", "");
	put(dir, "content/#index.md#", "x");
	CHECK(watch_read(w) == 0);
	put(dir, "content/.index.md.new", "# y\n");
	move(dir, "content/.index.md.new", "content/index.md");
	CHECK(watch_read(w) == 1);
	CHECK(watch_read(w) == 0);

	/* outside the sources */
	put(dir, "public/index.html", "x");
	put(dir, "notes.txt", "x");
	CHECK(watch_read(w) == 0);

	/* a new folder, then a file in it once it is watched */
	p = fs_join(dir, "content/lessons");
	CHECK(mkdir(p, 0755) == 0);
	free(p);
	CHECK(watch_read(w) == 1);
	CHECK(watch_rescan(w) == 0);
	put(dir, "content/lessons/01-a.md", "# a\n");
	CHECK(watch_read(w) == 1);

	/* a source folder made at the top, site.yaml replaced, a folder removed */
	p = fs_join(dir, "quizzes");
	CHECK(mkdir(p, 0755) == 0);
	free(p);
	CHECK(watch_read(w) == 1);
	put(dir, "site.yaml.tmp", "title: y\n");
	CHECK(watch_read(w) == 0);
	move(dir, "site.yaml.tmp", "site.yaml");
	CHECK(watch_read(w) == 1);
	p = fs_join(dir, "content/lessons");
	CHECK(fs_remove_tree(p) == 0);
	free(p);
	CHECK(watch_read(w) == 1);
	CHECK(watch_rescan(w) == 0);

	/*
	 * the system's limit of watches reached (fs.inotify.max_user_watches) by a new folder: a
	 * warning, and the preview goes on watching what it watches
	 */
	p = fs_join(dir, "content/more");
	CHECK(mkdir(p, 0755) == 0);
	free(p);
	CHECK(watch_read(w) == 1);
	watches_left = 0;
	devnull = fopen("/dev/null", "w");
	diag_set_stream(devnull);
	CHECK(watch_rescan(w) == 0);
	diag_set_stream(stderr);
	fclose(devnull);
	watches_left = -1;
	put(dir, "content/index.md", "# z\n");
	CHECK(watch_read(w) == 1);

	watch_close(w);
	fs_remove_tree(dir);
	return check_report("watch");
}
