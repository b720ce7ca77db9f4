/*
 * Unit tests of the admin view's roster (roster_view, what "kenshu serve --records" answers
 * /admin/ with): every record the server took is in it, however many values the store holds
 * in all; a file's limit of values is for exports passing through hands, not for the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "roster.h"
#include "submit.h"
#include "util.h"

/* Records the server keeps, of 1,000 records a page may send (each within submit.c's limits). */
#define RECORDS 1010
#define JUNK 980

static void
put_record(struct buf *b, int i)
{
	int k;
	buf_printf(b, "{\"type\": \"quiz\", \"site\": \"sec\", \"quiz\": \"basics\", "
		"\"title\": \"T\", \"score\": 9, \"max\": 10, \"pass\": 80, \"result\": \"pass\", "
		"\"attempt\": 1, \"date\": \"2026-04-01T10:00:00+09:00\", "
		"\"recorded\": \"2026-04-01T10:01:00+09:00\", \"integrity\": \"self-reported\", "
		"\"course\": \"c\", \"uid\": \"u%d\", \"learner\": {\"employee_id\": \"e%d\", "
		"\"name\": \"n\", \"branch\": \"b\"}, \"junk\": [", i, i);
	for (k = 0; k < JUNK; k++)
		buf_printf(b, k ? ",%d" : "%d", k);
	buf_puts(b, "]}");
}

int
main(void)
{
	struct buf all = BUF_INIT, one = BUF_INIT, msg = BUF_INIT, out = BUF_INIT;
	char *uid = NULL;
	size_t lines = 0, i;
	int r, saved;

	/* such a record is taken by the server */
	put_record(&one, 0);
	CHECK(submit_check(one.data, one.len, &uid, &msg) == 0);
	CHECK_STR(uid, "u0");
	free(uid);

	/* the store's records as serve.c hands them to the view, over a million values */
	buf_puts(&all, "{\"records\": [\n");
	for (r = 0; r < RECORDS; r++) {
		if (r)
			buf_puts(&all, ",\n");
		put_record(&all, r);
	}
	buf_puts(&all, "\n]}\n");
	CHECK(roster_view("records.sqlite", all.data, all.len, NULL, "en", ROSTER_CSV, "/tmp",
		&out) == 0);
	for (i = 0; i < out.len; i++)
		lines += out.data[i] == '\n';
	CHECK(lines == RECORDS + 1); /* the header and every record */

	/* a text that is no export is a failure, not an empty roster */
	buf_clear(&out);
	fflush(stderr);
	saved = dup(2);
	freopen("/dev/null", "w", stderr); /* its error, said on stderr */
	CHECK(roster_view("records.sqlite", "[1, ", 4, NULL, "en", ROSTER_CSV, "/tmp", &out) < 0);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);

	buf_free(&all);
	buf_free(&one);
	buf_free(&msg);
	buf_free(&out);
	return check_report("roster_view");
}
