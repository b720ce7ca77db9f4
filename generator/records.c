#include "records.h"

#include <string.h>

#include "content.h"
#include "export.h"
#include "theme.h"
#include "util.h"
#include "value.h"

struct value *
records_learner_fields(const struct project *p)
{
	struct value *list = value_list();
	size_t i, j;
	for (i = 0; i < p->site.nfields; i++) {
		const struct learner_field *f = &p->site.fields[i];
		struct value *e = value_push(list, value_map());
		value_set(e, "id", value_str(f->id));
		value_set(e, "label", value_str(f->label));
		value_set(e, "required", value_bool(f->required));
		if (f->pattern)
			value_set(e, "pattern", value_str(f->pattern));
		value_set(e, "has_choices", value_bool(f->nchoices > 0));
		if (f->nchoices) {
			struct value *c = value_set(e, "choices", value_list());
			for (j = 0; j < f->nchoices; j++)
				value_push(c, value_str(f->choices[j]));
		}
	}
	return list;
}

void
records_load(struct project *p, const struct theme *t)
{
	struct value *data = value_map(), *fields = records_learner_fields(p), *words;
	struct export_words w;
	struct buf json = BUF_INIT;
	struct page *pg;

	if (!p->ntests && !p->acknowledgements) { /* nothing in this course makes a record */
		value_free(data);
		value_free(fields);
		return;
	}
	value_json(fields, &json);
	value_set(data, "fields_json", value_str(buf_cstr(&json)));
	value_set(data, "fields", fields);
	/* the CSV export's words, the built-in theme's: "kenshu records merge" reads no other */
	if (export_words_load(&w, p->site.lang) == 0) {
		words = export_words_value(&w);
		buf_clear(&json);
		value_json(words, &json);
		value_set(data, "export_json", value_str(buf_cstr(&json)));
		value_free(words);
		export_words_free(&w);
	}
	pg = content_add_extra(p, "records", theme_string(t, "records_title"), "records.html", data);
	pg->in_menu = 1;
	buf_free(&json);
}
