/*
 * util: allocation that never fails (out of memory aborts, as in cmark and sds), and a
 * growable byte buffer. Failure elsewhere in kenshu therefore always means bad content or
 * I/O, never a NULL from malloc.
 *
 * struct buf owns its bytes, and its data is never NULL and always NUL-terminated: a buffer
 * starts (BUF_INIT) on a shared empty string, as cmark's strbuf does, that nothing writes to
 * and that is never freed (cap 0 says so), so callers read data and len without a guard.
 * buf_detach() hands the bytes to the caller as a malloc'd string (free() it; an empty one
 * for an empty buffer) and leaves the buffer empty. buf_free() accepts an empty buffer.
 * xmalloc and xcalloc accept 0 (and return a pointer to free).
 */
#ifndef KENSHU_UTIL_H
#define KENSHU_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array of *cap elements of size elem so that it holds at least need. */
void *xgrow(void *array, size_t *cap, size_t need, size_t elem);

struct buf {
	char *data;
	size_t len, cap;
};
extern char buf_empty[1];
#define BUF_INIT {buf_empty, 0, 0}

void buf_reserve(struct buf *b, size_t extra);
void buf_put(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, int c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Escape &, <, >, " and ' for HTML text and attribute values. */
void buf_put_html(struct buf *b, const char *s, size_t n);
const char *buf_cstr(const struct buf *b);
char *buf_detach(struct buf *b);
/* Keep the first len bytes (len <= b->len); buf_clear keeps none. */
void buf_truncate(struct buf *b, size_t len);
void buf_clear(struct buf *b);
void buf_free(struct buf *b);

/* True when s is a plain id: not empty, only a-z, 0-9, '-' and '_' (it names files, columns, keys). */
int str_is_id(const char *s);

/*
 * The first needle in s up to its NUL, or NULL: as strstr, for a loop over a large text (a
 * page of 8 MiB), where a sanitizer's strstr measures the whole rest of s on every call.
 */
const char *str_find(const char *s, const char *needle);

/* True when s begins with prefix / ends with suffix. */
int str_starts(const char *s, const char *prefix);
int str_ends(const char *s, const char *suffix);

/*
 * Untrusted input quoted in a message: control characters escaped (C1 ones too, which some
 * terminals obey), cut after EXCERPT_CHARS characters with "...". The text lives in e.
 */
#define EXCERPT_CHARS 40
struct excerpt {
	char s[EXCERPT_CHARS * 6 + 4];
};
const char *str_excerpt(struct excerpt *e, const char *s);

/*
 * strmap: a string-keyed hash table with open addressing, for lookups that run once per
 * link or term (pages by source path, glossary terms by name). Keys are copied; values are
 * borrowed pointers. strmap_free accepts an empty map.
 */
struct strmap {
	char **keys;
	void **vals;
	size_t n, cap;
};
#define STRMAP_INIT {NULL, NULL, 0, 0}

/* Set key to val; returns the previous value or NULL. */
void *strmap_put(struct strmap *m, const char *key, void *val);
void *strmap_get(const struct strmap *m, const char *key);
void strmap_free(struct strmap *m);

/*
 * 64-bit FNV-1a of len bytes, from kenshu's own starting value HASH_START (names derived from
 * it, such as media file names, must not change between versions). hash_more goes on from h,
 * for a hash over several pieces.
 */
#define HASH_START 1469598103934665603ull
unsigned long long hash_bytes(const void *data, size_t len);
unsigned long long hash_more(unsigned long long h, const void *data, size_t len);

/* The standard 32-bit FNV-1a (quiz.js computes the same over answer keys). */
uint32_t hash_bytes32(const void *data, size_t len);

/* True when the n bytes at s are a real calendar date written YYYY-MM-DD, 1900 or later. */
int str_is_date(const char *s, size_t n);
/* Whether the n bytes at s are all ASCII digits. */
int str_is_digits(const char *s, size_t n);

/*
 * base made unique against the keys of taken and what refuse(name, ctx) refuses (refuse may
 * be NULL): base itself when free, else "base-K" for the smallest free K from first on. next,
 * when not NULL, keeps the last K given per base, so that many equal bases take linear time
 * (names are only ever added to taken). Returns a malloc'd name; the caller adds it to taken.
 */
char *unique_name(const struct strmap *taken, const char *base, size_t first,
	struct strmap *next, int (*refuse)(const char *name, const void *ctx), const void *ctx);

#endif
