/*
 * utf8: the one UTF-8 decoder and encoder of kenshu. Sources are checked with utf8_valid when
 * they are read (fs.c), so the rest of the program meets only valid UTF-8; the decoder still
 * stops at the first byte that does not belong, and never reads past a NUL, so a caller may
 * pass SIZE_MAX as the length of a NUL-terminated string. Only utf8_put allocates (in its
 * buffer).
 */
#ifndef KENSHU_UTF8_H
#define KENSHU_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/*
 * The code point at s (at most n bytes there) in *cp; returns its length, 1 to 4. A byte that
 * does not start a valid sequence (overlong, surrogate, above U+10FFFF, cut short) gives 0,
 * and *cp is then U+FFFD. Inline: it is called for every character of every page (folding,
 * search, term matching).
 */
static inline size_t
utf8_decode(const char *s, size_t n, int32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned c = u[0];
	size_t len, i;
	int32_t v;
	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, v = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, v = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, v = c & 0x07;
	else
		goto bad;
	if (len > n)
		goto bad;
	/* Byte by byte, so that a NUL (not a continuation byte) ends the sequence. */
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto bad;
		v = (v << 6) | (u[i] & 0x3F);
	}
	if ((len == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) ||
	    (len == 4 && (v < 0x10000 || v > 0x10FFFF)))
		goto bad;
	*cp = v;
	return len;
bad:
	*cp = 0xFFFD;
	return 0;
}

/* cp (a scalar value) as UTF-8 in out; returns its length, 1 to 4, or 0 for a non-scalar. */
size_t utf8_encode(int32_t cp, char out[4]);

/* cp appended to b as UTF-8 (nothing for a non-scalar). */
void utf8_put(struct buf *b, int32_t cp);

/* The offset of the first byte of s[0..n) that is not valid UTF-8, or n when all are. */
size_t utf8_valid(const char *s, size_t n);

/*
 * The 1-based column, counted in characters, of the byte at off in line (a diagnostic's
 * column). Counting stops at a NUL.
 */
int utf8_column(const char *line, size_t off);

#endif
