/*
 * records: the learner's side of the training records. It adds the "My records" page
 * (records.html, in the header menu; assets/records.js lists, exports and prints every test
 * record and acknowledgement kept in this browser, its CSV in the words export.h gives for
 * the site's language), and gives the quiz module the fields of
 * a test's 受講記録 form, the site.yaml records.learner_fields, which forms.js checks and keeps.
 * The record shape is documented once, in assets/kenshu.js; HQ merges the exports with
 * "kenshu records merge" (roster.c).
 *
 * Ownership: the page and every value returned belong to the caller's project or page.
 */
#ifndef KENSHU_RECORDS_H
#define KENSHU_RECORDS_H

struct project;
struct theme;
struct value;

/* site.yaml's learner_fields as a template list: id, label, required, pattern, choices. */
struct value *records_learner_fields(const struct project *p);
/*
 * Add the records page when the course has a test or a document to acknowledge (p->ntests,
 * p->acknowledgements: call after quiz_load_all and document_load_all). Never fails.
 */
void records_load(struct project *p, const struct theme *t);

#endif
