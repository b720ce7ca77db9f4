#include "content.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "diag.h"
#include "fs.h"
#include "i18n.h"
#include "links.h"
#include "markdown.h"
#include "pool.h"
#include "util.h"
#include "value.h"
#include "yaml.h"

static const char *const lesson_keys[] = {"title", "summary", "objectives", "duration", "quiz",
	"slug", "draft", NULL};
static const char *const home_keys[] = {"title", "summary", NULL};
static const char *const module_keys[] = {"title", "summary", "slug", "draft", NULL};

/* Output names kenshu itself uses; content never takes them. */
static const char *const reserved[] = {"index", "glossary", "quizzes", "documents", "records",
	"search", "forms", "assets", NULL};

/* Longest 'slug:' (it becomes a file name, and archives and old systems limit those). */
#define SLUG_MAX 64

/* Note a source in the build id and the newest time. */
static void
note_source(struct project *p, const char *data, size_t len, time_t mtime)
{
	static const unsigned char end = 0xff;
	/* One hash over every source in load order: same sources, same build id. */
	p->hash = hash_more(p->hash ? p->hash : HASH_START, data, len);
	p->hash = hash_more(p->hash, &end, 1);
	if (mtime > p->newest)
		p->newest = mtime;
}

void
content_use(struct project *p, const char *path)
{
	strmap_put(&p->used, path, p);
}

void
content_note_read(struct project *p, const char *path, const char *text, size_t len,
	time_t mtime)
{
	content_use(p, path);
	if (text)
		note_source(p, text, len, mtime);
}

int
content_read_source(struct project *p, const char *path, const char *shown, char **text,
	size_t *len)
{
	time_t mtime = 0;
	int rc = fs_read_source(path, shown, text, len, &mtime);
	content_note_read(p, path, rc == 0 ? *text : NULL, rc == 0 ? *len : 0, mtime);
	return rc;
}

/* The number in a "NN-" prefix, or -1; *rest points past the prefix. */
static long
prefix_number(const char *name, const char **rest)
{
	const char *s = name;
	long v = 0;
	while (*s >= '0' && *s <= '9' && v < 100000000)
		v = v * 10 + (*s++ - '0');
	if (s == name || (*s != '-' && *s != '_')) {
		*rest = name;
		return -1;
	}
	*rest = s + 1;
	return v;
}

static int
cmp_prefixed(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b, *rx, *ry;
	long nx = prefix_number(x, &rx), ny = prefix_number(y, &ry);
	if (nx != ny)
		return nx < 0 ? 1 : ny < 0 ? -1 : nx < ny ? -1 : 1;
	return strcmp(x, y);
}

void
content_sort_names(char **names, size_t n)
{
	if (n)
		qsort(names, n, sizeof *names, cmp_prefixed);
}

static int
has_extension(const char *name, const char *const *exts)
{
	const char *dot = strrchr(name, '.');
	size_t i;
	if (!dot || dot == name || strchr(dot, '/'))
		return 0;
	for (i = 0; exts[i]; i++)
		if (!strcasecmp(dot, exts[i]))
			return 1;
	return 0;
}

int
content_is_markdown(const char *name)
{
	static const char *const exts[] = {".md", ".markdown", NULL};
	return has_extension(name, exts);
}

int
content_is_yaml(const char *name)
{
	static const char *const exts[] = {".yaml", ".yml", NULL};
	return has_extension(name, exts);
}

char *
content_stem(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && dot != name ? xstrndup(name, (size_t)(dot - name)) : xstrdup(name);
}

/* name's part between the numeric prefix and the extension: [*start, *end). */
static void
name_core(const char *name, const char **start, const char **end)
{
	prefix_number(name, start);
	*end = strrchr(*start, '.');
	if (!*end || *end == *start)
		*end = *start + strlen(*start);
}

char *
content_ascii(const char *name)
{
	struct buf b = BUF_INIT;
	const char *s, *end;
	name_core(name, &s, &end);
	/* The rule names have always had (so no page of an ASCII name moves): separators
	 * become '-', anything else that is not a letter or a digit is left out. */
	for (; s < end; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			buf_putc(&b, c);
		else if ((c == '-' || c == '_' || c == ' ' || c == '.') && b.len &&
			 b.data[b.len - 1] != '-')
			buf_putc(&b, '-');
	}
	while (b.len && b.data[b.len - 1] == '-')
		b.len--;
	buf_truncate(&b, b.len);
	return buf_detach(&b);
}

char *
content_slug(const char *name, int *hashed)
{
	const char *s, *end, *c;
	char *ascii = content_ascii(name), *core, *slug;
	utf8proc_uint8_t *nfc;
	unsigned long long h;
	name_core(name, &s, &end);
	for (c = s; c < end && !((unsigned char)*c & 0x80); c++)
		;
	if (hashed)
		*hashed = c < end || !*ascii;
	if (c == end && *ascii)
		return ascii;
	/*
	 * NFC first: macOS may hand over the same name decomposed, and the name must not
	 * change with the computer the course is built on. A name with nothing between its
	 * prefix and extension ("01-.md", "02-!!!") is hashed whole.
	 */
	core = s < end ? xstrndup(s, (size_t)(end - s)) : xstrdup(name);
	nfc = utf8proc_NFC((const utf8proc_uint8_t *)core);
	h = nfc ? hash_bytes(nfc, strlen((const char *)nfc)) : hash_bytes(core, strlen(core));
	slug = xasprintf("%s%s%08llx", ascii, *ascii ? "-" : "", h & 0xffffffffull);
	free(nfc);
	free(core);
	free(ascii);
	return slug;
}

/* A name kenshu keeps for its own pages. */
static int
is_reserved(const char *name)
{
	size_t i;
	for (i = 0; reserved[i]; i++)
		if (!strcmp(name, reserved[i]))
			return 1;
	return 0;
}

/* is_reserved as unique_name asks it. */
static int
reserved_name(const char *name, const void *unused)
{
	(void)unused;
	return is_reserved(name);
}

/* Names Windows keeps for devices, whatever the extension: such a page would not open there. */
static int
is_device(const char *name)
{
	static const char *const devices[] = {"con", "prn", "aux", "nul", NULL};
	size_t i;
	for (i = 0; devices[i]; i++)
		if (!strcmp(name, devices[i]))
			return 1;
	return (str_starts(name, "com") || str_starts(name, "lpt")) && name[3] >= '0' &&
		name[3] <= '9' && !name[4];
}

int
content_name_page(struct project *p, struct page *pg, const char *base, int own)
{
	const struct page *other;
	int line = pg->slug ? pg->slug_line : 1, col = pg->slug ? pg->slug_col : 1, rc = 0;
	char *name, *fixed = NULL;
	if (!own && is_device(base)) {
		if (pg->slug && !strcmp(base, pg->slug)) {
			diag_error(pg->shown, line, col, "'%s' is a name Windows keeps for a device, and "
				"the page would not open there: choose another 'slug:'", base);
			rc = -1;
		}
		base = fixed = xasprintf("%s-page", base);
	} else if (!own && strlen(base) > SLUG_MAX) {
		/* A long made-up name: its start and a hash of the whole, still stable. */
		size_t cut = SLUG_MAX - 9;
		while (cut > 1 && base[cut - 1] == '-')
			cut--;
		base = fixed = xasprintf("%.*s-%08llx", (int)cut, base,
			hash_bytes(base, strlen(base)) & 0xffffffffull);
	}
	other = strmap_get(&p->taken, base);
	if (other && other->src) {
		diag_error(pg->shown, line, col, "page name '%s.html' is taken by %s; give one of "
			"them another 'slug:' or file name", base, other->shown);
		rc = -1;
	} else if (other) {
		diag_error(pg->shown, line, col, "page name '%s.html' is taken by another page; give "
			"one of them another 'slug:' or file name", base);
		rc = -1;
	} else if (!own && is_reserved(base)) {
		diag_error(pg->shown, line, col, "page name '%s.html' is kenshu's own (%s.html is "
			"its %s page); give this one another 'slug:'", base, base, base);
		rc = -1;
	}
	name = unique_name(&p->taken, base, 2, NULL, own ? NULL : reserved_name, NULL);
	strmap_put(&p->taken, name, pg);
	free(pg->out);
	pg->out = xasprintf("%s.html", name);
	free(name);
	free(fixed);
	return rc;
}

char *
content_page_slug(const struct project *p, const struct page *pg, const char *name)
{
	int hashed;
	char *slug;
	if (pg->slug)
		return xstrdup(pg->slug);
	slug = content_slug(name, &hashed);
	if (!hashed || !p->notes)
		return slug;
	if (pg->kind == PAGE_MODULE)
		diag_note(pg->shown, 1, 1, "its page is named from a hash of its file name ('%s'); "
			"'slug:' in this file gives it a readable one (set it before learners start: "
			"their progress and records are kept under the name)", slug);
	else
		diag_note(pg->shown, 1, 1, "its page is named from a hash of its file name ('%s'); "
			"'slug:' in its front matter gives it a readable one (set it before learners "
			"start: their progress and records are kept under the name)", slug);
	return slug;
}

/* A 'slug:' value: 1 to SLUG_MAX of a-z, 0-9 and single '-' inside. */
static int
valid_slug(const char *s)
{
	size_t n = strlen(s), i;
	if (!n || n > SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
			    (s[i] == '-' && s[i + 1] != '-')))
			return 0;
	return 1;
}

/* Read 'slug:' from n into pg. -1 after reporting. */
static int
read_slug(const char *file, const struct ynode *n, struct page *pg)
{
	const char *s;
	if (yaml_string(file, n, "slug", &s) < 0)
		return -1;
	if (!valid_slug(s)) {
		diag_error(file, n->line, n->col, "'slug' must be 1 to %d of a-z, 0-9 and '-' (it "
			"names the page's file), not '%s'", SLUG_MAX, s);
		return -1;
	}
	pg->slug = xstrdup(s);
	pg->slug_line = n->line;
	pg->slug_col = n->col;
	return 0;
}

/* Whether s starts a "key:" line of front matter (a half- or full-width colon). */
static int
key_line(const char *s)
{
	const char *k = s;
	while ((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_')
		k++;
	while (*k == ' ')
		k++;
	return k > s && (*k == ':' || !strncmp(k, YAML_FW_COLON, 3));
}

/*
 * A page without front matter whose first line that is not blank was meant to open it: '---'
 * after blank lines or with spaces after it, or dashes typed in full width ("ーーー"), and
 * then a "key:" line. Without this the front matter would be published as the page's text.
 * -1 after reporting.
 */
static int
front_matter_slip(const struct page *pg)
{
	const char *s = pg->text, *line, *next, *dash;
	int lineno = 1, hyphens = 0, wide = 0, spaced = 0;
	for (line = s; *line == '\n' || *line == ' ' || *line == '\t'; line++)
		if (*line == '\n') {
			lineno++;
			s = line + 1;
		}
	next = strchr(s, '\n');
	if (!next || !key_line(next + 1))
		return 0;
	for (line = s; line < next;) {
		if (*line == '-') {
			hyphens++;
			line++;
		} else if ((dash = yaml_fw_dash(line, next))) {
			wide++;
			line += strlen(dash);
		} else if (*line == ' ' || *line == '\t') {
			spaced = 1;
			line++;
		} else if (!strncmp(line, YAML_FW_SPACE, 3)) {
			spaced = 1;
			line += 3;
		} else {
			return 0;
		}
	}
	if (hyphens + wide != 3)
		return 0;
	if (wide)
		diag_error(pg->shown, lineno, 1, "front matter opens with three half-width hyphens "
			"'---': these are typed in full width");
	else if (spaced)
		diag_error(pg->shown, lineno, 1, "front matter opens with a line of '---' alone: "
			"remove the spaces around it");
	else
		diag_error(pg->shown, lineno, 1, "front matter opens on the first line: remove the "
			"blank lines before '---'");
	return -1;
}

/*
 * The front matter at the start of pg->text, when there is one: its tree into *fm, and
 * pg->body after it. 0 (with *fm NULL when the page has none), or -1 after reporting.
 */
static int
split_front_matter(struct page *pg, struct ynode **fm)
{
	const char *text = pg->text, *end, *line;
	int lines = 1;

	*fm = NULL;
	pg->body = text;
	pg->body_len = strlen(text);
	pg->body_line = 1;
	if (strncmp(text, "---\n", 4) != 0)
		return front_matter_slip(pg);
	/* Find the closing '---' (or '...') line. */
	for (line = text + 4, end = NULL; *line; lines++) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		if ((n == 3 && (!strncmp(line, "---", 3) || !strncmp(line, "...", 3)))) {
			end = line;
			break;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	if (!end) {
		diag_error(pg->shown, 1, 1, "front matter is not closed: no '---' line after it");
		return -1;
	}
	if (!(*fm = yaml_load(pg->shown, text + 4, (size_t)(end - text - 4), 1)))
		return -1;
	pg->body = end + 3;
	if (*pg->body == '\n')
		pg->body++;
	pg->body_len = strlen(pg->body);
	pg->body_line = lines + 2;
	return 0;
}

/*
 * A page that gives no 'title:' takes its first level-1 heading's (md_title); with neither,
 * the error says how to give one. -1 after reporting.
 */
static int
title_from_heading(const struct project *p, struct page *pg, int front_matter)
{
	char *title;
	int found = md_title(pg, p->site.vars, &title, &pg->title_line);
	if (found < 0)
		return -1;
	if (!found) {
		if (front_matter)
			diag_error(pg->shown, 2, 1, "no title: add 'title: ...' to the front matter, "
				"or a heading line '# Title' to the page");
		else
			diag_error(pg->shown, 1, 1, "no title: start the page with a heading line "
				"'# Title', or with front matter ('---', 'title: ...', '---')");
		return -1;
	}
	free(pg->title); /* an extra page's placeholder */
	pg->title = title;
	return 0;
}

/*
 * Split the optional front matter off pg->text and check it against keys; a page without
 * 'title:' takes its heading's. A draft is only checked so far as to know that it is one.
 * With fm_out, the front matter tree is handed to the caller (who frees it; NULL when there
 * is none) for keys only it knows.
 */
static int
parse_front(const struct project *p, struct page *pg, const char *const *keys,
	struct ynode **fm_out)
{
	struct ynode *fm = NULL;
	const struct ynode *v;
	long duration;
	size_t i;
	int rc = 0;

	if (split_front_matter(pg, &fm) < 0)
		return -1;
	if (fm && yaml_expect(pg->shown, fm, YNODE_MAP, _("front matter")) < 0) {
		rc = -1;
		goto out;
	}
	if (fm)
		rc |= yaml_check_keys(pg->shown, fm, keys);
	if ((v = ynode_get(fm, "draft")))
		rc |= yaml_bool(pg->shown, v, "draft", &pg->draft);
	if (pg->draft)
		goto out;
	if ((v = ynode_get(fm, "title"))) {
		free(pg->title); /* an extra page's placeholder */
		pg->title = NULL;
		rc |= yaml_text(pg->shown, v, "title", &pg->title);
		if (pg->title && !*pg->title) {
			diag_error(pg->shown, v->line, v->col, "'title' is empty");
			rc = -1;
		}
	} else if (title_from_heading(p, pg, fm != NULL) < 0) {
		rc = -1;
	}
	if ((v = ynode_get(fm, "summary")))
		rc |= yaml_text(pg->shown, v, "summary", &pg->summary);
	if ((v = ynode_get(fm, "objectives"))) {
		if (yaml_expect(pg->shown, v, YNODE_SEQ, "objectives") < 0) {
			rc = -1;
		} else {
			pg->objectives = xcalloc(v->n, sizeof *pg->objectives);
			for (i = 0; i < v->n; i++)
				if (yaml_text(pg->shown, v->items[i], _("objective"),
					    &pg->objectives[pg->nobjectives]) == 0)
					pg->nobjectives++;
				else
					rc = -1;
		}
	}
	if ((v = ynode_get(fm, "slug")))
		rc |= read_slug(pg->shown, v, pg);
	if ((v = ynode_get(fm, "quiz"))) {
		rc |= yaml_text(pg->shown, v, "quiz", &pg->quiz);
		pg->quiz_line = v->line;
		pg->quiz_col = v->col;
	}
	if ((v = ynode_get(fm, "duration"))) {
		if (yaml_int(pg->shown, v, "duration", 1, 6000, &duration) < 0)
			rc = -1;
		else
			pg->duration = (int)duration;
	}
out:
	if (fm_out)
		*fm_out = fm;
	else
		ynode_free(fm);
	return rc ? -1 : 0;
}

/*
 * What parse_front's outcome rc changes in the project, on the loading thread: a draft's
 * links are noted, and a draft or a broken page keeps no body. rc again.
 */
static int
front_parsed(struct project *p, struct page *pg, int rc)
{
	if (pg->draft && !rc)
		links_note_draft(p, pg->src, pg->body);
	if (rc || pg->draft) {
		pg->body = NULL; /* not worth parsing: its errors are reported already */
		pg->broken = rc != 0;
	}
	return rc;
}

static int
parse_page(struct project *p, struct page *pg, const char *const *keys, struct ynode **fm_out)
{
	return front_parsed(p, pg, parse_front(p, pg, keys, fm_out));
}

/* Read src into pg as fs_read_source does: nothing of p changes. -1 after reporting. */
static int
read_text(const struct project *p, struct page *pg, const char *src, size_t *len,
	time_t *mtime)
{
	free(pg->src);
	free(pg->shown);
	pg->src = xstrdup(src);
	pg->shown = xasprintf("%s%s", p->prefix, src);
	if (fs_read_source(src, pg->shown, &pg->text, len, mtime) < 0) {
		pg->broken = 1;
		return -1;
	}
	return 0;
}

static int
read_page(struct project *p, struct page *pg, const char *src)
{
	size_t len = 0;
	time_t mtime = 0;
	int rc = read_text(p, pg, src, &len, &mtime);
	content_note_read(p, pg->src, rc == 0 ? pg->text : NULL, len, mtime);
	return rc;
}

int
content_read_page(struct project *p, struct page *pg, const char *src,
	const char *const *keys, struct ynode **fm)
{
	if (fm)
		*fm = NULL;
	if (read_page(p, pg, src) < 0)
		return -1;
	return parse_page(p, pg, keys, fm);
}

void
content_leave_out(struct project *p, const char *src, const char *shown, const char *why)
{
	/* TRANSLATORS: a file or folder left out of the site, and why ("draft: true"). */
	char *line = xasprintf(_("%s (%s)"), shown, why);
	p->left_out = xgrow(p->left_out, &p->capleft_out, p->nleft_out + 1, sizeof *p->left_out);
	p->left_out[p->nleft_out++] = line;
	strmap_put(&p->drafts, src, line);
}

char *
content_find_file(struct project *p, const char *dir, const char *stem, int (*is_kind)(const char *),
	int *rc)
{
	char **names = NULL, *found = NULL;
	size_t n = 0, i, len = strlen(stem);
	if (fs_list(dir, &names, &n) < 0) {
		*rc = -1;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		char *path;
		if (strncmp(names[i], stem, len) || names[i][len] != '.' || strchr(names[i] + len + 1, '.') ||
		    !is_kind(names[i]))
			continue;
		path = fs_join(dir, names[i]);
		if (!found) {
			found = path;
			continue;
		}
		{
			char *shown = xasprintf("%s%s", p->prefix, path);
			diag_error(shown, 0, 0, "kenshu reads only one of this and %s%s: keep one",
				p->prefix, found);
			free(shown);
			content_use(p, path); /* named here, not again as unused */
		}
		*rc = -1;
		free(path);
	}
	fs_list_free(names, n);
	return found;
}

static void page_free(struct page *pg);
static void module_free(struct module *m);

/* A lesson's file name (the last part of its source path). */
static const char *
file_name(const struct page *pg)
{
	const char *slash = strrchr(pg->src, '/');
	return slash ? slash + 1 : pg->src;
}

/*
 * Lessons read ahead: before the modules are loaded in order, the lesson files of every
 * module folder are listed, then read and their front matter parsed on p->jobs threads
 * (read_lesson), nothing of the project changed. load_lessons takes each at its turn
 * (take_lesson): its reports are printed then, and the source noted in the build id in load
 * order. A lesson not listed ahead (a file that came since) is read at its turn.
 */
struct lesson_item {
	char *src;
	struct page *pg; /* NULL: not a file */
	size_t len;
	time_t mtime;
	int read, rc; /* read: the file was read; rc: read and parsed, 0 or -1 */
	int taken;
	struct diag_log log;
};

struct read_ahead {
	const struct project *p;
	struct lesson_item *items;
	size_t n, cap;
	struct strmap index; /* src -> its item */
	struct pool_job job;
	struct pool *pl;
};

static int
is_lesson_name(const char *name)
{
	return content_is_markdown(name) && name[0] != '_'; /* inventory names what is left */
}

/* Read the lesson at it->src into it, its reports into it->log: nothing of p changes. */
static void
read_item(const struct project *p, struct lesson_item *it)
{
	struct page *pg;
	if (fs_is_dir(it->src))
		return;
	pg = xcalloc(1, sizeof *pg);
	pg->kind = PAGE_LESSON;
	diag_capture(&it->log);
	it->read = read_text(p, pg, it->src, &it->len, &it->mtime) == 0;
	it->rc = it->read ? parse_front(p, pg, lesson_keys, NULL) : -1;
	diag_capture(NULL);
	it->pg = pg;
}

static void
read_lesson(void *ud, int thread, size_t i)
{
	struct read_ahead *ra = ud;
	(void)thread;
	read_item(ra->p, &ra->items[i]);
}

/* List every module folder's lessons and start reading them. */
static void
read_ahead_start(struct read_ahead *ra, const struct project *p, char **modules, size_t n)
{
	size_t i, j, nnames;
	char **names;
	memset(ra, 0, sizeof *ra);
	ra->p = p;
	for (i = 0; i < n; i++) {
		char *dir = xasprintf("content/lessons/%s", modules[i]);
		struct diag_log quiet = {NULL, 0, 0}; /* load_module lists it again, and reports */
		diag_capture(&quiet);
		if (fs_is_dir(dir) && fs_inside_project(dir) && fs_list(dir, &names, &nnames) == 0) {
			content_sort_names(names, nnames);
			for (j = 0; j < nnames; j++) {
				if (!is_lesson_name(names[j]))
					continue;
				ra->items = xgrow(ra->items, &ra->cap, ra->n + 1, sizeof *ra->items);
				memset(&ra->items[ra->n], 0, sizeof *ra->items);
				ra->items[ra->n++].src = fs_join(dir, names[j]);
			}
			fs_list_free(names, nnames);
		}
		diag_capture(NULL);
		diag_log_free(&quiet);
		free(dir);
	}
	for (i = 0; i < ra->n; i++)
		strmap_put(&ra->index, ra->items[i].src, &ra->items[i]);
	ra->job.n = ra->n;
	ra->job.threads = p->jobs;
	ra->job.ahead = ra->n;
	ra->job.work = read_lesson;
	ra->job.ud = ra;
	ra->pl = pool_start(&ra->job);
}

/* Stop reading ahead, and free what no module took. */
static void
read_ahead_end(struct read_ahead *ra)
{
	size_t i;
	pool_end(ra->pl);
	for (i = 0; i < ra->n; i++) {
		struct lesson_item *it = &ra->items[i];
		if (!it->taken && it->pg) {
			page_free(it->pg);
			free(it->pg);
		}
		diag_log_free(&it->log);
		free(it->src);
	}
	free(ra->items);
	strmap_free(&ra->index);
}

/* The lesson src as read ahead, or read now when it was not listed; NULL for a folder. */
static struct lesson_item *
take_lesson(struct read_ahead *ra, char *src, struct lesson_item *own)
{
	struct lesson_item *it = strmap_get(&ra->index, src);
	if (it && !it->taken) {
		pool_wait(ra->pl, (size_t)(it - ra->items));
	} else {
		memset(own, 0, sizeof *own);
		own->src = src; /* borrowed */
		read_item(ra->p, own);
		it = own;
	}
	it->taken = 1;
	diag_flush(&it->log);
	return it->pg ? it : NULL;
}

/* The lessons of m from the file names in its folder; drafts are left out. -1 after reporting. */
static int
load_lessons(struct project *p, struct read_ahead *ra, struct module *m, char **names, size_t n,
	size_t *drafts)
{
	size_t i;
	int rc = 0;
	m->lessons = xcalloc(n, sizeof *m->lessons);
	for (i = 0; i < n; i++) {
		struct lesson_item own, *it;
		struct page *pg;
		char *src;
		if (!is_lesson_name(names[i]))
			continue;
		src = fs_join(m->dir, names[i]);
		it = take_lesson(ra, src, &own);
		free(src);
		if (!it)
			continue;
		pg = it->pg;
		pg->module = m;
		content_note_read(p, pg->src, it->read ? pg->text : NULL, it->len, it->mtime);
		if (front_parsed(p, pg, it->rc) < 0)
			rc = -1;
		if (it == &own)
			diag_log_free(&own.log);
		if (pg->draft) {
			content_leave_out(p, pg->src, pg->shown, "draft: true");
			page_free(pg);
			free(pg);
			++*drafts;
			continue;
		}
		pg->index = m->n;
		m->lessons[m->n++] = pg;
	}
	return rc;
}

/*
 * A lesson of a draft module: used, and so are the files it links. Read quietly, as no
 * stage reads a draft; a file that cannot be read links nothing.
 */
static void
note_draft_file(struct project *p, const char *src)
{
	struct diag_log quiet = {NULL, 0, 0};
	char *body = NULL;
	size_t len;
	content_use(p, src);
	diag_capture(&quiet);
	if (fs_read_file(src, src, FS_MAX_SOURCE, &body, &len, NULL) == 0)
		links_note_draft(p, src, body);
	diag_capture(NULL);
	diag_log_free(&quiet);
	free(body);
}

/*
 * The module in content/lessons/name into m. 1 when it is left out: 'draft: true' in its
 * _module.yaml (its lessons are not read), or every lesson a draft; the caller frees m.
 * -1 after reporting.
 */
static int
load_module(struct project *p, struct read_ahead *ra, struct module *m, const char *name)
{
	char **names = NULL, *yaml_path, *shown, *text = NULL;
	struct ynode *y = NULL;
	const struct ynode *v;
	size_t n = 0, i, len, drafts = 0;
	int rc = 0, draft = 0, left_out = 0;

	m->dir = xasprintf("content/lessons/%s", name);
	m->page.kind = PAGE_MODULE;
	m->page.module = m;
	m->page.src = xstrdup(m->dir);
	yaml_path = content_find_file(p, m->dir, "_module", content_is_yaml, &rc);
	if (yaml_path)
		shown = xasprintf("%s%s", p->prefix, yaml_path);
	else
		shown = xasprintf("%s%s/_module.yaml", p->prefix, m->dir);
	m->page.shown = xstrdup(shown);
	if (!yaml_path) {
		diag_error(shown, 0, 0, "missing: every module folder needs a _module.yaml with its "
			"'title'");
		rc = -1;
	} else if (content_read_source(p, yaml_path, shown, &text, &len) < 0 ||
		   !(y = yaml_load(shown, text, len, 0))) {
		rc = -1;
	} else {
		if (yaml_expect(shown, y, YNODE_MAP, "_module.yaml") < 0 ||
		    yaml_check_keys(shown, y, module_keys) < 0)
			rc = -1;
		if ((v = ynode_get(y, "draft")) && yaml_bool(shown, v, "draft", &draft) < 0)
			rc = -1;
		if (!(v = ynode_get(y, "title"))) {
			diag_error(shown, 1, 1, "_module.yaml has no 'title'");
			rc = -1;
		} else if (yaml_text(shown, v, "title", &m->page.title) < 0) {
			rc = -1;
		}
		if ((v = ynode_get(y, "summary")) && yaml_text(shown, v, "summary", &m->page.summary) < 0)
			rc = -1;
		if ((v = ynode_get(y, "slug")) && read_slug(shown, v, &m->page) < 0)
			rc = -1;
	}
	if (fs_list(m->dir, &names, &n) < 0) {
		rc = -1;
		goto out;
	}
	content_sort_names(names, n);
	if (draft) {
		/* Its lessons are the draft's: read by no stage, named by no diagnostic. */
		for (i = 0; i < n; i++) {
			char *src = fs_join(m->dir, names[i]);
			if (content_is_markdown(names[i]) && names[i][0] != '_' && !fs_is_dir(src))
				note_draft_file(p, src);
			free(src);
		}
	} else if (load_lessons(p, ra, m, names, n, &drafts) < 0) {
		rc = -1;
	}
	if (rc == 0 && (draft || (!m->n && drafts))) {
		char *dir = xasprintf("%s%s", p->prefix, m->dir);
		content_leave_out(p, m->dir, dir, draft ? "draft: true" :
			_("every lesson is a draft"));
		free(dir);
		left_out = 1;
		goto out;
	}
	/* Named only once they are known to be in the site: a draft takes no name. */
	m->slug = content_page_slug(p, &m->page, name);
	if (content_name_page(p, &m->page, m->slug, 0) < 0)
		rc = -1;
	strmap_put(&p->by_src, m->dir, &m->page);
	for (i = 0; i < m->n; i++) {
		struct page *pg = m->lessons[i];
		char *base;
		if (pg->slug) {
			base = xstrdup(pg->slug);
		} else {
			char *slug = content_page_slug(p, pg, file_name(pg));
			base = xasprintf("%s-%s", m->slug, slug);
			free(slug);
		}
		if (content_name_page(p, pg, base, 0) < 0)
			rc = -1;
		strmap_put(&p->by_src, pg->src, pg);
		free(base);
	}
	if (!m->n && !drafts && !draft) {
		diag_error(shown, 0, 0, "module has no lessons (no .md files in %s)", m->dir);
		rc = -1;
	}
out:
	fs_list_free(names, n);
	ynode_free(y);
	free(text);
	free(yaml_path);
	free(shown);
	return rc < 0 ? -1 : left_out;
}

int
content_load(struct project *p, const char *prefix, int notes, int jobs)
{
	char **names = NULL, *shown, *home;
	struct read_ahead ra;
	size_t n = 0, i, j;
	int rc = 0;

	memset(p, 0, sizeof *p);
	p->prefix = xstrdup(prefix);
	p->notes = notes;
	p->jobs = jobs > 0 ? jobs : 1;
	shown = xasprintf("%ssite.yaml", prefix);
	if (!fs_exists("site.yaml")) {
		diag_error(shown, 0, 0, "missing: this folder is not a kenshu course (no site.yaml); "
			"'kenshu new DIR' makes one");
		free(shown);
		return -1;
	}
	if (site_load(&p->site, "site.yaml", shown) < 0)
		rc = -1;
	if (p->site.logo_path) /* an image under content/ that no page links */
		content_use(p, p->site.logo_path);
	free(shown);

	p->home.kind = PAGE_HOME;
	home = fs_is_dir("content") ? content_find_file(p, "content", "index", content_is_markdown, &rc) : NULL;
	if (!home) {
		shown = xasprintf("%scontent/index.md", prefix);
		diag_error(shown, 0, 0, "missing: the home page content/index.md");
		free(shown);
		rc = -1;
	} else {
		if (read_page(p, &p->home, home) < 0 || parse_page(p, &p->home, home_keys, NULL) < 0)
			rc = -1;
		strmap_put(&p->by_src, home, &p->home);
		free(home);
	}
	content_name_page(p, &p->home, "index", 1);

	if (fs_is_dir("content/lessons")) {
		if (fs_list("content/lessons", &names, &n) < 0)
			rc = -1;
		content_sort_names(names, n);
		read_ahead_start(&ra, p, names, n);
		p->modules = xcalloc(n, sizeof *p->modules);
		for (i = 0; i < n; i++) {
			char *dir = xasprintf("content/lessons/%s", names[i]);
			if (fs_is_dir(dir) && !fs_inside_project(dir)) {
				char *where = xasprintf("%s%s", p->prefix, dir);
				diag_error(where, 0, 0, "leads outside the project folder; refused");
				free(where);
				rc = -1;
			} else if (fs_is_dir(dir)) {
				struct module *m = &p->modules[p->nmodules++];
				int left_out = load_module(p, &ra, m, names[i]);
				if (left_out < 0)
					rc = -1;
				if (left_out > 0)
					module_free(&p->modules[--p->nmodules]);
			}
			free(dir);
		}
		read_ahead_end(&ra);
		fs_list_free(names, n);
	}

	/* Reading order: home, then each module's page and its lessons. */
	n = 1;
	for (i = 0; i < p->nmodules; i++)
		n += 1 + p->modules[i].n;
	p->pages = xcalloc(n, sizeof *p->pages);
	p->pages[p->npages++] = &p->home;
	for (i = 0; i < p->nmodules; i++) {
		p->pages[p->npages++] = &p->modules[i].page;
		for (j = 0; j < p->modules[i].n; j++)
			p->pages[p->npages++] = p->modules[i].lessons[j];
	}
	for (i = 0; i < p->npages; i++)
		p->pages[i]->order = i;
	return rc;
}

struct page *
content_new_extra(struct project *p, const char *title, const char *template, struct value *data)
{
	struct page *pg = xcalloc(1, sizeof *pg);
	pg->kind = PAGE_EXTRA;
	pg->title = xstrdup(title);
	pg->template = template;
	pg->data = data;
	p->extras = xgrow(p->extras, &p->capextras, p->nextras + 1, sizeof *p->extras);
	p->extras[p->nextras++] = pg;
	return pg;
}

struct page *
content_add_extra(struct project *p, const char *base, const char *title, const char *template,
	struct value *data)
{
	struct page *pg = content_new_extra(p, title, template, data);
	pg->shown = xstrdup(base);
	content_name_page(p, pg, base, 1);
	return pg;
}

void
content_drop_extra(struct project *p, struct page *pg)
{
	size_t i;
	for (i = 0; i < p->nextras && p->extras[i] != pg; i++)
		;
	if (i == p->nextras)
		return;
	memmove(p->extras + i, p->extras + i + 1, (p->nextras - i - 1) * sizeof *p->extras);
	p->nextras--;
	page_free(pg);
	free(pg);
}

struct page *
content_find(const struct project *p, const char *src)
{
	return strmap_get(&p->by_src, src);
}

static void
page_free(struct page *pg)
{
	size_t i;
	free(pg->src);
	free(pg->shown);
	free(pg->out);
	free(pg->slug);
	free(pg->title);
	free(pg->summary);
	for (i = 0; i < pg->nobjectives; i++)
		free(pg->objectives[i]);
	free(pg->objectives);
	free(pg->text);
	free(pg->plain);
	free(pg->quiz);
	value_free(pg->data);
	for (i = 0; i < pg->nheadings; i++) {
		free(pg->headings[i].id);
		free(pg->headings[i].text);
	}
	free(pg->headings);
	strmap_free(&pg->heading_ids);
}

static void
module_free(struct module *m)
{
	size_t j;
	for (j = 0; j < m->n; j++) {
		page_free(m->lessons[j]);
		free(m->lessons[j]);
	}
	free(m->lessons);
	page_free(&m->page);
	free(m->dir);
	free(m->slug);
	memset(m, 0, sizeof *m);
}

void
content_free(struct project *p)
{
	size_t i;
	if (!p)
		return;
	for (i = 0; i < p->nmodules; i++)
		module_free(&p->modules[i]);
	free(p->modules);
	page_free(&p->home);
	free(p->pages);
	for (i = 0; i < p->nextras; i++) {
		page_free(p->extras[i]);
		free(p->extras[i]);
	}
	free(p->extras);
	for (i = 0; i < p->ntests; i++)
		free(p->tests[i].id);
	free(p->tests);
	strmap_free(&p->taken);
	strmap_free(&p->by_src);
	strmap_free(&p->used);
	strmap_free(&p->drafts);
	for (i = 0; i < p->nleft_out; i++)
		free(p->left_out[i]);
	free(p->left_out);
	site_free(&p->site);
	free(p->prefix);
	memset(p, 0, sizeof *p);
}
