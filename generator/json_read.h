/*
 * json_read: a small strict JSON parser (RFC 8259) for files that come from outside, such as
 * the records exports of assets/records.js. It builds a tree in which every value remembers
 * the line and column where it starts, so a caller can report a bad record where the author
 * sees it. libyaml is not used for this: JSON's escapes (\u surrogate pairs, \/) and its
 * number and keyword syntax are not YAML 1.1's.
 *
 * Strict where a guess could change a record: a name given twice in one object, a \u0000
 * (C strings would end there), a control character or a line break inside a string and text
 * after the value are errors. Numbers keep the digits as written (a score is shown as it
 * was exported); a lone surrogate escape becomes U+FFFD. The input must already be valid
 * UTF-8 without NUL bytes. Limits on string length, the number of values and nesting are the
 * caller's, so that no file can make the tree grow without bound or the parser recurse
 * deeply.
 *
 * Ownership: json_read returns a tree that the caller frees with json_read_free (accepts
 * NULL); a value owns its children, keys and text. json_read_get borrows.
 */
#ifndef KENSHU_JSON_READ_H
#define KENSHU_JSON_READ_H

#include <stddef.h>

#include "util.h"

enum json_kind { JSON_NULL, JSON_BOOL, JSON_NUM, JSON_STR, JSON_ARR, JSON_OBJ };

struct json_value {
	enum json_kind kind;
	int line, col; /* where the value starts */
	char *text; /* JSON_STR: the decoded string; JSON_NUM, JSON_BOOL: as written */
	struct json_value **items; /* JSON_ARR, JSON_OBJ */
	char **keys; /* JSON_OBJ: the names, parallel to items */
	size_t n, cap;
};

struct json_limits {
	size_t max_text; /* bytes in one decoded string or one number */
	size_t max_values; /* values in the whole text */
	int max_depth; /* arrays and objects inside one another */
};

/*
 * Parse len bytes of text. NULL when the text is not one JSON value within the limits; then
 * err receives what is wrong ("broken JSON: ..." for a syntax error) and *line, *col where
 * it was found.
 */
struct json_value *json_read(const char *text, size_t len, const struct json_limits *lim,
	struct buf *err, int *line, int *col);
/* The value of name in the object o; NULL when o is not an object or has no such name. */
const struct json_value *json_read_get(const struct json_value *o, const char *name);
void json_read_free(struct json_value *v);

#endif
