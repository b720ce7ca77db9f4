/*
 * Unit tests of what "kenshu serve --records" accepts from a page: a completed record with
 * its uid, checked by the rules of "kenshu records merge", and each refusal with its message.
 */
#include <stdlib.h>

#include "check.h"
#include "diag.h"
#include "submit.h"

#define RECORD(uid, score) \
	"{\"type\": \"quiz\", \"site\": \"sec\", \"quiz\": \"basics\", \"title\": \"基礎\",\n" \
	" \"score\": " score ", \"max\": 10, \"pass\": 80, \"result\": \"pass\", \"attempt\": 1,\n" \
	" \"date\": \"2026-04-01T10:00:00+09:00\", \"recorded\": \"2026-04-01T10:01:00+09:00\",\n" \
	" \"integrity\": \"self-reported\", \"course\": \"c\", " uid ",\n" \
	" \"learner\": {\"employee_id\": \"01234\", \"name\": \"山田\", \"branch\": \"本社\"}}"

/* "uid=..." for an accepted body, else the message. */
static char *
outcome(const char *body, size_t len)
{
	struct buf msg = BUF_INIT;
	char *uid = NULL, *r;
	if (submit_check(body, len, &uid, &msg) == 0)
		r = xasprintf("uid=%s", uid);
	else
		r = buf_detach(&msg);
	free(uid);
	buf_free(&msg);
	return r;
}

static void
check_outcome(const char *body, const char *want)
{
	char *got = outcome(body, strlen(body));
	CHECK_STR(got, want);
	free(got);
}

int
main(void)
{
	char *big, *got;
	diag_set_stream(stderr);
	check_outcome(RECORD("\"uid\": \"lq2x9a-4k2j1m\"", "9"), "uid=lq2x9a-4k2j1m");
	check_outcome("{\"type\": \"acknowledgement\", \"site\": \"sec\", \"document\": \"policy\", "
		"\"version\": \"1.0\", \"date\": \"2026-04-01\", \"uid\": \"a.b_c\", "
		"\"learner\": {\"name\": \"山田\"}}", "uid=a.b_c");
	/* malformed JSON, with its line */
	check_outcome("{\"type\": \"quiz\",\n \"uid\": }", "line 2: broken JSON: unexpected character");
	check_outcome("", "line 1: broken JSON: the file ends too early");
	check_outcome("[1, 2]", "expected one record, a JSON object {...}");
	check_outcome(RECORD("\"uid\": \"a\"", "9") " x", "line 5: broken JSON: more text after the end of the JSON");
	/* the uid */
	check_outcome(RECORD("\"id\": \"a\"", "9"),
		"line 1: 'uid' must be text of 1 to 64 letters, digits, '-', '_' or '.'");
	check_outcome(RECORD("\"uid\": 12", "9"),
		"line 4: 'uid' must be text of 1 to 64 letters, digits, '-', '_' or '.'");
	check_outcome(RECORD("\"uid\": \"../x\"", "9"),
		"line 4: 'uid' must be text of 1 to 64 letters, digits, '-', '_' or '.'");
	check_outcome(RECORD("\"uid\": \"\"", "9"),
		"line 4: 'uid' must be text of 1 to 64 letters, digits, '-', '_' or '.'");
	/* wrong types and values: merge's rules */
	check_outcome(RECORD("\"uid\": \"a\"", "{\"v\": 9}"), "line 2: 'score' must be text or a number");
	check_outcome(RECORD("\"uid\": \"a\"", "11"), "line 1: score '11' out of range (0 to 10)");
	check_outcome(RECORD("\"uid\": \"a\"", "\"x\\u0007\""),
		"line 1: score 'x\\x07' out of range (0 to 10)");
	check_outcome("{\"type\": \"quiz\", \"uid\": \"a\"}", "line 1: no site");
	check_outcome("{\"type\": \"other\", \"uid\": \"a\"}",
		"line 1: unknown record type 'other' (expected quiz or acknowledgement)");
	check_outcome("{\"type\": \"quiz\", \"site\": \"s\", \"quiz\": \"q\", \"uid\": \"a\"}",
		"line 1: no learner id (learner.employee_id)");
	check_outcome("{\"uid\": \"a\", \"learner\": {\"Bad Name\": \"x\"}}",
		"line 1: learner field name 'Bad Name' must use only a-z, 0-9, '-' and '_'");
	/* bytes and sizes */
	got = outcome("{\"uid\": \"a\0\"}", 11);
	CHECK_STR(got, "the record is not UTF-8 text");
	free(got);
	check_outcome("{\"uid\": \"\xff\"}", "the record is not UTF-8 text");
	big = xcalloc(SUBMIT_MAX_BODY + 2, 1);
	memset(big, ' ', SUBMIT_MAX_BODY + 1);
	got = outcome(big, SUBMIT_MAX_BODY + 1);
	CHECK_STR(got, "the record is larger than 65536 bytes");
	free(got);
	memset(big, '[', SUBMIT_MAX_BODY);
	got = outcome(big, SUBMIT_MAX_BODY);
	CHECK(got && strstr(got, "line 1: ") == got);
	free(got);
	free(big);
	return check_report("submit");
}
