/*
 * The Mustache engine: the input is a template, compiled and rendered against a fixed context
 * (strings with HTML, numbers, booleans, lists, nested maps). The first byte picks theme mode
 * (HTML escaping, missing names empty) or content mode (strict, with the source map that
 * places later diagnostics). Partials resolve to fixed texts, and "self" to the input itself,
 * so recursion and the depth and output limits are reached.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz.h"
#include "template.h"
#include "util.h"
#include "value.h"
#include "yaml.h"

static const char context_yaml[] =
	"org: {name: \"<b>株式会社&</b>\", uses_cloud: true, empty: \"\", zero: 0}\n"
	"list: [a, b, {name: c, list: [1, 2]}]\n"
	"nested: {a: {b: {c: deep}}}\n"
	"none: null\n"
	"no: false\n"
	"num: 1.5\n";

static struct value *context;
static char *input; /* NUL-terminated, as page text is */
static size_t input_len;

static const char *
partial(void *ud, const char *name, size_t *len, const char **file)
{
	(void)file; /* named by the partial's name */
	static const char a[] = "[{{org.name}}{{>b}}]";
	static const char b[] = "{{#list}}{{name}}{{.}}{{/list}}\n  {{{org.name}}}";
	(void)ud;
	if (!strcmp(name, "self")) {
		*len = input_len;
		return input;
	}
	if (!strcmp(name, "a")) {
		*len = sizeof a - 1;
		return a;
	}
	if (!strcmp(name, "b")) {
		*len = sizeof b - 1;
		return b;
	}
	return NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ynode *doc;
	fuzz_enter_project(argc, argv);
	doc = yaml_load("context.yaml", context_yaml, sizeof context_yaml - 1, 0);
	if (!doc)
		abort();
	context = value_from_yaml(doc, 1);
	ynode_free(doc);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tmpl_opts opts = {.partial = partial};
	struct tmpl_set *set;
	struct tmpl *t;
	struct buf out = BUF_INIT;
	if (size < 1)
		return 0;
	opts.strict = data[0] & 1;
	input_len = size - 1;
	input = xmalloc(input_len + 1);
	memcpy(input, data + 1, input_len);
	input[input_len] = '\0';
	diag_reset();
	set = tmpl_set_new(&opts);
	t = tmpl_compile(set, "fuzz.md", data[0] >> 1 & 3, input, input_len);
	if (t && !opts.strict) {
		tmpl_render(t, context, &out);
	} else if (t) {
		struct tmpl_pos *map = NULL;
		struct tmpl_cursor cur = {0};
		size_t nmap = 0, off;
		int line, col, line2, col2;
		if (tmpl_render_mapped(t, context, &out, &map, &nmap) == 0) {
			/* In order through a cursor, as the Markdown stage asks: the same answers. */
			for (off = 0; off <= out.len; off += out.len / 4 + 1) {
				tmpl_map_find(map, nmap, input, off, &cur, &line, &col);
				tmpl_map_find(map, nmap, input, off, NULL, &line2, &col2);
				if (line < 1 || col < 1 || line != line2 || col != col2)
					abort();
			}
		}
		free(map);
	}
	buf_free(&out);
	tmpl_set_free(set);
	free(input);
	input = NULL;
	return 0;
}
