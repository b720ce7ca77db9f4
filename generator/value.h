/*
 * value: the data that templates are rendered against, a small JSON-like tree (null, bool,
 * number, string, list, map). The renderer builds one per page; organisation variables from
 * site.yaml are converted into one with value_from_yaml.
 *
 * Ownership: a value owns its children; value_push and value_set take ownership of the item.
 * Strings are copied, except with value_str_borrow, whose bytes must outlive the value (used
 * for large shared HTML such as the navigation). A view is a list of borrowed items, which
 * must outlive it (part of a shared list). A map made by value_extend looks up the names it
 * lacks in its base map, which it borrows (which must outlive it): a page marks its own entry
 * of the shared navigation without changing what other pages, on other threads, read.
 * value_free accepts NULL.
 */
#ifndef KENSHU_VALUE_H
#define KENSHU_VALUE_H

#include <stddef.h>

#include "util.h"

struct ynode;

enum value_kind { VALUE_NULL, VALUE_BOOL, VALUE_NUM, VALUE_STR, VALUE_LIST, VALUE_MAP };

struct value {
	enum value_kind kind;
	int boolean;
	double num;
	char *str; /* VALUE_STR: NUL-terminated */
	size_t len;
	int borrowed; /* str, or a view's items, not ours to free */
	struct value **items; /* list items, or map values */
	char **keys; /* map keys, parallel to items */
	size_t n, cap;
	const struct value *base; /* a map's: where the names it lacks are looked up */
	int open; /* every name is in it (value_open_map) */
};

struct value *value_null(void);
struct value *value_bool(int b);
struct value *value_num(double d);
struct value *value_str(const char *s);
struct value *value_strn(const char *s, size_t len);
struct value *value_str_take(char *s, size_t len); /* takes ownership of malloc'd s */
struct value *value_str_borrow(const char *s, size_t len);
struct value *value_list(void);
struct value *value_view(void);
struct value *value_map(void);
/*
 * A map in which every name is present and null, and every name under those too: it stands
 * for data whose source is in error and was reported there (site.yaml's 'organization' key
 * misspelt), so that the uses of that data are not each reported again as unknown.
 */
struct value *value_open_map(void);
/* An empty map that extends base (a map; borrowed). */
struct value *value_extend(const struct value *base);

/* Append item to a list; returns item. */
struct value *value_push(struct value *list, struct value *item);
/* Set key in a map, replacing an earlier value; returns v. */
struct value *value_set(struct value *map, const char *key, struct value *v);
/* Borrowed lookup; NULL when map is not a map or has no such key (and is not open). */
struct value *value_get(const struct value *map, const char *key);
/* Mustache truthiness: false for null, false, empty list; true otherwise (also "" and 0). */
int value_truthy(const struct value *v);
/*
 * Convert a YAML tree. Plain scalars resolve true/false and null/~; with numbers set they
 * also resolve integers and floats (as the Mustache spec data needs), otherwise they keep
 * their text (so an organisation's "0120" or "1.10" prints as written).
 */
struct value *value_from_yaml(const struct ynode *n, int numbers);
/*
 * Append v as JSON. '<', '>' and '&' are written as \u escapes, so the result can stand
 * inside a <script> element or an HTML attribute as it is.
 */
void value_json(const struct value *v, struct buf *out);
void value_free(struct value *v);

#endif
