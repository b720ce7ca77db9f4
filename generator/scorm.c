#include "scorm.h"

#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "quiz.h"
#include "util.h"

/* XML text or attribute value; control characters XML 1.0 forbids are dropped. */
static void
put_xml(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			continue;
		buf_put_html(b, s, 1);
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

struct sco {
	struct quiz_info qi;
	char *item, *res;
};

char *
scorm_manifest(const struct project *p, const struct quiz_set *qs, char *const *names, size_t n)
{
	struct strmap used = STRMAP_INIT, sco_pages = STRMAP_INIT;
	struct buf b = BUF_INIT;
	struct quiz_info qi;
	struct sco *scos = NULL;
	const char *site_id = p->site.id ? p->site.id : "course";
	const char *title = p->site.title ? p->site.title : site_id;
	char *manifest, *org, *shared;
	size_t i, nscos = 0, cap = 0;

	manifest = make_id(&used, "MANIFEST-", site_id);
	org = make_id(&used, "ORG-", site_id);
	shared = make_id(&used, "RES-", site_id);
	for (i = 0; quiz_info(qs, i, &qi); i++) {
		if (!qi.is_test)
			continue;
		scos = xgrow(scos, &cap, nscos + 1, sizeof *scos);
		scos[nscos].qi = qi;
		scos[nscos].item = make_id(&used, "ITEM-", qi.id);
		scos[nscos].res = make_id(&used, "RES-QUIZ-", qi.id);
		strmap_put(&sco_pages, qi.page, &sco_pages);
		nscos++;
	}

	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_printf(&b, "<manifest identifier=\"%s\" version=\"1.2\"\n", manifest);
	buf_puts(&b,
		"  xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n"
		"  xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"\n"
		"  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
		"  xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd"
		" http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd"
		" http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n"
		"  <metadata>\n"
		"    <schema>ADL SCORM</schema>\n"
		"    <schemaversion>1.2</schemaversion>\n"
		"  </metadata>\n");
	buf_printf(&b, "  <organizations default=\"%s\">\n", org);
	buf_printf(&b, "    <organization identifier=\"%s\">\n      <title>", org);
	put_xml(&b, title);
	buf_puts(&b, "</title>\n");
	for (i = 0; i < nscos; i++) {
		buf_printf(&b, "      <item identifier=\"%s\" identifierref=\"%s\" isvisible=\"true\""
			" parameters=\"?sco=", scos[i].item, scos[i].res);
		put_href(&b, scos[i].qi.id);
		buf_puts(&b, "\">\n        <title>");
		put_xml(&b, scos[i].qi.title);
		buf_printf(&b, "</title>\n        <adlcp:masteryscore>%ld</adlcp:masteryscore>\n"
			"      </item>\n", scos[i].qi.pass);
	}
	if (!nscos) {
		char *item = make_id(&used, "ITEM-", "home");
		buf_printf(&b, "      <item identifier=\"%s\" identifierref=\"%s\" isvisible=\"true\">\n"
			"        <title>", item, shared);
		put_xml(&b, title);
		buf_puts(&b, "</title>\n      </item>\n");
		free(item);
	}
	buf_puts(&b, "    </organization>\n  </organizations>\n  <resources>\n");
	for (i = 0; i < nscos; i++) {
		buf_printf(&b, "    <resource identifier=\"%s\" type=\"webcontent\""
			" adlcp:scormtype=\"sco\" href=\"", scos[i].res);
		put_href(&b, scos[i].qi.page);
		buf_puts(&b, "\">\n      <file href=\"");
		put_href(&b, scos[i].qi.page);
		buf_printf(&b, "\"/>\n      <dependency identifierref=\"%s\"/>\n    </resource>\n", shared);
	}
	buf_printf(&b, "    <resource identifier=\"%s\" type=\"webcontent\" adlcp:scormtype=\"asset\""
		" href=\"index.html\">\n", shared);
	for (i = 0; i < n; i++) {
		if (strmap_get(&sco_pages, names[i]))
			continue;
		buf_puts(&b, "      <file href=\"");
		put_href(&b, names[i]);
		buf_puts(&b, "\"/>\n");
	}
	buf_puts(&b, "    </resource>\n  </resources>\n</manifest>\n");

	for (i = 0; i < nscos; i++) {
		free(scos[i].item);
		free(scos[i].res);
	}
	free(scos);
	strmap_free(&used);
	strmap_free(&sco_pages);
	free(manifest);
	free(org);
	free(shared);
	return buf_detach(&b);
}
