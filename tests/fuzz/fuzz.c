#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "content.h"
#include "diag.h"
#include "fs.h"
#include "theme.h"
#include "util.h"

static char *project_dir;
static struct theme *theme;

static void
leave_project(void)
{
	theme_free(theme);
	theme = NULL;
	if (project_dir && chdir("/") == 0)
		fs_remove_tree(project_dir);
	free(project_dir);
	project_dir = NULL;
}

void
fuzz_enter_project(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char *cmd, cwd[4096];
	FILE *null;
	int i;
	if (!getcwd(cwd, sizeof cwd))
		abort();
	/* Leaked on purpose: libFuzzer keeps using argv until the end. */
	for (i = 1; i < *argc; i++)
		if ((*argv)[i][0] != '-' && (*argv)[i][0] != '/')
			(*argv)[i] = xasprintf("%s/%s", cwd, (*argv)[i]);
	project_dir = xasprintf("%s/kenshu-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(project_dir)) {
		perror("fuzz: mkdtemp");
		exit(1);
	}
	cmd = xasprintf("cp -R '%s/.' '%s'", FUZZ_PROJECT, project_dir);
	if (system(cmd) != 0 || chdir(project_dir) < 0) {
		fprintf(stderr, "fuzz: cannot copy %s to %s\n", FUZZ_PROJECT, project_dir);
		exit(1);
	}
	free(cmd);
	atexit(leave_project);
	null = fopen("/dev/null", "w");
	if (null)
		diag_set_stream(null);
}

void
fuzz_put(const char *path, const char *prefix, const uint8_t *data, size_t len)
{
	struct buf b = BUF_INIT;
	if (prefix)
		buf_puts(&b, prefix);
	buf_put(&b, data, len);
	if (fs_write(path, b.data, b.len) < 0)
		abort();
	buf_free(&b);
}

void
fuzz_restore(const char *path)
{
	char *orig = xasprintf("%s/%s", FUZZ_PROJECT, path);
	FILE *f = fopen(orig, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	if (!f) {
		remove(path);
		free(orig);
		return;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	if (fs_write(path, b.data, b.len) < 0)
		abort();
	buf_free(&b);
	free(orig);
}

int
fuzz_check(void)
{
	struct build_opts o = {.dir = ".", .outdir = "public", .check_only = 1, .quiet = 1};
	diag_reset();
	return build_run(&o);
}

const struct theme *
fuzz_theme(void)
{
	struct project p;
	if (!theme) {
		memset(&p, 0, sizeof p);
		p.prefix = "";
		if (!(theme = theme_load(&p, "default", "ja")))
			abort();
	}
	return theme;
}
