/*
 * markdown: the only module that talks to cmark-gfm. For one page it expands the
 * organisation variables in the Markdown body (strict: an unknown one is an error), parses
 * it with the GFM extensions and footnotes, gives every heading a stable id (Japanese kept
 * as is), and later renders the page's HTML: callouts, rewritten links, ids on headings,
 * players for video and sound shown with ![...](x.mp4). "[text](a b.png)", a destination
 * with spaces that CommonMark leaves as text, is read as the link the author meant. Raw HTML
 * is never passed through: <br> and a few inline tags without attributes (<kbd>, <ruby>,
 * ...) are rendered when balanced, anything else is shown as text with a warning, and unsafe
 * URLs are dropped.
 * A hook (struct md_terms, the glossary's) links terms in running text and resolves the
 * explicit [[term]] and [[term|shown text]]; a backslash-escaped \[[ stays text.
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

struct theme;
struct value;

/*
 * Resolve the link or image URL found in pg at line:col. Return the URL to use (malloc'd;
 * a copy of url to keep it), or NULL after reporting it broken.
 */
typedef char *(*md_link_fn)(void *ud, const struct page *pg, const char *url, int line, int col);

/* A piece of running text that becomes a link: bytes [start, end) of the text given. */
struct md_span {
	size_t start, end;
	const char *open; /* opens the link (the hook's, kept until md_render returns); </a> closes it */
};

/*
 * Links in running text that the author did not write as Markdown links: the glossary's
 * terms. Running text is every text node outside code, links, images and headings.
 */
struct md_terms {
	/*
	 * What to link in one piece of running text of pg (text, len bytes): set *spans to an
	 * array (the hook's, valid until its next call) of non-overlapping spans in order and
	 * return their number.
	 */
	size_t (*find)(void *ud, const struct page *pg, const char *text, size_t len,
		const struct md_span **spans);
	/*
	 * An explicit [[name]] or [[name|shown text]] at line:col: the HTML that opens its link
	 * (the hook's), or NULL after reporting that there is no such term.
	 */
	const char *(*named)(void *ud, const struct page *pg, const char *name, int line, int col);
	/* Append to the page's body what its links need (called after the body's HTML). */
	void (*end)(void *ud, const struct page *pg, struct buf *out);
	void *ud;
};

struct md_render_opts {
	md_link_fn link;
	void *link_ud;
	/* Callout titles, indexed by enum md_callout; from the theme's interface strings. */
	const char *callout_titles[5];
	/*
	 * The name of the region that holds a table and scrolls it sideways when it is wider
	 * than the page (keyboard users reach it with Tab); NULL leaves tables unwrapped.
	 */
	const char *table_label;
	/* NULL: no term links, and [[...]] is plain text. */
	const struct md_terms *terms;
	/* The label of footnote back-links (cmark-gfm's is English); NULL keeps cmark-gfm's. */
	const char *footnote_back;
	/* The label of task list check boxes (cmark-gfm gives none); NULL: none. */
	const char *task_label;
};

enum md_callout { MD_NOTE, MD_TIP, MD_IMPORTANT, MD_WARNING, MD_CAUTION };

void md_init(void);

/*
 * Expand variables from vars in pg->body and parse it; its headings get ids that the theme
 * (when not NULL) does not use itself. -1 after reporting.
 */
int md_parse(struct page *pg, const struct value *vars, const struct theme *theme);
/*
 * Append the page's body HTML to out and, unless plain is NULL, put its text (one line per
 * block, as search indexes it) in *plain (free it; NULL after an error); release the
 * document. -1 after reporting.
 */
int md_render(struct page *pg, const struct md_render_opts *o, struct buf *out, char **plain);
void md_free(struct page *pg);
/*
 * Free pg's parsed tree, and its expanded text unless expanding it reported a problem, to
 * hold less memory between md_parse and md_render (which expands and parses again, with no
 * new diagnostics). vars must outlive the page's rendering.
 */
void md_release(struct page *pg);

/*
 * Render a piece of Markdown that is not a page (a glossary definition) as md_parse and
 * md_render would: variables from vars, the same extensions and safety, links through o
 * relative to the folder of src (the project-relative source file). shown and line place
 * diagnostics (line: of md's first line). Unless plain is NULL, *plain receives its text as
 * md_render gives it (free it). -1 after reporting.
 */
int md_render_fragment(const char *md, const char *src, const char *shown, int line,
	const struct value *vars, const struct md_render_opts *o, struct buf *out, char **plain);

/*
 * The title of a page that gives none in front matter: the text of its first level-1
 * heading ("# Title" or "Title" over "==="), read from the body as written, with
 * organisation variables filled in and code as written. That heading's line (in the file)
 * goes to *line: md_parse gives it no id and md_render leaves it out, as the theme shows the
 * title. 1 with *title (caller frees), 0 when there is no such heading, -1 after reporting
 * a shape that cmark-gfm would take quadratic time over.
 */
int md_title(const struct page *pg, const struct value *vars, char **title, int *line);

/* The id a heading with this text gets (before making it unique). Caller frees. */
char *md_heading_id(const char *text);

#endif
