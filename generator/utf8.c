#include "utf8.h"

size_t
utf8_encode(int32_t cp, char out[4])
{
	if (cp < 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

void
utf8_put(struct buf *b, int32_t cp)
{
	char tmp[4];
	buf_put(b, tmp, utf8_encode(cp, tmp));
}

size_t
utf8_valid(const char *s, size_t n)
{
	size_t i = 0, k;
	int32_t cp;
	while (i < n) {
		if (!(k = utf8_decode(s + i, n - i, &cp)))
			return i;
		i += k;
	}
	return n;
}

int
utf8_column(const char *line, size_t off)
{
	int col = 1;
	size_t i;
	for (i = 0; i < off && line[i]; i++)
		if (((unsigned char)line[i] & 0xC0) != 0x80)
			col++;
	return col;
}
