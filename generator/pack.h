/*
 * pack: the only module that talks to libzip. It writes the offline ZIP: one top-level
 * folder holding the site, plus extra files such as the Japanese "how to open" note. The
 * same input gives the same bytes: entries sorted by name, every timestamp and permission
 * fixed, no extra fields. The archive is written to a temporary name and renamed into place
 * by pack_commit, so a failed build leaves the previous ZIP as it was.
 */
#ifndef KENSHU_PACK_H
#define KENSHU_PACK_H

#include <stddef.h>
#include <time.h>

struct pack_entry {
	const char *name; /* path inside the top folder, '/' separated */
	const char *path; /* file to read, or NULL to use data */
	const char *data;
	size_t len;
};

/*
 * Write a ZIP with entries under top/ to a temporary file beside zip_path; *tmp_out receives
 * its name (free it). mtime stamps every entry. -1 after reporting.
 */
int pack_zip(const char *zip_path, const char *top, struct pack_entry *entries, size_t n,
	time_t mtime, char **tmp_out);
/* Move the temporary ZIP into place (or, with ok == 0, remove it). */
int pack_commit(const char *tmp, const char *zip_path, int ok);

#endif
