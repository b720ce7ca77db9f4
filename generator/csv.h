/*
 * csv: a reader of comma-separated values as RFC 4180 describes them and as Excel and
 * records.js write them: an optional UTF-8 byte order mark, CRLF or LF line ends, fields in
 * double quotes that may hold commas, line breaks and "" for a quote. It reads one row at a
 * time from text already in memory and knows where each row starts, so its caller can put
 * every diagnostic at the line the author sees in an editor.
 *
 * The files it reads are untrusted: a cell longer than max_cell is cut there and its row
 * marked too_long, and a row keeps only the first cells its caller asks for while counting
 * all of them, so no line of a file can make memory grow beyond what the caller allows.
 * What the cells mean (column names, Excel's formula guard) is the caller's business.
 *
 * Ownership: the reader borrows the text, which must outlive it; csv_close frees its scratch
 * space. A row owns its cells until csv_read replaces them or csv_row_free frees them; a
 * caller may take a cell by setting its slot to NULL. Both _free functions accept a zeroed
 * struct.
 */
#ifndef KENSHU_CSV_H
#define KENSHU_CSV_H

#include <stddef.h>

#include "util.h"

struct csv_reader {
	const char *p, *end; /* what is left to read */
	const char *line_start; /* of the line p is on, for columns */
	int line; /* of p, 1-based */
	size_t max_cell; /* bytes kept of one cell */
	struct buf cell; /* scratch: the cell being read */
};

struct csv_row {
	char **cells; /* NUL-terminated, the first n of the row's fields */
	size_t n, cap;
	size_t fields; /* in the row, kept or not */
	int too_long; /* a cell was longer than max_cell (and was cut) */
	int line; /* where the row starts */
	/* after csv_read returned -1: where the quote that is never closed opens */
	int open_line, open_col;
};

/* Start reading len bytes of text (a byte order mark at its start is skipped). */
void csv_open(struct csv_reader *r, const char *text, size_t len, size_t max_cell);
/*
 * Read the next row into row, keeping at most max cells: 1, 0 at the end of the text, -1
 * when a quoted field is never closed (the rest of the text is then consumed). A blank line
 * is a row of one empty field.
 */
int csv_read(struct csv_reader *r, struct csv_row *row, size_t max);
void csv_row_free(struct csv_row *row);
void csv_close(struct csv_reader *r);

#endif
