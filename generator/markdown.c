#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "diag.h"
#include "i18n.h"
#include "media.h"
#include "template.h"
#include "theme.h"
#include "value.h"

struct md_doc {
	cmark_node *root;
	char *text; /* the body after variable expansion */
	const char **lines; /* start of each line of text */
	size_t nlines;
	const char *end; /* the end of text */
	struct tmpl_pos *map; /* where each piece of text came from in the source */
	struct tmpl_cursor cursor; /* the last position found in map */
	size_t nmap;
	const char **opens; /* term links: the HTML that opens link i (the hook's) */
	size_t nopens, capopens;
	char **htmls; /* stand-ins: the HTML that replaces link i to HTML_URL */
	size_t nhtmls, caphtmls;
	struct spaced *spaced; /* links read from destinations with spaces, in document order */
	size_t nspaced, capspaced;
	const struct value *vars; /* what text was expanded from, to expand it again */
	size_t *verbatim; /* the body's code as written: pairs of offsets, left unexpanded */
	size_t nverbatim;
	int clean; /* expanded with no unknown variable: expanding again reports nothing */
};

/*
 * A term link is a link node to TERM_URL and its number, replaced by the hook's opening tag
 * after rendering: cmark-gfm's table cells hold no custom inline nodes. Authors' links to
 * such a URL are dropped.
 */
#define TERM_URL "kenshu-term:"

/*
 * HTML that kenshu writes into the body itself (the inline tags it renders, video and audio
 * players) stands in the tree as an empty link to HTML_URL and its number, replaced after
 * rendering, for the same reason; cmark-gfm's safe mode stays on for everything else.
 * Authors' links to such a URL are dropped too.
 */
#define HTML_URL "kenshu-html:"

/*
 * A link or image whose destination has spaces, which CommonMark leaves as text: the node
 * made of it and where its '[' (or '!') stands in the expanded text.
 */
struct spaced {
	cmark_node *node;
	size_t off;
};

static cmark_llist *extensions;

/*
 * cmark-gfm's inline parsing switches the extensions' special characters on and off in tables
 * global to the library (cmark-gfm pull request #176, still open): in cmark_parser_finish,
 * and in later releases in cmark_parser_feed too, where the table extension parses each row's
 * cells. A parser on one thread would break another's inline parsing mid-way. So the inline
 * parsing of one text at a time: cmark_parser_finish under a lock, and cmark_parser_feed too
 * unless the library is Debian 12's, whose feed neither reads nor changes those tables (its
 * extensions library calls no inline parsing; only finish's does). Everything else about a
 * page (expanding variables, checking, rendering the tree to HTML, linking terms) runs on
 * every thread at once.
 */
static pthread_mutex_t parsing = PTHREAD_MUTEX_INITIALIZER;
static int feed_locked = 1;

void
md_init(void)
{
	static const char *const names[] = {"table", "strikethrough", "autolink", "tagfilter",
		"tasklist"};
	size_t i;
	if (extensions)
		return;
	feed_locked = strcmp(cmark_version_string(), "0.29.0.gfm.6") != 0;
	cmark_gfm_core_extensions_ensure_registered();
	for (i = 0; i < sizeof names / sizeof *names; i++)
		extensions = cmark_llist_append(cmark_get_default_mem_allocator(), extensions,
			cmark_find_syntax_extension(names[i]));
}

/* Organisation values are literal text in Markdown: escape what Markdown would interpret. */
static void
escape_markdown(struct buf *out, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\n' || c == '\r') {
			buf_putc(out, ' ');
			continue;
		}
		if (strchr("\\`*_{}[]()<>#+-.!|~&\"'=:", c) && c)
			buf_putc(out, '\\');
		buf_putc(out, c);
	}
}

char *
md_heading_id(const char *text)
{
	struct buf b = BUF_INIT;
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;
	while (*s && (k = utf8proc_iterate(s, -1, &cp)) > 0) {
		if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z')
				buf_putc(&b, cp - 'A' + 'a');
			else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '_' ||
				 cp == '-')
				buf_putc(&b, cp);
			else if (cp == ' ')
				buf_putc(&b, '-');
		} else {
			switch (utf8proc_category(cp)) {
			case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
			case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
			case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
			case UTF8PROC_CATEGORY_NO:
				buf_put(&b, s, (size_t)k);
				break;
			case UTF8PROC_CATEGORY_ZS:
				buf_putc(&b, '-');
				break;
			default:
				break;
			}
		}
		s += k;
	}
	if (!b.len)
		buf_puts(&b, "section");
	return buf_detach(&b);
}

static void
node_text(cmark_node *n, struct buf *out)
{
	cmark_node *c;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
		buf_puts(out, cmark_node_get_literal(n));
		return;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		buf_putc(out, ' ');
		return;
	default:
		break;
	}
	for (c = cmark_node_first_child(n); c; c = cmark_node_next(c))
		node_text(c, out);
}

/* Source line and character column of a node. */
static void
node_pos(const struct page *pg, struct md_doc *d, cmark_node *n, int *line, int *col)
{
	int l = cmark_node_get_start_line(n), c = cmark_node_get_start_column(n);
	size_t off = 0;
	if (l > 0 && (size_t)l <= d->nlines)
		off = (size_t)(d->lines[l - 1] - d->text) + (size_t)(c > 0 ? c - 1 : 0);
	tmpl_map_find(d->map, d->nmap, pg->body, off, &d->cursor, line, col);
}

/* Whether heading n is the one pg's title came from (its line in the file). */
static int
title_heading(const struct page *pg, struct md_doc *d, cmark_node *n)
{
	int line, col;
	if (!pg->title_line || cmark_node_get_type(n) != CMARK_NODE_HEADING ||
	    cmark_node_get_heading_level(n) != 1)
		return 0;
	node_pos(pg, d, n, &line, &col);
	return line == pg->title_line;
}

/*
 * An id a heading cannot have besides another heading's: one the theme writes as it is. (Ids
 * that only begin like the theme's generated ones were given "h-" already; counting them on
 * would never leave such a beginning.)
 */
static int
theme_id_refused(const char *id, const void *theme)
{
	return theme && theme_id_taken(theme, id) == 1;
}

/*
 * Collect headings with unique ids: a taken id gets "-1", "-2", ... (counted on from the
 * last number given to that text, so that 50,000 equal headings take linear time); one that
 * begins like the theme's or cmark-gfm's generated ids ("q-", "fn-") starts with "h-" first.
 */
static void
collect_headings(struct page *pg, struct md_doc *d, const struct theme *theme)
{
	struct strmap used = STRMAP_INIT, next = STRMAP_INIT;
	cmark_iter *it = cmark_iter_new(d->root);
	cmark_event_type ev;
	size_t cap = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		struct buf text = BUF_INIT;
		struct heading *h;
		char *base, *id;
		/* The title's heading is the page's title, which the theme shows: no id of its own. */
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING ||
		    title_heading(pg, d, n))
			continue;
		node_text(n, &text);
		base = md_heading_id(buf_cstr(&text));
		/* A link may name the heading by its text: "#main" finds "Main" given "main-1". */
		if (!strmap_get(&pg->heading_ids, base))
			strmap_put(&pg->heading_ids, base, (void *)(pg->nheadings + 1));
		if ((theme && theme_id_taken(theme, base) == 2) || str_starts(base, "fn-") ||
		    str_starts(base, "fnref-")) {
			char *h_base = xasprintf("h-%s", base);
			free(base);
			base = h_base;
		}
		id = unique_name(&used, base, 1, &next, theme_id_refused, theme);
		free(base);
		strmap_put(&used, id, pg);
		strmap_put(&pg->heading_ids, id, (void *)(pg->nheadings + 1));
		pg->headings = xgrow(pg->headings, &cap, pg->nheadings + 1, sizeof *pg->headings);
		h = &pg->headings[pg->nheadings++];
		h->level = cmark_node_get_heading_level(n);
		h->id = id;
		h->text = buf_detach(&text);
	}
	cmark_iter_free(it);
	strmap_free(&used);
	strmap_free(&next);
}

static void
index_lines(struct md_doc *d)
{
	const char *s;
	size_t cap = 0;
	for (s = d->text;; s++) {
		d->lines = xgrow(d->lines, &cap, d->nlines + 1, sizeof *d->lines);
		d->lines[d->nlines++] = s;
		s = strchr(s, '\n');
		if (!s)
			break;
	}
	d->end = d->lines[d->nlines - 1] + strlen(d->lines[d->nlines - 1]);
}

/* The length of line l (from 1) of d->text, without its '\n', in constant time. */
static size_t
line_length(const struct md_doc *d, size_t l)
{
	const char *next = l < d->nlines ? d->lines[l] - 1 : d->end;
	return (size_t)(next - d->lines[l - 1]);
}

static void spaced_links(struct md_doc *d);

static cmark_node *
parse_tree(const char *text)
{
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_FOOTNOTES);
	cmark_node *root;
	for (cmark_llist *e = extensions; e; e = e->next)
		cmark_parser_attach_syntax_extension(parser, e->data);
	if (feed_locked)
		pthread_mutex_lock(&parsing);
	cmark_parser_feed(parser, text, strlen(text));
	if (!feed_locked)
		pthread_mutex_lock(&parsing);
	root = cmark_parser_finish(parser);
	pthread_mutex_unlock(&parsing);
	cmark_parser_free(parser);
	return root;
}

/* Parse d->text into d->root, with the links whose destinations have spaces made links. */
static void
parse_doc(struct md_doc *d)
{
	d->root = parse_tree(d->text);
	spaced_links(d);
}

/*
 * Expand the variables of pg->body into d->text, with the map back to the source and the line
 * index. 0, or -1 after reporting unknown variables (d->text is then complete all the same);
 * -2 after reporting a body that does not compile as a template (d untouched).
 */
static int
expand(struct page *pg, struct md_doc *d)
{
	struct tmpl_opts opts = {.escape = escape_markdown, .strict = 1};
	struct tmpl_set *set = tmpl_set_new(&opts);
	struct buf out = BUF_INIT;
	struct tmpl *t;
	int rc = -2;

	t = tmpl_compile_prose(set, pg->shown, pg->body_line - 1, pg->body, pg->body_len,
		d->verbatim, d->nverbatim);
	memset(&d->cursor, 0, sizeof d->cursor); /* a new map */
	if (t) {
		rc = tmpl_render_mapped(t, d->vars, &out, &d->map, &d->nmap) < 0 ? -1 : 0;
		d->text = buf_detach(&out);
		index_lines(d);
	}
	buf_free(&out);
	tmpl_set_free(set);
	return rc;
}

/*
 * Limits on the shapes that make cmark-gfm 0.29.0.gfm.6 (Debian 12's) take time quadratic in
 * their size, fixed upstream in 2023: checked on the text before it is parsed, each far above
 * anything a lesson holds.
 */
#define MD_MAX_NESTING 32 /* quotes and lists opened on one line: "> > > ... *a*" */
#define MD_MAX_OPEN_BRACKETS 100 /* '[' not yet closed in one paragraph: "![[]()![[]()..." */
#define MD_MAX_CELLS 128 /* cells of a table row: '|' on one line, less the outer one */

/* Length of the list marker at s ("-", "*", "+", "1." or "1)" and a space), or 0. */
static size_t
list_marker(const char *s)
{
	size_t n = 0;
	if ((*s == '-' || *s == '*' || *s == '+') && (s[1] == ' ' || s[1] == '\t'))
		return 2;
	while (n < 9 && s[n] >= '0' && s[n] <= '9')
		n++;
	if (n && (s[n] == '.' || s[n] == ')') && (s[n + 1] == ' ' || s[n + 1] == '\t'))
		return n + 2;
	return 0;
}

/*
 * Report a shape past a limit at text offset off, once per kind and page. what is the format,
 * marked N_(): diag_error translates it.
 */
static void
too_much(const struct page *pg, struct md_doc *d, size_t off, int *said, const char *what,
	int limit)
{
	int line, col;
	if (*said)
		return;
	*said = 1;
	tmpl_map_find(d->map, d->nmap, pg->body, off, &d->cursor, &line, &col);
	diag_error(pg->shown, line, col, what, limit);
}

/* A thematic break ("* * *", "- - -"): a line of only those marks and spaces. */
static int
thematic_break(const char *t, const char *end)
{
	for (; t < end; t++)
		if (*t != '*' && *t != '-' && *t != '_' && *t != ' ' && *t != '\t')
			return 0;
	return 1;
}

/*
 * Check text (d's map places its offsets) against the limits above. Code is checked too: telling code from
 * text as cmark-gfm does (fences in list items and HTML blocks, info strings) is cmark-gfm's
 * job, and a check that skipped what it took for code could be led around. A fence line ends
 * a paragraph for the bracket count, so brackets in code samples do not add up. -1 after
 * reporting.
 */
static int
check_shapes(const struct page *pg, const char *text, struct md_doc *d)
{
	const char *s = text;
	int open = 0, said_nest = 0, said_open = 0, said_cells = 0;
	while (*s) {
		const char *line = s, *end = strchr(s, '\n'), *t = s;
		size_t n, cells = 0;
		int depth = 0, brk;
		if (!end)
			end = s + strlen(s);
		while (t < end && *t == ' ' && t - line < 3)
			t++;
		if ((*t == '`' || *t == '~') && t[1] == *t && t[2] == *t)
			open = 0;
		/* The containers that open on this line (once past the limit, no need to count on). */
		for (brk = thematic_break(t, end); !brk && depth <= MD_MAX_NESTING;) {
			while (*t == ' ' || *t == '\t')
				t++;
			if (*t == '>')
				t++;
			else if ((n = list_marker(t)))
				t += n;
			else
				break;
			if (++depth > MD_MAX_NESTING)
				too_much(pg, d, (size_t)(line - text), &said_nest, N_("more than %d "
					"quotes and lists open on one line: cmark-gfm would take time "
					"quadratic in them"), MD_MAX_NESTING);
		}
		if (t >= end)
			open = 0; /* a blank line ends the paragraph */
		for (; t < end; t++) {
			if (*t == '\\' && t + 1 < end) {
				t++;
			} else if (*t == '[' && ++open > MD_MAX_OPEN_BRACKETS) {
				too_much(pg, d, (size_t)(t - text), &said_open, N_("more than %d '[' "
					"open at once in one paragraph: cmark-gfm would take time quadratic "
					"in them (write \\[ for a bracket that opens no link)"),
					MD_MAX_OPEN_BRACKETS);
			} else if (*t == ']' && open) {
				open--;
			} else if (*t == '|' && ++cells > MD_MAX_CELLS + 1) {
				too_much(pg, d, (size_t)(t - text), &said_cells, N_("a table row of more "
					"than %d cells: cmark-gfm would take time quadratic in them (write \\| "
					"for a '|' that divides no cells)"), MD_MAX_CELLS);
			}
		}
		s = *end ? end + 1 : end;
	}
	return said_nest || said_open || said_cells ? -1 : 0;
}

/*
 * check_shapes on the body as written, before cmark-gfm parses it so (where code is, the
 * title). -1 after reporting.
 */
static int
raw_shapes(const struct page *pg)
{
	struct tmpl_pos whole = {.line = pg->body_line, .col = 1, .text = 1};
	struct md_doc raw;
	memset(&raw, 0, sizeof raw);
	raw.map = &whole;
	raw.nmap = 1;
	return check_shapes(pg, pg->body, &raw);
}

/* Add [a, b) to the ranges, joined with the last one when they meet (they come in order). */
static void
add_verbatim(struct md_doc *d, size_t *cap, size_t a, size_t b)
{
	if (b <= a)
		return;
	if (d->nverbatim && d->verbatim[2 * d->nverbatim - 1] >= a) {
		if (b > d->verbatim[2 * d->nverbatim - 1])
			d->verbatim[2 * d->nverbatim - 1] = b;
		return;
	}
	d->verbatim = xgrow(d->verbatim, cap, 2 * d->nverbatim + 2, sizeof *d->verbatim);
	d->verbatim[2 * d->nverbatim] = a;
	d->verbatim[2 * d->nverbatim + 1] = b;
	d->nverbatim++;
}

/* The longest backtick run that opens a code span in cmark-gfm 0.29 (its MAXBACKTICKS). */
#define MAX_TICKS 80

/* The length of the run of backticks at s[i], up to end. */
static size_t
tick_run(const char *s, size_t i, size_t end)
{
	size_t j = i;
	while (j < end && s[j] == '`')
		j++;
	return j - i;
}

/*
 * The code spans of the inline text s[from, to) into d's ranges, found as cmark-gfm 0.29
 * finds them (scan_to_closing_backticks): a run of backticks not escaped opens, the next
 * run of the same length closes, a run that nothing closes is text, and a run longer than
 * MAX_TICKS never opens. Like cmark-gfm, it remembers where it last saw a run of each
 * length, so that runs nothing closes do not make the scan quadratic. (Raw HTML and
 * autolinks, which would take a backtick first, are shown as text in kenshu anyway.)
 */
static void
span_ranges(struct md_doc *d, size_t *cap, const char *s, size_t from, size_t to)
{
	size_t last[MAX_TICKS + 1], i = from, n, k, m = 0;
	int scanned = 0;
	memset(last, 0, sizeof last);
	while (i < to) {
		if (s[i] == '\\' && i + 1 < to && s[i + 1] &&
		    strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i + 1])) {
			i += 2;
			continue;
		}
		if (s[i] != '`') {
			i++;
			continue;
		}
		n = tick_run(s, i, to);
		k = i + n;
		if (n > MAX_TICKS || (scanned && last[n] <= k)) {
			i = k; /* no run of this length after it */
			continue;
		}
		for (; k < to; k += m ? m : 1) {
			m = tick_run(s, k, to);
			if (m && m <= MAX_TICKS)
				last[m] = k;
			if (m == n)
				break;
		}
		if (k < to) {
			add_verbatim(d, cap, i, k + n);
			i = k + n;
		} else {
			scanned = 1;
			i += n;
		}
	}
}

/* A table's code spans: each row's cells apart, as GFM splits them at an unescaped '|'. */
static void
table_ranges(struct md_doc *d, size_t *cap, const char *s, size_t from, size_t to)
{
	size_t i, start = from;
	for (i = from; i <= to; i++)
		if (i == to || s[i] == '\n' || (s[i] == '|' && (i == from || s[i - 1] != '\\'))) {
			span_ranges(d, cap, s, start, i);
			start = i + 1;
		}
}

/*
 * Whether a tag of body may sit in code, judged without parsing, erring towards yes. A fence
 * anywhere may open a code block. An indented code block's line has a tab, or four spaces,
 * before the tag on its line. A code span lies in one paragraph, heading or table, which a
 * blank line ends, and opens with a backtick before the tag and closes with one after it.
 * Most pages with tags have none of these, and are parsed once instead of twice.
 */
static int
tags_may_be_code(const char *body)
{
	const char *p = body, *tag, *region_end = NULL, *last_tick = NULL;
	int tick = 0; /* a backtick since the region began */
	int spaces = 0, indented = 0; /* on p's line: spaces in a row; a tab or four spaces */
	if (str_find(body, "```") || str_find(body, "~~~"))
		return 1;
	for (; (tag = str_find(p, "{{")); p = tag + 2, spaces = 0) {
		for (; p < tag; p++) {
			if (*p == '\n') {
				if (p[1] == '\n') { /* a blank line: a new region */
					tick = 0;
					region_end = last_tick = NULL;
				}
				spaces = indented = 0;
				continue;
			}
			tick |= *p == '`';
			spaces = *p == ' ' ? spaces + 1 : 0;
			indented |= *p == '\t' || spaces >= 4;
		}
		if (indented)
			return 1;
		if (tick && !region_end) { /* once a region: its last backtick */
			region_end = strstr(tag, "\n\n");
			if (!region_end)
				region_end = tag + strlen(tag);
			for (p = tag; p < region_end; p++)
				if (*p == '`')
					last_tick = p;
		}
		if (tick && last_tick && last_tick > tag)
			return 1;
	}
	return 0;
}

/*
 * Where the body's code is, as written: code blocks (fenced and indented) and code spans,
 * as byte ranges for expand() to leave alone, so that a page can show a template's {{tag}}.
 * The body is parsed as it is, tags as text: it is the page the author wrote that tells
 * code from prose, and a section may open before code and close after it. Only a body with
 * a tag that may be in code needs it. -1 after reporting a shape that cmark-gfm would take
 * quadratic time over.
 */
static int
find_code(const struct page *pg, struct md_doc *d)
{
	struct md_doc raw;
	const char **lines;
	cmark_node *root;
	cmark_iter *it;
	cmark_event_type ev;
	size_t cap = 0;

	if (!str_find(pg->body, "{{") || !tags_may_be_code(pg->body))
		return 0;
	if (raw_shapes(pg) < 0)
		return -1;
	memset(&raw, 0, sizeof raw);
	raw.text = (char *)pg->body; /* only read: index_lines and the walk below */
	index_lines(&raw);
	lines = raw.lines;
	root = parse_tree(pg->body);
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);
		int first = cmark_node_get_start_line(n), last = cmark_node_get_end_line(n);
		size_t from, to;
		if (ev != CMARK_EVENT_ENTER || first < 1 || (size_t)first > raw.nlines)
			continue;
		if (last < first || (size_t)last > raw.nlines)
			last = (int)raw.nlines;
		from = (size_t)(lines[first - 1] - pg->body);
		to = (size_t)(lines[last - 1] - pg->body) + strcspn(lines[last - 1], "\n");
		if (type == CMARK_NODE_CODE_BLOCK)
			add_verbatim(d, &cap, from, to);
		else if (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING)
			span_ranges(d, &cap, pg->body, from, to);
		else if (!strcmp(cmark_node_get_type_string(n), "table"))
			table_ranges(d, &cap, pg->body, from, to);
	}
	cmark_iter_free(it);
	cmark_node_free(root);
	free(raw.lines);
	return 0;
}


/* Values are plain text in a title; the theme escapes it. */
static void
put_plain(struct buf *out, const char *s, size_t n)
{
	buf_put(out, s, n);
}

/*
 * A title's text with the variables filled in. Quietly: the tags are in the body too, where
 * md_parse reports what is wrong with them at their place.
 */
static void
expand_plain(const char *s, const struct value *vars, struct buf *out)
{
	struct tmpl_opts opts = {.escape = put_plain};
	struct diag_log quiet = {0}, *outer;
	struct tmpl_set *set;
	struct tmpl *t;
	if (!str_find(s, "{{")) {
		buf_puts(out, s);
		return;
	}
	set = tmpl_set_new(&opts);
	/* A lesson read ahead is parsed inside its own capture, which the reports after the
	 * title's must still go to. */
	outer = diag_capture(&quiet);
	if (!(t = tmpl_compile(set, "", 0, s, strlen(s))) || tmpl_render(t, vars, out) < 0)
		buf_puts(out, s);
	diag_capture(outer);
	diag_log_free(&quiet);
	tmpl_set_free(set);
}

/*
 * The raw HTML tags kenshu renders: a line break, and inline tags for text that Markdown
 * cannot mark (keys, small print, super- and subscripts, highlights, and furigana, which
 * Japanese text needs). They carry no attributes, so they can hold no script nor style.
 */
static const char *const inline_tags[] = {"br", "kbd", "mark", "small", "sub", "sup", "ruby",
	"rt", "rp"};
#define NTAGS (sizeof inline_tags / sizeof *inline_tags)
enum { TAG_BR = 0, TAG_RUBY = 6, TAG_RT = 7, TAG_RP = 8 };

/*
 * The tag that html is, exactly: "<kbd>", "</kbd>" or "<br>", "<br/>", "<br />", in any
 * case, with no attribute (spaces before the '>' are allowed, as in HTML). Its index in
 * inline_tags (*closing set for "</...>"), or -1.
 */
static int
inline_tag(const char *html, int *closing)
{
	const char *s = html + 1, *name;
	size_t len, i;
	if (*html != '<')
		return -1;
	*closing = *s == '/';
	s += *closing;
	name = s;
	while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
		s++;
	len = (size_t)(s - name);
	for (i = 0; i < NTAGS; i++)
		if (strlen(inline_tags[i]) == len && !strncasecmp(name, inline_tags[i], len))
			break;
	if (i == NTAGS)
		return -1;
	if (i == TAG_BR && *closing)
		return -1; /* "</br>" is no tag of HTML's */
	while (*s == ' ')
		s++;
	if (i == TAG_BR && *s == '/')
		s++;
	return s[0] == '>' && !s[1] ? (int)i : -1;
}

/*
 * The text of a title heading's inlines: text expanded, code and raw HTML as written, but of
 * the tags kenshu renders only their text (a title is plain text), and of furigana not the
 * reading (<rt>, <rp>). *reading: inside a reading.
 */
static void
title_text(cmark_node *n, const struct value *vars, struct buf *out, int *reading)
{
	cmark_node *c;
	int tag, closing;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
		if (!*reading)
			expand_plain(cmark_node_get_literal(n), vars, out);
		return;
	case CMARK_NODE_CODE:
		if (!*reading)
			buf_puts(out, cmark_node_get_literal(n));
		return;
	case CMARK_NODE_HTML_INLINE:
		tag = inline_tag(cmark_node_get_literal(n), &closing);
		if (tag == TAG_RT || tag == TAG_RP)
			*reading = !closing;
		else if (tag == TAG_BR)
			buf_putc(out, ' ');
		else if (tag < 0 && !*reading)
			buf_puts(out, cmark_node_get_literal(n));
		return;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		buf_putc(out, ' ');
		return;
	default:
		break;
	}
	for (c = cmark_node_first_child(n); c; c = cmark_node_next(c))
		title_text(c, vars, out, reading);
}

/* Narrow [*a, *b) of s to leave out spaces at either end. */
static void
trim(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && (s[*a] == ' ' || s[*a] == '\t'))
		++*a;
	while (*b > *a && (s[*b - 1] == ' ' || s[*b - 1] == '\t'))
		--*b;
}

int
md_title(const struct page *pg, const struct value *vars, char **title, int *line)
{
	cmark_node *root;
	cmark_iter *it;
	cmark_event_type ev;
	struct buf text = BUF_INIT;
	size_t a, b;
	int reading;
	*title = NULL;
	if (raw_shapes(pg) < 0)
		return -1;
	root = parse_tree(pg->body);
	it = cmark_iter_new(root);
	while (!*title && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING ||
		    cmark_node_get_heading_level(n) != 1)
			continue;
		/* "{{org.company_name}}" is one text node again, as the template reads it. */
		cmark_consolidate_text_nodes(n);
		buf_clear(&text);
		reading = 0;
		title_text(n, vars, &text, &reading);
		a = 0;
		b = text.len;
		trim(text.data, &a, &b);
		if (a < b) {
			*title = xstrndup(text.data + a, b - a);
			*line = pg->body_line + cmark_node_get_start_line(n) - 1;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(root);
	buf_free(&text);
	return *title ? 1 : 0;
}

int
md_parse(struct page *pg, const struct value *vars, const struct theme *theme)
{
	struct md_doc *d = xcalloc(1, sizeof *d);
	int rc;

	d->vars = vars;
	if (find_code(pg, d) < 0) {
		pg->doc = d;
		md_free(pg);
		pg->body = NULL;
		pg->broken = 1;
		return -1;
	}
	rc = expand(pg, d);
	if (rc == -2) {
		pg->broken = 1;
		free(d->verbatim);
		free(d);
		return -1;
	}
	if (check_shapes(pg, d->text, d) < 0) {
		pg->doc = d;
		md_free(pg);
		pg->body = NULL;
		pg->broken = 1;
		return -1;
	}
	/* Unknown variables are reported; parse what remains so its links are checked too. */
	d->clean = rc == 0;
	parse_doc(d);
	collect_headings(pg, d, theme);
	pg->doc = d;
	return rc;
}

void
md_release(struct page *pg)
{
	struct md_doc *d = pg->doc;
	if (!d)
		return;
	cmark_node_free(d->root);
	d->root = NULL;
	if (d->clean) {
		free(d->text);
		free(d->lines);
		free(d->map);
		d->text = NULL;
		d->lines = NULL;
		d->map = NULL;
		d->nlines = d->nmap = 0;
	}
}

void
md_free(struct page *pg)
{
	struct md_doc *d = pg->doc;
	size_t i;
	if (!d)
		return;
	if (d->root) /* released, or never parsed */
		cmark_node_free(d->root);
	free(d->text);
	free(d->lines);
	free(d->map);
	free(d->opens);
	free(d->verbatim);
	for (i = 0; i < d->nhtmls; i++)
		free(d->htmls[i]);
	free(d->htmls);
	free(d->spaced);
	free(d);
	pg->doc = NULL;
}

/* The URLs cmark-gfm's safe mode refuses; such a link keeps its text and loses the link. */
static int
dangerous_url(const char *url)
{
	static const char *const images[] = {"data:image/png", "data:image/gif", "data:image/jpeg",
		"data:image/webp"};
	size_t i;
	if (!strncasecmp(url, "javascript:", 11) || !strncasecmp(url, "vbscript:", 9) ||
	    !strncasecmp(url, "file:", 5) || !strncasecmp(url, TERM_URL, strlen(TERM_URL)) ||
	    !strncasecmp(url, HTML_URL, strlen(HTML_URL)))
		return 1;
	if (strncasecmp(url, "data:", 5) != 0)
		return 0;
	for (i = 0; i < sizeof images / sizeof *images; i++)
		if (!strncasecmp(url, images[i], strlen(images[i])))
			return 0;
	return 1;
}

static void
unlink_node(cmark_node *n)
{
	cmark_node *c;
	if (cmark_node_get_type(n) == CMARK_NODE_IMAGE) {
		/* An image's children are its alt text: keep them as text. */
		struct buf alt = BUF_INIT;
		cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
		node_text(n, &alt);
		cmark_node_set_literal(text, buf_cstr(&alt));
		buf_free(&alt);
		cmark_node_replace(n, text);
	} else {
		while ((c = cmark_node_first_child(n)))
			cmark_node_insert_before(n, c);
		cmark_node_unlink(n);
	}
	cmark_node_free(n);
}

/* Raw HTML in content is shown as text. */
static void
html_to_text(cmark_node *n)
{
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
	const char *lit = cmark_node_get_literal(n);
	if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK) {
		cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
		char *trimmed = xstrdup(lit ? lit : "");
		size_t len = strlen(trimmed);
		while (len && trimmed[len - 1] == '\n')
			trimmed[--len] = '\0';
		cmark_node_set_literal(text, trimmed);
		free(trimmed);
		cmark_node_append_child(para, text);
		cmark_node_replace(n, para);
	} else {
		cmark_node_set_literal(text, lit ? lit : "");
		cmark_node_replace(n, text);
	}
	cmark_node_free(n);
}

/* A stand-in for html (copied): an empty link to HTML_URL and its number. */
static cmark_node *
stand_in(struct md_doc *d, const char *html)
{
	cmark_node *n = cmark_node_new(CMARK_NODE_LINK);
	char url[32];
	snprintf(url, sizeof url, HTML_URL "%zu", d->nhtmls);
	cmark_node_set_url(n, url);
	d->htmls = xgrow(d->htmls, &d->caphtmls, d->nhtmls + 1, sizeof *d->htmls);
	d->htmls[d->nhtmls++] = xstrdup(html);
	return n;
}

/* What becomes of one raw HTML node. */
enum html_fate {
	HTML_TAG, /* rendered as its tag */
	HTML_OTHER, /* text: not a tag kenshu renders */
	HTML_BLOCK_TAG, /* text: a block of raw HTML that starts with a tag kenshu renders */
	HTML_UNCLOSED, /* text: an opening tag with no closing one beside it */
	HTML_STRAY, /* text: a closing tag with no opening one beside it */
	HTML_NO_RUBY, /* text: <rt> or <rp> outside <ruby> */
};

struct html_node {
	cmark_node *node;
	int tag;
	int closing;
	enum html_fate fate;
};

/* The first tag of html (up to its '>' or its line's end, at most 60 bytes), for messages. */
static char *
first_tag(const char *html)
{
	size_t n = strcspn(html, ">\n");
	if (html[n] == '>')
		n++;
	if (n > 60) {
		n = 60;
		while (n && ((unsigned char)html[n] & 0xc0) == 0x80)
			n--; /* not in the middle of a character */
	}
	return xstrndup(html, n);
}

/*
 * Where raw HTML node n stands: cmark-gfm's columns can be off on a paragraph's later lines,
 * so the literal is looked for on its line, from that column on, then from the line's start.
 */
static void
html_pos(const struct page *pg, struct md_doc *d, cmark_node *n, int *line, int *col)
{
	int l = cmark_node_get_start_line(n), c = cmark_node_get_start_column(n);
	const char *lit = cmark_node_get_literal(n), *start, *at, *found = NULL;
	size_t len = strcspn(lit ? lit : "", "\n"), end;
	if (l <= 0 || (size_t)l > d->nlines || !len) {
		node_pos(pg, d, n, line, col);
		return;
	}
	start = d->lines[l - 1];
	end = line_length(d, (size_t)l);
	at = start + (c > 0 && (size_t)c - 1 <= end ? (size_t)c - 1 : 0);
	for (; !found && at + len <= start + end; at++)
		if (!strncmp(at, lit, len))
			found = at;
	for (at = start; !found && at + len <= start + end; at++)
		if (!strncmp(at, lit, len))
			found = at;
	tmpl_map_find(d->map, d->nmap, pg->body, (size_t)((found ? found : start) - d->text),
		&d->cursor, line, col);
}

/* Report raw HTML h, shown as text, at its place. */
static void
html_warning(const struct page *pg, struct md_doc *d, const struct html_node *h)
{
	char *tag = first_tag(cmark_node_get_literal(h->node));
	const char *name = h->tag >= 0 ? inline_tags[h->tag] : "";
	int line, col;
	html_pos(pg, d, h->node, &line, &col);
	switch (h->fate) {
	case HTML_BLOCK_TAG:
		diag_warning(pg->shown, line, col, "'%s' alone at the start of a line begins a block "
			"of raw HTML, which is shown as text up to the next blank line: write the tag "
			"within a line of text", tag);
		break;
	case HTML_UNCLOSED:
		diag_warning(pg->shown, line, col, "'%s' is shown as text: no '</%s>' closes it in "
			"the same paragraph, cell, link or emphasis", tag, name);
		break;
	case HTML_STRAY:
		diag_warning(pg->shown, line, col, "'%s' is shown as text: it closes no '<%s>' in "
			"the same paragraph, cell, link or emphasis", tag, name);
		break;
	case HTML_NO_RUBY:
		diag_warning(pg->shown, line, col, "'%s' is shown as text: <rt> and <rp> go "
			"directly inside <ruby>...</ruby>", tag);
		break;
	default:
		diag_warning(pg->shown, line, col, "raw HTML is shown as text: '%s' (kenshu renders "
			"only <br>, <kbd>, <mark>, <small>, <sub>, <sup>, <ruby>, <rt> and <rp>, "
			"without attributes)", tag);
		break;
	}
	free(tag);
}

/* An opening tag waiting for its closing one, among the children of one node. */
struct open_tag {
	size_t at; /* its index among the page's raw HTML nodes */
	int tag;
};

/* A node whose children are being walked, and the number of tags open when it was entered. */
struct frame {
	cmark_node *node;
	size_t base;
};

/*
 * Decide the fate of every raw HTML node, in document order, into *nodes. An opening tag
 * and its closing one must be children of one node (a paragraph, cell, link, emphasis), so
 * that what is rendered between them is whole and the page's elements stay balanced.
 */
static size_t
html_fates(cmark_node *root, struct html_node **nodes)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	struct open_tag *open = NULL;
	struct frame *frames = NULL;
	size_t nframes = 0, capframes = 0, nopen = 0, capopen = 0, n = 0, cap = 0, base, k;
	*nodes = NULL;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);
		struct html_node *h;
		base = nframes ? frames[nframes - 1].base : 0;
		if (type != CMARK_NODE_HTML_INLINE && type != CMARK_NODE_HTML_BLOCK) {
			/* Only a node with children is sure to be left again (EXIT). */
			if (ev == CMARK_EVENT_ENTER && cmark_node_first_child(node)) {
				frames = xgrow(frames, &capframes, nframes + 1, sizeof *frames);
				frames[nframes].node = node;
				frames[nframes++].base = nopen;
			} else if (ev == CMARK_EVENT_EXIT && nframes && frames[nframes - 1].node == node) {
				for (k = base; k < nopen; k++)
					(*nodes)[open[k].at].fate = HTML_UNCLOSED;
				nopen = base;
				nframes--;
			}
			continue;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		*nodes = xgrow(*nodes, &cap, n + 1, sizeof **nodes);
		h = &(*nodes)[n++];
		h->node = node;
		h->tag = inline_tag(cmark_node_get_literal(node), &h->closing);
		h->fate = h->tag < 0 ? HTML_OTHER : HTML_TAG;
		if (type == CMARK_NODE_HTML_BLOCK) {
			int closing;
			char *tag = first_tag(cmark_node_get_literal(node));
			h->fate = inline_tag(tag, &closing) >= 0 ? HTML_BLOCK_TAG : HTML_OTHER;
			free(tag);
		} else if (h->tag < 0 || h->tag == TAG_BR) {
			continue;
		} else if (!h->closing) {
			if ((h->tag == TAG_RT || h->tag == TAG_RP) &&
			    (nopen == base || open[nopen - 1].tag != TAG_RUBY)) {
				h->fate = HTML_NO_RUBY;
				continue;
			}
			open = xgrow(open, &capopen, nopen + 1, sizeof *open);
			open[nopen].at = n - 1;
			open[nopen++].tag = h->tag;
		} else {
			for (k = nopen; k > base && open[k - 1].tag != h->tag; k--)
				;
			if (k == base) {
				h->fate = HTML_STRAY;
				continue;
			}
			for (; k < nopen; k++) /* opened inside this pair and not closed */
				(*nodes)[open[k].at].fate = HTML_UNCLOSED;
			nopen = k - 1;
		}
	}
	cmark_iter_free(it);
	for (k = 0; k < nopen; k++)
		(*nodes)[open[k].at].fate = HTML_UNCLOSED;
	free(open);
	free(frames);
	return n;
}

/*
 * Raw HTML: the tags kenshu renders (inline_tags, balanced) become stand-ins for their
 * canonical form; anything else is shown as text, with a warning at its place.
 */
static void
raw_html(const struct page *pg, struct md_doc *d)
{
	struct html_node *nodes;
	size_t n = html_fates(d->root, &nodes), i;
	for (i = 0; i < n; i++) {
		cmark_node *node = nodes[i].node, *tag;
		char html[16];
		if (nodes[i].fate != HTML_TAG) {
			html_warning(pg, d, &nodes[i]);
			html_to_text(node);
			continue;
		}
		snprintf(html, sizeof html, "<%s%s>", nodes[i].closing ? "/" : "",
			inline_tags[nodes[i].tag]);
		tag = stand_in(d, html);
		cmark_node_replace(node, tag);
		cmark_node_free(node);
	}
	free(nodes);
}

static void
move_children(cmark_node *from, cmark_node *to)
{
	cmark_node *c;
	while ((c = cmark_node_first_child(from)))
		cmark_node_append_child(to, c);
}

static void
heading_with_id(cmark_node *n, const char *id)
{
	cmark_node *wrap = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	struct buf b = BUF_INIT;
	int level = cmark_node_get_heading_level(n);
	buf_printf(&b, "<h%d id=\"", level);
	buf_put_html(&b, id, strlen(id));
	buf_puts(&b, "\">");
	cmark_node_set_on_enter(wrap, buf_cstr(&b));
	buf_clear(&b);
	buf_printf(&b, "</h%d>", level);
	cmark_node_set_on_exit(wrap, buf_cstr(&b));
	buf_free(&b);
	move_children(n, wrap);
	cmark_node_replace(n, wrap);
	cmark_node_free(n);
}

/*
 * A table in a region of its own that scrolls sideways on a narrow screen: focusable and
 * named, so that a keyboard can scroll it too (WCAG 2.1.1).
 */
static void
wrap_table(cmark_node *table, const char *label, int number)
{
	cmark_node *wrap = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	struct buf b = BUF_INIT;
	/* Numbered: the regions of one page need names of their own. */
	buf_puts(&b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
	buf_put_html(&b, label, strlen(label));
	buf_printf(&b, " %d\">", number);
	cmark_node_set_on_enter(wrap, buf_cstr(&b));
	cmark_node_set_on_exit(wrap, "</div>");
	buf_free(&b);
	cmark_node_insert_before(table, wrap);
	cmark_node_append_child(wrap, table);
}

/*
 * A blockquote whose first line is [!NOTE] (or TIP, ...) becomes a callout box. 1 when it
 * did, and quote is freed.
 */
static int
callout(cmark_node *quote, const struct md_render_opts *o)
{
	static const char *const kinds[] = {"note", "tip", "important", "warning", "caution"};
	cmark_node *para = cmark_node_first_child(quote), *first, *next, *wrap;
	const char *lit;
	struct buf b = BUF_INIT;
	size_t i, len;

	if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
		return 0;
	first = cmark_node_first_child(para);
	if (!first || cmark_node_get_type(first) != CMARK_NODE_TEXT)
		return 0;
	lit = cmark_node_get_literal(first);
	next = cmark_node_next(first);
	if (next && cmark_node_get_type(next) != CMARK_NODE_SOFTBREAK &&
	    cmark_node_get_type(next) != CMARK_NODE_LINEBREAK)
		return 0;
	for (i = 0; i < 5; i++) {
		len = strlen(kinds[i]);
		if (lit[0] == '[' && lit[1] == '!' && !strncasecmp(lit + 2, kinds[i], len) &&
		    lit[2 + len] == ']' && lit[3 + len] == '\0')
			break;
	}
	if (i == 5)
		return 0;
	if (next)
		cmark_node_free(next);
	cmark_node_free(first);
	if (!cmark_node_first_child(para))
		cmark_node_free(para);
	wrap = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	buf_printf(&b, "<div class=\"callout callout-%s\" role=\"note\"><p class=\"callout-title\">",
		kinds[i]);
	buf_put_html(&b, o->callout_titles[i], strlen(o->callout_titles[i]));
	buf_puts(&b, "</p>");
	cmark_node_set_on_enter(wrap, buf_cstr(&b));
	cmark_node_set_on_exit(wrap, "</div>");
	buf_free(&b);
	move_children(quote, wrap);
	cmark_node_replace(quote, wrap);
	cmark_node_free(quote);
	return 1;
}

/* Marks a byte of a text node that did not come straight from the source (\[, &#91;). */
#define NOSRC ((size_t)-1)

/* The length of the entity (&name; &#10; &#x1F;) that s starts with, or 0. */
static size_t
entity_length(const char *s)
{
	size_t k = 1;
	if (s[k] == '#')
		k++;
	while (k < 34 && ((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'z') ||
			     (s[k] >= 'A' && s[k] <= 'Z')))
		k++;
	return k > 1 && s[k] == ';' ? k + 1 : 0;
}

/*
 * Walk the source from offset s along a text node's literal (len bytes) and set src[i] to
 * the source offset of literal byte i, or NOSRC where it came from a backslash escape or
 * an entity. -1 when the source there does not spell the literal.
 */
static int
walk_source(const char *text, size_t s, const char *lit, size_t len, size_t *src)
{
	size_t i = 0, k;
	while (i < len) {
		char c = text[s];
		if (c == '\\' && text[s + 1] && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", text[s + 1]) &&
		    lit[i] == text[s + 1]) {
			src[i++] = NOSRC;
			s += 2;
		} else if (c == '&' && (k = entity_length(text + s)) > 0) {
			/* Skip it in the source, and what it decoded to (or itself) in the literal. */
			s += k;
			src[i++] = NOSRC;
			while (i < len && lit[i] != text[s])
				src[i++] = NOSRC;
		} else if (c && c == lit[i]) {
			src[i++] = s++;
		} else {
			return -1;
		}
	}
	return 0;
}

/*
 * Where each byte of text node n's literal stands in d->text. 0 when the source could not
 * be found (then every byte counts as written, at offset 0).
 */
static int
literal_sources(const struct md_doc *d, cmark_node *n, const char *lit, size_t len, size_t *src)
{
	int l = cmark_node_get_start_line(n), c = cmark_node_get_start_column(n);
	size_t i, start, end;
	if (l > 0 && (size_t)l <= d->nlines) {
		start = (size_t)(d->lines[l - 1] - d->text);
		end = start + line_length(d, (size_t)l);
		/* cmark-gfm's inline columns can be off on a paragraph's later lines: search. */
		if (c > 0 && start + (size_t)c - 1 <= end &&
		    walk_source(d->text, start + (size_t)c - 1, lit, len, src) == 0)
			return 1;
		for (i = start; i < end; i++)
			if (walk_source(d->text, i, lit, len, src) == 0)
				return 1;
	}
	memset(src, 0, len * sizeof *src);
	return 0;
}

/*
 * The closing ')' of a destination that starts at lit[i] (after "]("), parentheses balanced
 * as CommonMark balances them, escaped ones left out; 0 when the text ends first, or a
 * bracket comes: stopping there, no byte is looked at by two of these searches, so a
 * line of "[a](" is read in linear time.
 */
static size_t
destination_end(const char *lit, size_t len, const size_t *src, size_t i)
{
	int depth = 0;
	for (; i < len; i++) {
		if (src[i] == NOSRC)
			continue;
		if (lit[i] == '[' || lit[i] == ']')
			return 0;
		if (lit[i] == '(')
			depth++;
		else if (lit[i] == ')' && depth-- == 0)
			return i;
	}
	return 0;
}

/*
 * Whether the n bytes at s, between "](" and ")", are a destination that fails only for its
 * spaces: no tab, line break or other control character (which no file name has, and which
 * may hide a "javascript:"), and not "<...>", which CommonMark reads itself.
 */
static int
spaced_destination(const char *s, size_t n)
{
	size_t i;
	int spaces = 0;
	if (n && *s == '<')
		return 0;
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < ' ' || s[i] == 0x7f)
			return 0;
		spaces |= s[i] == ' ';
	}
	return spaces;
}

/*
 * Make a link (or image) of lit[open, close]: "[text](dest)" or "[text](dest "title")",
 * inserted before n. dest may have spaces, which is what CommonMark refuses.
 */
static cmark_node *
spaced_link(struct md_doc *d, cmark_node *n, const char *lit, size_t from, size_t open,
	size_t bracket, size_t close, int image, size_t off)
{
	cmark_node *link = cmark_node_new(image ? CMARK_NODE_IMAGE : CMARK_NODE_LINK);
	cmark_node *text;
	size_t a = bracket + 2, b = close, t;
	char *piece;
	trim(lit, &a, &b);
	/* A title in quotes after the destination, as CommonMark writes one. */
	if (b - a > 2 && lit[b - 1] == '"') {
		for (t = b - 1; t > a && !(lit[t] == '"' && lit[t - 1] == ' '); t--)
			;
		if (t > a) {
			piece = xstrndup(lit + t + 1, b - 1 - (t + 1));
			cmark_node_set_title(link, piece);
			free(piece);
			b = t;
			trim(lit, &a, &b);
		}
	}
	piece = xstrndup(lit + a, b - a);
	cmark_node_set_url(link, piece);
	free(piece);
	if (open > from) {
		text = cmark_node_new(CMARK_NODE_TEXT);
		piece = xstrndup(lit + from, open - from);
		cmark_node_set_literal(text, piece);
		free(piece);
		cmark_node_insert_before(n, text);
	}
	text = cmark_node_new(CMARK_NODE_TEXT);
	piece = xstrndup(lit + open + 1 + image, bracket - (open + 1 + image));
	cmark_node_set_literal(text, piece);
	free(piece);
	cmark_node_append_child(link, text);
	cmark_node_insert_before(n, link);
	d->spaced = xgrow(d->spaced, &d->capspaced, d->nspaced + 1, sizeof *d->spaced);
	d->spaced[d->nspaced].node = link;
	d->spaced[d->nspaced++].off = off;
	return link;
}

/*
 * "[text](dest)" in one text node, with spaces in dest: CommonMark leaves it as text (its
 * destinations have no spaces, unless written in <...>), but the author meant a link, such as
 * ![図](img/スクリーンショット 2026-04-01 100000.png), the name Windows gives a screenshot. It
 * becomes a link whose destination is checked like any other: a file of that name is linked,
 * and a missing one is an error at the link. Escaped brackets (\[) open nothing. n is
 * replaced by what it holds; the links are recorded in d->spaced in document order.
 */
static void
spaced_text(struct md_doc *d, cmark_node *n)
{
	char *lit = xstrdup(cmark_node_get_literal(n));
	size_t len = strlen(lit), *src = xcalloc(len + 1, sizeof *src), *opens = NULL;
	size_t nopens = 0, cap = 0, from = 0, i, close, open;
	int image;
	if (!literal_sources(d, n, lit, len, src))
		goto out; /* no source to tell escaped brackets by */
	for (i = 0; i < len; i++) {
		if (src[i] == NOSRC)
			continue;
		if (lit[i] == '[') {
			opens = xgrow(opens, &cap, nopens + 1, sizeof *opens);
			opens[nopens++] = i;
			continue;
		}
		if (lit[i] != ']' || !nopens)
			continue;
		open = opens[--nopens];
		if (lit[i + 1] != '(' || src[i + 1] == NOSRC ||
		    !(close = destination_end(lit, len, src, i + 2)) ||
		    !spaced_destination(lit + i + 2, close - (i + 2)))
			continue;
		image = open > from && lit[open - 1] == '!' && src[open - 1] != NOSRC;
		spaced_link(d, n, lit, from, open - image, i, close, image, src[open - image]);
		from = close + 1;
		nopens = 0; /* a link holds no link: no bracket before it pairs with one after */
		i = close;
	}
	if (from) {
		if (from < len) {
			cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_literal(text, lit + from);
			cmark_node_insert_before(n, text);
		}
		cmark_node_free(n);
	}
out:
	free(opens);
	free(src);
	free(lit);
}

/*
 * A link to a web address with spaces, which cmark-gfm's autolinker has already cut at the
 * first space: text ending "](" (after its '['), a link of the address up to the space, and
 * text " rest)". That link, its address made whole for the message that follows it, and in
 * *off the source of its '['; NULL for anything else.
 */
static cmark_node *
autolinked_spaces(const struct md_doc *d, cmark_node *t, size_t *off)
{
	const char *lit = cmark_node_get_literal(t), *rest;
	cmark_node *link = cmark_node_next(t), *after = link ? cmark_node_next(link) : NULL;
	size_t len = lit ? strlen(lit) : 0, i, n, *src;
	char *whole;
	if (len < 3 || strcmp(lit + len - 2, "](") || cmark_node_get_type(link) != CMARK_NODE_LINK ||
	    !after || cmark_node_get_type(after) != CMARK_NODE_TEXT ||
	    !(rest = cmark_node_get_literal(after)) || rest[0] != ' ' ||
	    rest[n = strcspn(rest, ")\n")] != ')')
		return NULL;
	for (i = len - 2; i > 0 && lit[i - 1] != '['; i--)
		;
	if (!i)
		return NULL;
	src = xcalloc(len + 1, sizeof *src);
	if (!literal_sources(d, t, lit, len, src) || src[i - 1] == NOSRC) {
		free(src);
		return NULL;
	}
	*off = src[i - 1];
	free(src);
	whole = xasprintf("%s%.*s", cmark_node_get_url(link), (int)n, rest);
	cmark_node_set_url(link, whole);
	free(whole);
	return link;
}

/* Links with spaces in their destinations (spaced_text) in every text outside links. */
static void
spaced_links(struct md_doc *d)
{
	cmark_iter *it = cmark_iter_new(d->root);
	cmark_event_type ev;
	cmark_node **texts = NULL;
	size_t n = 0, cap = 0, i;
	int depth = 0;
	d->nspaced = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);
		const char *lit;
		if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)
			depth += ev == CMARK_EVENT_ENTER ? 1 : -1;
		else if (type == CMARK_NODE_TEXT && !depth && (lit = cmark_node_get_literal(node)) &&
			 strstr(lit, "](")) {
			texts = xgrow(texts, &cap, n + 1, sizeof *texts);
			texts[n++] = node;
		}
	}
	cmark_iter_free(it);
	for (i = 0; i < n; i++) {
		size_t off;
		cmark_node *cut = autolinked_spaces(d, texts[i], &off);
		spaced_text(d, texts[i]); /* the links before the cut one, in order */
		if (cut) {
			d->spaced = xgrow(d->spaced, &d->capspaced, d->nspaced + 1, sizeof *d->spaced);
			d->spaced[d->nspaced].node = cut;
			d->spaced[d->nspaced++].off = off;
		}
	}
	free(texts);
}

/* A run of a text node's literal: plain text, or a link opened by open. */
struct run {
	size_t start, end;
	const char *open;
	size_t shown, shown_end; /* explicit links: the text shown */
};

static void
add_run(struct run **runs, size_t *n, size_t *cap, size_t start, size_t end, const char *open)
{
	struct run *r;
	if (start >= end)
		return;
	*runs = xgrow(*runs, cap, *n + 1, sizeof **runs);
	r = &(*runs)[(*n)++];
	r->start = r->shown = start;
	r->end = r->shown_end = end;
	r->open = open;
}

/* Plain text from start to end, with the hook's terms linked in it. */
static void
add_text(const struct md_terms *t, const struct page *pg, const char *lit, size_t start,
	size_t end, struct run **runs, size_t *n, size_t *cap)
{
	const struct md_span *spans;
	size_t k, nspans, at = start;
	if (start >= end)
		return;
	nspans = t->find(t->ud, pg, lit + start, end - start, &spans);
	for (k = 0; k < nspans; k++) {
		add_run(runs, n, cap, at, start + spans[k].start, NULL);
		add_run(runs, n, cap, start + spans[k].start, start + spans[k].end, spans[k].open);
		at = start + spans[k].end;
	}
	add_run(runs, n, cap, at, end, NULL);
}

/*
 * The next [[...]] in lit at or after from whose brackets are in the source (not escaped):
 * its start and end, and where its '|' is (or end - 2). 0 when there is none.
 */
static int
next_explicit(const char *lit, size_t len, const size_t *src, size_t from, size_t *start,
	size_t *end, size_t *bar)
{
	size_t i, j;
	for (i = from; i + 1 < len; i++) {
		if (lit[i] != '[' || lit[i + 1] != '[' || src[i] == NOSRC || src[i + 1] == NOSRC)
			continue;
		*bar = 0;
		for (j = i + 2; j + 1 < len; j++) {
			if (lit[j] == '[' && src[j] != NOSRC)
				break; /* a new [[ starts here */
			if (lit[j] == '|' && !*bar)
				*bar = j; /* even as \| (which a table cell needs) */
			if (lit[j] == ']' && lit[j + 1] == ']' && src[j] != NOSRC && src[j + 1] != NOSRC) {
				if (!*bar)
					*bar = j;
				*start = i;
				*end = j + 2;
				return 1;
			}
		}
	}
	return 0;
}

/* Replace text node n by its runs (when anything in it is linked). */
static void
split_text(struct md_doc *d, cmark_node *n, const char *lit, const struct run *runs,
	size_t nruns)
{
	char url[32];
	size_t k;
	if (nruns == 1 && !runs[0].open && runs[0].start == 0 && runs[0].end == strlen(lit))
		return;
	for (k = 0; k < nruns; k++) {
		cmark_node *text = cmark_node_new(CMARK_NODE_TEXT), *node = text;
		char *piece = xstrndup(lit + runs[k].shown, runs[k].shown_end - runs[k].shown);
		cmark_node_set_literal(text, piece);
		free(piece);
		if (runs[k].open) {
			node = cmark_node_new(CMARK_NODE_LINK);
			snprintf(url, sizeof url, TERM_URL "%zu", d->nopens);
			cmark_node_set_url(node, url);
			cmark_node_append_child(node, text);
			d->opens = xgrow(d->opens, &d->capopens, d->nopens + 1, sizeof *d->opens);
			d->opens[d->nopens++] = runs[k].open;
		}
		cmark_node_insert_before(n, node);
	}
	cmark_node_free(n);
}

/*
 * Replace every from in *html by prefix and ' aria-label="label"' (escaped), through the
 * buffer b; *html then points into b. Nothing happens without a label or a match.
 */
static void
relabel(const char **html, struct buf *b, const char *from, const char *prefix,
	const char *label)
{
	const char *s = *html, *m;
	if (!label || !str_find(s, from))
		return;
	while ((m = str_find(s, from))) {
		buf_put(b, s, (size_t)(m - s));
		buf_printf(b, "%s aria-label=\"", prefix);
		buf_put_html(b, label, strlen(label));
		buf_putc(b, '"');
		s = m + strlen(from);
	}
	buf_puts(b, s);
	*html = buf_cstr(b);
}

/* The number of the stand-in (TERM_URL or HTML_URL) at s, followed by tail; -1 if none. */
static long
stand_in_number(const char *s, const char *url, size_t count, const char *tail, const char **end)
{
	char *e;
	unsigned long i;
	if (!str_starts(s, url) || s[strlen(url)] < '0' || s[strlen(url)] > '9')
		return -1;
	i = strtoul(s + strlen(url), &e, 10);
	if (i >= count || !str_starts(e, tail))
		return -1;
	*end = e + strlen(tail);
	return (long)i;
}

/*
 * Append html with each stand-in replaced: a term link's opening tag by the hook's, and a
 * whole HTML_URL link by the HTML it stands for; and the labels cmark-gfm leaves out or
 * writes in English from the theme's strings: on task list check boxes, and on footnote
 * back-links in place of "Back to content".
 */
static void
put_html(struct buf *out, const struct md_doc *d, const char *html, const struct md_render_opts *o)
{
	static const char mark[] = "<a href=\"kenshu-";
	struct buf tasks = BUF_INIT, backrefs = BUF_INIT;
	const char *s = html, *m, *end;
	long i;
	/* Raw HTML in content is escaped, so every <input in the HTML is a task list's. */
	relabel(&s, &tasks, "<input type=\"checkbox\"", "<input type=\"checkbox\"", o->task_label);
	relabel(&s, &backrefs, " aria-label=\"Back to content\"", "", o->footnote_back);
	while ((d->nopens || d->nhtmls) && (m = str_find(s, mark))) {
		const char *url = m + strlen("<a href=\"");
		buf_put(out, s, (size_t)(m - s));
		if ((i = stand_in_number(url, TERM_URL, d->nopens, "\">", &end)) >= 0) {
			buf_puts(out, d->opens[i]);
			s = end;
		} else if ((i = stand_in_number(url, HTML_URL, d->nhtmls, "\"></a>", &end)) >= 0) {
			buf_puts(out, d->htmls[i]);
			s = end;
		} else {
			buf_put(out, m, 1);
			s = m + 1;
		}
	}
	buf_puts(out, s);
	buf_free(&tasks);
	buf_free(&backrefs);
}

/*
 * Explicit [[...]] links and the hook's terms in one text node. excluded: the node is in a
 * heading, link or image, where no link can go.
 */
static int
link_text(struct page *pg, struct md_doc *d, const struct md_terms *t, cmark_node *n,
	int excluded)
{
	const char *lit = cmark_node_get_literal(n);
	size_t len = lit ? strlen(lit) : 0, *src = NULL, at = 0, start, end, bar;
	struct run *runs = NULL;
	size_t nruns = 0, cap = 0;
	int rc = 0, known = 0;

	if (!len)
		return 0;
	if (strstr(lit, "[[")) {
		src = xcalloc(len, sizeof *src);
		known = literal_sources(d, n, lit, len, src);
	}
	while (src && next_explicit(lit, len, src, at, &start, &end, &bar)) {
		size_t na = start + 2, nb = bar, sa = bar + 1, sb = end - 2;
		const char *open = NULL;
		char *name;
		int line, col;
		trim(lit, &na, &nb);
		if (na == nb) {
			at = start + 2;
			continue;
		}
		if (bar == end - 2) {
			sa = na;
			sb = nb;
		}
		trim(lit, &sa, &sb);
		if (sa == sb) {
			sa = na;
			sb = nb;
		}
		name = xstrndup(lit + na, nb - na);
		if (known)
			tmpl_map_find(d->map, d->nmap, pg->body, src[start], &d->cursor, &line, &col);
		else
			node_pos(pg, d, n, &line, &col);
		if (excluded) {
			diag_error(pg->shown, line, col, "a glossary link cannot be inside a heading, "
				"a link or an image: write '%s' as plain text there", name);
			rc = -1;
		} else {
			add_text(t, pg, lit, at, start, &runs, &nruns, &cap);
			if (!(open = t->named(t->ud, pg, name, line, col)))
				rc = -1;
		}
		free(name);
		if (!excluded) {
			add_run(&runs, &nruns, &cap, start, end, open);
			if (open) {
				runs[nruns - 1].shown = sa;
				runs[nruns - 1].shown_end = sb;
			}
		}
		at = end;
	}
	if (!excluded) {
		add_text(t, pg, lit, at, len, &runs, &nruns, &cap);
		split_text(d, n, lit, runs, nruns);
	}
	free(runs);
	free(src);
	return rc;
}

/* Glossary links in every text node of the document, in document order. */
static int
link_terms(struct page *pg, struct md_doc *d, const struct md_terms *t)
{
	cmark_iter *it = cmark_iter_new(d->root);
	cmark_event_type ev;
	cmark_node **texts = NULL;
	char *excluded = NULL;
	size_t n = 0, cap = 0, xcap = 0, i;
	int depth = 0, rc = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
		case CMARK_NODE_HEADING:
			depth += ev == CMARK_EVENT_ENTER ? 1 : -1;
			break;
		case CMARK_NODE_TEXT:
			texts = xgrow(texts, &cap, n + 1, sizeof *texts);
			excluded = xgrow(excluded, &xcap, n + 1, 1);
			excluded[n] = depth > 0;
			texts[n++] = node;
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	for (i = 0; i < n; i++)
		if (link_text(pg, d, t, texts[i], excluded[i]) < 0)
			rc = -1;
	free(texts);
	free(excluded);
	return rc;
}

/* The document's text, a line per block, as search indexes it. */
static char *
plain_text(cmark_node *root)
{
	struct buf b = BUF_INIT;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
		case CMARK_NODE_HTML_INLINE:
		case CMARK_NODE_HTML_BLOCK:
			if (ev == CMARK_EVENT_ENTER)
				buf_puts(&b, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(&b, ' ');
			break;
		default:
			if (ev == CMARK_EVENT_EXIT &&
			    (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK &&
			    b.len && b.data[b.len - 1] != '\n')
				buf_putc(&b, '\n');
			break;
		}
	}
	cmark_iter_free(it);
	return buf_detach(&b);
}

/* Take the heading pg's title came from out of the page: the theme shows the title. */
static void
drop_title(const struct page *pg, struct md_doc *d)
{
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node *found = NULL;
	size_t i, kept;
	if (!pg->title_line)
		return;
	it = cmark_iter_new(d->root);
	while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER && title_heading(pg, d, cmark_iter_get_node(it)))
			found = cmark_iter_get_node(it);
	cmark_iter_free(it);
	if (!found)
		return;
	/* Its links with spaces go with it: the links after them are matched in order. */
	for (i = 0, kept = 0; i < d->nspaced; i++) {
		cmark_node *up = d->spaced[i].node;
		while (up && up != found)
			up = cmark_node_parent(up);
		if (!up)
			d->spaced[kept++] = d->spaced[i];
	}
	d->nspaced = kept;
	cmark_node_free(found);
}

/* Whether url is relative: no scheme, not "//host". */
static int
relative_url(const char *url)
{
	size_t n = strcspn(url, ":/?#");
	return url[n] != ':' && strncmp(url, "//", 2) != 0;
}

/* The media kind of what url names, its query and fragment left out. */
static enum media_kind
url_kind(const char *url)
{
	char *path = xstrndup(url, strcspn(url, "?#"));
	enum media_kind kind = media_kind(path);
	free(path);
	return kind;
}

/* Whether n is inside a link: a player there would put a link in a link. */
static int
in_link(cmark_node *n)
{
	while ((n = cmark_node_parent(n)))
		if (cmark_node_get_type(n) == CMARK_NODE_LINK)
			return 1;
	return 0;
}

/*
 * Resolve link or image n through o->link. *spaced is the next of d->spaced, which n may be:
 * its place is then where the author wrote it, and a web address with spaces is an error.
 * 0, 1 when the URL is dangerous (the link is to be dropped), 2 when n is an image of video
 * or sound in the site (to become a player), or -1 after reporting.
 */
static int
resolve_link(const struct page *pg, struct md_doc *d, const struct md_render_opts *o,
	cmark_node *n, size_t *spaced)
{
	const char *url = cmark_node_get_url(n);
	int line, col, was_spaced = *spaced < d->nspaced && d->spaced[*spaced].node == n, playable;
	enum media_kind kind;
	char *fixed;
	if (was_spaced)
		tmpl_map_find(d->map, d->nmap, pg->body, d->spaced[(*spaced)++].off, &d->cursor,
			&line, &col);
	else
		node_pos(pg, d, n, &line, &col);
	if (!url || !*url)
		return 0;
	if (dangerous_url(url))
		return 1;
	if (was_spaced && !relative_url(url)) {
		diag_error(pg->shown, line, col, "the address '%s' has spaces, which a link to "
			"another site cannot hold: write each space as %%20", url);
		return -1;
	}
	kind = url_kind(url);
	playable = cmark_node_get_type(n) == CMARK_NODE_IMAGE && relative_url(url) &&
		(kind == MEDIA_VIDEO || kind == MEDIA_AUDIO);
	if (!(fixed = o->link(o->link_ud, pg, url, line, col)))
		return -1;
	if (cmark_node_get_type(n) == CMARK_NODE_IMAGE && kind == MEDIA_FILE) {
		struct buf alt = BUF_INIT;
		node_text(n, &alt);
		diag_error(pg->shown, line, col, "'%s' is not a picture, so '!' cannot show it: "
			"link it for download as [%s](%s)", url, buf_cstr(&alt), url);
		buf_free(&alt);
		free(fixed);
		return -1;
	}
	if (playable && in_link(n)) {
		struct buf alt = BUF_INIT;
		node_text(n, &alt);
		diag_error(pg->shown, line, col, "'%s' is shown as a player, which cannot be inside a "
			"link: take the link away, or link the file as [%s](%s)", url, buf_cstr(&alt),
			url);
		buf_free(&alt);
		free(fixed);
		return -1;
	}
	if (playable && !cmark_node_first_child(n))
		diag_warning(pg->shown, line, col, "'%s' has no description, which names its player "
			"for those who cannot see it: write one, as in ![what it shows](%s)", url, url);
	cmark_node_set_url(n, fixed); /* url is gone */
	free(fixed);
	return playable ? 2 : 0;
}

/*
 * Replace image n, video or sound in the site, by a player with its controls, named by the
 * image's description, and holding a link to the file for a browser that plays neither.
 */
static void
player(struct md_doc *d, cmark_node *n)
{
	const char *url = cmark_node_get_url(n), *slash;
	const char *tag = url_kind(url) == MEDIA_VIDEO ? "video" : "audio";
	struct buf alt = BUF_INIT, b = BUF_INIT;
	cmark_node *stand;
	node_text(n, &alt);
	buf_printf(&b, "<%s controls preload=\"metadata\" src=\"", tag);
	buf_put_html(&b, url, strlen(url));
	if (alt.len) {
		buf_puts(&b, "\" aria-label=\"");
		buf_put_html(&b, alt.data, alt.len);
	}
	buf_puts(&b, "\"><a href=\"");
	buf_put_html(&b, url, strlen(url));
	buf_puts(&b, "\">");
	if (!alt.len) { /* the file's name, then */
		slash = strrchr(url, '/');
		buf_puts(&alt, slash ? slash + 1 : url);
	}
	buf_put_html(&b, alt.data, alt.len);
	buf_printf(&b, "</a></%s>", tag);
	stand = stand_in(d, buf_cstr(&b));
	cmark_node_replace(n, stand);
	cmark_node_free(n);
	buf_free(&alt);
	buf_free(&b);
}

int
md_render(struct page *pg, const struct md_render_opts *o, struct buf *out, char **plain)
{
	struct md_doc *d = pg->doc;
	cmark_node **todo = NULL, **players = NULL;
	size_t ntodo = 0, cap = 0, nplayers = 0, capplayers = 0, i, heading = 0, spaced = 0;
	cmark_iter *it;
	cmark_event_type ev;
	char *html;
	int rc = 0, tables = 0;

	if (plain)
		*plain = NULL;
	if (!d)
		return -1;
	/* Released since md_parse: the same source gives the same text and the same tree. */
	if (!d->text)
		expand(pg, d);
	if (!d->root)
		parse_doc(d);
	drop_title(pg, d);
	/* Collect first: the changes below replace nodes, which an iterator must not see. */
	it = cmark_iter_new(d->root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER && type != CMARK_NODE_BLOCK_QUOTE)
			continue;
		if (ev == CMARK_EVENT_ENTER && type == CMARK_NODE_BLOCK_QUOTE)
			continue; /* handled on exit, so nested quotes turn into callouts first */
		if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
			switch (resolve_link(pg, d, o, n, &spaced)) {
			case -1:
				rc = -1;
				break;
			case 1: /* dangerous: loses its link */
				todo = xgrow(todo, &cap, ntodo + 1, sizeof *todo);
				todo[ntodo++] = n;
				break;
			case 2:
				players = xgrow(players, &capplayers, nplayers + 1, sizeof *players);
				players[nplayers++] = n;
				break;
			default:
				break;
			}
			continue;
		}
		if (type == CMARK_NODE_HEADING || type == CMARK_NODE_BLOCK_QUOTE ||
		    (o->table_label && !strcmp(cmark_node_get_type_string(n), "table"))) {
			todo = xgrow(todo, &cap, ntodo + 1, sizeof *todo);
			todo[ntodo++] = n;
		}
	}
	cmark_iter_free(it);
	raw_html(pg, d); /* first: a player's label is its description's text, tags left out */
	for (i = 0; i < nplayers; i++)
		player(d, players[i]);
	free(players);
	for (i = 0; i < ntodo; i++) {
		switch (cmark_node_get_type(todo[i])) {
		case CMARK_NODE_BLOCK_QUOTE:
			if (callout(todo[i], o))
				todo[i] = NULL;
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			unlink_node(todo[i]);
			todo[i] = NULL;
			break;
		default:
			if (!strcmp(cmark_node_get_type_string(todo[i]), "table")) {
				wrap_table(todo[i], o->table_label, ++tables);
				todo[i] = NULL;
			}
			break;
		}
	}
	/* Terms after callouts (their [!NOTE] is gone), before headings lose their type. */
	if (o->terms && link_terms(pg, d, o->terms) < 0)
		rc = -1;
	for (i = 0; i < ntodo; i++)
		if (todo[i] && cmark_node_get_type(todo[i]) == CMARK_NODE_HEADING &&
		    heading < pg->nheadings)
			heading_with_id(todo[i], pg->headings[heading++].id);
	free(todo);
	/* After the changes: no [!NOTE] or [[term|...]] syntax in it. */
	if (plain)
		*plain = plain_text(d->root);
	if (rc == 0) {
		html = cmark_render_html(d->root, CMARK_OPT_FOOTNOTES, extensions);
		put_html(out, d, html, o);
		free(html);
		if (o->terms && o->terms->end)
			o->terms->end(o->terms->ud, pg, out);
	}
	md_free(pg);
	return rc;
}

int
md_render_fragment(const char *md, const char *src, const char *shown, int line,
	const struct value *vars, const struct md_render_opts *o, struct buf *out, char **plain)
{
	struct page pg;
	char *text = NULL;
	size_t i;
	int rc;

	memset(&pg, 0, sizeof pg);
	pg.kind = PAGE_EXTRA;
	pg.src = (char *)src;
	pg.shown = (char *)shown;
	pg.body = md;
	pg.body_len = strlen(md);
	pg.body_line = line;
	rc = md_parse(&pg, vars, NULL);
	if (pg.doc && md_render(&pg, o, out, plain ? &text : NULL) < 0)
		rc = -1;
	md_free(&pg);
	if (plain)
		*plain = text ? text : xstrdup("");
	for (i = 0; i < pg.nheadings; i++) {
		free(pg.headings[i].id);
		free(pg.headings[i].text);
	}
	free(pg.headings);
	strmap_free(&pg.heading_ids);
	return rc;
}
