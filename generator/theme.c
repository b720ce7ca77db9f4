#define _GNU_SOURCE
#include "theme.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content.h"
#include "diag.h"
#include "fs.h"
#include "util.h"
#include "value.h"
#include "yaml.h"

struct theme {
	struct theme_file *files;
	size_t n, cap;
	char **owned; /* contents read from the project's theme folder */
	size_t nowned, capowned;
	struct value *strings;
	struct strmap ids; /* the templates' own element ids */
	char **id_prefixes; /* ids the templates complete with a variable: "q-" of id="q-{{id}}" */
	size_t nprefixes, capprefixes;
};

static struct theme_file *
find(struct theme *t, const char *name)
{
	size_t i;
	for (i = 0; i < t->n; i++)
		if (!strcmp(t->files[i].name, name))
			return &t->files[i];
	return NULL;
}

static void
add(struct theme *t, const char *name, const char *data, size_t len)
{
	struct theme_file *f = find(t, name);
	if (!f) {
		t->files = xgrow(t->files, &t->cap, t->n + 1, sizeof *t->files);
		f = &t->files[t->n++];
		f->name = name;
	}
	f->data = data;
	f->len = len;
}

/*
 * Whether kenshu reads the theme's file name as text: templates, strings.yaml, and the
 * stylesheets and scripts of assets/. Those are checked as strictly as content; any other
 * file (a logo, a font) is the theme's own, copied into the site byte for byte.
 */
static int
is_text(const char *name)
{
	if (str_starts(name, "assets/"))
		return str_ends(name, ".css") || str_ends(name, ".js");
	return str_ends(name, ".html") || str_ends(name, ".txt") || !strcmp(name, "strings.yaml");
}

/* Read the theme's file name at path, as a source when it is text, else as it is. */
static int
read_file(struct project *p, const char *name, const char *path, const char *shown, char **data,
	size_t *len)
{
	if (is_text(name))
		return content_read_source(p, path, shown, data, len);
	return fs_read_file(path, shown, THEME_FILE_MAX, data, len, NULL);
}

/* Read every file below dir (relative name rel) into the theme, overriding defaults. */
static int
overlay(struct project *p, struct theme *t, const char *dir, const char *rel)
{
	char **names;
	size_t n, i;
	int rc = 0;
	if (fs_list(dir, &names, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		char *path = fs_join(dir, names[i]);
		char *name = rel ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
		if (fs_is_dir(path) && fs_is_link(path)) {
			/* Not followed: a link back to a folder above would never end. */
			char *shown = xasprintf("%s%s", p->prefix, path);
			diag_warning(shown, 0, 0, "not used: a link to a folder; a theme is read "
				"without following them");
			free(shown);
			free(name);
		} else if (fs_is_dir(path)) {
			rc |= overlay(p, t, path, name);
			free(name);
		} else {
			char *data, *shown = xasprintf("%s%s", p->prefix, path);
			size_t len;
			/* Templates are found by the default theme's names; assets and partials by any. */
			if (!find(t, name) && !str_starts(name, "assets/") && !str_starts(name, "partials/"))
				diag_warning(shown, 0, 0, "not used: a theme's files replace the default "
					"theme's (layout.html, lesson.html, strings.yaml, ..., listed in "
					"kenshu(5)) or go in partials/ or assets/");
			if (read_file(p, name, path, shown, &data, &len) == 0) {
				t->owned = xgrow(t->owned, &t->capowned, t->nowned + 2, sizeof *t->owned);
				t->owned[t->nowned++] = data;
				t->owned[t->nowned++] = name;
				add(t, name, data, len);
			} else {
				free(name);
				rc = -1;
			}
			free(shown);
		}
		free(path);
	}
	fs_list_free(names, n);
	return rc;
}

/* Note the element ids a template writes (id="main"), and the beginnings of those it makes. */
static void
collect_ids(struct theme *t, const struct theme_file *f)
{
	const char *s = f->data, *end = f->data + f->len;
	while ((s = memmem(s, (size_t)(end - s), "id=\"", 4))) {
		const char *v = s += 4;
		while (s < end && *s != '"' && !(*s == '{' && s + 1 < end && s[1] == '{'))
			s++;
		if (s == v || s == end)
			continue;
		if (*s == '"') {
			char *id = xstrndup(v, (size_t)(s - v));
			strmap_put(&t->ids, id, t);
			free(id);
		} else {
			t->id_prefixes = xgrow(t->id_prefixes, &t->capprefixes, t->nprefixes + 1,
				sizeof *t->id_prefixes);
			t->id_prefixes[t->nprefixes++] = xstrndup(v, (size_t)(s - v));
		}
	}
}

int
theme_id_taken(const struct theme *t, const char *id)
{
	size_t i;
	if (strmap_get(&t->ids, id))
		return 1;
	for (i = 0; i < t->nprefixes; i++)
		if (str_starts(id, t->id_prefixes[i]))
			return 2;
	return 0;
}

static int
cmp_files(const void *a, const void *b)
{
	return strcmp(((const struct theme_file *)a)->name, ((const struct theme_file *)b)->name);
}

struct theme *
theme_load(struct project *p, const char *name, const char *lang)
{
	struct theme *t = xcalloc(1, sizeof *t);
	const struct theme_file *sf;
	struct ynode *y = NULL;
	char *dir = xasprintf("themes/%s", name);
	size_t i;
	int rc = 0;

	for (i = 0; i < theme_default_nfiles; i++)
		add(t, theme_default_files[i].name, theme_default_files[i].data,
			theme_default_files[i].len);
	if (p && fs_is_dir(dir))
		rc = overlay(p, t, dir, NULL);
	else if (strcmp(name, "default") != 0) {
		diag_error(p ? p->site.file : NULL, 0, 0, "theme '%s' not found: there is no %s%s "
			"folder", name, p ? p->prefix : "", dir);
		rc = -1;
	}
	qsort(t->files, t->n, sizeof *t->files, cmp_files);
	/* roster.html is the records report, no page of the site: its ids meet no heading */
	for (i = 0; i < t->n; i++)
		if (str_ends(t->files[i].name, ".html") && strcmp(t->files[i].name, "roster.html") != 0)
			collect_ids(t, &t->files[i]);
	sf = theme_get(t, "strings.yaml");
	if (rc == 0 && !sf) {
		diag_error(p ? p->site.file : NULL, 0, 0, "theme '%s' has no strings.yaml", name);
		rc = -1;
	}
	if (rc == 0) {
		char *shown = xasprintf("%s%s/strings.yaml", p ? p->prefix : "", dir);
		const struct ynode *lv;
		y = yaml_load(shown, sf->data, sf->len, 0);
		if (!y) {
			rc = -1;
		} else if (!(lv = ynode_get(y, lang)) || lv->kind != YNODE_MAP) {
			diag_error(shown, 1, 1, "no interface strings for language '%s'", lang);
			rc = -1;
		} else {
			t->strings = value_from_yaml(lv, 0);
		}
		free(shown);
	}
	ynode_free(y);
	free(dir);
	if (rc < 0) {
		theme_free(t);
		return NULL;
	}
	return t;
}

void
theme_free(struct theme *t)
{
	size_t i;
	if (!t)
		return;
	for (i = 0; i < t->nowned; i++)
		free(t->owned[i]);
	free(t->owned);
	free(t->files);
	strmap_free(&t->ids);
	for (i = 0; i < t->nprefixes; i++)
		free(t->id_prefixes[i]);
	free(t->id_prefixes);
	value_free(t->strings);
	free(t);
}

const struct theme_file *
theme_get(const struct theme *t, const char *name)
{
	return find((struct theme *)t, name);
}

const struct theme_file *
theme_files(const struct theme *t, size_t *n)
{
	*n = t->n;
	return t->files;
}

const struct value *
theme_strings(const struct theme *t)
{
	return t->strings;
}

const char *
theme_string(const struct theme *t, const char *key)
{
	const struct value *v = value_get(t->strings, key);
	return v && v->kind == VALUE_STR ? v->str : key;
}

int
theme_export(const char *dir)
{
	struct stat st;
	unsigned long i, written = 0;
	int taken = 0;
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		diag_system(dir, "refusing to write a theme here: it is a file, not a folder");
		return 3;
	}
	/* Every file is checked before the first is written: all or nothing. */
	for (i = 0; i < theme_default_nfiles; i++) {
		char *path = fs_join(dir, theme_default_files[i].name);
		if (fs_exists(path)) {
			diag_system(path, "exists already: kenshu theme export writes over no file "
				"(choose a new folder, or move this one away)");
			taken = 1;
		}
		free(path);
	}
	if (taken)
		return 3;
	for (i = 0; i < theme_default_nfiles; i++, written++) {
		char *path = fs_join(dir, theme_default_files[i].name);
		int rc = fs_write(path, theme_default_files[i].data, theme_default_files[i].len);
		if (rc < 0)
			unlink(path); /* a file of ours, begun */
		free(path);
		if (rc < 0)
			break;
	}
	if (written == theme_default_nfiles)
		return 0;
	while (written--) {
		char *path = fs_join(dir, theme_default_files[written].name);
		unlink(path);
		free(path);
	}
	return 3;
}
