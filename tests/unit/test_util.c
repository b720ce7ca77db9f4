/*
 * Unit tests of util's shared rules: the hash names and build ids are made from, the date
 * rule of documents (and exported records), and how a name is made unique.
 */
#include <stdlib.h>

#include "check.h"
#include "util.h"

static void
test_hash(void)
{
	char hex[17];
	/* kenshu's starting value (computed apart, in Python): media file names depend on it. */
	snprintf(hex, sizeof hex, "%016llx", hash_bytes("", 0));
	CHECK_STR(hex, "14650fb0739d0383");
	snprintf(hex, sizeof hex, "%016llx", hash_bytes("assets/a.png", 12));
	CHECK_STR(hex, "80de8d3746e76533");
	CHECK(hash_more(hash_bytes("ab", 2), "cd", 2) == hash_bytes("abcd", 4));
	/* Published FNV-1a 32 test vectors. */
	CHECK(hash_bytes32("", 0) == 0x811c9dc5u);
	CHECK(hash_bytes32("a", 1) == 0xe40c292cu);
	CHECK(hash_bytes32("foobar", 6) == 0xbf9cf968u);
}

static int
is_date(const char *s)
{
	return str_is_date(s, strlen(s));
}

static void
test_date(void)
{
	CHECK(is_date("2024-02-29"));
	CHECK(is_date("2000-02-29"));
	CHECK(is_date("2025-12-31"));
	CHECK(!is_date("2025-02-29"));
	CHECK(!is_date("1900-02-29"));
	CHECK(!is_date("2025-04-31"));
	CHECK(!is_date("2025-13-01"));
	CHECK(!is_date("2025-00-10"));
	CHECK(!is_date("2025-01-00"));
	CHECK(!is_date("1899-12-31"));
	/* Signs and spaces are not digits, as sscanf would take them. */
	CHECK(!is_date("2024-+1-01"));
	CHECK(!is_date("2024- 1-01"));
	CHECK(!is_date("2024-1-01"));
	CHECK(!is_date("2024-01-01T00:00"));
	CHECK(!is_date("2024/01/01"));
	CHECK(str_is_date("2024-01-01T09:00Z", 10));
}

static int
refuse_toc(const char *name, const void *ctx)
{
	(void)ctx;
	return !strcmp(name, "toc") || !strcmp(name, "toc-2");
}

static void
test_unique(void)
{
	struct strmap taken = STRMAP_INIT, next = STRMAP_INIT;
	const char *bases[] = {"intro", "intro", "intro", "intro-2", "intro"};
	const char *want[] = {"intro", "intro-2", "intro-3", "intro-2-2", "intro-4"};
	size_t i;
	char *n;
	for (i = 0; i < 5; i++) {
		n = unique_name(&taken, bases[i], 2, &next, NULL, NULL);
		CHECK_STR(n, want[i]);
		strmap_put(&taken, n, &taken);
		free(n);
	}
	/* Headings count from 1; the same names come without the memory of the last number. */
	n = unique_name(&taken, "intro", 1, NULL, NULL, NULL);
	CHECK_STR(n, "intro-1");
	free(n);
	n = unique_name(&taken, "toc", 2, NULL, refuse_toc, NULL);
	CHECK_STR(n, "toc-3");
	free(n);
	strmap_free(&taken);
	strmap_free(&next);
}

int
main(void)
{
	test_hash();
	test_date();
	test_unique();
	return check_report("util");
}
