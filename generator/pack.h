/*
 * pack: the only module that writes archives: the offline ZIP, one top-level folder holding
 * the site plus the "how to open" notes, and the SCORM package, the site at the root plus
 * its manifest. The same input gives the same bytes: entries sorted by name, every
 * timestamp and permission fixed, no extra fields.
 *
 * Files are handed over as they are written. Every PACK_PART of them (or fewer, at a
 * pack_flush) become a part, and pack_work deflates one waiting part with libdeflate, so
 * any thread with nothing better to do can take on compression while pages are still being
 * rendered. pack_write then has libzip write an archive from the compressed data in sorted
 * order, so the bytes do not depend on how the files were split or which thread compressed
 * them; the data is deflated once for both archives. An archive is written to a temporary
 * name and renamed into place by pack_commit, so a failed build leaves the previous one as
 * it was.
 *
 * Ownership: pack_begin returns a packer released by pack_free (accepts NULL). pack_add,
 * pack_flush, pack_ready and pack_work may be called from any threads at once; pack_write
 * and pack_free only once the others are done with the packer.
 */
#ifndef KENSHU_PACK_H
#define KENSHU_PACK_H

#include <stddef.h>
#include <time.h>

/* Which archives a file goes into. */
enum {
	PACK_ZIP = 1, /* the offline ZIP */
	PACK_SCORM = 2, /* the SCORM package */
	PACK_SITE = PACK_ZIP | PACK_SCORM
};

struct pack;

/*
 * Start collecting files, every one stamped with mtime. With dir, the compressed bytes beyond
 * the first memory bytes go to an unnamed file made there (on the disk the site goes to,
 * say) rather than stay in memory until the archives are written; without, or when no file
 * can be made there, all stay in memory. The archives are the same either way.
 */
struct pack *pack_begin(time_t mtime, const char *dir, size_t memory);
void pack_free(struct pack *pk);

/*
 * Add the len bytes at data (copied) as name, a path relative to the archive's top folder,
 * for the archives in the mask to.
 */
void pack_add(struct pack *pk, const char *name, const char *data, size_t len, int to);
/* The same with data, malloc'd, handed over. */
void pack_give(struct pack *pk, const char *name, char *data, size_t len, int to);
/* Make the files added since the last part a part of their own. */
void pack_flush(struct pack *pk);
/* How many parts wait to be compressed. */
size_t pack_ready(struct pack *pk);
/* Compress one waiting part: 1, or 0 when none waits. */
int pack_work(struct pack *pk);

/*
 * Write the archive of the files for archive (PACK_ZIP or PACK_SCORM), each under top/ (at
 * the root when top is ""), to a temporary file beside zip_path; *tmp_out gets its name
 * (free it). -1 after reporting.
 */
int pack_write(struct pack *pk, int archive, const char *zip_path, const char *top,
	char **tmp_out);
/* Move the temporary archive into place (or, with ok == 0, remove it). */
int pack_commit(const char *tmp, const char *zip_path, int ok);

#endif
