/*
 * Unit tests of the request path "kenshu serve" turns into a file of the site: the file of
 * each kind of path, and every path that could leave the site or reach a hidden file
 * refused.
 */
#include <stdlib.h>

#include "check.h"
#include "serve.h"

static void
check_path(const char *url, const char *want)
{
	char *got = serve_path(url);
	if (want) {
		CHECK_STR(got, want);
	} else if (got) {
		CHECK_STR(got, "(refused)");
	} else {
		CHECK(1);
	}
	free(got);
}

int
main(void)
{
	check_path("/", "index.html");
	check_path("/basics-passwords.html", "basics-passwords.html");
	check_path("/assets/style.css", "assets/style.css");
	check_path("/assets/", "assets/index.html");
	check_path("/media/写真.png", "media/写真.png");
	check_path("", NULL);
	check_path("index.html", NULL);
	check_path("/..", NULL);
	check_path("/../etc/passwd", NULL);
	check_path("/assets/../../etc/passwd", NULL);
	check_path("/assets/..", NULL);
	check_path("/./index.html", NULL);
	check_path("//etc/passwd", NULL);
	check_path("/assets//style.css", NULL);
	check_path("/.kenshu-lock", NULL);
	check_path("/assets/.hidden/x", NULL);
	check_path("/..\\..\\etc\\passwd", NULL);
	check_path("/a\nb", NULL);
	check_path("/a\x7f", NULL);
	return check_report("serve");
}
