/*
 * Unit tests of the UTF-8 module: what a source file with bad bytes is refused for (the
 * reader reports the first such byte), what each decoded character is, and the columns a
 * diagnostic shows.
 */
#include <stdint.h>

#include "check.h"
#include "utf8.h"

static void
test_decode(void)
{
	int32_t cp;
	CHECK(utf8_decode("A", 1, &cp) == 1 && cp == 'A');
	CHECK(utf8_decode("\xC3\xA9", 2, &cp) == 2 && cp == 0xE9);
	CHECK(utf8_decode("研", 3, &cp) == 3 && cp == 0x7814);
	CHECK(utf8_decode("\xF0\x9F\x98\x80", 4, &cp) == 4 && cp == 0x1F600);
	/* Overlong, surrogate, beyond U+10FFFF, a lone continuation byte, a cut sequence. */
	CHECK(utf8_decode("\xC0\xAF", 2, &cp) == 0 && cp == 0xFFFD);
	CHECK(utf8_decode("\xE0\x80\xAF", 3, &cp) == 0);
	CHECK(utf8_decode("\xED\xA0\x80", 3, &cp) == 0);
	CHECK(utf8_decode("\xF4\x90\x80\x80", 4, &cp) == 0);
	CHECK(utf8_decode("\x80", 1, &cp) == 0);
	CHECK(utf8_decode("\xE7\xA0", 2, &cp) == 0);
	/* A NUL ends a sequence even when the length is not known. */
	CHECK(utf8_decode("\xE7\0\xA0", SIZE_MAX, &cp) == 0);
}

static void
test_encode(void)
{
	char out[4];
	CHECK(utf8_encode('a', out) == 1 && out[0] == 'a');
	CHECK(utf8_encode(0xE9, out) == 2 && !memcmp(out, "\xC3\xA9", 2));
	CHECK(utf8_encode(0x3042, out) == 3 && !memcmp(out, "あ", 3));
	CHECK(utf8_encode(0x1F600, out) == 4 && !memcmp(out, "\xF0\x9F\x98\x80", 4));
	CHECK(utf8_encode(0xD800, out) == 0);
	CHECK(utf8_encode(0x110000, out) == 0);
}

static void
test_valid_and_column(void)
{
	const char *s = "日本語\xFFtext";
	CHECK(utf8_valid("日本語 text", strlen("日本語 text")) == strlen("日本語 text"));
	CHECK(utf8_valid(s, strlen(s)) == 9);
	CHECK(utf8_valid("ab\xE3\x81", 4) == 2);
	CHECK(utf8_column("日本語x", 9) == 4);
	CHECK(utf8_column("日本語x", 0) == 1);
	CHECK(utf8_column("ab\0cd", 5) == 3);
}

int
main(void)
{
	test_decode();
	test_encode();
	test_valid_and_column();
	return check_report("utf8");
}
