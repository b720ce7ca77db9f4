/*
 * YAML loading of the site, quiz, glossary and form files: the first byte of the input picks
 * the file, the rest replaces it, and the course is checked as "kenshu check" would.
 */
#include <stdlib.h>

#include "fuzz.h"

static const char *const files[] = {"site.yaml", "quizzes/basics.yaml", "content/glossary.yaml",
	"content/forms/01-record.yaml"};

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
	const char *path;
	int status;
	if (size < 1)
		return 0;
	path = files[data[0] % (sizeof files / sizeof *files)];
	fuzz_put(path, NULL, data + 1, size - 1);
	status = fuzz_check();
	fuzz_restore(path);
	/* Content can only be right (0) or wrong (1); anything else is kenshu's fault. */
	if (status != 0 && status != 1)
		abort();
	return 0;
}
