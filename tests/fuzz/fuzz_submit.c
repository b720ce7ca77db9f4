/*
 * The request parsers of "kenshu serve --records": the input is the body of a POST to
 * /api/records, read and checked as the server reads and checks it before storing anything
 * (an accepted body must have given a uid, a refused one a message), and, up to its first
 * NUL, a request path, whose file must lie inside the site: relative, with no empty, "." or
 * ".." segment and no name starting with '.'; and an Authorization header, whose password
 * must fit where it is put.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "passwd.h"
#include "serve.h"
#include "submit.h"

/* Whether path, a file serve_path gave, stays inside the site. */
static int
inside(const char *path)
{
	const char *seg = path;
	for (;;) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		if (n == 0 || seg[0] == '.')
			return 0;
		if (!end)
			return 1;
		seg = end + 1;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_enter_project(argc, argv);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf msg = BUF_INIT;
	char *uid = NULL, *url = xstrndup((const char *)data, size), *path, pw[16];
	int rc = submit_check((const char *)data, size, &uid, &msg);
	long n = passwd_basic(url, pw, sizeof pw);
	if (rc == 0 ? !uid || !uid[0] || msg.len : uid || !msg.len)
		abort();
	if ((path = serve_path(url)) && !inside(path))
		abort();
	if (n < -1 || n > (long)sizeof pw)
		abort();
	free(path);
	free(url);
	free(uid);
	buf_free(&msg);
	return 0;
}
