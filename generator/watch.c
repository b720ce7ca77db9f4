#define _GNU_SOURCE
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fs.h"
#include "util.h"

/* What changes a folder's files: written, made, removed, renamed, its permissions. */
#define EVENTS (IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | \
	IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW)
/* Folders below the sources watched at most: far above a course (a module is one). */
#define MAX_FOLDERS 4096

struct watch {
	int fd;
	int root; /* the project folder's watch descriptor */
	char *dir;
	const char *const *names;
	int full; /* MAX_FOLDERS reached, and said */
	int limited; /* the system's limit of watches reached, and said */
	size_t folders;
};

/* Whether name is a source's name. */
static int
source_name(const struct watch *w, const char *name)
{
	size_t i;
	for (i = 0; w->names[i]; i++)
		if (!strcmp(w->names[i], name))
			return 1;
	return 0;
}

/* Whether a file called name is an editor's or the system's, not the author's. */
static int
aside(const char *name)
{
	size_t n = strlen(name);
	return name[0] == '.' || name[0] == '#' || (n && name[n - 1] == '~') || !strcmp(name, "4913");
}

/* Watch path and every folder below it; -1 after reporting. */
static int
add_tree(struct watch *w, const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = 0;
	if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0; /* gone since, a file or a link: nothing to watch */
	if (w->folders >= MAX_FOLDERS) {
		if (!w->full)
			diag_warning(path, 0, 0, "more than %d folders to watch: changes below this "
				"one are not seen", MAX_FOLDERS);
		w->full = 1;
		return 0;
	}
	if (inotify_add_watch(w->fd, path, EVENTS) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		if (errno == ENOSPC) {
			/* the preview goes on, as past MAX_FOLDERS, rather than stop at a new folder */
			if (!w->limited)
				diag_warning(path, 0, 0, "the system's limit of watched folders is reached "
					"(fs.inotify.max_user_watches): changes below this one are not seen");
			w->limited = 1;
			return 0;
		}
		diag_system(path, "cannot watch for changes: %s", strerror(errno));
		return -1;
	}
	w->folders++;
	if (!(d = opendir(path)))
		return 0;
	while (rc == 0 && (e = readdir(d))) {
		char *sub;
		if (e->d_name[0] == '.')
			continue;
		sub = fs_join(path, e->d_name);
		rc = add_tree(w, sub);
		free(sub);
	}
	closedir(d);
	return rc;
}

int
watch_rescan(struct watch *w)
{
	size_t i;
	int rc = 0;
	/* a folder already watched keeps its descriptor: only new ones are added */
	w->folders = 0;
	for (i = 0; w->names[i] && rc == 0; i++) {
		char *path = fs_join(w->dir, w->names[i]);
		rc = add_tree(w, path);
		free(path);
	}
	return rc;
}

struct watch *
watch_open(const char *dir, const char *const *names)
{
	struct watch *w = xcalloc(1, sizeof *w);
	w->dir = xstrdup(dir);
	w->names = names;
	if ((w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0) {
		diag_system(dir, "cannot watch for changes: %s", strerror(errno));
		goto fail;
	}
	if ((w->root = inotify_add_watch(w->fd, dir, EVENTS)) < 0) {
		diag_system(dir, "cannot watch for changes: %s", strerror(errno));
		goto fail;
	}
	if (watch_rescan(w) < 0)
		goto fail;
	return w;
fail:
	watch_close(w);
	return NULL;
}

int
watch_fd(const struct watch *w)
{
	return w->fd;
}

int
watch_read(struct watch *w)
{
	char events[16 * 1024] __attribute__((aligned(__alignof__(struct inotify_event))));
	int changed = 0;
	for (;;) {
		ssize_t n = read(w->fd, events, sizeof events);
		char *p;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return changed;
		if (n <= 0) {
			diag_system(w->dir, "cannot watch for changes: %s", n < 0 ? strerror(errno) :
				"end of events");
			return -1;
		}
		for (p = events; p < events + n;) {
			const struct inotify_event *e = (const struct inotify_event *)p;
			p += sizeof *e + e->len;
			if (e->mask & IN_Q_OVERFLOW)
				changed = 1; /* events were lost: build anyway */
			else if (e->mask & IN_IGNORED)
				continue; /* a folder removed: its watch went with it */
			else if (e->wd == w->root)
				changed |= e->len && source_name(w, e->name);
			else
				changed |= !e->len || !aside(e->name);
		}
	}
}

void
watch_close(struct watch *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free(w->dir);
	free(w);
}
