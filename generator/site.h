/*
 * site: the settings in site.yaml, checked and turned into a struct site. Unknown keys and
 * wrong types are errors at their line. The brand's logo is read and checked here, and its
 * colour measured against the default theme's colours. The organisation's variables are kept as a value
 * tree under the name "org", ready for the template engine.
 *
 * Ownership: site_load fills a struct site that site_free releases (safe on a zeroed or
 * half-filled struct).
 */
#ifndef KENSHU_SITE_H
#define KENSHU_SITE_H

#include <stddef.h>

struct value;
struct ynode;

enum glossary_link { GLOSSARY_LINK_FIRST, GLOSSARY_LINK_ALL };

struct learner_field {
	char *id, *label, *pattern;
	int required;
	char **choices;
	size_t nchoices;
	int line, col;
};

struct site {
	char *file; /* as shown in diagnostics */
	char *title, *id, *lang, *theme;
	struct value *vars; /* map: { org: {...} } for content and templates */
	int quiz_pass;
	enum glossary_link glossary_link;
	struct learner_field *fields;
	size_t nfields;
	char *submit_url;
	/*
	 * brand: the logo's path in the project, its bytes and its name in the site (NULL: none);
	 * the colour "#rrggbb"
	 */
	char *logo_path, *logo, *logo_out;
	size_t logo_len;
	char *brand_color;
};

/* Load path (shown as shown). -1 after reporting every problem found. */
int site_load(struct site *site, const char *path, const char *shown);
void site_free(struct site *site);

#endif
