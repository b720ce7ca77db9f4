#include "value.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"
#include "yaml.h"

static struct value *
value_new(enum value_kind kind)
{
	struct value *v = xcalloc(1, sizeof *v);
	v->kind = kind;
	return v;
}

struct value *
value_null(void)
{
	return value_new(VALUE_NULL);
}

struct value *
value_bool(int b)
{
	struct value *v = value_new(VALUE_BOOL);
	v->boolean = b != 0;
	return v;
}

struct value *
value_num(double d)
{
	struct value *v = value_new(VALUE_NUM);
	v->num = d;
	return v;
}

struct value *
value_strn(const char *s, size_t len)
{
	return value_str_take(xstrndup(s, len), len);
}

struct value *
value_str(const char *s)
{
	return value_strn(s, strlen(s));
}

struct value *
value_str_take(char *s, size_t len)
{
	struct value *v = value_new(VALUE_STR);
	v->str = s;
	v->len = len;
	return v;
}

struct value *
value_str_borrow(const char *s, size_t len)
{
	struct value *v = value_new(VALUE_STR);
	v->str = (char *)s;
	v->len = len;
	v->borrowed = 1;
	return v;
}

struct value *
value_list(void)
{
	return value_new(VALUE_LIST);
}

struct value *
value_view(void)
{
	struct value *v = value_new(VALUE_LIST);
	v->borrowed = 1;
	return v;
}

struct value *
value_map(void)
{
	return value_new(VALUE_MAP);
}

struct value *
value_open_map(void)
{
	struct value *v = value_new(VALUE_MAP);
	v->open = 1;
	return v;
}

struct value *
value_extend(const struct value *base)
{
	struct value *v = value_new(VALUE_MAP);
	v->base = base;
	return v;
}

struct value *
value_push(struct value *list, struct value *item)
{
	list->items = xgrow(list->items, &list->cap, list->n + 1, sizeof *list->items);
	list->items[list->n++] = item;
	return item;
}

struct value *
value_set(struct value *map, const char *key, struct value *v)
{
	size_t i;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0) {
			value_free(map->items[i]);
			map->items[i] = v;
			return v;
		}
	if (map->n + 1 > map->cap) {
		size_t cap = map->cap;
		map->items = xgrow(map->items, &cap, map->n + 1, sizeof *map->items);
		map->keys = xrealloc(map->keys, cap * sizeof *map->keys);
		map->cap = cap;
	}
	map->keys[map->n] = xstrdup(key);
	map->items[map->n++] = v;
	return v;
}

struct value *
value_get(const struct value *map, const char *key)
{
	/* What an open map holds under every name it lacks: null, and open in its turn. */
	static struct value anything = {.kind = VALUE_NULL, .open = 1};
	const struct value *m;
	size_t i;
	for (m = map; m && m->kind == VALUE_MAP; m = m->base)
		for (i = 0; i < m->n; i++) /* the first byte first: templates look up a lot */
			if (m->keys[i][0] == key[0] && strcmp(m->keys[i], key) == 0)
				return m->items[i];
	return map && map->open ? &anything : NULL;
}

int
value_truthy(const struct value *v)
{
	if (!v)
		return 0;
	switch (v->kind) {
	case VALUE_NULL: return 0;
	case VALUE_BOOL: return v->boolean;
	case VALUE_LIST: return v->n > 0;
	default: return 1;
	}
}

static int
is_number(const char *s)
{
	const char *p = s;
	int digits = 0;
	if (*p == '-' || *p == '+')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

struct value *
value_from_yaml(const struct ynode *n, int numbers)
{
	struct value *v;
	size_t i;
	if (!n)
		return value_null();
	switch (n->kind) {
	case YNODE_SCALAR:
		if (n->plain) {
			if (ynode_is_null(n))
				return value_null();
			if (!strcmp(n->str, "true") || !strcmp(n->str, "True") || !strcmp(n->str, "TRUE"))
				return value_bool(1);
			if (!strcmp(n->str, "false") || !strcmp(n->str, "False") ||
			    !strcmp(n->str, "FALSE"))
				return value_bool(0);
			if (numbers && is_number(n->str))
				return value_num(strtod(n->str, NULL));
		}
		return value_strn(n->str, n->len);
	case YNODE_SEQ:
		v = value_list();
		for (i = 0; i < n->n; i++)
			value_push(v, value_from_yaml(n->items[i], numbers));
		return v;
	case YNODE_MAP:
		v = value_map();
		for (i = 0; i < n->n; i++)
			value_set(v, n->keys[i]->str, value_from_yaml(n->items[i], numbers));
		return v;
	}
	return value_null();
}

void
value_json(const struct value *v, struct buf *out)
{
	size_t i;
	if (!v) {
		buf_puts(out, "null");
		return;
	}
	switch (v->kind) {
	case VALUE_NULL:
		buf_puts(out, "null");
		break;
	case VALUE_BOOL:
		buf_puts(out, v->boolean ? "true" : "false");
		break;
	case VALUE_NUM:
		if (v->num > -1e15 && v->num < 1e15 && v->num == (double)(long long)v->num)
			buf_printf(out, "%lld", (long long)v->num);
		else
			buf_printf(out, "%.15g", v->num);
		break;
	case VALUE_STR:
		json_put_string(out, v->str, v->len);
		break;
	case VALUE_LIST:
		buf_putc(out, '[');
		for (i = 0; i < v->n; i++) {
			if (i)
				buf_putc(out, ',');
			value_json(v->items[i], out);
		}
		buf_putc(out, ']');
		break;
	case VALUE_MAP:
		buf_putc(out, '{');
		for (i = 0; i < v->n; i++) {
			if (i)
				buf_putc(out, ',');
			json_put_string(out, v->keys[i], strlen(v->keys[i]));
			buf_putc(out, ':');
			value_json(v->items[i], out);
		}
		buf_putc(out, '}');
		break;
	}
}

void
value_free(struct value *v)
{
	size_t i;
	if (!v)
		return;
	if (v->kind == VALUE_STR && !v->borrowed)
		free(v->str);
	for (i = 0; i < v->n && !(v->kind == VALUE_LIST && v->borrowed); i++) {
		value_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v);
}
