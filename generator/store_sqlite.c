/*
 * store_sqlite: the records store of store.h in an SQLite database, the only user of SQLite.
 *
 * Durability. The database is in WAL mode with synchronous=FULL: every record is its own
 * transaction, and SQLite returns from its commit only after the WAL file holding it has been
 * written and fsync'ed. A record put has returned for is therefore on the disk, and survives
 * the process being killed (SIGKILL) and even the machine losing power; the next open
 * replays the WAL. (NORMAL would survive a killed process too, the write having reached the
 * kernel, but not a power loss, and the server's 2xx promises the record is kept.) The cost
 * is one fsync per record, which the bench measures.
 *
 * Idempotence. uid is UNIQUE and a record is inserted with ON CONFLICT(uid) DO NOTHING, in
 * one statement: of two copies sent at once, one is stored and the other finds it, whatever
 * their order.
 *
 * The file is created readable by its owner only (it holds employees' names and results);
 * SQLite gives its -wal and -shm files the same permissions. A file that is another
 * program's database (another application_id, or tables but not ours) is refused.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

/* "kens" in ASCII: PRAGMA application_id marks the file as kenshu's records. */
#define APPLICATION_ID 0x6b656e73
/* How long a statement waits for another process holding the database (ms). */
#define BUSY_MS 10000

struct store {
	sqlite3 *db;
	sqlite3_stmt *insert, *select;
	pthread_mutex_t lock;
	char *path;
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS records ("
	" id INTEGER PRIMARY KEY,"
	" uid TEXT NOT NULL UNIQUE,"
	" received TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	" record TEXT NOT NULL)";

/* The first column of the one-row result of sql, or -1 after reporting. */
static long long
query_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK ||
		sqlite3_step(st) != SQLITE_ROW)
		diag_system(s->path, "cannot read the records database: %s", sqlite3_errmsg(s->db));
	else
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Make the database ours (or refuse another's) and set it up; -1 after reporting. */
static int
setup(struct store *s)
{
	long long app, tables, ours;
	char *sql;
	int rc = -1;
	sqlite3_busy_timeout(s->db, BUSY_MS);
	if ((app = query_int(s, "PRAGMA application_id")) < 0 ||
		(tables = query_int(s, "SELECT count(*) FROM sqlite_schema")) < 0 ||
		(ours = query_int(s, "SELECT count(*) FROM sqlite_schema WHERE name = 'records'")) < 0)
		return -1;
	if (app != APPLICATION_ID && (app != 0 || tables != ours)) {
		diag_system(s->path, "not a kenshu records database (another program's SQLite file)");
		return -1;
	}
	sql = xasprintf("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
		"PRAGMA application_id = %d; %s", APPLICATION_ID, schema);
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		diag_system(s->path, "cannot set up the records database: %s", sqlite3_errmsg(s->db));
	else if (sqlite3_prepare_v3(s->db, "INSERT INTO records (uid, record) VALUES (?1, ?2) "
			"ON CONFLICT (uid) DO NOTHING", -1, SQLITE_PREPARE_PERSISTENT, &s->insert,
			NULL) != SQLITE_OK ||
		sqlite3_prepare_v3(s->db, "SELECT uid, record FROM records ORDER BY id", -1,
			SQLITE_PREPARE_PERSISTENT, &s->select, NULL) != SQLITE_OK)
		diag_system(s->path, "cannot set up the records database: %s", sqlite3_errmsg(s->db));
	else
		rc = 0;
	free(sql);
	return rc;
}

static void
sq_close(struct store *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->insert);
	sqlite3_finalize(s->select);
	sqlite3_close(s->db);
	pthread_mutex_destroy(&s->lock);
	free(s->path);
	free(s);
}

static struct store *
sq_open(const char *path)
{
	struct store *s = xcalloc(1, sizeof *s);
	int fd;
	s->path = xstrdup(path);
	pthread_mutex_init(&s->lock, NULL);
	/* created here, so that it is the owner's alone from the start */
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0) {
		diag_system(path, "cannot open the records database: %s", strerror(errno));
		goto fail;
	}
	close(fd);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
			NULL) != SQLITE_OK) {
		diag_system(path, "cannot open the records database: %s", sqlite3_errmsg(s->db));
		goto fail;
	}
	if (setup(s) < 0)
		goto fail;
	return s;
fail:
	sq_close(s);
	return NULL;
}

static int
sq_put(struct store *s, const char *uid, const char *json, size_t len)
{
	int rc = -1;
	pthread_mutex_lock(&s->lock);
	if (sqlite3_bind_text(s->insert, 1, uid, -1, SQLITE_STATIC) != SQLITE_OK ||
		sqlite3_bind_text(s->insert, 2, json, (int)len, SQLITE_STATIC) != SQLITE_OK ||
		sqlite3_step(s->insert) != SQLITE_DONE)
		diag_system(s->path, "cannot store a record: %s", sqlite3_errmsg(s->db));
	else
		rc = sqlite3_changes(s->db) > 0;
	sqlite3_reset(s->insert);
	sqlite3_clear_bindings(s->insert);
	pthread_mutex_unlock(&s->lock);
	return rc;
}

static int
sq_list(struct store *s, store_each *fn, void *arg)
{
	int step, rc;
	pthread_mutex_lock(&s->lock);
	while ((step = sqlite3_step(s->select)) == SQLITE_ROW)
		fn(arg, (const char *)sqlite3_column_text(s->select, 0),
			(const char *)sqlite3_column_text(s->select, 1),
			(size_t)sqlite3_column_bytes(s->select, 1));
	rc = step == SQLITE_DONE ? 0 : -1;
	if (rc < 0)
		diag_system(s->path, "cannot read the records database: %s", sqlite3_errmsg(s->db));
	sqlite3_reset(s->select);
	pthread_mutex_unlock(&s->lock);
	return rc;
}

const struct store_ops store_sqlite = {sq_open, sq_put, sq_list, sq_close};
