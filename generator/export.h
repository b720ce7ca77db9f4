/*
 * export: the words of the records exports, the contract between the records page
 * (assets/records.js, which writes the CSV) and "kenshu records merge" (roster.c, which reads
 * it and writes the roster and its workbook the same way).
 *
 * A records CSV names its columns and fixed values in the site's language: the export_*
 * strings of the built-in theme's strings.yaml (no project theme changes them: merge must
 * read what any site wrote). Sites before this wrote the machine names below (type, site,
 * ..., learner.<id>; quiz, pass, ...), which merge reads too and which the JSON export keeps.
 * A learner field is headed by the word for its role when it is one of the three merge
 * reads (name, employee_id, branch: 氏名, 社員番号, 所属) and carries that word as its label,
 * else by its label and its id, "部署 (section)", or, with no label, "learner.<id>".
 *
 * Ownership: export_words_load fills a struct export_words whose words belong to the theme
 * it holds; export_words_free frees it and accepts a zeroed one.
 */
#ifndef KENSHU_EXPORT_H
#define KENSHU_EXPORT_H

struct buf;
struct theme;
struct value;

/* The columns every record has, in the order of an export. */
enum {
	EXPORT_TYPE, EXPORT_SITE, EXPORT_COURSE, EXPORT_ITEM, EXPORT_TITLE, EXPORT_VERSION,
	EXPORT_ATTEMPT, EXPORT_SCORE, EXPORT_MAX, EXPORT_PASS, EXPORT_RESULT, EXPORT_DATE,
	EXPORT_RECORDED, EXPORT_BUILD, EXPORT_INTEGRITY, EXPORT_NCOLUMNS
};
/* The fixed values: of type (quiz, acknowledgement), result and integrity. */
enum {
	EXPORT_QUIZ, EXPORT_ACKNOWLEDGEMENT, EXPORT_PASSED, EXPORT_FAILED, EXPORT_ACKNOWLEDGED,
	EXPORT_SELF_REPORTED, EXPORT_NVALUES
};
/* The learner fields merge gives a meaning: who the learner is and where they work. */
enum { EXPORT_NAME, EXPORT_EMPLOYEE_ID, EXPORT_BRANCH, EXPORT_NROLES };

/* The machine names: of the columns, the values and the learner fields' ids. */
extern const char *const export_columns[EXPORT_NCOLUMNS];
extern const char *const export_values[EXPORT_NVALUES];
extern const char *const export_roles[EXPORT_NROLES];

/* The languages an export may be in, as site.yaml's lang names them. */
enum { EXPORT_NLANGS = 2 };
extern const char *const export_langs[EXPORT_NLANGS];

struct export_words {
	struct theme *theme; /* the built-in theme in lang, which holds the words */
	const char *lang;
	const char *columns[EXPORT_NCOLUMNS];
	const char *values[EXPORT_NVALUES];
	const char *roles[EXPORT_NROLES];
};

/* The words of lang ("ja" or "en"); -1 after reporting. */
int export_words_load(struct export_words *w, const char *lang);
void export_words_free(struct export_words *w);
/* The words as the records page reads them: {lang, columns, values, roles}, by machine name. */
struct value *export_words_value(const struct export_words *w);
/* Append the header of learner field id (label NULL when none is known) to b, as above. */
void export_learner_header(struct buf *b, const struct export_words *w, const char *id,
	const char *label);

#endif
