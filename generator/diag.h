/*
 * diag: diagnostics in the format editors understand, "file:line:col: error: message", on
 * stderr (or the stream a test sets). A problem is reported once, where it is found; callers
 * only pass failure up. The counters decide the exit status: content errors give 1, system
 * errors (I/O) give 3. Columns count characters (code points), not bytes, so they match what
 * an editor shows on a Japanese line. Any thread may report.
 *
 * Pages are checked and rendered on several threads, but their reports must come out in page
 * order, the same on every run: a thread that works on a page first sends its reports to a
 * log (diag_capture), and the thread that takes the pages in order prints each log with
 * diag_flush. Reports are counted when they are printed.
 */
#ifndef KENSHU_DIAG_H
#define KENSHU_DIAG_H

#include <stddef.h>
#include <stdio.h>

/* A content problem at file:line:col. line 0 leaves out line and column. */
void diag_error(const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warning(const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Advice that is no problem (kenshu check's suggestions): not counted. */
void diag_note(const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* An I/O or system problem about path (which may be NULL); errno text is the caller's. */
void diag_system(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The next report of this thread is about key (a pointer that stands for the problem, such
 * as a template node): of the reports about one key, only the first printed is printed and
 * counted. For a problem of the theme that every page meets.
 */
void diag_once(const void *key);

/* A log of reports kept for later (start it zeroed). */
struct diag_entry;
struct diag_log {
	struct diag_entry *e;
	size_t n, cap;
};
/*
 * Send this thread's reports to log until the next call (NULL: print them again); returns
 * the log they went to before, for a caller inside another's capture to put back.
 */
struct diag_log *diag_capture(struct diag_log *log);
/* Print and count the reports of log, in the order made, and empty it. */
void diag_flush(struct diag_log *log);
/* Free what log holds without printing it (a build that stops). */
void diag_log_free(struct diag_log *log);

/*
 * A command-line mistake: "kenshu: " and fmt (translated here) on stderr, then the command's
 * usage text (translated here). Returns 2, the exit status of a usage error.
 */
int diag_usage(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int diag_errors(void);
int diag_warnings(void);
int diag_system_errors(void);
void diag_reset(void);
void diag_set_stream(FILE *f);

#endif
