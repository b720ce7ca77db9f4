/*
 * kenshu: compiles a folder of Markdown lessons into a training site, its offline ZIP and a
 * SCORM package. This file only reads the command line and hands over to build.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "diag.h"
#include "i18n.h"
#include "passwd.h"
#include "pool.h"
#include "roster.h"
#include "scaffold.h"
#include "serve.h"
#include "theme.h"

_Static_assert(POOL_MAX == 64, "the -j message names the limit");

#define KENSHU_VERSION "0.1.0"

static const char usage_text[] = N_(
	/* TRANSLATORS: the indents line up each "kenshu" and "[-j N]" under the first line's. */
	"usage: kenshu build [-C DIR] [-o OUTDIR] [--zip FILE | --no-zip] [--scorm FILE]\n"
	"                    [--scorm-version 1.2|2004] [--strict] [-j N] [-q | -v]\n"
	"       kenshu check [-C DIR] [--strict] [-j N]\n"
	"       kenshu new DIR [--lang ja|en]\n"
	"       kenshu theme export DIR\n"
	"       kenshu records merge FILE... [-o roster.csv] [--html report.html] [--xlsx roster.xlsx]\n"
	"                            [--staff staff.csv] [--lang ja|en]\n"
	"       kenshu serve [-C DIR] [--listen HOST:PORT]\n"
	"       kenshu serve --records FILE.sqlite [-C DIR] [-o OUTDIR] [--listen HOST:PORT]\n"
	"                    [--admin-password-file FILE] [--staff staff.csv] [--lang ja|en]\n"
	"       kenshu passwd FILE\n"
	"       kenshu --help | --version\n");

static const char help_text[] = N_(
	/* TRANSLATORS: the descriptions in one column, a Japanese character two columns wide. */
	"kenshu compiles a course folder (site.yaml, content/) into a static training site\n"
	"and an offline ZIP of it.\n"
	"\n"
	"commands:\n"
	"  build          build the site into OUTDIR and the ZIP\n"
	"  check          check everything and write nothing\n"
	"  new DIR        write a small working course into DIR (new or empty) to start\n"
	"                 from: two lessons, a test, a self-check, a glossary, a policy\n"
	"                 and a record form; --lang en writes it in English (default ja)\n"
	"  theme export   write the built-in theme into DIR (new or without its files)\n"
	"                 to start a theme of your own from\n"
	"  records merge  merge the records pages' CSV and JSON exports into one roster\n"
	"                 (-o, default roster.csv), an HTML report (--html), an Excel\n"
	"                 workbook (--xlsx) and, given a staff list (--staff: employee id,\n"
	"                 name, branch), who has not passed each test yet; in Japanese or\n"
	"                 English (--lang, default: the exports' language, else ja)\n"
	"  serve          preview the course: build it, serve it on --listen HOST:PORT\n"
	"                 (default 127.0.0.1:8000), build it again after each change and\n"
	"                 reload the open pages, with the problems shown over them\n"
	"  serve --records FILE.sqlite\n"
	"                 serve the built site (OUTDIR) on --listen HOST:PORT (default\n"
	"                 127.0.0.1:8000) and keep the training records its pages send\n"
	"                 in the SQLite database FILE; with --admin-password-file, the\n"
	"                 report of the records at /admin/ (--staff and --lang as for\n"
	"                 records merge)\n"
	"  passwd FILE    write the hash of a password read from standard input to FILE,\n"
	"                 for serve's --admin-password-file\n"
	"\n"
	"options:\n"
	"  -C DIR         the course folder (default: .); other paths are relative to it\n"
	"  -o OUTDIR      where the site goes (default: public)\n"
	"  --zip FILE     where the ZIP goes (default: dist/<site id>.zip)\n"
	"  --no-zip       do not write the ZIP\n"
	"  --scorm FILE   also write a SCORM package of the course for an LMS\n"
	"  --scorm-version 1.2|2004\n"
	"                 the package's SCORM version: 1.2 (the default) or 2004\n"
	"                 (4th edition)\n"
	"  --strict       treat warnings as errors\n"
	"  -j N           check and render on N threads (default: one per processor);\n"
	"                 the output is the same for every N\n"
	"  -q             quiet: no progress or summary, only problems\n"
	"  -v             verbose: say what was written\n"
	"\n"
	"exit status: 0 success, 1 content errors (nothing written), 2 usage error,\n"
	"3 system error (I/O).\n");

/* A usage error (fmt translated), then the usage: exit status 2. */
#define usage(...) diag_usage(usage_text, __VA_ARGS__)

/* kenshu new DIR [--lang ja|en] */
static int
new_command(int argc, char **argv)
{
	const char *dir = NULL, *lang = "ja";
	int i, rc;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--lang")) {
			if (i + 1 >= argc || !argv[i + 1][0])
				return usage("option '%s' needs a value", argv[i]);
			lang = argv[++i];
			if (!scaffold_has_lang(lang))
				return usage("'new' has no course in language '%s' (ja or en)", lang);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage("unknown option '%s'", argv[i]);
		} else if (dir) {
			return usage("'new' takes one folder, not also '%s'", argv[i]);
		} else if (!argv[i][0]) {
			return usage("'new' needs a folder name");
		} else {
			dir = argv[i];
		}
	}
	if (!dir)
		return usage("'new' needs a folder: kenshu new DIR");
	if ((rc = scaffold_new(dir, lang)) != 0)
		return rc;
	printf(_("Wrote a new course in %s: two lessons, a test, a self-check, a glossary,\n"
	       "a policy with its acknowledgement and a record form.\n"
	       "\n"
	       "Next:\n"
	       "  cd %s\n"
	       "  kenshu build       # the site in public/, its offline ZIP in dist/\n"
	       "  open public/index.html in a browser, then edit site.yaml (your organisation),\n"
	       "  content/ and quizzes/, and run kenshu build again. See kenshu(5).\n"
	       "  In VS Code with the YAML extension, schemas/ completes and checks the YAML\n"
	       "  files as you type.\n"),
	       dir, dir);
	return 0;
}

/* The theme's name in site.yaml: the folder's own name, when it can be one. */
static const char *
theme_name(const char *dir, char *buf, size_t size)
{
	size_t n = strlen(dir);
	const char *base;
	while (n > 1 && dir[n - 1] == '/')
		n--;
	base = dir + n;
	while (base > dir && base[-1] != '/')
		base--;
	snprintf(buf, size, "%.*s", (int)(dir + n - base), base);
	return str_is_id(buf) && strcmp(buf, "default") != 0 ? buf : "NAME";
}

/* kenshu theme export DIR */
static int
theme_command(int argc, char **argv)
{
	char buf[256];
	const char *name;
	int rc;
	if (argc < 1 || strcmp(argv[0], "export") != 0)
		return usage("'theme' takes one command: kenshu theme export DIR");
	if (argc < 2 || !argv[1][0])
		return usage("'theme export' needs a folder: kenshu theme export DIR");
	if (argc > 2)
		return usage("'theme export' takes one folder, not also '%s'", argv[2]);
	if (argv[1][0] == '-' && argv[1][1])
		return usage("unknown option '%s'", argv[1]);
	if ((rc = theme_export(argv[1])) != 0)
		return rc;
	name = theme_name(argv[1], buf, sizeof buf);
	printf(_("Wrote the default theme to %s: the page templates, partials/, strings.yaml and\n"
	       "assets/ (style.css and the page scripts).\n"
	       "\n"
	       "To use it, keep the folder in the course as themes/%s/ and set in site.yaml:\n"
	       "  theme: %s\n"
	       "Each of its files replaces the built-in theme's file of the same name: change those\n"
	       "you need, delete the others, and add images or fonts under assets/. See kenshu(5),\n"
	       "THEMES.\n"),
	       argv[1], name, name);
	return 0;
}

int
main(int argc, char **argv)
{
	struct build_opts o = {.dir = ".", .outdir = "public"};
	const char *cmd;
	int i, version_given = 0;

	i18n_init();
	if (argc < 2)
		return usage("no command given");
	cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(_(usage_text), stdout);
		fputs("\n", stdout);
		fputs(_(help_text), stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		printf("kenshu %s\n", KENSHU_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "records"))
		return roster_command(argc - 2, argv + 2);
	if (!strcmp(cmd, "serve"))
		return serve_command(argc - 2, argv + 2);
	if (!strcmp(cmd, "passwd"))
		return passwd_command(argc - 2, argv + 2);
	if (!strcmp(cmd, "new"))
		return new_command(argc - 2, argv + 2);
	if (!strcmp(cmd, "theme"))
		return theme_command(argc - 2, argv + 2);
	if (strcmp(cmd, "build") != 0 && strcmp(cmd, "check") != 0)
		return usage("unknown command '%s'", cmd);
	o.check_only = !strcmp(cmd, "check");
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];
		int takes_value = !strcmp(a, "-C") || !strcmp(a, "-o") || !strcmp(a, "--zip") ||
			!strcmp(a, "--scorm") || !strcmp(a, "--scorm-version") || !strcmp(a, "-j");
		if (takes_value && (i + 1 >= argc || !argv[i + 1][0]))
			return usage("option '%s' needs a value", a);
		if (o.check_only && (!strcmp(a, "-o") || !strcmp(a, "--zip") || !strcmp(a, "--no-zip") ||
			!strcmp(a, "--scorm") || !strcmp(a, "--scorm-version")))
			return usage("'check' writes nothing; '%s' is for 'build'", a);
		if (!strcmp(a, "-C"))
			o.dir = argv[++i];
		else if (!strcmp(a, "-o"))
			o.outdir = argv[++i];
		else if (!strcmp(a, "--zip"))
			o.zip = argv[++i];
		else if (!strcmp(a, "--scorm"))
			o.scorm = argv[++i];
		else if (!strcmp(a, "--scorm-version")) {
			const char *v = argv[++i];
			if (!strcmp(v, "1.2"))
				o.scorm_version = SCORM_1_2;
			else if (!strcmp(v, "2004"))
				o.scorm_version = SCORM_2004;
			else
				return usage("--scorm-version takes 1.2 or 2004, not '%s'", v);
			version_given = 1;
		}
		else if (!strcmp(a, "--no-zip"))
			o.no_zip = 1;
		else if (!strcmp(a, "-j") || (!strncmp(a, "-j", 2) && a[2])) {
			const char *n = a[2] ? a + 2 : argv[++i];
			char *end;
			long v = strtol(n, &end, 10);
			if (*end || v < 1 || v > POOL_MAX || n[0] < '0' || n[0] > '9')
				return usage("-j takes a number of threads from 1 to 64, not '%s'", n);
			o.jobs = (int)v;
		} else if (!strcmp(a, "--strict"))
			o.strict = 1;
		else if (!strcmp(a, "-q"))
			o.quiet = 1;
		else if (!strcmp(a, "-v"))
			o.verbose = 1;
		else
			return usage("unknown option '%s'", a);
	}
	if (o.zip && o.no_zip)
		return usage("--zip and --no-zip exclude each other");
	if (version_given && !o.scorm)
		return usage("--scorm-version needs --scorm FILE, the package it is the version of");
	if (o.scorm && o.zip && !strcmp(o.scorm, o.zip))
		return usage("--scorm and --zip name the same file");
	if (o.quiet && o.verbose)
		return usage("-q and -v exclude each other");
	return build_run(&o);
}
