/*
 * Unit tests of "did you mean": the slips a user makes find the name meant, in Japanese as in
 * English, and names that merely share letters, or a long folder, are not suggested.
 */
#include <stdlib.h>

#include "check.h"
#include "nearest.h"

static const char *const front_matter[] = {"title", "summary", "objectives", "duration", "quiz",
	"slug", NULL};
static const char *const site_keys[] = {"title", "id", "lang", "theme", "organization", "quiz",
	"glossary", "records", NULL};

/* nearest_in's answer, or "-" for none (CHECK_STR compares text). */
static const char *
near(const char *name, const char *const *list)
{
	const char *best = nearest_in(name, list);
	return best ? best : "-";
}

static void
test_slips(void)
{
	CHECK_STR(near("sumary", front_matter), "summary"); /* a letter left out */
	CHECK_STR(near("tittle", front_matter), "title"); /* one too many */
	CHECK_STR(near("Title", front_matter), "title"); /* a capital */
	CHECK_STR(near("duraiton", front_matter), "duration"); /* two letters swapped */
	CHECK_STR(near("objective", front_matter), "objectives");
	CHECK_STR(near("organisation", site_keys), "organization"); /* British spelling */
	CHECK_STR(near("glosary", site_keys), "glossary");
}

static void
test_japanese(void)
{
	static const char *const terms[] = {"多要素認証", "パスワード管理ツール", "標的型攻撃メール",
		"認証", NULL};
	/* One character replaced, one left out: counted in characters, not bytes. */
	CHECK_STR(near("多要素認承", terms), "多要素認証");
	CHECK_STR(near("パスワド管理ツール", terms), "パスワード管理ツール");
	CHECK_STR(near("標的形攻撃メール", terms), "標的型攻撃メール");
	/* Two characters: one may differ. */
	CHECK_STR(near("認可", terms), "認証");
	/* A different word that shares a start is not a slip of it. */
	CHECK_STR(near("パスワード管理ソフト", terms), "-");
}

static void
test_nonsense(void)
{
	static const char *const quizzes[] = {"basics", "updates", "final-exam", NULL};
	static const char *const pages[] = {"content/lessons/01-basics/01-passwords.md",
		"content/lessons/01-basics/02-updates.md", NULL};
	static const char *const letters[] = {"a", "b", NULL};
	CHECK_STR(near("colour", site_keys), "-"); /* no key is near */
	CHECK_STR(near("id", site_keys), "-"); /* a known name itself is no suggestion */
	CHECK_STR(near("ID", site_keys), "-"); /* two letters of two */
	CHECK_STR(near("c", letters), "-"); /* one letter for another */
	CHECK_STR(near("exam", quizzes), "-");
	CHECK_STR(near("updats", quizzes), "updates");
	/* A long shared folder does not make two different files near. */
	CHECK_STR(near("content/lessons/01-basics/03-backups.md", pages), "-");
	CHECK_STR(near("content/lessons/01-basics/02-update.md", pages),
		"content/lessons/01-basics/02-updates.md");
	CHECK_STR(near("content/lessons/01-basics/01-passwrods.md", pages),
		"content/lessons/01-basics/01-passwords.md");
}

static void
test_ties_and_limits(void)
{
	static const char *const two[] = {"abcd", "abce", NULL};
	char long_name[NEAREST_MAX + 2];
	struct nearest nr;
	const char *list[] = {NULL, NULL};
	char *hint;
	/* Equally near: the first offered, every time. */
	CHECK_STR(near("abcx", two), "abcd");
	/* Too long to compare: no suggestion, and no work. */
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	list[0] = long_name;
	CHECK_STR(near(long_name + 1, list), "-");
	/* A search that ran out of budget offers nothing more. */
	nearest_begin(&nr, "summary");
	nr.budget = 10;
	nearest_offer(&nr, "sumary");
	CHECK(nr.best == NULL && nr.budget == 0);
	hint = nearest_hint("summary");
	CHECK_STR(hint, " (did you mean 'summary'?)");
	free(hint);
	hint = nearest_hint(NULL);
	CHECK_STR(hint, "");
	free(hint);
}

int
main(void)
{
	test_slips();
	test_japanese();
	test_nonsense();
	test_ties_and_limits();
	return check_report("nearest");
}
