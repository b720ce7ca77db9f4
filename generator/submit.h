/*
 * submit: a training record as a page POSTs it to "kenshu serve --records" (kenshu.js's
 * post(): the record as the page keeps it, completed by the learner, as JSON). The body is
 * read as strict JSON (json_read) within limits far above a real record, must be one object
 * with the uid the page gave it, and is then checked by the very rules "kenshu records merge"
 * checks a record of a JSON export by (roster_check_json), so that everything the server
 * keeps merges. The store keeps the body as it was sent.
 *
 * This is the parser the records fuzz target feeds; it reports nothing itself.
 */
#ifndef KENSHU_SUBMIT_H
#define KENSHU_SUBMIT_H

#include <stddef.h>

#include "util.h"

/* Bytes in a request body: a record is well under 2 KiB. */
#define SUBMIT_MAX_BODY (64 * 1024)
/* Bytes in a uid: kenshu.js makes some 20. */
#define SUBMIT_MAX_UID 64

/*
 * Check the len bytes of body: 0 with the record's uid in *uid (malloc'd), or -1 with what is
 * wrong in msg, in the user's language, starting "line N: " where a line is known. The
 * message quotes at most a short, escaped excerpt of a value.
 */
int submit_check(const char *body, size_t len, char **uid, struct buf *msg);

#endif
