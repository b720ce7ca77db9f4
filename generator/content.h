/*
 * content: the course as a model. It reads site.yaml, content/index.md and the modules and
 * lessons under content/lessons/, splits each Markdown file into front matter and body,
 * checks the front matter, orders everything by numeric prefix and gives every page its
 * ASCII output name. Later stages (markdown, render) fill in the per-page fields they own.
 *
 * Ownership: content_load fills a struct project that content_free releases, with every
 * page and module in it.
 */
#ifndef KENSHU_CONTENT_H
#define KENSHU_CONTENT_H

#include <stddef.h>
#include <time.h>

#include "site.h"
#include "util.h"

struct ynode;

/*
 * PAGE_EXTRA pages come from later modules (quizzes, glossary, ...): they have no Markdown
 * source of their own, and the theme template they name renders their data.
 */
enum page_kind { PAGE_HOME, PAGE_MODULE, PAGE_LESSON, PAGE_EXTRA };

struct heading {
	int level;
	char *id, *text;
};

struct module;

struct page {
	enum page_kind kind;
	char *src; /* project-relative source path; the module folder for a module page */
	char *shown; /* src as shown in diagnostics */
	char *out; /* output file name, e.g. "basics-passwords.html" */
	char *title, *summary;
	char **objectives;
	size_t nobjectives;
	int duration; /* minutes; 0 when not given */
	char *text; /* the whole source file */
	const char *body; /* Markdown after the front matter (points into text) */
	size_t body_len;
	int body_line; /* line of body[0] in the source file */
	int broken; /* reported as bad: others' links to it are not checked further */
	char *quiz; /* lesson front matter: the quiz offered at the end */
	int quiz_line, quiz_col;
	struct page *quiz_page; /* that quiz's page, once the quiz module has found it */
	const char *template; /* PAGE_EXTRA: the theme template for the page's main part */
	struct value *data; /* PAGE_EXTRA: what that template renders, as {{data.*}} (owned) */
	int in_menu; /* PAGE_EXTRA: linked from every page's header */
	struct module *module;
	size_t index; /* position within the module */
	size_t order; /* position in the project's reading order */
	/* Filled by the markdown stage. */
	char *plain; /* the body as plain text, one line per block (for search) */
	void *doc;
	struct heading *headings;
	size_t nheadings;
};

struct module {
	char *dir; /* e.g. "content/lessons/01-basics" */
	char *slug;
	struct page page; /* the module's own index page */
	struct page **lessons;
	size_t n;
};

struct project {
	char *prefix; /* shown before project paths in diagnostics ("" or "DIR/") */
	struct site site;
	struct page home;
	struct module *modules;
	size_t nmodules;
	struct page **pages; /* every page in reading order */
	size_t npages;
	struct page **extras; /* PAGE_EXTRA pages, in the order they were added */
	size_t nextras, capextras;
	struct strmap taken; /* output names in use */
	struct strmap by_src; /* source path -> page */
	time_t newest; /* newest source modification time */
	unsigned long long hash; /* of every source's bytes: the content build id */
};

/* Load the project in the current folder. -1 after reporting every problem found. */
int content_load(struct project *p, const char *prefix);
struct page *content_find(const struct project *p, const char *src);
/*
 * Add a PAGE_EXTRA page named base (".html" is added; a number too when the name is taken)
 * with the given title, theme template and data (ownership passes to the page).
 */
struct page *content_add_extra(struct project *p, const char *base, const char *title,
	const char *template, struct value *data);
/*
 * Read the Markdown source src into pg (a PAGE_EXTRA page from content_add_extra): its
 * text, the front matter checked against keys (title, summary, objectives, duration and quiz
 * are read into pg when listed) and its body. *fm receives the front matter tree for the
 * caller's own keys (free it with ynode_free; NULL when there is none). -1 after reporting.
 */
int content_read_page(struct project *p, struct page *pg, const char *src,
	const char *const *keys, struct ynode **fm);
/* The number in a file name's "NN-" prefix, or -1; *rest points past the prefix. */
long content_prefix_number(const char *name, const char **rest);
/* Sort file names by numeric prefix (2 before 10), then by name. */
void content_sort_names(char **names, size_t n);
/* The output name of a source file name: numeric prefix and extension dropped, ASCII. */
char *content_slug(const char *name, const char *fallback, long number);
/* Record a source read by a later stage in the build id and newest time. */
void content_note_source(struct project *p, const char *data, size_t len, time_t mtime);
void content_free(struct project *p);

#endif
