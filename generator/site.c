#include "site.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "fs.h"
#include "i18n.h"
#include "util.h"
#include "value.h"
#include "yaml.h"

static const char *const site_keys[] = {"title", "id", "lang", "theme", "organization", "quiz",
	"glossary", "records", "brand", NULL};
static const char *const brand_keys[] = {"logo", "color", NULL};
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
	if (yaml_expect(file, n, YNODE_MAP, _("learner_fields item")) < 0)
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
	} else if (yaml_text(file, v, "label", &f->label) < 0) {
		rc = -1;
	} else if (!f->label[strspn(f->label, " \t")]) {
		/* It heads the field on the forms and its column in the exports, which merge reads. */
		diag_error(file, v->line, v->col, "'label' is empty");
		rc = -1;
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
			if (yaml_text(file, v->items[i], _("choice"), &f->choices[f->nchoices]) < 0) {
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

/* The logo's formats: what a browser shows in an <img> with nothing to run. */
static const struct {
	const char *ext, *name, *magic;
	size_t at, len; /* where magic is in the file, its length */
} logo_formats[] = {
	{".png", "PNG", "\x89PNG\r\n\x1a\n", 0, 8},
	{".jpg", "JPEG", "\xff\xd8\xff", 0, 3},
	{".jpeg", "JPEG", "\xff\xd8\xff", 0, 3},
	{".webp", "WebP", "WEBP", 8, 4},
	{".gif", "GIF", "GIF8", 0, 4},
};

/*
 * brand.logo: an image file in the project (path, shown after prefix), read and checked to be
 * what its extension says, to be written to the site as assets/logo.EXT.
 */
static int
load_logo(struct site *site, const struct ynode *v, const char *prefix)
{
	const char *file = site->file, *dot, *path;
	char *shown;
	size_t i, k;
	int rc;
	if (yaml_string(file, v, "logo", &path) < 0)
		return -1;
	dot = strrchr(path, '.');
	if (dot && strchr(dot, '/'))
		dot = NULL;
	if (dot && !strcasecmp(dot, ".svg")) {
		diag_error(file, v->line, v->col, "'logo' cannot be an SVG image: an SVG file can hold "
			"scripts, which run when the file is opened on its own; save the logo as PNG");
		return -1;
	}
	for (i = 0; dot && i < sizeof logo_formats / sizeof *logo_formats; i++)
		if (!strcasecmp(dot, logo_formats[i].ext))
			break;
	if (!dot || i == sizeof logo_formats / sizeof *logo_formats) {
		diag_error(file, v->line, v->col, "'logo' must be a PNG, JPEG, WebP or GIF image "
			"(.png, .jpg, .jpeg, .webp, .gif), not '%s'", path);
		return -1;
	}
	/* Said at the setting: the file's own name would not tell the author where to look. */
	if (!fs_exists(path)) {
		diag_error(file, v->line, v->col, "'logo' %s does not exist: give its path from the "
			"project folder, as in logo: content/img/logo.png", path);
		return -1;
	}
	if (!fs_inside_project(path)) {
		diag_error(file, v->line, v->col, "'logo' %s leads outside the project folder; "
			"refused: copy the image into the project", path);
		return -1;
	}
	shown = xasprintf("%s%s", prefix, path);
	rc = fs_read_file(path, shown, FS_MAX_SOURCE, &site->logo, &site->logo_len, NULL);
	free(shown);
	if (rc < 0)
		return -1;
	k = logo_formats[i].at + logo_formats[i].len;
	if (site->logo_len < k || memcmp(site->logo + logo_formats[i].at, logo_formats[i].magic,
		logo_formats[i].len) != 0) {
		diag_error(file, v->line, v->col, "'logo' %s is not a %s image: its first bytes are "
			"not those of a %s file", path, logo_formats[i].name, logo_formats[i].name);
		return -1;
	}
	site->logo_path = xstrdup(path);
	site->logo_out = xasprintf("assets/logo%s", logo_formats[i].ext); /* the table's, lower case */
	return 0;
}

/* The colours the default theme draws the brand colour with (style.css, light scheme). */
#define THEME_BG 0xffffffUL /* the page, and the text on buttons (--bg, --accent-fg) */
#define THEME_PANEL 0xf6f8faUL /* panels: the search list's chosen result, whose title is in it */
/* WCAG 2.x level AA, normal text. */
#define AA_RATIO 4.5

/* WCAG 2's relative luminance of the sRGB colour 0xrrggbb. */
static double
luminance(unsigned long rgb)
{
	static const double weight[3] = {0.2126, 0.7152, 0.0722};
	double l = 0;
	int i;
	for (i = 0; i < 3; i++) {
		double c = (double)((rgb >> (16 - 8 * i)) & 0xff) / 255.0;
		l += weight[i] * (c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4));
	}
	return l;
}

/* WCAG 2's contrast ratio of two colours, from 1 to 21. */
static double
contrast(unsigned long a, unsigned long b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* A ratio as shown: cut, not rounded, to two decimals, so that 4.499 never shows as 4.50. */
static double
shown_ratio(double r)
{
	return floor(r * 100) / 100;
}

/*
 * brand.color: "#rrggbb", which the default theme uses for its accent (links, buttons, the
 * navigation's current page): refused when text drawn with it would fail WCAG AA contrast.
 */
static int
load_color(struct site *site, const struct ynode *v)
{
	const char *file = site->file, *s;
	unsigned long rgb = 0;
	double bg, panel;
	int i;
	if (ynode_is_null(v)) {
		diag_error(file, v->line, v->col, "'color' is empty: YAML reads # as the start of a "
			"comment, so quote the colour: color: \"#1a5fb4\"");
		return -1;
	}
	if (yaml_string(file, v, "color", &s) < 0)
		return -1;
	for (i = 1; i <= 6 && s[0] == '#' && isxdigit((unsigned char)s[i]); i++)
		rgb = rgb * 16 + (unsigned long)(isdigit((unsigned char)s[i]) ? s[i] - '0' :
			(s[i] | 0x20) - 'a' + 10);
	if (i != 7 || s[7]) {
		diag_error(file, v->line, v->col, "'color' must be a colour written #rrggbb (six hex "
			"digits, such as \"#1a5fb4\"), not '%s'", s);
		return -1;
	}
	bg = contrast(rgb, THEME_BG);
	panel = contrast(rgb, THEME_PANEL);
	if (bg < AA_RATIO) {
		diag_error(file, v->line, v->col, "'color' %s has a contrast ratio of %.2f:1 with white, "
			"as the colour of white text on buttons and of links on the white page; WCAG AA "
			"needs %.1f:1 for text: choose a darker colour", s, shown_ratio(bg), AA_RATIO);
		return -1;
	}
	if (panel < AA_RATIO) {
		diag_error(file, v->line, v->col, "'color' %s has a contrast ratio of %.2f:1 as the "
			"colour of links on the theme's grey panels (#f6f8fa); WCAG AA needs %.1f:1 for "
			"text: choose a darker colour", s, shown_ratio(panel), AA_RATIO);
		return -1;
	}
	site->brand_color = xasprintf("#%06lx", rgb);
	return 0;
}

/* brand: the logo and colour that the default theme shows. */
static int
load_brand(struct site *site, const struct ynode *n, const char *prefix)
{
	const struct ynode *v;
	int rc = 0;
	if (yaml_expect(site->file, n, YNODE_MAP, "brand") < 0)
		return -1;
	rc |= yaml_check_keys(site->file, n, brand_keys);
	if ((v = ynode_get(n, "logo")))
		rc |= load_logo(site, v, prefix);
	if ((v = ynode_get(n, "color")))
		rc |= load_color(site, v);
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
	if ((v = ynode_get(root, "brand"))) {
		/* shown is the project's prefix and then path */
		char *prefix = xstrndup(shown, strlen(shown) - strlen(path));
		bad |= load_brand(site, v, prefix);
		free(prefix);
	}
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
	free(site->logo_path);
	free(site->logo);
	free(site->logo_out);
	free(site->brand_color);
	memset(site, 0, sizeof *site);
}
