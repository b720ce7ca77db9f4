/*
 * links: what a link in a page points at. Links to other source files ("../02-mail/
 * 01-phishing.md#見出し", a module folder, "#見出し" on the same page) are checked against the
 * model and rewritten to the output page; a missing file or heading is an error at the
 * link. Images, video, sound and attachments (PDF, office documents, ...) in the project are
 * handed to media, and the link leads to the copy.
 * Web and mail links are left as they are (cmark-gfm's safe mode drops unsafe ones).
 */
#ifndef KENSHU_LINKS_H
#define KENSHU_LINKS_H

#include "content.h"

struct media;

/* What links are resolved against. */
struct links {
	const struct project *p;
	struct media *media;
};

/* An md_link_fn; ud is a struct links. */
char *links_resolve(void *ud, const struct page *pg, const char *url, int line, int col);

/*
 * The files the draft page src (text as written, not parsed) links, noted as used: a draft's
 * screenshots are not reported as unused, though they are not copied.
 */
void links_note_draft(struct project *p, const char *src, const char *text);

#endif
