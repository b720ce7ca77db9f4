#include "glossary.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "diag.h"
#include "fold.h"
#include "fs.h"
#include "i18n.h"
#include "markdown.h"
#include "nearest.h"
#include "theme.h"
#include "util.h"
#include "value.h"
#include "yaml.h"

#define GLOSSARY_FILE "content/glossary.yaml"

static const char *const entry_keys[] = {"term", "reading", "aliases", "en", "definition", "see",
	NULL};

/* Kana rows (あ行 ... わ行), then A-Z, then everything else. */
enum { ROWS = 10, GROUP_LATIN = ROWS, GROUP_OTHER, NGROUPS };
static const char *const group_keys[NGROUPS] = {"glossary_row_a", "glossary_row_ka",
	"glossary_row_sa", "glossary_row_ta", "glossary_row_na", "glossary_row_ha",
	"glossary_row_ma", "glossary_row_ya", "glossary_row_ra", "glossary_row_wa",
	"glossary_row_latin", "glossary_row_other"};
static const char *const group_ids[NGROUPS] = {"row-a", "row-ka", "row-sa", "row-ta", "row-na",
	"row-ha", "row-ma", "row-ya", "row-ra", "row-wa", "row-latin", "row-other"};
/* The last hiragana of each row (U+3042 あ ... U+3093 ん, in code point order). */
static const utf8proc_int32_t row_last[ROWS] = {0x304A, 0x3053, 0x305D, 0x3068, 0x306E, 0x307B,
	0x3082, 0x3088, 0x308D, 0x3094};

struct term {
	char *term, *reading, *en, *def; /* def: Markdown */
	int line, col; /* of the term */
	int def_line; /* of the definition's first line */
	char **see;
	int *see_line, *see_col;
	size_t nsee;
	char **aliases;
	int *alias_line, *alias_col;
	size_t naliases;
	char *id;
	char *def_html, *def_plain;
	char *open; /* the HTML that opens a link to it */
	char *tip; /* its definition as a page carries it */
	struct value *pages, *used; /* in its glossary entry: pages that link it, and whether any */
};

/* A spelling of a term (the term or an alias) and where it was written. */
struct name {
	size_t term;
	const char *text;
	int line, col;
};

/*
 * The Aho-Corasick automaton: a trie of the patterns' bytes (state 0 is the root) with
 * failure links. Edges from the root are a table; the others live in one hash table keyed
 * by (state, byte), and a bit per key's hash in a filter small enough to stay in the cache
 * says at once of most (state, byte) that have no edge that they have none: reading text,
 * most lookups find no edge.
 */
#define FILTER_BITS 18
struct edge {
	int32_t from, to;
	unsigned char byte;
};

struct state {
	int32_t parent, depth; /* depth: bytes from the root */
	int32_t fail; /* the state of the longest proper suffix that is in the trie */
	int32_t out; /* the pattern that ends here, or -1 */
	int32_t dict; /* the nearest state along the failure links where one ends, or 0 */
	unsigned char byte; /* on the edge from the parent */
};

struct ac {
	int32_t root[256]; /* 0: none (stay at the root) */
	uint64_t filter[(1u << FILTER_BITS) / 64];
	struct edge *edges;
	size_t edgecap, nedges; /* edgecap: a power of two */
	struct state *st;
	size_t n, cap;
};

struct glossary {
	struct project *p;
	char *file; /* as shown in diagnostics */
	int present; /* the file exists */
	struct term *terms;
	size_t n;
	struct name *names;
	size_t nnames;
	struct strmap by_name; /* matching form -> index + 1 into names */
	struct ac ac; /* over the names' matching forms reversed; a pattern is a name's index */
	struct page *page;
	char *labels[NGROUPS]; /* row headings, from the theme */
	/*
	 * One link (title, href) per page that links a term; each entry's "pages" is a view of
	 * these, so a page used by many terms costs one pointer per term, not one copy each.
	 */
	struct value *links;
};

/* Linking terms on one thread, a page at a time. */
struct glossary_reader {
	const struct glossary *g;
	struct md_terms hook;
	const struct page *cur; /* the page being rendered */
	const struct page **last; /* per term: the page this reader last linked it on */
	size_t *used, nused, capused; /* the terms linked on cur, in order */
	/* Scratch for find_terms. */
	struct fold_map nm;
	struct best {
		size_t len, name;
	} *best;
	size_t capbest;
	struct md_span *spans;
	size_t capspans;
};

static int
is_latin_letter(utf8proc_int32_t cp)
{
	return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
		(cp >= 0x1E00 && cp <= 0x1EFF);
}

static int
is_latin_alnum(utf8proc_int32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		is_latin_letter(cp);
}

static uint64_t
edge_hash(int32_t from, unsigned char byte)
{
	return ((uint64_t)(uint32_t)from * 257u + byte) * UINT64_C(0x9E3779B97F4A7C15);
}

static size_t
edge_slot(const struct ac *a, int32_t from, unsigned char byte)
{
	return (size_t)(edge_hash(from, byte) >> 20) & (a->edgecap - 1);
}

/* The filter's bit for (from, byte): from the hash's top bits, which edge_slot leaves. */
static size_t
filter_bit(int32_t from, unsigned char byte)
{
	return (size_t)(edge_hash(from, byte) >> (64 - FILTER_BITS));
}

/* The state that byte leads to from state from, or -1. */
static int32_t
edge_get(const struct ac *a, int32_t from, unsigned char byte)
{
	size_t i;
	if (!from)
		return a->root[byte] ? a->root[byte] : -1;
	i = filter_bit(from, byte);
	if (!(a->filter[i / 64] >> (i % 64) & 1))
		return -1;
	for (i = edge_slot(a, from, byte);; i = (i + 1) & (a->edgecap - 1)) {
		if (!a->edges[i].to)
			return -1;
		if (a->edges[i].from == from && a->edges[i].byte == byte)
			return a->edges[i].to;
	}
}

static void
edge_put(struct ac *a, int32_t from, unsigned char byte, int32_t to)
{
	size_t i;
	if (!from) {
		a->root[byte] = to;
		return;
	}
	if ((a->nedges + 1) * 2 > a->edgecap) {
		struct edge *old = a->edges;
		size_t oldcap = a->edgecap;
		a->edgecap = oldcap ? oldcap * 2 : 1024;
		a->edges = xcalloc(a->edgecap, sizeof *a->edges);
		for (i = 0; i < oldcap; i++)
			if (old[i].to) {
				size_t j = edge_slot(a, old[i].from, old[i].byte);
				while (a->edges[j].to)
					j = (j + 1) & (a->edgecap - 1);
				a->edges[j] = old[i];
			}
		free(old);
	}
	i = filter_bit(from, byte);
	a->filter[i / 64] |= UINT64_C(1) << (i % 64);
	for (i = edge_slot(a, from, byte); a->edges[i].to; i = (i + 1) & (a->edgecap - 1))
		;
	a->edges[i].from = from;
	a->edges[i].byte = byte;
	a->edges[i].to = to;
	a->nedges++;
}

static int32_t
ac_new_state(struct ac *a, int32_t parent, unsigned char byte)
{
	struct state *st;
	a->st = xgrow(a->st, &a->cap, a->n + 1, sizeof *a->st);
	st = &a->st[a->n];
	st->parent = parent;
	st->depth = a->n ? a->st[parent].depth + 1 : 0;
	st->fail = 0;
	st->out = -1;
	st->dict = 0;
	st->byte = byte;
	return (int32_t)a->n++;
}

static void
ac_add(struct ac *a, const char *pattern, int32_t id)
{
	const unsigned char *b = (const unsigned char *)pattern;
	int32_t s = 0, t;
	if (!a->n)
		ac_new_state(a, 0, 0);
	for (; *b; b++) {
		if ((t = edge_get(a, s, *b)) < 0) {
			t = ac_new_state(a, s, *b);
			edge_put(a, s, *b, t);
		}
		s = t;
	}
	if (s && a->st[s].out < 0)
		a->st[s].out = id;
}

/* Failure links, parents before children (by depth), and each state's nearest match. */
static void
ac_finish(struct ac *a)
{
	int32_t *order, maxdepth = 0, d;
	size_t *count, i, at;
	if (!a->n)
		return;
	for (i = 0; i < a->n; i++)
		if (a->st[i].depth > maxdepth)
			maxdepth = a->st[i].depth;
	count = xcalloc((size_t)maxdepth + 2, sizeof *count);
	order = xmalloc(a->n * sizeof *order);
	for (i = 0; i < a->n; i++)
		count[a->st[i].depth + 1]++;
	for (d = 1; d <= maxdepth + 1; d++)
		count[d] += count[d - 1];
	for (i = 0; i < a->n; i++)
		order[count[a->st[i].depth]++] = (int32_t)i;
	for (at = 1; at < a->n; at++) {
		struct state *st = &a->st[order[at]];
		int32_t f, t;
		if (st->parent)
			for (f = a->st[st->parent].fail;; f = a->st[f].fail) {
				if ((t = edge_get(a, f, st->byte)) >= 0) {
					st->fail = t;
					break;
				}
				if (!f)
					break;
			}
		f = st->fail;
		st->dict = a->st[f].out >= 0 ? f : a->st[f].dict;
	}
	free(order);
	free(count);
}

static void
ac_free(struct ac *a)
{
	free(a->edges);
	free(a->st);
}

/* The code point before offset at in s, or 0 at the start. */
static utf8proc_int32_t
cp_before(const char *s, size_t at)
{
	utf8proc_int32_t cp = 0;
	size_t i = at;
	if (!at)
		return 0;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
		i--;
	utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(at - i), &cp);
	return cp;
}

static utf8proc_int32_t
cp_at(const char *s, size_t len, size_t at)
{
	utf8proc_int32_t cp = 0;
	if (at >= len)
		return 0;
	utf8proc_iterate((const utf8proc_uint8_t *)s + at, (utf8proc_ssize_t)(len - at), &cp);
	return cp;
}

static int
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static int
is_blank(const char *s)
{
	return s[strspn(s, " \t\n")] == '\0';
}

/* *out: a copy of scalar n's text; left alone when n is absent or null. -1 after reporting. */
static int
get_string(const char *file, const struct ynode *n, const char *what, char **out)
{
	const char *s;
	if (!n || ynode_is_null(n))
		return 0;
	if (yaml_string(file, n, what, &s) < 0)
		return -1;
	*out = xstrdup(s);
	return 0;
}

/* A list of names, each with its position (a single name counts as a list of one). */
static int
get_list(const char *file, const struct ynode *n, const char *what, char ***out, int **lines,
	int **cols, size_t *count)
{
	size_t i, k = 0;
	int rc = 0;
	if (!n || ynode_is_null(n))
		return 0;
	if (n->kind == YNODE_MAP)
		return yaml_expect(file, n, YNODE_SEQ, what);
	*out = xcalloc(n->kind == YNODE_SEQ ? n->n + 1 : 2, sizeof **out);
	*lines = xcalloc(n->kind == YNODE_SEQ ? n->n + 1 : 2, sizeof **lines);
	*cols = xcalloc(n->kind == YNODE_SEQ ? n->n + 1 : 2, sizeof **cols);
	for (i = 0; i < (n->kind == YNODE_SEQ ? n->n : 1); i++) {
		const struct ynode *item = n->kind == YNODE_SEQ ? n->items[i] : n;
		const char *s;
		if (yaml_string(file, item, what, &s) < 0) {
			rc = -1;
			continue;
		}
		if (is_blank(s)) {
			diag_error(file, item->line, item->col, "empty name in '%s'", what);
			rc = -1;
			continue;
		}
		(*lines)[k] = item->line;
		(*cols)[k] = item->col;
		(*out)[k++] = xstrdup(s);
	}
	*count = k;
	return rc;
}

/* The start of every line of the glossary file, found once (not once per entry). */
struct lines {
	const char **start;
	size_t n;
};

static void
lines_index(struct lines *l, const char *text)
{
	size_t cap = 0;
	const char *s = text;
	l->start = NULL;
	l->n = 0;
	for (;;) {
		l->start = xgrow(l->start, &cap, l->n + 1, sizeof *l->start);
		l->start[l->n++] = s;
		if (!(s = strchr(s, '\n')))
			break;
		s++;
	}
}

/* Line of the first line of a scalar's text: a block scalar (| or >) starts below its indicator. */
static int
text_line(const struct lines *l, const struct ynode *n)
{
	const char *s;
	int col;
	if (n->line < 1 || (size_t)n->line > l->n)
		return n->line;
	s = l->start[n->line - 1];
	for (col = 1; col < n->col && *s && *s != '\n'; col++) /* columns count characters */
		for (s++; ((unsigned char)*s & 0xC0) == 0x80; s++)
			;
	return *s == '|' || *s == '>' ? n->line + 1 : n->line;
}

static int
load_entry(struct glossary *g, const struct ynode *e, const struct lines *text)
{
	struct term *t;
	const struct ynode *v;
	int rc = 0;

	if (yaml_expect(g->file, e, YNODE_MAP, _("glossary entry")) < 0)
		return -1;
	rc |= yaml_check_keys(g->file, e, entry_keys);
	t = &g->terms[g->n];
	memset(t, 0, sizeof *t);
	t->line = e->line;
	t->col = e->col;
	if (!(v = ynode_get(e, "term"))) {
		diag_error(g->file, e->line, e->col, "glossary entry has no 'term'");
		rc = -1;
	} else if (get_string(g->file, v, "term", &t->term) < 0) {
		rc = -1;
	} else if (!t->term || is_blank(t->term)) {
		diag_error(g->file, v->line, v->col, "'term' is empty");
		free(t->term);
		t->term = NULL;
		rc = -1;
	} else {
		t->line = v->line;
		t->col = v->col;
	}
	if (get_string(g->file, ynode_get(e, "reading"), "reading", &t->reading) < 0)
		rc = -1;
	else if (t->reading && is_blank(t->reading)) {
		v = ynode_get(e, "reading");
		diag_error(g->file, v->line, v->col, "'reading' is empty");
		rc = -1;
	} else if (!t->reading && t->term && !is_ascii(t->term)) {
		diag_error(g->file, t->line, t->col, "term '%s' has no 'reading': give it in kana "
			"(it places the term in 五十音 order)", t->term);
		rc = -1;
	}
	if (get_list(g->file, ynode_get(e, "aliases"), "aliases", &t->aliases, &t->alias_line,
		    &t->alias_col, &t->naliases) < 0)
		rc = -1;
	if (get_string(g->file, ynode_get(e, "en"), "en", &t->en) < 0)
		rc = -1;
	if (!(v = ynode_get(e, "definition")) || ynode_is_null(v)) {
		if (t->term)
			diag_error(g->file, e->line, e->col, "glossary entry '%s' has no 'definition'",
				t->term);
		else
			diag_error(g->file, e->line, e->col, "glossary entry has no 'definition'");
		rc = -1;
	} else if (get_string(g->file, v, "definition", &t->def) < 0) {
		rc = -1;
	} else if (is_blank(t->def)) {
		diag_error(g->file, v->line, v->col, "'definition' is empty");
		rc = -1;
	} else {
		t->def_line = text_line(text, v);
	}
	if (get_list(g->file, ynode_get(e, "see"), "see", &t->see, &t->see_line, &t->see_col,
		    &t->nsee) < 0)
		rc = -1;
	if (!t->reading && t->term)
		t->reading = xstrdup(t->term);
	g->n++;
	return rc;
}

/*
 * Register a spelling of term i (the term, or one of its aliases); a second spelling with the
 * same matching form is an error.
 */
static int
add_name(struct glossary *g, size_t i, const char *text, int line, int col, int alias)
{
	char *key = fold_term(text);
	struct name *prev;
	uintptr_t at = (uintptr_t)strmap_get(&g->by_name, key);
	int rc = 0;
	if (at) {
		prev = &g->names[at - 1];
		if (!strcmp(prev->text, text) && alias)
			diag_error(g->file, line, col, "duplicate alias '%s': already at line %d", text,
				prev->line);
		else if (!strcmp(prev->text, text))
			diag_error(g->file, line, col, "duplicate term '%s': already at line %d", text,
				prev->line);
		else if (alias)
			diag_error(g->file, line, col, "duplicate alias '%s': the same as '%s' at line %d "
				"(full-width and half-width forms and Latin case do not count)", text,
				prev->text, prev->line);
		else
			diag_error(g->file, line, col, "duplicate term '%s': the same as '%s' at line %d "
				"(full-width and half-width forms and Latin case do not count)", text,
				prev->text, prev->line);
		rc = -1;
	} else {
		g->names[g->nnames].term = i;
		g->names[g->nnames].text = text;
		g->names[g->nnames].line = line;
		g->names[g->nnames].col = col;
		g->nnames++;
		strmap_put(&g->by_name, key, (void *)(uintptr_t)g->nnames);
	}
	free(key);
	return rc;
}

/* The term named name (a term or an alias, in any width or case), or NULL. */
static struct term *
lookup(const struct glossary *g, const char *name)
{
	char *key = fold_term(name);
	uintptr_t at = (uintptr_t)strmap_get(&g->by_name, key);
	free(key);
	return at ? &g->terms[g->names[at - 1].term] : NULL;
}

/* The hint of a name that is no term: the nearest term or alias, when one is close. */
static char *
term_hint(const struct glossary *g, const char *name)
{
	struct nearest nr;
	size_t i;
	nearest_begin(&nr, name);
	for (i = 0; i < g->nnames; i++)
		nearest_offer(&nr, g->names[i].text);
	return nearest_hint(nr.best);
}

/* Stable ASCII ids: "t-" and the English term when it has one, else the entry's number. */
static void
assign_ids(struct glossary *g)
{
	struct strmap taken = STRMAP_INIT, next = STRMAP_INIT;
	size_t i;
	for (i = 0; i < g->n; i++) {
		struct term *t = &g->terms[i];
		struct buf b = BUF_INIT;
		const char *s;
		buf_puts(&b, "t-");
		for (s = t->en ? t->en : ""; *s; s++) {
			char c = *s;
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				buf_putc(&b, c);
			else if (b.data[b.len - 1] != '-')
				buf_putc(&b, '-');
		}
		while (b.len > 2 && b.data[b.len - 1] == '-')
			b.data[--b.len] = '\0';
		if (b.len == 2)
			buf_printf(&b, "%zu", i + 1);
		t->id = buf_detach(&b);
		if (strmap_get(&taken, t->id)) {
			char *base = t->id;
			t->id = unique_name(&taken, base, 2, &next, NULL, NULL);
			free(base);
		}
		strmap_put(&taken, t->id, t);
	}
	strmap_free(&taken);
	strmap_free(&next);
}

int
glossary_load(struct project *p, const struct theme *th, struct glossary **out)
{
	struct glossary *g = xcalloc(1, sizeof *g);
	struct ynode *root = NULL;
	struct lines lines;
	char *text = NULL, *path;
	size_t len, i, j, nnames = 0;
	int rc = 0;

	*out = g;
	g->p = p;
	g->links = value_list();
	path = fs_is_dir("content") ? content_find_file(p, "content", "glossary", content_is_yaml,
		&rc) : NULL;
	g->file = xasprintf("%s%s", p->prefix, path ? path : GLOSSARY_FILE);
	if (!path)
		return rc;
	g->present = 1;
	rc = content_read_source(p, path, g->file, &text, &len);
	free(path);
	if (rc < 0)
		return -1;
	if (!(root = yaml_load(g->file, text, len, 0))) {
		rc = -1;
		goto out;
	}
	if (root->kind == YNODE_MAP && root->n == 0)
		goto out; /* an empty file */
	if (yaml_expect(g->file, root, YNODE_SEQ, _("the glossary")) < 0) {
		rc = -1;
		goto out;
	}
	g->terms = xcalloc(root->n, sizeof *g->terms);
	lines_index(&lines, text);
	for (i = 0; i < root->n; i++)
		if (load_entry(g, root->items[i], &lines) < 0)
			rc = -1;
	free(lines.start);

	/* Every spelling once, in file order, so the later one is reported. */
	for (i = 0; i < g->n; i++)
		nnames += 1 + g->terms[i].naliases;
	g->names = xcalloc(nnames, sizeof *g->names);
	for (i = 0; i < g->n; i++) {
		struct term *t = &g->terms[i];
		if (t->term && add_name(g, i, t->term, t->line, t->col, 0) < 0)
			rc = -1;
		for (j = 0; j < t->naliases; j++)
			if (add_name(g, i, t->aliases[j], t->alias_line[j], t->alias_col[j], 1) < 0)
				rc = -1;
	}
	for (i = 0; i < g->n; i++) {
		struct term *t = &g->terms[i];
		for (j = 0; j < t->nsee; j++)
			if (!lookup(g, t->see[j])) {
				char *hint = term_hint(g, t->see[j]);
				diag_error(g->file, t->see_line[j], t->see_col[j], "'see' names '%s', "
					"which is not a term in the glossary%s", t->see[j], hint);
				free(hint);
				rc = -1;
			}
	}
	assign_ids(g);
	for (i = 0; i < NGROUPS; i++)
		g->labels[i] = xstrdup(theme_string(th, group_keys[i]));
	if (g->n) {
		g->page = content_add_extra(p, "glossary", theme_string(th, "glossary_title"),
			"glossary.html", value_map());
		g->page->in_menu = 1;
		g->page->sums_up = 1;
	}

	for (i = 0; i < g->nnames; i++) {
		char *key = fold_term(g->names[i].text);
		size_t a = 0, b = strlen(key);
		while (b > a + 1) { /* byte by byte: find_terms reads the text backwards */
			char c = key[a];
			key[a++] = key[--b];
			key[b] = c;
		}
		if (*key)
			ac_add(&g->ac, key, (int32_t)i);
		free(key);
	}
	ac_finish(&g->ac);
out:
	ynode_free(root);
	free(text);
	return rc;
}

static void
begin_page(struct glossary_reader *rd, const struct page *pg)
{
	if (rd->cur != pg) {
		rd->cur = pg;
		rd->nused = 0;
	}
}

/* Note that pg links term i: for its definition on pg and for its entry's list of pages. */
static void
use(struct glossary_reader *rd, const struct page *pg, size_t i)
{
	begin_page(rd, pg);
	if (rd->last[i] == pg)
		return;
	rd->last[i] = pg;
	rd->used = xgrow(rd->used, &rd->capused, rd->nused + 1, sizeof *rd->used);
	rd->used[rd->nused++] = i;
}

static size_t
find_terms(void *ud, const struct page *pg, const char *text, size_t len,
	const struct md_span **spans)
{
	struct glossary_reader *rd = ud;
	const struct glossary *g = rd->g;
	const struct ac *a = &g->ac;
	const char *s;
	size_t nlen, i, nspans = 0;
	int32_t state = 0;

	begin_page(rd, pg);
	*spans = NULL;
	if (!a->n)
		return 0;
	fold_map_text(&rd->nm, text, len);
	s = rd->nm.out.data;
	nlen = rd->nm.out.len;
	/*
	 * best[i]: the longest usable match starting at i (length 0: none). The automaton holds
	 * the names reversed and reads the text backwards, so the names it finds ending at i are
	 * those that start at i in the text, longest first along the dictionary links: the first
	 * usable one is the one wanted, and nested names (ア, アア, アアア, ...) cost no more
	 * than one.
	 */
	rd->best = xgrow(rd->best, &rd->capbest, nlen + 1, sizeof *rd->best);
	memset(rd->best, 0, (nlen + 1) * sizeof *rd->best);
	for (i = nlen; i-- > 0;) {
		unsigned char b = (unsigned char)s[i];
		int32_t t = 0, q;
		while (state && (t = edge_get(a, state, b)) < 0)
			state = a->st[state].fail;
		state = state ? t : a->root[b];
		if (rd->nm.src_at[i] == FOLD_INSIDE)
			continue; /* not the start of a whole source character */
		if (is_latin_alnum(cp_at(s, nlen, i)) && is_latin_alnum(cp_before(s, i)))
			continue; /* inside a Latin word */
		for (q = a->st[state].out >= 0 ? state : a->st[state].dict; q; q = a->st[q].dict) {
			size_t end = i + (size_t)a->st[q].depth;
			if (rd->nm.src_at[end] == FOLD_INSIDE)
				continue;
			if (is_latin_alnum(cp_before(s, end)) && is_latin_alnum(cp_at(s, nlen, end)))
				continue;
			rd->best[i].len = (size_t)a->st[q].depth;
			rd->best[i].name = (size_t)a->st[q].out;
			break;
		}
	}
	/* Leftmost first, then longest; a match not linked (link: first) still hides what it covers. */
	for (i = 0; i < nlen;) {
		size_t end = i + rd->best[i].len, term;
		if (!rd->best[i].len) {
			i++;
			continue;
		}
		term = g->names[rd->best[i].name].term;
		if (g->p->site.glossary_link == GLOSSARY_LINK_ALL || rd->last[term] != pg) {
			use(rd, pg, term);
			rd->spans = xgrow(rd->spans, &rd->capspans, nspans + 1, sizeof *rd->spans);
			rd->spans[nspans].start = rd->nm.src_at[i];
			rd->spans[nspans].end = rd->nm.src_at[end];
			rd->spans[nspans].open = g->terms[term].open;
			nspans++;
		}
		i = end;
	}
	*spans = rd->spans;
	return nspans;
}

static const char *
named_term(void *ud, const struct page *pg, const char *name, int line, int col)
{
	struct glossary_reader *rd = ud;
	const struct glossary *g = rd->g;
	const struct term *t = lookup(g, name);
	if (!t && !g->present) {
		diag_error(pg->shown, line, col, "unknown glossary term '%s' (there is no %s)", name,
			GLOSSARY_FILE);
		return NULL;
	}
	if (!t) {
		char *hint = term_hint(g, name);
		diag_error(pg->shown, line, col, "unknown glossary term '%s'%s", name, hint);
		free(hint);
		return NULL;
	}
	use(rd, pg, (size_t)(t - g->terms));
	return t->open;
}

/* The definitions of the terms linked on pg, hidden until a link shows one. */
static void
page_end(void *ud, const struct page *pg, struct buf *out)
{
	struct glossary_reader *rd = ud;
	size_t i;
	if (rd->cur != pg)
		return;
	for (i = 0; i < rd->nused; i++)
		buf_puts(out, rd->g->terms[rd->used[i]].tip);
}

struct glossary_reader *
glossary_reader_new(const struct glossary *g)
{
	struct glossary_reader *rd = xcalloc(1, sizeof *rd);
	rd->g = g;
	rd->last = xcalloc(g->n, sizeof *rd->last);
	rd->hook.find = find_terms;
	rd->hook.named = named_term;
	rd->hook.end = page_end;
	rd->hook.ud = rd;
	return rd;
}

const struct md_terms *
glossary_reader_hook(struct glossary_reader *rd)
{
	return &rd->hook;
}

size_t
glossary_reader_uses(const struct glossary_reader *rd, const struct page *pg, size_t **uses)
{
	if (rd->cur != pg || !rd->nused) {
		*uses = NULL;
		return 0;
	}
	*uses = xmalloc(rd->nused * sizeof **uses);
	memcpy(*uses, rd->used, rd->nused * sizeof **uses);
	return rd->nused;
}

void
glossary_reader_free(struct glossary_reader *rd)
{
	if (!rd)
		return;
	fold_map_free(&rd->nm);
	free(rd->best);
	free(rd->spans);
	free(rd->used);
	free(rd->last);
	free(rd);
}

void
glossary_note_uses(struct glossary *g, const struct page *pg, const size_t *uses, size_t n)
{
	struct value *link = NULL;
	size_t i;
	for (i = 0; i < n; i++) {
		struct term *t = &g->terms[uses[i]];
		if (!t->pages)
			continue;
		if (!link) {
			link = value_push(g->links, value_map());
			value_set(link, "title", value_str(pg->title ? pg->title : pg->out));
			value_set(link, "href", value_str(pg->out));
		}
		value_push(t->pages, link);
		t->used->boolean = 1;
	}
}


/* Hiragana without voicing marks, small kana as large ones. */
static utf8proc_int32_t
kana_base(utf8proc_int32_t cp)
{
	static const utf8proc_int32_t small[][2] = {{0x3041, 0x3042}, {0x3043, 0x3044},
		{0x3045, 0x3046}, {0x3047, 0x3048}, {0x3049, 0x304A}, {0x3063, 0x3064},
		{0x3083, 0x3084}, {0x3085, 0x3086}, {0x3087, 0x3088}, {0x308E, 0x308F},
		{0x3095, 0x304B}, {0x3096, 0x3051}};
	utf8proc_int32_t d[4];
	size_t i;
	if (cp == 0x3094)
		return 0x3046; /* ゔ */
	if (utf8proc_decompose_char(cp, d, 4, UTF8PROC_DECOMPOSE, NULL) == 2 &&
	    (d[1] == 0x3099 || d[1] == 0x309A))
		cp = d[0];
	for (i = 0; i < sizeof small / sizeof *small; i++)
		if (cp == small[i][0])
			return small[i][1];
	return cp;
}

/* The vowel (あいうえお) of a base hiragana, for a following ー; 0 when it has none. */
static utf8proc_int32_t
kana_vowel(utf8proc_int32_t cp)
{
	static const char rows[] = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほ"
				   "まみむめもや_ゆ_よらりるれろわゐ_ゑを";
	static const utf8proc_int32_t vowels[] = {0x3042, 0x3044, 0x3046, 0x3048, 0x304A};
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)rows;
	utf8proc_int32_t c;
	utf8proc_ssize_t k;
	size_t i;
	for (i = 0; *s; i++, s += k) {
		k = utf8proc_iterate(s, -1, &c);
		if (c == cp)
			return vowels[i % 5];
	}
	return 0;
}

struct sortkey {
	size_t term;
	const char *name;
	int group;
	utf8proc_int32_t *primary, *secondary; /* 0-terminated */
};

/*
 * The reading folded for 五十音 order: katakana as hiragana (secondary); then without
 * voicing, small kana as large and ー as the vowel before it (primary).
 */
static void
make_key(const struct term *t, size_t i, struct sortkey *k)
{
	char *folded = fold_term(t->reading);
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)folded;
	size_t n = strlen(folded), j = 0;
	utf8proc_int32_t cp, prev = 0;
	utf8proc_ssize_t len;
	k->term = i;
	k->name = t->term;
	k->primary = xcalloc(n + 1, sizeof *k->primary);
	k->secondary = xcalloc(n + 1, sizeof *k->secondary);
	for (; *s && (len = utf8proc_iterate(s, -1, &cp)) > 0; s += len, j++) {
		cp = fold_kana(cp);
		k->secondary[j] = cp;
		if (cp == 0x30FC && prev && kana_vowel(prev))
			cp = kana_vowel(prev);
		else
			cp = kana_base(cp);
		k->primary[j] = prev = cp;
	}
	cp = k->primary[0];
	if (cp >= 0x3042 && cp <= row_last[ROWS - 1])
		for (k->group = 0; cp > row_last[k->group]; k->group++)
			;
	else if (cp >= 'a' && cp <= 'z')
		k->group = GROUP_LATIN;
	else
		k->group = GROUP_OTHER;
	free(folded);
}

static int
cmp_cps(const utf8proc_int32_t *a, const utf8proc_int32_t *b)
{
	for (; *a && *a == *b; a++, b++)
		;
	return *a < *b ? -1 : *a > *b;
}

static int
cmp_keys(const void *x, const void *y)
{
	const struct sortkey *a = x, *b = y;
	int c;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if ((c = cmp_cps(a->primary, b->primary)) || (c = cmp_cps(a->secondary, b->secondary)))
		return c;
	if ((c = strcmp(a->name, b->name)))
		return c;
	return a->term < b->term ? -1 : a->term > b->term;
}

static struct value *
entry_value(struct glossary *g, struct term *t)
{
	struct value *e = value_map(), *list;
	char *href;
	size_t i;
	value_set(e, "id", value_str(t->id));
	value_set(e, "term", value_str(t->term));
	if (strcmp(t->reading, t->term) != 0)
		value_set(e, "reading", value_str(t->reading));
	if (t->en)
		value_set(e, "en", value_str(t->en));
	value_set(e, "definition", value_str(t->def_html ? t->def_html : ""));
	value_set(e, "has_aliases", value_bool(t->naliases > 0));
	list = value_set(e, "aliases", value_list());
	for (i = 0; i < t->naliases; i++)
		value_push(list, value_str(t->aliases[i]));
	value_set(e, "has_see", value_bool(t->nsee > 0));
	list = value_set(e, "see", value_list());
	for (i = 0; i < t->nsee; i++) {
		struct term *to = lookup(g, t->see[i]);
		struct value *s;
		if (!to)
			continue;
		href = xasprintf("#%s", to->id);
		s = value_push(list, value_map());
		value_set(s, "term", value_str(to->term));
		value_set(s, "href", value_str_take(href, strlen(href)));
	}
	t->used = value_set(e, "used", value_bool(0));
	t->pages = value_set(e, "pages", value_view());
	return e;
}

/* An entry as search indexes it: its heading's line, then its facts and definition. */
static void
entry_plain(const struct term *t, struct buf *plain)
{
	size_t i;
	buf_printf(plain, "%s\n", t->term);
	if (strcmp(t->reading, t->term) != 0)
		buf_printf(plain, "%s ", t->reading);
	if (t->en)
		buf_printf(plain, "%s ", t->en);
	for (i = 0; i < t->naliases; i++)
		buf_printf(plain, "%s ", t->aliases[i]);
	if (plain->data[plain->len - 1] == ' ')
		plain->data[plain->len - 1] = '\n';
	buf_puts(plain, t->def_plain ? t->def_plain : "");
	if (plain->data[plain->len - 1] != '\n')
		buf_putc(plain, '\n');
}

/*
 * The page's data: rows of entries in 五十音 order; pages fill in each entry's list as they
 * link it. Its text and headings (one per entry) let search find the entries.
 */
static void
build_page(struct glossary *g)
{
	struct sortkey *keys = xcalloc(g->n, sizeof *keys);
	struct value *rows = value_list(), *row = NULL, *entries = NULL;
	struct buf plain = BUF_INIT;
	struct page *pg = g->page;
	size_t i, n = 0, cap = 0;
	int group = -1;
	for (i = 0; i < g->n; i++)
		if (g->terms[i].term)
			make_key(&g->terms[i], i, &keys[n++]);
	qsort(keys, n, sizeof *keys, cmp_keys);
	for (i = 0; i < n; i++) {
		if (keys[i].group != group) {
			group = keys[i].group;
			row = value_push(rows, value_map());
			value_set(row, "id", value_str(group_ids[group]));
			value_set(row, "label", value_str(g->labels[group]));
			entries = value_set(row, "entries", value_list());
		}
		value_push(entries, entry_value(g, &g->terms[keys[i].term]));
		entry_plain(&g->terms[keys[i].term], &plain);
		pg->headings = xgrow(pg->headings, &cap, pg->nheadings + 1, sizeof *pg->headings);
		strmap_put(&pg->heading_ids, g->terms[keys[i].term].id, (void *)(pg->nheadings + 1));
		pg->headings[pg->nheadings].level = 3;
		pg->headings[pg->nheadings].id = xstrdup(g->terms[keys[i].term].id);
		pg->headings[pg->nheadings++].text = xstrdup(g->terms[keys[i].term].term);
		free(keys[i].primary);
		free(keys[i].secondary);
	}
	value_set(pg->data, "rows", rows);
	pg->plain = buf_detach(&plain);
	free(keys);
}

int
glossary_attach(struct glossary *g, const struct md_render_opts *o, const struct value *vars)
{
	struct md_render_opts bare = *o;
	struct buf b = BUF_INIT;
	size_t i;
	int rc = 0;

	bare.terms = NULL; /* definitions get no term links of their own */
	for (i = 0; i < g->n; i++) {
		struct term *t = &g->terms[i];
		if (!t->term)
			continue;
		buf_clear(&b);
		if (t->def && md_render_fragment(t->def, GLOSSARY_FILE, g->file, t->def_line, vars,
				      &bare, &b, &t->def_plain) < 0)
			rc = -1;
		t->def_html = xstrdup(buf_cstr(&b));
		buf_clear(&b);
		buf_printf(&b, "<a class=\"term\" href=\"%s#%s\" aria-describedby=\"def-%s\">",
			g->page->out, t->id, t->id);
		t->open = xstrdup(buf_cstr(&b));
		buf_clear(&b);
		buf_printf(&b, "<div class=\"term-tip\" role=\"tooltip\" id=\"def-%s\" hidden>\n"
			"<p class=\"term-tip-term\">", t->id);
		buf_put_html(&b, t->term, strlen(t->term));
		if (strcmp(t->reading, t->term) != 0) {
			buf_puts(&b, " <span class=\"term-tip-reading\">");
			buf_put_html(&b, t->reading, strlen(t->reading));
			buf_puts(&b, "</span>");
		}
		buf_puts(&b, "</p>\n");
		buf_puts(&b, t->def_html);
		buf_puts(&b, "</div>\n");
		t->tip = xstrdup(buf_cstr(&b));
	}
	buf_free(&b);
	if (g->page)
		build_page(g);
	return rc;
}

void
glossary_free(struct glossary *g)
{
	size_t i, j;
	if (!g)
		return;
	for (i = 0; i < g->n; i++) {
		struct term *t = &g->terms[i];
		free(t->term);
		free(t->reading);
		free(t->en);
		free(t->def);
		for (j = 0; j < t->nsee; j++)
			free(t->see[j]);
		free(t->see);
		free(t->see_line);
		free(t->see_col);
		for (j = 0; j < t->naliases; j++)
			free(t->aliases[j]);
		free(t->aliases);
		free(t->alias_line);
		free(t->alias_col);
		free(t->id);
		free(t->def_html);
		free(t->def_plain);
		free(t->open);
		free(t->tip);
	}
	for (i = 0; i < NGROUPS; i++)
		free(g->labels[i]);
	free(g->terms);
	free(g->names);
	strmap_free(&g->by_name);
	ac_free(&g->ac);
	value_free(g->links);
	free(g->file);
	free(g);
}
