#include "submit.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json_read.h"
#include "roster.h"
#include "utf8.h"

/* Values in a record (some 30) and its nesting (the learner map is the second level). */
#define MAX_VALUES 1000
#define MAX_DEPTH 4
/* Bytes in one string or number: roster.c's limit for a cell. */
#define MAX_TEXT 4096

/* A uid as kenshu.js makes one: letters, digits, '-', '_' and '.'. */
static int
uid_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > SUBMIT_MAX_UID)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == n;
}

int
submit_check(const char *body, size_t len, char **uid, struct buf *msg)
{
	static const struct json_limits lim = {MAX_TEXT, MAX_VALUES, MAX_DEPTH};
	struct json_value *top = NULL;
	const struct json_value *u;
	struct buf err = BUF_INIT;
	int line = 0, col = 0, rc = -1;
	*uid = NULL;
	if (len > SUBMIT_MAX_BODY) {
		buf_printf(msg, _("the record is larger than %d bytes"), SUBMIT_MAX_BODY);
		goto out;
	}
	if (utf8_valid(body, len) < len || memchr(body, '\0', len)) {
		buf_puts(msg, _("the record is not UTF-8 text"));
		goto out;
	}
	if (!(top = json_read(body, len, &lim, &err, &line, &col))) {
		buf_printf(msg, _("line %d: %s"), line, buf_cstr(&err));
		goto out;
	}
	if (top->kind != JSON_OBJ) {
		buf_puts(msg, _("expected one record, a JSON object {...}"));
		goto out;
	}
	u = json_read_get(top, "uid");
	if (!u || u->kind != JSON_STR || !uid_ok(u->text)) {
		buf_printf(msg, _("line %d: 'uid' must be text of 1 to %d letters, digits, '-', '_' "
			"or '.'"), u ? u->line : top->line, SUBMIT_MAX_UID);
		goto out;
	}
	if (roster_check_json(top, &err, &line) < 0) {
		buf_printf(msg, _("line %d: %s"), line, buf_cstr(&err));
		goto out;
	}
	*uid = xstrdup(u->text);
	rc = 0;
out:
	json_read_free(top);
	buf_free(&err);
	return rc;
}
