#include "build.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "content.h"
#include "diag.h"
#include "document.h"
#include "form.h"
#include "fs.h"
#include "glossary.h"
#include "markdown.h"
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

static int
write_assets(struct output *out, const struct theme *t)
{
	const struct theme_file *files;
	size_t n, i;
	files = theme_files(t, &n);
	for (i = 0; i < n; i++)
		if (str_starts(files[i].name, "assets/") &&
		    output_write(out, files[i].name, files[i].data, files[i].len) < 0)
			return -1;
	return 0;
}

/*
 * The second core: each page, once written, is indexed for search and handed to the packer
 * (whose deflate runs here too), while the main thread renders the next pages. Pages are
 * taken in the order they were written, so the index and the ZIP do not depend on timing.
 */
struct worker {
	pthread_t thread;
	int running, done;
	pthread_mutex_t lock;
	pthread_cond_t ready;
	struct page **queue;
	size_t n, cap, next;
	struct search_index *search;
	struct pack *pack; /* NULL without a ZIP */
	const char *stage;
};

static void
process(struct worker *w, struct page *pg)
{
	search_add_page(w->search, pg);
	if (w->pack) {
		char *path = fs_join(w->stage, pg->out);
		pack_add(w->pack, pg->out, path, NULL, 0);
		free(path);
	}
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	for (;;) {
		struct page *pg;
		pthread_mutex_lock(&w->lock);
		while (w->next == w->n && !w->done)
			pthread_cond_wait(&w->ready, &w->lock);
		if (w->next == w->n) {
			pthread_mutex_unlock(&w->lock);
			return NULL;
		}
		pg = w->queue[w->next++];
		pthread_mutex_unlock(&w->lock);
		process(w, pg);
	}
}

static void
worker_start(struct worker *w)
{
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->ready, NULL);
	w->running = pthread_create(&w->thread, NULL, work, w) == 0;
}

static void
worker_give(struct worker *w, struct page *pg)
{
	if (!w->running) {
		process(w, pg);
		return;
	}
	pthread_mutex_lock(&w->lock);
	w->queue = xgrow(w->queue, &w->cap, w->n + 1, sizeof *w->queue);
	w->queue[w->n++] = pg;
	pthread_cond_signal(&w->ready);
	pthread_mutex_unlock(&w->lock);
}

/* Wait until every page given is processed. */
static void
worker_finish(struct worker *w)
{
	if (w->running) {
		pthread_mutex_lock(&w->lock);
		w->done = 1;
		pthread_cond_signal(&w->ready);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
		w->running = 0;
	}
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->ready);
	free(w->queue);
	w->queue = NULL;
}

/* The rest of the ZIP: the files written after the pages (assets), and the read-me notes. */
static int
pack_rest(struct render *r, struct output *out, size_t from, struct pack *pk, char **tmp)
{
	static const char *const notes[][2] = {
		{"readme-ja.txt", "\xE3\x81\xAF\xE3\x81\x98\xE3\x82\x81\xE3\x81\xAB\xE3\x81\x8A\xE8"
				  "\xAA\xAD\xE3\x81\xBF\xE3\x81\x8F\xE3\x81\xA0\xE3\x81\x95\xE3\x81"
				  "\x84.txt"}, /* はじめにお読みください.txt */
		{"readme-en.txt", "README.txt"},
	};
	struct buf text = BUF_INIT;
	size_t i;
	for (i = 0; i < 2; i++) {
		buf_clear(&text);
		buf_puts(&text, "\xEF\xBB\xBF"); /* so Notepad on any Windows reads UTF-8 */
		if (render_text(r, notes[i][0], &text) < 0) {
			buf_free(&text);
			pack_abort(pk);
			return -1;
		}
		pack_add(pk, notes[i][1], NULL, text.data, text.len);
	}
	buf_free(&text);
	for (i = from; i < out->n; i++) {
		char *path = fs_join(out->stage, out->names[i]);
		pack_add(pk, out->names[i], path, NULL, 0);
		free(path);
	}
	return pack_finish(pk, tmp);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The SCORM package: every file of the staged site at the root, and its manifest. */
static int
pack_scorm(const struct project *p, const struct quiz_set *qs, const struct output *out,
	const char *scorm_path, time_t mtime, char **tmp)
{
	struct pack *pk = pack_begin(scorm_path, "", mtime);
	char **names, *manifest;
	size_t i;
	if (!pk)
		return -1;
	names = xcalloc(out->n ? out->n : 1, sizeof *names);
	memcpy(names, out->names, out->n * sizeof *names);
	qsort(names, out->n, sizeof *names, cmp_names);
	manifest = scorm_manifest(p, qs, names, out->n);
	for (i = 0; i < out->n; i++) {
		char *path = fs_join(out->stage, names[i]);
		pack_add(pk, names[i], path, NULL, 0);
		free(path);
	}
	pack_add(pk, SCORM_MANIFEST, NULL, manifest, strlen(manifest));
	free(manifest);
	free(names);
	return pack_finish(pk, tmp);
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
	struct buf html = BUF_INIT;
	struct progress pr = {0, 0};
	struct worker worker;
	char *prefix, *zip_path = NULL, *zip_tmp = NULL, *scorm_tmp = NULL;
	double start = now();
	size_t i, written;
	int writing = !o->check_only, status;

	memset(&p, 0, sizeof p);
	memset(&worker, 0, sizeof worker);
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
	md_init();

	/* read -> model */
	if (content_load(&p, prefix) < 0 && !p.site.id)
		goto done;
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
	/* check: parse every page so that links can be checked against all headings */
	for (i = 0; i < p.npages + p.nextras; i++) {
		struct page *pg = i < p.npages ? p.pages[i] : p.extras[i - p.npages];
		if (pg->body)
			md_parse(pg, p.site.vars);
	}
	search_results_page(search, &p, theme);
	if (!(r = render_new(&p, theme)))
		goto done;
	glossary_attach(glossary, render_md_opts(r), p.site.vars);
	if (writing && !diag_errors() && output_begin(&out, o->outdir) < 0)
		writing = 0;
	/* render -> write, with search indexing and packing on the worker */
	worker.search = search;
	worker.stage = out.stage;
	if (out.stage && !o->no_zip) {
		zip_path = o->zip ? xstrdup(o->zip) : xasprintf("dist/%s.zip", p.site.id);
		worker.pack = pack_begin(zip_path, p.site.id, zip_time(&p));
	}
	worker_start(&worker);
	/* Extra pages last: they may sum up what the content pages found (the glossary). */
	pr.on = !o->quiet && isatty(2);
	pr.total = p.npages + p.nextras;
	for (i = 0; i < pr.total && !interrupted; i++) {
		struct page *pg = i < p.npages ? p.pages[i] : p.extras[i - p.npages];
		buf_clear(&html);
		if (render_page(r, pg, &html) == 0 && out.stage && !diag_errors() &&
		    output_write(&out, pg->out, html.data, html.len) == 0)
			worker_give(&worker, pg);
		progress(&pr, i + 1);
	}
	worker_finish(&worker);
	written = out.n;
	if (out.stage && !diag_errors() && search_write(search, &out) == 0)
		write_assets(&out, theme);
	if (o->strict && diag_warnings())
		diag_error(NULL, 0, 0, "%d warning(s) and --strict: nothing written", diag_warnings());
	/* pack */
	if (worker.pack && !diag_errors() && !diag_system_errors() && !interrupted)
		pack_rest(r, &out, written, worker.pack, &zip_tmp);
	else
		pack_abort(worker.pack);
	worker.pack = NULL;
	if (o->scorm && out.stage && !diag_errors() && !diag_system_errors() && !interrupted)
		pack_scorm(&p, quizzes, &out, o->scorm, zip_time(&p), &scorm_tmp);
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
	status = exit_status();
	if (status == 0 && (o->verbose || (!o->quiet && isatty(2)))) {
		if (o->check_only)
			fprintf(stderr, "kenshu: %zu pages checked, no errors\n", p.npages + p.nextras);
		else
			fprintf(stderr, "kenshu: %zu pages written to %s%s%s in %.2f s\n", p.npages + p.nextras,
				o->outdir, zip_path ? " and " : "", zip_path ? zip_path : "",
				now() - start);
	}
	for (i = 0; i < p.npages; i++)
		md_free(p.pages[i]);
	buf_free(&html);
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
	return interrupted ? 130 : status;
}
