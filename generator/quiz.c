#include "quiz.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "diag.h"
#include "fs.h"
#include "i18n.h"
#include "nearest.h"
#include "pool.h"
#include "records.h"
#include "theme.h"
#include "util.h"
#include "value.h"
#include "yaml.h"

/* quiz.js tries every combination of choices at review time: keep that small. */
#define MAX_CHOICES 10
#define MAX_ID 64

enum quiz_kind { KIND_TEST, KIND_SURVEY };
enum question_type { TYPE_SINGLE, TYPE_MULTIPLE, TYPE_TRUEFALSE };
enum review { REVIEW_AFTER_SUBMIT, REVIEW_AFTER_PASS, REVIEW_NEVER };

static const char *const kind_names[] = {"test", "survey", NULL};
static const char *const type_names[] = {"single", "multiple", "truefalse", NULL};
static const char *const review_names[] = {"after_submit", "after_pass", "never", NULL};

static const char *const quiz_keys[] = {"title", "description", "kind", "pass", "draw",
	"shuffle", "attempts", "review", "partial", "questions", "scale", "bands", NULL};
static const char *const test_only_keys[] = {"pass", "draw", "shuffle", "attempts", "review",
	"partial", NULL};
static const char *const survey_only_keys[] = {"scale", "bands", NULL};
static const char *const test_question_keys[] = {"id", "type", "group", "prompt", "choices",
	"answer", "explanation", "points", "partial", NULL};
static const char *const survey_question_keys[] = {"id", "group", "prompt", "advice", NULL};
static const char *const choice_keys[] = {"id", "text", "correct", "feedback", NULL};
static const char *const scale_keys[] = {"label", "points", NULL};
static const char *const band_keys[] = {"min", "label", "message", NULL};

/* Strings are borrowed from the quiz's YAML tree, which lives as long as the quiz. */
struct choice {
	const char *id, *text, *feedback;
	char idbuf[2]; /* the default id, a letter by position */
	int correct;
};

struct question {
	const char *id, *prompt, *explanation, *group, *advice;
	enum question_type type;
	long points;
	int partial;
	struct choice choices[MAX_CHOICES];
	size_t nchoices;
};

struct scale_step {
	const char *label;
	long points;
};

struct band {
	long min;
	const char *label, *message;
	const struct ynode *at; /* its min */
};

struct quiz {
	char *name; /* file name without .yaml: what lessons write in 'quiz:' */
	char *file; /* file name with .yaml */
	char *shown; /* path in diagnostics */
	char *text;
	struct ynode *root;
	int ok;
	const char *title, *description;
	enum quiz_kind kind;
	long pass, draw, attempts;
	int shuffle;
	enum review review;
	struct question *questions;
	size_t nquestions;
	struct scale_step *scale;
	size_t nscale;
	struct band *bands;
	size_t nbands;
	const char **groups;
	size_t ngroups;
	long *group_draw; /* a test's draw by group: questions asked from groups[i] (else NULL) */
	char salt[9];
	struct page *page;
	struct value *lessons; /* links to the lessons that offer this quiz (in the page data) */
	size_t first_use; /* reading order of the first page offering it; lists follow it */
	const struct page *offered; /* that page, or NULL when no page offers it */
};

struct quiz_set {
	struct quiz *quizzes;
	size_t n;
	struct quiz **order; /* the quizzes in the order learners meet them (add_index) */
};

static uint32_t
hash_joined(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static uint32_t
hash_joined(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	uint32_t h;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	h = hash_bytes32(b.data, b.len);
	buf_free(&b);
	return h;
}

uint32_t
quiz_answer_hash(const char *salt, const char *qid, const char *ids)
{
	return hash_joined("%s\n%s\n%s", salt, qid, ids);
}

uint32_t
quiz_choice_hash(const char *salt, const char *qid, const char *cid, int correct)
{
	return hash_joined("%s\n%s\n%s\n%d", salt, qid, cid, correct ? 1 : 0);
}

void
quiz_crypt(unsigned char *data, size_t len, const char *salt, const char *qid, const char *ids)
{
	uint32_t block = 0;
	size_t j;
	for (j = 0; j < len; j++) {
		if (j % 4 == 0)
			block = hash_joined("%s\n%s\n%s\n%zu", salt, qid, ids, j / 4);
		data[j] ^= (unsigned char)(block >> (8 * (j % 4)));
	}
}

char *
quiz_base64(const unsigned char *data, size_t len)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = xmalloc((len + 2) / 3 * 4 + 1), *o = out;
	size_t i;
	for (i = 0; i + 2 < len; i += 3) {
		uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
		*o++ = digits[v >> 18 & 63];
		*o++ = digits[v >> 12 & 63];
		*o++ = digits[v >> 6 & 63];
		*o++ = digits[v & 63];
	}
	if (i < len) {
		uint32_t v = (uint32_t)data[i] << 16 | (i + 1 < len ? (uint32_t)data[i + 1] << 8 : 0);
		*o++ = digits[v >> 18 & 63];
		*o++ = digits[v >> 12 & 63];
		*o++ = i + 1 < len ? digits[v >> 6 & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

int
quiz_band_gap(const long *mins, size_t n, long lo, long hi, long *gap_lo, long *gap_hi)
{
	long lowest = 0;
	size_t i;
	for (i = 0; i < n; i++)
		if (i == 0 || mins[i] < lowest)
			lowest = mins[i];
	if (n > 0 && lowest <= lo)
		return 0;
	*gap_lo = lo;
	*gap_hi = n > 0 && lowest - 1 < hi ? lowest - 1 : hi;
	return 1;
}

/* The index of s in a NULL-terminated list of names, or -1. */
static int
name_index(const char *const *names, const char *s)
{
	int i;
	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static const struct ynode *
key_node(const struct ynode *map, const char *key)
{
	size_t i;
	for (i = 0; map && map->kind == YNODE_MAP && i < map->n; i++)
		if (!strcmp(map->keys[i]->str, key))
			return map->keys[i];
	return NULL;
}

static int
is_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			return 0;
	return 1;
}

/* A text value; null gives "". -1 after reporting a list or mapping. */
static int
get_text(const char *file, const struct ynode *n, const char *what, const char **out)
{
	if (yaml_string(file, n, what, out) < 0)
		return -1;
	if (ynode_is_null(n))
		*out = "";
	return 0;
}

/*
 * Report a required key missing from map, unless map has a key outside allowed: that one was
 * reported as unknown already and is most likely the missing key misspelt. fmt is translated
 * here, as diag_error's is.
 */
static void
missing(const char *file, const struct ynode *map, const char *const *allowed, const char *fmt,
	...) __attribute__((format(printf, 4, 5)));

static void
missing(const char *file, const struct ynode *map, const char *const *allowed, const char *fmt,
	...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	size_t i;
	for (i = 0; map->kind == YNODE_MAP && i < map->n; i++)
		if (name_index(allowed, map->keys[i]->str) < 0)
			return;
	va_start(ap, fmt);
	buf_vprintf(&b, _(fmt), ap);
	va_end(ap);
	diag_error(file, map->line, map->col, "%s", buf_cstr(&b));
	buf_free(&b);
}

/*
 * A required, non-empty text under key; missing and empty are reported with whose text it is
 * (translated: "choice", "question 'a'").
 */
static int
need_text(const char *file, const struct ynode *map, const char *const *allowed, const char *key,
	const char *whose, const char **out)
{
	const struct ynode *v = ynode_get(map, key);
	if (!v) {
		/* TRANSLATORS: the first %s is what lacks the key: "choice", "question 'a'". */
		missing(file, map, allowed, "%s has no '%s'", whose, key);
		return -1;
	}
	if (get_text(file, v, key, out) < 0)
		return -1;
	if (is_blank(*out)) {
		/* TRANSLATORS: the first %s is whose the key is: "choice", "question 'a'". */
		diag_error(file, v->line, v->col, "%s has an empty '%s'", whose, key);
		return -1;
	}
	return 0;
}

static int
valid_id(const char *s)
{
	size_t n = 0;
	for (; *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
			    *s == '-' || *s == '_'))
			return 0;
	return n > 0 && n <= MAX_ID;
}

/* A question's id, or a choice's: letters, digits, '-', '_'. */
static int
get_id(const char *file, const struct ynode *n, int choice, const char **out)
{
	if (get_text(file, n, choice ? _("choice id") : _("question id"), out) < 0)
		return -1;
	if (valid_id(*out))
		return 0;
	if (choice)
		diag_error(file, n->line, n->col,
			"choice id '%s' must be 1 to %d ASCII letters, digits, '-' or '_'", *out, MAX_ID);
	else
		diag_error(file, n->line, n->col,
			"question id '%s' must be 1 to %d ASCII letters, digits, '-' or '_'", *out,
			MAX_ID);
	return -1;
}

static int
parse_choice(const struct quiz *q, const char *label, const struct ynode *n, struct choice *c,
	size_t index)
{
	const char *f = q->shown;
	const struct ynode *v;
	int rc = 0;
	c->idbuf[0] = (char)('a' + index);
	c->id = c->idbuf;
	if (n->kind == YNODE_SCALAR) {
		/* Shorthand: a wrong choice given as its text alone. */
		c->text = ynode_is_null(n) ? "" : n->str;
		if (is_blank(c->text)) {
			/* TRANSLATORS: %s is the question: "question 'a'" or "question 3". */
			diag_error(f, n->line, n->col, "choice %zu of %s is empty", index + 1, label);
			return -1;
		}
		return 0;
	}
	if (yaml_expect(f, n, YNODE_MAP, _("choice")) < 0)
		return -1;
	rc |= yaml_check_keys(f, n, choice_keys);
	if (need_text(f, n, choice_keys, "text", _("choice"), &c->text) < 0)
		rc = -1;
	if ((v = ynode_get(n, "id")) && get_id(f, v, 1, &c->id) < 0)
		rc = -1;
	if ((v = ynode_get(n, "correct")) && yaml_bool(f, v, "correct", &c->correct) < 0)
		rc = -1;
	if ((v = ynode_get(n, "feedback")) && get_text(f, v, "feedback", &c->feedback) < 0)
		rc = -1;
	return rc;
}

static int
parse_choices(const struct quiz *q, struct question *qu, const char *label,
	const struct ynode *list)
{
	const char *f = q->shown;
	struct strmap texts = STRMAP_INIT, ids = STRMAP_INIT;
	size_t i, ncorrect = 0;
	int rc = 0;
	if (yaml_expect(f, list, YNODE_SEQ, "choices") < 0)
		return -1;
	if (list->n == 1) {
		diag_error(f, list->line, list->col, "%s has only one choice; it needs at least two",
			label);
		return -1;
	}
	if (list->n == 0) {
		diag_error(f, list->line, list->col, "%s has no choices; it needs at least two",
			label);
		return -1;
	}
	if (list->n > MAX_CHOICES) {
		diag_error(f, list->line, list->col, "%s has %zu choices; at most %d are allowed",
			label, list->n, MAX_CHOICES);
		return -1;
	}
	if (qu->type == TYPE_TRUEFALSE && list->n != 2) {
		diag_error(f, list->line, list->col, "'truefalse' %s has %zu choices; it needs exactly "
			"two", label, list->n);
		return -1;
	}
	qu->nchoices = list->n;
	for (i = 0; i < list->n; i++) {
		struct choice *c = &qu->choices[i];
		const struct ynode *n = list->items[i], *at, *prev;
		if (parse_choice(q, label, n, c, i) < 0) {
			rc = -1;
			continue;
		}
		at = n->kind == YNODE_MAP ? ynode_get(n, "text") : n;
		if ((prev = strmap_put(&texts, c->text, (void *)at))) {
			diag_error(f, at->line, at->col, "duplicate choice '%s' in %s (first at line %d)",
				c->text, label, prev->line);
			strmap_put(&texts, c->text, (void *)prev);
			rc = -1;
		}
		at = ynode_get(n, "id") ? ynode_get(n, "id") : n;
		if ((prev = strmap_put(&ids, c->id, (void *)at))) {
			diag_error(f, at->line, at->col, "duplicate choice id '%s' in %s (first at line %d)",
				c->id, label, prev->line);
			strmap_put(&ids, c->id, (void *)prev);
			rc = -1;
		}
		ncorrect += c->correct != 0;
	}
	/* Counting correct choices only means something when every choice was read. */
	if (rc == 0 && ncorrect == 0) {
		diag_error(f, list->line, list->col, "%s has no correct choice", label);
		rc = -1;
	} else if (rc == 0 && qu->type != TYPE_MULTIPLE && ncorrect > 1) {
		diag_error(f, list->line, list->col, "'%s' %s has %zu correct choices; it needs "
			"exactly one", type_names[qu->type], label, ncorrect);
		rc = -1;
	}
	strmap_free(&texts);
	strmap_free(&ids);
	return rc;
}

/* The parts of a test question after its id and prompt. */
static int
parse_test_question(const struct quiz *q, const struct ynode *n, struct question *qu,
	const char *label, int partial)
{
	const char *f = q->shown, *s;
	const struct ynode *v, *k;
	int rc = 0, answer, t;
	qu->points = 1;
	qu->partial = partial;
	if ((v = ynode_get(n, "points")) && yaml_int(f, v, "points", 1, 100, &qu->points) < 0)
		rc = -1;
	if ((v = ynode_get(n, "explanation")) && get_text(f, v, "explanation", &qu->explanation) < 0)
		rc = -1;
	else if (!v)
		/* Learners who got it wrong are left without the why: worth a warning. */
		diag_warning(f, n->line, n->col, "question '%s' has no explanation", qu->id);
	if ((v = ynode_get(n, "type"))) {
		if (get_text(f, v, "type", &s) < 0)
			return -1;
		if ((t = name_index(type_names, s)) < 0) {
			diag_error(f, v->line, v->col, "unknown question type '%s'; use single, multiple "
				"or truefalse", s);
			return -1; /* what else to expect depends on the type */
		}
		qu->type = (enum question_type)t;
	}
	if ((v = ynode_get(n, "partial"))) {
		k = key_node(n, "partial");
		if (yaml_bool(f, v, "partial", &qu->partial) < 0) {
			rc = -1;
		} else if (qu->type != TYPE_MULTIPLE) {
			diag_error(f, k->line, k->col, "'partial' is only for 'multiple' questions");
			rc = -1;
		}
	}
	/* A truefalse question is either 'answer: true|false' or two choices, one correct. */
	if (qu->type == TYPE_TRUEFALSE && ynode_get(n, "answer") && (k = key_node(n, "choices"))) {
		diag_error(f, k->line, k->col, "'truefalse' %s has both 'answer' and 'choices'; keep "
			"one of them", label);
		return -1;
	}
	if (qu->type == TYPE_TRUEFALSE && !ynode_get(n, "choices")) {
		if (!(v = ynode_get(n, "answer"))) {
			missing(f, n, test_question_keys, "'truefalse' %s has no 'answer' (true or "
				"false) and no 'choices'", label);
			return -1;
		}
		if (yaml_bool(f, v, "answer", &answer) < 0)
			return -1;
		qu->nchoices = 2;
		qu->choices[0].id = "true";
		qu->choices[0].correct = answer;
		qu->choices[1].id = "false";
		qu->choices[1].correct = !answer;
		return rc;
	}
	if (qu->type != TYPE_TRUEFALSE && (k = key_node(n, "answer"))) {
		diag_error(f, k->line, k->col, "'answer' is only for 'truefalse' questions; mark the "
			"right choices with 'correct: true'");
		rc = -1;
	}
	if (!(v = ynode_get(n, "choices"))) {
		missing(f, n, test_question_keys, "%s has no 'choices'", label);
		return -1;
	}
	if (parse_choices(q, qu, label, v) < 0)
		rc = -1;
	return rc;
}

static int
parse_question(struct quiz *q, const struct ynode *n, size_t index, struct strmap *ids,
	int partial)
{
	const char *f = q->shown;
	struct question *qu = &q->questions[index];
	const char *const *keys = q->kind == KIND_TEST ? test_question_keys : survey_question_keys;
	const struct ynode *v, *prev;
	char *label = NULL;
	int rc = 0;
	if (yaml_expect(f, n, YNODE_MAP, _("question")) < 0)
		return -1;
	rc |= yaml_check_keys(f, n, keys);
	if (!(v = ynode_get(n, "id"))) {
		missing(f, n, keys, "question %zu has no 'id'", index + 1);
		rc = -1;
	} else if (get_id(f, v, 0, &qu->id) < 0) {
		rc = -1;
	} else if ((prev = strmap_put(ids, qu->id, (void *)v))) {
		diag_error(f, v->line, v->col, "duplicate question id '%s' (first at line %d)", qu->id,
			prev->line);
		strmap_put(ids, qu->id, (void *)prev);
		rc = -1;
	}
	/* TRANSLATORS: a question as other messages name it, by its id or by its number. */
	label = qu->id ? xasprintf(_("question '%s'"), qu->id) :
		xasprintf(_("question %zu"), index + 1);
	if (need_text(f, n, keys, "prompt", label, &qu->prompt) < 0)
		rc = -1;
	if (q->kind == KIND_TEST) {
		if (parse_test_question(q, n, qu, label, partial) < 0)
			rc = -1;
		if ((v = ynode_get(n, "group")) && need_text(f, n, keys, "group", label, &qu->group) < 0)
			rc = -1;
	} else {
		if ((v = ynode_get(n, "group")) && need_text(f, n, keys, "group", label, &qu->group) < 0)
			rc = -1;
		if ((v = ynode_get(n, "advice")) && get_text(f, v, "advice", &qu->advice) < 0)
			rc = -1;
	}
	free(label);
	return rc;
}

static int
parse_scale(struct quiz *q, const struct ynode *list)
{
	const char *f = q->shown;
	struct strmap labels = STRMAP_INIT;
	size_t i, j;
	int rc = 0;
	if (yaml_expect(f, list, YNODE_SEQ, "scale") < 0)
		return -1;
	if (list->n < 2) {
		diag_error(f, list->line, list->col, ngettext("'scale' has %zu answer; it needs at "
			"least two", "'scale' has %zu answers; it needs at least two", list->n),
			list->n);
		return -1;
	}
	q->scale = xcalloc(list->n, sizeof *q->scale);
	for (i = 0; i < list->n; i++) {
		const struct ynode *n = list->items[i], *v, *prev;
		struct scale_step *st = &q->scale[i];
		int ok = 1;
		if (yaml_expect(f, n, YNODE_MAP, _("scale answer")) < 0) {
			rc = -1;
			continue;
		}
		if (yaml_check_keys(f, n, scale_keys) < 0)
			rc = -1;
		if (need_text(f, n, scale_keys, "label", _("scale answer"), &st->label) < 0) {
			rc = -1;
		} else if ((prev = strmap_put(&labels, st->label, (void *)ynode_get(n, "label")))) {
			v = ynode_get(n, "label");
			diag_error(f, v->line, v->col, "duplicate scale answer '%s' (first at line %d)",
				st->label, prev->line);
			strmap_put(&labels, st->label, (void *)prev);
			rc = -1;
		}
		if (!(v = ynode_get(n, "points"))) {
			missing(f, n, scale_keys, "scale answer has no 'points'");
			ok = 0;
		} else if (yaml_int(f, v, "points", -100, 100, &st->points) < 0) {
			ok = 0;
		}
		for (j = 0; ok && j < i; j++)
			if (q->scale[j].label && q->scale[j].points == st->points) {
				diag_error(f, v->line, v->col, "two scale answers give %ld points", st->points);
				ok = 0;
			}
		if (!ok) {
			st->label = NULL; /* not counted in the totals */
			rc = -1;
		}
	}
	q->nscale = list->n;
	strmap_free(&labels);
	return rc;
}

static int
parse_bands(struct quiz *q, const struct ynode *list)
{
	const char *f = q->shown;
	size_t i, j;
	int rc = 0;
	if (yaml_expect(f, list, YNODE_SEQ, "bands") < 0)
		return -1;
	if (list->n == 0) {
		diag_error(f, list->line, list->col, "'bands' is empty");
		return -1;
	}
	q->bands = xcalloc(list->n, sizeof *q->bands);
	for (i = 0; i < list->n; i++) {
		const struct ynode *n = list->items[i], *v;
		struct band *b = &q->bands[q->nbands];
		int ok = 1;
		if (yaml_expect(f, n, YNODE_MAP, _("band")) < 0) {
			rc = -1;
			continue;
		}
		if (yaml_check_keys(f, n, band_keys) < 0)
			rc = -1;
		if (need_text(f, n, band_keys, "label", _("band"), &b->label) < 0)
			rc = -1;
		if ((v = ynode_get(n, "message")) && get_text(f, v, "message", &b->message) < 0)
			rc = -1;
		if (!(v = ynode_get(n, "min"))) {
			missing(f, n, band_keys, "band has no 'min'");
			ok = 0;
		} else if (yaml_int(f, v, "min", -100000, 100000, &b->min) < 0) {
			ok = 0;
		}
		for (j = 0; ok && j < q->nbands; j++)
			if (q->bands[j].min == b->min) {
				diag_error(f, v->line, v->col, "two bands start at %ld", b->min);
				ok = 0;
			}
		b->at = v;
		if (ok)
			q->nbands++;
		else
			rc = -1;
	}
	return rc;
}

static int
cmp_band(const void *a, const void *b)
{
	const struct band *x = a, *y = b;
	return x->min > y->min ? -1 : x->min < y->min;
}

/* Survey checks that need the whole file: groups on all questions or none, band coverage. */
static int
check_survey(struct quiz *q, const struct ynode *bands_node)
{
	const char *f = q->shown;
	const struct ynode *list = ynode_get(q->root, "questions");
	long lo = 0, hi = 0, step_lo = 0, step_hi = 0, gap_lo, gap_hi, *mins;
	size_t i, j, grouped = 0;
	int rc = 0;
	for (i = 0; i < q->nquestions; i++)
		grouped += q->questions[i].group != NULL;
	for (i = 0; grouped && i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];
		if (qu->group) {
			for (j = 0; j < q->ngroups && strcmp(q->groups[j], qu->group); j++)
				;
			if (j == q->ngroups) {
				q->groups = xrealloc(q->groups, (q->ngroups + 1) * sizeof *q->groups);
				q->groups[q->ngroups++] = qu->group;
			}
		} else {
			diag_error(f, list->items[i]->line, list->items[i]->col, "question '%s' has no "
				"'group' (the other questions have one)", qu->id);
			rc = -1;
		}
	}
	if (!bands_node || !q->nscale || rc < 0)
		return rc;
	for (i = 0; i < q->nscale; i++) {
		if (!q->scale[i].label)
			return -1; /* reported already: the totals are unknown */
		if (i == 0 || q->scale[i].points < step_lo)
			step_lo = q->scale[i].points;
		if (i == 0 || q->scale[i].points > step_hi)
			step_hi = q->scale[i].points;
	}
	lo = step_lo * (long)q->nquestions;
	hi = step_hi * (long)q->nquestions;
	mins = xcalloc(q->nbands, sizeof *mins);
	for (i = 0; i < q->nbands; i++) {
		mins[i] = q->bands[i].min;
		if (mins[i] > hi) {
			diag_error(f, q->bands[i].at->line, q->bands[i].at->col, "band '%s' starts at "
				"%ld, above the highest possible total %ld", q->bands[i].label, mins[i], hi);
			rc = -1;
		}
	}
	if (quiz_band_gap(mins, q->nbands, lo, hi, &gap_lo, &gap_hi)) {
		diag_error(f, bands_node->line, bands_node->col, "bands do not cover totals from %ld to "
			"%ld: nothing covers %ld to %ld", lo, hi, gap_lo, gap_hi);
		rc = -1;
	}
	free(mins);
	qsort(q->bands, q->nbands, sizeof *q->bands, cmp_band);
	return rc;
}

/*
 * draw: {GROUP: N, ...}: N questions drawn from each group in every sitting, so that each part
 * of the course is asked about every time (as an LMS draws from question categories). Every
 * question names one of the groups, and no group is asked for more than it holds.
 */
static int
draw_by_group(struct quiz *q, const struct ynode *map)
{
	const char *f = q->shown;
	const struct ynode *list = ynode_get(q->root, "questions");
	size_t i, j, *have;
	int rc = 0;
	q->groups = xcalloc(map->n, sizeof *q->groups);
	q->group_draw = xcalloc(map->n, sizeof *q->group_draw);
	for (i = 0; i < map->n; i++) {
		const struct ynode *k = map->keys[i], *v = map->items[i];
		if (yaml_int(f, v, "draw", 1, 100000, &q->group_draw[q->ngroups]) < 0) {
			rc = -1;
			continue;
		}
		q->groups[q->ngroups++] = k->str;
		q->draw += q->group_draw[q->ngroups - 1];
	}
	have = xcalloc(q->ngroups, sizeof *have);
	for (i = 0; i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];
		const struct ynode *at = list->items[i];
		for (j = 0; qu->group && j < q->ngroups && strcmp(q->groups[j], qu->group); j++)
			;
		if (!qu->group) {
			diag_error(f, at->line, at->col, "question '%s' has no 'group', and 'draw' draws "
				"by group", qu->id);
			rc = -1;
		} else if (j == q->ngroups) {
			diag_error(f, at->line, at->col, "question '%s' is in group '%s', which 'draw' "
				"does not name", qu->id, qu->group);
			rc = -1;
		} else {
			have[j]++;
		}
	}
	for (j = 0; j < q->ngroups; j++)
		if ((size_t)q->group_draw[j] > have[j]) {
			const struct ynode *v = ynode_get(map, q->groups[j]);
			diag_error(f, v->line, v->col, ngettext("'draw' asks %ld from group '%s', which "
				"has only %zu question", "'draw' asks %ld from group '%s', which has only "
				"%zu questions", have[j]), q->group_draw[j], q->groups[j], have[j]);
			rc = -1;
		}
	free(have);
	return rc;
}

static int
parse_quiz(struct quiz *q, long default_pass)
{
	const char *f = q->shown, *s;
	const struct ynode *root = q->root, *v, *bands = NULL;
	const char *const *wrong;
	struct strmap ids = STRMAP_INIT;
	int rc = 0, t, partial = 0, questions_ok = 0;
	size_t i;

	q->pass = default_pass;
	if (yaml_expect(f, root, YNODE_MAP, _("quiz file")) < 0)
		return -1;
	rc |= yaml_check_keys(f, root, quiz_keys);
	if (!(v = ynode_get(root, "title"))) {
		missing(f, root, quiz_keys, "quiz has no 'title'");
		rc = -1;
	} else if (get_text(f, v, "title", &q->title) < 0) {
		rc = -1;
	} else if (is_blank(q->title)) {
		diag_error(f, v->line, v->col, "quiz has an empty 'title'");
		rc = -1;
	}
	if ((v = ynode_get(root, "description")) &&
	    get_text(f, v, "description", &q->description) < 0)
		rc = -1;
	if ((v = ynode_get(root, "kind"))) {
		if (get_text(f, v, "kind", &s) < 0) {
			return -1;
		} else if ((t = name_index(kind_names, s)) < 0) {
			diag_error(f, v->line, v->col, "unknown quiz kind '%s'; use test or survey", s);
			return -1; /* every other check depends on the kind */
		}
		q->kind = (enum quiz_kind)t;
	}
	wrong = q->kind == KIND_TEST ? survey_only_keys : test_only_keys;
	for (i = 0; i < root->n; i++)
		if (name_index(wrong, root->keys[i]->str) >= 0) {
			const struct ynode *k = root->keys[i];
			if (q->kind == KIND_TEST)
				diag_error(f, k->line, k->col, "'%s' is only for surveys (kind: survey)",
					k->str);
			else
				diag_error(f, k->line, k->col, "'%s' is only for tests (kind: test)",
					k->str);
			rc = -1;
		}
	if (q->kind == KIND_TEST) {
		if ((v = ynode_get(root, "pass")) && yaml_int(f, v, "pass", 0, 100, &q->pass) < 0)
			rc = -1;
		if ((v = ynode_get(root, "shuffle")) && yaml_bool(f, v, "shuffle", &q->shuffle) < 0)
			rc = -1;
		if ((v = ynode_get(root, "partial")) && yaml_bool(f, v, "partial", &partial) < 0)
			rc = -1;
		if ((v = ynode_get(root, "attempts")) &&
		    yaml_int(f, v, "attempts", 0, 1000, &q->attempts) < 0)
			rc = -1;
		if ((v = ynode_get(root, "review"))) {
			if (get_text(f, v, "review", &s) < 0) {
				rc = -1;
			} else if ((t = name_index(review_names, s)) < 0) {
				diag_error(f, v->line, v->col, "unknown review setting '%s'; use "
					"after_submit, after_pass or never", s);
				rc = -1;
			} else {
				q->review = (enum review)t;
			}
		}
	} else {
		if (!(v = ynode_get(root, "scale"))) {
			missing(f, root, quiz_keys, "survey has no 'scale'");
			rc = -1;
		} else if (parse_scale(q, v) < 0) {
			rc = -1;
		}
		if ((bands = ynode_get(root, "bands")) && parse_bands(q, bands) < 0) {
			bands = NULL; /* no coverage check on bands that could not be read */
			rc = -1;
		}
	}

	if (!(v = ynode_get(root, "questions"))) {
		missing(f, root, quiz_keys, "quiz has no 'questions'");
		rc = -1;
	} else if (yaml_expect(f, v, YNODE_SEQ, "questions") < 0) {
		rc = -1;
	} else if (v->n == 0) {
		diag_error(f, v->line, v->col, "'questions' is empty");
		rc = -1;
	} else {
		q->nquestions = v->n;
		q->questions = xcalloc(v->n, sizeof *q->questions);
		questions_ok = 1;
		for (i = 0; i < v->n; i++)
			if (parse_question(q, v->items[i], i, &ids, partial) < 0)
				questions_ok = 0;
		if (!questions_ok)
			rc = -1;
	}
	strmap_free(&ids);

	if (q->kind == KIND_TEST && (v = ynode_get(root, "draw")) && v->kind == YNODE_MAP) {
		if (questions_ok && draw_by_group(q, v) < 0)
			rc = -1;
	} else if (q->kind == KIND_TEST && v) {
		if (yaml_int(f, v, "draw", 1, 100000, &q->draw) < 0) {
			rc = -1;
		} else if (q->nquestions && (size_t)q->draw > q->nquestions) {
			diag_error(f, v->line, v->col, ngettext("'draw' is %ld but the pool has only %zu "
				"question", "'draw' is %ld but the pool has only %zu questions",
				q->nquestions), q->draw, q->nquestions);
			rc = -1;
		}
	}
	if (q->kind == KIND_SURVEY && questions_ok && check_survey(q, bands) < 0)
		rc = -1;
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The question's correct choice ids, sorted and joined by ',': the key of its answer. */
static char *
answer_ids(const struct question *qu)
{
	const char *ids[MAX_CHOICES];
	struct buf b = BUF_INIT;
	size_t i, n = 0;
	for (i = 0; i < qu->nchoices; i++)
		if (qu->choices[i].correct)
			ids[n++] = qu->choices[i].id;
	qsort(ids, n, sizeof *ids, cmp_str);
	for (i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, ',');
		buf_puts(&b, ids[i]);
	}
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

static struct value *
take(char *s)
{
	return value_str_take(s, strlen(s));
}

static struct value *
hex_value(uint32_t h)
{
	char s[9];
	snprintf(s, sizeof s, "%08x", (unsigned)h);
	return value_str(s);
}

/* The question's explanation and feedback, encrypted with its answer as the key; NULL if none. */
static struct value *
sealed_review(const struct quiz *q, const struct question *qu, const char *ids)
{
	struct value *plain = value_map(), *fb = value_map(), *out = NULL;
	struct buf b = BUF_INIT;
	size_t i;
	if (qu->explanation && *qu->explanation)
		value_set(plain, "e", value_str(qu->explanation));
	for (i = 0; i < qu->nchoices; i++)
		if (qu->choices[i].feedback && *qu->choices[i].feedback)
			value_set(fb, qu->choices[i].id, value_str(qu->choices[i].feedback));
	if (fb->n)
		value_set(plain, "f", fb);
	else
		value_free(fb);
	if (plain->n) {
		value_json(plain, &b);
		quiz_crypt((unsigned char *)b.data, b.len, q->salt, qu->id, ids);
		out = take(quiz_base64((unsigned char *)b.data, b.len));
	}
	buf_free(&b);
	value_free(plain);
	return out;
}

static const char *
choice_text(const struct choice *c, const struct theme *t)
{
	if (c->text)
		return c->text;
	return theme_string(t, !strcmp(c->id, "true") ? "quiz_true" : "quiz_false");
}

/* What quiz.js reads: settings, hashes, sealed reviews and the interface strings. */
static char *
config_json(const struct quiz *q, const struct theme *t)
{
	struct value *c = value_map(), *qs, *strings;
	const struct value *all = theme_strings(t);
	struct buf b = BUF_INIT;
	size_t i, j;
	value_set(c, "id", value_str(q->name));
	value_set(c, "kind", value_str(kind_names[q->kind]));
	value_set(c, "title", value_str(q->title));
	value_set(c, "page", value_str(q->page->out));
	if (q->kind == KIND_TEST) {
		value_set(c, "pass", value_num((double)q->pass));
		value_set(c, "draw", value_num((double)q->draw));
		if (q->group_draw) {
			struct value *l = value_set(c, "draws", value_list()), *g;
			g = value_set(c, "groups", value_list());
			for (i = 0; i < q->ngroups; i++) {
				value_push(l, value_num((double)q->group_draw[i]));
				value_push(g, value_str(q->groups[i]));
			}
		}
		value_set(c, "shuffle", value_bool(q->shuffle));
		value_set(c, "attempts", value_num((double)q->attempts));
		value_set(c, "review", value_str(review_names[q->review]));
		value_set(c, "salt", value_str(q->salt));
	}
	qs = value_set(c, "questions", value_list());
	for (i = 0; i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];
		struct value *e = value_push(qs, value_map()), *ch, *x;
		char *ids;
		value_set(e, "id", value_str(qu->id));
		if (q->kind == KIND_SURVEY) {
			for (j = 0; qu->group && strcmp(q->groups[j], qu->group); j++)
				;
			value_set(e, "group", qu->group ? value_num((double)j) : value_null());
			value_set(e, "advice", value_str(qu->advice ? qu->advice : ""));
			continue;
		}
		if (q->group_draw) {
			for (j = 0; strcmp(q->groups[j], qu->group); j++)
				;
			value_set(e, "group", value_num((double)j));
		}
		value_set(e, "type", value_str(type_names[qu->type]));
		value_set(e, "points", value_num((double)qu->points));
		value_set(e, "partial", value_bool(qu->partial));
		ch = value_set(e, "choices", value_list());
		for (j = 0; j < qu->nchoices; j++)
			value_push(ch, value_str(qu->choices[j].id));
		ids = answer_ids(qu);
		value_set(e, "h", hex_value(quiz_answer_hash(q->salt, qu->id, ids)));
		if (qu->partial) {
			ch = value_set(e, "ch", value_list());
			for (j = 0; j < qu->nchoices; j++)
				value_push(ch, hex_value(quiz_choice_hash(q->salt, qu->id,
					qu->choices[j].id, qu->choices[j].correct)));
		}
		if ((x = sealed_review(q, qu, ids)))
			value_set(e, "x", x);
		free(ids);
	}
	if (q->kind == KIND_SURVEY) {
		struct value *l = value_set(c, "scale", value_list());
		long lo = 0, hi = 0;
		for (i = 0; i < q->nscale; i++) {
			struct value *e = value_push(l, value_map());
			value_set(e, "label", value_str(q->scale[i].label));
			value_set(e, "points", value_num((double)q->scale[i].points));
			if (i == 0 || q->scale[i].points < lo)
				lo = q->scale[i].points;
			if (i == 0 || q->scale[i].points > hi)
				hi = q->scale[i].points;
		}
		value_set(c, "min", value_num((double)(lo * (long)q->nquestions)));
		value_set(c, "max", value_num((double)(hi * (long)q->nquestions)));
		value_set(c, "top", value_num((double)hi));
		l = value_set(c, "groups", value_list());
		for (i = 0; i < q->ngroups; i++)
			value_push(l, value_str(q->groups[i]));
		l = value_set(c, "bands", value_list());
		for (i = 0; i < q->nbands; i++) {
			struct value *e = value_push(l, value_map());
			value_set(e, "min", value_num((double)q->bands[i].min));
			value_set(e, "label", value_str(q->bands[i].label));
			value_set(e, "message", value_str(q->bands[i].message ? q->bands[i].message : ""));
		}
	}
	/* The interface strings the script shows, "quiz_" taken off their keys. */
	strings = value_set(c, "strings", value_map());
	for (i = 0; all && i < all->n; i++)
		if (str_starts(all->keys[i], "quiz_") && all->items[i]->kind == VALUE_STR)
			value_set(strings, all->keys[i] + 5, value_str(all->items[i]->str));
	value_json(c, &b);
	value_free(c);
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

/* {{data}} of a quiz page: the questions to render and the configuration for quiz.js. */
static struct value *
page_data(const struct project *p, const struct quiz *q, const struct theme *t)
{
	struct value *d = value_map(), *qs;
	size_t i, j, asked = q->draw ? (size_t)q->draw : q->nquestions;
	value_set(d, "id", value_str(q->name));
	value_set(d, "title", value_str(q->title));
	if (q->description && *q->description)
		value_set(d, "description", value_str(q->description));
	value_set(d, "kind", value_str(kind_names[q->kind]));
	value_set(d, "is_test", value_bool(q->kind == KIND_TEST));
	value_set(d, "is_survey", value_bool(q->kind == KIND_SURVEY));
	value_set(d, "count", value_num((double)asked));
	value_set(d, "pool", value_num((double)q->nquestions));
	value_set(d, "has_draw", value_bool(q->draw > 0 && (size_t)q->draw < q->nquestions));
	if (q->kind == KIND_TEST) {
		value_set(d, "pass", value_num((double)q->pass));
		value_set(d, "has_attempt_limit", value_bool(q->attempts > 0));
		value_set(d, "attempts", value_num((double)q->attempts));
		/* the 受講記録 a passed test asks for (records.c's fields) */
		value_set(d, "learner_fields", records_learner_fields(p));
	}
	qs = value_set(d, "questions", value_list());
	for (i = 0; i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];
		struct value *e = value_push(qs, value_map()), *ch;
		char *dom = xasprintf("q-%s", qu->id);
		int multiple = q->kind == KIND_TEST && qu->type == TYPE_MULTIPLE;
		value_set(e, "id", value_str(qu->id));
		value_set(e, "number", value_num((double)(i + 1)));
		value_set(e, "dom", value_str(dom));
		value_set(e, "name", value_str(dom));
		value_set(e, "prompt", value_str(qu->prompt));
		if (qu->group && q->kind == KIND_SURVEY) /* a test's groups only steer the draw */
			value_set(e, "group", value_str(qu->group));
		value_set(e, "multiple", value_bool(multiple));
		value_set(e, "input", value_str(multiple ? "checkbox" : "radio"));
		if (q->kind == KIND_TEST)
			value_set(e, "points", value_num((double)qu->points));
		ch = value_set(e, "choices", value_list());
		if (q->kind == KIND_SURVEY) {
			for (j = 0; j < q->nscale; j++) {
				struct value *c = value_push(ch, value_map());
				char id[24];
				snprintf(id, sizeof id, "s%zu", j);
				value_set(c, "id", value_str(id));
				value_set(c, "dom", take(xasprintf("%s-%s", dom, id)));
				value_set(c, "text", value_str(q->scale[j].label));
			}
		} else {
			for (j = 0; j < qu->nchoices; j++) {
				struct value *c = value_push(ch, value_map());
				value_set(c, "id", value_str(qu->choices[j].id));
				value_set(c, "dom", take(xasprintf("%s-%s", dom,
					qu->choices[j].id)));
				value_set(c, "text", value_str(choice_text(&qu->choices[j], t)));
			}
		}
		free(dom);
	}
	if (q->ngroups) {
		struct value *g = value_set(d, "groups", value_list());
		for (i = 0; i < q->ngroups; i++)
			value_push(g, value_str(q->groups[i]));
	}
	return d;
}

static void
quiz_release(struct quiz *q)
{
	free(q->name);
	free(q->file);
	free(q->shown);
	free(q->text);
	ynode_free(q->root);
	free(q->questions);
	free(q->scale);
	free(q->bands);
	free(q->groups);
	free(q->group_draw);
}

/*
 * Reading the quizzes: each file read and parsed on any thread (load_quiz), nothing of the
 * project changed; then taken in file order (take_quiz), which prints what reading found and
 * notes the source in the build id, in load order.
 */
struct quiz_read {
	struct project *p; /* load_quiz only reads it; take_quiz notes the sources in it */
	char **names;
	struct quiz_set *qs;
	struct quiz_item {
		struct quiz q;
		int is, read; /* is: a quiz file; read: it was read */
		size_t len;
		time_t mtime;
		struct diag_log log;
	} *items;
};

static void
load_quiz(void *ud, int thread, size_t i)
{
	struct quiz_read *qr = ud;
	struct quiz_item *it = &qr->items[i];
	struct quiz *q = &it->q;
	const char *file = qr->names[i];
	char *path;
	(void)thread;
	if (!content_is_yaml(file)) /* inventory names what is left */
		return;
	path = fs_join("quizzes", file);
	if (!fs_is_dir(path)) {
		it->is = 1;
		q->file = xstrdup(file);
		q->name = content_stem(file);
		q->shown = xasprintf("%s%s", qr->p->prefix, path);
		diag_capture(&it->log);
		if (fs_read_source(path, q->shown, &q->text, &it->len, &it->mtime) == 0) {
			it->read = 1;
			snprintf(q->salt, sizeof q->salt, "%08x",
				(unsigned)hash_bytes32(q->text, it->len));
			if ((q->root = yaml_load(q->shown, q->text, it->len, 0)))
				q->ok = parse_quiz(q, qr->p->site.quiz_pass) == 0;
		}
		diag_capture(NULL);
	}
	free(path);
}

static void
take_quiz(void *ud, size_t i)
{
	struct quiz_read *qr = ud;
	struct quiz_item *it = &qr->items[i];
	char *path;
	if (!it->is)
		return;
	diag_flush(&it->log);
	path = fs_join("quizzes", it->q.file);
	content_note_read(qr->p, path, it->read ? it->q.text : NULL, it->len,
		it->mtime);
	free(path);
	qr->qs->quizzes[qr->qs->n++] = it->q; /* moved: no part of it points into it */
	it->is = 0;
}

static struct value *
link_to(const struct page *pg)
{
	struct value *v = value_map();
	value_set(v, "title", value_str(pg->title));
	value_set(v, "href", value_str(pg->out));
	return v;
}

/* A 'quiz:' that names no quiz, with the nearest name when one is close. */
static void
unknown_quiz(const struct quiz_set *qs, const struct page *pg)
{
	struct nearest nr;
	size_t j;
	char *hint;
	nearest_begin(&nr, pg->quiz);
	for (j = 0; j < qs->n; j++)
		nearest_offer(&nr, qs->quizzes[j].name);
	hint = nearest_hint(nr.best);
	diag_error(pg->shown, pg->quiz_line, pg->quiz_col, "unknown quiz '%s': there is no "
		"quizzes/%s.yaml%s", pg->quiz, pg->quiz, hint);
	free(hint);
}

/* Point each lesson's 'quiz:' at its quiz page; the quiz page lists the lessons back. */
static void
resolve_lessons(struct project *p, struct quiz_set *qs)
{
	size_t i, j, n = p->npages + p->nextras;
	/* Lessons, and extra pages read from Markdown with a 'quiz:' (documents). */
	for (i = 0; i < n; i++) {
		struct page *pg = i < p->npages ? p->pages[i] : p->extras[i - p->npages];
		if (!pg->quiz || pg->quiz_page)
			continue;
		for (j = 0; j < qs->n && strcmp(qs->quizzes[j].name, pg->quiz); j++)
			;
		if (j == qs->n) {
			unknown_quiz(qs, pg);
		} else if (qs->quizzes[j].page) {
			if (i < qs->quizzes[j].first_use) {
				qs->quizzes[j].first_use = i;
				qs->quizzes[j].offered = pg;
			}
			pg->quiz_page = qs->quizzes[j].page;
			value_push(qs->quizzes[j].lessons, link_to(pg));
		}
	}
}

static int
cmp_first_use(const void *a, const void *b)
{
	const struct quiz *x = *(struct quiz *const *)a, *y = *(struct quiz *const *)b;
	if (x->first_use != y->first_use)
		return x->first_use < y->first_use ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * The quiz index page, the project's list of tests (the home page's progress summary) and
 * qs->order, which both follow.
 */
static void
add_index(struct project *p, const struct theme *t, struct quiz_set *qs)
{
	struct value *data = value_map(), *list = value_set(data, "quizzes", value_list());
	struct page *pg;
	size_t i;
	/* In the order learners meet them; the quizzes no page offers last, by file name. */
	qs->order = xcalloc(qs->n, sizeof *qs->order);
	for (i = 0; i < qs->n; i++)
		qs->order[i] = &qs->quizzes[i];
	qsort(qs->order, qs->n, sizeof *qs->order, cmp_first_use);
	for (i = 0; i < qs->n; i++) {
		const struct quiz *q = qs->order[i];
		struct value *e;
		if (!q->page)
			continue;
		e = value_push(list, link_to(q->page));
		value_set(e, "id", value_str(q->name));
		if (q->description && *q->description)
			value_set(e, "description", value_str(q->description));
		value_set(e, "is_test", value_bool(q->kind == KIND_TEST));
		value_set(e, "is_survey", value_bool(q->kind == KIND_SURVEY));
		value_set(e, "count", value_num((double)(q->draw ? (size_t)q->draw : q->nquestions)));
		if (q->kind == KIND_TEST) {
			value_set(e, "pass", value_num((double)q->pass));
			p->tests = xgrow(p->tests, &p->captests, p->ntests + 1, sizeof *p->tests);
			p->tests[p->ntests].page = q->page;
			p->tests[p->ntests++].id = xstrdup(q->name);
		}
	}
	if (!list->n) {
		value_free(data);
		return;
	}
	pg = content_add_extra(p, "quizzes", theme_string(t, "quiz_index_title"), "quizzes.html",
		data);
	pg->in_menu = 1;
}

/* Each quiz page's script settings (config_json), made on any thread and set in order. */
struct quiz_configs {
	struct quiz_set *qs;
	const struct theme *t;
	char **json;
};

static void
make_config(void *ud, int thread, size_t i)
{
	struct quiz_configs *qc = ud;
	(void)thread;
	if (qc->qs->quizzes[i].page)
		qc->json[i] = config_json(&qc->qs->quizzes[i], qc->t);
}

static void
set_config(void *ud, size_t i)
{
	struct quiz_configs *qc = ud;
	struct quiz *q = &qc->qs->quizzes[i];
	if (!q->page)
		return;
	value_set(q->page->data, "has_lessons", value_bool(q->lessons->n > 0));
	value_set(q->page->data, "config", take(qc->json[i]));
}

struct quiz_set *
quiz_load_all(struct project *p, const struct theme *t)
{
	struct quiz_set *qs = xcalloc(1, sizeof *qs);
	char **names = NULL;
	size_t n = 0, i;
	if (fs_is_dir("quizzes") && fs_list("quizzes", &names, &n) == 0) {
		struct quiz_read qr = {.p = p, .names = names, .qs = qs};
		struct pool_job job = {.n = n, .threads = p->jobs, .ahead = n, .work = load_quiz,
			.take = take_quiz, .ud = &qr};
		qr.items = xcalloc(n, sizeof *qr.items);
		qs->quizzes = xcalloc(n, sizeof *qs->quizzes);
		pool_run(&job);
		for (i = 0; i < n; i++)
			diag_log_free(&qr.items[i].log);
		free(qr.items);
	}
	fs_list_free(names, n);
	for (i = 0; i < qs->n; i++) {
		struct quiz *q = &qs->quizzes[i];
		char *slug, *base;
		q->first_use = (size_t)-1;
		if (!q->ok)
			continue;
		slug = content_slug(q->file, NULL);
		base = xasprintf("quiz-%s", slug);
		q->page = content_new_extra(p, q->title, "quiz.html", page_data(p, q, t));
		q->page->src = fs_join("quizzes", q->file);
		q->page->shown = xstrdup(q->shown);
		content_name_page(p, q->page, base, 0);
		q->lessons = value_set(q->page->data, "lessons", value_list());
		free(base);
		free(slug);
	}
	resolve_lessons(p, qs);
	if (qs->n) {
		struct quiz_configs qc = {.qs = qs, .t = t, .json = xcalloc(qs->n, sizeof *qc.json)};
		struct pool_job job = {.n = qs->n, .threads = p->jobs, .ahead = qs->n,
			.work = make_config, .take = set_config, .ud = &qc};
		pool_run(&job);
		free(qc.json);
	}
	add_index(p, t, qs);
	return qs;
}

int
quiz_info(const struct quiz_set *qs, size_t i, struct quiz_info *out)
{
	size_t j;
	for (j = 0; qs && qs->order && j < qs->n; j++) {
		const struct quiz *q = qs->order[j];
		if (!q->page || i-- > 0)
			continue;
		out->id = q->name;
		out->title = q->title;
		out->page = q->page->out;
		out->pass = q->pass;
		out->is_test = q->kind == KIND_TEST;
		out->offered = q->offered;
		return 1;
	}
	return 0;
}

void
quiz_free(struct quiz_set *qs)
{
	size_t i;
	if (!qs)
		return;
	for (i = 0; i < qs->n; i++)
		quiz_release(&qs->quizzes[i]);
	free(qs->quizzes);
	free(qs->order);
	free(qs);
}
