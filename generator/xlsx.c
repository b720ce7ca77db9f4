#include "xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "diag.h"
#include "i18n.h"
#include "utf8.h"
#include "util.h"

/* A column's width in Excel's units (characters of the default font), whatever its cells. */
#define WIDTH_MIN 6
#define WIDTH_MAX 60

struct xlsx {
	lxw_workbook *book;
	char *shown, *tmpdir;
	lxw_format *header, *text, *day, *time;
	lxw_worksheet *sheet; /* the current one, or NULL before the first */
	size_t ncols;
	double *widths; /* the current sheet's columns' */
	lxw_row_t row; /* the next row of the current sheet */
	int failed;
};

/*
 * What libxlsxwriter 1.1 says of the failures that writing kenshu's workbooks can meet (memory,
 * the file, its temporary files, the ZIP), so that they are translated. Any other, a misuse of
 * the library, is shown as the library wrote it.
 */
static const char *const library_words[] = {
	/* TRANSLATORS: libxlsxwriter's words, after "cannot write the workbook: ". */
	N_("Memory error, failed to malloc() required memory."),
	N_("Error creating output xlsx file. Usually a permissions error."),
	N_("Error encountered when creating a tmpfile during file assembly."),
	N_("Error reading a tmpfile."),
	N_("Zip generic error ZIP_ERRNO while creating the xlsx file."),
	N_("Zip error ZIP_PARAMERROR while creating the xlsx file."),
	N_("Zip error ZIP_BADZIPFILE (use_zip64 option may be required)."),
	N_("Zip error ZIP_INTERNALERROR while creating the xlsx file."),
	N_("File error or unknown zip error when adding sub file to xlsx file."),
	N_("Unknown zip error when closing xlsx file."),
	NULL,
};

/* The library's words for e, in the user's language. */
static const char *
library_says(lxw_error e)
{
	const char *s = lxw_strerror(e);
	size_t i;
	for (i = 0; library_words[i]; i++)
		if (!strcmp(s, library_words[i]))
			return _(library_words[i]);
	return s;
}

/* 0 for no error; else report e, and take nothing more. */
static int
check(struct xlsx *x, lxw_error e)
{
	if (e == LXW_NO_ERROR)
		return 0;
	diag_system(x->shown, "cannot write the workbook: %s", library_says(e));
	x->failed = 1;
	return -1;
}

/*
 * Run the library's close, which writes the file, with its own messages on stderr (of the
 * same failure, in another format than kenshu's) sent to /dev/null: the command runs on one
 * thread, and reports the failure itself. The system's error, when the library's is one of
 * files, in *err (else 0).
 */
static lxw_error
close_quietly(lxw_workbook *book, int *err)
{
	int saved, null;
	lxw_error e;
	fflush(stderr);
	saved = dup(2);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved >= 0 && null >= 0)
		dup2(null, 2);
	errno = 0;
	e = workbook_close(book);
	*err = e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_CREATING_TMPFILE ||
		e == LXW_ERROR_READING_TMPFILE || e == LXW_ERROR_ZIP_FILE_OPERATION ||
		e == LXW_ERROR_ZIP_FILE_ADD || e == LXW_ERROR_ZIP_CLOSE ? errno : 0;
	fflush(stderr);
	if (saved >= 0 && null >= 0)
		dup2(saved, 2);
	if (saved >= 0)
		close(saved);
	if (null >= 0)
		close(null);
	return e;
}

/* How wide s is shown: a character from U+1100 on (the Japanese scripts) counts as two. */
static double
text_width(const char *s)
{
	double w = 0;
	int32_t cp;
	size_t n;
	while (*s) {
		n = utf8_decode(s, SIZE_MAX, &cp);
		s += n ? n : 1;
		w += cp >= 0x1100 ? 2 : 1;
	}
	return w;
}

/*
 * s as a text cell must hold it to show as s: Excel reads _xHHHH_ in a cell's text as the
 * character U+HHHH (the library writes control characters so), so an _ that starts one in s
 * is written as _x005F_; and U+FFFE and U+FFFF, which XML may not hold (a workbook with one
 * raw is one Excel calls damaged), are written so too. NULL when s needs nothing.
 */
static char *
escape_x(const char *s)
{
	struct buf b = BUF_INIT;
	const char *p = s, *from = s;
	int32_t cp;
	size_t n;
	while (*p) {
		if (p[0] == '_' && p[1] == 'x' && strspn(p + 2, "0123456789ABCDEFabcdef") >= 4 &&
			p[6] == '_') {
			buf_put(&b, from, (size_t)(p - from));
			buf_puts(&b, "_x005F_");
			from = ++p;
			continue;
		}
		n = utf8_decode(p, SIZE_MAX, &cp);
		if (cp == 0xFFFE || cp == 0xFFFF) {
			buf_put(&b, from, (size_t)(p - from));
			buf_printf(&b, "_x%04X_", (unsigned)cp);
			from = p + n;
		}
		p += n ? n : 1;
	}
	if (from == s)
		return NULL;
	buf_puts(&b, from);
	return buf_detach(&b);
}

struct xlsx *
xlsx_new(const char *path, const char *shown)
{
	struct xlsx *x = xcalloc(1, sizeof *x);
	const char *slash = strrchr(path, '/');
	lxw_workbook_options opt;
	memset(&opt, 0, sizeof opt);
	x->shown = xstrdup(shown);
	x->tmpdir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	/* each row goes to a temporary file as it is written, and its strings inline */
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = x->tmpdir;
	if (!(x->book = workbook_new_opt(path, &opt))) {
		diag_system(shown, "cannot write the workbook: libxlsxwriter could not start it");
		free(x->shown);
		free(x->tmpdir);
		free(x);
		return NULL;
	}
	x->header = workbook_add_format(x->book);
	format_set_bold(x->header);
	format_set_num_format(x->header, "@");
	x->text = workbook_add_format(x->book);
	format_set_num_format(x->text, "@"); /* what is typed into the cell later stays text too */
	x->day = workbook_add_format(x->book);
	format_set_num_format(x->day, "yyyy-mm-dd");
	x->time = workbook_add_format(x->book);
	format_set_num_format(x->time, "yyyy-mm-dd hh:mm:ss");
	return x;
}

/* Give the current sheet its column widths and its autofilter over every row. */
static int
finish(struct xlsx *x)
{
	size_t k;
	if (!x->sheet)
		return 0;
	for (k = 0; k < x->ncols; k++) {
		double w = x->widths[k] < WIDTH_MIN ? WIDTH_MIN : x->widths[k] > WIDTH_MAX ? WIDTH_MAX :
			x->widths[k];
		if (check(x, worksheet_set_column(x->sheet, (lxw_col_t)k, (lxw_col_t)k, w, NULL)) < 0)
			return -1;
	}
	return check(x, worksheet_autofilter(x->sheet, 0, 0, x->row - 1, (lxw_col_t)(x->ncols - 1)));
}

int
xlsx_sheet(struct xlsx *x, const char *name, const char *const *headers, size_t ncols)
{
	size_t k;
	if (x->failed || finish(x) < 0)
		return -1;
	if (!(x->sheet = workbook_add_worksheet(x->book, name))) {
		diag_system(x->shown, "cannot write the workbook: cannot add the sheet '%s'", name);
		x->failed = 1;
		return -1;
	}
	x->ncols = ncols;
	x->widths = xrealloc(x->widths, (ncols + 1) * sizeof *x->widths);
	for (k = 0; k < ncols; k++) {
		char *esc = escape_x(headers[k]);
		lxw_error e = worksheet_write_string(x->sheet, 0, (lxw_col_t)k, esc ? esc : headers[k],
			x->header);
		free(esc);
		x->widths[k] = text_width(headers[k]) + 3; /* and the autofilter's button */
		if (check(x, e))
			return -1;
	}
	worksheet_freeze_panes(x->sheet, 1, 0);
	x->row = 1;
	return 0;
}

/* Write c in column k of the current row; its width in *w. */
static lxw_error
cell(struct xlsx *x, lxw_col_t k, const struct xlsx_cell *c, double *w)
{
	lxw_datetime dt = {c->year, (uint8_t)c->month, (uint8_t)c->day, (uint8_t)c->hour,
		(uint8_t)c->minute, c->second};
	char *esc;
	lxw_error e;
	*w = 0;
	switch (c->kind) {
	case XLSX_TEXT:
		*w = text_width(c->text);
		if (!c->text[0])
			return LXW_NO_ERROR;
		esc = escape_x(c->text);
		e = worksheet_write_string(x->sheet, x->row, k, esc ? esc : c->text, x->text);
		free(esc);
		return e;
	case XLSX_NUMBER:
		*w = snprintf(NULL, 0, "%.15g", c->number);
		return worksheet_write_number(x->sheet, x->row, k, c->number, NULL);
	case XLSX_DAY:
		*w = 10;
		return worksheet_write_datetime(x->sheet, x->row, k, &dt, x->day);
	case XLSX_TIME:
		*w = 19;
		return worksheet_write_datetime(x->sheet, x->row, k, &dt, x->time);
	}
	return LXW_NO_ERROR;
}

int
xlsx_row(struct xlsx *x, const struct xlsx_cell *cells)
{
	size_t k;
	double w;
	if (x->failed)
		return -1;
	for (k = 0; k < x->ncols; k++) {
		if (check(x, cell(x, (lxw_col_t)k, &cells[k], &w)) < 0)
			return -1;
		if (w + 1 > x->widths[k])
			x->widths[k] = w + 1;
	}
	x->row++;
	return 0;
}

int
xlsx_close(struct xlsx *x)
{
	int rc = x->failed || finish(x) < 0 ? -1 : 0, err;
	lxw_error e = close_quietly(x->book, &err);
	if (rc == 0 && e != LXW_NO_ERROR && err) {
		diag_system(x->shown, "cannot write: %s", strerror(err));
		rc = -1;
	} else if (rc == 0) {
		rc = check(x, e);
	}
	free(x->widths);
	free(x->shown);
	free(x->tmpdir);
	free(x);
	return rc;
}
