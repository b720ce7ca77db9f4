/*
 * search: the site's full-text search index, built while the pages render and written as
 * assets/search-index.js, a classic script that assigns window.KENSHU_SEARCH, so that the
 * theme's search.js can load it with a <script> tag from file:// (no fetch, no Worker).
 *
 * Text is normalised as the browser normalises the query, by fold_search (fold.h): NFKC,
 * each code point lower-cased, katakana U+30A1-U+30F6 folded to hiragana (ー kept).
 * Then it is cut into tokens, each with a position: a run of CJK characters (kanji, kana,
 * Hangul) gives one position per character, holding the bigram that starts there, or the
 * character alone for the run's last one; a Latin or digit word takes one position. A
 * query's tokens must sit at the same distances in the text, so 東京都 does not match
 * 東京 ... 京都, and a one-character query finds every bigram that starts with it.
 *
 * A document is one search result (a page, or a glossary entry); it holds sections, each a
 * head (the document title for the first section, else a heading) and body text. Positions
 * run on through the whole index, section after section, with one left empty after each head
 * and each section so that no phrase spans two. The index keeps, per section, its anchor, its
 * heading, the number of positions of its head (a match there ranks as a title or heading
 * match), its number of positions, and the start of its text for snippets; per token, its
 * positions.
 *
 * A token's positions are a string of base64url characters ("A"-"Z", "a"-"z", "0"-"9", "-",
 * "_", 6 bits each, most significant first): the first character is the Rice parameter k;
 * then the bit stream holds the count minus one as an Exp-Golomb code (n zeros, then v + 1 in
 * n + 1 bits), and each gap (the first position, then each position minus the previous one
 * minus one) as a Rice code: q = gap >> k in unary (q ones and a zero; from 16 on, 16 ones
 * and the Exp-Golomb code of q - 16), then the k low bits. The stream ends with zero bits to
 * a whole character.
 *
 * Headings and snippets are coded: "chars" lists their characters, most frequent first, and
 * the character of rank r is written with the printable ASCII characters other than '"' and
 * '\\' (93 symbols, valued 0-92 in byte order): r < ones as symbol r; then, r - ones < (92 -
 * ones) * 93 as symbols ones + (r - ones) / 93 and (r - ones) % 93; beyond, symbol 92 and the
 * remainder in two symbols.
 *
 *     window.KENSHU_SEARCH = {"v": 1, "text": BYTES_OF_TEXT_INDEXED, "ones": N, "chars": "...",
 *       "d": [[title, href], ...],        documents, in the order added
 *       "s": [[doc, anchor, heading, head_positions, positions, snippet], ...],
 *                                         sections in position order; anchor "" links to
 *                                         the document, 0 when it equals the heading
 *       "t": {token: positions, ...}};    sorted by token (byte order)
 *
 * Ownership: search_new returns an index freed with search_free (accepts NULL); every string
 * given to it is copied.
 */
#ifndef KENSHU_SEARCH_H
#define KENSHU_SEARCH_H

#include <stddef.h>

struct page;
struct project;
struct theme;

struct search_index;

struct search_index *search_new(void);
void search_free(struct search_index *ix);

/*
 * Add the results page, search.html, to p (call before render_new, which builds the header
 * menu). search_add_page leaves that page out of the index.
 */
struct page *search_results_page(struct search_index *ix, struct project *p,
	const struct theme *t);

/*
 * Index a parsed page: its title, summary and objectives, then its text (pg->plain, one
 * line per block) cut into sections at the lines of its headings, each linked as out#id. A
 * page of entries, a PAGE_EXTRA page whose module set plain and headings without Markdown
 * (the glossary: a heading per term), gives a document per heading instead, so each entry
 * is a result of its own. A page without text (a quiz) gets its title and summary.
 */
void search_add_page(struct search_index *ix, const struct page *pg);

/*
 * For modules with searchable text of their own (a glossary entry, a quiz question): start a
 * document titled title, linked as href (relative to the site root, e.g.
 * "glossary.html#phishing"), whose first section holds text (NULL for none).
 * search_add_section then appends a section to the latest document: heading (its head),
 * anchor (the id it links to, NULL to link to the document itself) and text.
 */
void search_add(struct search_index *ix, const char *title, const char *href, const char *text);
void search_add_section(struct search_index *ix, const char *heading, const char *anchor,
	const char *text);

/* Where the site keeps the index. */
#define SEARCH_INDEX "assets/search-index.js"

/* The index as JavaScript (see above): malloc'd, *len bytes. */
char *search_js(const struct search_index *ix, size_t *len);

/*
 * Cut normalised text into tokens, calling fn for each with its position, counting from
 * pos; returns the position after the last one. A line break leaves one position empty, so
 * nothing matches across blocks.
 */
typedef void (*search_token_fn)(void *ud, const char *tok, size_t len, unsigned pos);
unsigned search_tokenize(const char *norm, unsigned pos, search_token_fn fn, void *ud);

/*
 * Decode a token's positions as written in the index: the first max of them go to out.
 * Returns how many there are, or 0 for a malformed string. For tests and tools.
 */
size_t search_decode(const char *s, unsigned long *out, size_t max);

#endif
