/*
 * xlsx: an Excel workbook (.xlsx) written with libxlsxwriter, for "kenshu records merge
 * --xlsx". Each sheet is a table: a header row, frozen and in bold, with an autofilter over
 * every row, then one row at a time of typed cells. Text is always a text cell (a string,
 * never a formula: =1+1 stays as typed, 01234 keeps its zero), numbers are numbers, and a
 * date or a date and time is a date cell with a date number format. Each column is as wide as
 * its widest cell (a Japanese character counts as two), within bounds.
 *
 * The library writes its parts to temporary files in the workbook's own folder and the
 * workbook itself at close, so the caller gives it a file name of its own (roster.c gives it
 * the temporary file it stages beside the target, as for its other outputs, and renames that
 * over the target once every output is written).
 *
 * Ownership: xlsx_new returns a workbook that xlsx_close frees; cells and names are
 * borrowed only for the call they are passed to.
 */
#ifndef KENSHU_XLSX_H
#define KENSHU_XLSX_H

#include <stddef.h>

enum xlsx_kind { XLSX_TEXT, XLSX_NUMBER, XLSX_DAY, XLSX_TIME };

struct xlsx_cell {
	enum xlsx_kind kind;
	const char *text; /* XLSX_TEXT: "" for an empty cell */
	double number; /* XLSX_NUMBER */
	int year, month, day, hour, minute; /* XLSX_DAY (a date), XLSX_TIME (and time) */
	double second;
};

struct xlsx;

/*
 * A workbook to be written into the file path (its temporary files beside it); shown is the
 * name diagnostics give it. NULL after reporting.
 */
struct xlsx *xlsx_new(const char *path, const char *shown);
/*
 * Start a sheet called name (at most 31 characters) with the ncols headers as its first row.
 * This, xlsx_row and xlsx_close return 0, or -1 after reporting; after a failure the
 * workbook takes nothing more and xlsx_close only frees it.
 */
int xlsx_sheet(struct xlsx *x, const char *name, const char *const *headers, size_t ncols);
/* Add a row of the current sheet: as many cells as it has headers. */
int xlsx_row(struct xlsx *x, const struct xlsx_cell *cells);
/* Finish the last sheet and write the file; frees x either way. */
int xlsx_close(struct xlsx *x);

#endif
