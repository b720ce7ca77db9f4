/*
 * quizstats: checks that the example course's tests ask for judgement, not for spotting the
 * longest answer, read with kenshu's own YAML loader.
 *
 *     quizstats QUIZ_DIR FINAL_EXAM STAFF_MODULE...
 *
 * Over every test (kind: test) in QUIZ_DIR: the correct choice is the strictly longest (in
 * characters) in at most 40 % of single-choice questions, and between 40 % and 60 % of
 * true/false questions have 正しい (or answer: true) for their answer. FINAL_EXAM (a file
 * name in QUIZ_DIR) draws by group, and its groups are exactly the STAFF_MODULEs, each asked
 * at least once, so that every sitting covers every module staff take. Prints the figures;
 * exits 1 when a check fails.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "diag.h"
#include "fs.h"
#include "util.h"
#include "yaml.h"

/* A scalar's text; "" for a missing node or one of another kind. */
static const char *
text_of(const struct ynode *n)
{
	return n && n->kind == YNODE_SCALAR ? n->str : "";
}

static size_t
chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The text of choice c (a mapping with text, or a plain scalar) and whether it is correct. */
static const char *
choice(const struct ynode *c, int *correct)
{
	const struct ynode *t = c->kind == YNODE_MAP ? ynode_get(c, "text") : c;
	*correct = c->kind == YNODE_MAP && !strcmp(text_of(ynode_get(c, "correct")), "true");
	return text_of(t);
}

struct stats {
	size_t single, longest, truefalse, true_answers;
};

static void
count(const struct ynode *root, struct stats *st)
{
	const struct ynode *kind = ynode_get(root, "kind"), *qs = ynode_get(root, "questions");
	size_t i, j;
	if ((kind && strcmp(text_of(kind), "test")) || !qs || qs->kind != YNODE_SEQ)
		return;
	for (i = 0; i < qs->n; i++) {
		const struct ynode *q = qs->items[i], *type = ynode_get(q, "type"), *cs, *ans;
		const char *t = type ? text_of(type) : "single";
		cs = ynode_get(q, "choices");
		if (!strcmp(t, "truefalse")) {
			st->truefalse++;
			if ((ans = ynode_get(q, "answer")))
				st->true_answers += !strcmp(text_of(ans), "true");
			for (j = 0; cs && cs->kind == YNODE_SEQ && j < cs->n; j++) {
				int correct;
				const char *text = choice(cs->items[j], &correct);
				st->true_answers += correct && !strcmp(text, "正しい");
			}
		} else if (!strcmp(t, "single") && cs && cs->kind == YNODE_SEQ) {
			size_t right = 0, others = 0;
			for (j = 0; j < cs->n; j++) {
				int correct;
				size_t n = chars(choice(cs->items[j], &correct));
				if (correct)
					right = n;
				else if (n > others)
					others = n;
			}
			st->single++;
			st->longest += right > others;
		}
	}
}

static struct ynode *
load(const char *path)
{
	char *text;
	size_t len;
	struct ynode *root;
	if (fs_read_file(path, path, FS_MAX_SOURCE, &text, &len, NULL) < 0)
		return NULL;
	root = yaml_load(path, text, len, 0);
	free(text);
	return root;
}

int
main(int argc, char **argv)
{
	struct stats st = {0, 0, 0, 0};
	struct ynode *root;
	const struct ynode *draw;
	char **names, *path;
	size_t n, i;
	int j, fail = 0;
	if (argc < 4) {
		fputs("usage: quizstats QUIZ_DIR FINAL_EXAM STAFF_MODULE...\n", stderr);
		return 2;
	}
	if (fs_list_any(argv[1], &names, &n) < 0)
		return 2;
	for (i = 0; i < n; i++) {
		if (!content_is_yaml(names[i]))
			continue;
		path = fs_join(argv[1], names[i]);
		if ((root = load(path)))
			count(root, &st);
		else
			fail = 1;
		ynode_free(root);
		free(path);
	}
	fs_list_free(names, n);
	printf("quizstats: the correct choice is the longest in %zu of %zu single-choice questions "
		"(%.0f %%); 正しい is the answer of %zu of %zu true/false questions (%.0f %%)\n",
		st.longest, st.single, st.single ? 100.0 * st.longest / st.single : 0.0,
		st.true_answers, st.truefalse, st.truefalse ? 100.0 * st.true_answers / st.truefalse : 0.0);
	if (!st.single || st.longest * 10 > st.single * 4) {
		printf("FAIL quizstats: more than 40 %% of single-choice answers are the longest choice\n");
		fail = 1;
	}
	if (!st.truefalse || st.true_answers * 10 < st.truefalse * 4 ||
	    st.true_answers * 10 > st.truefalse * 6) {
		printf("FAIL quizstats: 正しい is not the answer of 40 to 60 %% of true/false questions\n");
		fail = 1;
	}
	path = fs_join(argv[1], argv[2]);
	root = load(path);
	draw = root ? ynode_get(root, "draw") : NULL;
	if (!draw || draw->kind != YNODE_MAP) {
		printf("FAIL quizstats: %s does not draw by group\n", path);
		fail = 1;
	} else {
		for (j = 3; j < argc; j++) {
			const struct ynode *k = ynode_get(draw, argv[j]);
			if (!k || !strcmp(text_of(k), "0")) {
				printf("FAIL quizstats: %s asks nothing of the module '%s'\n", path, argv[j]);
				fail = 1;
			}
		}
		if (draw->n != (size_t)(argc - 3)) {
			printf("FAIL quizstats: %s draws from %zu groups, not the %d staff modules\n", path,
				draw->n, argc - 3);
			fail = 1;
		}
		if (!fail)
			printf("quizstats: %s asks of each of the %d staff modules in every sitting\n",
				path, argc - 3);
	}
	ynode_free(root);
	free(path);
	return fail || diag_errors() ? 1 : 0;
}
