#include "inventory.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content.h"
#include "diag.h"
#include "fs.h"
#include "media.h"
#include "util.h"

/* Files that the system or an editor leaves beside the author's. */
static int
not_the_authors(const char *name)
{
	return str_ends(name, "~") || !strcasecmp(name, "Thumbs.db") ||
		!strcasecmp(name, "desktop.ini");
}

/* "x.md.txt": a name whose last extension Windows hides, so that it looks like "x.md". */
static int
hidden_txt(const char *name, char **meant)
{
	const char *dot = strrchr(name, '.');
	char *stem;
	int found = 0;
	if (!dot || strcasecmp(dot, ".txt"))
		return 0;
	stem = xstrndup(name, (size_t)(dot - name));
	if (content_is_markdown(stem) || content_is_yaml(stem)) {
		*meant = stem;
		found = 1;
	} else {
		free(stem);
	}
	return found;
}

/* Name the unused file path (depth: folders below content/lessons/, or -1 elsewhere). */
static int
report(const struct project *p, const char *path, const char *name, int depth)
{
	char *shown = xasprintf("%s%s", p->prefix, path), *meant = NULL;
	const char *dot = strrchr(name, '.');
	int rc = 0;
	if (content_is_markdown(name) && depth == 0) {
		diag_error(shown, 0, 0, "a lesson goes in a module folder, "
			"content/lessons/NN-module/NAME.md, beside that module's _module.yaml");
		rc = -1;
	} else if (content_is_markdown(name) && depth > 1) {
		diag_error(shown, 0, 0, "lessons go directly in a module folder "
			"(content/lessons/NN-module/NAME.md), not in a folder inside it");
		rc = -1;
	} else if (content_is_markdown(name) && name[0] == '_') {
		diag_warning(shown, 0, 0, "not used: a Markdown file whose name starts with '_' is "
			"not a page");
	} else if (content_is_markdown(name)) {
		diag_warning(shown, 0, 0, "not used: pages are content/index.md, lessons in "
			"content/lessons/NN-module/ and documents in content/documents/");
	} else if (hidden_txt(name, &meant)) {
		diag_warning(shown, 0, 0, "not used: the name ends in '.txt', which Windows may hide; "
			"rename it to '%s'", meant);
	} else if (content_is_yaml(name)) {
		diag_warning(shown, 0, 0, "not used: kenshu reads YAML in site.yaml, "
			"content/glossary.yaml, each module's _module.yaml, content/forms/NAME.yaml and "
			"quizzes/NAME.yaml");
	} else if (media_kind(name) != MEDIA_NONE) {
		diag_warning(shown, 0, 0, "not used: no page links it, so it is not copied into the "
			"site");
	} else if (dot && dot != name) {
		diag_warning(shown, 0, 0, "not used: kenshu does not read '%s' files (pages are .md, "
			"settings .yaml; images, video, sound and attachments are copied when a page links "
			"them)", dot);
	} else {
		diag_warning(shown, 0, 0, "not used: kenshu does not read files without an extension "
			"(pages are .md, settings .yaml; images, video, sound and attachments are copied "
			"when a page links them)");
	}
	free(meant);
	free(shown);
	return rc;
}

/* Walk dir; depth counts folders below content/lessons/ (-1: not under it). */
static int
walk(const struct project *p, struct media *m, const char *dir, int depth)
{
	char **names = NULL;
	size_t n = 0, i;
	int rc = 0;
	if (fs_list(dir, &names, &n) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		char *path = fs_join(dir, names[i]);
		if (!fs_is_dir(path)) {
			if (!not_the_authors(names[i]) && !strmap_get(&p->used, path) &&
			    !media_linked(m, path))
				rc |= report(p, path, names[i], depth);
		} else if (!strcmp(path, "content/lessons")) {
			rc |= walk(p, m, path, 0);
		} else if (!fs_is_link(path)) {
			rc |= walk(p, m, path, depth < 0 ? -1 : depth + 1);
		} else if (depth != 0) { /* module folders are read, and reported, in content.c */
			/* Not followed: a link back to a folder above would never end. */
			char *shown = xasprintf("%s%s", p->prefix, path);
			diag_warning(shown, 0, 0, "not used: a link to a folder; kenshu reads only the "
				"folders themselves");
			free(shown);
		}
		free(path);
	}
	fs_list_free(names, n);
	return rc;
}

int
inventory_check(const struct project *p, struct media *m)
{
	int rc = 0;
	if (fs_is_dir("content"))
		rc |= walk(p, m, "content", -1);
	if (fs_is_dir("quizzes"))
		rc |= walk(p, m, "quizzes", -1);
	return rc ? -1 : 0;
}
