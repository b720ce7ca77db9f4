/*
 * quiz: competence tests (理解度確認テスト) and self-assessments (自己診断) from
 * quizzes/NAME.yaml. It reads and checks every quiz file, reporting each problem at its
 * file:line:col, adds one page per quiz and a quiz index page (in the header menu), gives the
 * home page the list of tests for its progress summary (as {{data.quiz_progress}}), and points
 * every lesson's front-matter 'quiz:' at its quiz page (an unknown name is an error there).
 *
 * The pages run in the browser through themes/default/assets/quiz.js; what the page holds is
 * {{data}} for quiz.html and, inside it, the JSON configuration quiz.js reads. The answer key
 * is never in the page as plain text: each question carries only a salted hash of its set of
 * correct choice ids, and its explanation and per-choice feedback are encrypted with a
 * keystream derived from that set. quiz.js finds the set by trying combinations against the
 * hash at review time. This keeps answers out of the page source, not away from a determined
 * cheat; the hash and keystream functions below are the contract quiz.js implements
 * identically, and the unit tests and browser tests pin both to the same values.
 *
 * Ownership: quiz_load_all returns a set freed with quiz_free (accepts NULL); the pages and
 * their data belong to the project.
 */
#ifndef KENSHU_QUIZ_H
#define KENSHU_QUIZ_H

#include <stddef.h>
#include <stdint.h>

struct page;
struct project;
struct theme;
struct quiz_set;

/*
 * Load and check every quizzes/NAME.yaml (sorted), add the quiz pages, the index page and
 * the home page's progress data, and resolve the lessons' 'quiz:' keys. Never NULL; problems
 * are reported (diag_error) and counted, not returned.
 */
struct quiz_set *quiz_load_all(struct project *p, const struct theme *t);
void quiz_free(struct quiz_set *qs);

/* What other outputs (the SCORM manifest) need of one quiz; borrowed from the set. */
struct quiz_info {
	const char *id; /* the file name without .yaml, as quiz.js reports it */
	const char *title;
	const char *page; /* its output page, e.g. "quiz-basics.html" */
	long pass; /* the pass mark in percent */
	int is_test; /* kind: test (else a survey) */
	/* The first page in reading order whose 'quiz:' offers it (a lesson, a document), or NULL. */
	const struct page *offered;
};
/*
 * Quiz i of the set into *out: 1, or 0 when i is past the last. The order is the quiz index
 * page's, the order learners meet them: by the first page that offers each, then those no
 * page offers, by file name. Quizzes with problems, which have no page, are skipped.
 */
int quiz_info(const struct quiz_set *qs, size_t i, struct quiz_info *out);

/*
 * Hash of a question's answer: FNV-1a of "salt\nqid\nids", where ids are its correct choice
 * ids sorted (strcmp) and joined by ','.
 */
uint32_t quiz_answer_hash(const char *salt, const char *qid, const char *ids);
/* Hash of one choice for partial credit: FNV-1a of "salt\nqid\ncid\n1" (correct) or "...\n0". */
uint32_t quiz_choice_hash(const char *salt, const char *qid, const char *cid, int correct);
/*
 * XOR data in place with the keystream of (salt, qid, ids): byte j takes byte j % 4 (least
 * significant first) of FNV-1a("salt\nqid\nids\nk") with k = j / 4 in decimal. Applying it
 * twice gives the data back.
 */
void quiz_crypt(unsigned char *data, size_t len, const char *salt, const char *qid,
	const char *ids);
/* Standard base64 with padding. Caller frees. */
char *quiz_base64(const unsigned char *data, size_t len);
/*
 * Band coverage. Each band covers totals from its min up to the next band's min (the top band
 * upwards), so totals lo..hi are all covered only when the lowest min is at most lo. Returns 1
 * and the uncovered range in *gap_lo..*gap_hi when some are not, else 0.
 */
int quiz_band_gap(const long *mins, size_t n, long lo, long hi, long *gap_lo, long *gap_hi);

#endif
