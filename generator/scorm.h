/*
 * scorm: the manifest of the SCORM package (kenshu build --scorm FILE), SCORM 1.2 or SCORM
 * 2004 4th edition (--scorm-version). The package is the site's own files at its root plus
 * imsmanifest.xml, written by pack.c like the ZIP; this module only produces the manifest's
 * text.
 *
 * The organization is the course as the site orders it: the home page, then each module as
 * an item holding its lessons in reading order and after them the quizzes (tests and
 * self-assessments) that a lesson of the module is the first to offer, then the other
 * quizzes, all quizzes in the quiz index page's order. Every item but a module's is a SCO:
 * one page (the home page, a lesson, a quiz page) launched with "?sco=KIND:NAME" (home,
 * lesson:<page>, test:<quiz id>, survey:<quiz id>), so that assets/scorm.js knows what it
 * reports for; a module is an item that holds its lessons (SCORM 2004 launches only leaves).
 * Each SCO's resource lists its page and depends on one asset resource that lists every
 * other file, so every file of the package is listed exactly once (the manifest itself is
 * the package's descriptor, not a listed file).
 *
 * A test's pass mark is its mastery score: adlcp:masteryscore in SCORM 1.2; in SCORM 2004 the
 * primary objective's imsss:minNormalizedMeasure (pass mark / 100), satisfied by measure. In
 * SCORM 2004 every SCO says that it sets its completion and success itself
 * (imsss:deliveryControls), only tests count towards the course's success (the other SCOs'
 * imsss:rollupRules rollupObjectiveSatisfied="false"), and the organization and modules allow
 * flow (the LMS's previous and next) as well as choice.
 *
 * The same site gives the same text. Item identifiers are made from the page names, which
 * never move (a quiz's without its "quiz-", which gives an ASCII quiz id's ITEM-<quiz id> of
 * earlier packages), so an LMS that updates a package keeps the learners' data.
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

enum scorm_version { SCORM_1_2, SCORM_2004 };

/*
 * The imsmanifest.xml text, for version v, of the site of p whose files are names[0..n)
 * (relative to the site root, '/' separated, sorted by the caller for stable output).
 */
char *scorm_manifest(const struct project *p, const struct quiz_set *qs, enum scorm_version v,
	char *const *names, size_t n);

#endif
