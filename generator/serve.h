/*
 * serve: "kenshu serve", an HTTP server through libmicrohttpd (its only user), in one of two
 * modes.
 *
 * Records mode (--records FILE): the built site (the course's output folder, as kenshu build
 * left it) is served as it is, and pages post the training records to the same origin,
 * POST /api/records, which checks each (submit.c) and keeps it in the store (store.h) before
 * it answers 2xx. A page learns where to post from the server alone: each HTML page is
 * answered with <meta name="kenshu-submit" content="api/records"> put right after its
 * <head>, the element kenshu.js reads records.submit_url from; the files on the disk, the
 * build and the archives stay as they are. With --admin-password-file, GET /admin/ is HQ's
 * view behind HTTP Basic: the report of "kenshu records merge" over every record kept, with
 * the roster CSV and the Excel workbook to download and, given --staff, who has not passed.
 *
 * Preview mode (no --records): the course is built into a private folder and served; the
 * project is watched (watch.c) and built again after a change, and every open page reloads
 * itself through Server-Sent Events (a script put after <head> in each page answered, never
 * in a file). A build that fails leaves the last good site served and shows its diagnostics
 * over the page.
 *
 * Bounds: a request's headers fit in 32 KiB, a record's body in SUBMIT_MAX_BODY, a
 * connection idle for 10 seconds is closed and a request body must arrive within 30; at
 * most 256 connections at once, each on its own thread. Only regular files inside the site
 * folder are served, reached without following a symbolic link or a name starting with '.'.
 * Nothing of a record is ever logged. The server listens on 127.0.0.1 unless told otherwise.
 */
#ifndef KENSHU_SERVE_H
#define KENSHU_SERVE_H

/* "kenshu serve ARGS...": the exit status (0 after Ctrl-C, 1, 2 usage, 3 system). */
int serve_command(int argc, char **argv);

/*
 * The file of the site that the decoded request path url names, relative to the site folder
 * ("index.html" for "/", NAME/index.html for a path ending in '/'), malloc'd; NULL when url
 * is no such path: not starting with '/', with an empty, "." or ".." segment, a segment
 * starting with '.', a backslash or a control character.
 */
char *serve_path(const char *url);

#endif
