/*
 * render: turns the model into HTML pages through the theme's Mustache templates. It builds
 * the data every template sees (site, interface strings, navigation, the page, its body and
 * table of contents, breadcrumbs, previous and next) and renders "<kind>.html" into the
 * theme's "layout.html". A PAGE_EXTRA page renders the template it names against its own
 * data, available as {{data}}. The navigation tree and the header menu are built once and
 * only their "current" marks change from page to page, so every PAGE_EXTRA page must exist
 * before render_new.
 *
 * Ownership: render_new borrows the project and theme for its lifetime; render_free
 * releases the renderer (accepts NULL).
 */
#ifndef KENSHU_RENDER_H
#define KENSHU_RENDER_H

#include "content.h"
#include "util.h"

struct theme;
struct render;

/* -1 after reporting (a template that does not compile). */
struct render *render_new(struct project *p, const struct theme *t);
void render_free(struct render *r);

/*
 * Render pg (already md_parse'd, for pages with a body) into out, its terms linked through
 * terms (NULL: none), and its body's text for search into *plain (NULL for a page without a
 * body, or after an error; free it). Pages may be rendered on several threads at once, each
 * with its own terms hook; the renderer is not changed by it. -1 after reporting.
 */
struct md_terms;
int render_page(struct render *r, struct page *pg, const struct md_terms *terms, struct buf *out,
	char **plain);
/*
 * After every page: a name the theme's templates use that no page had and the default theme
 * does not use either (a misspelling, {{page.titel}}) is an error at its file:line:col.
 * -1 after reporting.
 */
int render_check_theme(struct render *r);
/*
 * The Markdown options every page is rendered with (borrowed), for a module to hook into
 * before the first page is rendered (the glossary's term links).
 */
struct md_render_opts *render_md_opts(struct render *r);
/*
 * The script every page loads before the theme's own: window.kenshuCourse, with the content
 * version ("build", as {{site.build}}), the output names of the lessons ("lessons"), of each
 * module's lessons by module page ("modules") and of the tests ("tests").
 */
#define COURSE_SCRIPT "assets/course.js"
void render_course_script(struct render *r, struct buf *out);
/* The images and PDFs the pages rendered so far link (media.h), for the site and archives. */
struct media *render_media(struct render *r);
/* Render a theme text template (such as the ZIP's read-me) with the site data. */
int render_text(struct render *r, const char *name, struct buf *out);

#endif
