#include "diag.h"

#include <stdarg.h>

static int nerrors, nwarnings, nsystem;
static FILE *stream;

static void
report(const char *file, int line, int col, const char *kind, const char *fmt, va_list ap)
{
	FILE *f = stream ? stream : stderr;
	if (file && line > 0)
		fprintf(f, "%s:%d:%d: %s: ", file, line, col > 0 ? col : 1, kind);
	else if (file)
		fprintf(f, "%s: %s: ", file, kind);
	else
		fprintf(f, "kenshu: %s: ", kind);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

void
diag_error(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(file, line, col, "error", fmt, ap);
	va_end(ap);
	nerrors++;
}

void
diag_warning(const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(file, line, col, "warning", fmt, ap);
	va_end(ap);
	nwarnings++;
}

void
diag_system(const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(path, 0, 0, "error", fmt, ap);
	va_end(ap);
	nsystem++;
}

int diag_errors(void) { return nerrors; }
int diag_warnings(void) { return nwarnings; }
int diag_system_errors(void) { return nsystem; }

void
diag_reset(void)
{
	nerrors = nwarnings = nsystem = 0;
}

void
diag_set_stream(FILE *f)
{
	stream = f;
}

int
diag_column(const char *line, size_t off)
{
	int col = 1;
	size_t i;
	for (i = 0; i < off && line[i]; i++)
		if (((unsigned char)line[i] & 0xC0) != 0x80)
			col++;
	return col;
}
