/* Unit tests of the YAML loader: positions, refusals and the schema helpers. */
#include <stdlib.h>

#include "check.h"
#include "diag.h"
#include "util.h"
#include "yaml.h"

static char errors[4096];
static FILE *capture;

/* Diagnostics between begin() and end() land in errors. */
static void
begin(void)
{
	capture = fmemopen(errors, sizeof errors, "w");
	diag_set_stream(capture);
}

static void
end(void)
{
	fclose(capture);
	diag_set_stream(NULL);
}

static struct ynode *
load(const char *text)
{
	struct ynode *n;
	begin();
	n = yaml_load("t.yaml", text, strlen(text), 0);
	end();
	return n;
}

int
main(void)
{
	static const char *const keys[] = {"title", "id", NULL};
	struct ynode *n;
	const struct ynode *v;
	const char *s;
	long num;
	int b;
	char deep[800];
	size_t i;

	n = load("title: 研修\nid: a\nlist: [1, 2]\n");
	CHECK(n && n->kind == YNODE_MAP && n->n == 3);
	v = ynode_get(n, "list");
	CHECK(v && v->kind == YNODE_SEQ && v->n == 2 && v->line == 3 && v->col == 7);
	v = ynode_get(n, "title");
	CHECK_STR(v ? v->str : NULL, "研修");
	CHECK(v && v->plain);
	begin();
	CHECK(yaml_check_keys("t.yaml", n, keys) == -1);
	end();
	CHECK_STR(errors, "t.yaml:3:1: error: unknown key 'list'; the keys here are title, id\n");
	ynode_free(n);

	/* A misspelt key is suggested, and is known to stand for the key it is near. */
	n = load("tilte: a\nid: b\n");
	begin();
	CHECK(yaml_check_keys("t.yaml", n, keys) == -1);
	end();
	CHECK_STR(errors, "t.yaml:1:1: error: unknown key 'tilte' (did you mean 'title'?); the keys "
			  "here are title, id\n");
	CHECK(yaml_misspelt(n, keys, "title"));
	CHECK(!yaml_misspelt(n, keys, "id")); /* present */
	ynode_free(n);
	n = load("colour: a\n");
	CHECK(!yaml_misspelt(n, keys, "title")); /* unknown, but near no key */
	ynode_free(n);

	CHECK(load("a: 1\na: 2\n") == NULL);
	CHECK_STR(errors, "t.yaml:2:1: error: duplicate key 'a'\n");

	CHECK(load("a: &x [1]\nb: *x\n") == NULL);
	CHECK_STR(errors, "t.yaml:2:4: error: YAML aliases (*name) are not supported\n");

	for (i = 0; i < 200; i++)
		deep[i] = '[';
	deep[200] = '\0';
	CHECK(load(deep) == NULL);
	CHECK(strstr(errors, "nested deeper than 64 levels") != NULL);

	CHECK(load("a: b\n---\nc: d\n") == NULL);
	CHECK(strstr(errors, "only one YAML document") != NULL);

	CHECK(load("a:\n\t- b\n") == NULL);
	CHECK_STR(errors, "t.yaml:2:1: error: a tab in the indentation: indent with half-width "
			  "spaces (YAML does not allow tabs)\n");
	/* A tab libyaml refuses where it indents no key or item: its own words, and a hint. */
	CHECK(load("\tc\n") == NULL);
	CHECK(strstr(errors, "(indent with spaces: YAML does not allow tabs for indentation)"));

	/* Input-method slips: reported at their own place, all of them, before parsing. */
	CHECK(load("title\xEF\xBC\x9A\xE7\xA0\x94\xE4\xBF\xAE\nlist:\n  \xE3\x83\xBC a\n") == NULL);
	CHECK_STR(errors, "t.yaml:1:6: error: a full-width colon '\xEF\xBC\x9A' after 'title': type a "
			  "half-width ':' followed by a space\n"
			  "t.yaml:3:3: error: a full-width '\xE3\x83\xBC' starts this list item: type a "
			  "half-width '-' followed by a space\n");
	/* Full-width marks inside values, in list items that are no mapping, and in block
	 * scalars are text. */
	n = load("title: 注意：重要\nlist:\n  - 「ー」の使い方\n  - URL：x\n  - ー\n"
		 "text: |\n  　段落\n  ー 長音\n");
	CHECK(n != NULL);
	CHECK_STR(n ? ynode_get(n, "title")->str : NULL, "注意：重要");
	v = ynode_get(n, "list");
	CHECK(v && v->n == 3 && !strcmp(v->items[1]->str, "URL：x") && !strcmp(v->items[2]->str, "ー"));
	CHECK_STR(n ? ynode_get(n, "text")->str : NULL, "　段落\nー 長音\n");
	ynode_free(n);

	n = load("");
	CHECK(n && n->kind == YNODE_MAP && n->n == 0);
	ynode_free(n);

	n = load("pass: 120\nq: \"80\"\nok: true\nname: [x]\nnothing: ~\n");
	begin();
	CHECK(yaml_int("t.yaml", ynode_get(n, "pass"), "pass", 0, 100, &num) == -1);
	end();
	CHECK_STR(errors, "t.yaml:1:7: error: 'pass' must be between 0 and 100, not 120\n");
	begin();
	CHECK(yaml_int("t.yaml", ynode_get(n, "q"), "q", 0, 100, &num) == -1);
	end();
	CHECK_STR(errors, "t.yaml:2:4: error: 'q' must be a whole number, not '80'\n");
	CHECK(yaml_bool("t.yaml", ynode_get(n, "ok"), "ok", &b) == 0 && b == 1);
	begin();
	CHECK(yaml_string("t.yaml", ynode_get(n, "name"), "name", &s) == -1);
	end();
	CHECK_STR(errors, "t.yaml:4:7: error: 'name' must be a single value, not a list\n");
	CHECK(ynode_is_null(ynode_get(n, "nothing")));
	ynode_free(n);
	ynode_free(NULL);
	return check_report("yaml");
}
