#include "csv.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

void
csv_open(struct csv_reader *r, const char *text, size_t len, size_t max_cell)
{
	struct buf empty = BUF_INIT;
	memset(r, 0, sizeof *r);
	r->cell = empty;
	r->p = text;
	r->end = text + len;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		r->p += 3;
	r->line_start = r->p;
	r->line = 1;
	r->max_cell = max_cell;
}

void
csv_close(struct csv_reader *r)
{
	buf_free(&r->cell);
}

static void
row_clear(struct csv_row *row)
{
	size_t i;
	for (i = 0; i < row->n; i++)
		free(row->cells[i]);
	row->n = row->fields = 0;
	row->too_long = 0;
}

void
csv_row_free(struct csv_row *row)
{
	row_clear(row);
	free(row->cells);
	row->cells = NULL;
	row->cap = 0;
}

static void
put(struct csv_reader *r, struct csv_row *row, char c)
{
	if (r->cell.len < r->max_cell)
		buf_putc(&r->cell, c);
	else
		row->too_long = 1;
}

static void
newline(struct csv_reader *r)
{
	r->line++;
	r->line_start = r->p;
}

/* A quoted field's contents, from just after its opening quote; -1 when it never closes. */
static int
quoted(struct csv_reader *r, struct csv_row *row)
{
	const char *open = r->p - 1;
	row->open_line = r->line;
	row->open_col = utf8_column(r->line_start, (size_t)(open - r->line_start));
	for (;;) {
		if (r->p >= r->end)
			return -1;
		if (*r->p == '"') {
			if (r->p + 1 < r->end && r->p[1] == '"') {
				put(r, row, '"');
				r->p += 2;
				continue;
			}
			r->p++;
			return 0;
		}
		put(r, row, *r->p++);
		if (r->p[-1] == '\n')
			newline(r);
	}
}

int
csv_read(struct csv_reader *r, struct csv_row *row, size_t max)
{
	row_clear(row);
	row->line = r->line;
	if (r->p >= r->end)
		return 0;
	for (;;) {
		buf_clear(&r->cell);
		if (r->p < r->end && *r->p == '"') {
			r->p++;
			if (quoted(r, row) < 0)
				return -1;
		}
		/* after a closing quote, as in Excel, the rest of the field is taken as it is */
		while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
			put(r, row, *r->p++);
		if (row->fields++ < max) {
			row->cells = xgrow(row->cells, &row->cap, row->n + 1, sizeof *row->cells);
			row->cells[row->n++] = xstrdup(buf_cstr(&r->cell));
		}
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p == '\n')
			r->p++;
		newline(r);
		return 1;
	}
}
