/*
 * document: policy, rule and handbook templates in content/documents/. A document is a
 * lesson with extra front matter (version, effective date, approver, revision history, and
 * whether learners must acknowledge it); it renders as a print-ready A4 page whose header and
 * footer carry the organisation, title, version and page number, and, when acknowledge is
 * true, ends with a 確認書 form. The documents index page lists the documents and the
 * record forms.
 *
 * Ownership: the pages belong to the project (content_add_extra).
 */
#ifndef KENSHU_DOCUMENT_H
#define KENSHU_DOCUMENT_H

struct project;
struct theme;
struct value;

/*
 * Load every Markdown file in content/documents as a page, and the documents index page (titled from
 * the theme's interface strings). -1 after reporting every problem found.
 */
int document_load_all(struct project *p, const struct theme *theme);
/*
 * The data of the documents index page, made on first use: lists "documents" and "forms",
 * each entry a map with at least title and href (borrowed from the page).
 */
struct value *document_index(struct project *p, const struct theme *theme);

#endif
