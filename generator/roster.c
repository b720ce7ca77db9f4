#define _XOPEN_SOURCE 700 /* realpath */
#include "roster.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "csv.h"
#include "diag.h"
#include "export.h"
#include "fs.h"
#include "i18n.h"
#include "json_read.h"
#include "report.h"
#include "theme.h"
#include "utf8.h"
#include "util.h"
#include "xlsx.h"

/* A record's fields: export.h's columns, which export_columns names. */
enum {
	F_TYPE = EXPORT_TYPE, F_SITE, F_COURSE, F_ITEM, F_TITLE, F_VERSION, F_ATTEMPT, F_SCORE, F_MAX,
	F_PASS, F_RESULT, F_DATE, F_RECORDED, F_BUILD, F_INTEGRITY, NFIX
};
_Static_assert((int)NFIX == (int)EXPORT_NCOLUMNS && (int)F_INTEGRITY == (int)EXPORT_INTEGRITY,
	"a record's fields are export.h's columns");

/*
 * Limits. The files come from every branch and pass through learners' hands, so nothing in
 * them may make a merge grow without bound. Each limit is far above what real exports reach;
 * going over one is an error at the file (and line) where it happens.
 */
/*
 * Bytes in one file: a browser keeps at most 5 MB of records (some 15 MB as UTF-8), and a
 * roster of 45,000 records merged again is about 11 MB.
 */
#define MAX_FILE (32u * 1024 * 1024)
/* Bytes in one CSV cell, JSON string or number: titles and names are well under 1 KiB. */
#define MAX_CELL 4096
/* Learner fields in the whole merge: a site.yaml has a handful, the roster a column each. */
#define MAX_LEARNER_FIELDS 64
/* Columns of a CSV file; with MAX_CELL this bounds a line. */
#define MAX_COLUMNS (NFIX + MAX_LEARNER_FIELDS)
/* Records in one merge: 300 staff (an SME at most) taking 30 tests 5 times is 45,000. */
#define MAX_RECORDS 200000
/*
 * Tests and document versions (by site) in one merge: each is a row of the report and, with
 * a staff list, a table of everyone who has not passed; a course has a dozen.
 */
#define MAX_ITEMS 100
/* People on the staff list: each is a row under every test they have not passed. */
#define MAX_STAFF 10000
/* Values in one JSON file (about 100 bytes of memory each): a full browser holds ~300,000. */
#define MAX_JSON_VALUES 1000000
/* Nesting in JSON: a record is three levels deep. */
#define MAX_JSON_DEPTH 64

/* A learner field as the file names it. */
struct field {
	const char *name; /* borrowed from the file's header or JSON object */
	const char *label; /* what a CSV header calls it besides its name, or NULL; borrowed */
	char *value;
};

/* A learner field of the roster: its id and the label it is shown with, or NULL. */
struct lcol {
	char *id, *label;
};

struct rec {
	char *f[NFIX];
	struct field *lf; /* while read: the learner's non-empty fields */
	size_t nlf, caplf;
	char **learner; /* once taken: indexed like merge.lcols; NULL when absent */
	size_t nlearner;
	const char *file;
	int line;
	int lang; /* the file's words: an index in export_langs, or -1 for the machine names */
	size_t item; /* in merge.items */
	const char *id, *name, *branch; /* borrowed from the learner's values ("" when absent) */
};

/* A title a test or document was given: by how many records, the first at file:line. */
struct title {
	const char *text;
	size_t count;
	const char *file;
	int line;
};

/* A test (site, quiz id) or a document version (site, document id, version). */
struct item {
	const char *site, *type, *id, *version; /* borrowed from its first record */
	struct title *titles;
	size_t ntitles, cap;
	const char *title; /* the one shown (choose_titles) */
};

struct merge {
	struct rec *recs;
	size_t n, cap;
	struct lcol *lcols; /* learner fields in the order first taken */
	size_t nl, capl;
	struct strmap lindex; /* learner field id -> index + 1 */
	struct strmap seen; /* duplicate key -> record index + 1 */
	struct item *items;
	size_t nitems, capitems;
	struct strmap iindex; /* item key -> index + 1 */
	struct strmap tindex; /* item index and title -> title index + 1 */
	int rejected, dupes, io;
	int full; /* MAX_RECORDS reached (and reported) */
	struct export_words words[EXPORT_NLANGS];
	const char *named[EXPORT_NLANGS]; /* the first file in each language, or NULL */
};

static const char usage_text[] = N_(
	/* TRANSLATORS: the indent lines up "[--staff" under "FILE...", as in kenshu's usage. */
	"usage: kenshu records merge FILE... [-o roster.csv] [--html report.html] [--xlsx roster.xlsx]\n"
	"                            [--staff staff.csv] [--lang ja|en]\n");

/* Set on a thread that makes roster_view's outputs: its row reports quote records. */
static _Thread_local int rows_unsaid;

/* The problem fmt (translated here) at file:line; kind is "error" or "warning", in English. */
static void
row_report(const char *kind, const char *file, int line, const char *fmt, va_list ap)
{
	if (rows_unsaid)
		return;
	fprintf(stderr, "%s:%d: %s: ", file, line, kind);
	vfprintf(stderr, _(fmt), ap);
	fputc('\n', stderr);
}

static void
row_error(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void
row_warning(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
row_error(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	row_report("error", file, line, fmt, ap);
	va_end(ap);
}

static void
row_warning(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	row_report("warning", file, line, fmt, ap);
	va_end(ap);
}

/* Append s to a key so that no two lists of parts make one key (values may hold any byte). */
static void
key_part(struct buf *key, const char *s)
{
	buf_printf(key, "%zu:%s", strlen(s), s);
}

static void
rec_free(struct rec *r)
{
	size_t i;
	for (i = 0; i < NFIX; i++)
		free(r->f[i]);
	for (i = 0; i < r->nlf; i++)
		free(r->lf[i].value);
	free(r->lf);
	for (i = 0; i < r->nlearner; i++)
		free(r->learner[i]);
	free(r->learner);
}

/*
 * Give r the learner field name, labelled label (both borrowed; label may be NULL), with
 * value (taken); an empty one is left out.
 */
static void
rec_add_learner(struct rec *r, const char *name, const char *label, char *value)
{
	if (!value[0]) {
		free(value);
		return;
	}
	r->lf = xgrow(r->lf, &r->caplf, r->nlf + 1, sizeof *r->lf);
	r->lf[r->nlf].name = name;
	r->lf[r->nlf].label = label;
	r->lf[r->nlf++].value = value;
}

static const char *
rec_learner(const struct rec *r, const char *name)
{
	size_t i;
	for (i = 0; i < r->nlf; i++)
		if (!strcmp(r->lf[i].name, name))
			return r->lf[i].value;
	return "";
}

static size_t
lcol(struct merge *m, const char *name)
{
	void *v = strmap_get(&m->lindex, name);
	if (v)
		return (size_t)(uintptr_t)v - 1;
	m->lcols = xgrow(m->lcols, &m->capl, m->nl + 1, sizeof *m->lcols);
	m->lcols[m->nl].id = xstrdup(name);
	m->lcols[m->nl].label = NULL;
	strmap_put(&m->lindex, name, (void *)(uintptr_t)(m->nl + 1));
	return m->nl++;
}

/*
 * Move r's learner fields into columns of m (taking new ones). A column is shown with the
 * first in byte order of the labels its headers gave it, so that the order of the files
 * does not decide it.
 */
static void
rec_take_learner(struct merge *m, struct rec *r)
{
	size_t i, col;
	for (i = 0; i < r->nlf; i++) {
		const char *label = r->lf[i].label;
		struct lcol *c;
		col = lcol(m, r->lf[i].name);
		c = &m->lcols[col];
		if (label && (!c->label || strcmp(label, c->label) < 0)) {
			free(c->label);
			c->label = xstrdup(label);
		}
		if (col >= r->nlearner) {
			r->learner = xrealloc(r->learner, (col + 1) * sizeof *r->learner);
			memset(r->learner + r->nlearner, 0, (col + 1 - r->nlearner) * sizeof *r->learner);
			r->nlearner = col + 1;
		}
		r->learner[col] = r->lf[i].value;
	}
	free(r->lf);
	r->lf = NULL;
	r->nlf = r->caplf = 0;
}

/* Text checks. */

static int
num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * A date as util's one rule has it (YYYY-MM-DD), optionally with Thh:mm[:ss[.fff]] and Z or
 * +hh:mm (UTC-12:00 to UTC+14:00), as records.js writes the time a record was made.
 */
static int
valid_date(const char *s)
{
	if (strlen(s) < 10 || !str_is_date(s, 10))
		return 0;
	s += 10;
	if (!*s)
		return 1;
	if ((*s != 'T' && *s != ' ') || !str_is_digits(s + 1, 2) || s[3] != ':' ||
		!str_is_digits(s + 4, 2) || num2(s + 1) > 23 || num2(s + 4) > 59)
		return 0;
	s += 6;
	if (*s == ':') {
		if (!str_is_digits(s + 1, 2) || num2(s + 1) > 60)
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
	if (*s == 'Z') {
		s++;
	} else if ((*s == '+' || *s == '-') && str_is_digits(s + 1, 2) && s[3] == ':' &&
		   str_is_digits(s + 4, 2)) {
		/* the zones in use run from UTC-12:00 to UTC+14:00 */
		if (num2(s + 4) > 59 || num2(s + 1) * 60 + num2(s + 4) > (*s == '+' ? 14 : 12) * 60)
			return 0;
		s += 6;
	}
	return *s == '\0';
}

/* The days from 1970-01-01 to y-m-d (a proleptic Gregorian calendar, March first). */
static long long
days_from_civil(long long y, long long m, long long d)
{
	y -= m <= 2;
	return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1 -
		719468;
}

/*
 * Append a record's date to a key as the moment it names: a date with a time and a zone as
 * seconds since 1970 in UTC, so that the same attempt exported as UTC by an older site
 * ("2026-04-01T01:00:00.000Z") and in local time by a newer one ("2026-04-01T10:00:00+09:00")
 * is one record; seconds are the precision both have. Any other date as it is written. The
 * date is valid (valid_date).
 */
static void
key_date(struct buf *key, const char *s)
{
	long long secs;
	const char *z;
	if (strlen(s) < 19 || s[16] != ':') {
		key_part(key, s);
		return;
	}
	for (z = s + 19; *z == '.' || (*z >= '0' && *z <= '9'); z++)
		;
	if (*z != 'Z' && *z != '+' && *z != '-') {
		key_part(key, s);
		return;
	}
	secs = days_from_civil(strtol(s, NULL, 10), num2(s + 5), num2(s + 8)) * 86400 +
		num2(s + 11) * 3600 + num2(s + 14) * 60 + num2(s + 17);
	if (*z != 'Z')
		secs -= (*z == '+' ? 1 : -1) * (num2(z + 1) * 3600 + num2(z + 4) * 60);
	buf_printf(key, "@%lld;", secs);
}

/* A whole number 0..999999999, or -1. */
static long
whole(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 9 || !str_is_digits(s, n))
		return -1;
	return atol(s);
}


/*
 * What is wrong with r, in msg in the user's language, with the values in the words of its
 * file (w; NULL for the machine names); 0 when nothing is.
 */
static int
check_rec(const struct rec *r, const struct export_words *w, struct buf *msg)
{
	const char *const *values = w ? w->values : export_values;
	const char *type = r->f[F_TYPE];
	int quiz = !strcmp(type, "quiz");
	long max, score, pass;
	struct excerpt e;
	if (!quiz && strcmp(type, "acknowledgement") != 0)
		buf_printf(msg, _("unknown record type '%s' (expected %s or %s)"),
			str_excerpt(&e, type), values[EXPORT_QUIZ], values[EXPORT_ACKNOWLEDGEMENT]);
	else if (!r->f[F_SITE][0])
		buf_puts(msg, _("no site"));
	else if (!r->f[F_ITEM][0])
		buf_puts(msg, quiz ? _("no quiz") : _("no document"));
	else if (!r->id[0])
		buf_printf(msg, _("no learner id (%s)"), w ? w->roles[EXPORT_EMPLOYEE_ID] :
			"learner.employee_id");
	else if (!valid_date(r->f[F_DATE]))
		buf_printf(msg, _("bad date '%s' (expected YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss and +09:00 or Z)"),
			str_excerpt(&e, r->f[F_DATE]));
	else if (r->f[F_RECORDED][0] && !valid_date(r->f[F_RECORDED]))
		buf_printf(msg, _("bad recorded time '%s' (expected YYYY-MM-DDThh:mm:ss and +09:00 or Z)"),
			str_excerpt(&e, r->f[F_RECORDED]));
	else if (!quiz)
		return 0;
	else if ((max = whole(r->f[F_MAX])) <= 0)
		buf_printf(msg, _("bad max '%s' (expected a whole number above 0)"),
			str_excerpt(&e, r->f[F_MAX]));
	else if ((score = whole(r->f[F_SCORE])) < 0 || score > max)
		buf_printf(msg, _("score '%s' out of range (0 to %ld)"), str_excerpt(&e, r->f[F_SCORE]),
			max);
	else if ((pass = whole(r->f[F_PASS])) < 0 || pass > 100)
		buf_printf(msg, _("pass mark '%s' out of range (0 to 100)"),
			str_excerpt(&e, r->f[F_PASS]));
	else if (whole(r->f[F_ATTEMPT]) <= 0)
		buf_printf(msg, _("bad attempt '%s' (expected 1, 2, ...)"),
			str_excerpt(&e, r->f[F_ATTEMPT]));
	else if (strcmp(r->f[F_RESULT], "pass") != 0 && strcmp(r->f[F_RESULT], "fail") != 0)
		buf_printf(msg, _("result '%s' is neither %s nor %s"), str_excerpt(&e, r->f[F_RESULT]),
			values[EXPORT_PASSED], values[EXPORT_FAILED]);
	else
		return 0;
	return -1;
}

/* Tests and documents. */

/*
 * "test 'id' of site 'site'" or "document 'id' version 'v' of site 'site'", for messages, in
 * the user's language.
 */
static void
describe(struct buf *b, const char *type, const char *site, const char *id, const char *version)
{
	struct excerpt e1, e2, e3;
	if (!strcmp(type, "quiz"))
		buf_printf(b, _("test '%s' of site '%s'"), str_excerpt(&e1, id), str_excerpt(&e2, site));
	else
		buf_printf(b, _("document '%s' version '%s' of site '%s'"), str_excerpt(&e1, id),
			str_excerpt(&e3, version), str_excerpt(&e2, site));
}

static size_t
item_new(struct merge *m, const struct rec *r, const char *key)
{
	struct item *it;
	m->items = xgrow(m->items, &m->capitems, m->nitems + 1, sizeof *m->items);
	it = &m->items[m->nitems];
	memset(it, 0, sizeof *it);
	it->site = r->f[F_SITE];
	it->type = r->f[F_TYPE];
	it->id = r->f[F_ITEM];
	/* a test is one whatever the version; an acknowledgement is of one version */
	it->version = strcmp(r->f[F_TYPE], "quiz") != 0 ? r->f[F_VERSION] : "";
	strmap_put(&m->iindex, key, (void *)(uintptr_t)(m->nitems + 1));
	return m->nitems++;
}

/* Count r's title for its item. */
static void
item_title(struct merge *m, const struct rec *r)
{
	struct item *it = &m->items[r->item];
	char *key = xasprintf("%zu:%s", r->item, r->f[F_TITLE]);
	void *v = strmap_get(&m->tindex, key);
	if (v) {
		it->titles[(size_t)(uintptr_t)v - 1].count++;
	} else {
		it->titles = xgrow(it->titles, &it->cap, it->ntitles + 1, sizeof *it->titles);
		it->titles[it->ntitles].text = r->f[F_TITLE];
		it->titles[it->ntitles].count = 1;
		it->titles[it->ntitles].file = r->file;
		it->titles[it->ntitles].line = r->line;
		strmap_put(&m->tindex, key, (void *)(uintptr_t)(++it->ntitles));
	}
	free(key);
}

/*
 * Fill in r's missing fields as empty and find its learner: the employee id, else the id,
 * else the name.
 */
static void
rec_identify(struct rec *r)
{
	size_t i;
	for (i = 0; i < NFIX; i++)
		if (!r->f[i])
			r->f[i] = xstrdup("");
	r->id = rec_learner(r, "employee_id");
	if (!r->id[0])
		r->id = rec_learner(r, "id");
	if (!r->id[0])
		r->id = rec_learner(r, "name");
	r->name = rec_learner(r, "name");
	r->branch = rec_learner(r, "branch");
}

/* Take r (checked, deduplicated, within the limits) into m, or report and free it. */
static void
add_rec(struct merge *m, struct rec *r)
{
	struct buf msg = BUF_INIT, key = BUF_INIT;
	struct excerpt e;
	const char *first_new = NULL;
	size_t i, nnew = 0;
	void *prev, *item;
	int quiz;
	rec_identify(r);
	if (check_rec(r, r->lang >= 0 ? &m->words[r->lang] : NULL, &msg) < 0) {
		row_error(r->file, r->line, "%s", buf_cstr(&msg));
		goto reject;
	}
	quiz = !strcmp(r->f[F_TYPE], "quiz");
	key_part(&key, r->f[F_SITE]);
	key_part(&key, r->f[F_TYPE]);
	key_part(&key, r->f[F_ITEM]);
	key_part(&key, r->id);
	key_date(&key, r->f[F_DATE]);
	key_date(&key, r->f[F_RECORDED]);
	if ((prev = strmap_get(&m->seen, buf_cstr(&key)))) {
		const struct rec *p = &m->recs[(size_t)(uintptr_t)prev - 1];
		row_warning(r->file, r->line, "duplicate of %s:%d, left out", p->file, p->line);
		m->dupes++;
		goto drop;
	}
	if (m->n >= MAX_RECORDS) {
		if (!m->full)
			row_error(r->file, r->line, "more than %d records in the merge: this one and "
				"the rest are left out", MAX_RECORDS);
		m->full = 1;
		goto reject;
	}
	buf_clear(&msg);
	key_part(&msg, r->f[F_SITE]);
	key_part(&msg, r->f[F_TYPE]);
	key_part(&msg, r->f[F_ITEM]);
	key_part(&msg, quiz ? "" : r->f[F_VERSION]);
	item = strmap_get(&m->iindex, buf_cstr(&msg));
	if (!item && m->nitems >= MAX_ITEMS) {
		buf_clear(&msg);
		describe(&msg, r->f[F_TYPE], r->f[F_SITE], r->f[F_ITEM], r->f[F_VERSION]);
		row_error(r->file, r->line, "more than %d tests and documents in the merge: %s "
			"refused", MAX_ITEMS, buf_cstr(&msg));
		goto reject;
	}
	for (i = 0; i < r->nlf; i++) {
		if (!strmap_get(&m->lindex, r->lf[i].name) && !nnew++)
			first_new = r->lf[i].name;
	}
	if (m->nl + nnew > MAX_LEARNER_FIELDS) {
		row_error(r->file, r->line, "more than %d learner fields in the merge: '%s' refused",
			MAX_LEARNER_FIELDS, str_excerpt(&e, first_new));
		goto reject;
	}
	r->item = item ? (size_t)(uintptr_t)item - 1 : item_new(m, r, buf_cstr(&msg));
	item_title(m, r);
	rec_take_learner(m, r);
	m->recs = xgrow(m->recs, &m->cap, m->n + 1, sizeof *m->recs);
	m->recs[m->n] = *r;
	strmap_put(&m->seen, buf_cstr(&key), (void *)(uintptr_t)(++m->n));
	goto out;
reject:
	m->rejected++;
drop:
	rec_free(r);
out:
	buf_free(&msg);
	buf_free(&key);
}

static int
cmp_item(const struct item *x, const struct item *y)
{
	int c;
	if ((c = strcmp(x->site, y->site)) || (c = strcmp(x->type, y->type)) ||
		(c = strcmp(x->id, y->id)))
		return c;
	return strcmp(x->version, y->version);
}

static int
cmp_item_ptr(const void *a, const void *b)
{
	return cmp_item(*(const struct item *const *)a, *(const struct item *const *)b);
}

static int
cmp_title(const void *a, const void *b)
{
	return strcmp(((const struct title *)a)->text, ((const struct title *)b)->text);
}

/* The tests and documents of m in the report's order: by site, kind, id and version. */
static struct item **
sorted_items(struct merge *m)
{
	struct item **order = xcalloc(m->nitems + 1, sizeof *order);
	size_t i;
	for (i = 0; i < m->nitems; i++)
		order[i] = &m->items[i];
	qsort(order, m->nitems, sizeof *order, cmp_item_ptr);
	return order;
}

/*
 * The title each test and document is shown with: the one most of its records carry, the
 * first in byte order on a tie, so that neither one export nor the order of the files
 * decides it. Each other title is a warning at the first record that has it, in order.
 */
static void
choose_titles(struct item **order, size_t n)
{
	struct buf what = BUF_INIT;
	struct excerpt e1, e2;
	size_t i, t, best;
	for (i = 0; i < n; i++) {
		struct item *it = order[i];
		qsort(it->titles, it->ntitles, sizeof *it->titles, cmp_title);
		for (best = 0, t = 1; t < it->ntitles; t++)
			if (it->titles[t].count > it->titles[best].count)
				best = t;
		it->title = it->titles[best].text;
		buf_clear(&what);
		describe(&what, it->type, it->site, it->id, it->version);
		for (t = 0; t < it->ntitles; t++) {
			if (t != best)
				row_warning(it->titles[t].file, it->titles[t].line, "title '%s' for %s "
					"differs from '%s', which the report shows",
					str_excerpt(&e1, it->titles[t].text), buf_cstr(&what),
					str_excerpt(&e2, it->title));
		}
	}
	buf_free(&what);
}

/* Encoding. */

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

/* The text after a UTF-8 byte order mark, if it has one. */
static const char *
skip_bom(const char *data, size_t len)
{
	return len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? data + 3 : data;
}

/* The 1-based line of the byte at p in text. */
static int
line_of(const char *text, const char *p)
{
	int line = 1;
	for (; text < p; text++)
		line += *text == '\n';
	return line;
}

/*
 * 0 when data (after a byte order mark) is UTF-8 without NUL; else report at the line of the
 * first bad byte.
 */
static int
check_utf8(const char *file, const char *data, size_t len)
{
	const char *s = skip_bom(data, len);
	size_t n = (size_t)(data + len - s), bad = utf8_valid(s, n);
	const char *nul = memchr(s, '\0', bad);
	if (nul) {
		row_error(file, line_of(s, nul), "NUL byte: this is not a CSV or JSON export (a "
			"damaged copy?)");
		return -1;
	}
	if (bad < n && looks_sjis((const unsigned char *)s, n)) {
		row_error(file, line_of(s, s + bad), "not UTF-8 (it looks like Shift_JIS): save the "
			"file as UTF-8 (Excel: CSV UTF-8)");
		return -1;
	}
	if (bad < n) {
		row_error(file, line_of(s, s + bad), "not UTF-8: save the file as UTF-8 (Excel: CSV "
			"UTF-8)");
		return -1;
	}
	return 0;
}

/* CSV. */

/*
 * Whether Excel would change the number s when it opens a CSV (kenshu.js's rule): digits with
 * a leading zero (01234 shown as 1234) or more than 11 of them (shown as 1.23457E+11, rounded
 * past 15), a decimal with a leading zero or a last 0 (a version 1.0 shown as 1, 1.10 as
 * 1.1), or a number with an exponent (1e5 shown as 1.00E+05).
 */
static int
excel_changes(const char *s)
{
	static const char digits[] = "0123456789";
	size_t n = strlen(s), i = strspn(s, digits), f;
	if (i == 0)
		return 0;
	if (i == n)
		return n > 1 && (s[0] == '0' || n > 11);
	if (s[i] == '.' && (f = strspn(s + i + 1, digits)) > 0) {
		if (i + 1 + f == n)
			return (s[0] == '0' && i > 1) || s[n - 1] == '0';
		i += 1 + f;
	}
	return (s[i] == 'e' || s[i] == 'E') && (f = strspn(s + i + 1, digits)) > 0 &&
		i + 1 + f == n;
}

/*
 * Undo what the export did for Excel: its guard against formulas, a ' before = + - @ (or
 * tab, CR), and the text formula ="01234" it writes numbers that Excel would change as.
 */
static void
unguard(struct csv_row *row)
{
	size_t i, n;
	for (i = 0; i < row->n; i++) {
		char *s = row->cells[i];
		if (s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1])) {
			memmove(s, s + 1, strlen(s));
		} else if (str_starts(s, "=\"") && (n = strlen(s)) > 3 && s[n - 1] == '"') {
			s[n - 1] = '\0';
			if (excel_changes(s + 2))
				memmove(s, s + 2, n - 2);
			else
				s[n - 1] = '"';
		}
	}
}

/* The next row of rd with its guards undone; as csv_read. */
static int
next_row(struct csv_reader *rd, struct csv_row *row, size_t max)
{
	int rc = csv_read(rd, row, max);
	unguard(row);
	return rc;
}

/* The index of s in the n words, or n. */
static size_t
word_index(const char *const *words, size_t n, const char *s)
{
	size_t k;
	for (k = 0; k < n && strcmp(s, words[k]) != 0; k++)
		;
	return k;
}

/*
 * What a CSV export's header says: the language of its words (an index in export_langs, -1
 * for the machine names), each column's field (NFIX for a learner field) and, for a learner
 * field, its id and label (borrowed from the header row or export_roles; label NULL for none).
 */
struct header {
	int lang;
	size_t *map;
	const char **id, **label;
};

/*
 * The learner field a header cell h in language lang names: learner.<id> in any file; in a
 * file of words, a role's word (氏名) or "label (id)", which is cut in place into the two.
 * -1 after reporting.
 */
static int
learner_column(const struct merge *m, const char *file, int lang, char *h, const char **id,
	const char **label)
{
	struct excerpt e;
	char *open;
	size_t n = strlen(h), r;
	*label = NULL;
	if (str_starts(h, "learner.")) {
		*id = h + 8;
		if (str_is_id(*id))
			return 0;
		row_error(file, 1, "wrong header: learner field name '%s' must use only a-z, 0-9, '-' "
			"and '_'", str_excerpt(&e, *id));
		return -1;
	}
	if (lang >= 0 && (r = word_index(m->words[lang].roles, EXPORT_NROLES, h)) < EXPORT_NROLES) {
		*id = export_roles[r]; /* no label: the role's word in every language */
		return 0;
	}
	open = strstr(h, " (");
	while (open && strstr(open + 2, " ("))
		open = strstr(open + 2, " (");
	if (lang >= 0 && open && open > h && h[n - 1] == ')') {
		h[n - 1] = '\0';
		if (str_is_id(open + 2)) {
			*open = '\0';
			*id = open + 2;
			/* a role's label is not kept: the roster names it in its own words */
			if (word_index(export_roles, EXPORT_NROLES, *id) == EXPORT_NROLES)
				*label = h;
			return 0;
		}
		h[n - 1] = ')';
	}
	row_error(file, 1, "wrong header: unknown column '%s' (expected a kenshu records export)",
		str_excerpt(&e, h));
	return -1;
}

/*
 * Check the header of a CSV export and read what it says into hd. Its language is that of
 * the first column named as a fixed column in any: the others are read in the same words.
 */
static int
csv_header(struct merge *m, const char *file, struct csv_row *hdr, struct header *hd)
{
	const char *const *cols = export_columns;
	struct excerpt e;
	int have[NFIX] = {0};
	size_t i, j, k;
	int l;
	hd->lang = -1;
	hd->map = xcalloc(hdr->n + 1, sizeof *hd->map);
	hd->id = xcalloc(hdr->n + 1, sizeof *hd->id);
	hd->label = xcalloc(hdr->n + 1, sizeof *hd->label);
	if (hdr->too_long) {
		row_error(file, 1, "wrong header: a column name longer than %d bytes (expected a "
			"kenshu records export)", MAX_CELL);
		return -1;
	}
	if (hdr->fields > MAX_COLUMNS) {
		row_error(file, 1, "wrong header: more than %d columns (expected a kenshu records "
			"export)", MAX_COLUMNS);
		return -1;
	}
	for (i = 0; i < hdr->n && cols == export_columns; i++) {
		for (l = 0; l < EXPORT_NLANGS; l++) {
			if (word_index(m->words[l].columns, NFIX, hdr->cells[i]) < NFIX) {
				hd->lang = l;
				cols = m->words[l].columns;
			}
		}
		if (word_index(export_columns, NFIX, hdr->cells[i]) < NFIX)
			break;
	}
	for (i = 0; i < hdr->n; i++) {
		char *h = hdr->cells[i];
		for (j = 0; j < i && strcmp(h, hdr->cells[j]) != 0; j++)
			;
		if (j < i) {
			row_error(file, 1, "wrong header: a second column '%s' (expected a kenshu "
				"records export)", str_excerpt(&e, h));
			return -1;
		}
		if ((k = word_index(cols, NFIX, h)) < NFIX) {
			have[k] = 1;
			hd->map[i] = k;
			continue;
		}
		hd->map[i] = NFIX;
		if (learner_column(m, file, hd->lang, h, &hd->id[i], &hd->label[i]) < 0)
			return -1;
		for (j = 0; j < i && (hd->map[j] < NFIX || strcmp(hd->id[i], hd->id[j]) != 0); j++)
			;
		if (j < i) {
			row_error(file, 1, "wrong header: a second column for learner field '%s' "
				"(expected a kenshu records export)", str_excerpt(&e, hd->id[i]));
			return -1;
		}
	}
	for (k = 0; k < NFIX; k++) {
		if (!have[k]) {
			row_error(file, 1, "wrong header: no '%s' column (expected a kenshu records "
				"export)", cols[k]);
			return -1;
		}
	}
	if (hd->lang >= 0 && !m->named[hd->lang])
		m->named[hd->lang] = file;
	return 0;
}

/*
 * The fixed value s of field in the words given (export.h's values, in one language or the
 * machine names): its index among the values that field may have, or -1. Type, result and
 * integrity have fixed values, each its own.
 */
static int
fixed_value(size_t field, const char *const *words, const char *s)
{
	int first, last, v;
	if (field == F_TYPE)
		first = EXPORT_QUIZ, last = EXPORT_ACKNOWLEDGEMENT;
	else if (field == F_RESULT)
		first = EXPORT_PASSED, last = EXPORT_ACKNOWLEDGED;
	else if (field == F_INTEGRITY)
		first = last = EXPORT_SELF_REPORTED;
	else
		return -1;
	for (v = first; v <= last; v++)
		if (!strcmp(s, words[v]))
			return v;
	return -1;
}

/*
 * A record's fixed values in the machine names, from the words of w. A value that is none
 * of them stays as it is, for check_rec to refuse (an unknown integrity is kept).
 */
static void
machine_values(const struct export_words *w, struct rec *r)
{
	size_t k;
	int v;
	for (k = 0; k < NFIX; k++) {
		if ((v = fixed_value(k, w->values, r->f[k])) >= 0) {
			free(r->f[k]);
			r->f[k] = xstrdup(export_values[v]);
		}
	}
}

static void
read_csv(struct merge *m, const char *file, const char *text, size_t len)
{
	struct csv_reader rd;
	struct csv_row hdr = {0}, row = {0};
	struct header hd = {-1, NULL, NULL, NULL};
	size_t i;
	int rc;

	csv_open(&rd, text, len, MAX_CELL);
	if ((rc = next_row(&rd, &hdr, MAX_COLUMNS)) <= 0) {
		if (rc < 0)
			row_error(file, 1, "a quoted cell is never closed");
		else
			row_error(file, 1, "empty file (expected a kenshu records export)");
		m->rejected++;
		goto out;
	}
	if (csv_header(m, file, &hdr, &hd) < 0) {
		m->rejected++;
		goto out;
	}
	while ((rc = next_row(&rd, &row, hdr.n)) != 0) {
		struct rec r;
		if (rc < 0) {
			row_error(file, row.line, "a quoted cell is never closed");
			m->rejected++;
			break;
		}
		if (row.fields == 1 && !row.cells[0][0])
			continue; /* a blank line */
		if (row.fields != hdr.n) {
			row_error(file, row.line, "%zu fields, expected %zu as in the header", row.fields,
				hdr.n);
			m->rejected++;
			continue;
		}
		if (row.too_long) {
			row_error(file, row.line, "a cell longer than %d bytes", MAX_CELL);
			m->rejected++;
			continue;
		}
		memset(&r, 0, sizeof r);
		r.file = file;
		r.line = row.line;
		r.lang = hd.lang;
		for (i = 0; i < hdr.n; i++) {
			if (hd.map[i] < NFIX)
				r.f[hd.map[i]] = row.cells[i];
			else
				rec_add_learner(&r, hd.id[i], hd.label[i], row.cells[i]);
			row.cells[i] = NULL;
		}
		if (hd.lang >= 0)
			machine_values(&m->words[hd.lang], &r);
		add_rec(m, &r);
	}
out:
	csv_row_free(&hdr);
	csv_row_free(&row);
	csv_close(&rd);
	free(hd.map);
	free(hd.id);
	free(hd.label);
}

/* JSON. */

/* A scalar as text ("" for null or missing); NULL for an object or array. */
static char *
json_text(const struct json_value *v)
{
	if (!v || v->kind == JSON_NULL)
		return xstrdup("");
	if (v->kind == JSON_ARR || v->kind == JSON_OBJ)
		return NULL;
	return xstrdup(v->text);
}

/*
 * The fields of the record o into r; -1 with what is wrong in msg (in the user's language) and
 * *line where it is.
 */
static int
json_fields(const struct json_value *o, struct rec *r, struct buf *msg, int *line)
{
	static const char *const keys[NFIX] = {
		"type", "site", "course", NULL, "title", "version", "attempt", "score", "max", "pass",
		"result", "date", "recorded", "build", "integrity"
	};
	const struct json_value *learner;
	struct excerpt e;
	size_t i;
	*line = o->line;
	if (o->kind != JSON_OBJ) {
		buf_puts(msg, _("a record must be an object {...}"));
		return -1;
	}
	for (i = 0; i < NFIX; i++) {
		const char *key = keys[i];
		const struct json_value *v;
		if (!key)
			key = json_read_get(o, "quiz") ? "quiz" : "document";
		v = json_read_get(o, key);
		if (!(r->f[i] = json_text(v))) {
			buf_printf(msg, _("'%s' must be text or a number"), key);
			*line = v->line;
			return -1;
		}
	}
	if (!strcmp(r->f[F_TYPE], "acknowledgement") && !r->f[F_RESULT][0]) {
		free(r->f[F_RESULT]);
		r->f[F_RESULT] = xstrdup("acknowledged");
	}
	if (!(learner = json_read_get(o, "learner")) || learner->kind != JSON_OBJ)
		return 0;
	for (i = 0; i < learner->n; i++) {
		char *t;
		if (!str_is_id(learner->keys[i])) {
			buf_printf(msg, _("learner field name '%s' must use only a-z, 0-9, '-' and '_'"),
				str_excerpt(&e, learner->keys[i]));
			*line = learner->items[i]->line;
			return -1;
		}
		if ((t = json_text(learner->items[i])))
			rec_add_learner(r, learner->keys[i], NULL, t);
	}
	return 0;
}

static void
json_record(struct merge *m, const char *file, const struct json_value *o)
{
	struct rec r;
	struct buf msg = BUF_INIT;
	int line;
	memset(&r, 0, sizeof r);
	r.file = file;
	r.line = o->line;
	r.lang = -1; /* JSON keeps the records as they are kept */
	if (json_fields(o, &r, &msg, &line) < 0) {
		row_error(file, line, "%s", buf_cstr(&msg));
		m->rejected++;
		rec_free(&r);
	} else {
		add_rec(m, &r);
	}
	buf_free(&msg);
}

int
roster_check_json(const struct json_value *o, struct buf *msg, int *line)
{
	struct rec r;
	int rc;
	memset(&r, 0, sizeof r);
	r.lang = -1;
	if ((rc = json_fields(o, &r, msg, line)) == 0) {
		rec_identify(&r);
		*line = o->line;
		rc = check_rec(&r, NULL, msg);
	}
	rec_free(&r);
	return rc;
}

/* The language an export {"lang": ..., "records": [...]} names, for the outputs'. */
static void
json_lang(struct merge *m, const char *file, const struct json_value *top)
{
	const struct json_value *v = json_read_get(top, "lang");
	int l;
	if (!v || v->kind == JSON_NULL)
		return;
	for (l = 0; l < EXPORT_NLANGS; l++) {
		if (v->kind == JSON_STR && !strcmp(v->text, export_langs[l])) {
			if (!m->named[l])
				m->named[l] = file;
			return;
		}
	}
	row_warning(file, v->line, "'lang' is neither ja nor en: not taken for the outputs' "
		"language");
}

/*
 * The records of the export text into m, at most max_values values in it; -1 when none could
 * be read (not JSON, or no list of records), after reporting.
 */
static int
read_json(struct merge *m, const char *file, const char *text, size_t len, size_t max_values)
{
	const struct json_limits lim = {MAX_CELL, max_values, MAX_JSON_DEPTH};
	struct buf err = BUF_INIT;
	struct json_value *top;
	const struct json_value *list;
	int line, col, rc = -1;
	size_t i;
	if (!(top = json_read(text, len, &lim, &err, &line, &col))) {
		row_error(file, line, "%s", buf_cstr(&err));
		m->rejected++;
		goto out;
	}
	json_lang(m, file, top);
	list = top->kind == JSON_OBJ ? json_read_get(top, "records") : top;
	if (!list || list->kind != JSON_ARR) {
		row_error(file, top->line, "no list of records (expected a kenshu records export)");
		m->rejected++;
	} else {
		for (i = 0; i < list->n; i++)
			json_record(m, file, list->items[i]);
		rc = 0;
	}
out:
	json_read_free(top);
	buf_free(&err);
	return rc;
}

/*
 * Read the file at path (an export or the staff list): 0, -1 after refusing it (not a
 * regular file, too large), -3 after an I/O error.
 */
static int
read_input(const char *path, char **data, size_t *len)
{
	struct stat st;
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	int fd = -1, rc = -3;
	*data = NULL;
	*len = 0;
	/* before opening: opening a FIFO waits for a writer, /dev/zero never ends */
	if (stat(path, &st) < 0) {
		diag_system(path, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(path, 0, 0, "not a regular file");
		rc = -1;
		goto out;
	}
	/* O_NONBLOCK: a FIFO put in its place since is not waited on but refused below */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0) {
		diag_system(path, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(path, 0, 0, "not a regular file");
		rc = -1;
		goto out;
	}
	if ((unsigned long long)st.st_size > MAX_FILE) {
		diag_error(path, 0, 0, "file is %llu bytes, larger than the limit of %u MiB",
			(unsigned long long)st.st_size, MAX_FILE / 1024 / 1024);
		rc = -1;
		goto out;
	}
	/* the size can change while the file is read (or be 0, as in /proc) */
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_system(path, "cannot read: %s", strerror(errno));
			goto out;
		}
		buf_put(&b, chunk, (size_t)n);
		if (b.len > MAX_FILE) {
			diag_error(path, 0, 0, "file is larger than the limit of %u MiB",
				MAX_FILE / 1024 / 1024);
			rc = -1;
			goto out;
		}
	}
	*len = b.len;
	*data = buf_detach(&b);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	buf_free(&b);
	return rc;
}

/* Read, check and add one export. */
static void
merge_file(struct merge *m, const char *path)
{
	char *data;
	size_t len;
	const char *p, *end, *q;
	int rc = read_input(path, &data, &len);
	if (rc < 0) {
		if (rc == -3)
			m->io++; /* an export that could not be read: no roster without it */
		else
			m->rejected++;
		goto out;
	}
	if (check_utf8(path, data, len) < 0) {
		m->rejected++;
		goto out;
	}
	p = skip_bom(data, len);
	end = data + len;
	for (q = p; q < end && strchr(" \t\r\n", *q); q++)
		;
	if (q < end && (*q == '[' || *q == '{'))
		read_json(m, path, p, (size_t)(end - p), MAX_JSON_VALUES);
	else
		read_csv(m, path, data, len);
out:
	free(data);
}

/* The roster CSV. */

/*
 * One cell, for Excel as records.js writes it (kenshu.js): neutralised, as Excel takes a cell
 * starting = + - @ (or tab, CR) for a formula, and numbers it would change as ="01234".
 */
static void
csv_cell(struct buf *b, const char *s)
{
	int guard = s[0] && strchr("=+-@\t\r", s[0]);
	if (excel_changes(s)) {
		buf_printf(b, "\"=\"\"%s\"\"\"", s);
		return;
	}
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

/*
 * The roster's columns, in the words of w: the fixed ones, then the learner fields (NFIX and
 * on), each headed as export.h says, into b.
 */
static void
roster_header(const struct merge *m, const struct export_words *w, size_t k, struct buf *b)
{
	if (k < NFIX)
		buf_puts(b, w->columns[k]);
	else
		export_learner_header(b, w, m->lcols[k - NFIX].id, m->lcols[k - NFIX].label);
}

/* The roster's cell of r in column k, in the words of w ("" for none; borrowed). */
static const char *
roster_cell(const struct export_words *w, const struct rec *r, size_t k)
{
	int v;
	if (k >= NFIX)
		return k - NFIX < r->nlearner && r->learner[k - NFIX] ? r->learner[k - NFIX] : "";
	v = fixed_value(k, export_values, r->f[k]);
	return v >= 0 ? w->values[v] : r->f[k];
}

/* The roster CSV in the words of w: a records export, which merge reads again. */
static void
roster_csv(const struct merge *m, struct rec **sorted, const struct export_words *w,
	struct buf *b)
{
	struct buf h = BUF_INIT;
	size_t i, k;
	buf_puts(b, "\xEF\xBB\xBF");
	for (k = 0; k < NFIX + m->nl; k++) {
		if (k)
			buf_putc(b, ',');
		buf_clear(&h);
		roster_header(m, w, k, &h);
		csv_cell(b, buf_cstr(&h));
	}
	buf_puts(b, "\r\n");
	for (i = 0; i < m->n; i++) {
		for (k = 0; k < NFIX + m->nl; k++) {
			if (k)
				buf_putc(b, ',');
			csv_cell(b, roster_cell(w, sorted[i], k));
		}
		buf_puts(b, "\r\n");
	}
	buf_free(&h);
}

/* The staff list. */

/* Staff CSV: a header line, then employee id, name, branch. -1 after reporting, -3 I/O. */
static int
read_staff(const char *path, struct report_people *pp)
{
	char *data;
	size_t len;
	struct csv_reader rd;
	struct csv_row row = {0};
	struct excerpt e;
	int rc, r;
	csv_open(&rd, "", 0, MAX_CELL);
	if ((rc = read_input(path, &data, &len)) < 0 || (rc = check_utf8(path, data, len)) < 0)
		goto out;
	csv_open(&rd, data, len, MAX_CELL);
	next_row(&rd, &row, 3); /* the header */
	while ((r = next_row(&rd, &row, 3)) != 0) {
		if (r < 0) {
			row_error(path, row.line, "a quoted cell is never closed");
			rc = -1;
			break;
		}
		if (row.fields == 1 && !row.cells[0][0])
			continue;
		if (row.n < 3 || !row.cells[0][0]) {
			row_error(path, row.line, "expected employee id, name, branch");
			rc = -1;
			continue;
		}
		if (row.too_long) {
			row_error(path, row.line, "a cell longer than %d bytes", MAX_CELL);
			rc = -1;
			continue;
		}
		if (strmap_get(&pp->index, row.cells[0])) {
			row_warning(path, row.line, "employee id '%s' is listed twice",
				str_excerpt(&e, row.cells[0]));
		} else if (pp->n >= MAX_STAFF) {
			row_error(path, row.line, "more than %d people on the staff list", MAX_STAFF);
			rc = -1;
			break;
		}
		report_person_add(pp, row.cells[0], row.cells[1], row.cells[2]);
	}
out:
	csv_row_free(&row);
	csv_close(&rd);
	free(data);
	return rc;
}

/*
 * The merged records as report.c takes them (the items in the order of its rows and each
 * record with the learner it counts for), for the report and the workbook's list of who has
 * not passed.
 */
struct report_data {
	struct report_input in;
	struct report_item *items;
	struct report_record *recs;
};

static void
report_data(const struct merge *m, struct rec **sorted, struct item **order,
	const struct report_people *staff, int nfiles, const char *lang, struct report_data *d)
{
	size_t *rank = xcalloc(m->nitems + 1, sizeof *rank), i;
	d->items = xcalloc(m->nitems + 1, sizeof *d->items);
	d->recs = xcalloc(m->n + 1, sizeof *d->recs);
	d->in = (struct report_input){d->items, m->nitems, d->recs, m->n, staff, nfiles,
		m->rejected, m->dupes, lang, 0};
	for (i = 0; i < m->nitems; i++) {
		const struct item *it = order[i];
		rank[it - m->items] = i;
		d->items[i] = (struct report_item){it->site, it->id, it->version, it->title,
			!strcmp(it->type, "quiz")};
	}
	for (i = 0; i < m->n; i++) {
		const struct rec *r = sorted[i];
		d->recs[i] = (struct report_record){r->id, r->name, r->branch, rank[r->item],
			!strcmp(r->f[F_RESULT], "pass")};
	}
	free(rank);
}

static void
report_data_free(struct report_data *d)
{
	free(d->items);
	free(d->recs);
}

/* The workbook. */

/*
 * A record's date or time (valid_date) as a date cell: a date alone as a day; a time with its
 * UTC offset as the learner's clock showed it; a time in UTC (Z, kept by older sites) in this
 * computer's time zone, as the exports write those in the learner's.
 */
static void
date_cell(const char *s, struct xlsx_cell *c)
{
	const char *z = s + 16;
	struct tm tm;
	time_t t;
	double frac = 0, unit = 0.1;
	c->kind = XLSX_DAY;
	c->year = (int)strtol(s, NULL, 10);
	c->month = num2(s + 5);
	c->day = num2(s + 8);
	if (!s[10])
		return;
	c->kind = XLSX_TIME;
	c->hour = num2(s + 11);
	c->minute = num2(s + 14);
	if (*z == ':') {
		c->second = num2(z + 1);
		for (z += 3; *z == '.' || (*z >= '0' && *z <= '9'); z++) {
			if (*z != '.') {
				frac += (*z - '0') * unit;
				unit /= 10;
			}
		}
	}
	t = (time_t)(days_from_civil(c->year, c->month, c->day) * 86400 + c->hour * 3600 +
		c->minute * 60 + (long long)c->second);
	if (*z == 'Z' && localtime_r(&t, &tm)) {
		c->year = tm.tm_year + 1900;
		c->month = tm.tm_mon + 1;
		c->day = tm.tm_mday;
		c->hour = tm.tm_hour;
		c->minute = tm.tm_min;
		c->second = tm.tm_sec;
	}
	c->second += frac;
}

/* The roster's cell of r in column k as the workbook holds it: a number, a date or text. */
static void
typed_cell(const struct export_words *w, const struct rec *r, size_t k, struct xlsx_cell *c)
{
	long n;
	memset(c, 0, sizeof *c);
	c->kind = XLSX_TEXT;
	c->text = roster_cell(w, r, k);
	if ((k == F_ATTEMPT || k == F_SCORE || k == F_MAX || k == F_PASS) &&
		(n = whole(c->text)) >= 0) {
		c->kind = XLSX_NUMBER;
		c->number = (double)n;
	} else if ((k == F_DATE || k == F_RECORDED) && c->text[0]) {
		date_cell(c->text, c);
	}
}

/* The first sheet: the roster CSV's columns and rows, in the words of w. */
static int
xlsx_roster(struct xlsx *x, const struct merge *m, struct rec **sorted,
	const struct export_words *w)
{
	size_t ncols = NFIX + m->nl, i, k;
	char **headers = xcalloc(ncols, sizeof *headers);
	struct xlsx_cell *cells = xcalloc(ncols, sizeof *cells);
	struct buf h = BUF_INIT;
	int rc;
	for (k = 0; k < ncols; k++) {
		buf_clear(&h);
		roster_header(m, w, k, &h);
		headers[k] = xstrdup(buf_cstr(&h));
	}
	rc = xlsx_sheet(x, theme_string(w->theme, "report_sheet_records"),
		(const char *const *)headers, ncols);
	for (i = 0; rc == 0 && i < m->n; i++) {
		for (k = 0; k < ncols; k++)
			typed_cell(w, sorted[i], k, &cells[k]);
		rc = xlsx_row(x, cells);
	}
	for (k = 0; k < ncols; k++)
		free(headers[k]);
	free(headers);
	free(cells);
	buf_free(&h);
	return rc;
}

/* The second sheet, with a staff list: who has not passed each test, as the report lists. */
struct missing_sheet {
	struct xlsx *x;
	const struct theme *th;
	int rc;
};

static void
missing_row(void *arg, const struct report_item *test, const struct report_person *who, int took)
{
	struct missing_sheet *ms = arg;
	const char *text[6];
	struct xlsx_cell cells[6];
	size_t k;
	if (ms->rc < 0)
		return;
	text[0] = test->site;
	text[1] = test->title[0] ? test->title : test->id;
	text[2] = who->id;
	text[3] = who->name;
	text[4] = who->branch;
	text[5] = theme_string(ms->th, took ? "report_failed" : "report_not_taken");
	memset(cells, 0, sizeof cells);
	for (k = 0; k < 6; k++) {
		cells[k].kind = XLSX_TEXT;
		cells[k].text = text[k];
	}
	ms->rc = xlsx_row(ms->x, cells);
}

static int
xlsx_missing(struct xlsx *x, const struct report_input *in, const struct theme *th)
{
	static const char *const keys[6] = {
		"rec_site", "report_quiz", "report_employee_id", "report_name", "report_branch",
		"report_state"
	};
	const char *headers[6];
	struct missing_sheet ms = {x, th, 0};
	size_t k;
	for (k = 0; k < 6; k++)
		headers[k] = theme_string(th, keys[k]);
	if ((ms.rc = xlsx_sheet(x, theme_string(th, "report_not_passed"), headers, 6)) == 0)
		report_not_passed(in, missing_row, &ms);
	return ms.rc;
}

/* Outputs. */

/*
 * An output: written under a temporary name beside its target and renamed over it once
 * every output is written, so a failure (a full disk) leaves the previous file whole.
 */
struct output {
	const char *opt, *path;
	char *target; /* path, or the file it leads to through links */
	char *tmp;
};

/* The file at path however path is spelt: its device and inode when it exists. */
static char *
identity(const char *path)
{
	struct stat st;
	char *r, *id;
	if (stat(path, &st) == 0)
		return xasprintf("i%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
	r = fs_real_path(path);
	id = xasprintf("p%s", r ? r : path);
	free(r);
	return id;
}

/* A usage error (fmt translated), then the usage: exit status 2. */
#define usage(...) diag_usage(usage_text, __VA_ARGS__)

/*
 * Refuse (usage, 2) an output that is an input, the staff list or another output, which
 * would be lost, or that is not a regular file, which cannot be replaced by renaming.
 */
static int
check_outputs(const struct output *outs, size_t nouts, const char **files, int nfiles,
	const char *staff)
{
	size_t nin = (size_t)nfiles + (staff ? 1 : 0), i, o;
	char **in = xcalloc(nin + nouts, sizeof *in);
	struct stat st;
	int rc = 0;
	for (i = 0; i < nin; i++)
		in[i] = identity(i < (size_t)nfiles ? files[i] : staff);
	for (o = 0; o < nouts && !rc; o++) {
		const struct output *out = &outs[o];
		in[nin + o] = identity(out->path);
		if (stat(out->path, &st) == 0 && !S_ISREG(st.st_mode))
			rc = usage("%s '%s' is not a regular file", out->opt, out->path);
		for (i = 0; i < nin + o && !rc; i++) {
			if (strcmp(in[i], in[nin + o]) != 0)
				continue;
			if (i < (size_t)nfiles)
				rc = usage("%s '%s' is the same file as the input '%s'", out->opt, out->path,
					files[i]);
			else if (i < nin)
				rc = usage("%s '%s' is the same file as --staff '%s'", out->opt, out->path,
					staff);
			else
				rc = usage("%s '%s' is the same file as %s '%s'", out->opt, out->path,
					outs[i - nin].opt, outs[i - nin].path);
		}
	}
	for (i = 0; i < nin + nouts; i++)
		free(in[i]);
	free(in);
	return rc;
}

/* Drop o's staged file, after a failure. */
static void
unstage(struct output *o)
{
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
}

/*
 * Create a new file beside o's target (o->tmp), with the permissions of the file it will
 * replace: its descriptor, or -1 after reporting.
 */
static int
stage_open(struct output *o)
{
	struct stat st;
	char *real = realpath(o->path, NULL), *dir = NULL;
	const char *slash, *base;
	int fd = -1, i;
	o->target = xstrdup(real ? real : o->path);
	free(real);
	slash = strrchr(o->target, '/');
	base = slash ? slash + 1 : o->target;
	if (slash && slash != o->target) {
		dir = xstrndup(o->target, (size_t)(slash - o->target));
		if (fs_mkdirs(dir) < 0)
			goto out;
	}
	for (i = 0; fd < 0; i++) {
		free(o->tmp);
		o->tmp = xasprintf("%.*s.%s.%ld-%d.tmp", (int)(base - o->target), o->target, base,
			(long)getpid(), i);
		fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && (errno != EEXIST || i >= 100)) {
			diag_system(o->path, "cannot write: %s", strerror(errno));
			free(o->tmp);
			o->tmp = NULL; /* not ours to remove */
			goto out;
		}
	}
	/* the new file keeps the permissions of the one it replaces */
	if (stat(o->target, &st) == 0 && fchmod(fd, st.st_mode & 0777) < 0) {
		diag_system(o->path, "cannot write: %s", strerror(errno));
		close(fd);
		fd = -1;
		unstage(o);
	}
out:
	free(dir);
	return fd;
}

/* Flush the staged file of o, open at fd, to the disk and close it; -1 after reporting. */
static int
stage_close(struct output *o, int fd)
{
	if (fsync(fd) < 0) {
		diag_system(o->path, "cannot write: %s", strerror(errno));
		close(fd);
		unstage(o);
		return -1;
	}
	if (close(fd) < 0) {
		diag_system(o->path, "cannot write: %s", strerror(errno));
		unstage(o);
		return -1;
	}
	return 0;
}

/* Write data to a new file beside o's target (o->tmp); -1 after reporting. */
static int
stage(struct output *o, const char *data, size_t len)
{
	size_t off = 0;
	int fd = stage_open(o);
	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			diag_system(o->path, "cannot write: %s", strerror(errno));
			close(fd);
			unstage(o);
			return -1;
		}
		off += (size_t)w;
	}
	return stage_close(o, fd);
}

/* Put the staged file in place; -1 after reporting. */
static int
commit(struct output *o)
{
	int rc = 0;
	if (rename(o->tmp, o->target) < 0) {
		diag_system(o->path, "cannot write: %s", strerror(errno));
		unlink(o->tmp);
		rc = -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	return rc;
}

static void
merge_free(struct merge *m)
{
	size_t k;
	for (k = 0; k < m->n; k++)
		rec_free(&m->recs[k]);
	free(m->recs);
	for (k = 0; k < m->nl; k++) {
		free(m->lcols[k].id);
		free(m->lcols[k].label);
	}
	free(m->lcols);
	for (k = 0; k < m->nitems; k++)
		free(m->items[k].titles);
	free(m->items);
	strmap_free(&m->lindex);
	strmap_free(&m->seen);
	strmap_free(&m->iindex);
	strmap_free(&m->tindex);
}

/*
 * The outputs' language: --lang's, else that of the exports that name one (a CSV in words, a
 * JSON export's lang) when they agree, else Japanese, with a warning when they disagree.
 */
static int
outputs_lang(const struct merge *m, const char *opt)
{
	int l;
	for (l = 0; opt && l < EXPORT_NLANGS; l++)
		if (!strcmp(opt, export_langs[l]))
			return l;
	if (m->named[0] && m->named[1]) {
		diag_warning(NULL, 0, 0, "exports in Japanese (%s) and in English (%s): the outputs "
			"are in Japanese (choose with --lang)", m->named[0], m->named[1]);
		return 0;
	}
	return m->named[1] ? 1 : 0;
}

/*
 * The merged records m in order: *sorted (the roster's), *order (the report's items, each
 * with its title) and *d (report.c's input), for staff (NULL for none) and nfiles files, in
 * the outputs' language, whose words it returns.
 */
static const struct export_words *
merged(struct merge *m, const struct report_people *staff, int nfiles, const char *lang,
	struct rec ***sorted, struct item ***order, struct report_data *d)
{
	const struct export_words *w;
	size_t k;
	*sorted = xcalloc(m->n + 1, sizeof **sorted);
	for (k = 0; k < m->n; k++)
		(*sorted)[k] = &m->recs[k];
	qsort(*sorted, m->n, sizeof **sorted, cmp_rec);
	*order = sorted_items(m);
	choose_titles(*order, m->nitems);
	w = &m->words[outputs_lang(m, lang)];
	report_data(m, *sorted, *order, staff, nfiles, w->lang, d);
	return w;
}

/* The workbook of the merged records into the file path (shown as shown); -1 after reporting. */
static int
write_xlsx(const char *path, const char *shown, const struct merge *m, struct rec **sorted,
	const struct report_data *d, const struct export_words *w)
{
	struct xlsx *x = xlsx_new(path, shown);
	int rc;
	if (!x)
		return -1;
	rc = xlsx_roster(x, m, sorted, w);
	if (rc == 0 && d->in.staff)
		rc = xlsx_missing(x, &d->in, w->theme);
	return xlsx_close(x) < 0 || rc < 0 ? -1 : 0;
}

/*
 * The workbook, written by libxlsxwriter into a staged file of o (it writes by name, over the
 * file staged, and its own temporary files beside it): the roster and, with a staff list,
 * who has not passed. -1 after reporting.
 */
static int
stage_xlsx(struct output *o, const struct merge *m, struct rec **sorted,
	const struct report_data *d, const struct export_words *w)
{
	int fd = stage_open(o);
	if (fd < 0)
		return -1;
	if (write_xlsx(o->tmp, o->path, m, sorted, d, w) < 0) {
		close(fd);
		unstage(o);
		return -1;
	}
	return stage_close(o, fd);
}

int
roster_view(const char *name, const char *text, size_t len, const char *staff_path,
	const char *lang, enum roster_view view, const char *tmpdir, struct buf *out)
{
	struct merge m;
	struct report_people staff = {NULL, 0, 0, STRMAP_INIT};
	struct report_data d = {{NULL, 0, NULL, 0, NULL, 0, 0, 0, NULL, 0}, NULL, NULL};
	struct item **order = NULL;
	struct rec **sorted = NULL;
	const struct export_words *w;
	char *dir = NULL, *path = NULL, *data = NULL;
	size_t n;
	int l, rc = -1;

	memset(&m, 0, sizeof m);
	for (l = 0; l < EXPORT_NLANGS; l++)
		if (export_words_load(&m.words[l], export_langs[l]) < 0)
			goto out;
	if (staff_path && read_staff(staff_path, &staff) < 0)
		goto out;
	rows_unsaid = 1;
	/*
	 * The text is the server's, every record in it checked when it came (within submit.c's
	 * limits): a file's limit of values would leave the view empty once the store outgrew it
	 * (some 50,000 records; a few seconds of posting large ones).
	 */
	if (read_json(&m, name, text, len, SIZE_MAX) < 0)
		goto out;
	w = merged(&m, staff_path ? &staff : NULL, 1, lang, &sorted, &order, &d);
	if (view == ROSTER_CSV) {
		roster_csv(&m, sorted, w, out);
		rc = 0;
	} else if (view == ROSTER_HTML) {
		d.in.downloads = 1;
		rc = report_render(&d.in, w->theme, out);
	} else {
		/* libxlsxwriter writes by name, its temporary files beside the workbook */
		dir = xasprintf("%s/kenshu-xlsx-XXXXXX", tmpdir);
		if (!mkdtemp(dir)) {
			diag_system(dir, "cannot write: %s", strerror(errno));
			goto out;
		}
		path = xasprintf("%s/roster.xlsx", dir);
		if (write_xlsx(path, "roster.xlsx", &m, sorted, &d, w) == 0 &&
			read_input(path, &data, &n) == 0) {
			buf_put(out, data, n);
			rc = 0;
		}
		unlink(path);
		rmdir(dir);
	}
out:
	rows_unsaid = 0;
	for (l = 0; l < EXPORT_NLANGS; l++)
		export_words_free(&m.words[l]);
	merge_free(&m);
	report_people_free(&staff);
	report_data_free(&d);
	free(order);
	free(sorted);
	free(dir);
	free(path);
	free(data);
	return rc;
}

enum { OUT_CSV, OUT_HTML, OUT_XLSX, NOUTS };

static int
merge_main(int argc, char **argv)
{
	static const char *const opts[NOUTS] = {"-o", "--html", "--xlsx"};
	struct output all[NOUTS] = {{"-o", "roster.csv", NULL, NULL}, {"--html", NULL, NULL, NULL},
		{"--xlsx", NULL, NULL, NULL}}, outs[NOUTS];
	struct output *out[NOUTS] = {NULL}; /* in outs, by kind; NULL when not asked for */
	const char *staff_path = NULL, *lang = NULL;
	const char **files = xcalloc((size_t)argc + 1, sizeof *files);
	struct merge m;
	struct report_people staff = {NULL, 0, 0, STRMAP_INIT};
	struct report_data d = {{NULL, 0, NULL, 0, NULL, 0, 0, 0, NULL, 0}, NULL, NULL};
	struct item **order = NULL;
	struct rec **sorted = NULL;
	struct buf b = BUF_INIT;
	const struct export_words *w;
	int nfiles = 0, i, rc = 0, ok, l;
	size_t k, nouts = 0;

	memset(&m, 0, sizeof m);
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		int takes = !strcmp(a, "--staff") || !strcmp(a, "--lang");
		for (k = 0; k < NOUTS; k++)
			takes |= !strcmp(a, opts[k]);
		if (takes && (i + 1 >= argc || !argv[i + 1][0])) {
			rc = usage("option '%s' needs a value", a);
			goto out;
		}
		for (k = 0; k < NOUTS && strcmp(a, opts[k]) != 0; k++)
			;
		if (k < NOUTS)
			all[k].path = argv[++i];
		else if (!strcmp(a, "--staff"))
			staff_path = argv[++i];
		else if (!strcmp(a, "--lang"))
			lang = argv[++i];
		else if (a[0] == '-' && a[1]) {
			rc = usage("unknown option '%s'", a);
			goto out;
		} else
			files[nfiles++] = a;
	}
	if (lang && strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0) {
		rc = usage("--lang must be ja or en, not '%s'", lang);
		goto out;
	}
	for (k = 0; k < NOUTS; k++) {
		if (all[k].path) {
			outs[nouts] = all[k];
			out[k] = &outs[nouts++];
		}
	}
	if (!nfiles) {
		rc = usage("no files to merge");
		goto out;
	}
	if ((rc = check_outputs(outs, nouts, files, nfiles, staff_path)))
		goto out;
	for (l = 0; l < EXPORT_NLANGS; l++) {
		if (export_words_load(&m.words[l], export_langs[l]) < 0) {
			rc = 1;
			goto out;
		}
	}
	if (staff_path && (rc = read_staff(staff_path, &staff)) < 0) {
		rc = rc == -3 ? 3 : 1;
		goto out;
	}
	for (i = 0; i < nfiles; i++)
		merge_file(&m, files[i]);
	if (m.io) {
		rc = 3; /* an export that could not be read: no roster without it */
		goto out;
	}
	w = merged(&m, staff_path ? &staff : NULL, nfiles, lang, &sorted, &order, &d);
	roster_csv(&m, sorted, w, &b);
	ok = stage(out[OUT_CSV], b.data, b.len) == 0;
	if (ok && out[OUT_HTML]) {
		buf_clear(&b);
		ok = report_render(&d.in, w->theme, &b) == 0 && stage(out[OUT_HTML], b.data, b.len) == 0;
	}
	if (ok && out[OUT_XLSX])
		ok = stage_xlsx(out[OUT_XLSX], &m, sorted, &d, w) == 0;
	for (k = 0; ok && k < nouts; k++)
		ok = commit(&outs[k]) == 0;
	if (!ok) {
		rc = 3;
		goto out;
	}
	/* TRANSLATORS: ", %d duplicates left out" and ", %d rejected" may follow. */
	fprintf(stderr, _("kenshu: %zu records from %d files into %s"), m.n, nfiles,
		out[OUT_CSV]->path);
	if (m.dupes)
		fprintf(stderr, _(", %d duplicates left out"), m.dupes);
	if (m.rejected)
		fprintf(stderr, _(", %d rejected"), m.rejected);
	fputc('\n', stderr);
	rc = m.rejected ? 1 : 0;
out:
	for (k = 0; k < nouts; k++) {
		if (outs[k].tmp)
			unlink(outs[k].tmp);
		free(outs[k].tmp);
		free(outs[k].target);
	}
	for (l = 0; l < EXPORT_NLANGS; l++)
		export_words_free(&m.words[l]);
	merge_free(&m);
	report_people_free(&staff);
	report_data_free(&d);
	free(order);
	buf_free(&b);
	free(sorted);
	free(files);
	return rc;
}

int
roster_command(int argc, char **argv)
{
	if (argc < 1)
		return usage("'records' needs a subcommand: merge");
	if (strcmp(argv[0], "merge") != 0)
		return usage("unknown records subcommand '%s'", argv[0]);
	return merge_main(argc - 1, argv + 1);
}
