#define _GNU_SOURCE /* mkostemp */
#include "pack.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libdeflate.h>
#include <zip.h>

#include "diag.h"
#include "fs.h"
#include "i18n.h"
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

/*
 * What libzip 1.7 says of the failures that writing kenshu's archives can meet (the file, its
 * temporary file, memory), so that they are translated, as xlsx.c does libxlsxwriter's. Any
 * other is shown as the library wrote it.
 */
static const struct {
	int code;
	const char *words;
} library_words[] = {
	/* TRANSLATORS: libzip's words, after "cannot write ZIP (...): " and before the system's
	 * reason, if any, as in "Write error: No space left on device". */
	{ZIP_ER_RENAME, N_("Renaming temporary file failed")},
	{ZIP_ER_CLOSE, N_("Closing zip archive failed")},
	{ZIP_ER_SEEK, N_("Seek error")},
	{ZIP_ER_READ, N_("Read error")},
	{ZIP_ER_WRITE, N_("Write error")},
	{ZIP_ER_OPEN, N_("Can't open file")},
	{ZIP_ER_TMPOPEN, N_("Failure to create temporary file")},
	{ZIP_ER_MEMORY, N_("Malloc failure")},
	{ZIP_ER_EXISTS, N_("File already exists")},
	{ZIP_ER_REMOVE, N_("Can't remove file")},
	{ZIP_ER_TELL, N_("Tell error")},
	{ZIP_ER_INTERNAL, N_("Internal error")},
};

/*
 * libzip's words for the failure ze, in the user's language, with the system's reason as
 * libzip gives it ("Write error: No space left on device"). Caller frees.
 */
static char *
library_says(zip_error_t *ze)
{
	int code = zip_error_code_zip(ze);
	size_t i;
	for (i = 0; i < sizeof library_words / sizeof *library_words; i++) {
		if (library_words[i].code != code)
			continue;
		if (zip_error_system_type(ze) == ZIP_ET_SYS)
			return xasprintf("%s: %s", _(library_words[i].words),
				strerror(zip_error_code_system(ze)));
		return xstrdup(_(library_words[i].words));
	}
	return xstrdup(zip_error_strerror(ze));
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
			    (zip_uint32_t)0040755 << 16) < 0) {
			char *words = library_says(zip_get_error(za));
			diag_system(zip_path, "cannot write ZIP (folder): %s", words);
			free(words);
			return -1;
		}
	}
	return 0;
}

/* Files compressed together as one task. */
#define PACK_PART 64

struct entry {
	char *name; /* relative to the archive's top folder */
	char *data; /* the bytes, until deflated */
	size_t len;
	char *comp; /* the deflated bytes, NULL when stored as they are */
	size_t comp_len;
	int deflated;
	off_t off; /* where the bytes to store are in the spill file, -1: in memory */
	int fd; /* that file */
	uint32_t crc;
	int to; /* PACK_ZIP, PACK_SCORM or both */
	size_t pos; /* read position while libzip copies it */
	int read_errno; /* why reading the spill file failed, for libzip's message */
};

/* A run of entries waiting to be compressed. */
struct range {
	size_t from, to;
};

struct pack {
	zip_uint16_t dtime, ddate;
	pthread_mutex_t lock; /* guards everything below */
	struct entry *entries;
	size_t n, cap;
	size_t cut; /* entries[cut..n) are not in a range yet */
	struct range *ready; /* ranges to compress, taken from the front */
	size_t nready, capready, taken;
	size_t in_memory, memory; /* compressed bytes kept in memory; at most */
	int spill; /* an unnamed file for the rest, or -1 */
	off_t spilled; /* its length */
};

struct pack *
pack_begin(time_t mtime, const char *dir, size_t memory)
{
	struct pack *pk = xcalloc(1, sizeof *pk);
	pthread_mutex_init(&pk->lock, NULL);
	dos_time(mtime, &pk->dtime, &pk->ddate);
	pk->spill = -1;
	pk->memory = memory;
	if (dir) { /* named only for a moment: nothing is left of it when the build ends */
		char *path = xasprintf("%s/.kenshu-spill-XXXXXX", dir);
		pk->spill = mkostemp(path, O_CLOEXEC); /* closed on exec from the start: no gap */
		if (pk->spill >= 0)
			unlink(path);
		free(path);
	}
	return pk;
}

void
pack_free(struct pack *pk)
{
	size_t i;
	if (!pk)
		return;
	for (i = 0; i < pk->n; i++) {
		free(pk->entries[i].name);
		free(pk->entries[i].data);
		free(pk->entries[i].comp);
	}
	pthread_mutex_destroy(&pk->lock);
	if (pk->spill >= 0)
		close(pk->spill);
	free(pk->entries);
	free(pk->ready);
	free(pk);
}

/* The entries since the last cut become a range to compress; with the lock held. */
static void
cut(struct pack *pk)
{
	if (pk->cut == pk->n)
		return;
	pk->ready = xgrow(pk->ready, &pk->capready, pk->nready + 1, sizeof *pk->ready);
	pk->ready[pk->nready].from = pk->cut;
	pk->ready[pk->nready].to = pk->n;
	pk->nready++;
	pk->cut = pk->n;
}

void
pack_add(struct pack *pk, const char *name, const char *data, size_t len, int to)
{
	char *copy = xmalloc(len);
	memcpy(copy, data, len);
	pack_give(pk, name, copy, len, to);
}

void
pack_give(struct pack *pk, const char *name, char *data, size_t len, int to)
{
	struct entry e;
	memset(&e, 0, sizeof e);
	e.name = xstrdup(name);
	e.data = data;
	e.len = len;
	e.off = -1;
	e.to = to;
	pthread_mutex_lock(&pk->lock);
	pk->entries = xgrow(pk->entries, &pk->cap, pk->n + 1, sizeof *pk->entries);
	pk->entries[pk->n++] = e;
	if (pk->n - pk->cut >= PACK_PART)
		cut(pk);
	pthread_mutex_unlock(&pk->lock);
}

void
pack_flush(struct pack *pk)
{
	pthread_mutex_lock(&pk->lock);
	cut(pk);
	pthread_mutex_unlock(&pk->lock);
}

size_t
pack_ready(struct pack *pk)
{
	size_t ready;
	pthread_mutex_lock(&pk->lock);
	ready = pk->nready - pk->taken;
	pthread_mutex_unlock(&pk->lock);
	return ready;
}

/* Deflate e's data, or leave it to be stored when that saves nothing (or c is NULL). */
static void
deflate_entry(struct libdeflate_compressor *c, struct entry *e)
{
	size_t bound, n;
	char *comp;
	e->crc = (uint32_t)libdeflate_crc32(0, e->data, e->len);
	if (!c)
		return;
	bound = libdeflate_deflate_compress_bound(c, e->len);
	comp = xmalloc(bound);
	n = libdeflate_deflate_compress(c, e->data, e->len, comp, bound);
	if (n == 0 || n >= e->len) {
		free(comp);
		return;
	}
	e->comp = xrealloc(comp, n);
	e->comp_len = n;
	e->deflated = 1;
	free(e->data);
	e->data = NULL;
}

/* The bytes to store for e (deflated or not), and how many. */
static const char *
stored(const struct entry *e, size_t *size)
{
	*size = e->deflated ? e->comp_len : e->len;
	return e->deflated ? e->comp : e->data;
}

/*
 * Once pk->memory compressed bytes are kept, the n entries at es go to the spill file and
 * their memory is freed; an entry that cannot be written there stays in memory.
 */
static void
spill(struct pack *pk, struct entry *es, size_t n)
{
	size_t i, total = 0, size;
	off_t off;
	for (i = 0; i < n; i++) {
		stored(&es[i], &size);
		total += size;
	}
	pthread_mutex_lock(&pk->lock);
	if (pk->spill < 0 || pk->in_memory + total <= pk->memory) {
		pk->in_memory += total;
		pthread_mutex_unlock(&pk->lock);
		return;
	}
	off = pk->spilled;
	pk->spilled += (off_t)total;
	pthread_mutex_unlock(&pk->lock);
	for (i = 0; i < n; i++) {
		const char *bytes = stored(&es[i], &size);
		if (fs_pwrite(pk->spill, bytes, size, off) == 0) {
			free(es[i].deflated ? es[i].comp : es[i].data);
			es[i].comp = es[i].data = NULL;
			es[i].off = off;
			es[i].fd = pk->spill;
		}
		off += (off_t)size;
	}
}

int
pack_work(struct pack *pk)
{
	struct libdeflate_compressor *c;
	struct entry *es;
	struct range r;
	size_t i;

	pthread_mutex_lock(&pk->lock);
	if (pk->taken == pk->nready) {
		pthread_mutex_unlock(&pk->lock);
		return 0;
	}
	r = pk->ready[pk->taken++];
	/* Copies, as other threads may grow the array meanwhile. */
	es = xcalloc(r.to - r.from, sizeof *es);
	memcpy(es, pk->entries + r.from, (r.to - r.from) * sizeof *es);
	pthread_mutex_unlock(&pk->lock);

	/* Level 1: within a few percent of the best sizes, several times faster. */
	c = libdeflate_alloc_compressor(1);
	for (i = 0; i < r.to - r.from; i++)
		deflate_entry(c, &es[i]);
	if (c)
		libdeflate_free_compressor(c);
	spill(pk, es, r.to - r.from);

	pthread_mutex_lock(&pk->lock);
	memcpy(pk->entries + r.from, es, (r.to - r.from) * sizeof *es);
	pthread_mutex_unlock(&pk->lock);
	free(es);
	return 1;
}

/* libzip reads an entry through this: its deflated bytes as they are, or its data stored. */
static zip_int64_t
read_entry(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct entry *e = ud;
	size_t size, n;
	const char *bytes = stored(e, &size);
	zip_stat_t *st;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		e->pos = 0;
		return 0;
	case ZIP_SOURCE_READ:
		n = size - e->pos < len ? size - e->pos : (size_t)len;
		if (e->off >= 0) {
			if (fs_pread(e->fd, data, n, e->off + (off_t)e->pos) < 0) {
				e->read_errno = errno;
				return -1;
			}
		} else {
			memcpy(data, bytes + e->pos, n);
		}
		e->pos += n;
		return (zip_int64_t)n;
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_STAT:
		if (len < sizeof *st)
			return -1;
		st = data;
		zip_stat_init(st);
		st->size = e->len;
		st->comp_size = size;
		st->comp_method = e->deflated ? ZIP_CM_DEFLATE : ZIP_CM_STORE;
		st->crc = e->crc;
		st->valid |= ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
		return sizeof *st;
	case ZIP_SOURCE_ERROR: {
		/* A read of the spill file, a STAT into a short buffer or an unknown command fails. */
		zip_error_t ze;
		zip_int64_t r;
		zip_error_init(&ze);
		if (e->read_errno)
			zip_error_set(&ze, ZIP_ER_READ, e->read_errno);
		else
			zip_error_set(&ze, ZIP_ER_INVAL, 0);
		r = zip_error_to_data(&ze, data, len);
		zip_error_fini(&ze);
		return r;
	}
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
			ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
}

static int
cmp_entries(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* Set what every file entry carries, so that the bytes depend on nothing else. */
static int
stamp(zip_t *za, zip_uint64_t idx, const struct entry *e, zip_uint16_t dtime,
	zip_uint16_t ddate)
{
	return (!e->deflated && zip_set_file_compression(za, idx, ZIP_CM_STORE, 0) < 0) ||
		zip_file_set_dostime(za, idx, dtime, ddate, 0) < 0 ||
		zip_file_set_external_attributes(za, idx, 0, ZIP_OPSYS_UNIX,
			(zip_uint32_t)0100644 << 16) < 0 ? -1 : 0;
}

/* Remove the temporary archives that killed builds left beside zip_path ("NAME.tmp-PID"). */
static void
remove_stale(const char *zip_path)
{
	const char *slash = strrchr(zip_path, '/'), *base = slash ? slash + 1 : zip_path;
	char *dir = slash ? xstrndup(zip_path, (size_t)(slash - zip_path + 1)) : xstrdup("./");
	char *prefix = xasprintf("%s.tmp-", base), **names;
	size_t n, i, len = strlen(prefix);
	if (fs_list_any(dir, &names, &n) == 0) {
		for (i = 0; i < n; i++) {
			char *end;
			long pid;
			if (strncmp(names[i], prefix, len))
				continue;
			pid = strtol(names[i] + len, &end, 10);
			/* A build still running keeps its own. */
			if (!*end && pid > 0 && kill((pid_t)pid, 0) < 0 && errno == ESRCH) {
				char *path = xasprintf("%s%s", dir, names[i]);
				unlink(path);
				free(path);
			}
		}
		fs_list_free(names, n);
	}
	free(prefix);
	free(dir);
}

int
pack_write(struct pack *pk, int archive, const char *zip_path, const char *top,
	char **tmp_out)
{
	struct strmap dirs = STRMAP_INIT;
	const char *slash = strrchr(zip_path, '/');
	char *tmp = NULL, *name = NULL, *words = NULL;
	zip_t *za = NULL;
	struct stat st;
	size_t i;
	int err, rc = -1;

	*tmp_out = NULL;
	/* Found before the site replaces the old one, not when the package is moved into place. */
	if (stat(zip_path, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag_system(zip_path, "the package path exists and is not a file");
		return -1;
	}
	pack_flush(pk);
	while (pack_work(pk))
		;
	if (slash && slash != zip_path) {
		char *dir = xstrndup(zip_path, (size_t)(slash - zip_path));
		int mk = fs_mkdirs(dir);
		free(dir);
		if (mk < 0)
			return -1;
	}
	remove_stale(zip_path);
	tmp = xasprintf("%s.tmp-%ld", zip_path, (long)getpid());
	unlink(tmp);
	za = zip_open(tmp, ZIP_CREATE | ZIP_EXCL, &err);
	if (!za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, err);
		words = library_says(&ze);
		diag_system(zip_path, "cannot create ZIP: %s", words);
		zip_error_fini(&ze);
		goto out;
	}
	qsort(pk->entries, pk->n, sizeof *pk->entries, cmp_entries);
	for (i = 0; i < pk->n; i++) {
		struct entry *e = &pk->entries[i];
		zip_source_t *src;
		zip_int64_t idx;
		if (!(e->to & archive))
			continue;
		free(name);
		name = top[0] ? xasprintf("%s/%s", top, e->name) : xstrdup(e->name);
		if (add_dirs(za, zip_path, name, &dirs, pk->dtime, pk->ddate) < 0)
			goto out;
		src = zip_source_function(za, read_entry, e);
		idx = src ? zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8) : -1;
		if (idx < 0)
			zip_source_free(src);
		if (idx < 0 || stamp(za, (zip_uint64_t)idx, e, pk->dtime, pk->ddate) < 0) {
			words = library_says(zip_get_error(za));
			diag_system(zip_path, "cannot write ZIP (%s): %s", name, words);
			goto out;
		}
	}
	if (zip_close(za) < 0) {
		words = library_says(zip_get_error(za));
		diag_system(zip_path, "cannot write ZIP (closing): %s", words);
		goto out;
	}
	za = NULL;
	*tmp_out = tmp;
	tmp = NULL;
	rc = 0;
out:
	if (za)
		zip_discard(za);
	if (tmp)
		unlink(tmp);
	free(tmp);
	free(name);
	free(words);
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
