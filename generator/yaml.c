#include "yaml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag.h"
#include "nearest.h"
#include "util.h"

/* Deeper nesting than any real content needs; protects the recursive helpers below. */
#define YAML_MAX_DEPTH 64

struct frame {
	struct ynode *node;
	struct ynode *key; /* mapping: key waiting for its value */
	size_t cap;
};

static struct ynode *
node_new(enum ynode_kind kind, const yaml_mark_t *mark, int line_offset)
{
	struct ynode *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	n->line = (int)mark->line + 1 + line_offset;
	n->col = (int)mark->column + 1;
	return n;
}

void
ynode_free(struct ynode *n)
{
	size_t i;
	if (!n)
		return;
	for (i = 0; i < n->n; i++) {
		ynode_free(n->items[i]);
		if (n->keys)
			ynode_free(n->keys[i]);
	}
	free(n->items);
	free(n->keys);
	free(n->str);
	free(n);
}

/* Attach child to the open collection on top of the stack; 0, or -1 after reporting. */
static int
attach(const char *file, struct frame *top, struct ynode *child)
{
	struct ynode *parent = top->node;
	size_t i;
	if (parent->kind == YNODE_SEQ) {
		parent->items = xgrow(parent->items, &top->cap, parent->n + 1, sizeof *parent->items);
		parent->items[parent->n++] = child;
		return 0;
	}
	if (!top->key) {
		if (child->kind != YNODE_SCALAR) {
			diag_error(file, child->line, child->col, "a mapping key must be a plain value");
			ynode_free(child);
			return -1;
		}
		for (i = 0; i < parent->n; i++)
			if (strcmp(parent->keys[i]->str, child->str) == 0) {
				diag_error(file, child->line, child->col, "duplicate key '%s'", child->str);
				ynode_free(child);
				return -1;
			}
		top->key = child;
		return 0;
	}
	if (parent->n + 1 > top->cap) {
		size_t cap = top->cap;
		parent->items = xgrow(parent->items, &cap, parent->n + 1, sizeof *parent->items);
		parent->keys = xrealloc(parent->keys, cap * sizeof *parent->keys);
		top->cap = cap;
	}
	parent->keys[parent->n] = top->key;
	parent->items[parent->n++] = child;
	top->key = NULL;
	return 0;
}

/* True when line (0-based) of text is indented with a tab, which YAML does not allow. */
static int
tab_indented(const char *text, size_t len, size_t line)
{
	const char *p = text, *end = text + len;
	while (line > 0 && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return 0;
		p = nl + 1;
		line--;
	}
	while (p < end && (*p == ' ' || *p == '\t')) {
		if (*p == '\t')
			return 1;
		p++;
	}
	return 0;
}

static void
report_parser(const char *file, const yaml_parser_t *p, const char *text, size_t len,
	int line_offset)
{
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->mark;
	const char *problem = p->problem ? p->problem : "syntax error";
	/* libyaml does not always say that a tab is the trouble. */
	const char *hint = !strstr(problem, "tab") && tab_indented(text, len, m->line) ?
		" (indent with spaces: YAML does not allow tabs for indentation)" : "";
	diag_error(file, (int)m->line + 1 + line_offset, (int)m->column + 1, "invalid YAML: %s%s%s%s",
		problem, p->context ? " " : "", p->context ? p->context : "", hint);
}

struct ynode *
yaml_load(const char *file, const char *text, size_t len, int line_offset)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct frame stack[YAML_MAX_DEPTH + 1];
	int depth = 0, done = 0, ok = 0, docs = 0;
	struct ynode *root = NULL, *n;

	memset(stack, 0, sizeof stack);
	if (!yaml_parser_initialize(&parser)) {
		diag_system(file, "cannot initialise the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser(file, &parser, text, len, line_offset);
			goto out;
		}
		n = NULL;
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag_error(file, (int)ev.start_mark.line + 1 + line_offset,
					(int)ev.start_mark.column + 1, "only one YAML document is allowed here");
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_ALIAS_EVENT:
			diag_error(file, (int)ev.start_mark.line + 1 + line_offset,
				(int)ev.start_mark.column + 1, "YAML aliases (*name) are not supported");
			yaml_event_delete(&ev);
			goto out;
		case YAML_SCALAR_EVENT:
			n = node_new(YNODE_SCALAR, &ev.start_mark, line_offset);
			n->str = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
			n->len = ev.data.scalar.length;
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
				(!ev.data.scalar.tag || ev.data.scalar.plain_implicit);
			if (memchr(n->str, '\0', n->len)) {
				diag_error(file, n->line, n->col, "a NUL character is not allowed");
				ynode_free(n);
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth >= YAML_MAX_DEPTH) {
				diag_error(file, (int)ev.start_mark.line + 1 + line_offset,
					(int)ev.start_mark.column + 1, "YAML nested deeper than %d levels",
					YAML_MAX_DEPTH);
				yaml_event_delete(&ev);
				goto out;
			}
			n = node_new(ev.type == YAML_SEQUENCE_START_EVENT ? YNODE_SEQ : YNODE_MAP,
				&ev.start_mark, line_offset);
			if (depth > 0 && attach(file, &stack[depth - 1], n) < 0) {
				yaml_event_delete(&ev);
				goto out;
			}
			if (depth == 0)
				root = n;
			stack[depth].node = n;
			stack[depth].key = NULL;
			stack[depth].cap = 0;
			depth++;
			n = NULL;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (n) {
			if (depth == 0) {
				root = n;
			} else if (attach(file, &stack[depth - 1], n) < 0) {
				goto out;
			}
		}
	}
	ok = 1;
out:
	/* Keys still waiting for a value are not yet owned by their mapping. */
	while (depth > 0) {
		depth--;
		ynode_free(stack[depth].key);
	}
	yaml_parser_delete(&parser);
	if (!ok) {
		ynode_free(root);
		return NULL;
	}
	if (!root || ynode_is_null(root)) {
		yaml_mark_t start = {0, 0, 0};
		ynode_free(root);
		root = node_new(YNODE_MAP, &start, line_offset);
	}
	return root;
}

const struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	size_t i;
	if (!map || map->kind != YNODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->str, key) == 0)
			return map->items[i];
	return NULL;
}

int
ynode_is_null(const struct ynode *n)
{
	return n && n->kind == YNODE_SCALAR && n->plain &&
		(n->len == 0 || !strcmp(n->str, "~") || !strcmp(n->str, "null") ||
			!strcmp(n->str, "Null") || !strcmp(n->str, "NULL"));
}

int
yaml_check_keys(const char *file, const struct ynode *map, const char *const *allowed)
{
	struct buf valid = BUF_INIT;
	size_t i, j;
	int rc = 0;
	if (!map || map->kind != YNODE_MAP)
		return 0;
	for (j = 0; allowed[j]; j++)
		buf_printf(&valid, "%s%s", j ? ", " : "", allowed[j]);
	for (i = 0; i < map->n; i++) {
		const struct ynode *k = map->keys[i];
		char *hint;
		for (j = 0; allowed[j]; j++)
			if (strcmp(k->str, allowed[j]) == 0)
				break;
		if (allowed[j])
			continue;
		hint = nearest_hint(nearest_in(k->str, allowed));
		diag_error(file, k->line, k->col, "unknown key '%s'%s; the keys here are %s", k->str,
			hint, buf_cstr(&valid));
		free(hint);
		rc = -1;
	}
	buf_free(&valid);
	return rc;
}

int
yaml_misspelt(const struct ynode *map, const char *const *allowed, const char *key)
{
	size_t i, j;
	if (!map || map->kind != YNODE_MAP || ynode_get(map, key))
		return 0;
	for (i = 0; i < map->n; i++) {
		const char *k = map->keys[i]->str, *best;
		for (j = 0; allowed[j] && strcmp(k, allowed[j]); j++)
			;
		if (!allowed[j] && (best = nearest_in(k, allowed)) && !strcmp(best, key))
			return 1;
	}
	return 0;
}

static const char *
kind_name(enum ynode_kind kind)
{
	switch (kind) {
	case YNODE_SCALAR: return "a single value";
	case YNODE_SEQ: return "a list";
	case YNODE_MAP: return "a mapping";
	}
	return "?";
}

int
yaml_expect(const char *file, const struct ynode *n, enum ynode_kind kind, const char *what)
{
	if (n->kind == kind)
		return 0;
	diag_error(file, n->line, n->col, "'%s' must be %s, not %s", what, kind_name(kind),
		kind_name(n->kind));
	return -1;
}

int
yaml_string(const char *file, const struct ynode *n, const char *what, const char **out)
{
	if (yaml_expect(file, n, YNODE_SCALAR, what) < 0)
		return -1;
	*out = n->str;
	return 0;
}

int
yaml_text(const char *file, const struct ynode *n, const char *what, char **out)
{
	const char *s;
	if (yaml_string(file, n, what, &s) < 0)
		return -1;
	*out = xstrdup(s);
	return 0;
}

int
yaml_int(const char *file, const struct ynode *n, const char *what, long min, long max,
	long *out)
{
	char *end;
	long v;
	if (yaml_expect(file, n, YNODE_SCALAR, what) < 0)
		return -1;
	errno = 0;
	v = strtol(n->str, &end, 10);
	if (!n->plain || n->len == 0 || *end != '\0' || errno) {
		diag_error(file, n->line, n->col, "'%s' must be a whole number, not '%s'", what,
			n->str);
		return -1;
	}
	if (v < min || v > max) {
		diag_error(file, n->line, n->col, "'%s' must be between %ld and %ld, not %ld", what,
			min, max, v);
		return -1;
	}
	*out = v;
	return 0;
}

int
yaml_bool(const char *file, const struct ynode *n, const char *what, int *out)
{
	if (yaml_expect(file, n, YNODE_SCALAR, what) < 0)
		return -1;
	if (n->plain && (!strcmp(n->str, "true") || !strcmp(n->str, "True") ||
			    !strcmp(n->str, "TRUE"))) {
		*out = 1;
		return 0;
	}
	if (n->plain && (!strcmp(n->str, "false") || !strcmp(n->str, "False") ||
			    !strcmp(n->str, "FALSE"))) {
		*out = 0;
		return 0;
	}
	diag_error(file, n->line, n->col, "'%s' must be true or false, not '%s'", what, n->str);
	return -1;
}
