/*
 * build: the pipeline behind "kenshu build" and "kenshu check": read and model the course,
 * check it, render every page, write the site atomically and pack the ZIP (and the SCORM
 * package with --scorm). Each stage
 * reports its own problems; build_run turns the counts into the exit status of the SPEC
 * (0 success, 1 content errors, 3 system errors).
 */
#ifndef KENSHU_BUILD_H
#define KENSHU_BUILD_H

#include "scorm.h"

struct build_opts {
	const char *dir; /* project folder (-C) */
	const char *outdir; /* site folder (-o), relative to dir */
	const char *zip; /* ZIP path, NULL for the default dist/<site id>.zip */
	int no_zip;
	int check_only; /* validate everything, write nothing */
	int strict; /* warnings fail the build */
	int quiet, verbose;
	const char *scorm; /* SCORM package path (--scorm), NULL for none */
	enum scorm_version scorm_version; /* --scorm-version: 1.2 (the default) or 2004 */
	int jobs; /* threads that check and render pages (-j); 0: one per processor */
};

int build_run(const struct build_opts *o);

/*
 * The project's sources, by their names in the project folder (NULL ends the list): no output
 * may replace one or lie among them, and kenshu serve's preview watches them.
 */
extern const char *const build_sources[];

#endif
