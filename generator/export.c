#include "export.h"

#include <stdlib.h>
#include <string.h>

#include "theme.h"
#include "util.h"
#include "value.h"

const char *const export_columns[EXPORT_NCOLUMNS] = {
	"type", "site", "course", "item", "title", "version", "attempt", "score", "max", "pass",
	"result", "date", "recorded", "build", "integrity"
};

const char *const export_values[EXPORT_NVALUES] = {
	"quiz", "acknowledgement", "pass", "fail", "acknowledged", "self-reported"
};

const char *const export_roles[EXPORT_NROLES] = {"name", "employee_id", "branch"};

const char *const export_langs[EXPORT_NLANGS] = {"ja", "en"};

/* The strings.yaml keys of the words, after "export_", where they differ from the names. */
static const char *const value_keys[EXPORT_NVALUES] = {
	"quiz", "acknowledgement", "passed", "failed", "acknowledged", "self_reported"
};

static const char *
word(const struct theme *t, const char *name)
{
	char *key = xasprintf("export_%s", name);
	const char *w = theme_string(t, key);
	free(key);
	return w;
}

int
export_words_load(struct export_words *w, const char *lang)
{
	size_t i;
	memset(w, 0, sizeof *w);
	/* the built-in theme: not a theme of the folder the command happens to run in */
	if (!(w->theme = theme_load(NULL, "default", lang)))
		return -1;
	w->lang = lang;
	for (i = 0; i < EXPORT_NCOLUMNS; i++)
		w->columns[i] = word(w->theme, export_columns[i]);
	for (i = 0; i < EXPORT_NVALUES; i++)
		w->values[i] = word(w->theme, value_keys[i]);
	for (i = 0; i < EXPORT_NROLES; i++)
		w->roles[i] = word(w->theme, export_roles[i]);
	return 0;
}

void
export_words_free(struct export_words *w)
{
	theme_free(w->theme);
	memset(w, 0, sizeof *w);
}

/* A map from each machine name to its word. */
static struct value *
words_map(const char *const *names, const char *const *words, size_t n)
{
	struct value *m = value_map();
	size_t i;
	for (i = 0; i < n; i++)
		value_set(m, names[i], value_str(words[i]));
	return m;
}

struct value *
export_words_value(const struct export_words *w)
{
	struct value *v = value_map();
	value_set(v, "lang", value_str(w->lang));
	value_set(v, "columns", words_map(export_columns, w->columns, EXPORT_NCOLUMNS));
	value_set(v, "values", words_map(export_values, w->values, EXPORT_NVALUES));
	value_set(v, "roles", words_map(export_roles, w->roles, EXPORT_NROLES));
	return v;
}

void
export_learner_header(struct buf *b, const struct export_words *w, const char *id,
	const char *label)
{
	size_t r;
	for (r = 0; r < EXPORT_NROLES && strcmp(id, export_roles[r]) != 0; r++)
		;
	if (r < EXPORT_NROLES && (!label || !strcmp(label, w->roles[r])))
		buf_puts(b, w->roles[r]);
	else if (label)
		buf_printf(b, "%s (%s)", label, id);
	else
		buf_printf(b, "learner.%s", id);
}
