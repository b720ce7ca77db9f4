/*
 * scorm: the manifest of the SCORM 1.2 package (kenshu build --scorm FILE). The package is
 * the site's own files at its root plus imsmanifest.xml, written by pack.c like the ZIP; this
 * module only produces the manifest's text. One organization holds one item (SCO) per test,
 * launched at the test's quiz page with "?sco=<quiz id>" (so scorm.js knows which test the
 * LMS session is for) and with the test's pass mark as adlcp:masteryscore. The course pages
 * and assets are one shared resource that every SCO depends on, so every file of the package
 * is listed exactly once (the manifest itself is the package's descriptor, not a listed
 * file). A course without tests gets one item for the home page. The same site gives the
 * same text: files in the order given, quizzes in file order.
 *
 * Ownership: scorm_manifest returns a string the caller frees.
 */
#ifndef KENSHU_SCORM_H
#define KENSHU_SCORM_H

#include <stddef.h>

struct project;
struct quiz_set;

/* The package's manifest file name. */
#define SCORM_MANIFEST "imsmanifest.xml"

/*
 * The imsmanifest.xml text for the site of p whose files are names[0..n) (relative to the
 * site root, '/' separated, sorted by the caller for stable output).
 */
char *scorm_manifest(const struct project *p, const struct quiz_set *qs,
	char *const *names, size_t n);

#endif
