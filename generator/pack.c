#include "pack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "diag.h"
#include "fs.h"
#include "util.h"

static int
cmp_entries(const void *a, const void *b)
{
	return strcmp(((const struct pack_entry *)a)->name, ((const struct pack_entry *)b)->name);
}

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

int
pack_zip(const char *zip_path, const char *top, struct pack_entry *entries, size_t n,
	time_t mtime, char **tmp_out)
{
	struct strmap dirs = STRMAP_INIT;
	zip_uint16_t dtime, ddate;
	zip_t *za = NULL;
	char *tmp, *full = NULL;
	const char *slash = strrchr(zip_path, '/');
	size_t i;
	int err, rc = -1;

	*tmp_out = NULL;
	if (slash && slash != zip_path) {
		char *dir = xstrndup(zip_path, (size_t)(slash - zip_path));
		err = fs_mkdirs(dir);
		free(dir);
		if (err < 0)
			return -1;
	}
	tmp = xasprintf("%s.tmp-%ld", zip_path, (long)getpid());
	unlink(tmp);
	za = zip_open(tmp, ZIP_CREATE | ZIP_EXCL, &err);
	if (!za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, err);
		diag_system(zip_path, "cannot create ZIP: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		free(tmp);
		return -1;
	}
	dos_time(mtime, &dtime, &ddate);
	qsort(entries, n, sizeof *entries, cmp_entries);
	for (i = 0; i < n; i++) {
		zip_source_t *src;
		zip_int64_t idx;
		free(full);
		full = xasprintf("%s/%s", top, entries[i].name);
		if (add_dirs(za, zip_path, full, &dirs, dtime, ddate) < 0)
			goto out;
		if (entries[i].path)
			src = zip_source_file(za, entries[i].path, 0, -1);
		else
			src = zip_source_buffer(za, entries[i].data, entries[i].len, 0);
		if (!src) {
			fail(zip_path, za, entries[i].name);
			goto out;
		}
		idx = zip_file_add(za, full, src, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zip_source_free(src);
			fail(zip_path, za, entries[i].name);
			goto out;
		}
		if (zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate, 0) < 0 ||
		    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
			    (zip_uint32_t)0100644 << 16) < 0 ||
		    zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 1) < 0) {
			fail(zip_path, za, entries[i].name);
			goto out;
		}
	}
	if (zip_close(za) < 0) {
		fail(zip_path, za, "closing");
		goto out;
	}
	za = NULL;
	*tmp_out = tmp;
	tmp = NULL;
	rc = 0;
out:
	if (za)
		zip_discard(za);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(full);
	strmap_free(&dirs);
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
