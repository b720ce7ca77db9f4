/*
 * Unit tests of the one normalisation: a query typed in any width, case or kana finds the
 * text (the search form, as search.js folds the query), and a glossary term is found in the
 * text it stands in without catching hiragana prose, its matches covering whole characters.
 */
#include <stdlib.h>

#include "check.h"
#include "fold.h"

static void
check_search(const char *in, const char *want)
{
	char *got = fold_search(in, strlen(in));
	CHECK_STR(got, want);
	free(got);
}

static void
check_term(const char *in, const char *want)
{
	char *got = fold_term(in);
	CHECK_STR(got, want);
	free(got);
}

int
main(void)
{
	struct fold_map m = {BUF_INIT, NULL, 0, NULL, 0, 0, 0};
	const char *text = "Ｅ\xCC\x81メール";
	size_t i;

	check_search("ＰＡＳＳＷＯＲＤとパスワード", "passwordとぱすわーど");
	check_search("ﾊﾟｽﾜｰﾄﾞ", "ぱすわーど");
	check_search("ΣΟΦΙΑ Straße ㈱", "σοφια straße (株)");
	check_search("ヴァ", "ゔぁ");
	check_term("ﾊﾟｽﾜｰﾄﾞ", "パスワード");
	/* One case rule for both forms: every script, not only Latin letters. */
	check_term("ΣΟΦΙΑ ÉCOLE", "σοφια école");

	/* A full-width E with a combining acute: one source character, one é, mapped back. */
	fold_map_text(&m, text, strlen(text));
	CHECK_STR(m.out.data, "éメール");
	CHECK(m.src_at[0] == 0 && m.src_at[1] == FOLD_INSIDE);
	CHECK(m.src_at[2] == 5);
	CHECK(m.src_at[m.out.len] == strlen(text));
	for (i = 0; i < m.out.len; i++)
		CHECK(m.src_at[i] == FOLD_INSIDE || m.src_at[i] < strlen(text));
	fold_map_text(&m, "ＡＢ", 6);
	CHECK_STR(m.out.data, "ab");
	CHECK(m.src_at[1] == 3 && m.src_at[2] == 6);
	fold_map_free(&m);
	return check_report("fold");
}
