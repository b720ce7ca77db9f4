#include "build.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content.h"
#include "diag.h"
#include "document.h"
#include "form.h"
#include "fs.h"
#include "glossary.h"
#include "inventory.h"
#include "markdown.h"
#include "media.h"
#include "output.h"
#include "pack.h"
#include "quiz.h"
#include "records.h"
#include "render.h"
#include "scorm.h"
#include "search.h"
#include "theme.h"
#include "util.h"

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	interrupted = sig;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct progress {
	int on;
	size_t total;
};

static void
progress(const struct progress *pr, size_t done)
{
	if (pr->on && (done % 64 == 0 || done == pr->total))
		fprintf(stderr, "\rkenshu: %zu/%zu pages%s", done, pr->total,
			done == pr->total ? "\n" : "");
}

/* Timestamp of every ZIP entry: SOURCE_DATE_EPOCH when set, else the newest source. */
static time_t
zip_time(const struct project *p)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;
	if (e && *e) {
		errno = 0;
		v = strtoll(e, &end, 10);
		if (!*end && !errno && v >= 0)
			return (time_t)v;
		diag_warning(NULL, 0, 0, "SOURCE_DATE_EPOCH='%s' is not a number of seconds; ignored", e);
	}
	return p->newest;
}

/*
 * The second core. While the main thread renders, the worker takes each rendered page,
 * writes it, hands it to the packer and indexes it for search (in the order given, so that
 * the index does not depend on timing); when it has caught up, it compresses the archives'
 * parts. After the last page it writes the search index. The main thread compresses parts
 * too once it has rendered every page.
 */
/*
 * Markdown in all pages beyond which parsed trees are not kept from the check to the render
 * (parsing again costs time; the trees of 10,000 lessons would take gigabytes).
 */
#define TREE_BUDGET ((size_t)32 << 20)

/* Parts waiting for compression before the main thread takes one on itself. */
#define BACKLOG 4

struct item {
	struct page *pg;
	char *html;
	size_t len;
};

struct worker {
	pthread_t thread;
	int running;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	/* guarded by lock */
	struct item *queue;
	size_t n, cap, next;
	int last; /* no more pages will come */
	int js; /* then write the search index */
	struct pack *pack; /* NULL without a ZIP */
	/* the worker's own until joined */
	struct output *out;
	struct search_index *search;
};

/*
 * Write, pack and index a rendered page; after a failed write (a full disk), only drop it.
 * Then the page's source and text are done with: freed now, a large course does not hold
 * them all to the end.
 */
static void
take(struct worker *w, struct pack *pk, struct item *it)
{
	struct page *pg = it->pg;
	if (!diag_system_errors() && output_write(w->out, pg->out, it->html, it->len) == 0) {
		if (pk) {
			pack_give(pk, pg->out, it->html, it->len, PACK_SITE);
			it->html = NULL;
		}
		search_add_page(w->search, pg);
	}
	free(it->html);
	free(pg->plain);
	free(pg->text);
	pg->plain = pg->text = NULL;
	pg->body = NULL;
}

/*
 * The search index script, written and then given to the archives: not copied, it is the
 * largest file of a large course (60 MB at 10,000 lessons).
 */
static void
put_index(struct worker *w, struct pack *pk)
{
	size_t len;
	char *js = search_js(w->search, &len);
	if (!diag_system_errors() && output_write(w->out, SEARCH_INDEX, js, len) == 0 && pk)
		pack_give(pk, SEARCH_INDEX, js, len, PACK_SITE);
	else
		free(js);
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct pack *pk;
	for (;;) {
		struct item it = {NULL, NULL, 0};
		int last;
		pthread_mutex_lock(&w->lock);
		while (w->next == w->n && !w->last && !(w->pack && pack_ready(w->pack)) && !interrupted)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->next < w->n)
			it = w->queue[w->next++];
		last = w->last && w->next == w->n;
		pk = w->pack;
		pthread_mutex_unlock(&w->lock);
		if (interrupted) {
			free(it.html);
			return NULL;
		}
		if (it.pg)
			take(w, pk, &it);
		else if (last)
			break;
		else
			pack_work(pk);
	}
	pthread_mutex_lock(&w->lock);
	pk = w->pack;
	pthread_mutex_unlock(&w->lock);
	if (w->js) {
		put_index(w, pk);
		if (pk)
			pack_flush(pk);
	}
	while (pk && !interrupted && pack_work(pk))
		;
	return NULL;
}

/* With thread 0, or when no thread can start, the main thread does the work itself. */
static void
worker_start(struct worker *w, struct output *out, struct search_index *search, int thread)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->search = search;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	w->running = thread && pthread_create(&w->thread, NULL, work, w) == 0;
}

/* Hand over pg rendered as html (malloc'd, len bytes); this also wakes the worker. */
static void
worker_give(struct worker *w, struct page *pg, char *html, size_t len)
{
	struct item it = {pg, html, len};
	if (!w->running) {
		take(w, w->pack, &it);
		return;
	}
	pthread_mutex_lock(&w->lock);
	w->queue = xgrow(w->queue, &w->cap, w->n + 1, sizeof *w->queue);
	w->queue[w->n++] = it;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

/* No more pages will come; with js, write the search index after the last. */
static void
worker_last(struct worker *w, int js)
{
	pthread_mutex_lock(&w->lock);
	w->last = 1;
	w->js = js;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

/* Let the worker compress the archives' parts. */
static void
worker_pack(struct worker *w, struct pack *pk)
{
	pthread_mutex_lock(&w->lock);
	w->pack = pk;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

/* Wait for the worker; without a thread, do its work here. Then release it. */
static void
worker_join(struct worker *w)
{
	if (!w->search)
		return; /* joined already */
	if (w->running) {
		pthread_mutex_lock(&w->lock);
		w->last = 1;
		pthread_cond_signal(&w->wake);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
		w->running = 0;
	} else if (w->js) {
		put_index(w, w->pack);
	}
	while (w->next < w->n) /* left by an interrupted worker */
		free(w->queue[w->next++].html);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w->queue);
	w->queue = NULL;
	w->search = NULL;
}

/* The theme's assets and the course script, into the site (write) or into the archives. */
static int
put_assets(const struct theme *t, const struct buf *course, struct output *out, struct pack *pk)
{
	const struct theme_file *files;
	size_t n, i;
	if (out && output_write(out, COURSE_SCRIPT, course->data, course->len) < 0)
		return -1;
	if (pk)
		pack_add(pk, COURSE_SCRIPT, course->data, course->len, PACK_SITE);
	files = theme_files(t, &n);
	for (i = 0; i < n; i++) {
		/* kenshu writes the course script; a theme's own would be a second entry */
		if (!str_starts(files[i].name, "assets/") || !strcmp(files[i].name, COURSE_SCRIPT))
			continue;
		if (out && output_write(out, files[i].name, files[i].data, files[i].len) < 0)
			return -1;
		if (pk)
			pack_add(pk, files[i].name, files[i].data, files[i].len, PACK_SITE);
	}
	return 0;
}

/* The read-me notes that only the ZIP has. */
static int
pack_notes(struct render *r, struct pack *pk)
{
	static const char *const notes[][2] = {
		{"readme-ja.txt", "\xE3\x81\xAF\xE3\x81\x98\xE3\x82\x81\xE3\x81\xAB\xE3\x81\x8A\xE8"
				  "\xAA\xAD\xE3\x81\xBF\xE3\x81\x8F\xE3\x81\xA0\xE3\x81\x95\xE3\x81"
				  "\x84.txt"}, /* はじめにお読みください.txt */
		{"readme-en.txt", "README.txt"},
	};
	struct buf text = BUF_INIT;
	size_t i;
	int rc = 0;
	for (i = 0; i < 2 && rc == 0; i++) {
		buf_clear(&text);
		buf_puts(&text, "\xEF\xBB\xBF"); /* so Notepad on any Windows reads UTF-8 */
		rc = render_text(r, notes[i][0], &text);
		if (rc == 0)
			pack_add(pk, notes[i][1], text.data, text.len, PACK_ZIP);
	}
	buf_free(&text);
	return rc;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The SCORM package: every file of the site at the root, and its manifest. */
static int
write_scorm(const struct project *p, const struct quiz_set *qs, const struct output *out,
	struct pack *pk, const char *scorm_path, char **tmp)
{
	char **names, *manifest;
	names = xcalloc(out->n, sizeof *names);
	if (out->n) { /* nothing written yet has no name array */
		memcpy(names, out->names, out->n * sizeof *names);
		qsort(names, out->n, sizeof *names, cmp_names);
	}
	manifest = scorm_manifest(p, qs, names, out->n);
	pack_add(pk, SCORM_MANIFEST, manifest, strlen(manifest), PACK_SCORM);
	free(manifest);
	free(names);
	return pack_write(pk, PACK_SCORM, scorm_path, "", tmp);
}

/* The project's sources, which no output may replace or lie in. */
static const char *const sources[] = {"site.yaml", "content", "quizzes", "themes", NULL};

/* True when the absolute path real is one of the project's sources or lies among them. */
static int
among_sources(const char *root, const char *real)
{
	size_t i;
	int hit = 0;
	for (i = 0; sources[i] && !hit; i++) {
		char *src = xasprintf("%s/%s", root, sources[i]);
		hit = fs_within(real, src);
		free(src);
	}
	return hit;
}

/* A file that starts as a ZIP does (an empty ZIP is only its end record). */
static int
is_zip(const char *path)
{
	char head[4] = {0};
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(head, 1, 4, f) : 0;
	if (f)
		fclose(f);
	return n == 4 && (!memcmp(head, "PK\3\4", 4) || !memcmp(head, "PK\5\6", 4));
}

/* Refuse an archive path: -1 after reporting. what names it ("--zip"). */
static int
check_archive(const char *path, const char *what, const char *root, const char *site)
{
	struct stat st;
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	char *up = fs_real_path(dir), *real;
	int rc = -1;
	/* Where the rename puts the archive: the folder's real place, and the name as given (a
	 * link there is replaced, not followed). */
	real = up ? xasprintf("%s%s%s", up, str_ends(up, "/") ? "" : "/", slash ? slash + 1 : path) :
		NULL;
	free(up);
	free(dir);
	if (!real)
		diag_system(path, "%s: cannot find where this path leads", what);
	else if (among_sources(root, real))
		diag_system(path, "%s would replace the course's own files (site.yaml, content/, "
			"quizzes/, themes/): choose a path outside them", what);
	else if (site && fs_within(real, site))
		diag_system(path, "%s cannot go inside the output folder, which every build "
			"replaces: choose a path outside it", what);
	else if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		diag_system(path, "%s: the path exists and is not a file", what);
	else if (lstat(path, &st) == 0 && !is_zip(path))
		diag_system(path, "%s: the file exists and is not a ZIP; kenshu replaces only a ZIP it "
			"could have written (choose another name)", what);
	else
		rc = 0;
	free(real);
	return rc;
}

/*
 * Before anything is written: no output may replace a source, the ZIP and the SCORM package
 * may not be one file, nor lie inside the site, which each build replaces. -1 after reporting.
 */
static int
check_outputs(const struct build_opts *o, const char *zip_path)
{
	char *root = fs_real_path("."), *site = fs_real_path(o->outdir), *zip = NULL, *scorm = NULL;
	int rc = 0;
	if (!root || !site) {
		diag_system(o->outdir, "cannot find where the output folder leads");
		rc = -1;
		goto out;
	}
	if (fs_within(root, site)) {
		diag_system(o->outdir, "the output folder holds the course itself, and every build "
			"replaces it: choose another -o");
		rc = -1;
		goto out;
	}
	if (among_sources(root, site)) {
		diag_system(o->outdir, "the output folder cannot be among the course's own files "
			"(site.yaml, content/, quizzes/, themes/): choose another -o");
		rc = -1;
	}
	if (zip_path && check_archive(zip_path, "--zip", root, site) < 0)
		rc = -1;
	if (o->scorm && check_archive(o->scorm, "--scorm", root, site) < 0)
		rc = -1;
	if (rc == 0 && zip_path && o->scorm) {
		zip = fs_real_path(zip_path);
		scorm = fs_real_path(o->scorm);
		if (zip && scorm && !strcmp(zip, scorm)) {
			diag_system(o->scorm, "--scorm and the ZIP are the same file: give each its own");
			rc = -1;
		}
	}
out:
	free(root);
	free(site);
	free(zip);
	free(scorm);
	return rc;
}

static int
exit_status(void)
{
	if (diag_system_errors())
		return 3;
	if (diag_errors())
		return 1;
	return 0;
}

int
build_run(const struct build_opts *o)
{
	struct project p;
	struct theme *theme = NULL;
	struct quiz_set *quizzes = NULL;
	struct glossary *glossary = NULL;
	struct render *r = NULL;
	struct output out = {0};
	struct search_index *search = search_new();
	struct buf html = BUF_INIT, course = BUF_INIT;
	struct progress pr = {0, 0};
	struct worker worker = {0};
	struct pack *pk = NULL;
	char *prefix, *zip_path = NULL, *zip_tmp = NULL, *scorm_tmp = NULL;
	double start = now();
	size_t i, hint = 0, body_bytes = 0;
	int writing = !o->check_only, status, refused = 0;

	memset(&p, 0, sizeof p);
	if (o->dir && strcmp(o->dir, ".") != 0) {
		if (chdir(o->dir) < 0) {
			diag_system(o->dir, "cannot open the project folder: %s", strerror(errno));
			return 3;
		}
		prefix = xasprintf("%s%s", o->dir, str_ends(o->dir, "/") ? "" : "/");
	} else {
		prefix = xstrdup("");
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal); /* the terminal closed */
	md_init();

	/* read -> model */
	if (content_load(&p, prefix, o->check_only) < 0 && !p.site.id)
		goto done;
	if (!o->no_zip)
		zip_path = o->zip ? xstrdup(o->zip) : xasprintf("dist/%s.zip", p.site.id);
	if (!o->check_only && check_outputs(o, zip_path) < 0) {
		refused = 1; /* a usage error: nothing read further, nothing written */
		goto done;
	}
	theme = theme_load(&p, p.site.theme ? p.site.theme : "default",
		p.site.lang ? p.site.lang : "ja");
	if (!theme)
		goto done;
	/* the modules that add pages of their own */
	document_load_all(&p, theme);
	form_load_all(&p, theme);
	quizzes = quiz_load_all(&p, theme);
	records_load(&p, theme); /* the records page, and the learner fields of test pages */
	glossary_load(&p, theme, &glossary); /* its page after the others that link terms */
	/*
	 * check: parse every page so that links can be checked against all headings. A large
	 * course keeps only each page's source until its turn to render, not its parsed tree
	 * (several times the memory) nor its text with the variables filled in.
	 */
	for (i = 0; i < p.npages + p.nextras; i++) {
		struct page *pg = i < p.npages ? p.pages[i] : p.extras[i - p.npages];
		if (pg->body)
			body_bytes += pg->body_len;
	}
	for (i = 0; i < p.npages + p.nextras; i++) {
		struct page *pg = i < p.npages ? p.pages[i] : p.extras[i - p.npages];
		if (!pg->body)
			continue;
		md_parse(pg, p.site.vars, theme);
		if (body_bytes > TREE_BUDGET)
			md_release(pg);
	}
	search_results_page(search, &p, theme);
	if (!(r = render_new(&p, theme)))
		goto done;
	render_course_script(r, &course);
	glossary_attach(glossary, render_md_opts(r), p.site.vars);
	if (writing && !diag_errors() && output_begin(&out, o->outdir, &interrupted) < 0)
		writing = 0;
	/* render -> write, with search indexing and packing on the worker */
	worker_start(&worker, &out, search, out.stage != NULL);
	if (out.stage && (!o->no_zip || o->scorm)) {
		pk = pack_begin(zip_time(&p));
		worker_pack(&worker, pk);
	}
	/* Extra pages last: they may sum up what the content pages found (the glossary). */
	pr.on = !o->quiet && isatty(2);
	pr.total = p.npages + p.nextras;
	for (i = 0; i < pr.total && !interrupted; i++) {
		struct page *pg = i < p.npages ? p.pages[i] : p.extras[i - p.npages];
		buf_clear(&html);
		buf_reserve(&html, hint);
		if (render_page(r, pg, &html) == 0 && out.stage && !diag_errors() &&
		    !diag_system_errors()) {
			size_t len = html.len;
			hint = len + len / 4; /* the next page's buffer, in one allocation */
			worker_give(&worker, pg, buf_detach(&html), len);
		}
		/* When the worker falls behind, compress here rather than hold every page. */
		while (pk && pack_ready(pk) > BACKLOG && pack_work(pk))
			;
		progress(&pr, i + 1);
	}
	/* Names only the whole course can judge: one that no page had is a theme's mistake. */
	if (!interrupted)
		render_check_theme(r);
	worker_last(&worker, out.stage && !diag_errors());
	if (out.stage && !diag_errors() && pk) {
		put_assets(theme, &course, NULL, pk);
		if (!o->no_zip)
			pack_notes(r, pk);
	}
	/* Help with the archives' parts until none waits, then wait for the search index. */
	while (pk && !interrupted && !diag_errors() && pack_work(pk))
		;
	worker_join(&worker);
	/*
	 * Then the files the main thread writes: the images and PDFs pages link (always read,
	 * so checked), and the theme's assets.
	 */
	writing = out.stage && !diag_errors() && !interrupted;
	media_put(render_media(r), p.prefix, writing ? &out : NULL, writing ? pk : NULL);
	if (writing)
		put_assets(theme, &course, &out, NULL);
	inventory_check(&p, render_media(r));
	if (o->strict && diag_warnings())
		diag_error(NULL, 0, 0, "%d warning(s) and --strict: nothing written", diag_warnings());
	/* pack */
	if (pk && !diag_errors() && !diag_system_errors() && !interrupted && zip_path)
		pack_write(pk, PACK_ZIP, zip_path, p.site.id, &zip_tmp);
	if (pk && !diag_errors() && !diag_system_errors() && !interrupted && o->scorm)
		write_scorm(&p, quizzes, &out, pk, o->scorm, &scorm_tmp);
	pack_free(pk);
	pk = NULL;
	if (interrupted)
		diag_system(NULL, "interrupted: nothing written, the previous site is unchanged");
	if (out.stage) {
		if (diag_errors() || diag_system_errors() || interrupted) {
			output_abort(&out);
			pack_commit(zip_tmp, zip_path, 0);
		} else if (output_commit(&out) < 0) {
			pack_commit(zip_tmp, zip_path, 0);
		} else {
			pack_commit(zip_tmp, zip_path, 1);
		}
		/* The SCORM package goes into place with the site, or not at all. */
		pack_commit(scorm_tmp, o->scorm, !diag_errors() && !diag_system_errors());
	}
done:
	worker_join(&worker);
	output_end(&out); /* the site and the archives are in place: another build may start */
	status = refused ? 2 : exit_status();
	if (status == 0 && (o->verbose || (!o->quiet && isatty(2)))) {
		if (o->check_only)
			fprintf(stderr, "kenshu: %zu pages checked, no errors\n", p.npages + p.nextras);
		else
			fprintf(stderr, "kenshu: %zu pages written to %s%s%s in %.2f s\n", p.npages + p.nextras,
				o->outdir, zip_path ? " and " : "", zip_path ? zip_path : "",
				now() - start);
	}
	/* Extra pages have parse trees too (documents), and a build that stopped before
	 * rendering (a theme's layout that does not compile) never released them. */
	for (i = 0; i < p.npages + p.nextras; i++)
		md_free(i < p.npages ? p.pages[i] : p.extras[i - p.npages]);
	buf_free(&html);
	buf_free(&course);
	search_free(search);
	render_free(r);
	glossary_free(glossary);
	quiz_free(quizzes);
	theme_free(theme);
	content_free(&p);
	free(zip_path);
	free(zip_tmp);
	free(scorm_tmp);
	free(prefix);
	return interrupted ? 128 + interrupted : status; /* as the shell reports a signal */
}
