/*
 * Unit tests of the glossary: matching form, term links in rendered pages (the exact HTML),
 * explicit [[term]] links, the definitions a page carries and the glossary page's order.
 * The test works in a temporary project folder holding only content/glossary.yaml.
 */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "content.h"
#include "diag.h"
#include "fs.h"
#include "fold.h"
#include "glossary.h"
#include "markdown.h"
#include "theme.h"
#include "util.h"
#include "value.h"

static const char glossary_yaml[] =
	"- term: 情報\n"
	"  reading: じょうほう\n"
	"  definition: 知らせや知識。\n"
	"- term: 情報資産\n"
	"  reading: じょうほうしさん\n"
	"  en: information asset\n"
	"  definition: 会社にとって価値のある情報。\n"
	"- term: 情報セキュリティ\n"
	"  reading: じょうほうせきゅりてぃ\n"
	"  en: information security\n"
	"  definition: 情報を守ること。\n"
	"- term: パスワード\n"
	"  reading: ぱすわーど\n"
	"  en: password\n"
	"  definition: |\n"
	"    本人だけが知っている**文字列**。\n"
	"  see: [情報セキュリティ]\n"
	"- term: USBメモリ\n"
	"  reading: ゆーえすびーめもり\n"
	"  en: USB flash drive\n"
	"  definition: 小型の記録媒体。\n"
	"- term: Wi-Fi\n"
	"  reading: わいふぁい\n"
	"  definition: 無線LANの呼び名。\n"
	"- term: IP\n"
	"  reading: あいぴー\n"
	"  en: Internet Protocol\n"
	"  definition: 通信の決まり。\n"
	"- term: ランサムウェア\n"
	"  reading: ランサムウェア\n"
	"  aliases: [身代金要求型ウイルス]\n"
	"  en: ransomware\n"
	"  definition: 身代金を要求する不正プログラム。\n"
	"- term: UTM\n"
	"  definition: 統合脅威管理。\n"
	"- term: 3要素\n"
	"  reading: \"3ようそ\"\n"
	"  definition: 機密性、完全性、可用性。\n";

/* The opening tags of the links, as the glossary writes them. */
#define A(id) "<a class=\"term\" href=\"glossary.html#" id "\" aria-describedby=\"def-" id "\">"
#define INFO A("t-1")
#define ASSET A("t-information-asset")
#define SEC A("t-information-security")
#define PW A("t-password")
#define USB A("t-usb-flash-drive")
#define WIFI A("t-6")
#define IP A("t-internet-protocol")
#define RANSOM A("t-ransomware")

static char errors[4096];
static struct project project;
static struct md_render_opts opts = {
	.callout_titles = {"Note", "Tip", "Important", "Warning", "Caution"},
};
static struct value *vars;
static struct glossary *g;
static struct glossary_reader *reader; /* links terms through opts, once attached */
static struct page pages[64];
static size_t npages;

static char *
keep_url(void *ud, const struct page *pg, const char *url, int line, int col)
{
	(void)ud;
	(void)pg;
	(void)line;
	(void)col;
	return xstrdup(url);
}

/* Render body as a new page (body from line 4); diagnostics go to errors. */
static char *
render_all(const char *body)
{
	struct page *pg = &pages[npages++];
	struct buf out = BUF_INIT;
	FILE *f = fmemopen(errors, sizeof errors, "w");
	size_t i;
	pg->kind = PAGE_LESSON;
	pg->shown = "l.md";
	pg->title = "レッスン";
	pg->out = "l.html";
	pg->body = body;
	pg->body_len = strlen(body);
	pg->body_line = 4;
	size_t *uses, nuses;
	diag_set_stream(f);
	if (md_parse(pg, vars, NULL) == 0)
		md_render(pg, &opts, &out, NULL);
	md_free(pg);
	if (reader) { /* as a build notes, in page order, the terms each page linked */
		nuses = glossary_reader_uses(reader, pg, &uses);
		glossary_note_uses(g, pg, uses, nuses);
		free(uses);
	}
	fclose(f);
	diag_set_stream(NULL);
	for (i = 0; i < pg->nheadings; i++) {
		free(pg->headings[i].id);
		free(pg->headings[i].text);
	}
	free(pg->headings);
	strmap_free(&pg->heading_ids);
	return buf_detach(&out);
}

/* The body without the definitions the page carries after it. */
static char *
render(const char *body)
{
	char *html = render_all(body), *tips;
	if (html && (tips = strstr(html, "<div class=\"term-tip\"")))
		*tips = '\0';
	return html;
}

#define CHECK_HTML(body, want) \
	do { \
		char *h_ = render(body); \
		CHECK_STR(h_, want); \
		free(h_); \
	} while (0)

static void
test_normalise(void)
{
	char *s;
	s = fold_term("ＵＳＢメモリ");
	CHECK_STR(s, "usbメモリ");
	free(s);
	s = fold_term("ﾊﾟｽﾜｰﾄﾞ");
	CHECK_STR(s, "パスワード");
	free(s);
	s = fold_term("Wi-Fi Ｗｉ－Ｆｉ ÉCOLE");
	CHECK_STR(s, "wi-fi wi-fi école");
	free(s);
	s = fold_term("㈱");
	CHECK_STR(s, "(株)");
	free(s);
}

static void
test_links(void)
{
	project.site.glossary_link = GLOSSARY_LINK_ALL;
	/* Overlapping terms: the longest match wins, leftmost first. */
	CHECK_HTML("情報セキュリティと情報資産と情報の話\n",
		"<p>" SEC "情報セキュリティ</a>と" ASSET "情報資産</a>と" INFO "情報</a>の話</p>\n");
	/* No word boundaries in Japanese: a particle right after the term. */
	CHECK_HTML("パスワードを変える\n", "<p>" PW "パスワード</a>を変える</p>\n");
	/* Full-width, half-width and Latin case all match; the text stays as written. */
	CHECK_HTML("ＵＳＢメモリとUSBメモリとｕｓｂメモリ、ﾊﾟｽﾜｰﾄﾞ\n",
		"<p>" USB "ＵＳＢメモリ</a>と" USB "USBメモリ</a>と" USB "ｕｓｂメモリ</a>、" PW
		"ﾊﾟｽﾜｰﾄﾞ</a></p>\n");
	CHECK_HTML("wi-fiとWI-FIとWi-Fi\n",
		"<p>" WIFI "wi-fi</a>と" WIFI "WI-FI</a>と" WIFI "Wi-Fi</a></p>\n");
	/* A Latin term never touches another Latin letter or digit. */
	CHECK_HTML("ZIPファイル、VIP、IPv6、IPアドレス、(IP)\n",
		"<p>ZIPファイル、VIP、IPv6、" IP "IP</a>アドレス、(" IP "IP</a>)</p>\n");
	/* A term split by inline markup is not found; its first part may be. */
	CHECK_HTML("情報**セキュリティ**\n",
		"<p>" INFO "情報</a><strong>セキュリティ</strong></p>\n");
	/* Never in code, links, images or headings. */
	CHECK_HTML("## 情報資産\n\n`情報資産` [情報資産](https://example.com/) ![情報資産](a.png)\n\n"
		"```\n情報資産\n```\n",
		"<h2 id=\"情報資産\">\n情報資産\n</h2>\n<p><code>情報資産</code> "
		"<a href=\"https://example.com/\">情報資産</a> <img src=\"a.png\" alt=\"情報資産\" /></p>\n"
		"<pre><code>情報資産\n</code></pre>\n");
	/* Other inline containers are running text. */
	CHECK_HTML("- *パスワード*\n\n| 列 |\n|---|\n| 情報 |\n",
		"<ul>\n<li><em>" PW "パスワード</a></em></li>\n</ul>\n<table>\n<thead>\n<tr>\n"
		"<th>列</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>" INFO "情報</a></td>\n</tr>\n"
		"</tbody>\n</table>\n");
}

static void
test_first(void)
{
	project.site.glossary_link = GLOSSARY_LINK_FIRST;
	CHECK_HTML("## パスワード\n\nパスワードとパスワード。\n\n次もパスワード。\n",
		"<h2 id=\"パスワード\">\nパスワード\n</h2>\n<p>" PW "パスワード</a>とパスワード。</p>\n"
		"<p>次もパスワード。</p>\n");
	/* An occurrence left unlinked still covers the shorter terms inside it. */
	CHECK_HTML("情報セキュリティ、情報セキュリティ、情報\n",
		"<p>" SEC "情報セキュリティ</a>、情報セキュリティ、" INFO "情報</a></p>\n");
	/* Each page links its own first occurrence. */
	CHECK_HTML("パスワード\n", "<p>" PW "パスワード</a></p>\n");
	project.site.glossary_link = GLOSSARY_LINK_ALL;
	CHECK_HTML("パスワードとパスワード\n",
		"<p>" PW "パスワード</a>と" PW "パスワード</a></p>\n");
}

static void
test_explicit(void)
{
	char *html;
	project.site.glossary_link = GLOSSARY_LINK_FIRST;
	/* By term or alias, shown as written; explicit links are always links. */
	CHECK_HTML("[[ランサムウェア]]と[[身代金要求型ウイルス|身代金ウイルス]]、[[ ランサムウェア | 例 ]]\n",
		"<p>" RANSOM "ランサムウェア</a>と" RANSOM "身代金ウイルス</a>、" RANSOM "例</a></p>\n");
	/* Escaped brackets and values of variables stay text (the terms in them are linked). */
	CHECK_HTML("\\[[パスワード]] {{org.text}}\n",
		"<p>[[" PW "パスワード</a>]] [[" INFO "情報</a>]]</p>\n");
	/* An author's link that looks like a term link's stand-in loses its link. */
	CHECK_HTML("[x](kenshu-term:0)\n", "<p>x</p>\n");
	CHECK_STR(errors, "");
	/* Unknown terms are errors at their line and column, through variable expansion. */
	html = render("{{org.name}}\n\n> 1 [[なし]] と [[情報|x]]\n> [[ない|y]]\n");
	CHECK_STR(errors, "l.md:6:5: error: unknown glossary term 'なし'\n"
			  "l.md:7:3: error: unknown glossary term 'ない'\n");
	free(html);
	html = render("## [[情報]]\n");
	CHECK_STR(errors, "l.md:4:4: error: a glossary link cannot be inside a heading, a link "
			  "or an image: write '情報' as plain text there\n");
	free(html);
}

static void
test_definitions(void)
{
	char *html;
	project.site.glossary_link = GLOSSARY_LINK_FIRST;
	html = render_all("パスワードと[[情報]]、パスワード\n");
	CHECK_STR(html, "<p>" PW "パスワード</a>と" INFO "情報</a>、パスワード</p>\n"
		"<div class=\"term-tip\" role=\"tooltip\" id=\"def-t-password\" hidden>\n"
		"<p class=\"term-tip-term\">パスワード <span class=\"term-tip-reading\">ぱすわーど"
		"</span></p>\n<p>本人だけが知っている<strong>文字列</strong>。</p>\n</div>\n"
		"<div class=\"term-tip\" role=\"tooltip\" id=\"def-t-1\" hidden>\n"
		"<p class=\"term-tip-term\">情報 <span class=\"term-tip-reading\">じょうほう</span>"
		"</p>\n<p>知らせや知識。</p>\n</div>\n");
	free(html);
	html = render_all("用語なし\n");
	CHECK_STR(html, "<p>用語なし</p>\n");
	free(html);
}

/* The glossary page: rows in 五十音 order, then A-Z, then the rest; pages that link each term. */
static void
test_page(void)
{
	static const char *const want[][4] = {
		{"row-a", "あ行", "IP", NULL},
		{"row-sa", "さ行", "情報", "情報資産"}, /* 情報セキュリティ third */
		{"row-ha", "は行", "パスワード", NULL},
		{"row-ya", "や行", "USBメモリ", NULL},
		{"row-ra", "ら行", "ランサムウェア", NULL},
		{"row-wa", "わ行", "Wi-Fi", NULL},
		{"row-latin", "A–Z", "UTM", NULL},
		{"row-other", "その他", "3要素", NULL},
	};
	struct page *pg = project.nextras ? project.extras[0] : NULL;
	const struct value *rows, *e;
	size_t i;
	CHECK(pg && !strcmp(pg->out, "glossary.html") && pg->in_menu);
	if (!pg)
		return;
	CHECK_STR(pg->title, "用語集");
	rows = value_get(pg->data, "rows");
	CHECK(rows && rows->n == sizeof want / sizeof *want);
	for (i = 0; rows && i < rows->n && i < sizeof want / sizeof *want; i++) {
		const struct value *entries = value_get(rows->items[i], "entries");
		CHECK_STR(value_get(rows->items[i], "id")->str, want[i][0]);
		CHECK_STR(value_get(rows->items[i], "label")->str, want[i][1]);
		CHECK_STR(value_get(entries->items[0], "term")->str, want[i][2]);
		if (want[i][3])
			CHECK_STR(value_get(entries->items[1], "term")->str, want[i][3]);
	}
	e = value_get(rows->items[1], "entries")->items[2];
	CHECK_STR(value_get(e, "term")->str, "情報セキュリティ");
	e = value_get(rows->items[2], "entries")->items[0];
	CHECK_STR(value_get(e, "reading")->str, "ぱすわーど");
	CHECK_STR(value_get(e, "en")->str, "password");
	CHECK_STR(value_get(value_get(e, "see")->items[0], "href")->str, "#t-information-security");
	CHECK(value_get(e, "used")->boolean);
	CHECK(value_get(e, "pages")->n > 1);
	CHECK_STR(value_get(value_get(e, "pages")->items[0], "title")->str, "レッスン");
	e = value_get(rows->items[6], "entries")->items[0];
	CHECK(!value_get(e, "used")->boolean && !value_get(e, "reading"));
	/* Search finds each entry as a section of the page: its heading, then its text. */
	CHECK(pg->nheadings == 10 && !strcmp(pg->headings[4].id, "t-password") &&
		!strcmp(pg->headings[4].text, "パスワード") && pg->headings[4].level == 3);
	CHECK(pg->plain && strstr(pg->plain, "\nパスワード\nぱすわーど password\n"
					     "本人だけが知っている文字列。\nUSBメモリ\n"));
	CHECK(pg->plain && strstr(pg->plain, "\nUTM\n統合脅威管理。\n"));
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/kenshu-test-glossary-XXXXXX";
	struct value *org;
	struct theme *theme;
	FILE *f;

	(void)argc;
	(void)argv;
	md_init();
	test_normalise();
	if (!mkdtemp(dir) || chdir(dir) < 0 || fs_write("content/glossary.yaml", glossary_yaml,
							 strlen(glossary_yaml)) < 0) {
		perror(dir);
		return 1;
	}
	project.prefix = "";
	vars = value_map();
	org = value_set(vars, "org", value_map());
	value_set(org, "name", value_str("株式会社テスト"));
	value_set(org, "text", value_str("[[情報]]"));
	opts.link = keep_url;
	theme = theme_load(&project, "default", "ja");
	f = fmemopen(errors, sizeof errors, "w");
	diag_set_stream(f);
	CHECK(theme && glossary_load(&project, theme, &g) == 0);
	CHECK(glossary_attach(g, &opts, vars) == 0);
	reader = glossary_reader_new(g);
	opts.terms = glossary_reader_hook(reader);
	fclose(f);
	diag_set_stream(NULL);
	CHECK_STR(errors, "");

	test_links();
	test_first();
	test_explicit();
	test_definitions();
	test_page();

	glossary_reader_free(reader);
	glossary_free(g);
	theme_free(theme);
	fs_remove_tree(dir);
	project.prefix = NULL;
	content_free(&project);
	value_free(vars);
	return check_report("glossary");
}
