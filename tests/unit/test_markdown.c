/* Unit tests of the Markdown stage: heading ids, callouts, safety, links, positions. */
#include <stdlib.h>

#include "check.h"
#include "content.h"
#include "diag.h"
#include "markdown.h"
#include "util.h"
#include "value.h"

static char errors[4096];

static char *
keep_url(void *ud, const struct page *pg, const char *url, int line, int col)
{
	(void)ud;
	diag_error(pg->shown, line, col, "link %s", url);
	return xstrdup(url);
}

/* Render body (front matter ends on line 3) as a page; diagnostics go to errors. */
static char *
render(const char *body, struct page *pg)
{
	struct md_render_opts o = {
		.link = keep_url,
		.callout_titles = {"Note", "Tip", "Important", "Warning", "Caution"},
		.table_label = "表",
		.footnote_back = "本文に戻る <1>",
		.task_label = "確認項目",
	};
	struct value *vars = value_map();
	struct value *org = value_set(vars, "org", value_map());
	struct buf out = BUF_INIT;
	FILE *f;
	errors[0] = '\0'; /* fmemopen leaves the buffer as it was when nothing is reported */
	f = fmemopen(errors, sizeof errors, "w");
	value_set(org, "name", value_str("A*B"));
	value_set(org, "yes", value_bool(1));
	memset(pg, 0, sizeof *pg);
	pg->shown = "l.md";
	pg->body = body;
	pg->body_len = strlen(body);
	pg->body_line = 4;
	diag_set_stream(f);
	if (md_parse(pg, vars, NULL) == 0)
		md_render(pg, &o, &out, NULL);
	md_free(pg);
	fclose(f);
	diag_set_stream(NULL);
	value_free(vars);
	return buf_detach(&out);
}

static void
free_headings(struct page *pg)
{
	size_t i;
	for (i = 0; i < pg->nheadings; i++) {
		free(pg->headings[i].id);
		free(pg->headings[i].text);
	}
	free(pg->headings);
	strmap_free(&pg->heading_ids);
}

int
main(void)
{
	struct page pg;
	char *html, *id;

	md_init();
	id = md_heading_id("パスワードの作り方（基本）");
	CHECK_STR(id, "パスワードの作り方基本");
	free(id);
	id = md_heading_id("Step 1: Update Your OS!");
	CHECK_STR(id, "step-1-update-your-os");
	free(id);
	id = md_heading_id("「」・？");
	CHECK_STR(id, "section");
	free(id);

	html = render("## 手順\n\n## 手順\n\n## main\n", &pg);
	CHECK(pg.nheadings == 3);
	CHECK(pg.nheadings == 3 && !strcmp(pg.headings[1].id, "手順-1"));
	CHECK(strstr(html, "<h2 id=\"手順-1\">") != NULL);
	free_headings(&pg);
	free(html);

	html = render("> [!WARNING]\n> 気をつけて\n\n> [!NOTE] not a callout\n", &pg);
	CHECK(strstr(html, "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>\n<p>気をつけて</p>\n</div>") != NULL);
	CHECK(strstr(html, "<blockquote>\n<p>[!NOTE] not a callout</p>") != NULL);
	free_headings(&pg);
	free(html);

	html = render("<script>x</script>\n\n<b>b</b> [j](javascript:alert(1)) ![i](vbscript:x)\n", &pg);
	CHECK(strstr(html, "<script") == NULL && strstr(html, "&lt;script&gt;") != NULL);
	CHECK(strstr(html, "&lt;b&gt;b&lt;/b&gt; j i") != NULL);
	CHECK(strstr(html, "javascript") == NULL && strstr(html, "vbscript") == NULL);
	free_headings(&pg);
	free(html);

	/* Values are literal Markdown; positions count from the source file, in characters. */
	/* The inline tags kenshu renders, balanced among siblings, without attributes. */
	html = render("| a |\n|---|\n| 報告<br>依頼<BR/>x<br /> |\n\n"
		"<ruby>漢字<rt>かんじ</rt></ruby> <kbd >C</kbd> H<sub>2</sub>O\n\n"
		"*<kbd>a*</kbd> <kbd onclick=x>b</kbd> <rt>c</rt> <sup>d\n", &pg);
	CHECK(strstr(html, "<td>報告<br>依頼<br>x<br></td>") != NULL);
	CHECK(strstr(html, "<p><ruby>漢字<rt>かんじ</rt></ruby> <kbd>C</kbd> H<sub>2</sub>O</p>") != NULL);
	CHECK(strstr(html, "<em>&lt;kbd&gt;a</em>&lt;/kbd&gt; &lt;kbd onclick=x&gt;b&lt;/kbd&gt; "
		"&lt;rt&gt;c&lt;/rt&gt; &lt;sup&gt;d</p>") != NULL);
	CHECK(strstr(errors, "l.md:10:2: warning: '<kbd>' is shown as text: no '</kbd>' closes it") != NULL);
	CHECK(strstr(errors, "l.md:10:16: warning: raw HTML is shown as text: '<kbd onclick=x>'") != NULL);
	CHECK(strstr(errors, "l.md:10:39: warning: '<rt>' is shown as text: <rt> and <rp> go directly inside <ruby>") != NULL);
	CHECK(strstr(errors, "l.md:10:50: warning: '<sup>' is shown as text") != NULL);
	free_headings(&pg);
	free(html);

	/* A stand-in cannot be forged: links to its URL are dropped, its markup is text. */
	html = render("[x](kenshu-html:0) <a href=\"kenshu-html:0\"></a> <br>\n", &pg);
	CHECK(strstr(html, "<p>x &lt;a href=&quot;kenshu-html:0&quot;&gt;&lt;/a&gt; <br></p>") != NULL);
	free_headings(&pg);
	free(html);

	/* Destinations with spaces: a link where the author meant one, at the '[' or '!'. */
	html = render("前 ![図](img/スクリーンショット 2026-04-01 100000.png) と [表](a b.xlsx \"題\") \\[c](d e)\n", &pg);
	CHECK(strstr(html, "<p>前 <img src=\"img/%E3%82%B9%E3%82%AF%E3%83%AA%E3%83%BC%E3%83%B3%E3%82%B7%E3%83%A7%E3%83%83%E3%83%88%202026-04-01%20100000.png\" alt=\"図\" />"
		" と <a href=\"a%20b.xlsx\" title=\"題\">表</a> [c](d e)</p>") != NULL);
	CHECK(strstr(errors, "l.md:4:3: error: link img/スクリーンショット 2026-04-01 100000.png\n"
		"l.md:4:47: error: link a b.xlsx\n") != NULL);
	free_headings(&pg);
	free(html);

	/* Video and sound shown with '!' get players; an attachment cannot be shown. */
	html = render("![手順](v.mp4) ![](s.mp3)\n", &pg);
	CHECK(strstr(html, "<p><video controls preload=\"metadata\" src=\"v.mp4\" aria-label=\"手順\">"
		"<a href=\"v.mp4\">手順</a></video> <audio controls preload=\"metadata\" src=\"s.mp3\">"
		"<a href=\"s.mp3\">s.mp3</a></audio></p>") != NULL);
	CHECK(strstr(errors, "l.md:4:14: warning: 's.mp3' has no description") != NULL);
	free_headings(&pg);
	free(html);
	html = render("![資料](a.docx)\n", &pg);
	CHECK(strstr(errors, "l.md:4:1: error: 'a.docx' is not a picture, so '!' cannot show it: "
		"link it for download as [資料](a.docx)") != NULL);
	free_headings(&pg);
	free(html);

	html = render("{{org.name}} *x*\n{{#org.yes}}\n日本語 [a](b.md)\n{{/org.yes}}\n", &pg);
	CHECK(strstr(html, "<p>A*B <em>x</em>") != NULL);
	CHECK_STR(errors, "l.md:6:5: error: link b.md\n");
	free_headings(&pg);
	free(html);

	/* Task list check boxes get the theme's label, checked or not. */
	html = render("- [ ] a\n- [x] b\n", &pg);
	CHECK(strstr(html, "<li><input type=\"checkbox\" aria-label=\"確認項目\" disabled=\"\" /> a</li>") != NULL);
	CHECK(strstr(html, "<li><input type=\"checkbox\" aria-label=\"確認項目\" checked=\"\" disabled=\"\" /> b</li>") != NULL);
	free_headings(&pg);
	free(html);

	/* cmark-gfm's English back-link label gives way to the theme's, escaped, every time. */
	html = render("a[^n] b[^n]\n\n[^n]: note\n", &pg);
	CHECK(strstr(html, "Back to content") == NULL);
	CHECK(strstr(html, "data-footnote-backref aria-label=\"本文に戻る &lt;1&gt;\">") != NULL);
	CHECK(strstr(html, "href=\"#fnref-n-2\" class=\"footnote-backref\" data-footnote-backref aria-label=\"本文に戻る &lt;1&gt;\">") != NULL);
	free_headings(&pg);
	free(html);

	/*
	 * Each table in a region of its own, which a keyboard can reach to scroll a wide table,
	 * with a name of its own on the page.
	 */
	html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\ntext\n\n| c |\n|---|\n| 3 |\n", &pg);
	CHECK(strstr(html, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"表 1\">\n"
		"<table>") != NULL);
	CHECK(strstr(html, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"表 2\">\n"
		"<table>") != NULL);
	CHECK(strstr(html, "</table>\n</div>") != NULL);
	free_headings(&pg);
	free(html);

	html = render("hi {{org.nope}}\n", &pg);
	CHECK_STR(errors, "l.md:4:4: error: unknown variable 'org.nope'\n");
	free_headings(&pg);
	free(html);

	/*
	 * Code as cmark-gfm tells it: an escaped backtick opens nothing, a run closes only a run
	 * of its length, a run nothing closes is text (its tag expanded), and one longer than 80
	 * never opens; code in a list item is code too.
	 */
	html = render("\\`{{org.name}}\\` ``a`{{x}}`` `{{org.name}}\n\n- ```\n  {{y}}\n  ```\n", &pg);
	CHECK_STR(errors, "");
	CHECK(strstr(html, "<p>`A*B` <code>a`{{x}}</code> `A*B</p>") != NULL);
	CHECK(strstr(html, "<pre><code>{{y}}\n</code></pre>") != NULL);
	free_headings(&pg);
	free(html);
	{
		char src[300];
		memset(src, '`', 81);
		snprintf(src + 81, sizeof src - 81, "{{org.nope}}");
		memset(src + 81 + 12, '`', 81);
		src[81 + 12 + 81] = '\0';
		html = render(src, &pg);
		CHECK_STR(errors, "l.md:4:82: error: unknown variable 'org.nope'\n");
		free_headings(&pg);
		free(html);
	}

	/*
	 * Without a fence, code is told from prose without a second parse only where no tag can
	 * be code: a backtick after a tag but none before it in its paragraph, and a tag behind
	 * four spaces or a tab on its line, are both judged by the parse. A span over lines, an
	 * indented block in a list item and a tab-indented block keep their tags as written; a
	 * tag before a later span in its paragraph, or after one that closed a paragraph ago, is
	 * filled in.
	 */
	html = render("{{org.name}} `c`\n\n`a\n{{x}}\nb`\n\n\t{{z}}\n\n- item\n\n      {{y}}\n\n`d`\n\n"
		"{{org.name}}\n", &pg);
	CHECK_STR(errors, "");
	CHECK(strstr(html, "<p>A*B <code>c</code></p>") != NULL);
	CHECK(strstr(html, "<code>a {{x}} b</code>") != NULL);
	CHECK(strstr(html, "<pre><code>{{y}}\n</code></pre>") != NULL);
	CHECK(strstr(html, "<pre><code>{{z}}\n</code></pre>") != NULL);
	CHECK(strstr(html, "<p>A*B</p>") != NULL);
	free_headings(&pg);
	free(html);

	/* A section that spans paragraphs keeps the code inside it as written. */
	html = render("{{#org.yes}}\nA\n\n```\n{{/org.yes}}\n```\n{{/org.yes}}\n", &pg);
	CHECK_STR(errors, "");
	CHECK(strstr(html, "<pre><code>{{/org.yes}}\n</code></pre>") != NULL);
	free_headings(&pg);
	free(html);
	return check_report("markdown");
}
