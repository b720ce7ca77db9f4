/*
 * The glossary matcher: the input is the running text of a lesson (after fixed front
 * matter). The course is read, the project's glossary loaded (Japanese, full-width and
 * half-width forms, Latin terms with word edges, aliases) and every lesson parsed and
 * rendered with the glossary's term links, so the normaliser and the Aho-Corasick matcher
 * see every text node, and explicit [[term]] links are resolved.
 */
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "diag.h"
#include "fuzz.h"
#include "glossary.h"
#include "links.h"
#include "markdown.h"
#include "media.h"
#include "util.h"

static const char lesson[] = "content/lessons/01-basics/02-updates.md";

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_enter_project(argc, argv);
	fuzz_theme();
	md_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct md_render_opts o = {.link = links_resolve, .callout_titles = {"N", "T", "I", "W", "C"}};
	struct glossary *g = NULL;
	struct project p;
	struct links l;
	struct buf out = BUF_INIT;
	size_t i;
	fuzz_put(lesson, "---\ntitle: 更新\n---\n", data, size);
	diag_reset();
	memset(&p, 0, sizeof p);
	l.p = &p;
	l.media = media_new();
	o.link_ud = &l;
	if (content_load(&p, "", 0, 1) == 0 && glossary_load(&p, fuzz_theme(), &g) == 0) {
		for (i = 0; i < p.npages; i++)
			if (p.pages[i]->body)
				md_parse(p.pages[i], p.site.vars, NULL);
		if (glossary_attach(g, &o, p.site.vars) == 0) {
			struct glossary_reader *rd = glossary_reader_new(g);
			o.terms = glossary_reader_hook(rd);
			for (i = 0; i < p.npages; i++)
				if (p.pages[i]->doc) {
					size_t *uses, n;
					md_render(p.pages[i], &o, &out, NULL);
					n = glossary_reader_uses(rd, p.pages[i], &uses);
					glossary_note_uses(g, p.pages[i], uses, n);
					free(uses);
				}
			o.terms = NULL;
			glossary_reader_free(rd);
		}
	}
	for (i = 0; i < p.npages; i++)
		md_free(p.pages[i]);
	buf_free(&out);
	glossary_free(g);
	media_free(l.media);
	content_free(&p);
	fuzz_restore(lesson);
	return 0;
}
