#include "scorm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "quiz.h"
#include "util.h"

/*
 * XML text or attribute value: & < > " escaped by their named entities (Moodle's reader
 * turns any '&' not followed by a name and ';' into "&amp;", so no numeric reference), and
 * control characters XML 1.0 forbids dropped.
 */
static void
put_xml(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			buf_puts(b, "&amp;");
		else if (c == '<')
			buf_puts(b, "&lt;");
		else if (c == '>')
			buf_puts(b, "&gt;");
		else if (c == '"')
			buf_puts(b, "&quot;");
		else if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
			buf_putc(b, c);
	}
}

/* A file name as a URI reference: bytes other than unreserved ones and '/' percent-encoded. */
static void
put_href(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~/", c))
			buf_putc(b, c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

/*
 * An XML ID from prefix and name: characters an ID may not hold become '_', and a number is
 * added when two names give the same ID. Recorded in used; caller frees.
 */
static char *
make_id(struct strmap *used, const char *prefix, const char *name)
{
	struct buf b = BUF_INIT;
	char *base, *id;
	buf_puts(&b, prefix);
	for (; *name; name++) {
		unsigned char c = (unsigned char)*name;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			c == '-' || c == '_' || c == '.';
		buf_putc(&b, ok ? c : '_');
	}
	base = buf_detach(&b);
	id = unique_name(used, base, 2, NULL, NULL, NULL);
	free(base);
	strmap_put(used, id, used);
	return id;
}

/* What a SCO reports (assets/scorm.js reads it from "?sco=KIND:NAME"). */
enum sco_kind { SCO_HOME, SCO_LESSON, SCO_TEST, SCO_SURVEY };
static const char *const kind_names[] = {"home", "lesson", "test", "survey"};

struct sco {
	enum sco_kind kind;
	const char *name; /* a lesson's page, a quiz's id; NULL for the home page */
	const char *title, *page;
	long pass; /* a test's pass mark */
	size_t module; /* a quiz: the module it goes into, the number of modules for none */
	char *item, *res;
};

/* The SCO of the page pg, item and resource identifiers made from prefix and name. */
static void
page_sco(struct strmap *used, struct sco *s, enum sco_kind kind, const struct page *pg,
	const char *title, const char *prefix, const char *name)
{
	char *item = xasprintf("ITEM-%s", prefix), *res = xasprintf("RES-%s", prefix);
	s->kind = kind;
	s->name = kind == SCO_HOME ? NULL : pg->out;
	s->title = pg->title ? pg->title : title;
	s->page = pg->out;
	s->item = make_id(used, item, name);
	s->res = make_id(used, res, name);
	free(item);
	free(res);
}

/* The minimum normalized measure of a pass mark in percent: 80 -> "0.8", 100 -> "1". */
static void
put_measure(struct buf *b, long pass)
{
	char text[32];
	size_t n = (size_t)snprintf(text, sizeof text, "%ld.%02ld", pass / 100, pass % 100);
	while (text[n - 1] == '0')
		n--;
	if (text[n - 1] == '.')
		n--;
	buf_put(b, text, n);
}

/* SCORM 2004: what an SCO leaf says of its tracking (see scorm.h). */
static void
put_sco_sequencing(struct buf *b, const struct sco *s, const char *indent)
{
	buf_printf(b, "%s  <imsss:sequencing>\n", indent);
	if (s->kind == SCO_TEST) {
		buf_printf(b, "%s    <imsss:objectives>\n"
			"%s      <imsss:primaryObjective satisfiedByMeasure=\"true\">\n"
			"%s        <imsss:minNormalizedMeasure>", indent, indent, indent);
		put_measure(b, s->pass);
		buf_printf(b, "</imsss:minNormalizedMeasure>\n"
			"%s      </imsss:primaryObjective>\n"
			"%s    </imsss:objectives>\n", indent, indent);
	} else {
		buf_printf(b, "%s    <imsss:rollupRules rollupObjectiveSatisfied=\"false\"/>\n", indent);
	}
	buf_printf(b, "%s    <imsss:deliveryControls completionSetByContent=\"true\""
		" objectiveSetByContent=\"true\"/>\n%s  </imsss:sequencing>\n", indent, indent);
}

/* SCORM 2004: the learner may choose any item of a cluster and go through it in order. */
static void
put_flow(struct buf *b, const char *indent)
{
	buf_printf(b, "%s<imsss:sequencing>\n"
		"%s  <imsss:controlMode choice=\"true\" flow=\"true\"/>\n"
		"%s</imsss:sequencing>\n", indent, indent, indent);
}

static void
put_item(struct buf *b, enum scorm_version v, const struct sco *s, const char *indent)
{
	buf_printf(b, "%s<item identifier=\"%s\" identifierref=\"%s\" isvisible=\"true\""
		" parameters=\"?sco=%s", indent, s->item, s->res, kind_names[s->kind]);
	if (s->name) {
		buf_putc(b, ':');
		put_href(b, s->name);
	}
	buf_printf(b, "\">\n%s  <title>", indent);
	put_xml(b, s->title);
	buf_puts(b, "</title>\n");
	if (v == SCORM_2004)
		put_sco_sequencing(b, s, indent);
	else if (s->kind == SCO_TEST)
		buf_printf(b, "%s  <adlcp:masteryscore>%ld</adlcp:masteryscore>\n", indent, s->pass);
	buf_printf(b, "%s</item>\n", indent);
}

static void
put_resource(struct buf *b, enum scorm_version v, const struct sco *s, const char *shared)
{
	buf_printf(b, "    <resource identifier=\"%s\" type=\"webcontent\" adlcp:%s=\"sco\" href=\"",
		s->res, v == SCORM_2004 ? "scormType" : "scormtype");
	put_href(b, s->page);
	buf_puts(b, "\">\n      <file href=\"");
	put_href(b, s->page);
	buf_printf(b, "\"/>\n      <dependency identifierref=\"%s\"/>\n    </resource>\n", shared);
}

static const char header_1_2[] =
	"  xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n"
	"  xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"\n"
	"  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
	"  xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd"
	" http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd"
	" http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n"
	"  <metadata>\n"
	"    <schema>ADL SCORM</schema>\n"
	"    <schemaversion>1.2</schemaversion>\n"
	"  </metadata>\n";

static const char header_2004[] =
	"  xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\"\n"
	"  xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_v1p3\"\n"
	"  xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\"\n"
	"  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
	"  xsi:schemaLocation=\"http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd"
	" http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd"
	" http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd\">\n"
	"  <metadata>\n"
	"    <schema>ADL SCORM</schema>\n"
	"    <schemaversion>2004 4th Edition</schemaversion>\n"
	"  </metadata>\n";

/*
 * The module whose lesson is the first page to offer the quiz qi (an index into p->modules),
 * or p->nmodules when it is none's.
 */
static size_t
quiz_module(const struct project *p, const struct quiz_info *qi)
{
	size_t i;
	for (i = 0; i < p->nmodules; i++)
		if (qi->offered && qi->offered->kind == PAGE_LESSON && qi->offered->module == &p->modules[i])
			break;
	return i;
}

char *
scorm_manifest(const struct project *p, const struct quiz_set *qs, enum scorm_version v,
	char *const *names, size_t n)
{
	struct strmap used = STRMAP_INIT, sco_pages = STRMAP_INIT;
	struct buf b = BUF_INIT;
	struct quiz_info qi;
	struct sco home, *quizzes = NULL, **lessons;
	struct module *const modules = p->modules;
	const char *site_id = p->site.id ? p->site.id : "course";
	const char *title = p->site.title ? p->site.title : site_id;
	char *manifest, *org, *shared, **module_items;
	size_t i, j, k, nquizzes = 0, cap = 0;

	manifest = make_id(&used, "MANIFEST-", site_id);
	org = make_id(&used, "ORG-", site_id);
	shared = make_id(&used, "RES-", site_id);
	/*
	 * Identifiers from page names, which never move: a quiz's without its "quiz-" (so an
	 * ASCII quiz id gives the ITEM-<quiz id> of earlier packages), a lesson's, a module's.
	 */
	for (i = 0; quiz_info(qs, i, &qi); i++) {
		struct sco *s;
		char *stem = content_stem(qi.page);
		const char *name = strncmp(stem, "quiz-", 5) ? stem : stem + 5;
		quizzes = xgrow(quizzes, &cap, nquizzes + 1, sizeof *quizzes);
		s = &quizzes[nquizzes++];
		s->kind = qi.is_test ? SCO_TEST : SCO_SURVEY;
		s->name = qi.id;
		s->title = qi.title;
		s->page = qi.page;
		s->pass = qi.pass;
		s->module = quiz_module(p, &qi);
		s->item = make_id(&used, "ITEM-", name);
		s->res = make_id(&used, "RES-QUIZ-", name);
		free(stem);
	}
	page_sco(&used, &home, SCO_HOME, &p->home, title, "", "home");
	lessons = xcalloc(p->nmodules + 1, sizeof *lessons);
	module_items = xcalloc(p->nmodules + 1, sizeof *module_items);
	for (i = 0; i < p->nmodules; i++) {
		module_items[i] = make_id(&used, "ITEM-MODULE-", modules[i].slug);
		lessons[i] = xcalloc(modules[i].n + 1, sizeof *lessons[i]);
		for (j = 0; j < modules[i].n; j++) {
			char *stem = content_stem(modules[i].lessons[j]->out);
			page_sco(&used, &lessons[i][j], SCO_LESSON, modules[i].lessons[j], title,
				"LESSON-", stem);
			free(stem);
		}
	}

	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_printf(&b, "<manifest identifier=\"%s\" version=\"%s\"\n", manifest,
		v == SCORM_2004 ? "1" : "1.2");
	buf_puts(&b, v == SCORM_2004 ? header_2004 : header_1_2);
	buf_printf(&b, "  <organizations default=\"%s\">\n", org);
	buf_printf(&b, "    <organization identifier=\"%s\">\n      <title>", org);
	put_xml(&b, title);
	buf_puts(&b, "</title>\n");
	put_item(&b, v, &home, "      ");
	for (i = 0; i < p->nmodules; i++) {
		buf_printf(&b, "      <item identifier=\"%s\" isvisible=\"true\">\n        <title>",
			module_items[i]);
		put_xml(&b, modules[i].page.title ? modules[i].page.title : modules[i].slug);
		buf_puts(&b, "</title>\n");
		for (j = 0; j < modules[i].n; j++)
			put_item(&b, v, &lessons[i][j], "        ");
		for (k = 0; k < nquizzes; k++)
			if (quizzes[k].module == i)
				put_item(&b, v, &quizzes[k], "        ");
		if (v == SCORM_2004)
			put_flow(&b, "        ");
		buf_puts(&b, "      </item>\n");
	}
	for (k = 0; k < nquizzes; k++)
		if (quizzes[k].module == p->nmodules)
			put_item(&b, v, &quizzes[k], "      ");
	if (v == SCORM_2004)
		put_flow(&b, "      ");
	buf_puts(&b, "    </organization>\n  </organizations>\n  <resources>\n");

	/* The SCOs' resources in the organization's order, then the asset they all need. */
	put_resource(&b, v, &home, shared);
	strmap_put(&sco_pages, home.page, &sco_pages);
	for (i = 0; i < p->nmodules; i++) {
		for (j = 0; j < modules[i].n; j++) {
			put_resource(&b, v, &lessons[i][j], shared);
			strmap_put(&sco_pages, lessons[i][j].page, &sco_pages);
		}
		for (k = 0; k < nquizzes; k++)
			if (quizzes[k].module == i)
				put_resource(&b, v, &quizzes[k], shared);
	}
	for (k = 0; k < nquizzes; k++) {
		if (quizzes[k].module == p->nmodules)
			put_resource(&b, v, &quizzes[k], shared);
		strmap_put(&sco_pages, quizzes[k].page, &sco_pages);
	}
	buf_printf(&b, "    <resource identifier=\"%s\" type=\"webcontent\" adlcp:%s=\"asset\">\n",
		shared, v == SCORM_2004 ? "scormType" : "scormtype");
	for (i = 0; i < n; i++) {
		if (strmap_get(&sco_pages, names[i]))
			continue;
		buf_puts(&b, "      <file href=\"");
		put_href(&b, names[i]);
		buf_puts(&b, "\"/>\n");
	}
	buf_puts(&b, "    </resource>\n  </resources>\n</manifest>\n");

	for (k = 0; k < nquizzes; k++) {
		free(quizzes[k].item);
		free(quizzes[k].res);
	}
	free(quizzes);
	for (i = 0; i < p->nmodules; i++) {
		for (j = 0; j < modules[i].n; j++) {
			free(lessons[i][j].item);
			free(lessons[i][j].res);
		}
		free(lessons[i]);
		free(module_items[i]);
	}
	free(lessons);
	free(module_items);
	free(home.item);
	free(home.res);
	strmap_free(&used);
	strmap_free(&sco_pages);
	free(manifest);
	free(org);
	free(shared);
	return buf_detach(&b);
}
