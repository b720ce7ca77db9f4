/*
 * nearest: "did you mean ...?" for a name that matched nothing (a key, a glossary term, a
 * quiz, a linked file or heading): the closest of the names that would have matched, by edit
 * distance over code points, so that a Japanese term is as near its slip as an English key
 * is. Inserting, deleting or replacing a character, or swapping two neighbours, costs one.
 *
 * A candidate is close enough when its distance is at most a third of the longer name's
 * length (rounded to the nearer whole) and at most half of what differs once the start and
 * end the two names share are set aside (but one is always allowed there): "sumary" gives
 * "summary" and "organisation" "organization", while "01-passwords.md" is no suggestion for
 * "02-updates.md", however long the folder both sit in, and one letter none for another.
 * Of equally close candidates the first offered wins, so every run suggests the same.
 *
 * A search does bounded work: names longer than NEAREST_MAX code points are not compared,
 * and one search compares at most NEAREST_BUDGET pairs of characters, so reporting thousands
 * of unknown names against thousands of known ones stays linear in the reports.
 */
#ifndef KENSHU_NEAREST_H
#define KENSHU_NEAREST_H

#include <stddef.h>
#include <stdint.h>

#define NEAREST_MAX 64
#define NEAREST_BUDGET (1ul << 20)

struct nearest {
	int32_t name[NEAREST_MAX];
	size_t n; /* code points in name; more than NEAREST_MAX: no suggestion */
	const char *best; /* borrowed from the caller's candidates */
	size_t dist;
	unsigned long budget;
};

void nearest_begin(struct nearest *nr, const char *name);
/* Compare candidate (a NUL-terminated name that outlives nr->best's use) with the name. */
void nearest_offer(struct nearest *nr, const char *candidate);

/* The nearest close enough of a NULL-terminated list, or NULL. */
const char *nearest_in(const char *name, const char *const *list);

/*
 * " (did you mean 'best'?)" in the user's language, or "" for NULL: a message's hint. The
 * caller frees it.
 */
char *nearest_hint(const char *best);

#endif
