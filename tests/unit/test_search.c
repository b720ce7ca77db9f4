/*
 * Unit tests of the search index: normalisation, tokens and positions, the written index and
 * its shards.
 */
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

/* The index's files joined into one string, for looking things up wherever they went. */
static char *
joined(const struct search_file *files, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;
	for (i = 0; i < n; i++)
		buf_put(&b, files[i].data, files[i].len);
	buf_cstr(&b);
	return buf_detach(&b);
}

static void
test_index(void)
{
	struct search_index *ix = search_new();
	struct page pg;
	struct heading hs[2] = {{2, "best-practice", "Best practice"}, {2, "まとめ", "まとめ"}};
	unsigned long pos[300];
	struct buf big = BUF_INIT;
	struct search_file *files;
	char *js, *p;
	size_t nfiles, n, i;

	/* Document 0: title 東京 (positions 0-1), gap, text 京都 (3-4), gap: 6 positions. */
	search_add(ix, "東京", "a.html", "京都");
	/* Document 1, a page: title, summary, then a section per heading. */
	memset(&pg, 0, sizeof pg);
	pg.title = "ページ";
	pg.out = "page.html";
	pg.summary = "東京都の話";
	pg.headings = hs;
	pg.nheadings = 2;
	search_add_page(ix, &pg, "前置き\nBest practice\n本文です\nまとめ\n東京都\n");
	/* Document 2: a bigram far apart many times, so some gaps take the escape. */
	for (i = 0; i < 200; i++)
		buf_puts(&big, "あい ");
	for (i = 0; i < 70000; i++)
		buf_puts(&big, "w ");
	buf_puts(&big, "あい");
	search_add(ix, "long", "long.html", buf_cstr(&big));

	/* A small index: the manifest, one token shard, one text shard, one body shard. */
	nfiles = search_files(ix, 1, &files);
	CHECK(nfiles == 4);
	CHECK_STR(files[0].path, "assets/search-index.js");
	CHECK_STR(files[1].path, "assets/search/t0.js");
	CHECK_STR(files[2].path, "assets/search/d0.js");
	CHECK_STR(files[3].path, "assets/search/b0.js");
	for (i = 0; i < nfiles; i++)
		CHECK(files[i].len == strlen(files[i].data));
	CHECK(str_starts(files[0].data, "window.KENSHU_SEARCH={\"v\":3,"));
	CHECK(str_ends(files[0].data, "\"d\":[0],\n\"b\":[0]};\n"));
	CHECK(str_starts(files[1].data, "KENSHU_SEARCH_SHARD(\"t0\",{"));
	CHECK(str_ends(files[1].data, "});\n"));
	CHECK(str_starts(files[2].data, "KENSHU_SEARCH_SHARD(\"d0\",[[\"東京\",\"a.html\",\"\","));
	CHECK(strstr(files[2].data, "[\"ページ\",\"page.html\",\"\",") != NULL);
	/*
	 * The text after each section's snippet: nothing for the short ones, the rest of document
	 * 2's long text (coded, so only its shape is checked here).
	 */
	CHECK(str_starts(files[3].data, "KENSHU_SEARCH_SHARD(\"b0\",[[\"\"],\n[\"\",\"\",\"\"],\n[\""));
	CHECK(str_ends(files[3].data, "\"]]);\n"));
	CHECK(files[3].len > 70000);
	/*
	 * The section table: document 0 has one section, its first (head 2 positions: 2 * 2 + 1,
	 * "F"; 6 in all, "G"); document 1 begins with its title's section (3 * 2 + 1, "H").
	 */
	CHECK(strstr(files[0].data, "\"s\":\"FGH") != NULL);
	js = joined(files, nfiles);
	search_files_free(files, nfiles);
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

/*
 * A larger index is cut into shards: token shards in key order, each listed in the manifest
 * by its first key, text and body shards by their first document; the same index gives the
 * same files, byte for byte, made on one thread or two.
 */
static void
test_shards(void)
{
	struct search_index *ix = search_new();
	struct search_file *a, *b;
	size_t na, nb, i, tokens = 0, texts = 0, bodies = 0;
	struct buf text = BUF_INIT;
	char *title, *want, *prev = NULL;

	for (i = 0; i < 3000; i++) {
		buf_clear(&text);
		buf_printf(&text, "word%zu and a longer text to fill the snippets of the documents %zu, "
			"and then a tail that runs on past the snippet", i, i * 7);
		title = xasprintf("doc %zu", i);
		search_add(ix, title, "p.html", buf_cstr(&text));
		free(title);
	}
	na = search_files(ix, 1, &a);
	nb = search_files(ix, 2, &b);
	CHECK(na == nb);
	for (i = 0; i < na && i < nb; i++) {
		CHECK_STR(a[i].path, b[i].path);
		CHECK(a[i].len == b[i].len && !memcmp(a[i].data, b[i].data, a[i].len));
	}
	for (i = 1; i < na; i++) {
		char kind = a[i].path[strlen(SEARCH_SHARDS)];
		size_t k = kind == 't' ? tokens++ : kind == 'd' ? texts++ : bodies++;
		want = xasprintf(SEARCH_SHARDS "%c%zu.js", kind, k);
		CHECK_STR(a[i].path, want);
		free(want);
		/* Tokens come before text, then bodies, and no shard runs far past its size. */
		CHECK(kind == 't' ? texts == 0 : kind == 'd' ? bodies == 0 : kind == 'b');
		CHECK(a[i].len < 80 * 1024);
		if (kind == 't') {
			/* Its first key, as the manifest lists it, after the previous shard's. */
			const char *key = strchr(a[i].data, '{') + 1;
			size_t klen = strcspn(key + 1, "\"") + 2;
			char *first = xstrndup(key, klen);
			CHECK(strstr(a[0].data, first) != NULL);
			CHECK(!prev || strcmp(prev, first) < 0);
			free(prev);
			prev = first;
		}
	}
	CHECK(tokens > 2);
	CHECK(texts > 2);
	CHECK(bodies > 2);
	free(prev);
	search_files_free(a, na);
	search_files_free(b, nb);
	search_free(ix);
	buf_free(&text);
}

int
main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	test_normalize();
	test_tokens();
	test_index();
	test_shards();
	return check_report("search");
}
