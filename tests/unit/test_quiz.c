/*
 * Unit tests of the quiz module's contract with quiz.js: the hash, the answer and choice
 * hashes, the keystream and base64 of sealed explanations (the same values are checked in the
 * browser by tests/browser/quiz.test.js), and the band coverage rule.
 */
#include <stdlib.h>

#include "check.h"
#include "quiz.h"
#include "util.h"

static const char *
hex(uint32_t h)
{
	static char s[9];
	snprintf(s, sizeof s, "%08x", (unsigned)h);
	return s;
}

static void
test_hashes(void)
{
	const char *ja = "情報セキュリティ";
	/* Published FNV-1a 32 test vectors, then UTF-8 text. */
	CHECK_STR(hex(hash_bytes32("", 0)), "811c9dc5");
	CHECK_STR(hex(hash_bytes32("a", 1)), "e40c292c");
	CHECK_STR(hex(hash_bytes32("foobar", 6)), "bf9cf968");
	CHECK_STR(hex(hash_bytes32(ja, strlen(ja))), "5497dfb8");
	CHECK_STR(hex(quiz_answer_hash("s", "q", "a,b")), "b25dfce4");
	CHECK_STR(hex(quiz_choice_hash("salt", "qid", "c", 1)), "d34594eb");
	CHECK_STR(hex(quiz_choice_hash("salt", "qid", "c", 0)), "d2459358");
}

static void
test_seal(void)
{
	unsigned char text[] = "{\"e\":\"解説\"}";
	size_t len = strlen((char *)text);
	char *b64;
	quiz_crypt(text, len, "0123abcd", "q1", "a,c");
	b64 = quiz_base64(text, len);
	CHECK_STR(b64, "lqftrGCmYCpkaiIgFvw=");
	free(b64);
	quiz_crypt(text, len, "0123abcd", "q1", "a,c");
	CHECK_STR((char *)text, "{\"e\":\"解説\"}");

	b64 = quiz_base64((const unsigned char *)"", 0);
	CHECK_STR(b64, "");
	free(b64);
	b64 = quiz_base64((const unsigned char *)"f", 1);
	CHECK_STR(b64, "Zg==");
	free(b64);
	b64 = quiz_base64((const unsigned char *)"fo", 2);
	CHECK_STR(b64, "Zm8=");
	free(b64);
	b64 = quiz_base64((const unsigned char *)"foobar", 6);
	CHECK_STR(b64, "Zm9vYmFy");
	free(b64);
}

static void
test_bands(void)
{
	/* The 自社診断: 25 items scored 4 / 2 / 0 / -1 give totals from -25 to 100. */
	long ipa[] = {100, 70, 50, -25}, early[] = {100, 70, 50, 0}, one[] = {-30};
	long high[] = {120}, lo = 0, hi = 0;
	CHECK(quiz_band_gap(ipa, 4, -25, 100, &lo, &hi) == 0);
	CHECK(quiz_band_gap(early, 4, -25, 100, &lo, &hi) == 1);
	CHECK(lo == -25 && hi == -1);
	/* Order does not matter; a band below the lowest total still covers it. */
	CHECK(quiz_band_gap(one, 1, -25, 100, &lo, &hi) == 0);
	/* Every band above the range: nothing at all is covered. */
	CHECK(quiz_band_gap(high, 1, -25, 100, &lo, &hi) == 1);
	CHECK(lo == -25 && hi == 100);
	CHECK(quiz_band_gap(NULL, 0, 0, 12, &lo, &hi) == 1);
	CHECK(lo == 0 && hi == 12);
}

int
main(void)
{
	test_hashes();
	test_seal();
	test_bands();
	return check_report("quiz");
}
