/*
 * diag: diagnostics in the format editors understand, "file:line:col: error: message", on
 * stderr (or the stream a test sets). A problem is reported once, where it is found; callers
 * only pass failure up. The counters decide the exit status: content errors give 1, system
 * errors (I/O) give 3. Columns count characters (code points), not bytes, so they match what
 * an editor shows on a Japanese line. Any thread may report.
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

int diag_errors(void);
int diag_warnings(void);
int diag_system_errors(void);
void diag_reset(void);
void diag_set_stream(FILE *f);

#endif
