#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static void
oom(void)
{
	/* gettext gives the English back when it cannot allocate */
	fputs("kenshu: error: ", stderr);
	fputs(_("out of memory"), stderr);
	fputc('\n', stderr);
	exit(3);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void *
xgrow(void *array, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 8;
	if (need <= *cap)
		return array;
	while (n < need) {
		if (n > ((size_t)-1) / 2 / elem)
			oom();
		n *= 2;
	}
	*cap = n;
	return xrealloc(array, n * elem);
}

/* What every empty buffer points at; never written (a buffer writes only bytes it owns). */
char buf_empty[1];

void
buf_reserve(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need < b->len)
		oom();
	if (need > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < need) {
			if (cap > ((size_t)-1) / 2)
				oom();
			cap *= 2;
		}
		if (b->cap) {
			b->data = xrealloc(b->data, cap);
		} else {
			b->data = xmalloc(cap);
			b->data[0] = '\0';
		}
		b->cap = cap;
	}
}

void
buf_put(struct buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, int c)
{
	buf_reserve(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n;
	buf_reserve(b, 64);
	va_copy(copy, ap);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		buf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_put_html(struct buf *b, const char *s, size_t n)
{
	size_t i, start = 0;
	for (i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_put(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_put(b, s + start, n - start);
}

const char *
buf_cstr(const struct buf *b)
{
	return b->data;
}

char *
buf_detach(struct buf *b)
{
	char *p;
	if (!b->cap)
		buf_reserve(b, 0);
	p = b->data;
	b->data = buf_empty;
	b->len = b->cap = 0;
	return p;
}

void
buf_truncate(struct buf *b, size_t len)
{
	b->len = len;
	if (b->cap)
		b->data[len] = '\0';
}

void
buf_clear(struct buf *b)
{
	buf_truncate(b, 0);
}

void
buf_free(struct buf *b)
{
	if (b->cap)
		free(b->data);
	b->data = buf_empty;
	b->len = b->cap = 0;
}

const char *
str_find(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	if (!n)
		return s;
	for (; (s = strchr(s, needle[0])); s++)
		if (!strncmp(s, needle, n))
			return s;
	return NULL;
}

int
str_is_id(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

int
str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int
str_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

const char *
str_excerpt(struct excerpt *e, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;
	int n, k;
	for (n = 0; *p && n < EXCERPT_CHARS; n++) {
		if (*p == '\n' || *p == '\r' || *p == '\t') {
			e->s[o++] = '\\';
			e->s[o++] = *p == '\n' ? 'n' : *p == '\r' ? 'r' : 't';
			p++;
		} else if (*p < 0x20 || *p == 0x7F) {
			o += (size_t)sprintf(e->s + o, "\\x%02X", *p++);
		} else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			/* C1 controls: some terminals obey them */
			o += (size_t)sprintf(e->s + o, "\\u%04X", p[1]);
			p += 2;
		} else {
			k = 0;
			do
				e->s[o++] = (char)*p++;
			while (++k < 4 && (*p & 0xC0) == 0x80);
		}
	}
	if (*p) {
		memcpy(e->s + o, "...", 3);
		o += 3;
	}
	e->s[o] = '\0';
	return e->s;
}

unsigned long long
hash_more(unsigned long long h, const void *data, size_t len)
{
	const unsigned char *s = data;
	size_t i;
	for (i = 0; i < len; i++)
		h = (h ^ s[i]) * 1099511628211ull;
	return h;
}

unsigned long long
hash_bytes(const void *data, size_t len)
{
	return hash_more(HASH_START, data, len);
}

uint32_t
hash_bytes32(const void *data, size_t len)
{
	const unsigned char *s = data;
	uint32_t h = 2166136261u;
	size_t i;
	for (i = 0; i < len; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

int
str_is_digits(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
str_is_date(const char *s, size_t n)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	if (n != 10 || !str_is_digits(s, 4) || s[4] != '-' || !str_is_digits(s + 5, 2) ||
	    s[7] != '-' || !str_is_digits(s + 8, 2))
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	if (m == 2 && d == 29)
		return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
	return d <= days[m - 1];
}

static int
is_taken(const struct strmap *taken, const char *name,
	int (*refuse)(const char *name, const void *ctx), const void *ctx)
{
	return strmap_get(taken, name) || (refuse && refuse(name, ctx));
}

char *
unique_name(const struct strmap *taken, const char *base, size_t first, struct strmap *next,
	int (*refuse)(const char *name, const void *ctx), const void *ctx)
{
	size_t k;
	char *name;
	if (!is_taken(taken, base, refuse, ctx))
		return xstrdup(base);
	k = next ? (size_t)strmap_get(next, base) : 0;
	k = k < first ? first : k + 1;
	for (;; k++) {
		name = xasprintf("%s-%zu", base, k);
		if (!is_taken(taken, name, refuse, ctx))
			break;
		free(name);
	}
	if (next)
		strmap_put(next, base, (void *)k);
	return name;
}

static size_t
hash_str(const char *s)
{
	return (size_t)hash_bytes(s, strlen(s));
}

static size_t
strmap_slot(const struct strmap *m, const char *key)
{
	size_t i = hash_str(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

void *
strmap_put(struct strmap *m, const char *key, void *val)
{
	size_t i;
	void *old;
	if ((m->n + 1) * 2 > m->cap) {
		struct strmap bigger = {NULL, NULL, 0, m->cap ? m->cap * 2 : 16};
		bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
		bigger.vals = xcalloc(bigger.cap, sizeof *bigger.vals);
		for (i = 0; i < m->cap; i++)
			if (m->keys[i]) {
				size_t j = strmap_slot(&bigger, m->keys[i]);
				bigger.keys[j] = m->keys[i];
				bigger.vals[j] = m->vals[i];
				bigger.n++;
			}
		free(m->keys);
		free(m->vals);
		*m = bigger;
	}
	i = strmap_slot(m, key);
	if (m->keys[i]) {
		old = m->vals[i];
		m->vals[i] = val;
		return old;
	}
	m->keys[i] = xstrdup(key);
	m->vals[i] = val;
	m->n++;
	return NULL;
}

void *
strmap_get(const struct strmap *m, const char *key)
{
	size_t i;
	if (!m->cap)
		return NULL;
	i = strmap_slot(m, key);
	return m->keys[i] ? m->vals[i] : NULL;
}

void
strmap_free(struct strmap *m)
{
	size_t i;
	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->n = m->cap = 0;
}
