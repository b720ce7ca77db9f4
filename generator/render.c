#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "links.h"
#include "markdown.h"
#include "media.h"
#include "template.h"
#include "theme.h"
#include "value.h"

enum { T_LAYOUT, T_HOME, T_MODULE, T_LESSON, T_COUNT };
static const char *const tmpl_names[T_COUNT] = {"layout.html", "home.html", "module.html",
	"lesson.html"};

struct render {
	struct project *p;
	const struct theme *theme;
	struct tmpl_set *set;
	struct tmpl *tmpl[T_COUNT];
	struct value *shared; /* site, strings, nav: the part every page shares */
	struct strmap extra_tmpl; /* template name -> compiled template, for PAGE_EXTRA pages */
	struct value **menu_entries; /* header menu entry of each PAGE_EXTRA page, or NULL */
	struct value **module_entries; /* nav entry of each module */
	struct value ***lesson_entries; /* nav entry of each lesson, per module */
	struct value *course; /* what the learner's progress counts, for COURSE_SCRIPT */
	struct value *home_data; /* {{data}} of the home page */
	struct links links; /* what pages link, media included */
	struct md_render_opts md;
	char *theme_dir;
	char **partial_files; /* the shown paths of the partials compiled */
	size_t npartial_files, cappartial_files;
};

static const char *
partial_source(void *ud, const char *name, size_t *len, const char **shown)
{
	struct render *r = ud;
	char *file = xasprintf("%s.html", name);
	const struct theme_file *f = theme_get(r->theme, file);
	if (f) {
		r->partial_files = xgrow(r->partial_files, &r->cappartial_files,
			r->npartial_files + 1, sizeof *r->partial_files);
		*shown = r->partial_files[r->npartial_files++] = xasprintf("%s/%s", r->theme_dir,
			file);
		*len = f->len;
	}
	free(file);
	return f ? f->data : NULL;
}

static void
note_name(void *ud, const char *name)
{
	strmap_put(ud, name, ud);
}

static int
default_name(void *ud, const char *name)
{
	return strmap_get(ud, name) != NULL;
}

int
render_check_theme(struct render *r)
{
	struct strmap names = STRMAP_INIT;
	struct tmpl_set *set = tmpl_set_new(NULL);
	size_t i;
	int rc;
	/*
	 * The names the default theme's pages use: a layout may leave any of them unset on a page.
	 * Not the records report's (roster.html), which no page renders.
	 */
	for (i = 0; i < theme_default_nfiles; i++) {
		const struct theme_file *f = &theme_default_files[i];
		struct tmpl *t;
		if (str_ends(f->name, ".html") && strcmp(f->name, "roster.html") != 0 &&
		    (t = tmpl_compile(set, f->name, 0, f->data, f->len)))
			tmpl_each_name(t, note_name, &names);
	}
	rc = tmpl_set_check(r->set, default_name, &names);
	tmpl_set_free(set);
	strmap_free(&names);
	return rc;
}

static struct value *
link_value(const struct page *pg)
{
	struct value *v = value_map();
	value_set(v, "title", value_str(pg->title ? pg->title : ""));
	value_set(v, "href", value_str(pg->out));
	return v;
}

static struct value *
site_value(const struct project *p)
{
	struct value *v = value_map();
	char id[17];
	snprintf(id, sizeof id, "%016llx", p->hash);
	value_set(v, "title", value_str(p->site.title ? p->site.title : ""));
	value_set(v, "id", value_str(p->site.id ? p->site.id : ""));
	value_set(v, "lang", value_str(p->site.lang));
	value_set(v, "build", value_str(id));
	if (p->site.submit_url && p->site.submit_url[0])
		value_set(v, "submit_url", value_str(p->site.submit_url));
	if (p->site.logo_out)
		value_set(v, "logo", value_str(p->site.logo_out));
	if (p->site.brand_color)
		value_set(v, "brand_color", value_str(p->site.brand_color));
	return v;
}

/*
 * The navigation column lists at most NAV_SHOWN modules: all of them in a course of that many,
 * otherwise those around the page's own, and a link to the home page's list of all. With
 * every module on every page, the site would grow with the square of the course (a page of a
 * 500-module course would carry 500 entries), and the column would be of no use.
 */
#define NAV_SHOWN 24
/* The same for the lessons of the page's own module: a module of 4,000 lessons lists 50. */
#define NAV_LESSONS 50

/* The navigation tree: every module with its lessons, current marks all false. */
static void
build_nav(struct render *r)
{
	struct project *p = r->p;
	struct value *nav = value_list();
	size_t i, j;
	r->module_entries = xcalloc(p->nmodules, sizeof *r->module_entries);
	r->lesson_entries = xcalloc(p->nmodules, sizeof *r->lesson_entries);
	for (i = 0; i < p->nmodules; i++) {
		struct module *m = &p->modules[i];
		struct value *e = value_push(nav, link_value(&m->page));
		struct value *lessons = value_set(e, "lessons", value_list());
		value_set(e, "number", value_num((double)(i + 1)));
		value_set(e, "summary", value_str(m->page.summary ? m->page.summary : ""));
		value_set(e, "count", value_num((double)m->n));
		value_set(e, "one_lesson", value_bool(m->n == 1)); /* "1 lesson", not "1 lessons" */
		value_set(e, "current", value_bool(0));
		value_set(e, "open", value_bool(0));
		value_set(e, "nav_lessons", value_view());
		value_set(e, "nav_lessons_more", value_bool(0));
		r->module_entries[i] = e;
		r->lesson_entries[i] = xcalloc(m->n, sizeof **r->lesson_entries);
		for (j = 0; j < m->n; j++) {
			struct page *pg = m->lessons[j];
			struct value *l = value_push(lessons, link_value(pg));
			value_set(l, "summary", value_str(pg->summary ? pg->summary : ""));
			if (pg->duration)
				value_set(l, "duration", value_num(pg->duration));
			value_set(l, "current", value_bool(0));
			r->lesson_entries[i][j] = l;
		}
	}
	value_set(r->shared, "nav", nav);
	value_set(r->shared, "has_modules", value_bool(p->nmodules > 0));
}

/*
 * What the learner's progress counts: the output names of every lesson, of each module's
 * lessons and of every test (from the home page's test list). They go to COURSE_SCRIPT, once,
 * not into every page: listed in each page's header, a course of 10,000 lessons would repeat
 * 240 KB of names on every page.
 */
static void
build_progress(struct render *r)
{
	struct project *p = r->p;
	struct value *prog = value_map();
	struct value *lessons, *modules, *hrefs;
	size_t i, j;
	r->course = value_map();
	value_set(r->course, "build", value_str(value_get(value_get(r->shared, "site"), "build")->str));
	lessons = value_set(r->course, "lessons", value_list());
	modules = value_set(r->course, "modules", value_map());
	hrefs = value_set(r->course, "tests", value_list());
	for (i = 0; i < p->nmodules; i++) {
		struct value *own = value_set(modules, p->modules[i].page.out, value_list());
		for (j = 0; j < p->modules[i].n; j++) {
			value_push(lessons, value_str(p->modules[i].lessons[j]->out));
			value_push(own, value_str(p->modules[i].lessons[j]->out));
		}
	}
	for (i = 0; i < p->ntests; i++)
		value_push(hrefs, value_str(p->tests[i].page->out));
	value_set(prog, "any", value_bool(lessons->n > 0 || hrefs->n > 0));
	value_set(r->shared, "progress", prog);
}

/* {{data}} of the home page: the tests behind its progress summary (quiz_progress), if any. */
static void
build_home(struct render *r)
{
	const struct project *p = r->p;
	struct value *progress, *tests;
	size_t i;
	r->home_data = value_map();
	if (!p->ntests)
		return;
	progress = value_set(r->home_data, "quiz_progress", value_map());
	tests = value_set(progress, "tests", value_list());
	for (i = 0; i < p->ntests; i++)
		value_set(value_push(tests, link_value(p->tests[i].page)), "id",
			value_str(p->tests[i].id));
	value_set(progress, "total", value_num((double)p->ntests));
}

void
render_course_script(struct render *r, struct buf *out)
{
	buf_puts(out, "window.kenshuCourse = ");
	value_json(r->course, out);
	buf_puts(out, ";\n");
}

/* The header menu: the extra pages that asked to be in it (quizzes, glossary, ...). */
static void
build_menu(struct render *r)
{
	struct project *p = r->p;
	struct value *menu = value_list();
	size_t i;
	r->menu_entries = xcalloc(p->nextras, sizeof *r->menu_entries);
	for (i = 0; i < p->nextras; i++) {
		if (!p->extras[i]->in_menu)
			continue;
		r->menu_entries[i] = value_push(menu, link_value(p->extras[i]));
		value_set(r->menu_entries[i], "current", value_bool(0));
	}
	value_set(r->shared, "has_menu", value_bool(menu->n > 0));
	value_set(r->shared, "menu", menu);
}

struct render *
render_new(struct project *p, const struct theme *t)
{
	static const char *const callout_keys[5] = {"callout_note", "callout_tip",
		"callout_important", "callout_warning", "callout_caution"};
	struct tmpl_opts opts = {.partial = partial_source, .checked = 1};
	struct render *r = xcalloc(1, sizeof *r);
	size_t i;
	int rc = 0;

	r->p = p;
	r->theme = t;
	opts.partial_ud = r;
	r->set = tmpl_set_new(&opts);
	r->theme_dir = xasprintf("%sthemes/%s", p->prefix, p->site.theme);
	for (i = 0; i < T_COUNT; i++) {
		const struct theme_file *f = theme_get(t, tmpl_names[i]);
		char *shown = xasprintf("%s/%s", r->theme_dir, tmpl_names[i]);
		if (!f) {
			diag_error(shown, 0, 0, "the theme has no %s", tmpl_names[i]);
			rc = -1;
		} else if (!(r->tmpl[i] = tmpl_compile(r->set, shown, 0, f->data, f->len))) {
			rc = -1;
		}
		free(shown);
	}
	r->shared = value_map();
	value_set(r->shared, "site", site_value(p));
	/* Borrowed from the theme and the site; render_free takes them out before freeing. */
	value_set(r->shared, "strings", (struct value *)theme_strings(t));
	value_set(r->shared, "org", value_get(p->site.vars, "org"));
	build_nav(r);
	build_menu(r);
	build_progress(r);
	build_home(r);
	r->links.p = p;
	r->links.media = media_new();
	r->md.link = links_resolve;
	r->md.link_ud = &r->links;
	for (i = 0; i < 5; i++)
		r->md.callout_titles[i] = theme_string(t, callout_keys[i]);
	r->md.footnote_back = theme_string(t, "footnote_back");
	r->md.table_label = theme_string(t, "table_label");
	r->md.task_label = theme_string(t, "task_item");
	/*
	 * Every template now: pages render on several threads, which must not change the set. A
	 * template that is missing or does not compile fails its pages, not the others.
	 */
	for (i = 0; i < p->nextras; i++) {
		const char *name = p->extras[i]->template;
		const struct theme_file *f;
		char *shown;
		struct tmpl *x;
		if (strmap_get(&r->extra_tmpl, name))
			continue;
		f = theme_get(t, name);
		shown = xasprintf("%s/%s", r->theme_dir, name);
		if (!f)
			diag_error(shown, 0, 0, "the theme has no %s", name);
		else if ((x = tmpl_compile(r->set, shown, 0, f->data, f->len)))
			strmap_put(&r->extra_tmpl, name, x);
		free(shown);
	}
	if (rc < 0) {
		render_free(r);
		return NULL;
	}
	return r;
}

void
render_free(struct render *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->p->nmodules; i++)
		free(r->lesson_entries ? r->lesson_entries[i] : NULL);
	free(r->lesson_entries);
	free(r->module_entries);
	free(r->menu_entries);
	strmap_free(&r->extra_tmpl);
	value_free(r->course);
	value_free(r->home_data);
	media_free(r->links.media);
	if (r->shared) {
		for (i = 0; i < r->shared->n; i++)
			if (!strcmp(r->shared->keys[i], "strings") || !strcmp(r->shared->keys[i], "org"))
				r->shared->items[i] = NULL;
		value_free(r->shared);
	}
	tmpl_set_free(r->set);
	for (i = 0; i < r->npartial_files; i++)
		free(r->partial_files[i]);
	free(r->partial_files);
	free(r->theme_dir);
	free(r);
}

/* A view of at most max items of list, those around item at; *more when it leaves some out. */
static struct value *
window(const struct value *list, size_t at, size_t max, int *more)
{
	struct value *shown = value_view();
	size_t from = 0, to = list->n, i;
	if (list->n > max) {
		from = at > max / 2 ? at - max / 2 : 0;
		if (from > list->n - max)
			from = list->n - max;
		to = from + max;
	}
	for (i = from; i < to; i++)
		value_push(shown, list->items[i]);
	*more = to - from < list->n;
	return shown;
}

/* A map that extends base with current set. */
static struct value *
marked(const struct value *base)
{
	struct value *v = value_extend(base);
	value_set(v, "current", value_bool(1));
	return v;
}

/* A view of list's items, with item at replaced by with. */
static struct value *
replaced(const struct value *list, size_t at, struct value *with)
{
	struct value *v = value_view();
	v->items = xmalloc(list->n * sizeof *v->items);
	memcpy(v->items, list->items, list->n * sizeof *v->items);
	v->n = v->cap = list->n;
	v->items[at] = with;
	return v;
}

/*
 * The navigation as pg shows it: its module open and marked current on its own page, its
 * lesson marked, and at most NAV_LESSONS of the module's lessons around it in nav_lessons (the
 * module page lists them all). The shared tree stays as it is, read by the other threads: the
 * page's entries extend the shared ones. The entries and views that views borrow, and the
 * result, go into owned, which the page frees.
 */
static struct value *
page_nav(struct render *r, const struct page *pg, struct value *owned)
{
	struct value *nav = value_get(r->shared, "nav"), *m, *lessons, *shown;
	size_t own, at, i;
	int more = 0;
	if (!pg->module)
		return nav;
	own = (size_t)(pg->module - r->p->modules);
	at = pg->kind == PAGE_LESSON ? pg->index : 0;
	m = value_push(owned, value_extend(r->module_entries[own]));
	value_set(m, "current", value_bool(pg->kind == PAGE_MODULE));
	value_set(m, "open", value_bool(1));
	lessons = value_get(r->module_entries[own], "lessons");
	shown = value_set(m, "nav_lessons", window(lessons, at, NAV_LESSONS, &more));
	if (pg->kind == PAGE_LESSON) {
		struct value *mine = value_push(owned, marked(r->lesson_entries[own][at]));
		value_set(m, "lessons", replaced(lessons, at, mine));
		for (i = 0; i < shown->n; i++)
			if (shown->items[i] == r->lesson_entries[own][at])
				shown->items[i] = mine;
	}
	value_set(m, "nav_lessons_more", value_bool(more));
	return value_push(owned, replaced(nav, own, m));
}

/* The header menu as pg shows it: its own entry marked current. */
static struct value *
page_menu(struct render *r, const struct page *pg, struct value *owned)
{
	struct value *menu = value_get(r->shared, "menu");
	size_t i, at = 0;
	for (i = 0; pg->kind == PAGE_EXTRA && i < r->p->nextras; i++)
		if (r->menu_entries[i]) {
			if (r->p->extras[i] == pg)
				return value_push(owned, replaced(menu, at,
					value_push(owned, marked(r->menu_entries[i]))));
			at++;
		}
	return menu;
}

static struct value *
page_value(const struct page *pg)
{
	static const char *const kinds[] = {"home", "module", "lesson"};
	struct value *v = link_value(pg);
	struct value *obj = value_list();
	size_t i;
	if (pg->kind == PAGE_EXTRA)
		value_set(v, "kind", value_strn(pg->template, strcspn(pg->template, ".")));
	else
		value_set(v, "kind", value_str(kinds[pg->kind]));
	value_set(v, "summary", value_str(pg->summary ? pg->summary : ""));
	for (i = 0; i < pg->nobjectives; i++)
		value_push(obj, value_str(pg->objectives[i]));
	value_set(v, "objectives", obj);
	if (pg->duration)
		value_set(v, "duration", value_num(pg->duration));
	return v;
}

static struct value *
toc_value(const struct page *pg)
{
	struct value *toc = value_list();
	size_t i;
	for (i = 0; i < pg->nheadings; i++) {
		struct value *e;
		if (pg->headings[i].level < 2 || pg->headings[i].level > 3)
			continue;
		e = value_push(toc, value_map());
		value_set(e, "id", value_str(pg->headings[i].id));
		value_set(e, "text", value_str(pg->headings[i].text));
		value_set(e, "level", value_num(pg->headings[i].level));
	}
	return toc;
}

/* Previous and next page in reading order, breadcrumbs up to the home page. */
static void
set_neighbours(struct render *r, const struct page *pg, struct value *ctx)
{
	struct project *p = r->p;
	struct value *crumbs = value_list();
	size_t i = pg->order;
	if (pg->kind != PAGE_EXTRA) {
		if (i > 0)
			value_set(ctx, "prev", link_value(p->pages[i - 1]));
		if (i + 1 < p->npages)
			value_set(ctx, "next", link_value(p->pages[i + 1]));
		value_set(ctx, "has_pager", value_bool(i > 0 || i + 1 < p->npages));
	}
	if (pg->quiz_page)
		value_set(ctx, "quiz", link_value(pg->quiz_page));
	if (pg->kind != PAGE_HOME)
		value_push(crumbs, link_value(&p->home));
	if (pg->kind == PAGE_LESSON)
		value_push(crumbs, link_value(&pg->module->page));
	value_set(ctx, "has_breadcrumbs", value_bool(crumbs->n > 0));
	value_set(ctx, "breadcrumbs", crumbs);
	if (pg->module) {
		struct value *m = value_set(ctx, "module", link_value(&pg->module->page));
		value_set(m, "summary", value_str(pg->module->page.summary ? pg->module->page.summary : ""));
	}
}

/* nav_shown and nav_more: the modules in this page's navigation column (NAV_SHOWN). */
static void
set_nav_shown(struct render *r, const struct page *pg, const struct value *nav, struct value *ctx)
{
	size_t own = pg->module ? (size_t)(pg->module - r->p->modules) : 0;
	int more;
	value_set(ctx, "nav_shown", window(nav, own, NAV_SHOWN, &more));
	value_set(ctx, "nav_more", value_bool(more));
}

/* Take the shared and borrowed parts out of ctx before freeing it. */
static void
unshare(struct value *ctx, size_t nshared)
{
	size_t i;
	for (i = 0; i < ctx->n; i++)
		if (i < nshared || !strcmp(ctx->keys[i], "data"))
			ctx->items[i] = NULL;
}

int
render_page(struct render *r, struct page *pg, const struct md_terms *terms, struct buf *out,
	char **plain)
{
	struct value *ctx = value_map(), *owned = value_list(), *nav = page_nav(r, pg, owned);
	struct buf body = BUF_INIT, main = BUF_INIT;
	struct md_render_opts md = r->md;
	size_t nshared = r->shared->n, i;
	struct tmpl *t;
	int rc = 0;

	for (i = 0; i < nshared; i++) {
		struct value *v = r->shared->items[i];
		if (!strcmp(r->shared->keys[i], "nav"))
			v = nav;
		else if (!strcmp(r->shared->keys[i], "menu"))
			v = page_menu(r, pg, owned);
		value_set(ctx, r->shared->keys[i], v);
	}
	md.terms = terms;
	*plain = NULL;
	if (pg->doc && md_render(pg, &md, &body, plain) < 0)
		rc = -1;
	value_set(ctx, "page", page_value(pg));
	value_set(ctx, "has_objectives", value_bool(pg->nobjectives > 0));
	value_set(ctx, "body", value_str_borrow(buf_cstr(&body), body.len));
	value_set(ctx, "toc", toc_value(pg));
	value_set(ctx, "has_toc", value_bool(value_get(ctx, "toc")->n > 1));
	set_neighbours(r, pg, ctx);
	set_nav_shown(r, pg, nav, ctx);
	if (pg == &r->p->home)
		value_set(ctx, "data", r->home_data);
	else if (pg->data)
		value_set(ctx, "data", pg->data);
	if (pg->kind == PAGE_EXTRA)
		t = strmap_get(&r->extra_tmpl, pg->template);
	else
		t = r->tmpl[pg->kind == PAGE_HOME ? T_HOME : pg->kind == PAGE_MODULE ? T_MODULE : T_LESSON];
	if (!t || tmpl_render(t, ctx, &main) < 0)
		rc = -1;
	value_set(ctx, "main", value_str_borrow(buf_cstr(&main), main.len));
	if (tmpl_render(r->tmpl[T_LAYOUT], ctx, out) < 0)
		rc = -1;
	unshare(ctx, nshared);
	value_free(ctx);
	value_free(owned);
	buf_free(&body);
	buf_free(&main);
	return rc;
}

struct media *
render_media(struct render *r)
{
	return r->links.media;
}

struct md_render_opts *
render_md_opts(struct render *r)
{
	return &r->md;
}

int
render_text(struct render *r, const char *name, struct buf *out)
{
	const struct theme_file *f = theme_get(r->theme, name);
	char *shown = xasprintf("%s/%s", r->theme_dir, name);
	struct tmpl *t;
	int rc = -1;
	if (!f)
		diag_error(shown, 0, 0, "the theme has no %s", name);
	else if ((t = tmpl_compile(r->set, shown, 0, f->data, f->len)))
		rc = tmpl_render(t, r->shared, out);
	free(shown);
	return rc;
}
