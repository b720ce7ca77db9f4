/*
 * pack: the only module that talks to libzip. It writes the offline ZIP: one top-level
 * folder holding the site, plus extra files such as the Japanese "how to open" note; and the
 * SCORM package, the same way with its files at the root. The
 * same input gives the same bytes: entries sorted by name, every timestamp and permission
 * fixed, no extra fields.
 *
 * Files are handed over as they are written, and every PACK_PART of them are compressed at
 * once into a part archive, so deflate can run on another core while pages are still being
 * rendered (build.c calls pack_add from its worker thread). pack_finish then assembles the
 * final archive by copying the compressed data in sorted order (zip_source_zip), so the
 * bytes do not depend on how the files were split. The archive is written to a temporary
 * name and renamed into place by pack_commit, so a failed build leaves the previous ZIP as
 * it was.
 *
 * Ownership: pack_begin returns a packer that pack_finish or pack_abort releases. One thread
 * at a time may call pack_add.
 */
#ifndef KENSHU_PACK_H
#define KENSHU_PACK_H

#include <stddef.h>
#include <time.h>

struct pack;

/*
 * Start a ZIP for zip_path with every entry under top/ (at the root when top is "", as a
 * SCORM package needs), stamped with mtime. NULL after reporting.
 */
struct pack *pack_begin(const char *zip_path, const char *top, time_t mtime);
/*
 * Add the file at path (read now or at the next part) as name; with path NULL, add the
 * len bytes at data (copied). -1 after recording a problem that pack_finish reports.
 */
int pack_add(struct pack *pk, const char *name, const char *path, const char *data, size_t len);
/* Write the archive to a temporary file beside zip_path; *tmp_out gets its name (free it). */
int pack_finish(struct pack *pk, char **tmp_out);
void pack_abort(struct pack *pk);
/* Move the temporary ZIP into place (or, with ok == 0, remove it). */
int pack_commit(const char *tmp, const char *zip_path, int ok);

#endif
