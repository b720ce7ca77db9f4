/*
 * media: the files pages show or link that are not pages: images (PNG, JPEG, GIF, WebP,
 * AVIF), video and sound that a page plays, and the attachments trainers hand out (office
 * documents, PDF, CSV, ZIP, plain text). Each one a page uses is copied into the site once, as
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

struct buf;
struct media;
struct output;
struct pack;

/*
 * Largest file kenshu copies. Every copy is held in memory until the archives are written,
 * and the offline ZIP is copied whole to every branch office: a file beyond this (about five
 * minutes of 720p video) belongs on a server, linked by its address.
 */
#define MEDIA_MAX (32u * 1024 * 1024)

/* What a page does with a file: shows it, plays it, or offers it for download. */
enum media_kind { MEDIA_NONE, MEDIA_IMAGE, MEDIA_VIDEO, MEDIA_AUDIO, MEDIA_FILE };

struct media *media_new(void);
void media_free(struct media *m);

/* The kind of a file with path's extension (case does not matter); MEDIA_NONE: not copied. */
enum media_kind media_kind(const char *path);
/* Append to out the extensions of one kind, for messages: ".png, .jpg, ...". */
void media_extensions(enum media_kind kind, struct buf *out);
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
