/*
 * report: the HTML report of "kenshu records merge". From the merged records (roster.c) it
 * counts who took and who passed each test, per test and per branch, and who acknowledged
 * each document version, then renders the built-in theme's roster.html through template.c:
 * the page's layout, its bar charts' look and its words (strings.yaml) are the theme's, the
 * numbers are made here. With a staff list everyone on it counts and each test lists who has
 * not passed it; without one only those who took a test count for it.
 *
 * Ownership: report_render borrows its input and the theme. A struct report_people copies
 * the strings it is given; report_people_free frees them and accepts a zeroed list.
 */
#ifndef KENSHU_REPORT_H
#define KENSHU_REPORT_H

#include <stddef.h>

#include "util.h"

struct theme;

/* A test (site, quiz id) or a document version (site, document id, version). */
struct report_item {
	const char *site, *id, *version, *title;
	int quiz; /* a test; else a document version */
};

struct report_record {
	const char *id, *name, *branch; /* the learner's */
	size_t item; /* its index in report_input.items */
	int passed; /* a test passed (a document's record is an acknowledgement) */
};

struct report_person {
	char *id, *name, *branch;
};

/* People by id: the staff list, or the learners the records name. */
struct report_people {
	struct report_person *v;
	size_t n, cap;
	struct strmap index; /* id -> index + 1 */
};

/* Add the person with id, or give the one already there a non-empty name or branch. */
size_t report_person_add(struct report_people *pp, const char *id, const char *name,
	const char *branch);
void report_people_free(struct report_people *pp);

struct report_input {
	const struct report_item *items; /* in the order of the report's rows */
	size_t nitems;
	const struct report_record *records;
	size_t nrecords;
	const struct report_people *staff; /* NULL without a staff list */
	int files, rejected, duplicates;
	const char *lang; /* the report's language, that of th's strings */
	int downloads; /* links to roster.csv and roster.xlsx beside it (kenshu serve's admin view) */
};

/* Append the report to out; -1 after reporting (the template's limits). */
int report_render(const struct report_input *in, const struct theme *th, struct buf *out);
/*
 * Who has not passed each test, as the report lists them (in->staff is not NULL): for each
 * test in the items' order, each person on the staff list who has not passed it, in the
 * list's order, with whether they took it.
 */
void report_not_passed(const struct report_input *in,
	void (*fn)(void *arg, const struct report_item *test, const struct report_person *who, int took),
	void *arg);

#endif
