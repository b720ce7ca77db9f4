/*
 * template: the six Mustache spec suites (argv[1] is their directory), then the parts the spec
 * leaves out: strict mode's diagnostics, syntax errors, the escaper, numbers, partial caching
 * and the limits that protect against hostile templates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "template.h"
#include "util.h"
#include "value.h"
#include "yaml.h"

static char *
read_file(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	*len = b.len;
	buf_cstr(&b);
	return buf_detach(&b);
}

static const char *
spec_partial(void *ud, const char *name, size_t *len, const char **file)
{
	(void)file; /* named by the partial's name */
	const struct ynode *n = ynode_get(ud, name);
	if (!n || n->kind != YNODE_SCALAR)
		return NULL;
	*len = n->len;
	return n->str;
}

static const char *
scalar(const struct ynode *test, const char *key)
{
	const struct ynode *n = ynode_get(test, key);
	return n && n->kind == YNODE_SCALAR ? n->str : "";
}

static void
run_suite(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name), *text;
	struct ynode *doc = NULL;
	const struct ynode *tests;
	int passed = 0, failed = 0;
	size_t len, i;
	if (!(text = read_file(path, &len))) {
		fprintf(stderr, "%s: cannot read\n", path);
		check_failed++;
		goto out;
	}
	if (!(doc = yaml_load(path, text, len, 0)) || !(tests = ynode_get(doc, "tests")) ||
	    tests->kind != YNODE_SEQ) {
		fprintf(stderr, "%s: cannot load the tests\n", path);
		check_failed++;
		goto out;
	}
	for (i = 0; i < tests->n; i++) {
		const struct ynode *test = tests->items[i];
		const char *tname = scalar(test, "name"), *src = scalar(test, "template");
		const char *want = scalar(test, "expected");
		struct tmpl_opts opts = {.partial = spec_partial,
			.partial_ud = (void *)ynode_get(test, "partials")};
		struct tmpl_set *set = tmpl_set_new(&opts);
		struct value *data = value_from_yaml(ynode_get(test, "data"), 1);
		struct tmpl *t = tmpl_compile(set, tname, 0, src, strlen(src));
		struct buf out = BUF_INIT;
		if (t && tmpl_render(t, data, &out) == 0 && strcmp(buf_cstr(&out), want) == 0) {
			passed++;
		} else {
			failed++;
			fprintf(stderr, "%s: %s\n  got:  [%s]\n  want: [%s]\n", name, tname,
				buf_cstr(&out), want);
		}
		buf_free(&out);
		value_free(data);
		tmpl_set_free(set);
	}
	printf("mustache spec %s: %d passed, %d failed\n", name, passed, failed);
	check_passed += passed;
	check_failed += failed;
out:
	ynode_free(doc);
	free(text);
	free(path);
}

/* Partials for the unit checks: "name=source" pairs, counting the lookups. */
static const char *const *unit_partials;
static int partial_calls;

static const char *
unit_partial(void *ud, const char *name, size_t *len, const char **file)
{
	(void)file; /* named by the partial's name */
	const char *const *p;
	size_t n = strlen(name);
	(void)ud;
	partial_calls++;
	for (p = unit_partials; p && *p; p++)
		if (strncmp(*p, name, n) == 0 && (*p)[n] == '=') {
			*len = strlen(*p + n + 1);
			return *p + n + 1;
		}
	return NULL;
}

struct result {
	int rc; /* of tmpl_render; -2 when tmpl_compile failed */
	char *out;
	char *diag;
};

static void
result_free(struct result *r)
{
	free(r->out);
	free(r->diag);
}

/* Compile and render src as file "f.md", capturing the output and the diagnostics. */
static struct result
run(const struct tmpl_opts *opts, int line_offset, const char *src, const struct value *ctx)
{
	struct result r = {-2, NULL, NULL};
	struct tmpl_set *set = tmpl_set_new(opts);
	struct buf out = BUF_INIT, diag = BUF_INIT;
	FILE *f = tmpfile();
	struct tmpl *t;
	char chunk[512];
	size_t n;
	diag_set_stream(f);
	if ((t = tmpl_compile(set, "f.md", line_offset, src, strlen(src))))
		r.rc = tmpl_render(t, ctx, &out);
	diag_set_stream(NULL);
	rewind(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&diag, chunk, n);
	fclose(f);
	tmpl_set_free(set);
	r.out = buf_detach(&out);
	r.diag = buf_detach(&diag);
	return r;
}

static void
escape_stars(struct buf *out, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (s[i] == '*' || s[i] == '_')
			buf_putc(out, '\\');
		buf_putc(out, s[i]);
	}
}

static struct value *
sample(void)
{
	struct value *root = value_map(), *org = value_set(root, "org", value_map());
	struct value *list = value_set(root, "list", value_list());
	value_set(org, "name", value_str("株式会社サンプル"));
	value_set(org, "uses_cloud", value_bool(1));
	value_set(org, "staff", value_num(85));
	value_set(org, "rate", value_num(1.210));
	value_set(org, "big", value_num(1e20));
	value_set(org, "neg", value_num(-0.0));
	value_set(org, "none", value_null());
	value_set(org, "mark", value_str("*a_b* <&>"));
	value_push(list, value_str("x"));
	value_push(list, value_str("y"));
	value_push(list, value_str("z"));
	return root;
}

static void
test_strict(const struct value *ctx)
{
	struct tmpl_opts opts = {.escape = escape_stars, .strict = 1};
	struct result r;

	r = run(&opts, 0, "{{org.name}}: {{#org.uses_cloud}}cloud{{/org.uses_cloud}}"
		"{{^org.uses_cloud}}none{{/org.uses_cloud}}", ctx);
	CHECK(r.rc == 0);
	CHECK_STR(r.out, "株式会社サンプル: cloud");
	CHECK_STR(r.diag, "");
	result_free(&r);

	r = run(&opts, 0, "a {{org.ceo}} b", ctx);
	CHECK(r.rc == -1);
	CHECK_STR(r.out, "a  b");
	CHECK_STR(r.diag, "f.md:1:3: error: unknown variable 'org.ceo'\n");
	result_free(&r);

	r = run(&opts, 4, "x\n  {{nope}}\n", ctx);
	CHECK(r.rc == -1);
	CHECK_STR(r.diag, "f.md:6:3: error: unknown variable 'nope'\n");
	result_free(&r);

	r = run(&opts, 0, "タイトル\n日本語{{org.x}}", ctx);
	CHECK_STR(r.diag, "f.md:2:4: error: unknown variable 'org.x'\n");
	result_free(&r);

	/* Every unknown name is found, each tag once even inside a loop. */
	r = run(&opts, 0, "{{a}}{{#list}}{{b}}{{/list}}\n{{#c}}x{{/c}}{{^d}}y{{/d}}", ctx);
	CHECK(r.rc == -1);
	CHECK_STR(r.out, "\ny");
	CHECK_STR(r.diag, "f.md:1:1: error: unknown variable 'a'\n"
		"f.md:1:15: error: unknown variable 'b'\n"
		"f.md:2:1: error: unknown variable 'c'\n"
		"f.md:2:14: error: unknown variable 'd'\n");
	result_free(&r);

	r = run(&opts, 0, "{{org.none}}|{{list}}", ctx);
	CHECK(r.rc == -1);
	CHECK_STR(r.out, "|");
	CHECK_STR(r.diag, "f.md:1:14: error: 'list' is a list, not a single value\n");
	result_free(&r);

	/* The escaper replaces HTML escaping; raw tags bypass it. */
	r = run(&opts, 0, "{{org.mark}} {{{org.mark}}} {{&org.mark}}", ctx);
	CHECK(r.rc == 0);
	CHECK_STR(r.out, "\\*a\\_b\\* <&> *a_b* <&> *a_b* <&>");
	result_free(&r);

	r = run(&opts, 0, "{{org.staff}} {{org.rate}} {{org.big}} {{org.neg}} {{org.uses_cloud}}",
		ctx);
	CHECK_STR(r.out, "85 1.21 1e+20 0 true");
	result_free(&r);

	r = run(NULL, 0, "[{{nope}}{{#nope}}x{{/nope}}{{org.mark}}]", ctx);
	CHECK(r.rc == 0);
	CHECK_STR(r.out, "[*a_b* &lt;&amp;&gt;]");
	CHECK_STR(r.diag, "");
	result_free(&r);
}

static void
test_syntax(void)
{
	static const struct {
		const char *src, *diag;
	} cases[] = {
		{"a\n  {{#s}}b", "f.md:2:3: error: unclosed section 's'\n"},
		{"{{#a}}{{#b}}", "f.md:1:1: error: unclosed section 'a'\n"
			"f.md:1:7: error: unclosed section 'b'\n"},
		{"{{#a}}x{{/b}}", "f.md:1:8: error: closing tag 'b' does not match 'a'\n"},
		{"x{{/b}}", "f.md:1:2: error: closing tag 'b' without an open section\n"},
		{"日本 {{y", "f.md:1:4: error: unclosed tag: expected '}}'\n"},
		{"{{{y}}", "f.md:1:1: error: unclosed tag: expected '}}}'\n"},
		{"{{=<%>=}}", "f.md:1:1: error: invalid set-delimiter tag: expected two delimiters "
			"separated by a space, as in '{{=<% %>=}}'\n"},
		{"{{=<% %> x=}}", "f.md:1:1: error: invalid set-delimiter tag: expected two "
			"delimiters separated by a space, as in '{{=<% %>=}}'\n"},
		{"{{=<% %>=}}<%x", "f.md:1:12: error: unclosed tag: expected '%>'\n"},
		{"{{ }}", "f.md:1:1: error: tag without a name\n"},
		{"{{a..b}}", "f.md:1:1: error: invalid name 'a..b'\n"},
		{"{{a b}}", "f.md:1:1: error: invalid name 'a b'\n"},
		{"{{>}}", "f.md:1:1: error: partial tag without a name\n"},
	};
	size_t i;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct result r = run(NULL, 0, cases[i].src, NULL);
		CHECK(r.rc == -2);
		CHECK_STR(r.diag, cases[i].diag);
		result_free(&r);
	}
}

static void
test_limits(void)
{
	static const char *const recursive[] = {"a={{>a}}", "b={{>b}}{{>b}}", "c=x\n {{>c}}\n",
		NULL};
	struct tmpl_opts loose = {.partial = unit_partial};
	struct tmpl_opts strict = {.strict = 1, .partial = unit_partial};
	struct buf src = BUF_INIT;
	struct value *ctx = value_map(), *list = value_set(ctx, "l", value_list());
	struct result r;
	int i;

	for (i = 0; i < 100; i++)
		buf_puts(&src, "{{#s}}");
	for (i = 0; i < 100; i++)
		buf_puts(&src, "{{/s}}");
	r = run(NULL, 0, buf_cstr(&src), NULL);
	CHECK(r.rc == 0);
	result_free(&r);
	buf_clear(&src);
	for (i = 0; i < 101; i++)
		buf_puts(&src, "{{#s}}");
	r = run(NULL, 0, buf_cstr(&src), NULL);
	CHECK(r.rc == -2);
	CHECK_STR(r.diag, "f.md:1:601: error: sections nested more than 100 levels deep\n");
	result_free(&r);

	unit_partials = recursive;
	r = run(&loose, 0, "{{>a}}|{{>b}}", NULL);
	CHECK(r.rc == 0);
	CHECK_STR(r.out, "|");
	CHECK_STR(r.diag, "a:1:1: warning: partial 'a' nested more than 100 levels deep\n");
	result_free(&r);
	r = run(&strict, 0, "{{>b}}", NULL);
	CHECK(r.rc == -1);
	CHECK_STR(r.diag, "b:1:1: error: partial 'b' nested more than 100 levels deep\n");
	result_free(&r);
	/* Each level indents the next: a new compilation per level, still bounded. */
	r = run(&strict, 0, "{{>c}}", NULL);
	CHECK(r.rc == -1);
	CHECK(r.out && strncmp(r.out, "x\n x\n  x\n", 9) == 0);
	result_free(&r);

	/* Sections nested in a loop multiply: 10^100 steps are cut short. */
	for (i = 0; i < 10; i++)
		value_push(list, value_num(i));
	buf_clear(&src);
	for (i = 0; i < 100; i++)
		buf_puts(&src, "{{#l}}");
	buf_puts(&src, "x");
	for (i = 0; i < 100; i++)
		buf_puts(&src, "{{/l}}");
	r = run(&strict, 0, buf_cstr(&src), ctx);
	CHECK(r.rc == -1);
	CHECK_STR(r.diag, "f.md:1:601: error: rendering stopped after 50000000 steps: sections "
		"or partials multiply too much\n");
	result_free(&r);
	buf_free(&src);
	value_free(ctx);
}

static void
test_partials(void)
{
	static const char *const parts[] = {"p=<{{x}}>\n", "bad={{#x}}", NULL};
	struct tmpl_opts opts = {.strict = 1, .partial = unit_partial};
	struct tmpl_set *set = tmpl_set_new(&opts);
	struct value *ctx = value_map();
	const char *src = "{{>p}}  {{>p}}\n  {{>p}}\n{{>bad}}{{>none}}";
	struct tmpl *t = tmpl_compile(set, "f.md", 0, src, strlen(src));
	struct buf out = BUF_INIT, diag = BUF_INIT;
	FILE *f = tmpfile();
	char chunk[512];
	size_t n;
	int k, rc = 0;
	unit_partials = parts;
	partial_calls = 0;
	value_set(ctx, "x", value_num(1));
	diag_set_stream(f);
	for (k = 0; k < 3; k++) {
		buf_clear(&out);
		rc |= tmpl_render(t, ctx, &out);
	}
	diag_set_stream(NULL);
	rewind(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&diag, chunk, n);
	fclose(f);
	CHECK(rc == -1);
	CHECK_STR(buf_cstr(&out), "<1>\n  <1>\n\n  <1>\n");
	/* Three names, one with two indentations, looked up once for three renderings. */
	CHECK(partial_calls == 4);
	CHECK_STR(buf_cstr(&diag), "bad:1:1: error: unclosed section 'x'\n"
		"f.md:3:9: error: unknown partial 'none'\n"
		"f.md:3:9: error: unknown partial 'none'\n"
		"f.md:3:9: error: unknown partial 'none'\n");
	buf_free(&out);
	buf_free(&diag);
	value_free(ctx);
	tmpl_set_free(set);
	tmpl_set_free(NULL);
}

int
main(int argc, char **argv)
{
	static const char *const suites[] = {"comments.yml", "delimiters.yml",
		"interpolation.yml", "inverted.yml", "partials.yml", "sections.yml"};
	struct value *ctx = sample();
	size_t i;
	if (argc != 2) {
		fprintf(stderr, "usage: %s MUSTACHE-SPEC-DIR\n", argv[0]);
		return 2;
	}
	for (i = 0; i < sizeof suites / sizeof suites[0]; i++)
		run_suite(argv[1], suites[i]);
	test_strict(ctx);
	test_syntax();
	test_partials();
	test_limits();
	value_free(ctx);
	return check_report("template");
}
