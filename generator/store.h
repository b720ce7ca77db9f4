/*
 * store: where "kenshu serve --records" keeps the training records that pages post, behind
 * one small interface, so that another database can be added without touching the server.
 * A record is kept as the JSON text the page sent (already checked by submit.c), under its
 * uid: storing is idempotent, so a page that sends a record again after a lost answer never
 * makes a second copy. put returns only once the record is durable, so that the server's 2xx
 * answer can promise that the record survives the process being killed right after.
 *
 * The one implementation is SQLite's (store_sqlite.c). Every function may be called from any
 * thread; the implementation serialises what it must.
 *
 * Ownership: open returns a store that close frees (close accepts NULL). The text given to
 * put is copied; the text handed to list's callback is borrowed for the call.
 */
#ifndef KENSHU_STORE_H
#define KENSHU_STORE_H

#include <stddef.h>

struct store;

/* Called by list for each record, oldest first. */
typedef void store_each(void *arg, const char *uid, const char *json, size_t len);

struct store_ops {
	/* The store in the file path, created when missing; NULL after reporting. */
	struct store *(*open)(const char *path);
	/*
	 * Keep json (len bytes) under uid: 1 when stored now, 0 when a record with that uid is
	 * already kept (it is left as it is), -1 after reporting a failure (nothing stored).
	 */
	int (*put)(struct store *s, const char *uid, const char *json, size_t len);
	/* Every record to fn, oldest first; 0, or -1 after reporting. */
	int (*list)(struct store *s, store_each *fn, void *arg);
	void (*close)(struct store *s);
};

extern const struct store_ops store_sqlite;

#endif
