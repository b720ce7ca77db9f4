/*
 * form: printable, exportable record forms from the YAML files in content/forms, such as the
 * 教育実施記録 (session record) and a blank 受講者一覧 sign-in sheet. A form is a list of typed
 * fields (text, date, number, select, checkbox, textarea, signature, and one table of
 * repeated rows); each becomes a page that keeps what is typed in the browser, checks
 * required fields and patterns, and exports CSV and JSON (assets/forms.js).
 *
 * Ownership: the pages belong to the project (content_add_extra).
 */
#ifndef KENSHU_FORM_H
#define KENSHU_FORM_H

struct project;
struct theme;

/* Load every form definition as a page listed on the documents index. -1 after reporting. */
int form_load_all(struct project *p, const struct theme *theme);

#endif
