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
#include "i18n.h"
#include "inventory.h"
#include "markdown.h"
#include "media.h"
#include "output.h"
#include "pack.h"
#include "pool.h"
#include "quiz.h"
#include "records.h"
#include "render.h"
#include "scorm.h"
#include "search.h"
#include "static.h"
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

/*
 * Progress on a terminal: one line, written over, with the errors so far, and erased before a
 * page's diagnostics and when the pages are done, so that the last line of a build says how
 * it ended (a count of pages done reads as success).
 */
struct progress {
	int on, shown;
	size_t total;
};

static void
progress_erase(struct progress *pr)
{
	if (pr->shown)
		fputs("\r\033[K", stderr);
	pr->shown = 0;
}

static void
progress(struct progress *pr, size_t done)
{
	int errors;
	if (!pr->on)
		return;
	if (done == pr->total) {
		progress_erase(pr);
		return;
	}
	if (done % 64)
		return;
	errors = diag_errors() + diag_system_errors();
	fputc('\r', stderr);
	if (errors)
		fprintf(stderr, ngettext("kenshu: %zu/%zu pages, %d error",
			"kenshu: %zu/%zu pages, %d errors", (unsigned long)errors), done, pr->total,
			errors);
	else
		fprintf(stderr, _("kenshu: %zu/%zu pages"), done, pr->total);
	pr->shown = 1;
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
 * Markdown in all pages beyond which parsed trees are not kept from the check to the render
 * (parsing again costs time; the trees of 10,000 lessons would take gigabytes).
 */
#define TREE_BUDGET ((size_t)32 << 20)

/* Pages rendered ahead of the one being written, per thread: bounds what results hold. */
#define AHEAD 16
/* Parts of the archives (pack.h) waiting to be compressed, per thread, at most. */
#define BACKLOG_PARTS 4
/*
 * The archives' compressed bytes kept in memory, at most; the rest wait in a file beside the
 * new site, so that a large course's archive (130 MB at 10,000 lessons) does not.
 */
#define PACK_MEMORY ((size_t)32 << 20)

/* One page's render, from the thread that rendered it to the one that writes it. */
struct rendered {
	char *html;
	size_t len;
	char *plain; /* the body's text, for search (NULL: none) */
	int ok;
	size_t *terms, nterms; /* the glossary terms it links */
	struct diag_log log;
};

/*
 * Everything a build holds, stage to stage. The model (p, theme, the modules' parts) is
 * complete after load and read-only from the check on, but for what the pages' order allows:
 * the glossary page's list of linking pages grows as pages are written.
 */
struct build {
	const struct build_opts *o;
	int jobs;
	char *prefix;
	struct project p;
	struct theme *theme;
	struct quiz_set *quizzes;
	struct glossary *glossary;
	struct render *r;
	struct search_index *search;
	struct buf course; /* COURSE_SCRIPT */
	struct output out; /* out.stage: the site is being written */
	struct pack *pk; /* NULL without a ZIP or SCORM package */
	struct static_files statics; /* static/, copied to the site's root */
	char *zip_path, *zip_tmp, *scorm_tmp;
	int refused; /* a usage error: exit 2 */
	int committed; /* the site was moved into place, which may have failed half-way */
	/* the render stage */
	struct page **pages; /* reading order, then the extra pages */
	size_t npages;
	struct rendered *done;
	struct glossary_reader **readers; /* one per thread */
	size_t *hint; /* per thread: the last page's size, to size the next one's buffer */
	struct progress pr;
	int drop_trees; /* release each page's tree after checking it */
};

/*
 * The theme's assets, the course script and site.yaml's logo, into the site (write) or into
 * the archives.
 */
static int
put_assets(const struct theme *t, const struct site *site, const struct buf *course,
	struct output *out, struct pack *pk)
{
	const struct theme_file *files;
	size_t n, i;
	if (out && output_write(out, COURSE_SCRIPT, course->data, course->len) < 0)
		return -1;
	if (pk)
		pack_add(pk, COURSE_SCRIPT, course->data, course->len, PACK_SITE);
	if (site->logo_out && out && output_write(out, site->logo_out, site->logo, site->logo_len) < 0)
		return -1;
	if (site->logo_out && pk)
		pack_add(pk, site->logo_out, site->logo, site->logo_len, PACK_SITE);
	files = theme_files(t, &n);
	for (i = 0; i < n; i++) {
		/* kenshu writes the course script and the logo; a theme's own would be a second entry */
		if (!str_starts(files[i].name, "assets/") || !strcmp(files[i].name, COURSE_SCRIPT) ||
		    (site->logo_out && !strcmp(files[i].name, site->logo_out)))
			continue;
		if (out && output_write(out, files[i].name, files[i].data, files[i].len) < 0)
			return -1;
		if (pk)
			pack_add(pk, files[i].name, files[i].data, files[i].len, PACK_SITE);
	}
	return 0;
}

/*
 * A note's text with CRLF line ends, which Notepad on older Windows needs: a project theme's
 * copy of a note is read as a source, whose CRs are dropped, and must still give the same note.
 */
static void
put_crlf(struct buf *out, const struct buf *text)
{
	size_t i;
	for (i = 0; i < text->len; i++) {
		if (text->data[i] == '\n' && (i == 0 || text->data[i - 1] != '\r'))
			buf_putc(out, '\r');
		buf_putc(out, text->data[i]);
	}
}

/* The read-me notes that only the ZIP has: the theme's template and the note's name. */
static const char *const notes[][2] = {
	{"readme-ja.txt", "\xE3\x81\xAF\xE3\x81\x98\xE3\x82\x81\xE3\x81\xAB\xE3\x81\x8A\xE8"
			  "\xAA\xAD\xE3\x81\xBF\xE3\x81\x8F\xE3\x81\xA0\xE3\x81\x95\xE3\x81"
			  "\x84.txt"}, /* はじめにお読みください.txt */
	{"readme-en.txt", "README.txt"},
};

static int
pack_notes(struct render *r, struct pack *pk)
{
	struct buf text = BUF_INIT, note = BUF_INIT;
	size_t i;
	int rc = 0;
	for (i = 0; i < 2 && rc == 0; i++) {
		buf_clear(&text);
		buf_clear(&note);
		buf_puts(&note, "\xEF\xBB\xBF"); /* so Notepad on any Windows reads UTF-8 */
		rc = render_text(r, notes[i][0], &text);
		put_crlf(&note, &text);
		if (rc == 0)
			pack_add(pk, notes[i][1], note.data, note.len, PACK_ZIP);
	}
	buf_free(&text);
	buf_free(&note);
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
	struct pack *pk, const struct build_opts *o, char **tmp)
{
	char **names, *manifest;
	names = xcalloc(out->n, sizeof *names);
	if (out->n) { /* nothing written yet has no name array */
		memcpy(names, out->names, out->n * sizeof *names);
		qsort(names, out->n, sizeof *names, cmp_names);
	}
	manifest = scorm_manifest(p, qs, o->scorm_version, names, out->n);
	pack_add(pk, SCORM_MANIFEST, manifest, strlen(manifest), PACK_SCORM);
	free(manifest);
	free(names);
	return pack_write(pk, PACK_SCORM, o->scorm, "", tmp);
}

const char *const build_sources[] = {"site.yaml", "content", "quizzes", "themes", STATIC_DIR,
	NULL};

/* True when the absolute path real is one of the project's sources or lies among them. */
static int
among_sources(const char *root, const char *real)
{
	size_t i;
	int hit = 0;
	for (i = 0; build_sources[i] && !hit; i++) {
		char *src = xasprintf("%s/%s", root, build_sources[i]);
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
			"quizzes/, themes/, static/): choose a path outside them", what);
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
			"(site.yaml, content/, quizzes/, themes/, static/): choose another -o");
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

/*
 * The last line of a failed build or check, also with -q: the counts, and what became of the
 * site. Only a failure while moving the site into place can have changed it.
 */
static void
summary(const struct build_opts *o, int committed)
{
	int errors = diag_errors() + diag_system_errors(), warnings = diag_warnings();
	/* TRANSLATORS: the counts that the summary lines' two %s are, as in "kenshu: 1 error,
	 * 0 warnings: nothing written; the previous site is unchanged". */
	char *e = xasprintf(ngettext("%d error", "%d errors", (unsigned long)errors), errors);
	char *w = xasprintf(ngettext("%d warning", "%d warnings", (unsigned long)warnings), warnings);
	if (o->check_only)
		fprintf(stderr, _("kenshu: check found %s, %s\n"), e, w);
	else if (committed)
		fprintf(stderr, _("kenshu: %s, %s: the site could not be put into place (see above)\n"),
			e, w);
	else
		fprintf(stderr, _("kenshu: %s, %s: nothing written; the previous site is unchanged\n"),
			e, w);
	free(e);
	free(w);
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

/* Whether the build may still write: no error so far, no signal. */
static int
clean(void)
{
	return !diag_errors() && !diag_system_errors() && !interrupted;
}

/* The names kenshu writes into the site and its archives, for static/'s files to meet none. */
static void
take_names(const struct build *b, struct static_taken *t)
{
	const struct theme_file *files;
	size_t n, i;
	for (i = 0; i < b->npages; i++) {
		const struct page *pg = b->pages[i];
		/* kenshu's own pages (search, glossary, records) are shown by a bare name */
		char *what = pg->shown && strpbrk(pg->shown, "/.") ?
			/* TRANSLATORS: what a name in the site is, said after it, as in "would replace
			 * index.html, the page of content/index.md" (a file of static/); so are the
			 * next ones. */
			xasprintf(_("the page of %s"), pg->shown) :
			xasprintf(_("kenshu's %s page"), pg->shown ? pg->shown : pg->out);
		static_take(t, pg->out, what);
		free(what);
	}
	files = theme_files(b->theme, &n);
	for (i = 0; i < n; i++)
		if (str_starts(files[i].name, "assets/"))
			static_take(t, files[i].name, _("a file of the theme"));
	if (b->p.site.logo_out)
		static_take(t, b->p.site.logo_out, _("site.yaml's brand.logo"));
	static_take(t, COURSE_SCRIPT, _("kenshu's list of the course's lessons and tests"));
	static_take(t, SEARCH_INDEX, _("kenshu's search index"));
	for (i = 0; i < sizeof notes / sizeof *notes; i++)
		static_take(t, notes[i][1], _("the ZIP's read-me note"));
	static_take(t, SCORM_MANIFEST, _("the SCORM package's manifest"));
}

/* static/: every file listed, none where kenshu writes. */
static void
load_statics(struct build *b)
{
	struct static_taken taken;
	memset(&taken, 0, sizeof taken);
	if (static_load(&b->p, &b->statics) < 0 || !b->statics.n)
		return;
	take_names(b, &taken);
	static_check(&b->p, &b->statics, &taken);
	static_taken_free(&taken);
}

/* load: the course read into the model, every module's pages added. -1: cannot go on. */
static int
stage_load(struct build *b)
{
	const struct build_opts *o = b->o;
	struct project *p = &b->p;
	size_t i, body_bytes = 0;
	if (content_load(p, b->prefix, o->check_only, b->jobs) < 0 && !p->site.id)
		return -1;
	if (!o->no_zip)
		b->zip_path = o->zip ? xstrdup(o->zip) : xasprintf("dist/%s.zip", p->site.id);
	if (!o->check_only && check_outputs(o, b->zip_path) < 0) {
		b->refused = 1; /* a usage error: nothing read further, nothing written */
		return -1;
	}
	b->theme = theme_load(p, p->site.theme ? p->site.theme : "default",
		p->site.lang ? p->site.lang : "ja");
	if (!b->theme)
		return -1;
	/* the modules that add pages of their own */
	document_load_all(p, b->theme);
	form_load_all(p, b->theme);
	b->quizzes = quiz_load_all(p, b->theme);
	records_load(p, b->theme); /* the records page, and the learner fields of test pages */
	glossary_load(p, b->theme, &b->glossary); /* its page after the others that link terms */
	if (o->verbose)
		for (i = 0; i < p->nleft_out; i++)
			fprintf(stderr, _("kenshu: left out %s\n"), p->left_out[i]);
	b->search = search_new();
	search_results_page(b->search, p, b->theme);
	b->npages = p->npages + p->nextras;
	b->pages = xcalloc(b->npages, sizeof *b->pages);
	b->done = xcalloc(b->npages, sizeof *b->done);
	for (i = 0; i < b->npages; i++) {
		b->pages[i] = i < p->npages ? p->pages[i] : p->extras[i - p->npages];
		if (b->pages[i]->body)
			body_bytes += b->pages[i]->body_len;
	}
	load_statics(b);
	/*
	 * A large course keeps only each page's source until its turn to render, not its parsed
	 * tree (several times the memory) nor its text with the variables filled in.
	 */
	b->drop_trees = body_bytes > TREE_BUDGET;
	return 0;
}

static void
check_work(void *ud, int thread, size_t i)
{
	struct build *b = ud;
	struct page *pg = b->pages[i];
	(void)thread;
	if (!pg->body)
		return;
	diag_capture(&b->done[i].log);
	md_parse(pg, b->p.site.vars, b->theme);
	if (b->drop_trees)
		md_release(pg);
	diag_capture(NULL);
}

static void
check_take(void *ud, size_t i)
{
	struct build *b = ud;
	diag_flush(&b->done[i].log);
}

/*
 * check: every page parsed, so that links can be checked against every heading; then the
 * renderer, whose shared parts (navigation, menu, templates) need every page. -1: cannot go
 * on.
 */
static int
stage_check(struct build *b)
{
	struct pool_job job = {.n = b->npages, .threads = b->jobs, .work = check_work,
		.take = check_take, .ud = b, .stop = &interrupted};
	job.ahead = (size_t)b->jobs * AHEAD;
	pool_run(&job);
	if (interrupted || !(b->r = render_new(&b->p, b->theme)))
		return -1;
	render_course_script(b->r, &b->course);
	glossary_attach(b->glossary, render_md_opts(b->r), b->p.site.vars);
	return 0;
}

static void
render_work(void *ud, int thread, size_t i)
{
	struct build *b = ud;
	struct rendered *d = &b->done[i];
	struct page *pg = b->pages[i];
	struct buf html = BUF_INIT;
	buf_reserve(&html, b->hint[thread]); /* the page in one allocation, as a rule */
	diag_capture(&d->log);
	d->ok = render_page(b->r, pg, glossary_reader_hook(b->readers[thread]), &html,
		&d->plain) == 0;
	diag_capture(NULL);
	d->nterms = glossary_reader_uses(b->readers[thread], pg, &d->terms);
	d->len = html.len;
	b->hint[thread] = html.len + html.len / 4;
	d->html = buf_detach(&html);
}

/*
 * Write, pack and index a rendered page, in page order; after an error, only report. Then
 * the page's source and text are done with: freed now, a large course does not hold them
 * all to the end.
 */
static void
render_take(void *ud, size_t i)
{
	struct build *b = ud;
	struct rendered *d = &b->done[i];
	struct page *pg = b->pages[i];
	if (d->log.n)
		progress_erase(&b->pr);
	diag_flush(&d->log);
	glossary_note_uses(b->glossary, pg, d->terms, d->nterms);
	if (!d->ok || !b->out.stage || !clean())
		free(d->html);
	else if (output_give(&b->out, b->pk, pg->out, d->html, d->len) == 0) /* html handed over */
		search_add_page(b->search, pg, d->plain ? d->plain : pg->plain);
	/* Few parts wait to be compressed: else a build whose threads render faster than they
	 * compress would hold most of the site, uncompressed, in memory. */
	while (b->pk && pack_ready(b->pk) > (size_t)b->jobs * BACKLOG_PARTS && pack_work(b->pk))
		;
	free(d->terms);
	free(d->plain);
	d->html = NULL;
	d->terms = NULL;
	d->plain = NULL;
	free(pg->plain);
	free(pg->text);
	pg->plain = pg->text = NULL;
	pg->body = NULL;
	progress(&b->pr, i + 1);
}

static int
render_waits(void *ud, size_t i)
{
	struct build *b = ud;
	return b->pages[i]->sums_up;
}

/* A thread with no page to render compresses a part of the archives. */
static int
pack_idle(void *ud)
{
	struct build *b = ud;
	return b->pk && pack_ready(b->pk) && pack_work(b->pk);
}

/* Compress every part waiting, on every thread. */
static void *
drain(void *ud)
{
	while (!interrupted && pack_idle(ud))
		;
	return NULL;
}

/* The search index's files, made on threads of their own (search_files). */
struct index_work {
	struct build *b;
	struct search_file *files;
	size_t n;
};

static void *
make_index(void *ud)
{
	struct index_work *w = ud;
	w->n = search_files(w->b->search, w->b->jobs, &w->files);
	return NULL;
}

/*
 * The search index's files, written and then given to the archives: not copied, together
 * they are the largest part of a large course (60 MB at 10,000 lessons). They are made while
 * this thread compresses what the pages left to compress.
 */
static void
put_index(struct build *b)
{
	struct index_work w = {b, NULL, 0};
	pthread_t thread;
	size_t i;
	if (b->jobs > 1 && b->pk && pthread_create(&thread, NULL, make_index, &w) == 0) {
		drain(b);
		pthread_join(thread, NULL);
	} else {
		make_index(&w);
	}
	for (i = 0; i < w.n; i++) {
		struct search_file *f = &w.files[i];
		if (clean()) {
			output_give(&b->out, b->pk, f->path, f->data, f->len);
			f->data = NULL; /* handed over */
		}
	}
	search_files_free(w.files, w.n);
}

/*
 * render: every page on b->jobs threads, written, packed and indexed in page order on this
 * one; then the files that come after the pages (the search index, the theme's assets, the
 * media pages link). Nothing is written once there is an error.
 */
static int
stage_render(struct build *b)
{
	struct pool_job job = {.n = b->npages, .threads = b->jobs, .work = render_work,
		.take = render_take, .waits = render_waits, .idle = pack_idle, .ud = b,
		.stop = &interrupted};
	pthread_t *helpers;
	int k, nhelpers = 0, writing;
	size_t i;
	if (b->out.stage && (!b->o->no_zip || b->o->scorm))
		b->pk = pack_begin(zip_time(&b->p), b->out.stage, PACK_MEMORY);
	b->readers = xcalloc((size_t)b->jobs, sizeof *b->readers);
	b->hint = xcalloc((size_t)b->jobs, sizeof *b->hint);
	for (k = 0; k < b->jobs; k++)
		b->readers[k] = glossary_reader_new(b->glossary);
	b->pr.on = !b->o->quiet && isatty(2);
	b->pr.total = b->npages;
	job.ahead = (size_t)b->jobs * AHEAD;
	pool_run(&job);
	for (i = 0; i < b->npages; i++) { /* left by an interrupted build */
		free(b->done[i].html);
		free(b->done[i].terms);
		free(b->done[i].plain);
		diag_log_free(&b->done[i].log);
	}
	if (interrupted)
		return -1;
	/* Names only the whole course can judge: one that no page had is a theme's mistake. */
	render_check_theme(b->r);
	writing = b->out.stage && clean();
	if (writing) {
		put_index(b);
		if (b->pk) {
			put_assets(b->theme, &b->p.site, &b->course, NULL, b->pk);
			if (!b->o->no_zip)
				pack_notes(b->r, b->pk);
			pack_flush(b->pk);
		}
	}
	/* What is left to compress, the index's files most of it, on every thread. */
	helpers = xcalloc((size_t)b->jobs, sizeof *helpers);
	for (k = 1; b->pk && k < b->jobs; k++)
		if (pthread_create(&helpers[nhelpers], NULL, drain, b) == 0)
			nhelpers++;
	drain(b);
	for (k = 0; k < nhelpers; k++)
		pthread_join(helpers[k], NULL);
	free(helpers);
	/* The media and attachments pages link (always read, so checked), and the theme's assets. */
	writing = b->out.stage && clean();
	media_put(render_media(b->r), b->p.prefix, writing ? &b->out : NULL, writing ? b->pk : NULL);
	if (writing)
		put_assets(b->theme, &b->p.site, &b->course, &b->out, NULL);
	/* static/'s files last: read in every build (so checked), written when all else was. */
	writing = b->out.stage && clean();
	static_put(&b->p, &b->statics, writing ? &b->out : NULL, writing ? b->pk : NULL);
	inventory_check(&b->p, render_media(b->r));
	return interrupted ? -1 : 0;
}

/* pack: the ZIP and the SCORM package, to temporary names beside their places. */
static void
stage_pack(struct build *b)
{
	if (!b->pk || !clean())
		return;
	if (b->zip_path)
		pack_write(b->pk, PACK_ZIP, b->zip_path, b->p.site.id, &b->zip_tmp);
	if (clean() && b->o->scorm)
		write_scorm(&b->p, b->quizzes, &b->out, b->pk, b->o, &b->scorm_tmp);
}

/* commit: the site, the ZIP and the SCORM package into place together, or none of them. */
static void
stage_commit(struct build *b)
{
	if (interrupted)
		diag_system(NULL, "interrupted: nothing written, the previous site is unchanged");
	if (!b->out.stage)
		return;
	if (!clean()) {
		output_abort(&b->out);
		pack_commit(b->zip_tmp, b->zip_path, 0);
	} else {
		b->committed = 1;
		pack_commit(b->zip_tmp, b->zip_path, output_commit(&b->out) == 0);
	}
	/* The SCORM package goes into place with the site, or not at all. */
	pack_commit(b->scorm_tmp, b->o->scorm, !diag_errors() && !diag_system_errors());
}

static void
build_free(struct build *b)
{
	size_t i;
	int k;
	/* Extra pages have parse trees too (documents), and a build that stopped before
	 * rendering (a theme's layout that does not compile) never released them. */
	for (i = 0; i < b->p.npages + b->p.nextras; i++)
		md_free(i < b->p.npages ? b->p.pages[i] : b->p.extras[i - b->p.npages]);
	for (k = 0; b->readers && k < b->jobs; k++)
		glossary_reader_free(b->readers[k]);
	free(b->readers);
	free(b->hint);
	free(b->pages);
	free(b->done);
	pack_free(b->pk);
	static_free(&b->statics);
	buf_free(&b->course);
	search_free(b->search);
	render_free(b->r);
	glossary_free(b->glossary);
	quiz_free(b->quizzes);
	theme_free(b->theme);
	content_free(&b->p);
	free(b->zip_path);
	free(b->zip_tmp);
	free(b->scorm_tmp);
	free(b->prefix);
}

int
build_run(const struct build_opts *o)
{
	struct build b;
	double start = now();
	int status;

	memset(&b, 0, sizeof b);
	b.o = o;
	b.jobs = o->jobs > 0 ? o->jobs : pool_default_threads();
	if (o->dir && strcmp(o->dir, ".") != 0) {
		if (chdir(o->dir) < 0) {
			diag_system(o->dir, "cannot open the project folder: %s", strerror(errno));
			summary(o, 0);
			return 3;
		}
		b.prefix = xasprintf("%s%s", o->dir, str_ends(o->dir, "/") ? "" : "/");
	} else {
		b.prefix = xstrdup("");
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal); /* the terminal closed */
	md_init();

	if (stage_load(&b) < 0 || stage_check(&b) < 0)
		goto done;
	if (!o->check_only && !diag_errors() && output_begin(&b.out, o->outdir, &interrupted) < 0)
		goto done;
	if (stage_render(&b) < 0)
		goto done;
	if (o->strict && diag_warnings()) {
		if (o->check_only)
			diag_error(NULL, 0, 0, "%d warning(s) and --strict: the check fails",
				diag_warnings());
		else
			diag_error(NULL, 0, 0, "%d warning(s) and --strict: nothing written",
				diag_warnings());
	}
	stage_pack(&b);
done:
	stage_commit(&b);
	output_end(&b.out); /* the site and the archives are in place: another build may start */
	status = b.refused ? 2 : exit_status();
	if (status != 0 && !interrupted) /* an interrupted build has said what became of it */
		summary(o, b.committed);
	if (status == 0 && !interrupted && (o->verbose || (!o->quiet && isatty(2)))) {
		if (o->check_only)
			fprintf(stderr, ngettext("kenshu: %zu page checked, no errors\n",
				"kenshu: %zu pages checked, no errors\n", b.npages), b.npages);
		else if (b.zip_path)
			fprintf(stderr, ngettext("kenshu: %zu page written to %s and %s in %.2f s\n",
				"kenshu: %zu pages written to %s and %s in %.2f s\n", b.npages), b.npages,
				o->outdir, b.zip_path, now() - start);
		else
			fprintf(stderr, ngettext("kenshu: %zu page written to %s in %.2f s\n",
				"kenshu: %zu pages written to %s in %.2f s\n", b.npages), b.npages,
				o->outdir, now() - start);
	}
	build_free(&b);
	return interrupted ? 128 + interrupted : status; /* as the shell reports a signal */
}
