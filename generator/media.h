/*
 * media: the files pages show or link that are not pages: images (PNG, JPEG, GIF, WebP,
 * AVIF) and PDFs. Each one a page uses is copied into the site once, as
 * assets/media/NAME-HASH.EXT: NAME is the ASCII slug of its file name, HASH a hash of its path
 * in the project, so the name is ASCII, unique, and the same on every build. SVG is refused:
 * opened on its own from disk it could run script.
 *
 * Pages add to the set from several threads at once: every function but media_free may be
 * called from any thread.
 *
 * Ownership: media_new returns a set released by media_free (accepts NULL); media_add
 * returns a name the set owns.
 */
#ifndef KENSHU_MEDIA_H
#define KENSHU_MEDIA_H

#include <stddef.h>

struct media;
struct output;
struct pack;

/* Largest media file kenshu copies. */
#define MEDIA_MAX (32u * 1024 * 1024)

struct media *media_new(void);
void media_free(struct media *m);

/* Whether kenshu copies a file with path's extension (case does not matter). */
int media_accepts(const char *path);
/* The site path of the project file path (accepted by media_accepts), added on first use. */
const char *media_add(struct media *m, const char *path);
/* Note that a page links path, which is refused there (and reported at the link). */
void media_refuse(struct media *m, const char *path);
/* Whether a page links the project file path (added or refused). */
int media_linked(struct media *m, const char *path);
/*
 * Read every file added, shown in diagnostics after prefix, and write it to out and hand it
 * to pk (each when not NULL). -1 after reporting.
 */
int media_put(struct media *m, const char *prefix, struct output *out, struct pack *pk);

#endif
