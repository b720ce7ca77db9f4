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
 * options pages are rendered with; then render the pages, the glossary page after all
 * content pages (it lists the pages that linked each term).
 *
 * Ownership: glossary_load always sets *out to a glossary that glossary_free releases
 * (accepts NULL). The glossary borrows the project; the glossary page owns its data.
 */
#ifndef KENSHU_GLOSSARY_H
#define KENSHU_GLOSSARY_H

#include "content.h"

struct glossary;
struct md_render_opts;
struct theme;
struct value;

/* Load and check content/glossary.yaml. -1 after reporting every problem found. */
int glossary_load(struct project *p, const struct theme *t, struct glossary **out);
/*
 * Render the definitions with o (links relative to content/, variables from vars) and hook
 * the glossary into o, so that pages rendered with it get term links. -1 after reporting.
 */
int glossary_attach(struct glossary *g, struct md_render_opts *o, const struct value *vars);
void glossary_free(struct glossary *g);

#endif
