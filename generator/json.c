#include "json.h"

void
json_put_string(struct buf *out, const char *s, size_t n)
{
	size_t i, start = 0;
	buf_putc(out, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned esc;
		if (c == '"' || c == '\\' || c == '\n') {
			buf_put(out, s + start, i - start);
			buf_putc(out, '\\');
			buf_putc(out, c == '\n' ? 'n' : c);
			start = i + 1;
			continue;
		}
		if (c < 0x20 || c == '<' || c == '>' || c == '&')
			esc = c;
		else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
			 ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
			esc = (unsigned char)s[i + 2] == 0xA8 ? 0x2028 : 0x2029;
		else
			continue;
		buf_put(out, s + start, i - start);
		buf_printf(out, "\\u%04x", esc);
		i += esc > 0xFF ? 2 : 0;
		start = i + 1;
	}
	buf_put(out, s + start, n - start);
	buf_putc(out, '"');
}
