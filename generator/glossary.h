/*
 * glossary: content/glossary.yaml checked into terms, the glossary page, and the terms linked
 * in every page's running text. The file is optional: without it there are no term links
 * and no glossary page (and every [[term]] is an unknown term).
 *
 * Terms and aliases are matched in their NFKC form with Latin letters case-folded, so
 * full-width and half-width forms and Wi-Fi / wi-fi are the same. One Aho-Corasick automaton
 * over all of them finds every match in a text in one pass, so the cost per character does
 * not grow with the number of terms. The longest match wins, leftmost first; Japanese needs
 * no word boundaries, but a match that starts or ends with a Latin letter or digit never
 * touches another one (IP is not found in ZIP). site.yaml's glossary.link says whether only
 * the first occurrence of a term on a page is linked or all of them.
 *
 * A link leads to the term's entry on the glossary page; the page holding the link carries
 * the term's definition (hidden, shown by assets/glossary.js on hover, focus and tap). The
 * glossary page lists the entries in 五十音 order of their reading under kana-row headings,
 * then A-Z, then anything else, each with the pages that link to it.
 *
 * Use: glossary_load after content_load and theme_load (it adds the glossary page, which
 * must exist before render_new); glossary_attach once every page is md_parse'd, with the
 * options pages are rendered with. Pages are rendered on several threads: each thread links
 * terms through a reader of its own (glossary_reader_new), whose hook goes into the options
 * it renders with. After each page, the reader tells which terms the page linked, and
 * glossary_note_uses records them for the glossary page, in page order, on one thread; the
 * glossary page renders after every other page has been noted (it lists the pages that
 * linked each term).
 *
 * Ownership: glossary_load always sets *out to a glossary that glossary_free releases
 * (accepts NULL). The glossary borrows the project; the glossary page owns its data. A
 * reader borrows the glossary and is released by glossary_reader_free (accepts NULL).
 */
#ifndef KENSHU_GLOSSARY_H
#define KENSHU_GLOSSARY_H

#include "content.h"

struct glossary;
struct glossary_reader;
struct md_render_opts;
struct md_terms;
struct theme;
struct value;

/* Load and check content/glossary.yaml. -1 after reporting every problem found. */
int glossary_load(struct project *p, const struct theme *t, struct glossary **out);
/*
 * Render the definitions with o (links relative to content/, variables from vars) and build
 * the glossary page. -1 after reporting.
 */
int glossary_attach(struct glossary *g, const struct md_render_opts *o, const struct value *vars);
void glossary_free(struct glossary *g);

/* A reader for one thread, once glossary_attach is done; its hook links terms (markdown.h). */
struct glossary_reader *glossary_reader_new(const struct glossary *g);
const struct md_terms *glossary_reader_hook(struct glossary_reader *rd);
/*
 * The terms the reader linked on pg, the last page it rendered, in order: *uses is set to a
 * malloc'd array of term numbers (NULL for none), and their count returned.
 */
size_t glossary_reader_uses(const struct glossary_reader *rd, const struct page *pg,
	size_t **uses);
void glossary_reader_free(struct glossary_reader *rd);
/* Record that pg linked the terms uses (from glossary_reader_uses), for the glossary page. */
void glossary_note_uses(struct glossary *g, const struct page *pg, const size_t *uses, size_t n);

#endif
