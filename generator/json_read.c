#include "json_read.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "utf8.h"

struct parse {
	const char *p, *end;
	const struct json_limits *lim;
	int line;
	const char *line_start;
	/* columns are counted on from the last one asked for, so that finding them is linear */
	const char *col_at;
	int col;
	int depth;
	size_t values;
	struct buf *err; /* what is wrong, once something is */
	int err_line, err_col;
};

static int
column(struct parse *j)
{
	if (j->col_at < j->line_start) {
		j->col_at = j->line_start;
		j->col = 1;
	}
	j->col += utf8_column(j->col_at, (size_t)(j->p - j->col_at)) - 1;
	j->col_at = j->p;
	return j->col;
}

static void fail(struct parse *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Keep the first problem only, in the user's language: what follows it is a consequence. */
static void
fail(struct parse *j, const char *fmt, ...)
{
	va_list ap;
	if (j->err->len)
		return;
	va_start(ap, fmt);
	buf_vprintf(j->err, _(fmt), ap);
	va_end(ap);
	j->err_line = j->line;
	j->err_col = column(j);
}

void
json_read_free(struct json_value *v)
{
	size_t i;
	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		json_read_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->text);
	free(v);
}

static void
space(struct parse *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n')) {
		if (*j->p++ == '\n') {
			j->line++;
			j->line_start = j->p;
		}
	}
}

/* Four hex digits at s, or -1. */
static long
hex4(const char *s)
{
	long v = 0;
	int i;
	for (i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* The \u escape after the backslash at j->p (a surrogate pair takes two) into b; -1 if bad. */
static int
unicode_escape(struct parse *j, struct buf *b)
{
	long u = j->end - j->p >= 4 ? hex4(j->p) : -1, lo;
	if (u < 0) {
		fail(j, "broken JSON: a bad \\u escape");
		return -1;
	}
	if (u == 0) {
		fail(j, "a NUL character (\\u0000) in a string");
		return -1;
	}
	j->p += 4;
	if (u >= 0xD800 && u <= 0xDBFF && j->end - j->p >= 6 && j->p[0] == '\\' && j->p[1] == 'u') {
		lo = hex4(j->p + 2);
		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			j->p += 6;
		}
	}
	if (u >= 0xD800 && u <= 0xDFFF)
		u = 0xFFFD;
	utf8_put(b, (int32_t)u);
	return 0;
}

/* The string that starts at j->p, decoded; NULL after failing. */
static char *
string(struct parse *j)
{
	struct buf b = BUF_INIT;
	char *s = NULL;
	j->p++; /* the opening quote */
	for (;;) {
		unsigned char c;
		if (b.len > j->lim->max_text) {
			fail(j, "a string longer than %zu bytes", j->lim->max_text);
			goto out;
		}
		if (j->p >= j->end || *j->p == '\n') {
			fail(j, "broken JSON: a string is never closed");
			goto out;
		}
		c = (unsigned char)*j->p++;
		if (c == '"')
			break;
		if (c < 0x20) {
			fail(j, "broken JSON: a control character in a string");
			goto out;
		}
		if (c != '\\') {
			buf_putc(&b, c);
			continue;
		}
		if (j->p >= j->end) {
			fail(j, "broken JSON: a string is never closed");
			goto out;
		}
		c = (unsigned char)*j->p++;
		switch (c) {
		case '"': case '\\': case '/': buf_putc(&b, c); break;
		case 'b': buf_putc(&b, '\b'); break;
		case 'f': buf_putc(&b, '\f'); break;
		case 'n': buf_putc(&b, '\n'); break;
		case 'r': buf_putc(&b, '\r'); break;
		case 't': buf_putc(&b, '\t'); break;
		case 'u':
			if (unicode_escape(j, &b) < 0)
				goto out;
			break;
		default:
			fail(j, "broken JSON: a bad escape in a string");
			goto out;
		}
	}
	s = buf_detach(&b);
out:
	buf_free(&b);
	return s;
}

static struct json_value *value(struct parse *j);

static struct json_value *
node(enum json_kind kind, int line, int col)
{
	struct json_value *v = xcalloc(1, sizeof *v);
	v->kind = kind;
	v->line = line;
	v->col = col;
	return v;
}

/* An object's name and its ':' into *key; -1 after failing. */
static int
member_name(struct parse *j, struct strmap *names, char **key)
{
	struct excerpt e;
	if (j->p >= j->end || *j->p != '"') {
		fail(j, "broken JSON: expected a \"name\" in an object");
		return -1;
	}
	if (!(*key = string(j)))
		return -1;
	/* which of two values would count is a guess */
	if (strmap_put(names, *key, names)) {
		fail(j, "the name '%s' appears twice in one object", str_excerpt(&e, *key));
		return -1;
	}
	space(j);
	if (j->p >= j->end || *j->p != ':') {
		fail(j, "broken JSON: expected ':' after a name");
		return -1;
	}
	j->p++;
	return 0;
}

static struct json_value *
container(struct parse *j, int obj)
{
	struct json_value *v = node(obj ? JSON_OBJ : JSON_ARR, j->line, column(j));
	struct strmap names = STRMAP_INIT; /* an object's names so far */
	char close = obj ? '}' : ']';
	if (++j->depth > j->lim->max_depth) {
		fail(j, "broken JSON: nested too deeply");
		goto fail;
	}
	j->p++;
	space(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		goto out;
	}
	for (;;) {
		char *key = NULL;
		struct json_value *item;
		space(j);
		if (obj && member_name(j, &names, &key) < 0) {
			free(key);
			goto fail;
		}
		if (!(item = value(j))) {
			free(key);
			goto fail;
		}
		v->items = xgrow(v->items, &v->cap, v->n + 1, sizeof *v->items);
		if (obj) {
			v->keys = xrealloc(v->keys, (v->n + 1) * sizeof *v->keys);
			v->keys[v->n] = key;
		}
		v->items[v->n++] = item;
		space(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			break;
		}
		if (obj)
			fail(j, "broken JSON: expected ',' or '}'");
		else
			fail(j, "broken JSON: expected ',' or ']'");
		goto fail;
	}
	goto out;
fail:
	json_read_free(v);
	v = NULL;
out:
	j->depth--;
	strmap_free(&names);
	return v;
}

/* A keyword (null, true, false) of kind at j->p, kept as written. */
static struct json_value *
keyword(struct parse *j, enum json_kind kind, const char *word)
{
	struct json_value *v = node(kind, j->line, column(j));
	size_t n = strlen(word);
	j->p += n;
	if (kind != JSON_NULL)
		v->text = xstrndup(word, n);
	return v;
}

static int
at_word(const struct parse *j, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(j->end - j->p) >= n && !strncmp(j->p, word, n);
}

static struct json_value *
value(struct parse *j)
{
	struct json_value *v = NULL;
	const char *s;
	char *str;
	int line, col;
	space(j);
	if (++j->values > j->lim->max_values) {
		fail(j, "more than %zu values in one file", j->lim->max_values);
		return NULL;
	}
	if (j->p >= j->end) {
		fail(j, "broken JSON: the file ends too early");
		return NULL;
	}
	s = j->p;
	line = j->line;
	col = column(j);
	if (*s == '{' || *s == '[') {
		v = container(j, *s == '{');
	} else if (*s == '"') {
		if ((str = string(j))) {
			v = node(JSON_STR, line, col);
			v->text = str;
		}
	} else if (*s == '-' || (*s >= '0' && *s <= '9')) {
		/* the digits are kept as written; what they must be is the caller's check */
		while (j->p < j->end && strchr("+-.eE0123456789", *j->p))
			j->p++;
		if ((size_t)(j->p - s) > j->lim->max_text) {
			fail(j, "a number longer than %zu bytes", j->lim->max_text);
		} else {
			v = node(JSON_NUM, line, col);
			v->text = xstrndup(s, (size_t)(j->p - s));
		}
	} else if (at_word(j, "null")) {
		v = keyword(j, JSON_NULL, "null");
	} else if (at_word(j, "true")) {
		v = keyword(j, JSON_BOOL, "true");
	} else if (at_word(j, "false")) {
		v = keyword(j, JSON_BOOL, "false");
	} else {
		fail(j, "broken JSON: unexpected character");
	}
	return v;
}

struct json_value *
json_read(const char *text, size_t len, const struct json_limits *lim, struct buf *err,
	int *line, int *col)
{
	struct parse j;
	struct json_value *top;
	memset(&j, 0, sizeof j);
	j.p = j.line_start = j.col_at = text;
	j.end = text + len;
	j.lim = lim;
	j.line = j.col = 1;
	j.err = err;
	buf_clear(err);
	top = value(&j);
	if (top) {
		space(&j);
		if (j.p < j.end) {
			fail(&j, "broken JSON: more text after the end of the JSON");
			json_read_free(top);
			top = NULL;
		}
	}
	*line = j.err_line;
	*col = j.err_col;
	return top;
}

const struct json_value *
json_read_get(const struct json_value *o, const char *name)
{
	size_t i;
	for (i = 0; o->kind == JSON_OBJ && i < o->n; i++)
		if (!strcmp(o->keys[i], name))
			return o->items[i];
	return NULL;
}
