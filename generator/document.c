#include "document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "diag.h"
#include "fs.h"
#include "i18n.h"
#include "records.h"
#include "template.h"
#include "theme.h"
#include "util.h"
#include "value.h"
#include "yaml.h"

static const char *const document_keys[] = {"title", "summary", "slug", "version", "effective",
	"approved_by", "revisions", "acknowledge", "draft", NULL};
static const char *const revision_keys[] = {"version", "date", "note", NULL};

static int
get_date(const char *file, const struct ynode *n, const char *what, struct value *into,
	const char *key)
{
	const char *s;
	if (yaml_string(file, n, what, &s) < 0)
		return -1;
	if (!str_is_date(s, strlen(s))) { /* a plain YAML date or a quoted string */
		diag_error(file, n->line, n->col, "'%s' must be a date written YYYY-MM-DD, not '%s'",
			what, s);
		return -1;
	}
	value_set(into, key, value_str(s));
	return 0;
}

/* Values are plain text here; the theme escapes them when it renders the page. */
static void
put_plain(struct buf *out, const char *s, size_t n)
{
	buf_put(out, s, n);
}

/* Expand organisation variables in a front matter value (approved_by: "{{org.president}}"). */
static int
expand(const struct project *p, const char *file, const struct ynode *n, struct value *into,
	const char *key)
{
	struct tmpl_opts opts = {.escape = put_plain, .strict = 1};
	struct tmpl_set *set;
	struct tmpl *t;
	struct buf src = BUF_INIT, out = BUF_INIT;
	/*
	 * Pad the value to its column, so that diagnostics point into the file. The pad is not
	 * blank: a comment or section tag alone after blanks would make a standalone line, whose
	 * blanks Mustache drops along with the tag.
	 */
	int pad = n->col - 1 + !n->plain, i, rc = -1;
	if (yaml_expect(file, n, YNODE_SCALAR, key) < 0)
		return -1;
	for (i = 0; i < pad; i++)
		buf_putc(&src, '.');
	buf_put(&src, n->str, n->len);
	set = tmpl_set_new(&opts);
	t = tmpl_compile(set, file, n->line - 1, src.data, src.len);
	if (t && tmpl_render(t, p->site.vars, &out) == 0) {
		value_set(into, key, value_strn(buf_cstr(&out) + pad, out.len - (size_t)pad));
		rc = 0;
	}
	buf_free(&src);
	buf_free(&out);
	tmpl_set_free(set);
	return rc;
}

/* A CSS string literal: quotes, backslashes and anything that could end the <style>. */
static void
css_string(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c < 0x20)
			buf_printf(b, "\\%x ", c);
		else
			buf_putc(b, c);
	}
	buf_putc(b, '"');
}

/* The @page rule that puts organisation, title, version and page number on every sheet. */
static char *
print_css(const struct project *p, const char *title, const char *version, const char *page_word)
{
	const struct value *org = value_get(value_get(p->site.vars, "org"), "name");
	struct buf b = BUF_INIT;
	buf_puts(&b, "@page { size: A4; margin: 20mm 16mm 18mm; @top-left { content: ");
	css_string(&b, org && org->kind == VALUE_STR ? org->str : p->site.title);
	buf_puts(&b, "; font-size: 9pt; } @top-right { content: ");
	css_string(&b, title);
	buf_puts(&b, " \" \" ");
	css_string(&b, version);
	buf_puts(&b, "; font-size: 9pt; } @bottom-center { content: ");
	css_string(&b, page_word);
	buf_puts(&b, " counter(page) \" / \" counter(pages); font-size: 9pt; } }");
	return buf_detach(&b);
}

static int
load_revisions(const char *file, const struct ynode *n, struct value *data)
{
	struct value *list = value_set(data, "revisions", value_list());
	size_t i;
	int rc = 0;
	if (yaml_expect(file, n, YNODE_SEQ, "revisions") < 0)
		return -1;
	for (i = 0; i < n->n; i++) {
		const struct ynode *r = n->items[i], *v;
		struct value *e;
		if (yaml_expect(file, r, YNODE_MAP, _("revisions item")) < 0) {
			rc = -1;
			continue;
		}
		e = value_push(list, value_map());
		rc |= yaml_check_keys(file, r, revision_keys);
		if (!(v = ynode_get(r, "version")) || yaml_expect(file, v, YNODE_SCALAR, "version") < 0) {
			if (!v)
				diag_error(file, r->line, r->col, "revision has no 'version'");
			rc = -1;
		} else {
			value_set(e, "version", value_str(v->str));
		}
		if (!(v = ynode_get(r, "date"))) {
			diag_error(file, r->line, r->col, "revision has no 'date'");
			rc = -1;
		} else {
			rc |= get_date(file, v, "date", e, "date");
		}
		if ((v = ynode_get(r, "note"))) {
			const char *note;
			if (yaml_string(file, v, "note", &note) < 0)
				rc = -1;
			else
				value_set(e, "note", value_str(note));
		}
	}
	value_set(data, "has_revisions", value_bool(list->n > 0));
	return rc ? -1 : 0;
}

static int
load_document(struct project *p, const char *name, struct value *index, const char *page_word)
{
	struct ynode *fm = NULL;
	const struct ynode *v;
	struct value *data = value_map(), *ack;
	struct page *pg;
	char *src = fs_join("content/documents", name);
	char *slug = NULL;
	const char *version = NULL;
	struct buf json = BUF_INIT;
	char *css;
	int rc = 0, acknowledge = 0;

	pg = content_new_extra(p, "", "document.html", data);
	rc = content_read_page(p, pg, src, document_keys, &fm);
	if (pg->draft) {
		content_leave_out(p, pg->src, pg->shown, "draft: true");
		content_drop_extra(p, pg); /* data with it */
		ynode_free(fm);
		free(src);
		return rc;
	}
	if (!fm && pg->text && strncmp(pg->text, "---\n", 4) != 0) {
		diag_error(pg->shown, 1, 1, "no front matter: a document starts with its 'version' "
			"and 'effective' date ('---', 'version: \"1.0\"', 'effective: 2026-04-01', "
			"'---')");
		rc = -1;
	}
	/* The name is also what learners' 確認書 are kept under. */
	slug = content_page_slug(p, pg, name);
	if (content_name_page(p, pg, slug, 0) < 0)
		rc = -1;
	if (rc < 0)
		goto out;
	strmap_put(&p->by_src, pg->src, pg);
	if (!(v = ynode_get(fm, "version"))) {
		diag_error(pg->shown, 2, 1, "document has no 'version' (e.g. version: \"1.0\")");
		rc = -1;
	} else if (yaml_string(pg->shown, v, "version", &version) < 0) {
		rc = -1;
	} else {
		value_set(data, "version", value_str(version));
	}
	if (!(v = ynode_get(fm, "effective"))) {
		diag_error(pg->shown, 2, 1, "document has no 'effective' date (e.g. effective: 2026-04-01)");
		rc = -1;
	} else {
		rc |= get_date(pg->shown, v, "effective", data, "effective");
	}
	if ((v = ynode_get(fm, "approved_by")))
		rc |= expand(p, pg->shown, v, data, "approved_by");
	if ((v = ynode_get(fm, "revisions")))
		rc |= load_revisions(pg->shown, v, data);
	if ((v = ynode_get(fm, "acknowledge")))
		rc |= yaml_bool(pg->shown, v, "acknowledge", &acknowledge);
	if (rc)
		goto out;

	css = print_css(p, pg->title, version, page_word);
	value_set(data, "print_css", value_str_take(css, strlen(css)));
	value_set(data, "acknowledge", value_bool(acknowledge));
	if (acknowledge) {
		p->acknowledgements++;
		ack = value_map();
		value_set(ack, "document", value_str(slug));
		value_set(ack, "title", value_str(pg->title));
		value_set(ack, "version", value_str(version));
		value_set(ack, "fields", records_learner_fields(p));
		value_json(ack, &json);
		value_free(ack);
		value_set(data, "fields", records_learner_fields(p));
		value_set(data, "ack_json", value_str(buf_cstr(&json)));
	}
	{
		struct value *e = value_push(index, value_map());
		value_set(e, "title", value_str(pg->title));
		value_set(e, "href", value_str(pg->out));
		value_set(e, "version", value_str(version));
		value_set(e, "effective", value_str(value_get(data, "effective")->str));
		value_set(e, "acknowledge", value_bool(acknowledge));
	}
out:
	if (rc)
		pg->broken = 1;
	buf_free(&json);
	ynode_free(fm);
	free(src);
	free(slug);
	return rc;
}

struct value *
document_index(struct project *p, const struct theme *theme)
{
	struct page *index;
	if (p->documents)
		return p->documents->data;
	index = p->documents = content_add_extra(p, "documents", theme_string(theme, "documents"),
		"documents.html", value_map());
	index->in_menu = 1;
	value_set(index->data, "documents", value_list());
	value_set(index->data, "forms", value_list());
	return index->data;
}

int
document_load_all(struct project *p, const struct theme *theme)
{
	char **names = NULL;
	size_t n = 0, i;
	struct value *docs;
	int rc = 0;

	if (!fs_is_dir("content/documents"))
		return 0;
	if (fs_list("content/documents", &names, &n) < 0)
		return -1;
	content_sort_names(names, n);
	docs = value_get(document_index(p, theme), "documents");
	for (i = 0; i < n; i++) {
		char *path;
		if (!content_is_markdown(names[i]) || names[i][0] == '_')
			continue; /* inventory names what is left */
		path = fs_join("content/documents", names[i]);
		if (!fs_is_dir(path) && load_document(p, names[i], docs,
			    theme_string(theme, "print_page")) < 0)
			rc = -1;
		free(path);
	}
	fs_list_free(names, n);
	/* Drafts left out, there may be none to list. */
	value_set(document_index(p, theme), "has_documents", value_bool(docs->n > 0));
	return rc;
}
