/*
 * scaffold: "kenshu new DIR", a small working course project to start from: two lessons
 * with their module, a competence test, a self-assessment, a short glossary, a policy
 * document with its 確認書 and a record form, all clean under "kenshu build --strict". The
 * skeleton (skeleton/ja and skeleton/en in the source tree) is compiled into the binary by
 * tools/embed.c, as the default theme is, so kenshu stays one file to install. The JSON
 * Schemas of the course's YAML files (schemas/ in the source tree) go into the course's
 * schemas/, which the skeleton's YAML files name on their first line, by a path relative to
 * themselves, for an editor to complete and check them (VS Code's YAML extension); kenshu
 * reads nothing there.
 */
#ifndef KENSHU_SCAFFOLD_H
#define KENSHU_SCAFFOLD_H

#include <stddef.h>

struct scaffold_file {
	const char *name; /* relative to skeleton/ or schemas/, e.g. "ja/site.yaml" */
	const char *data;
	size_t len;
};

/* The embedded skeleton (generated at build time). */
extern const struct scaffold_file scaffold_files[];
extern const unsigned long scaffold_nfiles;
/* The embedded JSON Schemas, named as in schemas/, e.g. "quiz.schema.json" (generated too). */
extern const struct scaffold_file schema_files[];
extern const unsigned long schema_nfiles;

/* Whether the skeleton has a course in lang ("ja", "en"). */
int scaffold_has_lang(const char *lang);
/*
 * Write the skeleton course in lang and the schemas into dir, which must not exist or be an
 * empty folder; the site id in its site.yaml comes from dir's name. Nothing is left behind on
 * failure.
 * Returns the exit status: 0, or 3 after reporting (dir not empty, or I/O).
 */
int scaffold_new(const char *dir, const char *lang);

#endif
