#include "content.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fs.h"
#include "util.h"
#include "value.h"
#include "yaml.h"

static const char *const lesson_keys[] = {"title", "summary", "objectives", "duration", "quiz",
	NULL};
static const char *const home_keys[] = {"title", "summary", NULL};
static const char *const module_keys[] = {"title", "summary", NULL};

/* Output names kenshu itself uses; content never takes them. */
static const char *const reserved[] = {"index", "glossary", "quizzes", "documents", "records",
	"search", "forms", "assets", NULL};

void
content_note_source(struct project *p, const char *data, size_t len, time_t mtime)
{
	size_t i;
	/* FNV-1a over every source in load order: same sources, same build id. */
	if (!p->hash)
		p->hash = 1469598103934665603ull;
	for (i = 0; i < len; i++)
		p->hash = (p->hash ^ (unsigned char)data[i]) * 1099511628211ull;
	p->hash = (p->hash ^ 0xff) * 1099511628211ull;
	if (mtime > p->newest)
		p->newest = mtime;
}

/* The number in a "NN-" prefix, or -1; *rest points past the prefix. */
long
content_prefix_number(const char *name, const char **rest)
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
	long nx = content_prefix_number(x, &rx), ny = content_prefix_number(y, &ry);
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

/* ASCII slug of a file or folder name: prefix and extension dropped, [a-z0-9-] kept. */
char *
content_slug(const char *name, const char *fallback, long number)
{
	struct buf b = BUF_INIT;
	const char *s, *end;
	content_prefix_number(name, &s);
	end = strrchr(s, '.');
	if (!end || end == s)
		end = s + strlen(s);
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
		b.data[--b.len] = '\0';
	if (!b.len)
		buf_printf(&b, "%s%ld", fallback, number);
	return buf_detach(&b);
}

/* Give page a unique output name built from base; own: kenshu's own page, may use reserved names. */
static void
assign_out(struct strmap *taken, struct page *pg, const char *base, int own)
{
	char *name = NULL;
	int i, k;
	for (k = 1;; k++) {
		free(name);
		name = k == 1 ? xstrdup(base) : xasprintf("%s-%d", base, k);
		for (i = 0; !own && reserved[i]; i++)
			if (!strcmp(name, reserved[i]))
				break;
		if ((own || !reserved[i]) && !strmap_get(taken, name))
			break;
	}
	strmap_put(taken, name, pg);
	pg->out = xasprintf("%s.html", name);
	free(name);
}

/*
 * Split front matter off pg->text and check it against keys. With fm_out, the front
 * matter tree is handed to the caller (who frees it) for keys only it knows.
 */
static int
parse_page(struct page *pg, const char *const *keys, struct ynode **fm_out)
{
	struct ynode *fm = NULL;
	const struct ynode *v;
	const char *text = pg->text, *end, *line;
	long duration;
	size_t i;
	int lines = 1, rc = 0;

	pg->body = text;
	pg->body_len = strlen(text);
	pg->body_line = 1;
	if (strncmp(text, "---\n", 4) != 0) {
		pg->body = NULL;
		pg->broken = 1;
		diag_error(pg->shown, 1, 1, "no front matter: the file must start with a '---' line, "
			"then 'title: ...', then '---'");
		return -1;
	}
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
		pg->body = NULL;
		pg->broken = 1;
		return -1;
	}
	fm = yaml_load(pg->shown, text + 4, (size_t)(end - text - 4), 1);
	if (!fm) {
		pg->body = NULL;
		pg->broken = 1;
		return -1;
	}
	pg->body = end + 3;
	if (*pg->body == '\n')
		pg->body++;
	pg->body_len = strlen(pg->body);
	pg->body_line = lines + 2;
	if (yaml_expect(pg->shown, fm, YNODE_MAP, "front matter") < 0) {
		rc = -1;
		goto out;
	}
	rc |= yaml_check_keys(pg->shown, fm, keys);
	if (!(v = ynode_get(fm, "title"))) {
		diag_error(pg->shown, 2, 1, "front matter has no 'title'");
		rc = -1;
	} else {
		free(pg->title); /* an extra page's placeholder */
		pg->title = NULL;
		rc |= yaml_text(pg->shown, v, "title", &pg->title);
		if (pg->title && !*pg->title) {
			diag_error(pg->shown, v->line, v->col, "'title' is empty");
			rc = -1;
		}
	}
	if ((v = ynode_get(fm, "summary")))
		rc |= yaml_text(pg->shown, v, "summary", &pg->summary);
	if ((v = ynode_get(fm, "objectives"))) {
		if (yaml_expect(pg->shown, v, YNODE_SEQ, "objectives") < 0) {
			rc = -1;
		} else {
			pg->objectives = xcalloc(v->n, sizeof *pg->objectives);
			for (i = 0; i < v->n; i++)
				if (yaml_text(pg->shown, v->items[i], "objective",
					    &pg->objectives[pg->nobjectives]) == 0)
					pg->nobjectives++;
				else
					rc = -1;
		}
	}
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
	if (rc) {
		pg->body = NULL; /* not worth parsing: its errors are reported already */
		pg->broken = 1;
	}
	return rc ? -1 : 0;
}

static int
read_page(struct project *p, struct page *pg, const char *src)
{
	size_t len;
	time_t mtime;
	free(pg->src);
	free(pg->shown);
	pg->src = xstrdup(src);
	pg->shown = xasprintf("%s%s", p->prefix, src);
	if (fs_read_source(src, pg->shown, &pg->text, &len, &mtime) < 0) {
		pg->broken = 1;
		return -1;
	}

	content_note_source(p, pg->text, len, mtime);
	return 0;
}

int
content_read_page(struct project *p, struct page *pg, const char *src,
	const char *const *keys, struct ynode **fm)
{
	if (fm)
		*fm = NULL;
	if (read_page(p, pg, src) < 0)
		return -1;
	return parse_page(pg, keys, fm);
}

static int
load_module(struct project *p, struct module *m, const char *name, long number)
{
	char **names = NULL, *yaml_path, *shown, *text = NULL;
	struct ynode *y = NULL;
	const struct ynode *v;
	size_t n = 0, i, len;
	time_t mtime;
	int rc = 0;

	m->dir = xasprintf("content/lessons/%s", name);
	m->slug = content_slug(name, "module-", number);
	m->page.kind = PAGE_MODULE;
	m->page.module = m;
	m->page.src = xstrdup(m->dir);
	yaml_path = fs_join(m->dir, "_module.yaml");
	shown = xasprintf("%s%s", p->prefix, yaml_path);
	m->page.shown = xstrdup(shown);
	if (!fs_exists(yaml_path)) {
		diag_error(shown, 0, 0, "missing: every module folder needs a _module.yaml with its "
			"'title'");
		rc = -1;
	} else if (fs_read_source(yaml_path, shown, &text, &len, &mtime) < 0 ||
		   !(y = yaml_load(shown, text, len, 0))) {
		rc = -1;
	} else {
		content_note_source(p, text, len, mtime);
		if (yaml_expect(shown, y, YNODE_MAP, "_module.yaml") < 0 ||
		    yaml_check_keys(shown, y, module_keys) < 0)
			rc = -1;
		if (!(v = ynode_get(y, "title"))) {
			diag_error(shown, 1, 1, "_module.yaml has no 'title'");
			rc = -1;
		} else if (yaml_text(shown, v, "title", &m->page.title) < 0) {
			rc = -1;
		}
		if ((v = ynode_get(y, "summary")) && yaml_text(shown, v, "summary", &m->page.summary) < 0)
			rc = -1;
	}
	assign_out(&p->taken, &m->page, m->slug, 0);
	strmap_put(&p->by_src, m->dir, &m->page);

	if (fs_list(m->dir, &names, &n) < 0) {
		rc = -1;
		goto out;
	}
	content_sort_names(names, n);
	m->lessons = xcalloc(n ? n : 1, sizeof *m->lessons);
	for (i = 0; i < n; i++) {
		struct page *pg;
		char *src, *slug, *base;
		const char *rest;
		long num;
		if (!str_ends(names[i], ".md") || names[i][0] == '_')
			continue;
		src = fs_join(m->dir, names[i]);
		pg = xcalloc(1, sizeof *pg);
		pg->kind = PAGE_LESSON;
		pg->module = m;
		pg->index = m->n;
		m->lessons[m->n++] = pg;
		if (read_page(p, pg, src) < 0 || parse_page(pg, lesson_keys, NULL) < 0)
			rc = -1;
		num = content_prefix_number(names[i], &rest);
		slug = content_slug(names[i], "lesson-", num >= 0 ? num : (long)m->n);
		base = xasprintf("%s-%s", m->slug, slug);
		assign_out(&p->taken, pg, base, 0);
		strmap_put(&p->by_src, pg->src, pg);
		free(base);
		free(slug);
		free(src);
	}
	if (!m->n) {
		diag_error(shown, 0, 0, "module has no lessons (no .md files in %s)", m->dir);
		rc = -1;
	}
out:
	fs_list_free(names, n);
	ynode_free(y);
	free(text);
	free(yaml_path);
	free(shown);
	return rc;
}

int
content_load(struct project *p, const char *prefix)
{
	char **names = NULL, *shown;
	size_t n = 0, i, j;
	int rc = 0;

	memset(p, 0, sizeof *p);
	p->prefix = xstrdup(prefix);
	shown = xasprintf("%ssite.yaml", prefix);
	if (!fs_exists("site.yaml")) {
		diag_error(shown, 0, 0, "missing: this folder is not a kenshu course (no site.yaml); "
			"'kenshu new DIR' makes one");
		free(shown);
		return -1;
	}
	if (site_load(&p->site, "site.yaml", shown) < 0)
		rc = -1;
	free(shown);

	p->home.kind = PAGE_HOME;
	if (!fs_exists("content/index.md")) {
		shown = xasprintf("%scontent/index.md", prefix);
		diag_error(shown, 0, 0, "missing: the home page content/index.md");
		free(shown);
		rc = -1;
	} else if (read_page(p, &p->home, "content/index.md") < 0 ||
		   parse_page(&p->home, home_keys, NULL) < 0) {
		rc = -1;
	}
	p->home.out = xstrdup("index.html");
	strmap_put(&p->taken, "index", &p->home);
	strmap_put(&p->by_src, "content/index.md", &p->home);

	if (fs_is_dir("content/lessons")) {
		if (fs_list("content/lessons", &names, &n) < 0)
			rc = -1;
		content_sort_names(names, n);
		p->modules = xcalloc(n ? n : 1, sizeof *p->modules);
		for (i = 0; i < n; i++) {
			char *dir = xasprintf("content/lessons/%s", names[i]);
			const char *rest;
			long num = content_prefix_number(names[i], &rest);
			if (fs_is_dir(dir) && !fs_inside_project(dir)) {
				char *where = xasprintf("%s%s", p->prefix, dir);
				diag_error(where, 0, 0, "leads outside the project folder; refused");
				free(where);
				rc = -1;
			} else if (fs_is_dir(dir)) {
				struct module *m = &p->modules[p->nmodules++];
				if (load_module(p, m, names[i], num >= 0 ? num : (long)p->nmodules) < 0)
					rc = -1;
			}
			free(dir);
		}
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
content_add_extra(struct project *p, const char *base, const char *title, const char *template,
	struct value *data)
{
	struct page *pg = xcalloc(1, sizeof *pg);
	pg->kind = PAGE_EXTRA;
	pg->title = xstrdup(title);
	pg->template = template;
	pg->data = data;
	pg->shown = xstrdup(base);
	assign_out(&p->taken, pg, base, 1);
	p->extras = xgrow(p->extras, &p->capextras, p->nextras + 1, sizeof *p->extras);
	p->extras[p->nextras++] = pg;
	return pg;
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
}

void
content_free(struct project *p)
{
	size_t i, j;
	if (!p)
		return;
	for (i = 0; i < p->nmodules; i++) {
		struct module *m = &p->modules[i];
		for (j = 0; j < m->n; j++) {
			page_free(m->lessons[j]);
			free(m->lessons[j]);
		}
		free(m->lessons);
		page_free(&m->page);
		free(m->dir);
		free(m->slug);
	}
	free(p->modules);
	page_free(&p->home);
	free(p->pages);
	for (i = 0; i < p->nextras; i++) {
		page_free(p->extras[i]);
		free(p->extras[i]);
	}
	free(p->extras);
	strmap_free(&p->taken);
	strmap_free(&p->by_src);
	site_free(&p->site);
	free(p->prefix);
	memset(p, 0, sizeof *p);
}
