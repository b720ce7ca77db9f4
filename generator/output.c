#define _GNU_SOURCE
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fs.h"
#include "util.h"

/* A hidden sibling of dir: "<parent>/.<base>.<tag>-<pid>". */
static char *
sibling(const char *dir, const char *tag)
{
	const char *slash = strrchr(dir, '/');
	if (slash)
		return xasprintf("%.*s/.%s.%s-%ld", (int)(slash - dir), dir, slash + 1, tag,
			(long)getpid());
	return xasprintf(".%s.%s-%ld", dir, tag, (long)getpid());
}

/* Marks a folder as kenshu's output, which a later build may replace. */
#define MARKER ".kenshu"

/* True when replacing dir can lose nothing but an earlier site: empty, or marked as ours. */
static int
replaceable(const char *dir)
{
	char **names;
	size_t n;
	char *marker;
	int ok;
	if (fs_list_any(dir, &names, &n) < 0)
		return 0;
	fs_list_free(names, n);
	marker = fs_join(dir, MARKER);
	ok = n == 0 || fs_exists(marker);
	free(marker);
	return ok;
}

/* True when dir is the project folder or holds it. */
static int
holds_project(const char *dir)
{
	char root[4096], real[4096];
	size_t n;
	if (!getcwd(root, sizeof root) || !realpath(dir, real))
		return 0;
	n = strlen(real);
	return strncmp(root, real, n) == 0 && (root[n] == '/' || root[n] == '\0' || n == 1);
}

static void
release(struct output *o)
{
	size_t i;
	for (i = 0; i < o->n; i++)
		free(o->names[i]);
	free(o->names);
	free(o->dir);
	free(o->stage);
	memset(o, 0, sizeof *o);
}

int
output_begin(struct output *o, const char *dir)
{
	struct stat st;
	char *d = xstrdup(dir), *marker;
	size_t len = strlen(d);
	int rc;
	memset(o, 0, sizeof *o);
	while (len > 1 && d[len - 1] == '/')
		d[--len] = '\0';
	if (stat(d, &st) == 0 && !S_ISDIR(st.st_mode)) {
		diag_system(d, "the output path exists and is not a folder");
		free(d);
		return -1;
	}
	if (stat(d, &st) == 0 && (holds_project(d) || !replaceable(d))) {
		diag_system(d, "refusing to replace this folder: it is not empty and holds no site "
			"built by kenshu (choose another -o)");
		free(d);
		return -1;
	}
	o->dir = d;
	o->stage = sibling(d, "kenshu-new");
	if (fs_remove_tree(o->stage) < 0 || fs_mkdirs(o->stage) < 0) {
		release(o);
		return -1;
	}
	marker = fs_join(o->stage, MARKER);
	rc = fs_write(marker, "kenshu\n", 7);
	free(marker);
	if (rc < 0)
		output_abort(o);
	return rc;
}

int
output_write(struct output *o, const char *name, const void *data, size_t len)
{
	char *path = fs_join(o->stage, name);
	int rc = fs_write(path, data, len);
	free(path);
	if (rc == 0) {
		o->names = xgrow(o->names, &o->cap, o->n + 1, sizeof *o->names);
		o->names[o->n++] = xstrdup(name);
	}
	return rc;
}

int
output_commit(struct output *o)
{
	char *old = sibling(o->dir, "kenshu-old");
	int rc = -1;
	if (!fs_exists(o->dir)) {
		if (rename(o->stage, o->dir) < 0) {
			diag_system(o->dir, "cannot move the new site into place: %s", strerror(errno));
			goto out;
		}
		rc = 0;
		goto out;
	}
#ifdef RENAME_EXCHANGE
	/* One atomic step where the system offers it: the old site is never missing. */
	if (renameat2(AT_FDCWD, o->stage, AT_FDCWD, o->dir, RENAME_EXCHANGE) == 0) {
		rc = fs_remove_tree(o->stage);
		goto out;
	}
#endif
	if (fs_remove_tree(old) < 0)
		goto out;
	if (rename(o->dir, old) < 0) {
		diag_system(o->dir, "cannot replace the old site: %s", strerror(errno));
		goto out;
	}
	if (rename(o->stage, o->dir) < 0) {
		diag_system(o->dir, "cannot move the new site into place: %s", strerror(errno));
		rename(old, o->dir);
		goto out;
	}
	rc = fs_remove_tree(old);
out:
	if (rc < 0)
		fs_remove_tree(o->stage);
	free(old);
	release(o);
	return rc;
}

void
output_abort(struct output *o)
{
	if (o->stage)
		fs_remove_tree(o->stage);
	release(o);
}
