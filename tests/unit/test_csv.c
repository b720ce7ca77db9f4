/*
 * Unit tests of the CSV reader: the files Excel and records.js write (BOM, CRLF, quotes with
 * commas, quotes and line breaks inside), each row at the line an editor shows, an unclosed
 * quote placed where it opens, and the limits on cells that keep a hostile file small.
 */
#include <stdlib.h>

#include "check.h"
#include "csv.h"

/* The rows of text, each as its cells joined by '|' and followed by "@line;". */
static char *
rows(const char *text, size_t max_cell, size_t max)
{
	struct csv_reader rd;
	struct csv_row row = {0};
	struct buf out = BUF_INIT;
	size_t i;
	int rc;
	csv_open(&rd, text, strlen(text), max_cell);
	while ((rc = csv_read(&rd, &row, max)) != 0) {
		if (rc < 0) {
			buf_printf(&out, "unclosed@%d:%d;", row.open_line, row.open_col);
			break;
		}
		for (i = 0; i < row.n; i++)
			buf_printf(&out, "%s%s", i ? "|" : "", row.cells[i]);
		if (row.fields != row.n)
			buf_printf(&out, "+%zu", row.fields - row.n);
		buf_printf(&out, "%s@%d;", row.too_long ? "(cut)" : "", row.line);
	}
	csv_row_free(&row);
	csv_close(&rd);
	return buf_detach(&out);
}

static void
check_rows(const char *text, size_t max_cell, size_t max, const char *want)
{
	char *got = rows(text, max_cell, max);
	CHECK_STR(got, want);
	free(got);
}

int
main(void)
{
	/* Excel's CSV UTF-8: a byte order mark and CRLF; records.js: LF */
	check_rows("\xEF\xBB\xBFtype,site\r\nquiz,sec\r\n", 100, 10, "type|site@1;quiz|sec@2;");
	check_rows("a,b\nc,d", 100, 10, "a|b@1;c|d@2;");
	/* only the first byte order mark is one; a second is text */
	check_rows("\xEF\xBB\xBF\xEF\xBB\xBFx\n", 100, 10, "\xEF\xBB\xBFx@1;");
	/* quotes: a comma, a doubled quote and a line break inside; the next row's line counts it */
	check_rows("\"a,b\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\nlast,row\n", 100, 10,
		"a,b|say \"hi\"@1;two\nlines|x@2;last|row@4;");
	/* empty fields, a blank line (one empty field) and a lone CR as a line end */
	check_rows(",,\n\nx\ry\n", 100, 10, "||@1;@2;x@3;y@4;");
	/* a quote inside an unquoted field is text, and text after a closing quote is kept */
	check_rows("a\"b,\"c\"d\n", 100, 10, "a\"b|cd@1;");
	/* a quote never closed: placed at its opening, columns counted in characters */
	check_rows("ok\n日本,\"never\nclosed", 100, 10, "ok@1;unclosed@2:4;");
	check_rows("\"", 100, 10, "unclosed@1:1;");
	/* a cell over the limit is cut and its row marked; cells past max are counted only */
	check_rows("abcdef,gh\nab\n", 4, 10, "abcd|gh(cut)@1;ab@2;");
	check_rows("\"abc\"\"def\"\n", 4, 10, "abc\"(cut)@1;");
	check_rows("a,b,c,d\n", 100, 2, "a|b+2@1;");
	/* nothing at all is no row */
	check_rows("", 100, 10, "");
	check_rows("\xEF\xBB\xBF", 100, 10, "");
	return check_report("csv");
}
