/*
 * i18n: the language of kenshu's own messages (diagnostics, help, progress, summaries), never
 * of the site it writes, which site.yaml's lang decides. Messages are in Japanese when LC_ALL,
 * LC_MESSAGES or LANG (the first set, as the C library reads them) asks for ja, in English
 * otherwise. The Japanese catalogue is po/ja.po, compiled by GNU gettext's msgfmt into
 * locale/ja/LC_MESSAGES/kenshu.mo beside the program (the build folder) or in
 * ../share/locale (an installed program).
 */
#ifndef KENSHU_I18N_H
#define KENSHU_I18N_H

#include <libintl.h>

/* A message in the user's language. */
#define _(msgid) gettext(msgid)
/* A message translated later, where it is used (a table of messages, say). */
#define N_(msgid) msgid

/* Choose the language from the environment, once, before any message. */
void i18n_init(void);

#endif
