/*
 * template: a Mustache engine (variables, sections, inverted sections, comments, partials,
 * set delimiters; no lambdas) used twice: for the theme's page layouts, where {{x}} is
 * HTML-escaped and a missing name renders empty as the Mustache spec says, and for the
 * {{org.*}} tags in lesson Markdown, where the escaper makes values literal Markdown and
 * strict mode turns an unknown name into an error at its file:line:col.
 *
 * A template is compiled once and rendered many times. Partials are looked up by name through
 * the partial callback when first needed and cached inside the template set, so rendering the
 * same layout for thousands of pages parses each partial once per indentation.
 *
 * A checked set (a theme's) compiles every partial its templates name when they are compiled,
 * and rendering then changes nothing in it but atomic flags: it may be rendered from several
 * threads at once. Another set resolves partials on first render and must stay on one
 * thread.
 *
 * Ownership: tmpl_set_new's sources are copied. tmpl_set_free frees the set and every template
 * compiled from it (and accepts NULL). Rendering borrows the context.
 */
#ifndef KENSHU_TEMPLATE_H
#define KENSHU_TEMPLATE_H

#include <stddef.h>

#include "util.h"

struct value;

/*
 * Return the source of partial name (len in *len), or NULL when there is none; *file may be
 * set to the path diagnostics show for it (borrowed until the set is freed; else the name).
 */
typedef const char *(*tmpl_partial_fn)(void *ud, const char *name, size_t *len,
	const char **file);
typedef void (*tmpl_escape_fn)(struct buf *out, const char *s, size_t n);

struct tmpl_opts {
	tmpl_escape_fn escape; /* for {{name}}; NULL means HTML escaping */
	int strict; /* an unknown name is an error instead of empty */
	tmpl_partial_fn partial; /* NULL: no partials */
	void *partial_ud;
	/*
	 * A theme's layouts: names may be missing on some pages (tmpl_set_check judges the
	 * names afterwards), but a missing partial and runaway recursion are errors.
	 */
	int checked;
};

struct tmpl_set;
struct tmpl;

struct tmpl_set *tmpl_set_new(const struct tmpl_opts *opts);
void tmpl_set_free(struct tmpl_set *set);

/*
 * Compile src. file and line_offset place diagnostics (line_offset is added to line numbers,
 * for Markdown below front matter). NULL after reporting a syntax error (unclosed section,
 * mismatched close tag, bad delimiter tag) at its file:line:col.
 */
struct tmpl *tmpl_compile(struct tmpl_set *set, const char *file, int line_offset,
	const char *src, size_t len);

/*
 * As tmpl_compile, for a set that is not checked, where the byte ranges [verbatim[2i],
 * verbatim[2i+1]) of src (in order, not overlapping) are text whatever they hold: no tag
 * starts in them. Markdown's code spans and blocks, shown exactly as written; sections may
 * still open before such a range and close after it.
 */
struct tmpl *tmpl_compile_prose(struct tmpl_set *set, const char *file, int line_offset,
	const char *src, size_t len, const size_t *verbatim, size_t nverbatim);

/*
 * After every rendering: report, at its file:line:col, each variable or section name that was
 * reached in some rendering, was found in none, and that known() does not accept (a name a
 * correct layout may leave unset, such as an optional summary). -1 after reporting.
 */
int tmpl_set_check(struct tmpl_set *set, int (*known)(void *ud, const char *name), void *ud);
/* Call fn with every name t's variables and sections use. */
void tmpl_each_name(const struct tmpl *t, void (*fn)(void *ud, const char *name), void *ud);

/* Append the rendering of t against ctx to out. -1 after reporting (strict mode only). */
int tmpl_render(struct tmpl *t, const struct value *ctx, struct buf *out);

/* Where a piece of rendered output came from in the template's source. */
struct tmpl_pos {
	size_t out; /* offset in the output where the piece starts */
	size_t src; /* text: offset of the piece in the source */
	int line, col; /* of the piece's start (line_offset included) */
	int text; /* copied source text (else a value, placed at its tag) */
};

/*
 * As tmpl_render, and *map (malloc'd, the caller frees) receives where each piece of the
 * output came from, so that later stages can report positions in the file the author wrote,
 * even where sections removed lines or values changed lengths. Partials are not mapped.
 */
int tmpl_render_mapped(struct tmpl *t, const struct value *ctx, struct buf *out,
	struct tmpl_pos **map, size_t *nmap);
/*
 * Where the last tmpl_map_find stopped, so that the next one, further on in the same piece,
 * counts on from there: finding positions in order costs time linear in the text, not in
 * the text times the positions. Start it zeroed.
 */
struct tmpl_cursor {
	size_t piece, out, src;
	int line, col, valid;
};

/*
 * The source line and column (in characters) of output offset off; src is the source. cur
 * (may be NULL) is the cursor of earlier calls on the same map.
 */
void tmpl_map_find(const struct tmpl_pos *map, size_t n, const char *src, size_t off,
	struct tmpl_cursor *cur, int *line, int *col);

#endif
