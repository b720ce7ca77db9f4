#define _GNU_SOURCE
#include "fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "utf8.h"
#include "util.h"

char *
fs_join(const char *a, const char *b)
{
	if (!a || !*a || !strcmp(a, "."))
		return xstrdup(b);
	return xasprintf("%s%s%s", a, str_ends(a, "/") ? "" : "/", b);
}

int
fs_inside_project(const char *path)
{
	char root[PATH_MAX], real[PATH_MAX];
	size_t n;
	if (!getcwd(root, sizeof root) || !realpath(path, real))
		return 0;
	n = strlen(root);
	return strncmp(real, root, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

char *
fs_real_path(const char *path)
{
	char *real = realpath(path, NULL), *dir, *up, *r, *cut;
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	if (real)
		return real;
	/* Not there yet (dist/x.zip before the first build): its folder's real path and its name. */
	dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	up = strcmp(dir, path) != 0 ? fs_real_path(dir) : NULL;
	if (!up) {
		r = NULL;
	} else if (!*base || !strcmp(base, ".")) {
		r = xstrdup(up);
	} else if (!strcmp(base, "..")) {
		cut = strrchr(up, '/');
		r = cut ? xstrndup(up, cut == up ? 1 : (size_t)(cut - up)) : xstrdup(up);
	} else {
		r = xasprintf("%s%s%s", up, str_ends(up, "/") ? "" : "/", base);
	}
	free(dir);
	free(up);
	return r;
}

int
fs_within(const char *path, const char *folder)
{
	size_t n = strlen(folder);
	if (n == 1 && folder[0] == '/')
		return path[0] == '/';
	return strncmp(path, folder, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* Check UTF-8 and NULs, drop a BOM and CRs before LF in place; -1 after reporting. */
static int
normalise(const char *shown, char *data, size_t *len)
{
	size_t i = 0, o = 0, n = *len, k;
	int32_t cp;
	int line = 1;
	const char *line_start;
	if (n >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		i = 3;
	line_start = data + i;
	while (i < n) {
		unsigned char c = (unsigned char)data[i];
		if (c < 0x80) { /* most of a lesson's bytes, Japanese aside */
			if (c == '\0') {
				diag_error(shown, line,
					utf8_column(line_start, (size_t)(data + i - line_start)),
					"NUL byte in text file");
				return -1;
			}
			if (c == '\r' && i + 1 < n && data[i + 1] == '\n') {
				i++;
				continue;
			}
			if (c == '\n') {
				line++;
				line_start = data + i + 1;
			}
			data[o++] = (char)c;
			i++;
			continue;
		}
		k = utf8_decode(data + i, n - i, &cp);
		if (!k) {
			diag_error(shown, line, utf8_column(line_start, (size_t)(data + i - line_start)),
				"invalid UTF-8 (byte 0x%02X); save the file as UTF-8", c);
			return -1;
		}
		if (o != i) /* only once a BOM or a CR was dropped */
			memmove(data + o, data + i, k);
		o += k;
		i += k;
	}
	data[o] = '\0';
	*len = o;
	return 0;
}

int
fs_read_file(const char *path, const char *shown, size_t limit, char **out, size_t *len,
	time_t *mtime)
{
	struct stat st;
	char *data = NULL;
	size_t got = 0;
	ssize_t r;
	int fd = -1, rc = -1;

	if (!fs_inside_project(path)) {
		if (lstat(path, &st) == 0)
			diag_error(shown, 0, 0, "leads outside the project folder; refused");
		else
			diag_system(shown, "cannot read: %s", strerror(errno));
		return -1;
	}
	/* O_NONBLOCK: a FIFO among the sources is refused below instead of waiting for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) < 0) {
		diag_system(shown, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(shown, 0, 0, "not a regular file");
		goto out;
	}
	if ((unsigned long long)st.st_size > limit) {
		diag_error(shown, 0, 0, "file is %llu bytes, larger than the limit of %zu MiB",
			(unsigned long long)st.st_size, limit / 1024 / 1024);
		goto out;
	}
	data = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		r = read(fd, data + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_system(shown, "cannot read: %s", strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	data[got] = '\0';
	*out = data;
	*len = got;
	if (mtime)
		*mtime = st.st_mtime;
	data = NULL;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(data);
	return rc;
}

int
fs_read_source(const char *path, const char *shown, char **out, size_t *len, time_t *mtime)
{
	if (fs_read_file(path, shown, FS_MAX_SOURCE, out, len, mtime) < 0)
		return -1;
	if (normalise(shown, *out, len) < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list_names(const char *path, int hidden, char ***names, size_t *n)
{
	DIR *d = opendir(path);
	struct dirent *e;
	size_t cap = 0;
	*names = NULL;
	*n = 0;
	if (!d) {
		diag_system(path, "cannot open folder: %s", strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (!hidden && e->d_name[0] == '.'))
			continue;
		*names = xgrow(*names, &cap, *n + 1, sizeof **names);
		(*names)[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof **names, cmp_names);
	return 0;
}

int
fs_list(const char *path, char ***names, size_t *n)
{
	if (fs_exists(path) && !fs_inside_project(path)) {
		*names = NULL;
		*n = 0;
		diag_error(path, 0, 0, "leads outside the project folder; refused");
		return -1;
	}
	return list_names(path, 0, names, n);
}

int
fs_list_any(const char *path, char ***names, size_t *n)
{
	return list_names(path, 0, names, n);
}

int
fs_list_all(const char *path, char ***names, size_t *n)
{
	return list_names(path, 1, names, n);
}

void
fs_list_free(char **names, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int
fs_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
fs_is_link(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

int
fs_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

long long
fs_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

int
fs_mkdirs(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			diag_system(p, "cannot create folder: %s", strerror(errno));
			rc = -1;
			goto out;
		}
		*s = '/';
	}
	if (mkdir(p, 0777) < 0 && errno != EEXIST) {
		diag_system(p, "cannot create folder: %s", strerror(errno));
		rc = -1;
	}
out:
	free(p);
	return rc;
}

int
fs_mkdir_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int rc;
	if (!slash || slash == path)
		return 0;
	dir = xstrndup(path, (size_t)(slash - path));
	rc = fs_mkdirs(dir);
	free(dir);
	return rc;
}

int
fs_write(const char *path, const void *data, size_t len)
{
	size_t off = 0;
	int fd, rc = 0;
	/* The folder is there for most files: make it only when the file cannot be made. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 && errno == ENOENT) {
		if (fs_mkdir_parent(path) < 0)
			return -1;
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	}
	if (fd < 0) {
		diag_system(path, "cannot write: %s", strerror(errno));
		return -1;
	}
	while (off < len) {
		ssize_t w = write(fd, (const char *)data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			diag_system(path, "cannot write: %s", strerror(errno));
			rc = -1;
			break;
		}
		off += (size_t)w;
	}
	if (close(fd) < 0 && rc == 0) {
		diag_system(path, "cannot write: %s", strerror(errno));
		rc = -1;
	}
	return rc;
}

int
fs_pwrite(int fd, const void *data, size_t len, off_t off)
{
	size_t done = 0;
	while (done < len) {
		ssize_t w = pwrite(fd, (const char *)data + done, len - done, off + (off_t)done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)w;
	}
	return 0;
}

int
fs_pread(int fd, void *data, size_t len, off_t off)
{
	size_t done = 0;
	while (done < len) {
		ssize_t r = pread(fd, (char *)data + done, len - done, off + (off_t)done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO; /* the file is shorter than what was written to it */
			return -1;
		}
		done += (size_t)r;
	}
	return 0;
}

int
fs_remove_tree(const char *path)
{
	struct stat st;
	char **names;
	size_t n, i;
	int rc = 0;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (S_ISDIR(st.st_mode)) {
		if (list_names(path, 1, &names, &n) < 0)
			return -1;
		for (i = 0; i < n; i++) {
			char *child = fs_join(path, names[i]);
			if (fs_remove_tree(child) < 0)
				rc = -1;
			free(child);
		}
		fs_list_free(names, n);
		if (rmdir(path) < 0)
			rc = -1;
	} else if (unlink(path) < 0) {
		rc = -1;
	}
	if (rc < 0)
		diag_system(path, "cannot remove: %s", strerror(errno));
	return rc;
}
