/*
 * Unit tests of the SQLite records store: a record kept once per uid however often it is
 * put, kept across closing and opening again, listed oldest first; a file created for its
 * owner only; another program's database refused.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "store.h"
#include "util.h"

static void
collect(void *arg, const char *uid, const char *json, size_t len)
{
	buf_printf(arg, "%s=%.*s;", uid, (int)len, json);
}

static char *
listed(struct store *s)
{
	struct buf b = BUF_INIT;
	CHECK(store_sqlite.list(s, collect, &b) == 0);
	return buf_detach(&b);
}

int
main(void)
{
	char dir[] = "/tmp/kenshu-test-store-XXXXXX";
	char *path, *other, *got;
	struct store *s;
	struct stat st;
	sqlite3 *db;
	FILE *devnull = fopen("/dev/null", "w");

	if (!mkdtemp(dir))
		return 1;
	path = xasprintf("%s/records.sqlite", dir);
	other = xasprintf("%s/other.sqlite", dir);

	s = store_sqlite.open(path);
	CHECK(s != NULL);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(store_sqlite.put(s, "u1", "{\"a\":1}", 7) == 1);
	CHECK(store_sqlite.put(s, "u2", "{\"b\":2}xyz", 7) == 1);
	CHECK(store_sqlite.put(s, "u1", "{\"c\":3}", 7) == 0);
	got = listed(s);
	CHECK_STR(got, "u1={\"a\":1};u2={\"b\":2};");
	free(got);
	store_sqlite.close(s);

	s = store_sqlite.open(path);
	CHECK(s != NULL);
	CHECK(store_sqlite.put(s, "u2", "{}", 2) == 0);
	CHECK(store_sqlite.put(s, "u3", "{}", 2) == 1);
	got = listed(s);
	CHECK_STR(got, "u1={\"a\":1};u2={\"b\":2};u3={};");
	free(got);
	store_sqlite.close(s);

	/* another program's database is left alone */
	CHECK(sqlite3_open(other, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "CREATE TABLE notes (t TEXT)", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	diag_set_stream(devnull);
	CHECK(store_sqlite.open(other) == NULL);
	CHECK(diag_system_errors() == 1);
	CHECK(store_sqlite.open(dir) == NULL);
	diag_set_stream(stderr);

	unlink(other);
	unlink(path);
	got = xasprintf("%s-wal", path);
	unlink(got);
	free(got);
	got = xasprintf("%s-shm", path);
	unlink(got);
	free(got);
	rmdir(dir);
	free(path);
	free(other);
	fclose(devnull);
	return check_report("store");
}
