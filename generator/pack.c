#include "pack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "diag.h"
#include "fs.h"
#include "util.h"

/* MS-DOS date and time of t in UTC, so the bytes do not depend on the builder's time zone. */
static void
dos_time(time_t t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
	struct tm tm;
	if (t < 315532800) /* 1980-01-01, the earliest DOS date */
		t = 315532800;
	gmtime_r(&t, &tm);
	*dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
	*ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

static int
fail(const char *path, zip_t *za, const char *what)
{
	diag_system(path, "cannot write ZIP (%s): %s", what, za ? zip_strerror(za) : "");
	return -1;
}

/* Add the folder entries every file needs, once each, in sorted order. */
static int
add_dirs(zip_t *za, const char *zip_path, const char *name, struct strmap *dirs,
	zip_uint16_t dtime, zip_uint16_t ddate)
{
	const char *s;
	for (s = strchr(name, '/'); s; s = strchr(s + 1, '/')) {
		char *dir = xstrndup(name, (size_t)(s - name + 1));
		zip_int64_t idx;
		if (strmap_get(dirs, dir)) {
			free(dir);
			continue;
		}
		strmap_put(dirs, dir, dirs);
		idx = zip_dir_add(za, dir, ZIP_FL_ENC_UTF_8);
		free(dir);
		if (idx < 0 || zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate, 0) < 0 ||
		    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
			    (zip_uint32_t)0040755 << 16) < 0)
			return fail(zip_path, za, "folder");
	}
	return 0;
}

/* Files compressed together into one part archive. */
#define PACK_PART 64

struct entry {
	char *name; /* full name, top folder included */
	char *path; /* file to read, or NULL for data */
	char *data;
	size_t len;
	size_t part, index; /* where its compressed data is */
};

struct pack {
	char *zip_path, *tmp, *top;
	zip_uint16_t dtime, ddate;
	struct entry *entries;
	size_t n, cap;
	size_t packed; /* entries[0..packed) are in closed part archives */
	char **parts; /* part archive paths */
	size_t nparts, capparts;
	char error[512]; /* the first problem, reported by pack_finish */
};

/* Set what every file entry carries, so that the bytes depend on nothing else. */
static int
stamp(zip_t *za, zip_uint64_t idx, zip_uint16_t dtime, zip_uint16_t ddate)
{
	return zip_file_set_dostime(za, idx, dtime, ddate, 0) < 0 ||
		zip_file_set_external_attributes(za, idx, 0, ZIP_OPSYS_UNIX,
			(zip_uint32_t)0100644 << 16) < 0 ? -1 : 0;
}

struct pack *
pack_begin(const char *zip_path, const char *top, time_t mtime)
{
	const char *slash = strrchr(zip_path, '/');
	struct pack *pk;
	struct stat st;
	/* Found now, before anything is written, rather than when the package is moved into place. */
	if (stat(zip_path, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag_system(zip_path, "the package path exists and is not a file");
		return NULL;
	}
	if (slash && slash != zip_path) {
		char *dir = xstrndup(zip_path, (size_t)(slash - zip_path));
		int rc = fs_mkdirs(dir);
		free(dir);
		if (rc < 0)
			return NULL;
	}
	pk = xcalloc(1, sizeof *pk);
	pk->zip_path = xstrdup(zip_path);
	pk->tmp = xasprintf("%s.tmp-%ld", zip_path, (long)getpid());
	pk->top = xstrdup(top);
	dos_time(mtime, &pk->dtime, &pk->ddate);
	return pk;
}

/* Compress the entries added since the last part into a new part archive. */
static int
close_part(struct pack *pk)
{
	char *path;
	zip_t *za;
	size_t i;
	int err;
	if (pk->packed == pk->n || pk->error[0])
		return pk->error[0] ? -1 : 0;
	path = xasprintf("%s.part%zu", pk->tmp, pk->nparts);
	pk->parts = xgrow(pk->parts, &pk->capparts, pk->nparts + 1, sizeof *pk->parts);
	pk->parts[pk->nparts] = path;
	za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!za) {
		snprintf(pk->error, sizeof pk->error, "cannot create %s", path);
		return -1;
	}
	pk->nparts++;
	for (i = pk->packed; i < pk->n; i++) {
		struct entry *e = &pk->entries[i];
		zip_source_t *src = e->path ? zip_source_file(za, e->path, 0, -1) :
			zip_source_buffer(za, e->data, e->len, 0);
		zip_int64_t idx = src ? zip_file_add(za, e->name, src, ZIP_FL_ENC_UTF_8) : -1;
		if (idx < 0 || zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 1) < 0) {
			if (src && idx < 0)
				zip_source_free(src);
			snprintf(pk->error, sizeof pk->error, "%s: %s", e->name, zip_strerror(za));
			zip_discard(za);
			return -1;
		}
		e->part = pk->nparts - 1;
		e->index = (size_t)idx;
	}
	if (zip_close(za) < 0) {
		snprintf(pk->error, sizeof pk->error, "%s", zip_strerror(za));
		zip_discard(za);
		return -1;
	}
	pk->packed = pk->n;
	return 0;
}

int
pack_add(struct pack *pk, const char *name, const char *path, const char *data, size_t len)
{
	struct entry *e;
	if (pk->error[0])
		return -1;
	pk->entries = xgrow(pk->entries, &pk->cap, pk->n + 1, sizeof *pk->entries);
	e = &pk->entries[pk->n++];
	memset(e, 0, sizeof *e);
	e->name = pk->top[0] ? xasprintf("%s/%s", pk->top, name) : xstrdup(name);
	if (path) {
		e->path = xstrdup(path);
	} else {
		e->data = xmalloc(len ? len : 1);
		memcpy(e->data, data, len);
		e->len = len;
	}
	return pk->n - pk->packed >= PACK_PART ? close_part(pk) : 0;
}

static int
cmp_entries(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void
release(struct pack *pk)
{
	size_t i;
	for (i = 0; i < pk->n; i++) {
		free(pk->entries[i].name);
		free(pk->entries[i].path);
		free(pk->entries[i].data);
	}
	for (i = 0; i < pk->nparts; i++) {
		unlink(pk->parts[i]);
		free(pk->parts[i]);
	}
	free(pk->entries);
	free(pk->parts);
	free(pk->zip_path);
	free(pk->top);
	free(pk->tmp);
	free(pk);
}

void
pack_abort(struct pack *pk)
{
	if (!pk)
		return;
	unlink(pk->tmp);
	release(pk);
}

int
pack_finish(struct pack *pk, char **tmp_out)
{
	struct strmap dirs = STRMAP_INIT;
	zip_t *za = NULL, **in = NULL;
	size_t i;
	int err, rc = -1;

	*tmp_out = NULL;
	if (close_part(pk) < 0) {
		diag_system(pk->zip_path, "cannot write ZIP: %s", pk->error);
		goto out;
	}
	in = xcalloc(pk->nparts ? pk->nparts : 1, sizeof *in);
	for (i = 0; i < pk->nparts; i++)
		if (!(in[i] = zip_open(pk->parts[i], ZIP_RDONLY, &err))) {
			diag_system(pk->zip_path, "cannot write ZIP: cannot read %s", pk->parts[i]);
			goto out;
		}
	unlink(pk->tmp);
	za = zip_open(pk->tmp, ZIP_CREATE | ZIP_EXCL, &err);
	if (!za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, err);
		diag_system(pk->zip_path, "cannot create ZIP: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	qsort(pk->entries, pk->n, sizeof *pk->entries, cmp_entries);
	for (i = 0; i < pk->n; i++) {
		struct entry *e = &pk->entries[i];
		zip_source_t *src;
		zip_int64_t idx;
		if (add_dirs(za, pk->zip_path, e->name, &dirs, pk->dtime, pk->ddate) < 0)
			goto out;
		/* The compressed bytes as they are: no second deflate. */
		src = zip_source_zip(za, in[e->part], e->index, 0, 0, -1);
		if (!src) {
			fail(pk->zip_path, za, e->name);
			goto out;
		}
		idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zip_source_free(src);
			fail(pk->zip_path, za, e->name);
			goto out;
		}
		if (stamp(za, (zip_uint64_t)idx, pk->dtime, pk->ddate) < 0) {
			fail(pk->zip_path, za, e->name);
			goto out;
		}
	}
	if (zip_close(za) < 0) {
		fail(pk->zip_path, za, "closing");
		goto out;
	}
	za = NULL;
	*tmp_out = pk->tmp;
	pk->tmp = NULL;
	rc = 0;
out:
	if (za)
		zip_discard(za);
	for (i = 0; in && i < pk->nparts; i++)
		if (in[i])
			zip_discard(in[i]);
	free(in);
	strmap_free(&dirs);
	if (pk->tmp)
		unlink(pk->tmp);
	release(pk);
	return rc;
}

int
pack_commit(const char *tmp, const char *zip_path, int ok)
{
	if (!tmp)
		return 0;
	if (!ok) {
		unlink(tmp);
		return 0;
	}
	if (rename(tmp, zip_path) < 0) {
		diag_system(zip_path, "cannot move the new ZIP into place: %s", strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
