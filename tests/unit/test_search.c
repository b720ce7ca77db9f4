/* Unit tests of the search index: normalisation, tokens and positions, the written index. */
#include <stdlib.h>

#include "check.h"
#include "content.h"
#include "fold.h"
#include "search.h"
#include "util.h"

static void
check_norm(const char *in, const char *want)
{
	char *got = fold_search(in, strlen(in));
	CHECK_STR(got, want);
	free(got);
}

static void
add_token(void *ud, const char *tok, size_t len, unsigned pos)
{
	buf_printf(ud, "%.*s@%u ", (int)len, tok, pos);
}

static void
check_tokens(const char *text, const char *want)
{
	struct buf b = BUF_INIT;
	char *norm = fold_search(text, strlen(text));
	search_tokenize(norm, 0, add_token, &b);
	CHECK_STR(buf_cstr(&b), want);
	buf_free(&b);
	free(norm);
}

/* The postings string of token key in the index js (a copy), or NULL. */
static char *
postings_of(const char *js, const char *key)
{
	char *pat = xasprintf("\"%s\":\"", key);
	const char *at = strstr(js, pat);
	char *out = NULL;
	if (at) {
		at += strlen(pat);
		out = xstrndup(at, strcspn(at, "\""));
	}
	free(pat);
	return out;
}

/* Decode key's positions from js into out; how many there are (0 when missing or bad). */
static size_t
positions(const char *js, const char *key, unsigned long *out, size_t max)
{
	char *p = postings_of(js, key);
	size_t n = p ? search_decode(p, out, max) : 0;
	free(p);
	return n;
}

static void
test_normalize(void)
{
	check_norm("ｶﾀｶﾅ", "かたかな"); /* half-width katakana: NFKC, then folded to hiragana */
	check_norm("ﾊﾟｽﾜｰﾄﾞ", "ぱすわーど"); /* voiced marks composed, ー kept */
	check_norm("パスワード", "ぱすわーど");
	check_norm("ＡＢＣ　Ｕｔｍ", "abc utm"); /* full-width Latin and space */
	check_norm("UTM ＵＴＭ utm", "utm utm utm");
	check_norm("ヴァ", "ゔぁ");
	check_norm("①２", "12");
	check_norm("", "");
}

static void
test_tokens(void)
{
	/* A CJK run: a bigram per character, the last one alone; a word takes one position. */
	check_tokens("東京都とUSB-メモリ", "東京@0 京都@1 都と@2 と@3 usb@4 めも@5 もり@6 り@7 ");
	check_tokens("鍵", "鍵@0 ");
	/* Punctuation ends a run without a position; a line break leaves one empty. */
	check_tokens("東京、京都", "東京@0 京@1 京都@2 都@3 ");
	check_tokens("ab\ncd ef", "ab@0 cd@2 ef@3 ");
	check_tokens("Wi-Fi 3-2-1ルール", "wi@0 fi@1 3@2 2@3 1@4 るー@5 ーる@6 る@7 ");
}

static void
test_index(void)
{
	struct search_index *ix = search_new();
	struct page pg;
	struct heading hs[2] = {{2, "best-practice", "Best practice"}, {2, "まとめ", "まとめ"}};
	unsigned long pos[300];
	struct buf big = BUF_INIT;
	char *js, *p;
	size_t len, n, i;

	/* Document 0: title 東京 (positions 0-1), gap, text 京都 (3-4), gap: 6 positions. */
	search_add(ix, "東京", "a.html", "京都");
	/* Document 1, a page: title, summary, then a section per heading. */
	memset(&pg, 0, sizeof pg);
	pg.title = "ページ";
	pg.out = "page.html";
	pg.summary = "東京都の話";
	pg.plain = "前置き\nBest practice\n本文です\nまとめ\n東京都\n";
	pg.headings = hs;
	pg.nheadings = 2;
	search_add_page(ix, &pg);
	/* Document 2: a bigram far apart many times, so some gaps take the escape. */
	for (i = 0; i < 200; i++)
		buf_puts(&big, "あい ");
	for (i = 0; i < 70000; i++)
		buf_puts(&big, "w ");
	buf_puts(&big, "あい");
	search_add(ix, "long", "long.html", buf_cstr(&big));

	js = search_js(ix, &len);
	CHECK(len == strlen(js));
	CHECK(str_starts(js, "window.KENSHU_SEARCH={\"v\":1,"));
	CHECK(str_ends(js, "}};\n"));
	CHECK(strstr(js, "[\"東京\",\"a.html\"],\n[\"ページ\",\"page.html\"]") != NULL);
	/* The page's sections: the anchor that differs from its heading is written out. */
	CHECK(strstr(js, ",\"best-practice\",") != NULL);

	n = positions(js, "東京", pos, 300);
	CHECK(n == 3);
	CHECK(n == 3 && pos[0] == 0);
	n = positions(js, "京都", pos, 300);
	CHECK(n == 3 && pos[0] == 3);
	/* 東京都 in the page: 東京 and 京都 at consecutive positions, never in document 0. */
	{
		unsigned long a[4], b[4];
		size_t na = positions(js, "東京", a, 4), nb = positions(js, "京都", b, 4), k, m;
		int phrase0 = 0, phrases = 0;
		for (k = 0; k < na; k++)
			for (m = 0; m < nb; m++)
				if (b[m] == a[k] + 1) {
					phrases++;
					phrase0 |= a[k] < 6;
				}
		CHECK(phrases == 2);
		CHECK(!phrase0);
	}
	n = positions(js, "あい", pos, 300);
	CHECK(n == 201);
	CHECK(n == 201 && pos[200] - pos[199] == 70002);
	for (i = 1; i < 200 && n == 201; i++)
		if (pos[i] != pos[i - 1] + 2)
			break;
	CHECK(i == 200);
	CHECK(positions(js, "w", pos, 1) == 70000);

	/* Malformed input is refused, not read past its end. */
	CHECK(search_decode("", pos, 1) == 0);
	CHECK(search_decode("A", pos, 1) == 0);
	CHECK(search_decode("A!!", pos, 1) == 0);
	p = postings_of(js, "あい");
	CHECK(p && strlen(p) > 4);
	if (p) {
		p[strlen(p) / 2] = '\0';
		CHECK(search_decode(p, pos, 300) == 0);
	}
	free(p);

	search_free(ix);
	free(js);
	buf_free(&big);
	search_free(NULL);
}

int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	test_normalize();
	test_tokens();
	test_index();
	return check_report("search");
}
