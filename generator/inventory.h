/*
 * inventory: nothing an author writes is dropped without a word. After every stage has read
 * what it uses, every file under content/ and quizzes/ that none read, and that no page
 * links, is named in a diagnostic: a lesson in the wrong place is an error that says where
 * lessons go; any other file is a warning (an error under --strict) that says why kenshu
 * leaves it out. Hidden files (names starting with '.'), editor backups (ending in '~') and
 * the files Windows keeps beside pictures (Thumbs.db, desktop.ini) are not the author's and
 * are passed over. A project theme's files are checked where the theme is loaded (theme.c).
 */
#ifndef KENSHU_INVENTORY_H
#define KENSHU_INVENTORY_H

struct project;
struct media;

/* Report every unused file; -1 when one of them is an error. */
int inventory_check(const struct project *p, struct media *m);

#endif
