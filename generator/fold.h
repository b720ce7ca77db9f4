/*
 * fold: the one normalisation of text that is matched or searched. Both forms start from
 * NFKC (through utf8proc) and lower-case each code point as search.js does (toLowerCase where
 * it gives one code point, utf8proc_tolower here):
 *
 * - fold_search, the form of indexed text and of queries, also folds katakana U+30A1-U+30F6
 *   to hiragana (ー, U+30FC, stays), exactly as search.js normalises a query;
 * - struct fold_map, the form glossary terms are matched in, keeps katakana as it is (a
 *   katakana term must not be found inside hiragana prose: マス in します), and maps every
 *   byte of its output back to the source character it came from, so that a match covers
 *   whole source characters. fold_term is that form of one string.
 *
 * Ownership: fold_search and fold_term return malloc'd strings; a fold_map starts zeroed,
 * is reused across texts and is freed with fold_map_free.
 */
#ifndef KENSHU_FOLD_H
#define KENSHU_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Offset in src_at of an output byte inside what one source character became. */
#define FOLD_INSIDE ((size_t)-1)

struct fold_map {
	struct buf out; /* the folded text */
	size_t *src_at, cap; /* per byte of out (and its end): source offset, or FOLD_INSIDE */
	int32_t *cps; /* the source character being read, decomposed */
	size_t ncps, capcps;
	int raw; /* cps holds one character that needs no decomposition */
};

/* Lower case of one code point, and katakana as hiragana. */
int32_t fold_case(int32_t cp);
int32_t fold_kana(int32_t cp);

/* len bytes of UTF-8 in the search form: malloc'd, NUL-terminated. */
char *fold_search(const char *s, size_t len);

/* len bytes of UTF-8 into m in the matching form, replacing what m held. */
void fold_map_text(struct fold_map *m, const char *s, size_t len);
void fold_map_free(struct fold_map *m);
/* s in the matching form: malloc'd. */
char *fold_term(const char *s);

#endif
