/*
 * static: the project's static/ folder, copied as it is to the site's root on every build
 * (web.config, robots.txt, favicon.ico, .htaccess, sub-folders), and into the ZIP and the
 * SCORM package like every file of the site. As every build writes them anew into the site
 * it swaps in, a rebuild never loses them. A file whose name (in any case: Windows and macOS
 * tell no case apart) is one kenshu writes is an error naming both.
 *
 * Ownership: static_load fills a struct static_files that static_free releases (safe on a
 * zeroed struct).
 */
#ifndef KENSHU_STATIC_H
#define KENSHU_STATIC_H

#include <stddef.h>

#include "util.h"

struct output;
struct pack;
struct project;

/* Where a project keeps them, and the largest file copied (as media's). */
#define STATIC_DIR "static"
#define STATIC_MAX (32u * 1024 * 1024)

struct static_files {
	char **names; /* relative to static/ and to the site's root, sorted */
	size_t n, cap;
};

/* A name kenshu writes ("index.html") and what it is ("the page of content/index.md"). */
struct static_name {
	char *name, *what;
};

/* The names kenshu writes into the site and its archives, each with what it is. */
struct static_taken {
	struct strmap by_name; /* lowered name -> its struct static_name */
	struct strmap folders; /* lowered folder ("assets") of a name -> the name's entry */
	struct static_name **names;
	size_t n, cap;
};

/* List static/ of project p (none: nothing). -1 after reporting. */
int static_load(struct project *p, struct static_files *s);
/* Note that kenshu writes name, which is what ("the page of content/index.md"). */
void static_take(struct static_taken *t, const char *name, const char *what);
void static_taken_free(struct static_taken *t);
/* Report each file whose name kenshu writes too, and names kenshu keeps. -1 after reporting. */
int static_check(const struct project *p, const struct static_files *s,
	const struct static_taken *t);
/* Read every file and write it into the site (out) and the archives (pk), either NULL. */
int static_put(const struct project *p, const struct static_files *s, struct output *out,
	struct pack *pk);
void static_free(struct static_files *s);

#endif
