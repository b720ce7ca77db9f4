#include "media.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content.h"
#include "fs.h"
#include "output.h"
#include "pack.h"
#include "util.h"

#define MEDIA_DIR "assets/media/"

struct media {
	pthread_mutex_t lock; /* pages add media from several threads */
	struct strmap by_path; /* project path -> index + 1 */
	struct strmap refused; /* project paths linked but not copied */
	char **paths, **names; /* parallel, in order of first use */
	size_t n, cap;
};

/*
 * The files kenshu copies, by kind. Attachments are what trainers hand out: office
 * documents (and Office 97's, still sent around), PDF, CSV, ZIP and plain text. Video and
 * sound in the formats every current browser plays from disk.
 */
static const struct {
	const char *ext;
	enum media_kind kind;
} extensions[] = {
	{".png", MEDIA_IMAGE}, {".jpg", MEDIA_IMAGE}, {".jpeg", MEDIA_IMAGE}, {".gif", MEDIA_IMAGE},
	{".webp", MEDIA_IMAGE}, {".avif", MEDIA_IMAGE},
	{".mp4", MEDIA_VIDEO}, {".webm", MEDIA_VIDEO},
	{".mp3", MEDIA_AUDIO}, {".m4a", MEDIA_AUDIO}, {".wav", MEDIA_AUDIO}, {".ogg", MEDIA_AUDIO},
	{".pdf", MEDIA_FILE}, {".docx", MEDIA_FILE}, {".xlsx", MEDIA_FILE}, {".pptx", MEDIA_FILE},
	{".doc", MEDIA_FILE}, {".xls", MEDIA_FILE}, {".ppt", MEDIA_FILE}, {".csv", MEDIA_FILE},
	{".zip", MEDIA_FILE}, {".txt", MEDIA_FILE},
};
#define NEXTENSIONS (sizeof extensions / sizeof *extensions)

struct media *
media_new(void)
{
	struct media *m = xcalloc(1, sizeof *m);
	pthread_mutex_init(&m->lock, NULL);
	return m;
}

void
media_free(struct media *m)
{
	size_t i;
	if (!m)
		return;
	pthread_mutex_destroy(&m->lock);
	for (i = 0; i < m->n; i++) {
		free(m->paths[i]);
		free(m->names[i]);
	}
	free(m->paths);
	free(m->names);
	strmap_free(&m->by_path);
	strmap_free(&m->refused);
	free(m);
}

/* The index in extensions of the file's extension, or NEXTENSIONS. */
static size_t
extension(const char *path)
{
	const char *dot = strrchr(path, '.');
	size_t i;
	if (!dot || strchr(dot, '/'))
		return NEXTENSIONS;
	for (i = 0; i < NEXTENSIONS; i++)
		if (!strcasecmp(dot, extensions[i].ext))
			break;
	return i;
}

enum media_kind
media_kind(const char *path)
{
	size_t i = extension(path);
	return i < NEXTENSIONS ? extensions[i].kind : MEDIA_NONE;
}

void
media_extensions(enum media_kind kind, struct buf *out)
{
	size_t i;
	const char *sep = "";
	for (i = 0; i < NEXTENSIONS; i++) {
		if (extensions[i].kind != kind)
			continue;
		buf_puts(out, sep);
		sep = ", ";
		buf_puts(out, extensions[i].ext);
	}
}

static const char *
add(struct media *m, const char *path)
{
	size_t at = (size_t)strmap_get(&m->by_path, path);
	const char *base = strrchr(path, '/');
	unsigned long long h = hash_bytes(path, strlen(path));
	char *slug;
	if (at)
		return m->names[at - 1];
	slug = content_ascii(base ? base + 1 : path);
	if (!*slug) { /* the name media without ASCII have always had */
		free(slug);
		slug = xstrdup("media0");
	}
	m->paths = xgrow(m->paths, &m->cap, m->n + 1, sizeof *m->paths);
	m->names = xrealloc(m->names, m->cap * sizeof *m->names);
	m->paths[m->n] = xstrdup(path);
	m->names[m->n] = xasprintf(MEDIA_DIR "%s-%08llx%s", slug, h & 0xffffffffull,
		extensions[extension(path)].ext);
	free(slug);
	m->n++;
	strmap_put(&m->by_path, path, (void *)m->n);
	return m->names[m->n - 1];
}

/* The name, once made, is not moved nor freed before the set: it may be read unlocked. */
const char *
media_add(struct media *m, const char *path)
{
	const char *name;
	pthread_mutex_lock(&m->lock);
	name = add(m, path);
	pthread_mutex_unlock(&m->lock);
	return name;
}

void
media_refuse(struct media *m, const char *path)
{
	pthread_mutex_lock(&m->lock);
	strmap_put(&m->refused, path, m);
	pthread_mutex_unlock(&m->lock);
}

int
media_linked(struct media *m, const char *path)
{
	int linked;
	pthread_mutex_lock(&m->lock);
	linked = strmap_get(&m->by_path, path) || strmap_get(&m->refused, path);
	pthread_mutex_unlock(&m->lock);
	return linked;
}

static int
cmp_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* In the order of their paths, not of first use, which depends on how threads ran. */
int
media_put(struct media *m, const char *prefix, struct output *out, struct pack *pk)
{
	char **paths;
	size_t i, len;
	int rc = 0;
	pthread_mutex_lock(&m->lock);
	paths = xcalloc(m->n, sizeof *paths);
	for (i = 0; i < m->n; i++)
		paths[i] = m->paths[i];
	qsort(paths, m->n, sizeof *paths, cmp_paths);
	for (i = 0; i < m->n; i++) {
		const char *name = m->names[(size_t)strmap_get(&m->by_path, paths[i]) - 1];
		char *shown = xasprintf("%s%s", prefix, paths[i]), *data;
		if (fs_read_file(paths[i], shown, MEDIA_MAX, &data, &len, NULL) < 0 ||
		    output_give(out, pk, name, data, len) < 0)
			rc = -1;
		free(shown);
	}
	pthread_mutex_unlock(&m->lock);
	free(paths);
	return rc;
}
