#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "diag.h"
#include "document.h"
#include "fs.h"
#include "i18n.h"
#include "theme.h"
#include "util.h"
#include "value.h"
#include "yaml.h"

static const char *const form_keys[] = {"title", "description", "fields", NULL};
static const char *const field_keys[] = {"id", "label", "type", "required", "pattern", "choices",
	"help", "min", "max", "rows", "columns", NULL};
static const char *const types[] = {"text", "date", "number", "select", "checkbox", "textarea",
	"signature", "table", NULL};


static int load_fields(const char *file, const struct ynode *list, struct value *out, int in_table);

/* One field definition into a value the template and the script share. */
static int
load_field(const char *file, const struct ynode *n, struct value *f, int in_table,
	struct strmap *ids)
{
	const struct ynode *v;
	const char *s;
	size_t i;
	long num, min = 0, max = 0;
	int rc = 0, b, has_min = 0, has_max = 0, t;

	if (yaml_expect(file, n, YNODE_MAP, _("field")) < 0)
		return -1;
	rc |= yaml_check_keys(file, n, field_keys);
	if (!(v = ynode_get(n, "id"))) {
		diag_error(file, n->line, n->col, "field has no 'id'");
		rc = -1;
	} else if (yaml_string(file, v, "id", &s) < 0) {
		rc = -1;
	} else if (!str_is_id(s)) {
		diag_error(file, v->line, v->col,
			"field id '%s' must use only a-z, 0-9, '-' and '_'", s);
		rc = -1;
	} else if (strmap_get(ids, s)) {
		diag_error(file, v->line, v->col, "duplicate field id '%s'", s);
		rc = -1;
	} else {
		strmap_put(ids, s, f);
		value_set(f, "id", value_str(s));
	}
	if (!(v = ynode_get(n, "label"))) {
		diag_error(file, n->line, n->col, "field has no 'label'");
		rc = -1;
	} else if (yaml_string(file, v, "label", &s) < 0) {
		rc = -1;
	} else if (!*s) {
		diag_error(file, v->line, v->col, "'label' is empty");
		rc = -1;
	} else {
		value_set(f, "label", value_str(s));
	}
	s = "text";
	if ((v = ynode_get(n, "type")) && yaml_string(file, v, "type", &s) < 0)
		return -1;
	for (t = 0; types[t]; t++)
		if (!strcmp(s, types[t]))
			break;
	if (!types[t]) {
		diag_error(file, v->line, v->col,
			"unknown field type '%s' (text, date, number, select, checkbox, textarea, "
			"signature or table)", s);
		return -1;
	}
	if (in_table && !strcmp(s, "table")) {
		diag_error(file, v->line, v->col, "a table cannot hold another table");
		return -1;
	}
	value_set(f, "type", value_str(s));
	{
		/* is_text, is_date, ...: what the template switches on */
		char key[32];
		snprintf(key, sizeof key, "is_%s", s);
		value_set(f, key, value_bool(1));
	}
	if ((v = ynode_get(n, "required"))) {
		if (yaml_bool(file, v, "required", &b) < 0)
			rc = -1;
		else
			value_set(f, "required", value_bool(b));
	}
	if ((v = ynode_get(n, "pattern"))) {
		if (yaml_string(file, v, "pattern", &s) < 0)
			rc = -1;
		else
			value_set(f, "pattern", value_str(s));
	}
	if ((v = ynode_get(n, "help"))) {
		if (yaml_string(file, v, "help", &s) < 0)
			rc = -1;
		else
			value_set(f, "help", value_str(s));
	}
	if ((v = ynode_get(n, "min"))) {
		if (yaml_int(file, v, "min", -1000000000L, 1000000000L, &min) < 0)
			rc = -1;
		else
			value_set(f, "min", value_num((double)min)), has_min = 1;
	}
	if ((v = ynode_get(n, "max"))) {
		if (yaml_int(file, v, "max", -1000000000L, 1000000000L, &max) < 0)
			rc = -1;
		else
			value_set(f, "max", value_num((double)max)), has_max = 1;
	}
	if (has_min && has_max && min > max) {
		diag_error(file, v->line, v->col, "'max' (%ld) is smaller than 'min' (%ld)", max, min);
		rc = -1;
	}
	v = ynode_get(n, "choices");
	if (!strcmp(types[t], "select")) {
		struct value *c;
		if (!v) {
			diag_error(file, n->line, n->col, "select field has no 'choices'");
			return -1;
		}
		if (yaml_expect(file, v, YNODE_SEQ, "choices") < 0)
			return -1;
		if (!v->n) {
			diag_error(file, v->line, v->col, "'choices' is empty");
			return -1;
		}
		c = value_set(f, "choices", value_list());
		for (i = 0; i < v->n; i++) {
			if (yaml_string(file, v->items[i], _("choice"), &s) < 0)
				rc = -1;
			else
				value_push(c, value_str(s));
		}
	} else if (v) {
		diag_error(file, v->line, v->col, "'choices' is only for select fields");
		rc = -1;
	}
	v = ynode_get(n, "columns");
	if (!strcmp(types[t], "table")) {
		struct value *rows;
		if (!v) {
			diag_error(file, n->line, n->col, "table field has no 'columns'");
			return -1;
		}
		if (load_fields(file, v, value_set(f, "columns", value_list()), 1) < 0)
			rc = -1;
		num = 5;
		if (ynode_get(n, "rows") &&
		    yaml_int(file, ynode_get(n, "rows"), "rows", 1, 200, &num) < 0)
			rc = -1;
		value_set(f, "rows", value_num((double)num));
		rows = value_set(f, "blank_rows", value_list());
		for (i = 0; i < (size_t)num; i++)
			value_set(value_push(rows, value_map()), "row", value_num((double)(i + 1)));
	} else if (v || ynode_get(n, "rows")) {
		v = v ? v : ynode_get(n, "rows");
		diag_error(file, v->line, v->col, "'columns' and 'rows' are only for table fields");
		rc = -1;
	}
	return rc ? -1 : 0;
}

static int
load_fields(const char *file, const struct ynode *list, struct value *out, int in_table)
{
	struct strmap ids = STRMAP_INIT;
	size_t i, tables = 0;
	int rc = 0;
	if (yaml_expect(file, list, YNODE_SEQ, in_table ? "columns" : "fields") < 0)
		return -1;
	if (!list->n) {
		diag_error(file, list->line, list->col, "'%s' is empty", in_table ? "columns" : "fields");
		return -1;
	}
	for (i = 0; i < list->n; i++) {
		struct value *f = value_push(out, value_map());
		const struct ynode *type = ynode_get(list->items[i], "type");
		if (load_field(file, list->items[i], f, in_table, &ids) < 0) {
			rc = -1;
			continue;
		}
		if (type && !strcmp(type->str, "table") && ++tables > 1) {
			diag_error(file, list->items[i]->line, list->items[i]->col,
				"a form can have only one table (its rows become the CSV lines)");
			rc = -1;
		}
	}
	strmap_free(&ids);
	return rc;
}

static int
load_form(struct project *p, const char *name, struct value *index)
{
	char *path = fs_join("content/forms", name), *shown = xasprintf("%s%s", p->prefix, path);
	char *text = NULL, *slug = content_slug(name, NULL), *base;
	struct ynode *y = NULL;
	const struct ynode *v;
	struct value *data = value_map();
	struct buf json = BUF_INIT;
	const char *s;
	size_t len;
	int rc = -1;

	if (content_read_source(p, path, shown, &text, &len) < 0 ||
	    !(y = yaml_load(shown, text, len, 0)))
		goto out;
	if (yaml_expect(shown, y, YNODE_MAP, _("form")) < 0)
		goto out;
	rc = yaml_check_keys(shown, y, form_keys);
	if (!(v = ynode_get(y, "title"))) {
		diag_error(shown, 1, 1, "form has no 'title'");
		rc = -1;
	} else if (yaml_string(shown, v, "title", &s) < 0) {
		rc = -1;
	} else {
		value_set(data, "title", value_str(s));
	}
	if ((v = ynode_get(y, "description"))) {
		if (yaml_string(shown, v, "description", &s) < 0)
			rc = -1;
		else
			value_set(data, "description", value_str(s));
	}
	if (!(v = ynode_get(y, "fields"))) {
		diag_error(shown, 1, 1, "form has no 'fields'");
		rc = -1;
	} else if (load_fields(shown, v, value_set(data, "fields", value_list()), 0) < 0) {
		rc = -1;
	}
	if (rc < 0)
		goto out;
	value_set(data, "id", value_str(slug));
	/* The definition again for the script: it saves, checks and exports by it. */
	buf_puts(&json, "{\"id\":");
	value_json(value_get(data, "id"), &json);
	buf_puts(&json, ",\"title\":");
	value_json(value_get(data, "title"), &json);
	buf_puts(&json, ",\"fields\":");
	value_json(value_get(data, "fields"), &json);
	buf_putc(&json, '}');
	value_set(data, "json", value_str(buf_cstr(&json)));
	base = xasprintf("form-%s", slug);
	{
		struct page *pg = content_new_extra(p, value_get(data, "title")->str, "form.html",
			data);
		struct value *e = value_push(index, value_map());
		data = NULL;
		pg->src = xstrdup(path);
		pg->shown = xstrdup(shown);
		if (content_name_page(p, pg, base, 0) < 0)
			rc = -1;
		value_set(e, "title", value_str(pg->title));
		value_set(e, "href", value_str(pg->out));
		if ((v = ynode_get(y, "description")))
			value_set(e, "description", value_str(v->str));
	}
	free(base);
out:
	value_free(data);
	buf_free(&json);
	ynode_free(y);
	free(text);
	free(slug);
	free(shown);
	free(path);
	return rc;
}

int
form_load_all(struct project *p, const struct theme *theme)
{
	char **names = NULL;
	size_t n = 0, i;
	struct value *forms;
	int rc = 0;
	if (!fs_is_dir("content/forms"))
		return 0;
	if (fs_list("content/forms", &names, &n) < 0)
		return -1;
	content_sort_names(names, n);
	forms = value_get(document_index(p, theme), "forms");
	value_set(document_index(p, theme), "has_forms", value_bool(1));
	for (i = 0; i < n; i++) {
		char *path;
		if (!content_is_yaml(names[i]))
			continue; /* inventory names what is left */
		path = fs_join("content/forms", names[i]);
		if (!fs_is_dir(path) && load_form(p, names[i], forms) < 0)
			rc = -1;
		free(path);
	}
	fs_list_free(names, n);
	return rc;
}
