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
	struct static_name *e = xmalloc(sizeof *e);
	e->name = xstrdup(name);
	e->what = xstrdup(what);
	t->names = xgrow(t->names, &t->cap, t->n + 1, sizeof *t->names);
	t->names[t->n++] = e;
	strmap_put(&t->by_name, key, e);
	/* Its folders: a file of static/ cannot be one of them either. */
	for (slash = strrchr(key, '/'); slash; slash = strrchr(key, '/')) {
		*slash = '\0';
		if (!strmap_get(&t->folders, key))
			strmap_put(&t->folders, key, e);
	}
	free(key);
}

void
static_taken_free(struct static_taken *t)
{
	size_t i;
	for (i = 0; i < t->n; i++) {
		free(t->names[i]->name);
		free(t->names[i]->what);
		free(t->names[i]);
	}
	free(t->names);
	strmap_free(&t->by_name);
	strmap_free(&t->folders);
	memset(t, 0, sizeof *t);
}

/*
 * Report the file of static/ shown, whose lowered name is key, when kenshu writes that name,
 * makes it a folder, writes a file where it needs a folder, or keeps it: -1 after reporting.
 */
static int
clash(const char *shown, char *key, const struct static_taken *t)
{
	/* The name itself; a folder kenshu makes for a file; a folder of it that is a file. */
	const struct static_name *file = strmap_get(&t->by_name, key), *inside = NULL;
	const struct static_name *folder = file ? NULL : strmap_get(&t->folders, key);
	char *slash;
	for (slash = strchr(key, '/'); !file && !folder && !inside && slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		inside = strmap_get(&t->by_name, key);
		*slash = '/';
	}
	if (file)
		diag_error(shown, 0, 0, "would replace %s, %s: rename or remove one of them",
			file->name, file->what);
	else if (folder)
		diag_error(shown, 0, 0, "would replace the folder of %s, %s: rename or remove one of "
			"them", folder->name, folder->what);
	else if (inside)
		diag_error(shown, 0, 0, "would replace %s, %s, as a folder: rename or remove one of "
			"them", inside->name, inside->what);
	/* Folders whose every name kenshu makes, and the names of its output's marks. */
	else if (str_starts(key, "assets/media/") || !strcmp(key, "assets/media"))
		diag_error(shown, 0, 0, "would replace assets/media/, where kenshu puts the images and "
			"PDFs pages link: rename or remove one of them");
	else if (str_starts(key, "assets/search/") || !strcmp(key, "assets/search"))
		diag_error(shown, 0, 0, "would replace assets/search/, where kenshu puts the search "
			"index: rename or remove one of them");
	else if (str_starts(key, ".kenshu"))
		diag_error(shown, 0, 0, "would replace .kenshu, the name kenshu marks its output folder "
			"with: rename or remove one of them");
	else
		return 0;
	return -1;
}

int
static_check(const struct project *p, const struct static_files *s,
	const struct static_taken *t)
{
	size_t i;
	int rc = 0;
	for (i = 0; i < s->n; i++) {
		char *key = lowered(s->names[i]);
		char *shown = xasprintf("%s%s/%s", p->prefix, STATIC_DIR, s->names[i]);
		if (clash(shown, key, t) < 0)
			rc = -1;
		free(shown);
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
