/*
 * genshapes: writes one pathological input into a copy of the bad-input base course, at the
 * size limit kenshu sets for a source file (8 MiB), for the hostile suite and `make bench`.
 *
 *     genshapes SHAPE PROJECT
 *
 * Shapes that kenshu must build in time linear in their size:
 *   links       80 links a line, 8 MiB of them
 *   images      the same with images
 *   terms       [[glossary term]] links (a one-term glossary is written too)
 *   headings    "## a" over and over: every heading the same text
 *   anchors     headings and links to them, by id
 *   definitions a glossary of 8 MiB: 50,000 entries, each with a definition
 *   english     20,000 glossary entries that share one English name
 *   nested      1,000 glossary terms, each the one before with one more character, and a
 *               lesson of 8 MiB of that character
 * Shapes that cmark-gfm 0.29 takes quadratic time over (fixed upstream in 2023), which kenshu
 * must refuse at their line before parsing:
 *   brackets    "![[]()" over and over on one line
 *   quotes      100,000 '>' on one line, then emphasis
 *   lists       list markers nested 100,000 deep on one line, then emphasis
 *   table       a table 10,000 columns wide
 * The lesson goes to content/lessons/01-basics/09-shape.md. Only libc is used.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT (8u * 1024 * 1024 - 4096) /* under kenshu's FS_MAX_SOURCE, front matter included */

static FILE *
open_file(const char *project, const char *rel)
{
	char path[4096];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", project, rel);
	if (!(f = fopen(path, "w"))) {
		perror(path);
		exit(1);
	}
	return f;
}

static FILE *
lesson(const char *project)
{
	FILE *f = open_file(project, "content/lessons/01-basics/09-shape.md");
	fputs("---\ntitle: 形\n---\n", f);
	return f;
}

/* Write unit (with a newline every per_line units) until the file holds about LIMIT bytes. */
static void
repeat(FILE *f, const char *unit, int per_line)
{
	long n = 0;
	size_t len = strlen(unit);
	while ((unsigned long)ftell(f) + len + 1 < LIMIT) {
		fputs(unit, f);
		if (++n % per_line == 0)
			fputc('\n', f);
	}
	fputc('\n', f);
}

static void
finish(FILE *f)
{
	if (fclose(f) != 0) {
		perror("genshapes");
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	const char *shape, *project;
	FILE *f, *g;
	long i;
	if (argc != 3) {
		fputs("usage: genshapes SHAPE PROJECT\n", stderr);
		return 2;
	}
	shape = argv[1];
	project = argv[2];
	if (!strcmp(shape, "links")) {
		repeat(f = lesson(project), "[a](https://example.com/x) ", 80);
	} else if (!strcmp(shape, "images")) {
		repeat(f = lesson(project), "![a](https://example.com/x.png) ", 80);
	} else if (!strcmp(shape, "terms")) {
		g = open_file(project, "content/glossary.yaml");
		fputs("- term: 用語\n  reading: ようご\n  definition: ことば。\n", g);
		finish(g);
		repeat(f = lesson(project), "[[用語]] と ", 40);
	} else if (!strcmp(shape, "headings")) {
		repeat(f = lesson(project), "## a\n\n", 1 << 30);
	} else if (!strcmp(shape, "anchors")) {
		f = lesson(project);
		for (i = 0; (unsigned long)ftell(f) < LIMIT - 64; i++)
			fprintf(f, "## h%ld\n\n[to](#h%ld)\n\n", i, i / 2);
	} else if (!strcmp(shape, "definitions")) {
		g = open_file(project, "content/glossary.yaml");
		for (i = 0; (unsigned long)ftell(g) < LIMIT - 256; i++)
			fprintf(g, "- term: 用語%ld\n  reading: ようご\n  definition: |\n    用語%ld の説明です。"
				"説明は複数の行にわたります。\n    %s\n", i, i,
				"ここに二行目があります。ここに二行目があります。ここに二行目があります。");
		finish(g);
		f = lesson(project);
		fputs("用語1 と 用語2 を使います。\n", f);
	} else if (!strcmp(shape, "english")) {
		g = open_file(project, "content/glossary.yaml");
		for (i = 0; i < 20000; i++)
			fprintf(g, "- term: 用語%ld\n  reading: ようご\n  en: same name\n  definition: 説明。\n", i);
		finish(g);
		f = lesson(project);
		fputs("用語1 を使います。\n", f);
	} else if (!strcmp(shape, "nested")) {
		g = open_file(project, "content/glossary.yaml");
		for (i = 1; i <= 1000; i++) {
			long k;
			fputs("- term: ", g);
			for (k = 0; k < i; k++)
				fputs("ア", g);
			fputs("\n  reading: あ\n  definition: 説明。\n", g);
		}
		finish(g);
		repeat(f = lesson(project), "ア", 2000);
	} else if (!strcmp(shape, "brackets")) {
		repeat(f = lesson(project), "![[]()", 1 << 30);
	} else if (!strcmp(shape, "quotes")) {
		f = lesson(project);
		for (i = 0; i < 100000; i++)
			fputs(">", f);
		repeat(f, "*a*", 1 << 30);
	} else if (!strcmp(shape, "lists")) {
		f = lesson(project);
		for (i = 0; i < 100000; i++)
			fputs("- ", f);
		repeat(f, "*a*", 1 << 30);
	} else if (!strcmp(shape, "table")) {
		f = lesson(project);
		for (i = 0; i < 10000; i++)
			fputs("|a", f);
		fputs("|\n", f);
		for (i = 0; i < 10000; i++)
			fputs("|-", f);
		fputs("|\n", f);
		for (i = 0; i < 100; i++) {
			long k;
			for (k = 0; k < 10000; k++)
				fputs("|b", f);
			fputs("|\n", f);
		}
	} else {
		fprintf(stderr, "genshapes: unknown shape '%s'\n", shape);
		return 2;
	}
	finish(f);
	return 0;
}
