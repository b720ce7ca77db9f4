/*
 * search: the site's full-text search index, built while the pages render and written as
 * classic scripts that the theme's search.js loads with <script> tags from file:// (no fetch,
 * no Worker): a manifest, assets/search-index.js, loaded when the search box is first used,
 * and shards under assets/search/, of which a query loads only those its tokens and the
 * results it shows need. On a course of 10,000 lessons the whole index is some 80 MB; the
 * first query loads the manifest (under 1 MB) and a few shards.
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
 * match), its number of positions, the start of its text for snippets (64 characters,
 * whitespace runs made single spaces, then an ellipsis when the text goes on) and the rest of
 * that text, for a snippet around a match that the start does not show; per token, its
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
 * Headings, snippets and the rest of the text are coded: "chars" lists their characters, most frequent first, and
 * the character of rank r is written with the printable ASCII characters other than '"' and
 * '\\' (93 symbols, valued 0-92 in byte order): r < ones as symbol r; then, r - ones < (92 -
 * ones) * 93 as symbols ones + (r - ones) / 93 and (r - ones) % 93; beyond, symbol 92 and the
 * remainder in two symbols.
 *
 * The manifest holds what ranking needs for every section, and where everything else is:
 *
 *     window.KENSHU_SEARCH = {"v": 3, "text": BYTES_OF_TEXT_INDEXED, "ones": N, "chars": "...",
 *       "s": "...",             per section in position order, two numbers: head_positions * 2
 *                               + 1 if it is its document's first, then positions; each number
 *                               in base64url characters of 5 bits, low bits first, 32 added
 *                               to every character but a number's last
 *       "t": [key, ...],        the first token of each token shard
 *       "d": [doc, ...],        the first document of each text shard
 *       "b": [doc, ...]};       the first document of each body shard
 *
 * Token shard i, assets/search/tI.js, holds the tokens from t[i] up to t[i + 1] (byte order,
 * which is code point order), so a token and every token it is a prefix of are found from
 * the first keys alone; text shard i, assets/search/dI.js, holds documents d[i] up to
 * d[i + 1], each with its sections in order, and body shard i, assets/search/bI.js, the
 * same for documents b[i] up to b[i + 1]:
 *
 *     KENSHU_SEARCH_SHARD("tI", {token: positions, ...});
 *     KENSHU_SEARCH_SHARD("dI", [[title, href, anchor, heading, snippet, anchor, heading,
 *       snippet, ...], ...]);   anchor "" links to the document, 0 when it equals the heading
 *     KENSHU_SEARCH_SHARD("bI", [[rest, rest, ...], ...]);   per section, "" when none
 *
 * A shard is cut at the first token or document past 64 KiB (tokens), 32 KiB (text) or 16 KiB
 * (bodies: one is loaded for each result shown whose snippet misses the query's words), so
 * the files and their names depend only on what was indexed, in the order it was added.
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
 * Index a page: its title, summary and objectives, then its text (plain, one line per block:
 * what rendering gave, or what its module gave it) cut into sections at the lines of its
 * headings, each linked as out#id. A page of entries, a PAGE_EXTRA page whose module gave it
 * text and headings without Markdown (the glossary: a heading per term), gives a document
 * per heading instead, so each entry is a result of its own. A page without text (plain
 * NULL: a quiz) gets its title and summary.
 */
void search_add_page(struct search_index *ix, const struct page *pg, const char *plain);

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

/* Where the site keeps the index: the manifest, and the folder of the shards. */
#define SEARCH_INDEX "assets/search-index.js"
#define SEARCH_SHARDS "assets/search/"

/* One file of the index: its path in the site, and len bytes of script. */
struct search_file {
	char *path;
	char *data;
	size_t len;
};

/*
 * The index as files (see above), the manifest first: sets *files to an array of them and
 * returns how many. With threads > 1, the text shards are made on a second thread while this
 * one makes the token shards; the files are the same. The caller owns the array, every path
 * and every data (it may hand a data on and set it NULL); search_files_free frees what is
 * left.
 */
size_t search_files(const struct search_index *ix, int threads, struct search_file **files);
void search_files_free(struct search_file *files, size_t n);

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
