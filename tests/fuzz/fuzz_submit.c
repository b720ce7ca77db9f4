/*
 * The records request parser of "kenshu serve --records": the input is the body of a POST to
 * /api/records, read and checked as the server reads and checks it before storing anything.
 * An accepted body must have given a uid; a refused one a message.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "submit.h"

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
	char *uid = NULL;
	int rc = submit_check((const char *)data, size, &uid, &msg);
	if (rc == 0 ? !uid || !uid[0] || msg.len : uid || !msg.len)
		abort();
	free(uid);
	buf_free(&msg);
	return 0;
}
