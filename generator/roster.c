#include "roster.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "fs.h"
#include "theme.h"
#include "util.h"
#include "value.h"

enum {
	F_TYPE, F_SITE, F_COURSE, F_ITEM, F_TITLE, F_VERSION, F_ATTEMPT, F_SCORE, F_MAX, F_PASS,
	F_RESULT, F_DATE, F_RECORDED, F_BUILD, F_INTEGRITY, NFIX
};

static const char *const fix_names[NFIX] = {
	"type", "site", "course", "item", "title", "version", "attempt", "score", "max", "pass",
	"result", "date", "recorded", "build", "integrity"
};

struct rec {
	char *f[NFIX];
	char **learner; /* indexed like merge.lcols; NULL when absent */
	size_t nlearner;
	const char *file;
	int line;
	const char *id, *name, *branch; /* borrowed from learner ("" when absent) */
};

struct merge {
	struct rec *recs;
	size_t n, cap;
	char **lcols; /* learner field ids in the order first seen */
	size_t nl, capl;
	struct strmap lindex; /* learner field id -> index + 1 */
	struct strmap seen; /* duplicate key -> record index + 1 */
	int rejected, dupes, io;
};

static const char usage_text[] =
	"usage: kenshu records merge FILE... [-o roster.csv] [--html report.html] [--staff staff.csv]\n";

static void
row_error(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
row_error(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: error: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
rec_free(struct rec *r)
{
	size_t i;
	for (i = 0; i < NFIX; i++)
		free(r->f[i]);
	for (i = 0; i < r->nlearner; i++)
		free(r->learner[i]);
	free(r->learner);
}

static size_t
lcol(struct merge *m, const char *name)
{
	void *v = strmap_get(&m->lindex, name);
	if (v)
		return (size_t)(uintptr_t)v - 1;
	m->lcols = xgrow(m->lcols, &m->capl, m->nl + 1, sizeof *m->lcols);
	m->lcols[m->nl] = xstrdup(name);
	strmap_put(&m->lindex, name, (void *)(uintptr_t)(m->nl + 1));
	return m->nl++;
}

static void
rec_set_learner(struct rec *r, size_t col, const char *value)
{
	if (col >= r->nlearner) {
		r->learner = xrealloc(r->learner, (col + 1) * sizeof *r->learner);
		memset(r->learner + r->nlearner, 0, (col + 1 - r->nlearner) * sizeof *r->learner);
		r->nlearner = col + 1;
	}
	free(r->learner[col]);
	r->learner[col] = xstrdup(value);
}

static const char *
rec_learner(const struct merge *m, const struct rec *r, const char *name)
{
	void *v = strmap_get(&m->lindex, name);
	size_t i = v ? (size_t)(uintptr_t)v - 1 : (size_t)-1;
	return i < r->nlearner && r->learner[i] ? r->learner[i] : "";
}

/* Text checks. */

static int
digits(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* YYYY-MM-DD, optionally with Thh:mm[:ss[.fff]] and Z or +hh:mm. */
static int
valid_date(const char *s)
{
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, mo, d;
	if (strlen(s) < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
		!digits(s + 8, 2))
		return 0;
	y = atoi(s);
	mo = num2(s + 5);
	d = num2(s + 8);
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return 0;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	s += 10;
	if (!*s)
		return 1;
	if ((*s != 'T' && *s != ' ') || !digits(s + 1, 2) || s[3] != ':' || !digits(s + 4, 2) ||
		num2(s + 1) > 23 || num2(s + 4) > 59)
		return 0;
	s += 6;
	if (*s == ':') {
		if (!digits(s + 1, 2) || num2(s + 1) > 60)
			return 0;
		s += 3;
		if (*s == '.') {
			s++;
			if (*s < '0' || *s > '9')
				return 0;
			while (*s >= '0' && *s <= '9')
				s++;
		}
	}
	if (*s == 'Z')
		s++;
	else if ((*s == '+' || *s == '-') && digits(s + 1, 2) && s[3] == ':' && digits(s + 4, 2))
		s += 6;
	return *s == '\0';
}

/* A whole number 0..999999999, or -1. */
static long
whole(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 9 || !digits(s, n))
		return -1;
	return atol(s);
}

/* What is wrong with r, in msg; 0 when nothing is. */
static int
check_rec(const struct rec *r, struct buf *msg)
{
	const char *type = r->f[F_TYPE];
	int quiz = !strcmp(type, "quiz");
	long max, score, pass;
	if (!quiz && strcmp(type, "acknowledgement") != 0)
		buf_printf(msg, "unknown record type '%s' (expected quiz or acknowledgement)", type);
	else if (!r->f[F_SITE][0])
		buf_puts(msg, "no site");
	else if (!r->f[F_ITEM][0])
		buf_puts(msg, quiz ? "no quiz" : "no document");
	else if (!r->id[0])
		buf_puts(msg, "no learner id (learner.employee_id)");
	else if (!valid_date(r->f[F_DATE]))
		buf_printf(msg, "bad date '%s' (expected YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)",
			r->f[F_DATE]);
	else if (r->f[F_RECORDED][0] && !valid_date(r->f[F_RECORDED]))
		buf_printf(msg, "bad recorded time '%s' (expected YYYY-MM-DDThh:mm:ssZ)",
			r->f[F_RECORDED]);
	else if (!quiz)
		return 0;
	else if ((max = whole(r->f[F_MAX])) <= 0)
		buf_printf(msg, "bad max '%s' (expected a whole number above 0)", r->f[F_MAX]);
	else if ((score = whole(r->f[F_SCORE])) < 0 || score > max)
		buf_printf(msg, "score '%s' out of range (0 to %ld)", r->f[F_SCORE], max);
	else if ((pass = whole(r->f[F_PASS])) < 0 || pass > 100)
		buf_printf(msg, "pass mark '%s' out of range (0 to 100)", r->f[F_PASS]);
	else if (whole(r->f[F_ATTEMPT]) <= 0)
		buf_printf(msg, "bad attempt '%s' (expected 1, 2, ...)", r->f[F_ATTEMPT]);
	else if (strcmp(r->f[F_RESULT], "pass") != 0 && strcmp(r->f[F_RESULT], "fail") != 0)
		buf_printf(msg, "result '%s' is neither pass nor fail", r->f[F_RESULT]);
	else
		return 0;
	return -1;
}

/* Take r (checked, deduplicated) into m, or report and free it. */
static void
add_rec(struct merge *m, struct rec *r)
{
	struct buf msg = BUF_INIT, key = BUF_INIT;
	size_t i;
	void *prev;
	for (i = 0; i < NFIX; i++)
		if (!r->f[i])
			r->f[i] = xstrdup("");
	r->id = rec_learner(m, r, "employee_id");
	if (!r->id[0])
		r->id = rec_learner(m, r, "id");
	if (!r->id[0])
		r->id = rec_learner(m, r, "name");
	r->name = rec_learner(m, r, "name");
	r->branch = rec_learner(m, r, "branch");
	if (check_rec(r, &msg) < 0) {
		row_error(r->file, r->line, "%s", buf_cstr(&msg));
		m->rejected++;
		rec_free(r);
		goto out;
	}
	buf_printf(&key, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", r->f[F_SITE], r->f[F_TYPE],
		r->f[F_ITEM], r->id, r->f[F_DATE], r->f[F_RECORDED]);
	if ((prev = strmap_get(&m->seen, buf_cstr(&key)))) {
		const struct rec *p = &m->recs[(size_t)(uintptr_t)prev - 1];
		fprintf(stderr, "%s:%d: warning: duplicate of %s:%d, left out\n", r->file, r->line,
			p->file, p->line);
		m->dupes++;
		rec_free(r);
		goto out;
	}
	m->recs = xgrow(m->recs, &m->cap, m->n + 1, sizeof *m->recs);
	m->recs[m->n] = *r;
	strmap_put(&m->seen, buf_cstr(&key), (void *)(uintptr_t)(++m->n));
out:
	buf_free(&msg);
	buf_free(&key);
}

/* Encoding. */

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t
utf8_len(const unsigned char *s, const unsigned char *end)
{
	size_t n, i;
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	if ((size_t)(end - s) < n)
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
		(c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
		return 0;
	return n;
}

/* Whether the bytes read as Shift_JIS (what Excel on Japanese Windows saves as "CSV"). */
static int
looks_sjis(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		if (c < 0x80 || (c >= 0xA1 && c <= 0xDF)) {
			i++;
		} else if ((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)) {
			unsigned d;
			if (i + 1 >= len)
				return 0;
			d = s[i + 1];
			if (d < 0x40 || d == 0x7F || d > 0xFC)
				return 0;
			i += 2;
		} else {
			return 0;
		}
	}
	return 1;
}

/* 0 when data is UTF-8 without NUL; else report at the line of the first bad byte. */
static int
check_utf8(const char *file, const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data, *end = s + len, *p = s;
	int line = 1;
	while (p < end) {
		size_t n = *p ? utf8_len(p, end) : 0;
		if (!*p) {
			row_error(file, line, "NUL byte: this is not a CSV or JSON export (a damaged "
				"copy?)");
			return -1;
		}
		if (!n) {
			row_error(file, line, "not UTF-8%s: save the file as UTF-8 (Excel: CSV UTF-8)",
				looks_sjis(s, len) ? " (it looks like Shift_JIS)" : "");
			return -1;
		}
		if (*p == '\n')
			line++;
		p += n;
	}
	return 0;
}

/* CSV. */

struct row {
	char **v;
	size_t n, cap;
};

static void
row_clear(struct row *r)
{
	size_t i;
	for (i = 0; i < r->n; i++)
		free(r->v[i]);
	r->n = 0;
}

/* Undo the export's guard against Excel formulas: a ' before = + - @. */
static char *
unguard(struct buf *cell)
{
	const char *s = buf_cstr(cell);
	if (s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]))
		s++;
	return xstrdup(s);
}

/*
 * Read the record at *pp into r: 1, 0 at the end, -1 for a quote never closed. *line counts
 * the line ends consumed.
 */
static int
csv_row(const char **pp, const char *end, int *line, struct row *r, struct buf *cell)
{
	const char *p = *pp;
	row_clear(r);
	if (p >= end)
		return 0;
	for (;;) {
		buf_clear(cell);
		if (p < end && *p == '"') {
			p++;
			for (;;) {
				if (p >= end) {
					*pp = p;
					return -1;
				}
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						buf_putc(cell, '"');
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n')
					(*line)++;
				buf_putc(cell, *p++);
			}
		}
		while (p < end && *p != ',' && *p != '\n' && *p != '\r')
			buf_putc(cell, *p++);
		r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof *r->v);
		r->v[r->n++] = unguard(cell);
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
		(*line)++;
		break;
	}
	*pp = p;
	return 1;
}

static void
read_csv(struct merge *m, const char *file, const char *p, const char *end)
{
	struct row row = {NULL, 0, 0};
	struct buf cell = BUF_INIT;
	size_t *map = NULL, ncols = 0, i;
	int line = 1, start, rc;
	int have[NFIX] = {0};

	if ((rc = csv_row(&p, end, &line, &row, &cell)) <= 0) {
		row_error(file, 1, rc < 0 ? "a quoted cell is never closed" :
			"empty file (expected a kenshu records export)");
		m->rejected++;
		goto out;
	}
	ncols = row.n;
	map = xcalloc(ncols, sizeof *map);
	for (i = 0; i < ncols; i++) {
		const char *h = row.v[i];
		size_t k;
		for (k = 0; k < NFIX && strcmp(h, fix_names[k]) != 0; k++)
			;
		if (k < NFIX && !have[k]) {
			have[k] = 1;
			map[i] = k;
		} else if (str_starts(h, "learner.") && h[8]) {
			map[i] = NFIX + lcol(m, h + 8);
		} else {
			row_error(file, 1, "wrong header: %s column '%s' (expected a kenshu records export)",
				k < NFIX ? "a second" : "unknown", h);
			m->rejected++;
			goto out;
		}
	}
	for (i = 0; i < NFIX; i++) {
		if (!have[i]) {
			row_error(file, 1, "wrong header: no '%s' column (expected a kenshu records export)",
				fix_names[i]);
			m->rejected++;
			goto out;
		}
	}
	for (;;) {
		struct rec r;
		start = line;
		rc = csv_row(&p, end, &line, &row, &cell);
		if (rc == 0)
			break;
		if (rc < 0) {
			row_error(file, start, "a quoted cell is never closed");
			m->rejected++;
			break;
		}
		if (row.n == 1 && !row.v[0][0])
			continue; /* a blank line */
		if (row.n != ncols) {
			row_error(file, start, "%zu fields, expected %zu as in the header", row.n, ncols);
			m->rejected++;
			continue;
		}
		memset(&r, 0, sizeof r);
		r.file = file;
		r.line = start;
		for (i = 0; i < ncols; i++) {
			if (map[i] < NFIX) {
				r.f[map[i]] = row.v[i];
				row.v[i] = NULL;
			} else if (row.v[i][0]) {
				rec_set_learner(&r, map[i] - NFIX, row.v[i]);
			}
		}
		for (i = 0; i < row.n; i++)
			free(row.v[i]);
		row.n = 0;
		add_rec(m, &r);
	}
out:
	row_clear(&row);
	free(row.v);
	free(map);
	buf_free(&cell);
}

/* JSON: just enough to read the records export, with the line of every value. */

enum jkind { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jkind kind;
	int line;
	char *s; /* J_STR text, J_NUM and J_BOOL as written */
	struct jval **items;
	char **keys; /* J_OBJ */
	size_t n, cap;
};

struct jparse {
	const char *p, *end;
	int line;
	const char *err;
	int depth;
};

static void
jfree(struct jval *v)
{
	size_t i;
	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		jfree(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->s);
	free(v);
}

static void
jspace(struct jparse *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n')) {
		if (*j->p == '\n')
			j->line++;
		j->p++;
	}
}

static unsigned
hex4(const char *s)
{
	unsigned v = 0;
	int i;
	for (i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return 0xFFFFFFFFu;
	}
	return v;
}

static void
put_utf8(struct buf *b, unsigned c)
{
	if (c < 0x80) {
		buf_putc(b, (int)c);
	} else if (c < 0x800) {
		buf_putc(b, (int)(0xC0 | (c >> 6)));
		buf_putc(b, (int)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		buf_putc(b, (int)(0xE0 | (c >> 12)));
		buf_putc(b, (int)(0x80 | ((c >> 6) & 0x3F)));
		buf_putc(b, (int)(0x80 | (c & 0x3F)));
	} else {
		buf_putc(b, (int)(0xF0 | (c >> 18)));
		buf_putc(b, (int)(0x80 | ((c >> 12) & 0x3F)));
		buf_putc(b, (int)(0x80 | ((c >> 6) & 0x3F)));
		buf_putc(b, (int)(0x80 | (c & 0x3F)));
	}
}

static char *
jstring(struct jparse *j)
{
	struct buf b = BUF_INIT;
	j->p++; /* the opening quote */
	for (;;) {
		unsigned char c;
		if (j->p >= j->end || *j->p == '\n') {
			j->err = "a string is never closed";
			goto fail;
		}
		c = (unsigned char)*j->p++;
		if (c == '"')
			break;
		if (c < 0x20) {
			j->err = "a control character in a string";
			goto fail;
		}
		if (c != '\\') {
			buf_putc(&b, c);
			continue;
		}
		if (j->p >= j->end) {
			j->err = "a string is never closed";
			goto fail;
		}
		c = (unsigned char)*j->p++;
		switch (c) {
		case '"': case '\\': case '/': buf_putc(&b, c); break;
		case 'b': buf_putc(&b, '\b'); break;
		case 'f': buf_putc(&b, '\f'); break;
		case 'n': buf_putc(&b, '\n'); break;
		case 'r': buf_putc(&b, '\r'); break;
		case 't': buf_putc(&b, '\t'); break;
		case 'u': {
			unsigned u = j->end - j->p >= 4 ? hex4(j->p) : 0xFFFFFFFFu;
			if (u == 0xFFFFFFFFu) {
				j->err = "a bad \\u escape";
				goto fail;
			}
			j->p += 4;
			if (u >= 0xD800 && u <= 0xDBFF && j->end - j->p >= 6 && j->p[0] == '\\' &&
				j->p[1] == 'u') {
				unsigned lo = hex4(j->p + 2);
				if (lo >= 0xDC00 && lo <= 0xDFFF) {
					u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
					j->p += 6;
				}
			}
			if (u >= 0xD800 && u <= 0xDFFF)
				u = 0xFFFD;
			put_utf8(&b, u);
			break;
		}
		default:
			j->err = "a bad escape in a string";
			goto fail;
		}
	}
	if (!b.data)
		return xstrdup("");
	return buf_detach(&b);
fail:
	buf_free(&b);
	return NULL;
}

static struct jval *jvalue(struct jparse *j);

static struct jval *
jnew(enum jkind kind, int line)
{
	struct jval *v = xcalloc(1, sizeof *v);
	v->kind = kind;
	v->line = line;
	return v;
}

static struct jval *
jcontainer(struct jparse *j, int obj)
{
	struct jval *v = jnew(obj ? J_OBJ : J_ARR, j->line);
	char close = obj ? '}' : ']';
	if (++j->depth > 64) {
		j->err = "nested too deeply";
		goto fail;
	}
	j->p++;
	jspace(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		j->depth--;
		return v;
	}
	for (;;) {
		char *key = NULL;
		struct jval *item;
		jspace(j);
		if (obj) {
			if (j->p >= j->end || *j->p != '"') {
				j->err = "expected a \"name\" in an object";
				goto fail;
			}
			if (!(key = jstring(j)))
				goto fail;
			jspace(j);
			if (j->p >= j->end || *j->p != ':') {
				free(key);
				j->err = "expected ':' after a name";
				goto fail;
			}
			j->p++;
		}
		if (!(item = jvalue(j))) {
			free(key);
			goto fail;
		}
		v->items = xgrow(v->items, &v->cap, v->n + 1, sizeof *v->items);
		if (obj) {
			v->keys = xrealloc(v->keys, (v->n + 1) * sizeof *v->keys);
			v->keys[v->n] = key;
		}
		v->items[v->n++] = item;
		jspace(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			break;
		}
		j->err = obj ? "expected ',' or '}'" : "expected ',' or ']'";
		goto fail;
	}
	j->depth--;
	return v;
fail:
	jfree(v);
	return NULL;
}

static struct jval *
jvalue(struct jparse *j)
{
	struct jval *v;
	const char *s;
	jspace(j);
	if (j->p >= j->end) {
		j->err = "the file ends too early";
		return NULL;
	}
	s = j->p;
	if (*s == '{' || *s == '[')
		return jcontainer(j, *s == '{');
	if (*s == '"') {
		char *str = jstring(j);
		if (!str)
			return NULL;
		v = jnew(J_STR, j->line);
		v->s = str;
		return v;
	}
	if (*s == '-' || (*s >= '0' && *s <= '9')) {
		while (j->p < j->end && strchr("+-.eE0123456789", *j->p))
			j->p++;
		v = jnew(J_NUM, j->line);
		v->s = xstrndup(s, (size_t)(j->p - s));
		return v;
	}
	if (j->end - s >= 4 && !strncmp(s, "null", 4)) {
		j->p += 4;
		return jnew(J_NULL, j->line);
	}
	if (j->end - s >= 4 && !strncmp(s, "true", 4)) {
		j->p += 4;
		v = jnew(J_BOOL, j->line);
		v->s = xstrdup("true");
		return v;
	}
	if (j->end - s >= 5 && !strncmp(s, "false", 5)) {
		j->p += 5;
		v = jnew(J_BOOL, j->line);
		v->s = xstrdup("false");
		return v;
	}
	j->err = "unexpected character";
	return NULL;
}

static const struct jval *
jget(const struct jval *o, const char *key)
{
	size_t i;
	for (i = 0; o->kind == J_OBJ && i < o->n; i++)
		if (!strcmp(o->keys[i], key))
			return o->items[i];
	return NULL;
}

/* A scalar as text ("" for null or missing); NULL for an object or array. */
static char *
jtext(const struct jval *v)
{
	if (!v || v->kind == J_NULL)
		return xstrdup("");
	if (v->kind == J_ARR || v->kind == J_OBJ)
		return NULL;
	return xstrdup(v->s);
}

static void
json_record(struct merge *m, const char *file, const struct jval *o)
{
	static const char *const keys[NFIX] = {
		"type", "site", "course", NULL, "title", "version", "attempt", "score", "max", "pass",
		"result", "date", "recorded", "build", "integrity"
	};
	struct rec r;
	const struct jval *learner;
	size_t i;
	memset(&r, 0, sizeof r);
	r.file = file;
	r.line = o->line;
	if (o->kind != J_OBJ) {
		row_error(file, o->line, "a record must be an object {...}");
		m->rejected++;
		return;
	}
	for (i = 0; i < NFIX; i++) {
		const char *key = keys[i];
		const struct jval *v;
		if (!key)
			key = jget(o, "quiz") ? "quiz" : "document";
		v = jget(o, key);
		if (!(r.f[i] = jtext(v))) {
			row_error(file, v->line, "'%s' must be text or a number", key);
			m->rejected++;
			rec_free(&r);
			return;
		}
	}
	if (!strcmp(r.f[F_TYPE], "acknowledgement") && !r.f[F_RESULT][0]) {
		free(r.f[F_RESULT]);
		r.f[F_RESULT] = xstrdup("acknowledged");
	}
	if ((learner = jget(o, "learner")) && learner->kind == J_OBJ) {
		for (i = 0; i < learner->n; i++) {
			char *t = jtext(learner->items[i]);
			if (t && t[0])
				rec_set_learner(&r, lcol(m, learner->keys[i]), t);
			free(t);
		}
	}
	add_rec(m, &r);
}

static void
read_json(struct merge *m, const char *file, const char *p, const char *end)
{
	struct jparse j = {p, end, 1, NULL, 0};
	struct jval *top = jvalue(&j);
	const struct jval *list;
	size_t i;
	if (top) {
		jspace(&j);
		if (j.p < j.end) {
			j.err = "more text after the end of the JSON";
			jfree(top);
			top = NULL;
		}
	}
	if (!top) {
		row_error(file, j.line, "broken JSON: %s", j.err);
		m->rejected++;
		return;
	}
	list = top->kind == J_OBJ ? jget(top, "records") : top;
	if (!list || list->kind != J_ARR) {
		row_error(file, top->line, "no list of records (expected a kenshu records export)");
		m->rejected++;
	} else {
		for (i = 0; i < list->n; i++)
			json_record(m, file, list->items[i]);
	}
	jfree(top);
}

static int
read_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	int rc = 0;
	*data = NULL;
	*len = 0;
	if (!f) {
		fprintf(stderr, "%s: error: cannot read: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	if (ferror(f)) {
		fprintf(stderr, "%s: error: cannot read: %s\n", path, strerror(errno));
		rc = -1;
	}
	fclose(f);
	*len = b.len;
	buf_cstr(&b);
	*data = b.data ? buf_detach(&b) : xstrdup("");
	return rc;
}

/* Read, check and add one export. */
static void
merge_file(struct merge *m, const char *path)
{
	char *data;
	size_t len;
	const char *p, *end;
	if (read_file(path, &data, &len) < 0) {
		m->io++;
		free(data);
		return;
	}
	p = data;
	end = data + len;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	if (check_utf8(path, p, (size_t)(end - p)) < 0) {
		m->rejected++;
	} else {
		const char *q = p;
		while (q < end && strchr(" \t\r\n", *q))
			q++;
		if (q < end && (*q == '[' || *q == '{'))
			read_json(m, path, p, end);
		else
			read_csv(m, path, p, end);
	}
	free(data);
}

/* The roster CSV. */

static void
csv_cell(struct buf *b, const char *s)
{
	int guard = s[0] && strchr("=+-@\t\r", s[0]);
	if (!strpbrk(s, ",\"\r\n")) {
		if (guard)
			buf_putc(b, '\'');
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (guard)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static int
cmp_rec(const void *a, const void *b)
{
	const struct rec *x = *(const struct rec *const *)a, *y = *(const struct rec *const *)b;
	int c;
	if ((c = strcmp(x->f[F_SITE], y->f[F_SITE])) || (c = strcmp(x->branch, y->branch)) ||
		(c = strcmp(x->id, y->id)) || (c = strcmp(x->f[F_TYPE], y->f[F_TYPE])) ||
		(c = strcmp(x->f[F_ITEM], y->f[F_ITEM])) || (c = strcmp(x->f[F_DATE], y->f[F_DATE])))
		return c;
	return strcmp(x->f[F_RECORDED], y->f[F_RECORDED]);
}

static void
roster_csv(const struct merge *m, struct rec **sorted, struct buf *b)
{
	size_t i, k;
	buf_puts(b, "\xEF\xBB\xBF");
	for (k = 0; k < NFIX; k++) {
		if (k)
			buf_putc(b, ',');
		buf_puts(b, fix_names[k]);
	}
	for (k = 0; k < m->nl; k++) {
		buf_puts(b, ",learner.");
		csv_cell(b, m->lcols[k]);
	}
	buf_puts(b, "\r\n");
	for (i = 0; i < m->n; i++) {
		const struct rec *r = sorted[i];
		for (k = 0; k < NFIX; k++) {
			if (k)
				buf_putc(b, ',');
			csv_cell(b, r->f[k]);
		}
		for (k = 0; k < m->nl; k++) {
			buf_putc(b, ',');
			if (k < r->nlearner && r->learner[k])
				csv_cell(b, r->learner[k]);
		}
		buf_puts(b, "\r\n");
	}
}

/* The report. */

struct person {
	char *id, *name, *branch;
};

struct people {
	struct person *v;
	size_t n, cap;
	struct strmap index; /* id -> index + 1 */
};

static size_t
person_add(struct people *pp, const char *id, const char *name, const char *branch)
{
	void *v = strmap_get(&pp->index, id);
	size_t i;
	if (v) {
		i = (size_t)(uintptr_t)v - 1;
		if (name[0]) {
			free(pp->v[i].name);
			pp->v[i].name = xstrdup(name);
		}
		if (branch[0]) {
			free(pp->v[i].branch);
			pp->v[i].branch = xstrdup(branch);
		}
		return i;
	}
	pp->v = xgrow(pp->v, &pp->cap, pp->n + 1, sizeof *pp->v);
	pp->v[pp->n].id = xstrdup(id);
	pp->v[pp->n].name = xstrdup(name);
	pp->v[pp->n].branch = xstrdup(branch);
	strmap_put(&pp->index, id, (void *)(uintptr_t)(pp->n + 1));
	return pp->n++;
}

static void
people_free(struct people *pp)
{
	size_t i;
	for (i = 0; i < pp->n; i++) {
		free(pp->v[i].id);
		free(pp->v[i].name);
		free(pp->v[i].branch);
	}
	free(pp->v);
	strmap_free(&pp->index);
}

/* Staff CSV: a header line, then employee id, name, branch. -1 after reporting. */
static int
read_staff(const char *path, struct people *pp)
{
	char *data;
	size_t len;
	const char *p, *end;
	struct row row = {NULL, 0, 0};
	struct buf cell = BUF_INIT;
	int line = 1, start, rc = 0, r;
	if (read_file(path, &data, &len) < 0) {
		free(data);
		return -3;
	}
	p = data;
	end = data + len;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	if (check_utf8(path, p, (size_t)(end - p)) < 0) {
		rc = -1;
		goto out;
	}
	csv_row(&p, end, &line, &row, &cell); /* the header */
	for (;;) {
		start = line;
		if ((r = csv_row(&p, end, &line, &row, &cell)) == 0)
			break;
		if (r < 0) {
			row_error(path, start, "a quoted cell is never closed");
			rc = -1;
			break;
		}
		if (row.n == 1 && !row.v[0][0])
			continue;
		if (row.n < 3 || !row.v[0][0]) {
			row_error(path, start, "expected employee id, name, branch");
			rc = -1;
			continue;
		}
		if (strmap_get(&pp->index, row.v[0]))
			fprintf(stderr, "%s:%d: warning: employee id '%s' is listed twice\n", path, start,
				row.v[0]);
		person_add(pp, row.v[0], row.v[1], row.v[2]);
	}
out:
	row_clear(&row);
	free(row.v);
	buf_free(&cell);
	free(data);
	return rc;
}

struct tally {
	char *name; /* test id, branch or document key */
	const char *title; /* borrowed */
	size_t people, passed;
};

struct tallies {
	struct tally *v;
	size_t n, cap;
	struct strmap index;
};

static struct tally *
tally_get(struct tallies *t, const char *name, const char *title)
{
	void *v = strmap_get(&t->index, name);
	if (v)
		return &t->v[(size_t)(uintptr_t)v - 1];
	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
	memset(&t->v[t->n], 0, sizeof t->v[t->n]);
	t->v[t->n].name = xstrdup(name);
	t->v[t->n].title = title;
	strmap_put(&t->index, name, (void *)(uintptr_t)(t->n + 1));
	return &t->v[t->n++];
}

static void
tallies_free(struct tallies *t)
{
	size_t i;
	for (i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
	strmap_free(&t->index);
}

static int
cmp_tally(const void *a, const void *b)
{
	return strcmp(((const struct tally *)a)->name, ((const struct tally *)b)->name);
}

static void
html(struct buf *b, const char *s)
{
	buf_put_html(b, s, strlen(s));
}

static void
percent(struct buf *b, size_t num, size_t den)
{
	if (den)
		buf_printf(b, "%.1f%%", 100.0 * (double)num / (double)den);
	else
		buf_puts(b, "-");
}

/* One bar per tally: its pass rate. */
static void
svg_bars(struct buf *b, const struct tally *t, size_t n, const char *label)
{
	const int W = 640, LABEL = 200, BAR = 360, ROW = 28;
	size_t i;
	buf_printf(b, "<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %zu\" "
		"width=\"%d\" height=\"%zu\" role=\"img\" aria-label=\"", W, n * ROW + 4, W, n * ROW + 4);
	html(b, label);
	buf_puts(b, "\">\n");
	for (i = 0; i < n; i++) {
		double rate = t[i].people ? (double)t[i].passed / (double)t[i].people : 0;
		size_t y = i * ROW + 2;
		buf_printf(b, "<text x=\"0\" y=\"%zu\">", y + 17);
		html(b, t[i].title ? t[i].title : t[i].name);
		buf_printf(b, "</text><rect x=\"%d\" y=\"%zu\" width=\"%d\" height=\"18\" fill=\"#e5e7eb\"/>"
			"<rect x=\"%d\" y=\"%zu\" width=\"%.1f\" height=\"18\" fill=\"#2563eb\"/>"
			"<text x=\"%d\" y=\"%zu\">", LABEL, y + 4, BAR, LABEL, y + 4, rate * BAR,
			LABEL + BAR + 8, y + 17);
		percent(b, t[i].passed, t[i].people);
		buf_puts(b, "</text>\n");
	}
	buf_puts(b, "</svg>\n");
}

static void
rate_table(struct buf *b, const struct theme *th, const struct tally *t, size_t n,
	const char *first)
{
	size_t i;
	buf_puts(b, "<table>\n<thead><tr><th scope=\"col\">");
	html(b, theme_string(th, first));
	buf_puts(b, "</th><th scope=\"col\">");
	html(b, theme_string(th, "report_people"));
	buf_puts(b, "</th><th scope=\"col\">");
	html(b, theme_string(th, "report_passed"));
	buf_puts(b, "</th><th scope=\"col\">");
	html(b, theme_string(th, "report_rate"));
	buf_puts(b, "</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		buf_puts(b, "<tr><th scope=\"row\">");
		html(b, t[i].title ? t[i].title : t[i].name);
		buf_printf(b, "</th><td>%zu</td><td>%zu</td><td>", t[i].people, t[i].passed);
		percent(b, t[i].passed, t[i].people);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n");
}

static void
heading(struct buf *b, const struct theme *th, const char *key)
{
	buf_puts(b, "<h2>");
	html(b, theme_string(th, key));
	buf_puts(b, "</h2>\n");
}

static void
report_html(const struct merge *m, struct rec **sorted, const struct people *staff,
	const struct theme *th, int nfiles, struct buf *b)
{
	struct people pp = {NULL, 0, 0, STRMAP_INIT};
	struct tallies tests = {NULL, 0, 0, STRMAP_INIT}, branches = {NULL, 0, 0, STRMAP_INIT};
	struct tallies docs = {NULL, 0, 0, STRMAP_INIT};
	unsigned char *status; /* tests.n x pp.n: 0 not taken, 1 taken, 2 passed */
	const char *nobranch = theme_string(th, "report_no_branch");
	size_t i, k;

	for (i = 0; i < (staff ? staff->n : 0); i++)
		person_add(&pp, staff->v[i].id, staff->v[i].name, staff->v[i].branch);
	for (i = 0; i < m->n; i++) {
		const struct rec *r = sorted[i];
		if (!staff)
			person_add(&pp, r->id, r->name, r->branch);
		if (!strcmp(r->f[F_TYPE], "quiz"))
			tally_get(&tests, r->f[F_ITEM], r->f[F_TITLE]);
	}
	if (tests.n) /* an empty tally has no array, and qsort wants one */
		qsort(tests.v, tests.n, sizeof *tests.v, cmp_tally);
	strmap_free(&tests.index);
	memset(&tests.index, 0, sizeof tests.index);
	for (k = 0; k < tests.n; k++)
		strmap_put(&tests.index, tests.v[k].name, (void *)(uintptr_t)(k + 1));
	status = xcalloc(tests.n * pp.n + 1, 1);
	for (i = 0; i < m->n; i++) {
		const struct rec *r = sorted[i];
		void *pv = strmap_get(&pp.index, r->id);
		if (!pv)
			continue; /* not on the staff list */
		if (!strcmp(r->f[F_TYPE], "quiz")) {
			size_t t = (size_t)(uintptr_t)strmap_get(&tests.index, r->f[F_ITEM]) - 1;
			unsigned char *s = &status[t * pp.n + (size_t)(uintptr_t)pv - 1];
			unsigned char now = !strcmp(r->f[F_RESULT], "pass") ? 2 : 1;
			if (now > *s)
				*s = now;
		} else {
			char *key = xasprintf("%s (%s)", r->f[F_TITLE], r->f[F_VERSION]);
			struct tally *d = tally_get(&docs, key, NULL);
			d->people++;
			free(key);
		}
	}
	for (i = 0; i < pp.n; i++)
		tally_get(&branches, pp.v[i].branch[0] ? pp.v[i].branch : nobranch, NULL);
	if (branches.n) /* an empty tally has no array, and qsort wants one */
		qsort(branches.v, branches.n, sizeof *branches.v, cmp_tally);
	strmap_free(&branches.index);
	memset(&branches.index, 0, sizeof branches.index);
	for (k = 0; k < branches.n; k++)
		strmap_put(&branches.index, branches.v[k].name, (void *)(uintptr_t)(k + 1));
	for (k = 0; k < tests.n; k++) {
		for (i = 0; i < pp.n; i++) {
			unsigned char s = status[k * pp.n + i];
			const char *bn = pp.v[i].branch[0] ? pp.v[i].branch : nobranch;
			struct tally *br = &branches.v[(size_t)(uintptr_t)strmap_get(&branches.index, bn) - 1];
			if (!staff && !s)
				continue; /* without a staff list, only who took the test counts */
			tests.v[k].people++;
			br->people++;
			if (s == 2) {
				tests.v[k].passed++;
				br->passed++;
			}
		}
	}

	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html(b, theme_string(th, "report_title"));
	buf_puts(b, "</title>\n<style>\n"
		"body{font-family:sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.6;color:#111}\n"
		"table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.25rem .6rem;text-align:left}\n"
		"td{text-align:right}svg.bars{max-width:100%;height:auto}svg text{font-size:14px}\n"
		"@media print{@page{size:A4;margin:15mm}body{margin:0}}\n"
		"</style>\n</head>\n<body>\n<h1>");
	html(b, theme_string(th, "report_title"));
	buf_puts(b, "</h1>\n<dl class=\"summary\">\n<dt>");
	html(b, theme_string(th, "report_files"));
	buf_printf(b, "</dt><dd id=\"files\">%d</dd>\n<dt>", nfiles);
	html(b, theme_string(th, "report_records"));
	buf_printf(b, "</dt><dd id=\"records\">%zu</dd>\n<dt>", m->n);
	html(b, theme_string(th, "report_rejected"));
	buf_printf(b, "</dt><dd id=\"rejected\">%d</dd>\n<dt>", m->rejected);
	html(b, theme_string(th, "report_duplicates"));
	buf_printf(b, "</dt><dd id=\"duplicates\">%d</dd>\n<dt>", m->dupes);
	html(b, theme_string(th, "report_learners"));
	buf_printf(b, "</dt><dd id=\"learners\">%zu</dd>\n</dl>\n", pp.n);
	buf_puts(b, "<p>");
	html(b, theme_string(th, staff ? "report_basis_staff" : "report_basis_records"));
	buf_puts(b, "</p>\n<section id=\"by-quiz\">\n");
	heading(b, th, "report_by_quiz");
	svg_bars(b, tests.v, tests.n, theme_string(th, "report_by_quiz"));
	rate_table(b, th, tests.v, tests.n, "report_quiz");
	buf_puts(b, "</section>\n<section id=\"by-branch\">\n");
	heading(b, th, "report_by_branch");
	svg_bars(b, branches.v, branches.n, theme_string(th, "report_by_branch"));
	rate_table(b, th, branches.v, branches.n, "report_branch");
	buf_puts(b, "</section>\n");
	if (staff) {
		buf_puts(b, "<section id=\"not-passed\">\n");
		heading(b, th, "report_not_passed");
		for (k = 0; k < tests.n; k++) {
			size_t missing = 0;
			buf_puts(b, "<h3>");
			html(b, tests.v[k].title);
			buf_puts(b, "</h3>\n");
			for (i = 0; i < pp.n; i++) {
				unsigned char s = status[k * pp.n + i];
				if (s == 2)
					continue;
				if (!missing++) {
					buf_puts(b, "<table class=\"not-passed\">\n<thead><tr><th scope=\"col\">");
					html(b, theme_string(th, "report_employee_id"));
					buf_puts(b, "</th><th scope=\"col\">");
					html(b, theme_string(th, "report_name"));
					buf_puts(b, "</th><th scope=\"col\">");
					html(b, theme_string(th, "report_branch"));
					buf_puts(b, "</th><th scope=\"col\">");
					html(b, theme_string(th, "report_state"));
					buf_puts(b, "</th></tr></thead>\n<tbody>\n");
				}
				buf_puts(b, "<tr><td>");
				html(b, pp.v[i].id);
				buf_puts(b, "</td><td>");
				html(b, pp.v[i].name);
				buf_puts(b, "</td><td>");
				html(b, pp.v[i].branch);
				buf_puts(b, "</td><td>");
				html(b, theme_string(th, s ? "report_failed" : "report_not_taken"));
				buf_puts(b, "</td></tr>\n");
			}
			if (missing) {
				buf_puts(b, "</tbody>\n</table>\n");
			} else {
				buf_puts(b, "<p>");
				html(b, theme_string(th, "report_all_passed"));
				buf_puts(b, "</p>\n");
			}
		}
		buf_puts(b, "</section>\n");
	}
	if (docs.n) {
		qsort(docs.v, docs.n, sizeof *docs.v, cmp_tally);
		buf_puts(b, "<section id=\"acknowledgements\">\n");
		heading(b, th, "report_acks");
		buf_puts(b, "<table>\n<thead><tr><th scope=\"col\">");
		html(b, theme_string(th, "report_document"));
		buf_puts(b, "</th><th scope=\"col\">");
		html(b, theme_string(th, "report_acknowledged"));
		buf_puts(b, "</th></tr></thead>\n<tbody>\n");
		for (k = 0; k < docs.n; k++) {
			buf_puts(b, "<tr><th scope=\"row\">");
			html(b, docs.v[k].name);
			buf_printf(b, "</th><td>%zu</td></tr>\n", docs.v[k].people);
		}
		buf_puts(b, "</tbody>\n</table>\n</section>\n");
	}
	buf_puts(b, "</body>\n</html>\n");
	free(status);
	people_free(&pp);
	tallies_free(&tests);
	tallies_free(&branches);
	tallies_free(&docs);
}

static int
usage(const char *fmt, const char *arg)
{
	fputs("kenshu: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	fputs(usage_text, stderr);
	return 2;
}

static int
merge_main(int argc, char **argv)
{
	const char *out = "roster.csv", *report = NULL, *staff_path = NULL;
	const char **files = xcalloc((size_t)argc + 1, sizeof *files);
	struct merge m;
	struct people staff = {NULL, 0, 0, STRMAP_INIT};
	struct rec **sorted = NULL;
	struct buf b = BUF_INIT;
	struct theme *th = NULL;
	int nfiles = 0, i, rc = 0, srs = 0;
	size_t k;

	memset(&m, 0, sizeof m);
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		int takes = !strcmp(a, "-o") || !strcmp(a, "--html") || !strcmp(a, "--staff");
		if (takes && (i + 1 >= argc || !argv[i + 1][0])) {
			rc = usage("option '%s' needs a value", a);
			goto out;
		}
		if (!strcmp(a, "-o"))
			out = argv[++i];
		else if (!strcmp(a, "--html"))
			report = argv[++i];
		else if (!strcmp(a, "--staff"))
			staff_path = argv[++i];
		else if (a[0] == '-' && a[1]) {
			rc = usage("unknown option '%s'", a);
			goto out;
		} else
			files[nfiles++] = a;
	}
	if (!nfiles) {
		rc = usage("%s", "no files to merge");
		goto out;
	}
	if (staff_path && (srs = read_staff(staff_path, &staff)) < 0) {
		rc = srs == -3 ? 3 : 1;
		goto out;
	}
	for (i = 0; i < nfiles; i++)
		merge_file(&m, files[i]);
	sorted = xcalloc(m.n + 1, sizeof *sorted);
	for (k = 0; k < m.n; k++)
		sorted[k] = &m.recs[k];
	qsort(sorted, m.n, sizeof *sorted, cmp_rec);
	if (m.io) {
		rc = 3; /* an export that could not be read: no roster without it */
		goto out;
	}
	roster_csv(&m, sorted, &b);
	if (fs_write(out, b.data, b.len) < 0)
		m.io++;
	if (report && !m.io) {
		struct project p;
		memset(&p, 0, sizeof p);
		p.prefix = "";
		if (!(th = theme_load(&p, "default", "ja"))) {
			m.io++;
		} else {
			buf_clear(&b);
			report_html(&m, sorted, staff_path ? &staff : NULL, th, nfiles, &b);
			if (fs_write(report, b.data, b.len) < 0)
				m.io++;
		}
	}
	fprintf(stderr, "kenshu: %zu records from %d files into %s", m.n, nfiles, out);
	if (m.dupes)
		fprintf(stderr, ", %d duplicates left out", m.dupes);
	if (m.rejected)
		fprintf(stderr, ", %d rejected", m.rejected);
	fputc('\n', stderr);
	rc = m.io ? 3 : m.rejected ? 1 : 0;
out:
	for (k = 0; k < m.n; k++)
		rec_free(&m.recs[k]);
	free(m.recs);
	for (k = 0; k < m.nl; k++)
		free(m.lcols[k]);
	free(m.lcols);
	strmap_free(&m.lindex);
	strmap_free(&m.seen);
	people_free(&staff);
	theme_free(th);
	buf_free(&b);
	free(sorted);
	free(files);
	return rc;
}

int
roster_command(int argc, char **argv)
{
	if (argc < 1)
		return usage("%s", "'records' needs a subcommand: merge");
	if (strcmp(argv[0], "merge") != 0)
		return usage("unknown records subcommand '%s'", argv[0]);
	return merge_main(argc - 1, argv + 1);
}
