#include "template.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "value.h"

/*
 * Limits that keep a hostile template from exhausting the stack or running for ever. Section
 * nesting is bounded per template when compiling; partials can only be bounded when rendering,
 * and together with sections they bound the depth of render_nodes' recursion. The step and
 * output limits stop templates whose work multiplies (partials or sections repeated inside
 * each other) long before a real layout would notice them. A step is a node rendered or a
 * context frame looked at: the table of contents of a page of 1.4 million headings takes
 * some 30 million.
 */
#define MAX_NESTING 100
#define MAX_PARTIAL_DEPTH 100
#define MAX_RENDER_DEPTH 1000
#define MAX_STEPS 50000000UL
#define MAX_OUTPUT_MIB 256UL
/* Searching for a delimiter costs its length per byte of text. */
#define MAX_DELIM 32

enum node_kind { NODE_TEXT, NODE_VAR, NODE_RAW, NODE_SECTION, NODE_INVERTED, NODE_PARTIAL };

enum partial_state { PARTIAL_UNRESOLVED, PARTIAL_OK, PARTIAL_MISSING, PARTIAL_BROKEN };

struct node {
	enum node_kind kind;
	int line, col; /* of the tag's first character, within the compiled source */
	size_t off, len; /* NODE_TEXT: bytes of the template's source */
	size_t end; /* sections: index of the first node after the section's content */
	char *name; /* as written, for diagnostics and for matching the closing tag */
	char **parts; /* name split at dots; none for "." */
	size_t nparts;
	char *indent; /* NODE_PARTIAL: the whitespace before a standalone partial tag */
	enum partial_state pstate; /* NODE_PARTIAL: resolved on first render, then kept */
	struct tmpl *partial;
	/*
	 * In some rendering of the set: the node was reached, its name was found. Pages render
	 * on several threads at once, each only setting these, so they are atomic.
	 */
	atomic_char reached, found;
};

struct tmpl {
	struct tmpl_set *set;
	char *file;
	int line_offset;
	int col_shift; /* indentation prepended to every line of an indented partial */
	char *src;
	size_t len;
	struct node *nodes;
	size_t n, cap;
	size_t id_base; /* nodes are numbered across the set, for per-render flags */
};

/* A partial compiled for one indentation; key is the name, a NUL, then the indentation. */
struct partial_entry {
	char *key;
	size_t keylen;
	enum partial_state state;
	struct tmpl *t;
};

struct tmpl_set {
	struct tmpl_opts opts;
	struct tmpl **all; /* every template compiled in this set, partials included */
	size_t nall, capall;
	struct partial_entry *ptab; /* open addressing, capacity a power of two */
	size_t pcap, pcount;
	size_t next_id;
	size_t resolved; /* checked sets: the templates in all whose partials are resolved */
};

static void
free_tmpl(struct tmpl *t)
{
	size_t i;
	if (!t)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->nodes[i].name);
		free(t->nodes[i].parts);
		free(t->nodes[i].indent);
	}
	free(t->nodes);
	free(t->src);
	free(t->file);
	free(t);
}

struct tmpl_set *
tmpl_set_new(const struct tmpl_opts *opts)
{
	struct tmpl_set *set = xcalloc(1, sizeof *set);
	if (opts)
		set->opts = *opts;
	return set;
}

void
tmpl_set_free(struct tmpl_set *set)
{
	size_t i;
	if (!set)
		return;
	for (i = 0; i < set->nall; i++)
		free_tmpl(set->all[i]);
	for (i = 0; i < set->pcap; i++)
		free(set->ptab[i].key);
	free(set->all);
	free(set->ptab);
	free(set);
}

/* Columns of an indented partial are reported as in the partial's own file. */
static int
source_col(const struct tmpl *t, int col)
{
	return col > t->col_shift ? col - t->col_shift : 1;
}

static void
vreport(const struct tmpl *t, int warning, int line, int col, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT;
	buf_vprintf(&msg, _(fmt), ap);
	if (warning)
		diag_warning(t->file, line + t->line_offset, source_col(t, col), "%s", buf_cstr(&msg));
	else
		diag_error(t->file, line + t->line_offset, source_col(t, col), "%s", buf_cstr(&msg));
	buf_free(&msg);
}

static void report(const struct tmpl *t, int warning, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
report(const struct tmpl *t, int warning, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(t, warning, line, col, fmt, ap);
	va_end(ap);
}

struct compiler {
	struct tmpl *t;
	const char *s; /* t->src */
	size_t len;
	size_t pos; /* start of the text not yet turned into a node */
	size_t scan; /* line and col are those of this offset */
	int line, col;
	int blank; /* the line holds only spaces and tabs up to scan, and no tag */
	const char *otag, *ctag;
	size_t olen, clen;
	size_t open[MAX_NESTING]; /* node indices of the sections not yet closed */
	size_t nopen;
	const size_t *verbatim; /* tmpl_compile_prose's ranges, as pairs of offsets */
	size_t nverbatim, next_verbatim; /* the first range that may still hold a tag's start */
};

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int
has_space(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (is_space((unsigned char)s[i]))
			return 1;
	return 0;
}

/* Move scan forward; every byte is looked at once, so long lines cost nothing extra. */
static void
scan_to(struct compiler *c, size_t to)
{
	for (; c->scan < to; c->scan++) {
		unsigned char ch = (unsigned char)c->s[c->scan];
		if (ch == '\n') {
			c->line++;
			c->col = 1;
			c->blank = 1;
			continue;
		}
		if ((ch & 0xC0) != 0x80)
			c->col++;
		if (ch != ' ' && ch != '\t')
			c->blank = 0;
	}
}

static const char *
find(const char *s, const char *end, const char *pat, size_t n)
{
	while ((size_t)(end - s) >= n) {
		const char *p = memchr(s, pat[0], (size_t)(end - s) - n + 1);
		if (!p)
			return NULL;
		if (memcmp(p, pat, n) == 0)
			return p;
		s = p + 1;
	}
	return NULL;
}

static struct node *
add_node(struct tmpl *t, enum node_kind kind, int line, int col)
{
	struct node *nd;
	t->nodes = xgrow(t->nodes, &t->cap, t->n + 1, sizeof *t->nodes);
	nd = &t->nodes[t->n++];
	memset(nd, 0, sizeof *nd);
	nd->kind = kind;
	nd->line = line;
	nd->col = col;
	return nd;
}

static void
add_text(struct compiler *c, size_t from, size_t to, int line, int col)
{
	struct node *nd;
	if (to <= from)
		return;
	nd = add_node(c->t, NODE_TEXT, line, col);
	nd->off = from;
	nd->len = to - from;
}

/* Split a name at its dots once, here, so rendering only compares keys. 0, or -1 if bad. */
static int
set_name(struct node *nd, const char *s, size_t n)
{
	size_t i, k = 1, start = 0;
	char *copy;
	nd->name = xstrndup(s, n);
	if (n == 0)
		return -1;
	if (n == 1 && s[0] == '.')
		return 0;
	if (has_space(s, n))
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] == '.')
			k++;
	nd->parts = xmalloc(k * sizeof *nd->parts + n + 1);
	copy = (char *)(nd->parts + k);
	memcpy(copy, s, n);
	copy[n] = '\0';
	for (i = 0; i <= n; i++) {
		if (i < n && copy[i] != '.')
			continue;
		if (i == start)
			return -1;
		copy[i] = '\0';
		nd->parts[nd->nparts++] = copy + start;
		start = i + 1;
	}
	return 0;
}

/* After a tag ending at off: the offset past the line's end if only blanks follow, else 0. */
static size_t
line_rest(const struct compiler *c, size_t off)
{
	while (off < c->len && (c->s[off] == ' ' || c->s[off] == '\t'))
		off++;
	if (off == c->len)
		return off;
	if (c->s[off] == '\n')
		return off + 1;
	if (c->s[off] == '\r' && off + 1 < c->len && c->s[off + 1] == '\n')
		return off + 2;
	return 0;
}

static int
set_delimiters(struct compiler *c, const char *s, size_t n, int line, int col)
{
	size_t a = 0, alen, b, blen;
	while (a < n && is_space((unsigned char)s[a]))
		a++;
	for (alen = 0; a + alen < n && !is_space((unsigned char)s[a + alen]); alen++)
		;
	for (b = a + alen; b < n && is_space((unsigned char)s[b]); b++)
		;
	for (blen = 0; b + blen < n && !is_space((unsigned char)s[b + blen]); blen++)
		;
	if (!alen || !blen || b + blen != n) {
		report(c->t, 0, line, col, "invalid set-delimiter tag: expected two delimiters "
			"separated by a space, as in '{{=<%% %%>=}}'");
		return -1;
	}
	if (alen > MAX_DELIM || blen > MAX_DELIM) {
		report(c->t, 0, line, col, "invalid set-delimiter tag: delimiters are limited to %d "
			"bytes", MAX_DELIM);
		return -1;
	}
	c->otag = s + a;
	c->olen = alen;
	c->ctag = s + b;
	c->clen = blen;
	return 0;
}

/* Turn one tag into a node, or change the delimiters; 0, or -1 after reporting. */
static int
compile_tag(struct compiler *c, char sigil, const char *s, size_t n, const char *indent,
	size_t ilen, int line, int col)
{
	struct tmpl *t = c->t;
	struct node *nd, *top;
	switch (sigil) {
	case '!':
		return 0;
	case '=':
		return set_delimiters(c, s, n, line, col);
	case '#':
	case '^':
		if (c->nopen == MAX_NESTING) {
			report(t, 0, line, col, "sections nested more than %d levels deep",
				MAX_NESTING);
			return -1;
		}
		nd = add_node(t, sigil == '#' ? NODE_SECTION : NODE_INVERTED, line, col);
		c->open[c->nopen++] = t->n - 1;
		break;
	case '/':
		if (!c->nopen) {
			report(t, 0, line, col, "closing tag '%.*s' without an open section", (int)n, s);
			return -1;
		}
		top = &t->nodes[c->open[c->nopen - 1]];
		if (strlen(top->name) != n || memcmp(top->name, s, n) != 0) {
			report(t, 0, line, col, "closing tag '%.*s' does not match '%s'", (int)n, s,
				top->name);
			return -1;
		}
		top->end = t->n;
		c->nopen--;
		return 0;
	case '>':
		nd = add_node(t, NODE_PARTIAL, line, col);
		nd->name = xstrndup(s, n);
		nd->indent = xstrndup(indent, ilen);
		if (!n) {
			report(t, 0, line, col, "partial tag without a name");
			return -1;
		}
		if (has_space(s, n)) {
			report(t, 0, line, col, "invalid partial name '%s'", nd->name);
			return -1;
		}
		return 0;
	case '{':
	case '&':
		nd = add_node(t, NODE_RAW, line, col);
		break;
	default:
		nd = add_node(t, NODE_VAR, line, col);
		break;
	}
	if (set_name(nd, s, n) < 0) {
		if (n)
			report(t, 0, line, col, "invalid name '%s'", nd->name);
		else
			report(t, 0, line, col, "tag without a name");
		return -1;
	}
	return 0;
}

/*
 * The next opening delimiter at or after from that does not start inside a verbatim range.
 * Ranges are passed once each, in order, so the search stays linear in the source.
 */
static const char *
find_open(struct compiler *c, size_t from)
{
	const char *end = c->s + c->len, *open;
	while ((open = find(c->s + from, end, c->otag, c->olen))) {
		size_t at = (size_t)(open - c->s);
		/* pairs of offsets: [2k] where range k starts, [2k + 1] where it ends */
		while (c->next_verbatim < c->nverbatim && c->verbatim[2 * c->next_verbatim + 1] <= at)
			c->next_verbatim++;
		if (c->next_verbatim == c->nverbatim || at < c->verbatim[2 * c->next_verbatim])
			return open;
		from = c->verbatim[2 * c->next_verbatim + 1];
	}
	return NULL;
}

static int
compile(struct compiler *c)
{
	const char *end = c->s + c->len;
	size_t i;
	int rc = 0;
	for (;;) {
		const char *open = find_open(c, c->pos), *close, *s;
		char closing[MAX_DELIM + 2], sigil;
		size_t at, body, after, next, ws, n;
		/* Text starts where the last tag's line ended, which scan has reached. */
		int tline = c->line, tcol = c->col, line, col, standalone;
		if (!open) {
			add_text(c, c->pos, c->len, tline, tcol);
			break;
		}
		at = (size_t)(open - c->s);
		scan_to(c, at);
		line = c->line;
		col = c->col;
		body = at + c->olen;
		sigil = body < c->len ? c->s[body] : '\0';
		if (sigil && strchr("{&#^/!>=", sigil))
			body++;
		else
			sigil = '\0';
		/* Triple mustaches and delimiter tags close with a character before the delimiter. */
		n = 0;
		if (sigil == '{' || sigil == '=')
			closing[n++] = sigil == '{' ? '}' : '=';
		memcpy(closing + n, c->ctag, c->clen);
		n += c->clen;
		closing[n] = '\0';
		close = find(c->s + body, end, closing, n);
		if (!close) {
			report(c->t, 0, line, col, "unclosed tag: expected '%s'", closing);
			rc = -1;
			break;
		}
		after = (size_t)(close - c->s) + n;
		/* A standalone tag takes its whole line with it, indentation and newline. */
		next = sigil && !strchr("{&", sigil) && c->blank ? line_rest(c, after) : 0;
		standalone = next != 0;
		ws = at;
		if (standalone)
			while (ws > c->pos && (c->s[ws - 1] == ' ' || c->s[ws - 1] == '\t'))
				ws--;
		else
			next = after;
		add_text(c, c->pos, ws, tline, tcol);
		s = c->s + body;
		n = (size_t)(close - s);
		while (n && is_space((unsigned char)*s))
			s++, n--;
		while (n && is_space((unsigned char)s[n - 1]))
			n--;
		if (compile_tag(c, sigil, s, n, c->s + ws, at - ws, line, col) < 0) {
			rc = -1;
			break;
		}
		c->pos = next;
		scan_to(c, next);
		c->blank = standalone;
	}
	if (rc == 0)
		for (i = 0; i < c->nopen; i++) {
			const struct node *nd = &c->t->nodes[c->open[i]];
			report(c->t, 0, nd->line, nd->col, "unclosed section '%s'", nd->name);
			rc = -1;
		}
	return rc;
}

/* The spec indents a standalone partial by prefixing every line of its source. */
static char *
indent_source(const char *src, size_t len, const char *indent, size_t ilen, size_t *outlen)
{
	struct buf b = BUF_INIT;
	size_t i, start = 0;
	for (i = 0; i < len; i++)
		if (src[i] == '\n') {
			buf_put(&b, indent, ilen);
			buf_put(&b, src + start, i + 1 - start);
			start = i + 1;
		}
	if (start < len) {
		buf_put(&b, indent, ilen);
		buf_put(&b, src + start, len - start);
	}
	*outlen = b.len;
	return buf_detach(&b);
}

static struct tmpl *
compile_source(struct tmpl_set *set, const char *file, int line_offset, const char *src,
	size_t len, const char *indent, size_t ilen, const size_t *verbatim, size_t nverbatim)
{
	struct tmpl *t = xcalloc(1, sizeof *t);
	struct compiler c;
	t->set = set;
	t->file = file ? xstrdup(file) : NULL;
	t->line_offset = line_offset;
	if (!src)
		len = 0;
	if (ilen) {
		t->src = indent_source(src, len, indent, ilen, &t->len);
		t->col_shift = (int)ilen;
	} else {
		t->src = xstrndup(len ? src : "", len);
		t->len = len;
	}
	memset(&c, 0, sizeof c);
	c.t = t;
	c.s = t->src;
	c.len = t->len;
	c.line = c.col = 1;
	c.blank = 1;
	c.otag = "{{";
	c.ctag = "}}";
	c.olen = c.clen = 2;
	c.verbatim = verbatim;
	c.nverbatim = nverbatim;
	if (compile(&c) < 0) {
		free_tmpl(t);
		return NULL;
	}
	t->id_base = set->next_id;
	set->next_id += t->n;
	set->all = xgrow(set->all, &set->capall, set->nall + 1, sizeof *set->all);
	set->all[set->nall++] = t;
	return t;
}

static void resolve_partial(struct tmpl_set *set, struct node *nd);

/*
 * A checked set (a theme's) is rendered from several threads at once, so it must not change
 * while rendering: its partials, and theirs, are found and compiled with the template, and
 * their syntax errors reported then, in the order of the templates.
 */
struct tmpl *
tmpl_compile(struct tmpl_set *set, const char *file, int line_offset, const char *src,
	size_t len)
{
	struct tmpl *t = compile_source(set, file, line_offset, src, len, NULL, 0, NULL, 0);
	size_t k;
	if (!set->opts.checked)
		return t;
	for (; set->resolved < set->nall; set->resolved++) {
		struct tmpl *u = set->all[set->resolved];
		for (k = 0; k < u->n; k++)
			if (u->nodes[k].kind == NODE_PARTIAL && u->nodes[k].pstate == PARTIAL_UNRESOLVED)
				resolve_partial(set, &u->nodes[k]);
	}
	return t;
}

struct tmpl *
tmpl_compile_prose(struct tmpl_set *set, const char *file, int line_offset, const char *src,
	size_t len, const size_t *verbatim, size_t nverbatim)
{
	return compile_source(set, file, line_offset, src, len, NULL, 0, verbatim, nverbatim);
}

static struct partial_entry *
partial_slot(struct partial_entry *tab, size_t cap, const char *key, size_t keylen)
{
	size_t i = (size_t)hash_bytes(key, keylen) & (cap - 1);
	while (tab[i].key && (tab[i].keylen != keylen || memcmp(tab[i].key, key, keylen) != 0))
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static void
partial_grow(struct tmpl_set *set)
{
	size_t cap = set->pcap ? set->pcap * 2 : 16, i;
	struct partial_entry *tab = xcalloc(cap, sizeof *tab);
	for (i = 0; i < set->pcap; i++)
		if (set->ptab[i].key)
			*partial_slot(tab, cap, set->ptab[i].key, set->ptab[i].keylen) = set->ptab[i];
	free(set->ptab);
	set->ptab = tab;
	set->pcap = cap;
}

/*
 * Find or compile the partial a node names, once per set for each name and indentation; the
 * partial's name stands for its file in diagnostics. Outside checked sets this happens on
 * first render, which therefore changes the set: such a set must not be rendered from two
 * threads at once.
 */
static void
resolve_partial(struct tmpl_set *set, struct node *nd)
{
	size_t nlen = strlen(nd->name), ilen = strlen(nd->indent), keylen = nlen + 1 + ilen, len;
	char *key = xmalloc(keylen + 1);
	struct partial_entry *e;
	const char *src, *file = NULL;
	memcpy(key, nd->name, nlen + 1);
	memcpy(key + nlen + 1, nd->indent, ilen + 1);
	if ((set->pcount + 1) * 2 > set->pcap)
		partial_grow(set);
	e = partial_slot(set->ptab, set->pcap, key, keylen);
	if (e->key) {
		free(key);
	} else {
		src = set->opts.partial ? set->opts.partial(set->opts.partial_ud, nd->name, &len,
			&file) : NULL;
		/* Compiling may report errors, which then are not repeated for every page. */
		e->t = src ? compile_source(set, file ? file : nd->name, 0, src, len, nd->indent, ilen,
				   NULL, 0) :
			NULL;
		e->state = !src ? PARTIAL_MISSING : e->t ? PARTIAL_OK : PARTIAL_BROKEN;
		/* compile_source cannot touch the table, so e is still the slot. */
		e->key = key;
		e->keylen = keylen;
		set->pcount++;
	}
	nd->pstate = e->state;
	nd->partial = e->t;
}

struct render {
	struct tmpl_set *set;
	struct buf *out;
	size_t out_start;
	const struct value **stack;
	size_t nstack, capstack;
	int depth, partial_depth;
	unsigned long steps;
	int no_partials; /* a depth limit was hit: expand no more partials */
	int stop; /* the step or output limit was hit: render nothing more */
	int limited; /* a limit has been reported */
	int failed;
	const struct tmpl **partials; /* the partials being rendered, outermost first */
	size_t npartials, cappartials;
	unsigned char *seen; /* bit per node id: already reported in this render */
	size_t seen_bytes;
	struct tmpl_pos *map; /* tmpl_render_mapped: where each piece of output came from */
	size_t nmap, capmap;
};

static void render_nodes(struct render *r, struct tmpl *t, size_t from, size_t to);

/* Set a node's flag; read first, so that threads do not keep writing the same line. */
static void
mark(atomic_char *flag)
{
	if (!atomic_load_explicit(flag, memory_order_relaxed))
		atomic_store_explicit(flag, 1, memory_order_relaxed);
}

/* Report a problem at node i once per render; an error in strict mode, else nothing. */
static void render_error(struct render *r, const struct tmpl *t, size_t i, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
render_error(struct render *r, const struct tmpl *t, size_t i, const char *fmt, ...)
{
	size_t id = t->id_base + i, need = id / 8 + 1;
	va_list ap;
	if (!r->set->opts.strict)
		return;
	if (need > r->seen_bytes) {
		size_t old = r->seen_bytes, want = r->set->next_id / 8 + 1;
		r->seen = xrealloc(r->seen, want);
		memset(r->seen + old, 0, want - old);
		r->seen_bytes = want;
	}
	if (r->seen[id / 8] & (1u << (id % 8)))
		return;
	r->seen[id / 8] |= (unsigned char)(1u << (id % 8));
	r->failed = 1;
	va_start(ap, fmt);
	vreport(t, 0, t->nodes[i].line, t->nodes[i].col, fmt, ap);
	va_end(ap);
}

/* Report a limit once per render: an error in strict mode, else a warning. */
static void render_limit(struct render *r, const struct tmpl *t, size_t i, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
render_limit(struct render *r, const struct tmpl *t, size_t i, const char *fmt, ...)
{
	va_list ap;
	int error = r->set->opts.strict || r->set->opts.checked;
	r->no_partials = 1;
	if (r->limited)
		return;
	r->limited = 1;
	if (error)
		r->failed = 1;
	va_start(ap, fmt);
	vreport(t, !error, t->nodes[i].line, t->nodes[i].col, fmt, ap);
	va_end(ap);
}

static int
enter(struct render *r, const struct tmpl *t, size_t i)
{
	if (r->depth >= MAX_RENDER_DEPTH) {
		render_limit(r, t, i, "sections and partials nested more than %d levels deep",
			MAX_RENDER_DEPTH);
		return 0;
	}
	r->depth++;
	return 1;
}

static void
push(struct render *r, const struct value *v)
{
	r->stack = xgrow(r->stack, &r->capstack, r->nstack + 1, sizeof *r->stack);
	r->stack[r->nstack++] = v;
}

/*
 * The first part is looked up down the context stack, the others only in what it found.
 * Each frame looked at counts as a step: a name missing under a thousand nested sections,
 * looked up ten million times, would otherwise run for minutes within the step limit.
 */
static const struct value *
lookup(struct render *r, const struct node *nd)
{
	const struct value *v = NULL;
	size_t i;
	if (!nd->nparts)
		return r->nstack ? r->stack[r->nstack - 1] : NULL;
	for (i = r->nstack; i-- > 0 && !v; r->steps++)
		v = value_get(r->stack[i], nd->parts[0]);
	for (i = 1; v && i < nd->nparts; i++)
		v = value_get(v, nd->parts[i]);
	return v;
}

static void
put_text(struct render *r, const struct node *nd, const char *s, size_t n)
{
	if (nd->kind == NODE_RAW)
		buf_put(r->out, s, n);
	else if (r->set->opts.escape)
		r->set->opts.escape(r->out, s, n);
	else
		buf_put_html(r->out, s, n);
}

static void
put_value(struct render *r, const struct tmpl *t, size_t i, const struct value *v)
{
	const struct node *nd = &t->nodes[i];
	char num[64];
	double d;
	switch (v->kind) {
	case VALUE_NULL:
		break;
	case VALUE_BOOL:
		put_text(r, nd, v->boolean ? "true" : "false", v->boolean ? 4 : 5);
		break;
	case VALUE_NUM:
		/* Integers print whole while exact; otherwise 15 digits drop binary noise (1.21). */
		d = v->num == 0 ? 0 : v->num;
		if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && d == (double)(long long)d)
			snprintf(num, sizeof num, "%lld", (long long)d);
		else
			snprintf(num, sizeof num, "%.15g", d);
		put_text(r, nd, num, strlen(num));
		break;
	case VALUE_STR:
		put_text(r, nd, v->str, v->len);
		break;
	case VALUE_LIST:
	case VALUE_MAP:
		if (v->kind == VALUE_LIST)
			render_error(r, t, i, "'%s' is a list, not a single value", nd->name);
		else
			render_error(r, t, i, "'%s' is a map, not a single value", nd->name);
		break;
	}
}

static void
render_section(struct render *r, struct tmpl *t, size_t i, const struct value *v)
{
	const struct node *nd = &t->nodes[i];
	size_t k;
	if (!enter(r, t, i))
		return;
	if (v->kind == VALUE_LIST) {
		for (k = 0; k < v->n && !r->stop; k++) {
			push(r, v->items[k]);
			render_nodes(r, t, i + 1, nd->end);
			r->nstack--;
		}
	} else {
		push(r, v);
		render_nodes(r, t, i + 1, nd->end);
		r->nstack--;
	}
	r->depth--;
}

static void
render_partial(struct render *r, struct tmpl *t, size_t i)
{
	struct node *nd = &t->nodes[i];
	if (r->no_partials)
		return;
	if (nd->pstate == PARTIAL_UNRESOLVED)
		resolve_partial(t->set, nd);
	if (nd->pstate == PARTIAL_MISSING) {
		if (r->set->opts.checked) { /* once, not on every page */
			diag_once(nd);
			report(t, 0, nd->line, nd->col, "unknown partial '%s'", nd->name);
		}
		mark(&nd->reached);
		render_error(r, t, i, "unknown partial '%s'", nd->name);
		return;
	}
	if (nd->pstate == PARTIAL_BROKEN) {
		r->failed = 1;
		return;
	}
	if (r->set->opts.checked) {
		/* A theme has no use for recursion, which Mustache allows through data. */
		size_t k;
		for (k = 0; k < r->npartials; k++)
			if (r->partials[k] == nd->partial) {
				diag_once(nd);
				report(t, 0, nd->line, nd->col, "partial '%s' includes itself", nd->name);
				return;
			}
	}
	if (r->partial_depth >= MAX_PARTIAL_DEPTH) {
		render_limit(r, t, i, "partial '%s' nested more than %d levels deep", nd->name,
			MAX_PARTIAL_DEPTH);
		return;
	}
	if (!enter(r, t, i))
		return;
	r->partial_depth++;
	r->partials = xgrow(r->partials, &r->cappartials, r->npartials + 1, sizeof *r->partials);
	r->partials[r->npartials++] = nd->partial;
	render_nodes(r, nd->partial, 0, nd->partial->n);
	r->npartials--;
	r->partial_depth--;
	r->depth--;
}

/* Before node nd is output: remember where its output starts and where it came from. */
static void
map_node(struct render *r, const struct tmpl *t, const struct node *nd)
{
	struct tmpl_pos *p;
	r->map = xgrow(r->map, &r->capmap, r->nmap + 1, sizeof *r->map);
	p = &r->map[r->nmap++];
	p->out = r->out->len - r->out_start;
	p->src = nd->off;
	p->line = nd->line + t->line_offset;
	p->col = nd->col;
	p->text = nd->kind == NODE_TEXT;
}

void
tmpl_map_find(const struct tmpl_pos *map, size_t n, const char *src, size_t off,
	struct tmpl_cursor *cur, int *line, int *col)
{
	size_t lo = 0, hi = n, at, end;
	const struct tmpl_pos *p;
	*line = 1;
	*col = 1;
	if (!n)
		return;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (map[mid].out <= off)
			lo = mid;
		else
			hi = mid;
	}
	p = &map[lo];
	*line = p->line;
	*col = p->col;
	if (!p->text)
		return;
	at = p->src;
	if (cur && cur->valid && cur->piece == lo && cur->out <= off) {
		at = cur->src;
		*line = cur->line;
		*col = cur->col;
	}
	end = p->src + (off - p->out);
	for (; at < end && src[at]; at++) {
		unsigned char c = (unsigned char)src[at];
		if (c == '\n') {
			++*line;
			*col = 1;
		} else if ((c & 0xC0) != 0x80) {
			++*col;
		}
	}
	if (cur) {
		cur->valid = 1;
		cur->piece = lo;
		cur->out = p->out + (at - p->src);
		cur->src = at;
		cur->line = *line;
		cur->col = *col;
	}
}

static void
render_nodes(struct render *r, struct tmpl *t, size_t from, size_t to)
{
	size_t i;
	for (i = from; i < to && !r->stop; i++) {
		struct node *nd = &t->nodes[i];
		const struct value *v;
		if (++r->steps > MAX_STEPS) {
			render_limit(r, t, i, "rendering stopped after %lu steps: sections or partials "
				"multiply too much", MAX_STEPS);
			r->stop = 1;
			break;
		}
		if (r->out->len - r->out_start > (MAX_OUTPUT_MIB << 20)) {
			render_limit(r, t, i, "rendering stopped: output larger than %lu MiB",
				MAX_OUTPUT_MIB);
			r->stop = 1;
			break;
		}
		if (r->map && nd->kind != NODE_SECTION && nd->kind != NODE_INVERTED)
			map_node(r, t, nd);
		switch (nd->kind) {
		case NODE_TEXT:
			buf_put(r->out, t->src + nd->off, nd->len);
			break;
		case NODE_VAR:
		case NODE_RAW:
			mark(&nd->reached);
			if ((v = lookup(r, nd))) {
				mark(&nd->found);
				put_value(r, t, i, v);
			} else {
				render_error(r, t, i, "unknown variable '%s'", nd->name);
			}
			break;
		case NODE_SECTION:
		case NODE_INVERTED:
			mark(&nd->reached);
			if ((v = lookup(r, nd)))
				mark(&nd->found);
			else
				render_error(r, t, i, "unknown variable '%s'", nd->name);
			if (nd->kind == NODE_SECTION && value_truthy(v)) {
				render_section(r, t, i, v);
			} else if (nd->kind == NODE_INVERTED && !value_truthy(v) && enter(r, t, i)) {
				render_nodes(r, t, i + 1, nd->end);
				r->depth--;
			}
			i = nd->end - 1;
			break;
		case NODE_PARTIAL:
			render_partial(r, t, i);
			break;
		}
	}
}

int
tmpl_set_check(struct tmpl_set *set, int (*known)(void *ud, const char *name), void *ud)
{
	size_t i, k;
	int rc = 0;
	for (i = 0; i < set->nall; i++) {
		const struct tmpl *t = set->all[i];
		for (k = 0; k < t->n; k++) {
			const struct node *nd = &t->nodes[k];
			if (nd->kind == NODE_TEXT || nd->kind == NODE_PARTIAL || !nd->nparts ||
			    !nd->reached || nd->found || known(ud, nd->name))
				continue;
			report(t, 0, nd->line, nd->col, "unknown variable '%s': no page has it, and "
				"the default theme uses no such name", nd->name);
			rc = -1;
		}
	}
	return rc;
}

void
tmpl_each_name(const struct tmpl *t, void (*fn)(void *ud, const char *name), void *ud)
{
	size_t i;
	for (i = 0; i < t->n; i++)
		if (t->nodes[i].kind != NODE_TEXT && t->nodes[i].kind != NODE_PARTIAL &&
		    t->nodes[i].nparts)
			fn(ud, t->nodes[i].name);
}

static int
render(struct tmpl *t, const struct value *ctx, struct buf *out, struct tmpl_pos **map,
	size_t *nmap)
{
	struct render r;
	if (!t)
		return -1;
	memset(&r, 0, sizeof r);
	if (map) {
		r.map = xmalloc(sizeof *r.map);
		r.capmap = 1;
	}
	r.set = t->set;
	r.out = out;
	r.out_start = out->len;
	if (ctx)
		push(&r, ctx);
	render_nodes(&r, t, 0, t->n);
	buf_cstr(out);
	free(r.stack);
	free(r.seen);
	free(r.partials);
	if (map) {
		*map = r.map;
		*nmap = r.nmap;
	}
	return r.failed ? -1 : 0;
}

int
tmpl_render(struct tmpl *t, const struct value *ctx, struct buf *out)
{
	return render(t, ctx, out, NULL, NULL);
}

int
tmpl_render_mapped(struct tmpl *t, const struct value *ctx, struct buf *out,
	struct tmpl_pos **map, size_t *nmap)
{
	return render(t, ctx, out, map, nmap);
}
