/*
 * theme: the files a site is dressed in. The default theme (themes/default in the source
 * tree) is compiled into the binary; a project's themes/NAME/ folder, chosen by site.yaml's
 * theme, overrides it file by file. Templates (*.html, *.txt) are Mustache; everything under
 * assets/ is copied to the site (its stylesheets and scripts checked as text, any other file,
 * an image or a font, as it is); strings.yaml holds every interface string in each language,
 * so no words are hard-coded in C or scattered in scripts.
 *
 * Ownership: theme_load returns a theme freed with theme_free (accepts NULL); file contents
 * and strings are borrowed from it.
 */
#ifndef KENSHU_THEME_H
#define KENSHU_THEME_H

#include <stddef.h>

#include "util.h"

struct value;
struct project;

/* Largest file of a project theme that is not text (an image, a font), as media's limit. */
#define THEME_FILE_MAX (32u * 1024 * 1024)

struct theme_file {
	const char *name; /* relative to the theme folder, e.g. "assets/style.css" */
	const char *data;
	size_t len;
};

/* The embedded default theme (generated at build time). */
extern const struct theme_file theme_default_files[];
extern const unsigned long theme_default_nfiles;

struct theme;

/*
 * Load theme name for lang, with project p's overrides from themes/NAME/ (p NULL: the
 * built-in default theme alone). NULL after reporting.
 */
struct theme *theme_load(struct project *p, const char *name, const char *lang);
void theme_free(struct theme *t);

/*
 * kenshu theme export: the built-in default theme written into dir, to start a theme from.
 * No file is written when one of its files exists already (each is named); a write that fails
 * takes back the files written before it. 0, or the exit status after reporting.
 */
int theme_export(const char *dir);

/* The file's contents, or NULL when the theme has no such file. */
const struct theme_file *theme_get(const struct theme *t, const char *name);
/* Every file of the theme, sorted by name. */
const struct theme_file *theme_files(const struct theme *t, size_t *n);
/* The interface strings for the site's language, as a map (borrowed). */
const struct value *theme_strings(const struct theme *t);
/* One interface string; the key itself when missing (never NULL). */
const char *theme_string(const struct theme *t, const char *key);
/*
 * Whether an element id is the theme's own: written as it is in an id="..." of a template
 * (1), or starting as one that a template completes with a variable, id="q-{{id}}" (2); else 0.
 * Headings take other ids, so that no label or link of the theme points at a heading.
 */
int theme_id_taken(const struct theme *t, const char *id);

#endif
