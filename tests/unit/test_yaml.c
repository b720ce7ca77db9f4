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
	CHECK_STR(errors, "t.yaml:3:1: error: unknown key 'list'\n");
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
	CHECK(strncmp(errors, "t.yaml:2:1: error: invalid YAML:", 32) == 0);

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
