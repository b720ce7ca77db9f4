#include "fold.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

int32_t
fold_case(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (cp >= 0x3000 && cp < 0xA000)
		return cp; /* kana and kanji have no case: most of a Japanese text, no lookup */
	return utf8proc_tolower(cp);
}

int32_t
fold_kana(int32_t cp)
{
	return cp >= 0x30A1 && cp <= 0x30F6 ? cp - 0x60 : cp;
}

static void
put_folded(struct buf *b, int32_t cp)
{
	cp = fold_kana(fold_case(cp));
	if (cp < 0x80)
		buf_putc(b, cp);
	else
		utf8_put(b, cp);
}

/*
 * Characters NFKC leaves alone and that never end a composition: most of a Japanese text,
 * which can then skip utf8proc_map (a character followed by one of the others, such as a
 * combining mark, still goes through it).
 */
static int
nfkc_inert(int32_t c)
{
	return (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t' || c == 0x3001 || c == 0x3002 ||
	       (c >= 0x300C && c <= 0x300F) || (c >= 0x3041 && c <= 0x3096) ||
	       (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || (c >= 0x4E00 && c <= 0x9FFF);
}

/*
 * The code point at s in *cp and its length, with avail bytes there; an invalid byte stands
 * alone, as U+FFFD.
 */
static size_t
char_at(const char *s, ptrdiff_t avail, int32_t *cp)
{
	size_t k = utf8_decode(s, (size_t)avail, cp);
	return k ? k : 1;
}

/* NFKC of s..end through utf8proc, folded, onto b. */
static void
put_nfkc(struct buf *b, const char *s, const char *end)
{
	utf8proc_uint8_t *nfkc = NULL;
	utf8proc_ssize_t n, k;
	utf8proc_int32_t cp;
	const utf8proc_uint8_t *q;
	n = utf8proc_map((const utf8proc_uint8_t *)s, end - s, &nfkc,
		UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
	for (q = nfkc; n > 0; q += k, n -= k) {
		if ((k = utf8proc_iterate(q, n, &cp)) <= 0)
			break;
		put_folded(b, cp);
	}
	free(nfkc); /* not UTF-8 (n < 0): sources are checked when read, so a caller's bug */
}

char *
fold_search(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	const char *p = s, *end = s + len, *q, *same = s; /* same..p: copied as it is */
	int32_t cp, next = 0;
	size_t k, kn = 0;

	buf_reserve(&b, len + 1); /* NFKC rarely lengthens Japanese text */
	if (p < end)
		kn = char_at(p, end - p, &next);
	while (p < end) {
		cp = next;
		k = kn;
		kn = p + k < end ? char_at(p + k, end - p - k, &next) : 0;
		if (nfkc_inert(cp) && (!kn || nfkc_inert(next))) {
			if ((cp >= 'A' && cp <= 'Z') || (cp >= 0x30A1 && cp <= 0x30F6)) {
				buf_put(&b, same, (size_t)(p - same));
				put_folded(&b, cp);
				same = p + k;
			}
			p += k; /* kanji, hiragana, punctuation: as they are */
			continue;
		}
		/* Up to a character that neither changes nor meets a combining one. */
		buf_put(&b, same, (size_t)(p - same));
		for (q = p + k; q < end; q += k) {
			k = char_at(q, end - q, &cp);
			kn = q + k < end ? char_at(q + k, end - q - k, &next) : 0;
			if (nfkc_inert(cp) && (!kn || nfkc_inert(next)))
				break;
		}
		put_nfkc(&b, p, q);
		same = p = q;
		if (p < end)
			kn = char_at(p, end - p, &next);
	}
	buf_put(&b, same, (size_t)(p - same));
	return buf_detach(&b);
}

/* Decompose cp for NFKC into d (room for 32); returns how many code points. */
static utf8proc_ssize_t
decompose(utf8proc_int32_t cp, utf8proc_int32_t *d)
{
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 32, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT,
		NULL);
	if (n < 1 || n > 32) {
		d[0] = cp;
		n = 1;
	}
	return n;
}

/*
 * Whether NFKC leaves the character alone when no mark follows it, and it is no mark itself:
 * most characters of a text, which then skip decomposition. Known answers for the BMP are
 * kept (0: not known yet, 1: yes, 2: no).
 */
static int
stable(utf8proc_int32_t cp)
{
	static atomic_uchar known[0x10000]; /* filled by the threads that render pages */
	utf8proc_int32_t d[32];
	utf8proc_ssize_t n;
	if (cp < 0x80)
		return 1;
	if (cp < 0x10000 && (n = atomic_load_explicit(&known[cp], memory_order_relaxed)))
		return n == 1;
	n = decompose(cp, d);
	if (n > 1)
		n = utf8proc_normalize_utf32(d, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	n = n == 1 && d[0] == cp && utf8proc_get_property(cp)->combining_class == 0;
	if (cp < 0x10000)
		atomic_store_explicit(&known[cp], n ? 1 : 2, memory_order_relaxed);
	return (int)n;
}

/*
 * Append the pending source character (a starter and the marks after it; decomposed unless
 * nm->raw) in matching form, standing for source offset src.
 */
static void
norm_flush(struct fold_map *nm, size_t src)
{
	utf8proc_int32_t *c = nm->cps;
	utf8proc_ssize_t n = (utf8proc_ssize_t)nm->ncps, i, j;
	size_t at = nm->out.len, end;

	if (n > 1) {
		/* Canonical order: marks sorted by combining class, stably. */
		for (i = 1; i < n; i++) {
			for (j = i; j > 0; j--) {
				int a = utf8proc_get_property(c[j - 1])->combining_class;
				int b = utf8proc_get_property(c[j])->combining_class;
				utf8proc_int32_t tmp;
				if (!b || a <= b)
					break;
				tmp = c[j];
				c[j] = c[j - 1];
				c[j - 1] = tmp;
			}
		}
		n = utf8proc_normalize_utf32(c, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	}
	buf_reserve(&nm->out, (size_t)n * 4 + 1);
	for (i = 0; i < n; i++)
		nm->out.len += (size_t)utf8proc_encode_char(fold_case(c[i]),
			(utf8proc_uint8_t *)nm->out.data + nm->out.len);
	nm->out.data[nm->out.len] = '\0';
	end = nm->out.len;
	nm->src_at = xgrow(nm->src_at, &nm->cap, end + 1, sizeof *nm->src_at);
	nm->src_at[at] = src;
	while (++at < end)
		nm->src_at[at] = FOLD_INSIDE;
	nm->ncps = 0;
	nm->raw = 0;
}

static void
norm_push(struct fold_map *nm, const utf8proc_int32_t *d, size_t n)
{
	nm->cps = xgrow(nm->cps, &nm->capcps, nm->ncps + n, sizeof *nm->cps);
	memcpy(nm->cps + nm->ncps, d, n * sizeof *d);
	nm->ncps += n;
}

/*
 * One source character (a starter with the marks that follow it) at a time, so that every
 * match maps back to whole source characters.
 */
void
fold_map_text(struct fold_map *nm, const char *s, size_t len)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	size_t i = 0, start = 0;
	buf_clear(&nm->out);
	buf_reserve(&nm->out, len + 1);
	nm->ncps = 0;
	nm->raw = 0;
	while (i < len) {
		utf8proc_int32_t d[32], cp = u[i];
		utf8proc_ssize_t k = 1, nd;
		if (cp >= 0x80 && (k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp)) < 0) {
			k = 1;
			cp = 0xFFFD;
		}
		if (stable(cp)) {
			if (nm->ncps)
				norm_flush(nm, start);
			start = i;
			norm_push(nm, &cp, 1);
			nm->raw = 1;
		} else {
			nd = decompose(cp, d);
			if (nm->ncps && utf8proc_get_property(d[0])->combining_class == 0)
				norm_flush(nm, start);
			if (!nm->ncps)
				start = i;
			if (nm->raw) {
				/* A mark after a starter kept whole: decompose the starter after all. */
				utf8proc_int32_t first[32];
				size_t nf = (size_t)decompose(nm->cps[0], first);
				nm->ncps = 0;
				norm_push(nm, first, nf);
				nm->raw = 0;
			}
			norm_push(nm, d, (size_t)nd);
		}
		i += (size_t)k;
	}
	if (nm->ncps)
		norm_flush(nm, start);
	nm->src_at = xgrow(nm->src_at, &nm->cap, nm->out.len + 1, sizeof *nm->src_at);
	nm->src_at[nm->out.len] = len;
}

void
fold_map_free(struct fold_map *nm)
{
	buf_free(&nm->out);
	free(nm->src_at);
	free(nm->cps);
}

char *
fold_term(const char *s)
{
	struct fold_map nm;
	char *r;
	memset(&nm, 0, sizeof nm);
	fold_map_text(&nm, s, strlen(s));
	r = xstrdup(buf_cstr(&nm.out));
	fold_map_free(&nm);
	return r;
}
