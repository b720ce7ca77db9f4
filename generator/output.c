#define _GNU_SOURCE
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "fs.h"
#include "i18n.h"
#include "pack.h"
#include "util.h"

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
	free(o->prev);
	o->names = NULL;
	o->n = o->cap = 0;
	o->dir = o->stage = o->prev = NULL;
}

/* The folder that holds path ("." for a bare name); *base points at path's last name. */
static char *
parent_of(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		*base = path;
		return xstrdup(".");
	}
	*base = slash + 1;
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

/*
 * Lock parent for this build, waiting (and saying so once) while another build holds it.
 * A lock on the folder that holds the output, not on the output, which the swap replaces;
 * where that folder cannot be opened (search permission only) the output folder itself,
 * which is then replaced in place. Where the system has no such locks (some network file
 * systems), the build goes on without one and says so. 1 locked, 0 not, -1 interrupted.
 */
static int
lock(struct output *o, const char *parent, const volatile sig_atomic_t *stop)
{
	int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC), said = 0, err;
	if (fd < 0)
		fd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	while (fd >= 0) {
		struct timespec pause = {0, 50 * 1000 * 1000};
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			o->lock = fd;
			o->locked = 1;
			return 1;
		}
		if (errno != EWOULDBLOCK && errno != EINTR)
			break;
		if (stop && *stop) {
			close(fd);
			return -1;
		}
		if (!said++)
			fprintf(stderr, _("kenshu: waiting for another build that is writing %s\n"),
				o->dir);
		nanosleep(&pause, NULL);
	}
	err = errno;
	diag_note(o->dir, 0, 0, "cannot lock the output (%s): a build that writes here at the "
		"same time could mix with this one", strerror(err));
	if (fd >= 0)
		close(fd);
	return 0;
}

/* Remove what builds that were killed left in folder: names starting with one of the two prefixes. */
static void
remove_stale(const char *folder, const char *new_prefix, const char *old_prefix)
{
	char **names;
	size_t n, i;
	if (fs_list_all(folder, &names, &n) < 0)
		return;
	for (i = 0; i < n; i++)
		if (str_starts(names[i], new_prefix) || str_starts(names[i], old_prefix)) {
			char *path = fs_join(folder, names[i]);
			fs_remove_tree(path);
			free(path);
		}
	fs_list_free(names, n);
}

int
output_begin(struct output *o, const char *dir, const volatile sig_atomic_t *stop)
{
	struct stat st, pst;
	char *d = xstrdup(dir), *parent = NULL, *marker, *new_prefix, *old_prefix;
	const char *base;
	size_t len = strlen(d);
	long pid = (long)getpid();
	int rc = -1, locked;
	memset(o, 0, sizeof *o);
	while (len > 1 && d[len - 1] == '/')
		d[--len] = '\0';
	/* A link to a folder (public -> /var/www/html): the folder it leads to is replaced. */
	if (lstat(d, &st) == 0 && S_ISLNK(st.st_mode) && stat(d, &st) == 0 && S_ISDIR(st.st_mode)) {
		char *real = realpath(d, NULL);
		if (real) {
			free(d);
			d = xstrdup(real);
			free(real);
		}
	}
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
	parent = parent_of(d, &base);
	if (fs_mkdirs(parent) < 0 || (locked = lock(o, parent, stop)) < 0)
		goto out;
	/* A mount point, or a folder in a parent kenshu may not write, cannot be renamed. */
	o->in_place = stat(d, &st) == 0 && (stat(parent, &pst) < 0 || pst.st_dev != st.st_dev ||
		access(parent, W_OK) < 0);
	/* Now that no other build writes here, what killed builds left can go. */
	if (locked) {
		new_prefix = xasprintf(".%s.kenshu-new-", base);
		old_prefix = xasprintf(".%s.kenshu-old-", base);
		remove_stale(parent, new_prefix, old_prefix);
		free(new_prefix);
		free(old_prefix);
		if (stat(d, &st) == 0)
			remove_stale(d, ".kenshu-new-", ".kenshu-old-");
	}
	o->stage = o->in_place ? xasprintf("%s/.kenshu-new-%ld", d, pid) :
		xasprintf("%s/.%s.kenshu-new-%ld", parent, base, pid);
	if (fs_remove_tree(o->stage) < 0 || fs_mkdirs(o->stage) < 0)
		goto out;
	marker = fs_join(o->stage, MARKER);
	rc = fs_write(marker, "kenshu\n", 7);
	/* The marker is new: a file of the previous site that is linked must look like it. */
	if (rc == 0 && stat(d, &st) == 0 && stat(marker, &o->fresh) == 0)
		o->prev = xstrdup(d);
	free(marker);
out:
	free(parent);
	if (rc < 0)
		output_abort(o);
	return rc;
}

/*
 * True when the previous site's file at prev holds exactly data and is a file as this build
 * would create it: plain, of the same owner, group and permissions as the marker, on its file
 * system, and with no name outside the previous site (which could change it after the swap).
 * Its identity goes in *st. The bytes are read and compared: equal sizes and times would not
 * show a file edited by hand in the output.
 */
static int
unchanged(const struct output *o, const char *prev, const void *data, size_t len, struct stat *st)
{
	char chunk[64 * 1024];
	size_t off = 0, step = 4096;
	int same = 0;
	/*
	 * Not blocking: a FIFO put in the output must not stop the build. No access time: reading
	 * leaves the previous site's files as they were, and saves an inode write for each. Only
	 * a file's owner may ask that, and only a file of ours is reused anyway.
	 */
	int fd = open(prev, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_NOATIME | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode) || st->st_nlink != 1 ||
	    (size_t)st->st_size != len || st->st_dev != o->fresh.st_dev ||
	    st->st_uid != o->fresh.st_uid || st->st_gid != o->fresh.st_gid ||
	    (st->st_mode & 07777) != (o->fresh.st_mode & 07777))
		goto out;
	/* Small reads first: a changed file mostly shows it early, and then little is read. */
	while (off < len) {
		size_t want = len - off < step ? len - off : step;
		ssize_t got = read(fd, chunk, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0 || memcmp(chunk, (const char *)data + off, (size_t)got) != 0)
			goto out;
		off += (size_t)got;
		if (step < sizeof chunk)
			step *= 2;
	}
	same = 1;
out:
	close(fd);
	return same;
}

/*
 * Give the stage's path the previous site's file prev, found unchanged as *was. 1 linked;
 * 0 not (the file is to be written); -1 after reporting (a folder that cannot be made).
 */
static int
link_prev(struct output *o, const char *prev, const char *path, const struct stat *was)
{
	struct stat st;
	int rc = linkat(AT_FDCWD, prev, AT_FDCWD, path, 0);
	if (rc < 0 && errno == ENOENT) {
		if (fs_mkdir_parent(path) < 0)
			return -1;
		rc = linkat(AT_FDCWD, prev, AT_FDCWD, path, 0);
	}
	if (rc < 0) {
		/* These say the file system makes no links here: stop comparing for nothing. */
		if (errno == EPERM || errno == EXDEV || errno == EOPNOTSUPP || errno == ENOSYS)
			o->no_links = 1;
		return 0;
	}
	/* Without a lock, another build may have put a different file at prev since the comparison. */
	if (lstat(path, &st) < 0 || st.st_ino != was->st_ino || st.st_dev != was->st_dev) {
		unlink(path);
		return 0;
	}
	return 1;
}

int
output_write(struct output *o, const char *name, const void *data, size_t len)
{
	char *path = fs_join(o->stage, name), *prev = NULL;
	struct stat was;
	int rc = 0;
	if (o->prev && !o->no_links) {
		prev = fs_join(o->prev, name);
		if (unchanged(o, prev, data, len, &was))
			rc = link_prev(o, prev, path, &was);
	}
	if (rc == 0) {
		/* A name written twice must not write through the link made the first time. */
		unlink(path);
		rc = fs_write(path, data, len);
	} else if (rc == 1) {
		rc = 0;
	}
	free(path);
	free(prev);
	if (rc == 0) {
		o->names = xgrow(o->names, &o->cap, o->n + 1, sizeof *o->names);
		o->names[o->n++] = xstrdup(name);
	}
	return rc;
}

/*
 * Move every entry of from into to, except the names skip and skip2, going on past a failure
 * (so that moving back brings back all it can); -1 after reporting.
 */
static int
move_entries(const char *from, const char *to, const char *skip, const char *skip2)
{
	char **names;
	size_t n, i;
	int rc = 0;
	if (fs_list_all(from, &names, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		char *src, *dst;
		if (!strcmp(names[i], skip) || !strcmp(names[i], skip2))
			continue;
		src = fs_join(from, names[i]);
		dst = fs_join(to, names[i]);
		if (rename(src, dst) < 0) {
			diag_system(src, "cannot move into place: %s", strerror(errno));
			rc = -1;
		}
		free(src);
		free(dst);
	}
	fs_list_free(names, n);
	return rc;
}

/*
 * A folder that cannot be renamed (a mount point): its old entries moved aside into a
 * folder inside it, the new ones moved up from the stage, the old ones removed. Each entry
 * moves in one rename; on a failure the old entries are moved back, and what could not be
 * is kept, not removed, and named.
 */
static int
commit_in_place(struct output *o)
{
	const char *stage_name = strrchr(o->stage, '/') + 1;
	char *old = xasprintf("%s/.kenshu-old-%ld", o->dir, (long)getpid());
	const char *old_name = strrchr(old, '/') + 1;
	int rc = -1;
	if (fs_mkdirs(old) < 0)
		goto out;
	if (move_entries(o->dir, old, stage_name, old_name) < 0)
		goto restore;
	if (move_entries(o->stage, o->dir, "", "") < 0) {
		move_entries(o->dir, o->stage, stage_name, old_name);
		goto restore;
	}
	rc = fs_remove_tree(old);
	goto out;
restore:
	if (move_entries(old, o->dir, "", "") < 0 || rmdir(old) < 0)
		diag_system(old, "the previous site's files that could not be moved back are here");
out:
	free(old);
	return rc;
}

int
output_commit(struct output *o)
{
	char *old = NULL, *parent;
	const char *base;
	int rc = -1;
	if (o->in_place) {
		rc = commit_in_place(o);
		goto out;
	}
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
	parent = parent_of(o->dir, &base);
	old = xasprintf("%s/.%s.kenshu-old-%ld", parent, base, (long)getpid());
	free(parent);
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
	if (o->stage)
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

void
output_end(struct output *o)
{
	if (o->locked)
		close(o->lock);
	o->locked = 0;
}

int
output_give(struct output *o, struct pack *pk, const char *name, char *data, size_t len)
{
	if (o && output_write(o, name, data, len) < 0) {
		free(data);
		return -1;
	}
	if (pk)
		pack_give(pk, name, data, len, PACK_SITE);
	else
		free(data);
	return 0;
}
