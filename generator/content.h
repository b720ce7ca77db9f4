/*
 * content: the course as a model. It reads site.yaml, content/index.md and the modules and
 * lessons under content/lessons/, splits each Markdown file into front matter and body,
 * checks the front matter, orders everything by numeric prefix and gives every page its
 * ASCII output name. Later stages (markdown, render) fill in the per-page fields they own.
 *
 * A page's output name is what learners' progress is kept under, so it never depends on the
 * numeric prefix or the position: it is 'slug:' from the front matter, or else made from the
 * file name without its prefix (content_slug). Two pages that would get one name are an
 * error naming both files. Every project file a stage reads goes through
 * content_read_source, which notes it as used (inventory reports the files nobody read).
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
	char *slug; /* 'slug:' from the front matter, or NULL */
	int slug_line, slug_col;
	char *title, *summary;
	int title_line; /* the line of the heading the title came from (md_title), or 0 */
	int draft; /* 'draft: true': left out of the site */
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
	/*
	 * PAGE_EXTRA: the page sums up what the pages before it link (the glossary page), so it
	 * renders only once they are all done.
	 */
	int sums_up;
	struct module *module;
	size_t index; /* position within the module */
	size_t order; /* position in the project's reading order */
	/* Filled by the markdown stage. */
	char *plain; /* a page of entries' text, given by its module (glossary), for search */
	void *doc;
	struct heading *headings;
	size_t nheadings;
	struct strmap heading_ids; /* heading id, and the id its text gives, -> its index + 1 */
};

struct module {
	char *dir; /* e.g. "content/lessons/01-basics" */
	char *slug;
	struct page page; /* the module's own index page */
	struct page **lessons;
	size_t n;
};

/* A competence test as the other modules see it: its page and its name (quiz.c adds them). */
struct test_ref {
	struct page *page;
	char *id;
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
	struct strmap taken; /* output names in use -> the page that has it */
	struct strmap by_src; /* source path -> page */
	struct strmap used; /* project paths some stage read */
	/*
	 * Pages and modules left out of the site ('draft: true'): each as "path (why)" in the
	 * user's language, in the order found (build -v names them), and by source path for
	 * links to them.
	 */
	char **left_out;
	size_t nleft_out, capleft_out;
	struct strmap drafts; /* source path -> its left_out line */
	int notes; /* suggest 'slug:' where a name had to be a hash (kenshu check) */
	int jobs; /* threads that read sources (lessons, quizzes) */
	time_t newest; /* newest source modification time */
	unsigned long long hash; /* of every source's bytes: the content build id */
	/*
	 * What one module made that others need, typed, so that none looks for another's pages
	 * by template name or reads another's template data.
	 */
	struct test_ref *tests; /* the competence tests, in the order learners meet them */
	size_t ntests, captests;
	struct page *documents; /* the documents' index page (document.c), or NULL */
	size_t acknowledgements; /* documents that ask learners for a 確認書 */
};

/*
 * Load the project in the current folder, reading lessons on up to jobs threads; with notes,
 * say where a 'slug:' would give a page a readable name. -1 after reporting every problem
 * found.
 */
int content_load(struct project *p, const char *prefix, int notes, int jobs);
struct page *content_find(const struct project *p, const char *src);
/*
 * A new PAGE_EXTRA page with the given title, theme template and data (ownership passes to
 * the page), and no output name yet: content_name_page gives it one.
 */
struct page *content_new_extra(struct project *p, const char *title, const char *template,
	struct value *data);
/*
 * Name pg base.html. kenshu's own pages (own) may take the names kenshu keeps for itself; a
 * page with a source may not, nor a name another page has: that is an error at pg (at its
 * 'slug:' when it has one) naming the other page, and pg gets a free name so that the build
 * can go on reporting. -1 after reporting.
 */
int content_name_page(struct project *p, struct page *pg, const char *base, int own);
/* Take pg, a PAGE_EXTRA page with no output name, out of the project and free it. */
void content_drop_extra(struct project *p, struct page *pg);
/* content_new_extra and content_name_page for one of kenshu's own pages. */
struct page *content_add_extra(struct project *p, const char *base, const char *title,
	const char *template, struct value *data);
/*
 * Read the project file path (shown as shown) as a source (fs_read_source), note it as used
 * and, once read, in the build id. -1 after reporting.
 */
int content_read_source(struct project *p, const char *path, const char *shown, char **text,
	size_t *len);
/*
 * The second half of content_read_source, for sources read (fs_read_source) on several
 * threads: in load order on one thread (the build id depends on it), path noted as used and,
 * when text is not NULL, text in the build id.
 */
void content_note_read(struct project *p, const char *path, const char *text, size_t len,
	time_t mtime);
/*
 * The file in dir named stem plus an extension is_kind accepts (content_is_markdown,
 * content_is_yaml), as a path (caller frees); NULL when there is none. Two such files are an
 * error naming both, and *rc becomes -1.
 */
char *content_find_file(struct project *p, const char *dir, const char *stem,
	int (*is_kind)(const char *), int *rc);
/* Note path as used by a stage that reads it some other way (media). */
void content_use(struct project *p, const char *path);
/*
 * Read the Markdown source src into pg (a PAGE_EXTRA page from content_add_extra): its
 * text, the front matter checked against keys (title, summary, objectives, duration, quiz and
 * draft are read into pg when listed; without 'title:', the first '# heading' gives it) and
 * its body. *fm receives the front matter tree for the caller's own keys (free it with
 * ynode_free; NULL when there is none). A draft (pg->draft) is read no further than its
 * front matter. -1 after reporting.
 */
int content_read_page(struct project *p, struct page *pg, const char *src,
	const char *const *keys, struct ynode **fm);
/*
 * Note the page or module folder src (shown as shown) as left out of the site, a draft, for
 * the reason why (in the user's language, or the key that says it: "draft: true").
 */
void content_leave_out(struct project *p, const char *src, const char *shown, const char *why);
/* Sort file names by numeric prefix (2 before 10), then by name. */
void content_sort_names(char **names, size_t n);
/* Whether name ends in .md or .markdown / .yaml or .yml, in any case. */
int content_is_markdown(const char *name);
int content_is_yaml(const char *name);
/* name without its extension (after the last '.', when there is one). Caller frees. */
char *content_stem(const char *name);
/*
 * The ASCII part of a file or folder name: numeric prefix and extension dropped, letters
 * lowered, [a-z0-9] kept, runs of '-', '_', ' ' and '.' turned into one '-', anything else
 * left out. Empty when nothing is left.
 */
char *content_ascii(const char *name);
/*
 * The stable output name of a file or folder name: content_ascii, and when the name has
 * other characters too, '-' and 8 hex digits of a hash of it (NFC, prefix and extension
 * dropped), so names that differ only there stay apart; only the hash when content_ascii is
 * empty. Never empty. *hashed tells whether a hash was needed (may be NULL).
 */
char *content_slug(const char *name, int *hashed);
/*
 * The name of pg, whose file is name: its 'slug:', else content_slug(name). With the
 * project's notes on, a hashed name gets a note suggesting 'slug:' (in a module's
 * _module.yaml, in another page's front matter). Caller frees.
 */
char *content_page_slug(const struct project *p, const struct page *pg, const char *name);
void content_free(struct project *p);

#endif
