/*
 * json: the one writer of JSON strings. Its rule makes a string safe wherever kenshu puts
 * JSON: inside a <script> element of a page (no "<", ">" or "&", so no "</script>" or "<!--"
 * can end or change the element) and in a classic script file (U+2028 and U+2029, line
 * terminators to older JavaScript, escaped). Everything else passes through as UTF-8.
 */
#ifndef KENSHU_JSON_H
#define KENSHU_JSON_H

#include <stddef.h>

#include "util.h"

/* The n bytes at s as a quoted JSON string, appended to out. */
void json_put_string(struct buf *out, const char *s, size_t n);

#endif
