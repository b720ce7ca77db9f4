/*
 * Unit tests of the strict JSON parser: values with the line and column where they start
 * (columns in characters), escapes decoded as JSON has them, and each refusal with its
 * message and position, limits included.
 */
#include <stdlib.h>

#include "check.h"
#include "json_read.h"

static const struct json_limits limits = {16, 100, 4};

/* The error of parsing text, as "line:col: message", or "ok". */
static char *
error(const char *text, const struct json_limits *lim)
{
	struct buf err = BUF_INIT, out = BUF_INIT;
	int line = 0, col = 0;
	struct json_value *v = json_read(text, strlen(text), lim, &err, &line, &col);
	if (v)
		buf_puts(&out, "ok");
	else
		buf_printf(&out, "%d:%d: %s", line, col, buf_cstr(&err));
	json_read_free(v);
	buf_free(&err);
	return buf_detach(&out);
}

static void
check_error(const char *text, const char *want)
{
	char *got = error(text, &limits);
	CHECK_STR(got, want);
	free(got);
}

int
main(void)
{
	static const char doc[] = "{\"records\": [\n"
		"  {\"title\": \"基礎\", \"score\": -1.5e3, \"ok\": true, \"no\": null},\n"
		"  {\"learner\": {\"name\": \"\\u4f50\\u85e4 \\ud83d\\ude00 \\ud800 \\/\\t\"}}\n"
		"]}";
	struct buf err = BUF_INIT;
	struct json_value *top;
	const struct json_value *list, *rec, *v;
	int line = 0, col = 0;
	char *got;

	top = json_read(doc, sizeof doc - 1, &(struct json_limits){64, 100, 4}, &err, &line,
		&col);
	CHECK(top && top->kind == JSON_OBJ && top->line == 1 && top->col == 1);
	list = top ? json_read_get(top, "records") : NULL;
	CHECK(list && list->kind == JSON_ARR && list->n == 2 && list->col == 13);
	if (list && list->n == 2) {
		rec = list->items[0];
		CHECK(rec->kind == JSON_OBJ && rec->line == 2 && rec->col == 3);
		v = json_read_get(rec, "title");
		CHECK(v && v->kind == JSON_STR && v->line == 2 && v->col == 13);
		CHECK_STR(v ? v->text : NULL, "基礎");
		/* columns count characters: the two kanji are two columns, not six bytes */
		v = json_read_get(rec, "score");
		CHECK(v && v->kind == JSON_NUM && v->col == 28);
		CHECK_STR(v ? v->text : NULL, "-1.5e3");
		v = json_read_get(rec, "ok");
		CHECK(v && v->kind == JSON_BOOL);
		CHECK_STR(v ? v->text : NULL, "true");
		v = json_read_get(rec, "no");
		CHECK(v && v->kind == JSON_NULL && !v->text);
		CHECK(!json_read_get(rec, "missing"));
		v = json_read_get(list->items[1], "learner");
		v = v ? json_read_get(v, "name") : NULL;
		CHECK(v && v->line == 3);
		/* a pair is one character, a lone surrogate the replacement character */
		CHECK_STR(v ? v->text : NULL, "佐藤 \xF0\x9F\x98\x80 \xEF\xBF\xBD /\t");
		CHECK(!json_read_get(v, "x")); /* not an object */
	}
	json_read_free(top);
	buf_free(&err);

	check_error("[]", "ok");
	check_error(" \"\" ", "ok");
	check_error("", "1:1: broken JSON: the file ends too early");
	check_error("[1,\n 2,]", "2:4: broken JSON: unexpected character");
	check_error("{\"a\": 1 \"b\": 2}", "1:9: broken JSON: expected ',' or '}'");
	check_error("[1 2]", "1:4: broken JSON: expected ',' or ']'");
	check_error("{1: 2}", "1:2: broken JSON: expected a \"name\" in an object");
	check_error("{\"a\" 2}", "1:6: broken JSON: expected ':' after a name");
	check_error("[]\n x", "2:2: broken JSON: more text after the end of the JSON");
	check_error("[\"日本\n\"]", "1:5: broken JSON: a string is never closed");
	check_error("[\"a\tb\"]", "1:5: broken JSON: a control character in a string");
	check_error("[\"\\x\"]", "1:5: broken JSON: a bad escape in a string");
	check_error("[\"\\u12G4\"]", "1:5: broken JSON: a bad \\u escape");
	check_error("[\"7\\u0000x\"]", "1:6: a NUL character (\\u0000) in a string");
	check_error("{\"a\": 1, \"a\": 2}", "1:13: the name 'a' appears twice in one object");
	check_error("[tru]", "1:2: broken JSON: unexpected character");
	/* the limits: nesting, string and number length, values */
	check_error("[[[[1]]]]", "ok");
	check_error("[[[[[1]]]]]", "1:5: broken JSON: nested too deeply");
	check_error("[\"0123456789abcdef\"]", "ok");
	check_error("[\"0123456789abcdefg\"]", "1:20: a string longer than 16 bytes");
	check_error("[12345678901234567]", "1:19: a number longer than 16 bytes");
	got = error("[1,2,3]", &(struct json_limits){16, 3, 4});
	CHECK_STR(got, "1:6: more than 3 values in one file");
	free(got);
	return check_report("json_read");
}
