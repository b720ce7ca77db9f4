#include "search.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "content.h"
#include "fold.h"
#include "json.h"
#include "theme.h"
#include "utf8.h"
#include "util.h"

/* Characters of text kept per section for snippets: enough for a line of results. */
#define SNIPPET_CHARS 64

/* Rice codes: quotients from ESCAPE on are written as ESCAPE ones and an Exp-Golomb code. */
#define ESCAPE 16

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

struct term {
	size_t len;
	uint32_t hash;
	/*
	 * Its positions, ascending, as the gaps put_postings codes (the first position, then
	 * each one's distance past the one before), each a LEB128 varint: mostly one byte where
	 * an array of positions takes four, at 10,000 lessons about 100 MB less.
	 */
	unsigned char *gaps;
	size_t n, bytes, cap;
	uint32_t last; /* the last position */
	char key[]; /* len bytes and a NUL: beside the rest, one allocation and one cache miss */
};

struct doc {
	char *title, *href;
};

struct section {
	size_t doc;
	char *anchor, *heading; /* "" for a document's first section */
	unsigned head_len, len;
	char *snippet;
	char *rest; /* the text after the snippet, "" for none: snippets around a later match */
};

struct slot {
	uint32_t hash;
	struct term *term;
};

struct search_index {
	struct slot *table; /* open addressing by hash, for the one lookup per token */
	size_t tablecap;
	struct term **tv; /* in order of first sight */
	size_t nterms, capterms;
	struct doc *docs;
	size_t ndocs, capdocs;
	struct section *secs;
	size_t nsecs, capsecs;
	uint32_t next; /* first position of the next section */
	struct page *results; /* search.html, left out of the index */
	unsigned long long text_bytes;
};

struct search_index *
search_new(void)
{
	return xcalloc(1, sizeof(struct search_index));
}

void
search_free(struct search_index *ix)
{
	size_t i;
	if (!ix)
		return;
	for (i = 0; i < ix->nterms; i++) {
		free(ix->tv[i]->gaps);
		free(ix->tv[i]);
	}
	free(ix->tv);
	free(ix->table);
	for (i = 0; i < ix->ndocs; i++) {
		free(ix->docs[i].title);
		free(ix->docs[i].href);
	}
	free(ix->docs);
	for (i = 0; i < ix->nsecs; i++) {
		free(ix->secs[i].anchor);
		free(ix->secs[i].heading);
		free(ix->secs[i].snippet);
		free(ix->secs[i].rest);
	}
	free(ix->secs);
	free(ix);
}

struct page *
search_results_page(struct search_index *ix, struct project *p, const struct theme *t)
{
	ix->results = content_add_extra(p, "search", theme_string(t, "search_results"),
		"search.html", NULL);
	return ix->results;
}

/* The code point at s (up to a NUL) in *cp and its length; an invalid byte stands alone. */
static size_t
next_char(const char *s, int32_t *cp)
{
	size_t k = utf8_decode(s, SIZE_MAX, cp);
	return k ? k : 1;
}

/* Kanji, kana and Hangul: the scripts written without spaces, cut into bigrams. */
static int
is_cjk(int32_t c)
{
	return (c >= 0x3005 && c <= 0x3007) || (c >= 0x3041 && c <= 0x3096) ||
	       (c >= 0x309D && c <= 0x309F) || (c >= 0x30A1 && c <= 0x30FA) ||
	       (c >= 0x30FC && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
	       (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x20000 && c <= 0x3FFFF);
}

/* Letters, digits and marks outside CJK: the characters of words. */
static int
is_word(int32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

unsigned
search_tokenize(const char *norm, unsigned pos, search_token_fn fn, void *ud)
{
	const char *s = norm, *start;
	int32_t cp, next;
	size_t k, kn;

	while (*s) {
		k = next_char(s, &cp);
		if (is_cjk(cp)) {
			/* One position per character: its bigram, or itself at the run's end. */
			for (;;) {
				kn = s[k] ? next_char(s + k, &next) : 0;
				if (kn && is_cjk(next)) {
					fn(ud, s, k + kn, pos++);
					s += k;
					k = kn;
				} else {
					fn(ud, s, k, pos++);
					s += k;
					break;
				}
			}
		} else if (is_word(cp)) {
			start = s;
			for (s += k; *s; s += k) {
				k = next_char(s, &next);
				if (is_cjk(next) || !is_word(next))
					break;
			}
			fn(ud, start, (size_t)(s - start), pos++);
		} else {
			if (cp == '\n')
				pos++;
			s += k;
		}
	}
	return pos;
}

/* Bits written as base64 characters into room already made (see put_postings). */
struct bits {
	char *out;
	unsigned long long acc; /* bits not yet written, fewer than 6 */
	int n;
};

/* Append the n low bits of v (n <= 64), most significant first. */
static void
put_bits(struct bits *w, unsigned long long v, int n)
{
	if (n > 32) {
		put_bits(w, v >> 32, n - 32);
		n = 32;
	}
	w->acc = (w->acc << n) | (v & ((1ull << n) - 1));
	for (w->n += n; w->n >= 6; w->n -= 6)
		*w->out++ = b64[(w->acc >> (w->n - 6)) & 63];
	w->acc &= (1ull << w->n) - 1;
}

static int
log2_floor(unsigned long long v)
{
	int n = 0;
	while (v >>= 1)
		n++;
	return n;
}

/* Exp-Golomb code of v >= 0: as many zeros as v + 1 has bits after its first, then v + 1. */
static void
put_gamma(struct bits *w, unsigned long long v)
{
	int n = log2_floor(v + 1);
	put_bits(w, 0, n);
	put_bits(w, v + 1, n + 1);
}

static unsigned long long
rice_len(unsigned long long d, int k)
{
	unsigned long long q = d >> k;
	return q < ESCAPE ? q + 1 + (unsigned)k
			  : ESCAPE + 2 * (unsigned)log2_floor(q - ESCAPE + 1) + 1 + (unsigned)k;
}

/* Rice code of d with parameter k: q = d >> k in unary (ones, then a zero), then k bits. */
static void
put_rice(struct bits *w, unsigned long long d, int k)
{
	unsigned long long q = d >> k, low = d & ((1ull << k) - 1);
	if (q < ESCAPE) { /* at most 16 + 31 bits: one call */
		put_bits(w, (((1ull << q) - 1) << 1) << k | low, (int)q + 1 + k);
	} else {
		put_bits(w, (1ull << ESCAPE) - 1, ESCAPE);
		put_gamma(w, q - ESCAPE);
		put_bits(w, low, k);
	}
}

/* The next gap of a term's postings, from *p (advanced past it). */
static uint32_t
next_gap(const unsigned char **p)
{
	uint32_t d = 0;
	int shift = 0;
	do
		d |= (uint32_t)(**p & 0x7F) << shift, shift += 7;
	while (*(*p)++ & 0x80);
	return d;
}

/* Rice parameters tried for a term: around log2 of its mean gap, where the best one lies. */
#define TRIES 4

/* A token's postings: k, then the count and the gaps between positions, Rice-coded with k. */
static void
put_postings(struct buf *out, const struct term *t)
{
	struct bits w = {NULL, 0, 0};
	const unsigned char *p, *end = t->gaps + t->bytes;
	unsigned long long cost[TRIES] = {0}, bits;
	int j, k0, mean, tries, bestk;
	uint32_t d;
	mean = log2_floor((unsigned long long)t->last / t->n + 1);
	k0 = mean > 2 ? mean - 2 : 0; /* k0 .. mean + 1, below 32 */
	tries = (mean + 1 < 31 ? mean + 1 : 31) - k0 + 1;
	for (p = t->gaps; p < end;)
		for (d = next_gap(&p), j = 0; j < tries; j++)
			cost[j] += rice_len(d, k0 + j);
	for (bestk = k0, j = 1; j < tries; j++)
		if (cost[j] < cost[bestk - k0])
			bestk = k0 + j;
	/* k's character, the count's code, the gaps' codes and padding to whole characters */
	bits = 2 * (unsigned)log2_floor(t->n) + 1 + cost[bestk - k0];
	buf_reserve(out, 1 + (size_t)(bits + 5) / 6);
	out->data[out->len++] = b64[bestk];
	w.out = out->data + out->len;
	put_gamma(&w, t->n - 1);
	for (p = t->gaps; p < end;)
		put_rice(&w, next_gap(&p), bestk);
	if (w.n)
		put_bits(&w, 0, 6 - w.n);
	out->len = (size_t)(w.out - out->data);
	out->data[out->len] = '\0';
}

struct bitreader {
	const char *s;
	unsigned acc;
	int n;
	int bad;
};

static unsigned
get_bit(struct bitreader *r)
{
	const char *c;
	if (!r->n) {
		if (!*r->s || !(c = strchr(b64, *r->s))) {
			r->bad = 1;
			return 0;
		}
		r->acc = (unsigned)(c - b64);
		r->n = 6;
		r->s++;
	}
	return (r->acc >> --r->n) & 1;
}

static unsigned long long
get_bits(struct bitreader *r, int n)
{
	unsigned long long v = 0;
	while (n-- > 0 && !r->bad)
		v = (v << 1) | get_bit(r);
	return v;
}

static unsigned long long
get_gamma(struct bitreader *r)
{
	int n = 0;
	while (!r->bad && !get_bit(r))
		n++;
	if (n > 62)
		r->bad = 1;
	return ((1ull << n) | get_bits(r, n)) - 1;
}

size_t
search_decode(const char *s, unsigned long *out, size_t max)
{
	struct bitreader r = {s + 1, 0, 0, 0};
	const char *c = *s ? strchr(b64, *s) : NULL;
	unsigned long long n, i, q, pos = 0;
	int k;
	if (!c)
		return 0;
	k = (int)(c - b64);
	n = get_gamma(&r) + 1;
	for (i = 0; i < n && !r.bad; i++) {
		for (q = 0; q < ESCAPE && get_bit(&r); q++)
			;
		if (q == ESCAPE)
			q += get_gamma(&r);
		pos += ((q << k) | get_bits(&r, k)) + (i ? 1 : 0);
		if (i < max)
			out[i] = (unsigned long)pos;
	}
	return r.bad ? 0 : (size_t)n;
}

/* The term for key (n bytes), added when new. */
static struct term *
term_for(struct search_index *ix, const char *key, size_t n)
{
	uint32_t h = (uint32_t)hash_bytes(key, n);
	size_t i, mask = ix->tablecap - 1;
	struct term *t;
	if ((ix->nterms + 1) * 2 > ix->tablecap) {
		size_t cap = ix->tablecap ? ix->tablecap * 2 : 1024;
		free(ix->table);
		ix->table = xcalloc(cap, sizeof *ix->table);
		ix->tablecap = cap;
		mask = cap - 1;
		for (i = 0; i < ix->nterms; i++) {
			size_t j = ix->tv[i]->hash & mask;
			while (ix->table[j].term)
				j = (j + 1) & mask;
			ix->table[j].hash = ix->tv[i]->hash;
			ix->table[j].term = ix->tv[i];
		}
	}
	for (i = h & mask; (t = ix->table[i].term); i = (i + 1) & mask)
		if (ix->table[i].hash == h && t->len == n && !memcmp(t->key, key, n))
			return t;
	t = xcalloc(1, sizeof *t + n + 1);
	memcpy(t->key, key, n);
	t->len = n;
	t->hash = h;
	ix->table[i].hash = h;
	ix->table[i].term = t;
	ix->tv = xgrow(ix->tv, &ix->capterms, ix->nterms + 1, sizeof *ix->tv);
	ix->tv[ix->nterms++] = t;
	return t;
}

static void
collect(void *ud, const char *tok, size_t len, unsigned pos)
{
	struct search_index *ix = ud;
	struct term *t;
	uint32_t d;
	if (len > 127) { /* a word this long is no one's query: cut, whole characters */
		len = 127;
		while (len && ((unsigned char)tok[len] & 0xC0) == 0x80)
			len--;
	}
	t = term_for(ix, tok, len);
	d = t->n ? pos - t->last - 1 : pos;
	t->gaps = xgrow(t->gaps, &t->cap, t->bytes + 5, 1);
	do {
		t->gaps[t->bytes++] = (unsigned char)((d & 0x7F) | (d > 0x7F ? 0x80 : 0));
		d >>= 7;
	} while (d);
	t->last = pos;
	t->n++;
}

/*
 * Text with whitespace runs made single spaces, cut after SNIPPET_CHARS characters: the
 * snippet, with an ellipsis when text goes on, and in *rest what follows ("" for nothing),
 * so that the snippet without its ellipsis and the rest are the whole text again.
 */
static char *
snippet(const char *text, char **rest)
{
	static const char white[] = " \n\t";
	struct buf b = BUF_INIT, r = BUF_INIT;
	size_t n = 0, k;
	int32_t cp;
	int space = 0;
	/* The snippet, a character at a time; its last one may follow a space past the count. */
	for (; text && *text && n < SNIPPET_CHARS; text += k) {
		k = next_char(text, &cp);
		if (cp == ' ' || cp == '\n' || cp == '\t') {
			space = b.len > 0;
			continue;
		}
		if (space) {
			buf_putc(&b, ' ');
			n++;
			space = 0;
		}
		buf_put(&b, text, k);
		n++;
	}
	/* The rest, uncounted: runs of other bytes as they are, a space for each whitespace run. */
	while (text && *text) {
		k = strspn(text, white);
		text += k;
		if (!*text)
			break;
		if (k)
			buf_putc(&r, ' ');
		k = strcspn(text, white);
		buf_put(&r, text, k);
		text += k;
	}
	if (r.len)
		buf_puts(&b, "\xE2\x80\xA6"); /* … */
	*rest = buf_detach(&r);
	return buf_detach(&b);
}

static void
add_section(struct search_index *ix, const char *head, const char *heading, const char *anchor,
	const char *text)
{
	struct section *s;
	char *norm;
	unsigned pos;
	ix->secs = xgrow(ix->secs, &ix->capsecs, ix->nsecs + 1, sizeof *ix->secs);
	s = &ix->secs[ix->nsecs];
	s->doc = ix->ndocs - 1;
	s->anchor = xstrdup(anchor ? anchor : "");
	s->heading = xstrdup(heading ? heading : "");
	s->snippet = snippet(text, &s->rest);
	/* Positions run on through the whole index; a gap after the head and after the text. */
	norm = fold_search(head, strlen(head));
	pos = search_tokenize(norm, ix->next, collect, ix);
	free(norm);
	s->head_len = pos - ix->next;
	if (text && *text) {
		norm = fold_search(text, strlen(text));
		pos = search_tokenize(norm, pos + 1, collect, ix);
		free(norm);
	}
	s->len = pos + 1 - ix->next;
	ix->next = pos + 1;
	ix->text_bytes += strlen(head) + (text ? strlen(text) : 0);
	ix->nsecs++;
}

void
search_add(struct search_index *ix, const char *title, const char *href, const char *text)
{
	struct doc *d;
	ix->docs = xgrow(ix->docs, &ix->capdocs, ix->ndocs + 1, sizeof *ix->docs);
	d = &ix->docs[ix->ndocs++];
	d->title = xstrdup(title ? title : "");
	d->href = xstrdup(href ? href : "");
	add_section(ix, d->title, NULL, NULL, text);
}

void
search_add_section(struct search_index *ix, const char *heading, const char *anchor,
	const char *text)
{
	if (!ix->ndocs) /* a section needs a document to belong to */
		return;
	add_section(ix, heading ? heading : "", heading, anchor, text);
}

/* The length of the line at s, or 0 when it is not heading h's text. */
static size_t
heading_line(const char *s, const char *h)
{
	size_t n = strcspn(s, "\n");
	return strlen(h) == n && !memcmp(s, h, n) ? n : 0;
}

void
search_add_page(struct search_index *ix, const struct page *pg, const char *plain)
{
	struct buf intro = BUF_INIT, body = BUF_INIT;
	const char *s = plain, *line;
	size_t i, h = 0;
	/* A page of entries (the glossary): its text and headings come from its module. */
	int entries = pg->kind == PAGE_EXTRA && !pg->body;

	if (pg == ix->results)
		return;
	if (pg->summary) {
		buf_puts(&intro, pg->summary);
		buf_putc(&intro, '\n');
	}
	for (i = 0; i < pg->nobjectives; i++) {
		buf_puts(&intro, pg->objectives[i]);
		buf_putc(&intro, '\n');
	}
	/* The body's lines up to the first heading's line go with the title. */
	while (s && *s && !(h < pg->nheadings && heading_line(s, pg->headings[h].text))) {
		line = s;
		s += strcspn(s, "\n");
		s += *s == '\n';
		buf_put(&intro, line, (size_t)(s - line));
	}
	search_add(ix, pg->title, pg->out, buf_cstr(&intro));
	/* Then a section per heading: its line, then the lines up to the next heading's. */
	while (s && *s && h < pg->nheadings) {
		const struct heading *hd = &pg->headings[h++];
		s += heading_line(s, hd->text);
		s += *s == '\n';
		buf_clear(&body);
		while (*s && !(h < pg->nheadings && heading_line(s, pg->headings[h].text))) {
			line = s;
			s += strcspn(s, "\n");
			s += *s == '\n';
			buf_put(&body, line, (size_t)(s - line));
		}
		if (entries) {
			char *href = xasprintf("%s#%s", pg->out, hd->id);
			search_add(ix, hd->text, href, buf_cstr(&body));
			free(href);
		} else {
			search_add_section(ix, hd->text, hd->id, buf_cstr(&body));
		}
	}
	buf_free(&intro);
	buf_free(&body);
}

static void
put_json(struct buf *b, const char *s)
{
	json_put_string(b, s, strlen(s));
}

/*
 * Headings and snippets are written in a compact code: every character of them, ranked by
 * how often it occurs, is written as one of the 93 printable ASCII characters other than '"'
 * and '\\' (the most frequent ones), two, or three (see search.h).
 */
#define SYMBOLS 93

struct codec {
	uint32_t *rank; /* by code point: rank + 1, 0 for a character not used */
	int32_t *by_rank;
	size_t n;
	size_t ones; /* how many ranks have a one-character code */
};

#define CODEPOINTS 0x110000

struct cp_count {
	int32_t cp;
	uint32_t n;
};

static int
count_cmp(const void *a, const void *b)
{
	const struct cp_count *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static void
codec_count(uint32_t *counts, const char *s)
{
	int32_t cp;
	while (*s) {
		s += next_char(s, &cp);
		counts[cp]++;
	}
}

static void
codec_build(struct codec *c, const struct search_index *ix)
{
	uint32_t *counts = xcalloc(CODEPOINTS, sizeof *counts);
	struct cp_count *used;
	size_t i;
	int32_t cp;
	memset(c, 0, sizeof *c);
	for (i = 0; i < ix->nsecs; i++) {
		codec_count(counts, ix->secs[i].heading);
		codec_count(counts, ix->secs[i].snippet);
		codec_count(counts, ix->secs[i].rest);
	}
	for (cp = 0; cp < CODEPOINTS; cp++)
		c->n += counts[cp] > 0;
	used = xcalloc(c->n, sizeof *used);
	for (i = 0, cp = 0; cp < CODEPOINTS; cp++)
		if (counts[cp]) {
			used[i].cp = cp;
			used[i++].n = counts[cp];
		}
	qsort(used, c->n, sizeof *used, count_cmp);
	/* counts becomes the rank table. */
	memset(counts, 0, CODEPOINTS * sizeof *counts);
	c->by_rank = xcalloc(c->n, sizeof *c->by_rank);
	for (i = 0; i < c->n; i++) {
		c->by_rank[i] = used[i].cp;
		counts[used[i].cp] = (uint32_t)i + 1;
	}
	c->rank = counts;
	free(used);
	/* As many one-character codes as leave enough two-character ones for the rest. */
	for (c->ones = SYMBOLS - 1; c->ones > 0; c->ones--)
		if (c->ones + (SYMBOLS - 1 - c->ones) * SYMBOLS >= c->n)
			break;
}

static void
codec_free(struct codec *c)
{
	free(c->rank);
	free(c->by_rank);
}

static char
symbol(size_t v)
{
	int ch = 0x20 + (int)v;
	ch += ch >= '"';
	ch += ch >= '\\';
	return (char)ch;
}

static void
put_coded(struct buf *b, const struct codec *c, const char *s)
{
	size_t two = (SYMBOLS - 1 - c->ones) * SYMBOLS, r, n = strlen(s);
	int32_t cp;
	char *out;
	/* At most three symbols a character, and a character takes at least one byte. */
	buf_reserve(b, 3 * n + 2);
	out = b->data + b->len;
	*out++ = '"';
	while (*s) {
		s += next_char(s, &cp);
		r = c->rank[cp] - 1;
		if (r < c->ones) {
			*out++ = symbol(r);
		} else if ((r -= c->ones) < two) {
			*out++ = symbol(c->ones + r / SYMBOLS);
			*out++ = symbol(r % SYMBOLS);
		} else if ((r -= two) < (size_t)SYMBOLS * SYMBOLS) {
			*out++ = symbol(SYMBOLS - 1);
			*out++ = symbol(r / SYMBOLS);
			*out++ = symbol(r % SYMBOLS);
		} /* else: beyond 17,000 distinct characters; left out of the snippet */
	}
	*out++ = '"';
	b->len = (size_t)(out - b->data);
	b->data[b->len] = '\0';
}

/* A term to sort, with its key's first 8 bytes as a number that sorts as they do. */
struct sort_key {
	uint64_t head;
	struct term *t;
};

static int
sort_key_cmp(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;
	if (x->head != y->head)
		return x->head < y->head ? -1 : 1;
	return strcmp(x->t->key, y->t->key);
}

/* The terms in the order of their keys (as strcmp has it); the caller frees the array. */
static struct sort_key *
sort_terms(const struct search_index *ix)
{
	struct sort_key *v = xcalloc(ix->nterms, sizeof *v);
	size_t i, j;
	for (i = 0; i < ix->nterms; i++) {
		const unsigned char *k = (const unsigned char *)ix->tv[i]->key;
		/* a shorter key is padded with zeros, and so comes first, as in strcmp */
		for (j = 0; j < 8 && k[j]; j++)
			v[i].head |= (uint64_t)k[j] << (56 - 8 * j);
		v[i].t = ix->tv[i];
	}
	qsort(v, ix->nterms, sizeof *v, sort_key_cmp);
	return v;
}

/*
 * A shard is cut once it holds this many bytes: a query loads one token shard per token
 * (more for a prefix), and a text shard per result shown, so small shards keep the first
 * query small; larger ones would mean fewer files.
 */
#define TOKEN_SHARD_BYTES (64 * 1024)
#define TEXT_SHARD_BYTES (32 * 1024)
/*
 * The rest of a section's text is loaded only for a result whose snippet misses the words
 * searched for: at most one body shard per result shown, so these are smaller still.
 */
#define BODY_SHARD_BYTES (16 * 1024)

struct files {
	struct search_file *v;
	size_t n, cap;
};

/* A shard's script opens by naming itself: search.js learns which shard has arrived. */
static void
shard_begin(struct buf *b, char kind, size_t i)
{
	buf_printf(b, "KENSHU_SEARCH_SHARD(\"%c%zu\",", kind, i);
}

/* The shard in b closed and added to f as SEARCH_SHARDS kind i ".js"; b is left empty. */
static void
shard_end(struct files *f, struct buf *b, char kind, size_t i, const char *close)
{
	struct search_file *sf;
	buf_puts(b, close);
	f->v = xgrow(f->v, &f->cap, f->n + 1, sizeof *f->v);
	sf = &f->v[f->n++];
	sf->path = xasprintf(SEARCH_SHARDS "%c%zu.js", kind, i);
	sf->len = b->len;
	sf->data = buf_detach(b);
}

/* A number of the manifest's section table: 5 bits a character, low bits first. */
static void
put_varint(struct buf *b, unsigned long v)
{
	do {
		buf_putc(b, b64[(v & 31) | (v > 31 ? 32 : 0)]);
		v >>= 5;
	} while (v);
}

/* The token shards, sorted terms cut by size; the first key of each onto keys (JSON). */
static void
put_token_shards(struct files *f, const struct search_index *ix, struct buf *keys)
{
	struct sort_key *sorted = sort_terms(ix);
	struct buf b = BUF_INIT;
	size_t i, shard = 0;
	for (i = 0; i < ix->nterms; i++) {
		if (b.len >= TOKEN_SHARD_BYTES)
			shard_end(f, &b, 't', shard++, "});\n");
		if (!b.len) {
			buf_puts(keys, shard ? "," : "");
			put_json(keys, sorted[i].t->key);
			shard_begin(&b, 't', shard);
			buf_putc(&b, '{');
		} else {
			buf_puts(&b, ",\n");
		}
		put_json(&b, sorted[i].t->key);
		buf_puts(&b, ":\"");
		put_postings(&b, sorted[i].t);
		buf_putc(&b, '"');
	}
	if (b.len)
		shard_end(f, &b, 't', shard, "});\n");
	free(sorted);
}

/*
 * The text shards: documents cut by size, each [title, href, then anchor, heading and
 * snippet per section]; the first document of each onto firsts (JSON).
 */
static void
put_text_shards(struct files *f, const struct search_index *ix, const struct codec *c,
	struct buf *firsts)
{
	struct buf b = BUF_INIT;
	size_t d, i = 0, shard = 0;
	for (d = 0; d < ix->ndocs; d++) {
		if (b.len >= TEXT_SHARD_BYTES)
			shard_end(f, &b, 'd', shard++, "]);\n");
		if (!b.len) {
			buf_printf(firsts, "%s%zu", shard ? "," : "", d);
			shard_begin(&b, 'd', shard);
			buf_putc(&b, '[');
		} else {
			buf_puts(&b, ",\n");
		}
		buf_putc(&b, '[');
		put_json(&b, ix->docs[d].title);
		buf_putc(&b, ',');
		put_json(&b, ix->docs[d].href);
		for (; i < ix->nsecs && ix->secs[i].doc == d; i++) {
			const struct section *s = &ix->secs[i];
			buf_putc(&b, ',');
			if (*s->anchor && !strcmp(s->anchor, s->heading))
				buf_putc(&b, '0'); /* most Japanese headings are their own id */
			else
				put_json(&b, s->anchor);
			buf_putc(&b, ',');
			put_coded(&b, c, s->heading);
			buf_putc(&b, ',');
			put_coded(&b, c, s->snippet);
		}
		buf_putc(&b, ']');
	}
	if (b.len)
		shard_end(f, &b, 'd', shard, "]);\n");
}

/*
 * The body shards: documents cut by size, each [the rest of each section's text after its
 * snippet]; the first document of each onto firsts (JSON).
 */
static void
put_body_shards(struct files *f, const struct search_index *ix, const struct codec *c,
	struct buf *firsts)
{
	struct buf b = BUF_INIT;
	size_t d, i = 0, shard = 0;
	int first;
	for (d = 0; d < ix->ndocs; d++) {
		if (b.len >= BODY_SHARD_BYTES)
			shard_end(f, &b, 'b', shard++, "]);\n");
		if (!b.len) {
			buf_printf(firsts, "%s%zu", shard ? "," : "", d);
			shard_begin(&b, 'b', shard);
			buf_putc(&b, '[');
		} else {
			buf_puts(&b, ",\n");
		}
		buf_putc(&b, '[');
		for (first = 1; i < ix->nsecs && ix->secs[i].doc == d; i++, first = 0) {
			if (!first)
				buf_putc(&b, ',');
			put_coded(&b, c, ix->secs[i].rest);
		}
		buf_putc(&b, ']');
	}
	if (b.len)
		shard_end(f, &b, 'b', shard, "]);\n");
}

/* The text and body shards and what the manifest needs of them, made on a thread of their own. */
struct text_part {
	const struct search_index *ix;
	struct codec c;
	struct files f;
	struct buf firsts, bodies;
};

static void *
text_part(void *ud)
{
	struct text_part *t = ud;
	codec_build(&t->c, t->ix);
	put_text_shards(&t->f, t->ix, &t->c, &t->firsts);
	put_body_shards(&t->f, t->ix, &t->c, &t->bodies);
	return NULL;
}

size_t
search_files(const struct search_index *ix, int threads, struct search_file **files)
{
	struct files f = {NULL, 0, 0};
	struct buf b = BUF_INIT, chars = BUF_INIT, keys = BUF_INIT;
	struct text_part text = {ix, {0}, {NULL, 0, 0}, BUF_INIT, BUF_INIT};
	struct search_file *manifest;
	pthread_t thread;
	int threaded;
	size_t i;

	/* The manifest comes first; its slot is filled once the shards are known. */
	f.v = xgrow(f.v, &f.cap, 1, sizeof *f.v);
	f.n = 1;
	/* The token and the text shards are apart: two threads, when one can be started. */
	threaded = threads > 1 && pthread_create(&thread, NULL, text_part, &text) == 0;
	put_token_shards(&f, ix, &keys);
	if (threaded)
		pthread_join(thread, NULL);
	else
		text_part(&text);
	f.v = xgrow(f.v, &f.cap, f.n + text.f.n, sizeof *f.v);
	memcpy(f.v + f.n, text.f.v, text.f.n * sizeof *f.v);
	f.n += text.f.n;
	free(text.f.v);
	for (i = 0; i < text.c.n; i++)
		utf8_put(&chars, text.c.by_rank[i]);
	buf_printf(&b, "window.KENSHU_SEARCH={\"v\":3,\"text\":%llu,\"ones\":%zu,\"chars\":",
		ix->text_bytes, text.c.ones);
	put_json(&b, buf_cstr(&chars));
	buf_puts(&b, ",\n\"s\":\"");
	for (i = 0; i < ix->nsecs; i++) {
		const struct section *s = &ix->secs[i];
		int first = !i || ix->secs[i - 1].doc != s->doc;
		put_varint(&b, (unsigned long)s->head_len << 1 | (unsigned long)first);
		put_varint(&b, s->len);
	}
	buf_puts(&b, "\",\n\"t\":[");
	buf_put(&b, keys.data, keys.len);
	buf_puts(&b, "],\n\"d\":[");
	buf_put(&b, text.firsts.data, text.firsts.len);
	buf_puts(&b, "],\n\"b\":[");
	buf_put(&b, text.bodies.data, text.bodies.len);
	buf_puts(&b, "]};\n");
	manifest = &f.v[0];
	manifest->path = xstrdup(SEARCH_INDEX);
	manifest->len = b.len;
	manifest->data = buf_detach(&b);
	codec_free(&text.c);
	buf_free(&chars);
	buf_free(&keys);
	buf_free(&text.firsts);
	buf_free(&text.bodies);
	*files = f.v;
	return f.n;
}

void
search_files_free(struct search_file *files, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(files[i].path);
		free(files[i].data);
	}
	free(files);
}
