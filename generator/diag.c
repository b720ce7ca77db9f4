#include "diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

enum kind { K_ERROR, K_WARNING, K_NOTE, K_SYSTEM };
/* In English in every language: editors and problem matchers look for these words. */
static const char *const kind_names[] = {"error", "warning", "note", "error"};

struct diag_entry {
	enum kind kind;
	const void *key; /* diag_once's, or NULL */
	char *text; /* the whole line, newline included */
};

/* Printing and counting: one report at a time, from whichever thread. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counts[4];
static FILE *stream;
static const void **printed; /* the once-keys printed */
static size_t nprinted, capprinted;

static _Thread_local struct diag_log *capture;
static _Thread_local const void *once_key;

/* Print e (with lock held) unless its key was printed before; count it if printed. */
static void
emit(const struct diag_entry *e)
{
	size_t i;
	if (e->key) {
		for (i = 0; i < nprinted; i++)
			if (printed[i] == e->key)
				return;
		printed = xgrow(printed, &capprinted, nprinted + 1, sizeof *printed);
		printed[nprinted++] = e->key;
	}
	fputs(e->text, stream ? stream : stderr);
	counts[e->kind]++;
}

static void
report(enum kind kind, const char *file, int line, int col, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	struct diag_entry e;
	if (file && line > 0)
		buf_printf(&b, "%s:%d:%d: %s: ", file, line, col > 0 ? col : 1, kind_names[kind]);
	else if (file)
		buf_printf(&b, "%s: %s: ", file, kind_names[kind]);
	else
		buf_printf(&b, "kenshu: %s: ", kind_names[kind]);
	buf_vprintf(&b, _(fmt), ap);
	buf_putc(&b, '\n');
	e.kind = kind;
	e.key = once_key;
	e.text = buf_detach(&b);
	once_key = NULL;
	if (capture) {
		capture->e = xgrow(capture->e, &capture->cap, capture->n + 1, sizeof *capture->e);
		capture->e[capture->n++] = e;
		return;
	}
	pthread_mutex_lock(&lock);
	emit(&e);
	pthread_mutex_unlock(&lock);
	free(e.text);
}

void
diag_error(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(K_ERROR, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_warning(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(K_WARNING, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_note(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(K_NOTE, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_system(const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(K_SYSTEM, path, 0, 0, fmt, ap);
	va_end(ap);
}

void
diag_once(const void *key)
{
	once_key = key;
}

struct diag_log *
diag_capture(struct diag_log *log)
{
	struct diag_log *was = capture;
	capture = log;
	return was;
}

void
diag_flush(struct diag_log *log)
{
	size_t i;
	pthread_mutex_lock(&lock);
	for (i = 0; i < log->n; i++)
		emit(&log->e[i]);
	pthread_mutex_unlock(&lock);
	diag_log_free(log);
}

void
diag_log_free(struct diag_log *log)
{
	size_t i;
	for (i = 0; i < log->n; i++)
		free(log->e[i].text);
	free(log->e);
	memset(log, 0, sizeof *log);
}

static int
count(enum kind kind)
{
	int n;
	pthread_mutex_lock(&lock);
	n = counts[kind];
	pthread_mutex_unlock(&lock);
	return n;
}

int diag_errors(void) { return count(K_ERROR); }
int diag_warnings(void) { return count(K_WARNING); }
int diag_system_errors(void) { return count(K_SYSTEM); }

void
diag_reset(void)
{
	pthread_mutex_lock(&lock);
	memset(counts, 0, sizeof counts);
	free(printed);
	printed = NULL;
	nprinted = capprinted = 0;
	pthread_mutex_unlock(&lock);
}

void
diag_set_stream(FILE *f)
{
	pthread_mutex_lock(&lock);
	stream = f;
	pthread_mutex_unlock(&lock);
}

int
diag_usage(const char *usage, const char *fmt, ...)
{
	va_list ap;
	fputs("kenshu: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(_(usage), stderr);
	return 2;
}
