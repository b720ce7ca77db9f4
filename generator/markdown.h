/*
 * markdown: the only module that talks to cmark-gfm. For one page it expands the
 * organisation variables in the Markdown body (strict: an unknown one is an error), parses
 * it with the GFM extensions and footnotes, gives every heading a stable id (Japanese kept
 * as is), and later renders the page's HTML: callouts, rewritten links, ids on headings.
 * Raw HTML in content is shown as text, never passed through, and unsafe URLs are dropped.
 *
 * Two calls because links can only be checked once every page's headings are known:
 * md_parse for every page first, then md_render. Ownership: md_parse stores the parsed
 * document in pg->doc and the headings in pg->headings; md_render and md_free release the
 * document (md_free accepts a page without one).
 */
#ifndef KENSHU_MARKDOWN_H
#define KENSHU_MARKDOWN_H

#include "content.h"
#include "util.h"

struct value;

/*
 * Resolve the link or image URL found in pg at line:col. Return the URL to use (malloc'd;
 * a copy of url to keep it), or NULL after reporting it broken.
 */
typedef char *(*md_link_fn)(void *ud, const struct page *pg, const char *url, int line, int col);

struct md_render_opts {
	md_link_fn link;
	void *link_ud;
	/* Callout titles, indexed by enum md_callout; from the theme's interface strings. */
	const char *callout_titles[5];
};

enum md_callout { MD_NOTE, MD_TIP, MD_IMPORTANT, MD_WARNING, MD_CAUTION };

void md_init(void);

/* Expand variables from vars in pg->body and parse it. -1 after reporting. */
int md_parse(struct page *pg, const struct value *vars);
/*
 * Append the page's body HTML to out, set pg->plain to its text, and release the document.
 * -1 after reporting.
 */
int md_render(struct page *pg, const struct md_render_opts *o, struct buf *out);
void md_free(struct page *pg);

/* The id a heading with this text gets (before making it unique). Caller frees. */
char *md_heading_id(const char *text);

#endif
