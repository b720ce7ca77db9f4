#include "report.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "theme.h"
#include "value.h"

size_t
report_person_add(struct report_people *pp, const char *id, const char *name,
	const char *branch)
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

void
report_people_free(struct report_people *pp)
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

/* A row of the report: a test, a document version or a branch. */
struct tally {
	const char *name; /* the branch; NULL for a test or document */
	const struct report_item *item;
	size_t people, passed;
};

struct tallies {
	struct tally *v;
	size_t n, cap;
	struct strmap index; /* branch -> index + 1 */
};

static void
tally_add(struct tallies *t, const char *name, const struct report_item *item)
{
	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof *t->v);
	memset(&t->v[t->n], 0, sizeof t->v[t->n]);
	t->v[t->n].name = name;
	t->v[t->n++].item = item;
}

static void
tallies_free(struct tallies *t)
{
	free(t->v);
	strmap_free(&t->index);
}

static int
cmp_branch(const void *a, const void *b)
{
	return strcmp(((const struct tally *)a)->name, ((const struct tally *)b)->name);
}

/* What the report counts: a row per test, document version and branch, and who passed what. */
struct counts {
	struct report_people pp; /* the staff list, or everyone the records name */
	struct tallies tests, docs, branches;
	size_t *row; /* item -> its row in tests or docs */
	unsigned char *status; /* tests.n x pp.n: 0 not taken, 1 taken, 2 passed */
};

/* The rows of tests and documents, in the items' order. */
static void
count_items(const struct report_input *in, struct counts *c)
{
	size_t i;
	for (i = 0; i < in->nitems; i++) {
		struct tallies *t = in->items[i].quiz ? &c->tests : &c->docs;
		c->row[i] = t->n;
		tally_add(t, NULL, &in->items[i]);
	}
}

/* Each person's best result in each test, and each document version's acknowledgements. */
static void
count_records(const struct report_input *in, struct counts *c)
{
	struct strmap acked = STRMAP_INIT; /* document version and person: counted once */
	size_t i, n = c->pp.n;
	c->status = xcalloc(c->tests.n * n + 1, 1);
	for (i = 0; i < in->nrecords; i++) {
		const struct report_record *r = &in->records[i];
		void *pv = strmap_get(&c->pp.index, r->id);
		if (!pv)
			continue; /* not on the staff list */
		if (in->items[r->item].quiz) {
			unsigned char *s = &c->status[c->row[r->item] * n + (size_t)(uintptr_t)pv - 1];
			unsigned char now = r->passed ? 2 : 1;
			if (now > *s)
				*s = now;
		} else {
			char *key = xasprintf("%zu:%s", r->item, r->id);
			if (!strmap_put(&acked, key, &acked))
				c->docs.v[c->row[r->item]].people++;
			free(key);
		}
	}
	strmap_free(&acked);
}

/* A row per branch, by name, and each test's and branch's people and passes. */
static void
count_branches(const struct report_input *in, const char *nobranch, struct counts *c)
{
	struct tallies *br = &c->branches;
	size_t i, k, n = c->pp.n;
	for (i = 0; i < n; i++) {
		const char *bn = c->pp.v[i].branch[0] ? c->pp.v[i].branch : nobranch;
		if (!strmap_get(&br->index, bn)) {
			tally_add(br, bn, NULL);
			strmap_put(&br->index, bn, br);
		}
	}
	if (br->n) /* qsort wants an array, which an empty list has not */
		qsort(br->v, br->n, sizeof *br->v, cmp_branch);
	for (k = 0; k < br->n; k++)
		strmap_put(&br->index, br->v[k].name, (void *)(uintptr_t)(k + 1));
	for (k = 0; k < c->tests.n; k++) {
		for (i = 0; i < n; i++) {
			unsigned char s = c->status[k * n + i];
			const char *bn = c->pp.v[i].branch[0] ? c->pp.v[i].branch : nobranch;
			struct tally *b = &br->v[(size_t)(uintptr_t)strmap_get(&br->index, bn) - 1];
			if (!in->staff && !s)
				continue; /* without a staff list, only who took the test counts */
			c->tests.v[k].people++;
			b->people++;
			if (s == 2) {
				c->tests.v[k].passed++;
				b->passed++;
			}
		}
	}
}

/* The geometry of a bar chart, in SVG user units: a row per tally, its label on the left. */
enum { CHART_WIDTH = 640, CHART_LABEL = 200, CHART_BAR = 360, CHART_ROW = 28 };

static struct value *
text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A formatted string value: numbers are shown as text, so the template prints them as is. */
static struct value *
text(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	size_t len;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	len = b.len;
	return value_str_take(buf_detach(&b), len);
}

static struct value *
rate(size_t num, size_t den)
{
	return den ? text("%.1f%%", 100.0 * (double)num / (double)den) : value_str("-");
}

/* What a row is called: the branch, or the test's or document's title (and version). */
static struct value *
label(const struct tally *t)
{
	const struct report_item *it = t->item;
	const char *name;
	if (!it)
		return value_str(t->name);
	name = it->title[0] ? it->title : it->id;
	if (!it->quiz)
		return text("%s (%s)", name, it->version);
	return value_str(name);
}

/*
 * A tally's row: its label, the site of a test or document, and its counts (people who
 * acknowledged, for a document version).
 */
static struct value *
tally_row(const struct tally *t)
{
	struct value *row = value_map();
	value_set(row, "label", label(t));
	if (t->item)
		value_set(row, "site", value_str(t->item->site));
	if (t->item && !t->item->quiz) {
		value_set(row, "acknowledged", text("%zu", t->people));
		return row;
	}
	value_set(row, "people", text("%zu", t->people));
	value_set(row, "passed", text("%zu", t->passed));
	value_set(row, "rate", rate(t->passed, t->people));
	return row;
}

/* Pass rates of n tallies: the rows of the table and of its bar chart. */
static struct value *
chart(const struct tally *t, size_t n)
{
	struct value *c = value_map(), *rows = value_list();
	size_t i;
	value_set(c, "chart_width", text("%d", CHART_WIDTH));
	value_set(c, "chart_height", text("%zu", n * CHART_ROW + 4));
	value_set(c, "bar_x", text("%d", CHART_LABEL));
	value_set(c, "bar_width", text("%d", CHART_BAR));
	value_set(c, "rate_x", text("%d", CHART_LABEL + CHART_BAR + 8));
	for (i = 0; i < n; i++) {
		struct value *row = value_push(rows, tally_row(&t[i]));
		double share = t[i].people ? (double)t[i].passed / (double)t[i].people : 0;
		size_t y = i * CHART_ROW + 2;
		value_set(row, "text_y", text("%zu", y + 17));
		value_set(row, "bar_y", text("%zu", y + 4));
		value_set(row, "passed_width", text("%.1f", share * CHART_BAR));
	}
	value_set(c, "rows", rows);
	return c;
}

/* A string that outlives the report's data, borrowed into it. */
static struct value *
borrow(const char *s)
{
	return value_str_borrow(s, strlen(s));
}

/*
 * Who has not passed each test, from status (tests x people: 0 not taken, 1 taken, 2
 * passed). A person is one map per state, made once and shared by every test's list (a view),
 * so that 10,000 people under 100 tests cost a pointer each; keep owns the maps, whose
 * strings are borrowed from pp and the theme.
 */
static struct value *
not_passed(const struct tallies *tests, const struct report_people *pp,
	const unsigned char *status, const struct theme *th, struct value *keep)
{
	static const char *const states[2] = {"report_not_taken", "report_failed"};
	struct value *list = value_list(), **person = xcalloc(2 * pp->n + 1, sizeof *person);
	size_t i, k;
	int s;
	for (i = 0; i < pp->n; i++) {
		for (s = 0; s < 2; s++) {
			struct value *v = person[2 * i + (size_t)s] = value_push(keep, value_map());
			value_set(v, "id", borrow(pp->v[i].id));
			value_set(v, "name", borrow(pp->v[i].name));
			value_set(v, "branch", borrow(pp->v[i].branch));
			value_set(v, "state", borrow(theme_string(th, states[s])));
		}
	}
	for (k = 0; k < tests->n; k++) {
		struct value *t = value_push(list, value_map()), *missing = value_view();
		value_set(t, "label", label(&tests->v[k]));
		value_set(t, "site", value_str(tests->v[k].item->site));
		for (i = 0; i < pp->n; i++) {
			unsigned char st = status[k * pp->n + i];
			if (st != 2)
				value_push(missing, person[2 * i + st]);
		}
		value_set(t, "has_missing", value_bool(missing->n > 0));
		value_set(t, "missing", missing);
	}
	free(person);
	return list;
}

/* Count in's records into c: each test's and document's row, and who passed what. */
static void
counts_make(const struct report_input *in, struct counts *c)
{
	size_t i;
	memset(c, 0, sizeof *c);
	for (i = 0; in->staff && i < in->staff->n; i++)
		report_person_add(&c->pp, in->staff->v[i].id, in->staff->v[i].name,
			in->staff->v[i].branch);
	for (i = 0; !in->staff && i < in->nrecords; i++)
		report_person_add(&c->pp, in->records[i].id, in->records[i].name,
			in->records[i].branch);
	c->row = xcalloc(in->nitems + 1, sizeof *c->row);
	count_items(in, c);
	count_records(in, c);
}

static void
counts_free(struct counts *c)
{
	free(c->status);
	free(c->row);
	report_people_free(&c->pp);
	tallies_free(&c->tests);
	tallies_free(&c->branches);
	tallies_free(&c->docs);
}

void
report_not_passed(const struct report_input *in,
	void (*fn)(void *arg, const struct report_item *test, const struct report_person *who, int took),
	void *arg)
{
	struct counts c;
	size_t i, k;
	counts_make(in, &c);
	for (k = 0; k < c.tests.n; k++) {
		for (i = 0; i < c.pp.n; i++) {
			unsigned char st = c.status[k * c.pp.n + i];
			if (st != 2)
				fn(arg, c.tests.v[k].item, &c.pp.v[i], st == 1);
		}
	}
	counts_free(&c);
}

/* The theme's interface strings, borrowed into the report's data. */
static struct value *
strings(const struct theme *th)
{
	const struct value *all = theme_strings(th);
	struct value *v = value_map();
	size_t i;
	for (i = 0; i < all->n; i++)
		if (all->items[i]->kind == VALUE_STR)
			value_set(v, all->keys[i], borrow(all->items[i]->str));
	return v;
}

/* Render the theme's roster.html against ctx into b; -1 after reporting. */
static int
render_report(const struct theme *th, const struct value *ctx, struct buf *b)
{
	static const char shown[] = "themes/default/roster.html";
	struct tmpl_opts opts = {.checked = 1}; /* a limit reached is an error, not half a report */
	struct tmpl_set *set = tmpl_set_new(&opts);
	const struct theme_file *f = theme_get(th, "roster.html");
	struct tmpl *t;
	int rc = -1;
	if (f && (t = tmpl_compile(set, shown, 0, f->data, f->len)))
		rc = tmpl_render(t, ctx, b);
	tmpl_set_free(set);
	return rc;
}

int
report_render(const struct report_input *in, const struct theme *th, struct buf *out)
{
	struct counts c;
	struct value *ctx = value_map(), *keep = value_list(), *docs;
	size_t i;
	int rc;

	counts_make(in, &c);
	count_branches(in, theme_string(th, "report_no_branch"), &c);

	value_set(ctx, "lang", value_str(in->lang));
	value_set(ctx, "strings", strings(th));
	value_set(ctx, "files", text("%d", in->files));
	value_set(ctx, "records", text("%zu", in->nrecords));
	value_set(ctx, "rejected", text("%d", in->rejected));
	value_set(ctx, "duplicates", text("%d", in->duplicates));
	value_set(ctx, "learners", text("%zu", c.pp.n));
	value_set(ctx, "staff", value_bool(in->staff != NULL));
	value_set(ctx, "downloads", value_bool(in->downloads));
	value_set(ctx, "tests", chart(c.tests.v, c.tests.n));
	value_set(ctx, "branches", chart(c.branches.v, c.branches.n));
	if (in->staff)
		value_set(ctx, "not_passed", not_passed(&c.tests, &c.pp, c.status, th, keep));
	if (c.docs.n) {
		docs = value_set(value_set(ctx, "documents", value_map()), "rows", value_list());
		for (i = 0; i < c.docs.n; i++)
			value_push(docs, tally_row(&c.docs.v[i]));
	}
	rc = render_report(th, ctx, out);
	value_free(ctx);
	value_free(keep);
	counts_free(&c);
	return rc;
}
