/*
 * Front matter: the input is a whole lesson (first byte 0), document (1) or home page (2)
 * file, read and checked as the course model and the documents module read them.
 */
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "diag.h"
#include "document.h"
#include "fuzz.h"

static const char *const files[] = {"content/lessons/01-basics/02-updates.md",
	"content/documents/01-policy.md", "content/index.md"};

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
	struct project p;
	const char *path;
	if (size < 1)
		return 0;
	path = files[data[0] % (sizeof files / sizeof *files)];
	fuzz_put(path, NULL, data + 1, size - 1);
	diag_reset();
	memset(&p, 0, sizeof p);
	if (content_load(&p, "", 0, 1) == 0 || p.site.id)
		document_load_all(&p, fuzz_theme());
	content_free(&p);
	fuzz_restore(path);
	return 0;
}
