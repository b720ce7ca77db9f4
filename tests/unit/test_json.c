/*
 * Unit tests of the JSON string writer: text an author wrote cannot end the <script> element
 * it is written into, nor break a classic script, and stays readable otherwise.
 */
#include <stdlib.h>

#include "check.h"
#include "json.h"

static char *
json(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	json_put_string(&b, s, n);
	return buf_detach(&b);
}

static void
check_json(const char *s, const char *want)
{
	char *got = json(s, strlen(s));
	CHECK_STR(got, want);
	free(got);
}

int
main(void)
{
	char *got;
	check_json("", "\"\"");
	check_json("情報セキュリティ", "\"情報セキュリティ\"");
	check_json("</script><!--", "\"\\u003c/script\\u003e\\u003c!--\"");
	check_json("a & b", "\"a \\u0026 b\"");
	check_json("say \"hi\" \\ bye", "\"say \\\"hi\\\" \\\\ bye\"");
	check_json("line\nnext\ttab\x01", "\"line\\nnext\\u0009tab\\u0001\"");
	check_json("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", "\"a\\u2028b\\u2029c\"");
	/* Other characters of that block pass through. */
	check_json("\xE2\x80\xA6", "\"\xE2\x80\xA6\"");
	/* The length counts, not a NUL. */
	got = json("a\0b", 3);
	CHECK_STR(got, "\"a\\u0000b\"");
	free(got);
	return check_report("json");
}
