#include "static.h"

#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "diag.h"
#include "fs.h"
#include "output.h"
#include "pack.h"

/* Never copied: version control's folders and what file managers leave behind. */
static int
passed_over(const char *name)
{
	static const char *const names[] = {".git", ".svn", ".hg", ".DS_Store", "Thumbs.db",
		"desktop.ini", NULL};
	size_t i;
	for (i = 0; names[i]; i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

/* Every file below dir (rel: its name in the site, NULL at the top), hidden ones too. */
static int
walk(struct project *p, struct static_files *s, const char *dir, const char *rel)
{
	char **names;
	size_t n, i;
	int rc = 0;
	if (fs_list_all(dir, &names, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		char *path = fs_join(dir, names[i]);
		char *name = fs_join(rel, names[i]);
		if (passed_over(names[i])) {
			free(name);
		} else if (fs_is_dir(path) && fs_is_link(path)) {
			/* Not followed: a link back to a folder above would never end. */
			char *shown = xasprintf("%s%s", p->prefix, path);
			diag_warning(shown, 0, 0, "not copied: a link to a folder; static/ is read "
				"without following them");
			free(shown);
			free(name);
		} else if (fs_is_dir(path)) {
			rc |= walk(p, s, path, name);
			free(name);
		} else {
			s->names = xgrow(s->names, &s->cap, s->n + 1, sizeof *s->names);
			s->names[s->n++] = name;
		}
		free(path);
	}
	fs_list_free(names, n);
	return rc;
}

int
static_load(struct project *p, struct static_files *s)
{
	memset(s, 0, sizeof *s);
	if (!fs_is_dir(STATIC_DIR))
		return 0;
	return walk(p, s, STATIC_DIR, NULL);
}

/* name with A-Z lowered: the key under which two names that only case tells apart meet. */
static char *
lowered(const char *name)
{
	char *l = xstrdup(name), *c;
	for (c = l; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return l;
}

void
static_take(struct static_taken *t, const char *name, const char *what)
{
	char *key = lowered(name), *slash;
	t->what = xgrow(t->what, &t->cap, t->n + 1, sizeof *t->what);
	t->what[t->n] = xasprintf("%s, %s", name, what);
	strmap_put(&t->by_name, key, t->what[t->n]);
	/* Its folders: a file of static/ cannot be one of them either. */
	for (slash = strrchr(key, '/'); slash; slash = strrchr(key, '/')) {
		*slash = '\0';
		if (!strmap_get(&t->folders, key))
			strmap_put(&t->folders, key, t->what[t->n]);
	}
	t->n++;
	free(key);
}

void
static_taken_free(struct static_taken *t)
{
	size_t i;
	for (i = 0; i < t->n; i++)
		free(t->what[i]);
	free(t->what);
	strmap_free(&t->by_name);
	strmap_free(&t->folders);
	memset(t, 0, sizeof *t);
}

int
static_check(const struct project *p, const struct static_files *s,
	const struct static_taken *t)
{
	size_t i;
	int rc = 0;
	for (i = 0; i < s->n; i++) {
		char *key = lowered(s->names[i]), *shown, *slash, *folder = NULL;
		const char *what = strmap_get(&t->by_name, key);
		/* A folder where kenshu writes a file, or a file where it makes a folder. */
		if (!what && (what = strmap_get(&t->folders, key)))
			folder = xasprintf("the folder of %s", what);
		for (slash = strchr(key, '/'); !what && slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			if ((what = strmap_get(&t->by_name, key)))
				folder = xasprintf("%s, as a folder", what);
			*slash = '/';
		}
		if (folder)
			what = folder;
		/* Folders whose every name kenshu makes, and the names of its output's marks. */
		if (!what && (str_starts(key, "assets/media/") || !strcmp(key, "assets/media")))
			what = "assets/media/, where kenshu puts the images and PDFs pages link";
		if (!what && (str_starts(key, "assets/search/") || !strcmp(key, "assets/search")))
			what = "assets/search/, where kenshu puts the search index";
		if (!what && str_starts(key, ".kenshu"))
			what = ".kenshu, the name kenshu marks its output folder with";
		if (what) {
			shown = xasprintf("%s%s/%s", p->prefix, STATIC_DIR, s->names[i]);
			diag_error(shown, 0, 0, "would replace %s: rename or remove one of them", what);
			free(shown);
			rc = -1;
		}
		free(folder);
		free(key);
	}
	return rc;
}

int
static_put(const struct project *p, const struct static_files *s, struct output *out,
	struct pack *pk)
{
	size_t i, len;
	int rc = 0;
	for (i = 0; i < s->n; i++) {
		char *path = fs_join(STATIC_DIR, s->names[i]);
		char *shown = xasprintf("%s%s", p->prefix, path), *data;
		if (fs_read_file(path, shown, STATIC_MAX, &data, &len, NULL) < 0 ||
		    output_give(out, pk, s->names[i], data, len) < 0)
			rc = -1;
		free(shown);
		free(path);
	}
	return rc;
}

void
static_free(struct static_files *s)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		free(s->names[i]);
	free(s->names);
	memset(s, 0, sizeof *s);
}
