#include "site.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "fs.h"
#include "util.h"
#include "value.h"
#include "yaml.h"

static const char *const site_keys[] = {"title", "id", "lang", "theme", "organization", "quiz",
	"glossary", "records", NULL};
static const char *const quiz_keys[] = {"pass", NULL};
static const char *const glossary_keys[] = {"link", NULL};
static const char *const records_keys[] = {"learner_fields", "submit_url", NULL};
static const char *const field_keys[] = {"id", "label", "required", "pattern", "choices", NULL};

static int
get_name(const char *file, const struct ynode *n, const char *what, char **out)
{
	const char *s;
	if (yaml_string(file, n, what, &s) < 0)
		return -1;
	if (!str_is_id(s)) {
		diag_error(file, n->line, n->col,
			"'%s' must use only a-z, 0-9, '-' and '_' (it names files), not '%s'", what, s);
		return -1;
	}
	*out = xstrdup(s);
	return 0;
}

/* Where records can be sent: a web address, or a path on the same server. */
static int
web_address(const char *url)
{
	return !strncasecmp(url, "https://", 8) || !strncasecmp(url, "http://", 7) ||
		(url[0] == '/' && url[1] != '/');
}

static void
field_free(struct learner_field *f)
{
	size_t i;
	free(f->id);
	free(f->label);
	free(f->pattern);
	for (i = 0; i < f->nchoices; i++)
		free(f->choices[i]);
	free(f->choices);
	memset(f, 0, sizeof *f);
}

static int
load_field(const char *file, const struct ynode *n, struct learner_field *f)
{
	const struct ynode *v;
	size_t i;
	int rc = 0;
	f->line = n->line;
	f->col = n->col;
	if (yaml_expect(file, n, YNODE_MAP, "learner_fields item") < 0)
		return -1;
	rc |= yaml_check_keys(file, n, field_keys);
	if (!(v = ynode_get(n, "id"))) {
		diag_error(file, n->line, n->col, "learner field has no 'id'");
		rc = -1;
	} else {
		rc |= get_name(file, v, "id", &f->id);
	}
	if (!(v = ynode_get(n, "label"))) {
		diag_error(file, n->line, n->col, "learner field has no 'label'");
		rc = -1;
	} else {
		rc |= yaml_text(file, v, "label", &f->label);
	}
	if ((v = ynode_get(n, "required")))
		rc |= yaml_bool(file, v, "required", &f->required);
	if ((v = ynode_get(n, "pattern")))
		rc |= yaml_text(file, v, "pattern", &f->pattern);
	if ((v = ynode_get(n, "choices"))) {
		if (yaml_expect(file, v, YNODE_SEQ, "choices") < 0)
			return -1;
		f->choices = xcalloc(v->n, sizeof *f->choices);
		for (i = 0; i < v->n; i++) {
			if (yaml_text(file, v->items[i], "choice", &f->choices[f->nchoices]) < 0) {
				rc = -1;
				continue;
			}
			f->nchoices++;
		}
	}
	return rc ? -1 : 0;
}

static int
load_records(struct site *site, const struct ynode *n)
{
	const char *file = site->file;
	const struct ynode *v;
	size_t i, j;
	int rc = 0;
	if (yaml_expect(file, n, YNODE_MAP, "records") < 0)
		return -1;
	rc |= yaml_check_keys(file, n, records_keys);
	if ((v = ynode_get(n, "submit_url"))) {
		if (yaml_text(file, v, "submit_url", &site->submit_url) < 0) {
			rc = -1;
		} else if (*site->submit_url && !web_address(site->submit_url)) {
			diag_error(file, v->line, v->col, "'submit_url' must be an http:// or https:// "
				"address or a path on the site's server starting with '/', not '%s'",
				site->submit_url);
			rc = -1;
		}
	}
	if (!(v = ynode_get(n, "learner_fields")))
		return rc;
	if (yaml_expect(file, v, YNODE_SEQ, "learner_fields") < 0)
		return -1;
	site->fields = xcalloc(v->n, sizeof *site->fields);
	for (i = 0; i < v->n; i++) {
		struct learner_field *f = &site->fields[site->nfields];
		/* A field with problems is left out, so later stages only see complete ones. */
		if (load_field(file, v->items[i], f) < 0) {
			field_free(f);
			rc = -1;
			continue;
		}
		for (j = 0; j < site->nfields; j++)
			if (!strcmp(site->fields[j].id, f->id)) {
				diag_error(file, v->items[i]->line, v->items[i]->col,
					"duplicate learner field id '%s'", f->id);
				rc = -1;
			}
		site->nfields++;
	}
	return rc ? -1 : 0;
}

int
site_load(struct site *site, const char *path, const char *shown)
{
	const struct ynode *v, *w;
	struct ynode *root = NULL;
	const char *file;
	char *text = NULL;
	size_t len;
	long pass;
	int rc = -1, bad = 0;

	memset(site, 0, sizeof *site);
	site->file = xstrdup(shown);
	file = site->file;
	site->quiz_pass = 80;
	site->glossary_link = GLOSSARY_LINK_FIRST;
	if (fs_read_source(path, shown, &text, &len, NULL) < 0)
		goto out;
	if (!(root = yaml_load(file, text, len, 0)))
		goto out;
	if (yaml_expect(file, root, YNODE_MAP, "site.yaml") < 0)
		goto out;
	bad |= yaml_check_keys(file, root, site_keys);

	if (!(v = ynode_get(root, "title"))) {
		diag_error(file, 1, 1, "site.yaml has no 'title'");
		bad = -1;
	} else {
		bad |= yaml_text(file, v, "title", &site->title);
	}
	if (!(v = ynode_get(root, "id"))) {
		diag_error(file, 1, 1, "site.yaml has no 'id' (a stable name such as 'security-course')");
		bad = -1;
	} else {
		bad |= get_name(file, v, "id", &site->id);
	}
	if ((v = ynode_get(root, "lang"))) {
		if (yaml_text(file, v, "lang", &site->lang) == 0 && strcmp(site->lang, "ja") &&
		    strcmp(site->lang, "en")) {
			diag_error(file, v->line, v->col, "'lang' must be ja or en, not '%s'", site->lang);
			bad = -1;
		}
	}
	if (!site->lang)
		site->lang = xstrdup("ja");
	if ((v = ynode_get(root, "theme")))
		bad |= get_name(file, v, "theme", &site->theme);
	if (!site->theme)
		site->theme = xstrdup("default");

	/*
	 * An organisation in error (misspelt, or not a mapping) was reported here, once: its
	 * variables in the pages are then taken as known rather than each reported.
	 */
	site->vars = value_map();
	if ((v = ynode_get(root, "organization"))) {
		if (yaml_expect(file, v, YNODE_MAP, "organization") < 0) {
			bad = -1;
			value_set(site->vars, "org", value_open_map());
		} else {
			value_set(site->vars, "org", value_from_yaml(v, 0));
		}
	} else {
		value_set(site->vars, "org", yaml_misspelt(root, site_keys, "organization") ?
			value_open_map() : value_map());
	}

	if ((v = ynode_get(root, "quiz"))) {
		if (yaml_expect(file, v, YNODE_MAP, "quiz") < 0) {
			bad = -1;
		} else {
			bad |= yaml_check_keys(file, v, quiz_keys);
			if ((w = ynode_get(v, "pass"))) {
				if (yaml_int(file, w, "pass", 0, 100, &pass) < 0)
					bad = -1;
				else
					site->quiz_pass = (int)pass;
			}
		}
	}
	if ((v = ynode_get(root, "glossary"))) {
		if (yaml_expect(file, v, YNODE_MAP, "glossary") < 0) {
			bad = -1;
		} else {
			bad |= yaml_check_keys(file, v, glossary_keys);
			if ((w = ynode_get(v, "link"))) {
				if (w->kind == YNODE_SCALAR && !strcmp(w->str, "all")) {
					site->glossary_link = GLOSSARY_LINK_ALL;
				} else if (!(w->kind == YNODE_SCALAR && !strcmp(w->str, "first"))) {
					diag_error(file, w->line, w->col, "'link' must be first or all");
					bad = -1;
				}
			}
		}
	}
	if ((v = ynode_get(root, "records")))
		bad |= load_records(site, v);
	rc = bad ? -1 : 0;
out:
	ynode_free(root);
	free(text);
	return rc;
}

void
site_free(struct site *site)
{
	size_t i;
	if (!site)
		return;
	free(site->file);
	free(site->title);
	free(site->id);
	free(site->lang);
	free(site->theme);
	value_free(site->vars);
	for (i = 0; i < site->nfields; i++)
		field_free(&site->fields[i]);
	free(site->fields);
	free(site->submit_url);
	memset(site, 0, sizeof *site);
}
