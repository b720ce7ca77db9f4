#include "diag.h"

#include <pthread.h>
#include <stdarg.h>

/* The build's worker thread reports I/O problems too: one report at a time. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int nerrors, nwarnings, nsystem, nnotes;
static FILE *stream;

/* Print one report and count it in *counter. */
static void
report(int *counter, const char *file, int line, int col, const char *kind, const char *fmt,
	va_list ap)
{
	FILE *f;
	pthread_mutex_lock(&lock);
	f = stream ? stream : stderr;
	if (file && line > 0)
		fprintf(f, "%s:%d:%d: %s: ", file, line, col > 0 ? col : 1, kind);
	else if (file)
		fprintf(f, "%s: %s: ", file, kind);
	else
		fprintf(f, "kenshu: %s: ", kind);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	++*counter;
	pthread_mutex_unlock(&lock);
}

static int
count(const int *counter)
{
	int n;
	pthread_mutex_lock(&lock);
	n = *counter;
	pthread_mutex_unlock(&lock);
	return n;
}

void
diag_error(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(&nerrors, file, line, col, "error", fmt, ap);
	va_end(ap);
}

void
diag_warning(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(&nwarnings, file, line, col, "warning", fmt, ap);
	va_end(ap);
}

void
diag_note(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(&nnotes, file, line, col, "note", fmt, ap);
	va_end(ap);
}

void
diag_system(const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(&nsystem, path, 0, 0, "error", fmt, ap);
	va_end(ap);
}

int diag_errors(void) { return count(&nerrors); }
int diag_warnings(void) { return count(&nwarnings); }
int diag_system_errors(void) { return count(&nsystem); }

void
diag_reset(void)
{
	pthread_mutex_lock(&lock);
	nerrors = nwarnings = nsystem = 0;
	pthread_mutex_unlock(&lock);
}

void
diag_set_stream(FILE *f)
{
	pthread_mutex_lock(&lock);
	stream = f;
	pthread_mutex_unlock(&lock);
}
