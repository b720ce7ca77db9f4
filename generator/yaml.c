#include "yaml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag.h"
#include "i18n.h"
#include "nearest.h"
#include "utf8.h"
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

/*
 * Slips of a Japanese input method left on in full-width mode, which libyaml reports as
 * something else, often at the next line: a full-width colon after a key, a full-width space
 * (or a tab) indenting a key or list item, a full-width dash or long mark starting a list item,
 * a full-width space after a key's ':' or an item's '-'. They are found in the text before it
 * is parsed, each at its own line and column, with the fix. Values are not touched ("title:
 * 注意：重要", "- 「ー」の使い方"), nor block scalars ("|", ">"), where a full-width space
 * starting a Japanese paragraph is text.
 */
/* What a full-width dash typed for '-' can be: －, ー (the long mark), ― and ‐. */
static const char *const fw_dashes[] = {"\xEF\xBC\x8D", "\xE3\x83\xBC", "\xE2\x80\x95",
	"\xE2\x80\x90", NULL};

static int
starts(const char *s, const char *end, const char *with)
{
	size_t n = strlen(with);
	return (size_t)(end - s) >= n && !memcmp(s, with, n);
}

/* Past the spaces of either width and the tabs at s. */
static const char *
skip_blank(const char *s, const char *end)
{
	for (;;) {
		if (s < end && (*s == ' ' || *s == '\t'))
			s++;
		else if (starts(s, end, YAML_FW_SPACE))
			s += 3;
		else
			return s;
	}
}

const char *
yaml_fw_dash(const char *s, const char *end)
{
	size_t i;
	for (i = 0; fw_dashes[i]; i++)
		if (starts(s, end, fw_dashes[i]))
			return fw_dashes[i];
	return NULL;
}

/* Whether a mark of mlen bytes at s is followed by a space of either width or the line's end. */
static int
spaced(const char *s, size_t mlen, const char *end)
{
	return s + mlen == end || s[mlen] == ' ' || starts(s + mlen, end, YAML_FW_SPACE);
}

/* The length of the key-like word at s (ASCII letters, digits, '_' and '-'), or 0. */
static size_t
ascii_key(const char *s, const char *end)
{
	size_t n = 0;
	while (s + n < end && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
				      (s[n] >= '0' && s[n] <= '9') || s[n] == '_' || s[n] == '-'))
		n++;
	return n;
}

/* Whether the line's text at s is a key or a list item, so its indentation is YAML's. */
static int
structure(const char *s, const char *end)
{
	const char *t;
	if ((*s == '-' && spaced(s, 1, end)) || yaml_fw_dash(s, end))
		return 1;
	t = s + ascii_key(s, end);
	if (t > s && starts(t, end, YAML_FW_COLON))
		return 1;
	for (t = s; t < end; t++)
		if (*t == ':' && spaced(t, 1, end))
			return 1;
	return 0;
}

/* Whether the line's text at s (to end) opens a block scalar: ends in '|' or '>'. */
static int
opens_block(const char *s, const char *end)
{
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	while (end > s && (end[-1] == '-' || end[-1] == '+' || (end[-1] >= '0' && end[-1] <= '9')))
		end--;
	return end > s && (end[-1] == '|' || end[-1] == '>') && (end - 1 == s || end[-2] == ' ');
}

/* The half-width spaces that start the line at s. */
static size_t
indent_of(const char *s, const char *end)
{
	size_t n = 0;
	while (s + n < end && s[n] == ' ')
		n++;
	return n;
}

struct slip_line {
	const char *file;
	int line;
	const char *start, *end; /* the line */
	const char *next, *next_end; /* the next line, for a list item's keys */
	int found;
};

/* Report the slip at at: what is the message, in the user's language. */
static void
slip(struct slip_line *l, const char *at, const char *what)
{
	diag_error(l->file, l->line, utf8_column(l->start, (size_t)(at - l->start)), "%s", what);
	l->found++;
}

/* The slips of one line whose text (past its indentation) starts at body. */
static void
line_slips(struct slip_line *l, const char *body)
{
	const char *s = l->start, *end = l->end, *t, *dash;
	char *msg;
	size_t k;
	for (t = structure(body, end) ? s : body; t < body; t++) {
		if (*t == '\t') {
			slip(l, t, _("a tab in the indentation: indent with half-width spaces (YAML "
				"does not allow tabs)"));
			break;
		}
		if (starts(t, body, YAML_FW_SPACE)) {
			slip(l, t, _("a full-width space in the indentation: indent with half-width "
				"spaces"));
			break;
		}
	}
	t = body;
	if ((dash = yaml_fw_dash(t, end)) && spaced(t, strlen(dash), end)) {
		msg = xasprintf(_("a full-width '%s' starts this list item: type a half-width '-' "
			"followed by a space"), dash);
		slip(l, t, msg);
		free(msg);
		t = skip_blank(t + strlen(dash), end);
	}
	while (t < end && *t == '-' && spaced(t, 1, end)) {
		if (starts(t + 1, end, YAML_FW_SPACE))
			slip(l, t + 1, _("a full-width space after '-': type a half-width space"));
		t = skip_blank(t + 1, end);
	}
	if (!(k = ascii_key(t, end)))
		return;
	/* In a list item, only a key of a mapping: the next line goes on at its column. */
	if (starts(t + k, end, YAML_FW_COLON) && (t == body || indent_of(l->next, l->next_end) + 1 ==
							      (size_t)utf8_column(s, (size_t)(t - s)))) {
		msg = xasprintf(_("a full-width colon '\xEF\xBC\x9A' after '%.*s': type a half-width "
			"':' followed by a space"), (int)k, t);
		slip(l, t + k, msg);
		free(msg);
	} else if (t[k] == ':' && starts(t + k + 1, end, YAML_FW_SPACE)) {
		slip(l, t + k + 1, _("a full-width space after ':': type a half-width space"));
	}
}

/* Report every slip of text; how many there are. */
static int
ime_slips(const char *file, const char *text, size_t len, int line_offset)
{
	struct slip_line l = {.file = file, .line = line_offset};
	const char *end = text + len, *s = text, *body;
	size_t indent, block = 0;
	int in_block = 0;
	while (s < end) {
		l.start = s;
		l.end = memchr(s, '\n', (size_t)(end - s));
		if (!l.end)
			l.end = end;
		l.next = l.end < end ? l.end + 1 : end;
		l.next_end = memchr(l.next, '\n', (size_t)(end - l.next));
		if (!l.next_end)
			l.next_end = end;
		l.line++;
		s = l.next;
		indent = indent_of(l.start, l.end);
		body = skip_blank(l.start, l.end);
		if (in_block && (body == l.end || indent > block))
			continue; /* the block scalar's text */
		in_block = 0;
		if (body == l.end || *body == '#')
			continue;
		line_slips(&l, body);
		if (opens_block(body, l.end)) {
			in_block = 1;
			block = indent;
		}
	}
	return l.found;
}

/*
 * What libyaml 0.2.5 says of a parse error: each problem, and each context that follows it
 * ("did not find expected key" "while parsing a block mapping"), so that they are translated.
 * Anything else (a later libyaml's words) is shown as libyaml wrote it.
 */
static const char *const libyaml_words[] = {
	/* TRANSLATORS: libyaml's problems, each followed by a context or by nothing. */
	N_("block sequence entries are not allowed in this context"),
	N_("control characters are not allowed"),
	N_("could not find expected ':'"),
	N_("could not find expected directive name"),
	N_("did not find expected '!'"),
	N_("did not find expected ',' or ']'"),
	N_("did not find expected ',' or '}'"),
	N_("did not find expected '-' indicator"),
	N_("did not find expected <document start>"),
	N_("did not find expected <stream-start>"),
	N_("did not find expected alphabetic or numeric character"),
	N_("did not find expected comment or line break"),
	N_("did not find expected digit or '.' character"),
	N_("did not find expected hexdecimal number"),
	N_("did not find expected key"),
	N_("did not find expected node content"),
	N_("did not find expected tag URI"),
	N_("did not find expected version number"),
	N_("did not find expected whitespace or line break"),
	N_("did not find expected whitespace"),
	N_("did not find the expected '>'"),
	N_("did not find URI escaped octet"),
	N_("found a tab character that violates indentation"),
	N_("found a tab character where an indentation space is expected"),
	N_("found an incorrect leading UTF-8 octet"),
	N_("found an incorrect trailing UTF-8 octet"),
	N_("found an indentation indicator equal to 0"),
	N_("found character that cannot start any token"),
	N_("found duplicate %TAG directive"),
	N_("found duplicate %YAML directive"),
	N_("found extremely long version number"),
	N_("found incompatible YAML document"),
	N_("found invalid Unicode character escape code"),
	N_("found undefined tag handle"),
	N_("found unexpected ':'"),
	N_("found unexpected document indicator"),
	N_("found unexpected end of stream"),
	N_("found unexpected non-alphabetical character"),
	N_("found unknown directive name"),
	N_("found unknown escape character"),
	N_("mapping keys are not allowed in this context"),
	N_("mapping values are not allowed in this context"),
	/* TRANSLATORS: libyaml's contexts, each after a problem. */
	N_("while parsing a %TAG directive"),
	N_("while parsing a block collection"),
	N_("while parsing a block mapping"),
	N_("while parsing a block node"),
	N_("while parsing a flow mapping"),
	N_("while parsing a flow node"),
	N_("while parsing a flow sequence"),
	N_("while parsing a node"),
	N_("while parsing a quoted scalar"),
	N_("while parsing a tag directive"),
	N_("while parsing a tag"),
	N_("while scanning a %TAG directive"),
	N_("while scanning a %YAML directive"),
	N_("while scanning a block scalar"),
	N_("while scanning a directive"),
	N_("while scanning a plain scalar"),
	N_("while scanning a quoted scalar"),
	N_("while scanning a simple key"),
	N_("while scanning a tag directive"),
	N_("while scanning a tag"),
	N_("while scanning an alias"),
	N_("while scanning an anchor"),
	N_("while scanning for the next token"),
	NULL,
};

/* libyaml's words s in the user's language. */
static const char *
libyaml_says(const char *s)
{
	size_t i;
	for (i = 0; libyaml_words[i]; i++)
		if (!strcmp(s, libyaml_words[i]))
			return _(libyaml_words[i]);
	return s;
}

static void
report_parser(const char *file, const yaml_parser_t *p, const char *text, size_t len,
	int line_offset)
{
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->mark;
	const char *problem = p->problem ? libyaml_says(p->problem) : _("syntax error");
	int line = (int)m->line + 1 + line_offset, col = (int)m->column + 1;
	/* libyaml does not always say that a tab is the trouble. */
	int tab = !(p->problem && strstr(p->problem, "tab")) && tab_indented(text, len, m->line);
	if (p->context && tab)
		diag_error(file, line, col, "invalid YAML: %s %s (indent with spaces: YAML does not "
			"allow tabs for indentation)", problem, libyaml_says(p->context));
	else if (p->context)
		diag_error(file, line, col, "invalid YAML: %s %s", problem, libyaml_says(p->context));
	else if (tab)
		diag_error(file, line, col, "invalid YAML: %s (indent with spaces: YAML does not "
			"allow tabs for indentation)", problem);
	else
		diag_error(file, line, col, "invalid YAML: %s", problem);
}

struct ynode *
yaml_load(const char *file, const char *text, size_t len, int line_offset)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct frame stack[YAML_MAX_DEPTH + 1];
	int depth = 0, done = 0, ok = 0, docs = 0;
	struct ynode *root = NULL, *n;

	if (ime_slips(file, text, len, line_offset))
		return NULL;
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
	for (i = 0; i < map->n; i++) {
		const struct ynode *k = map->keys[i];
		char *hint;
		for (j = 0; allowed[j]; j++)
			if (strcmp(k->str, allowed[j]) == 0)
				break;
		if (allowed[j])
			continue;
		if (!valid.len) /* once, and only for a map with an unknown key */
			for (j = 0; allowed[j]; j++)
				buf_printf(&valid, "%s%s", j ? ", " : "", allowed[j]);
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

/* "'what' must be this kind, not that", a sentence for each pair of kinds. */
static const char *const expect_formats[3][3] = {
	/* TRANSLATORS: %s is a key, a file name, or what the value is ("question"). */
	[YNODE_SCALAR] = {[YNODE_SEQ] = N_("'%s' must be a single value, not a list"),
		[YNODE_MAP] = N_("'%s' must be a single value, not a mapping")},
	[YNODE_SEQ] = {[YNODE_SCALAR] = N_("'%s' must be a list, not a single value"),
		[YNODE_MAP] = N_("'%s' must be a list, not a mapping")},
	[YNODE_MAP] = {[YNODE_SCALAR] = N_("'%s' must be a mapping, not a single value"),
		[YNODE_SEQ] = N_("'%s' must be a mapping, not a list")},
};

int
yaml_expect(const char *file, const struct ynode *n, enum ynode_kind kind, const char *what)
{
	if (n->kind == kind)
		return 0;
	diag_error(file, n->line, n->col, expect_formats[kind][n->kind], what);
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
		/* TRANSLATORS: the first %s is a key, the second the value written. */
		diag_error(file, n->line, n->col, "'%s' must be a whole number, not '%s'", what,
			n->str);
		return -1;
	}
	if (v < min || v > max) {
		/* TRANSLATORS: %s is a key. */
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
	/* TRANSLATORS: the first %s is a key, the second the value written. */
	diag_error(file, n->line, n->col, "'%s' must be true or false, not '%s'", what, n->str);
	return -1;
}
