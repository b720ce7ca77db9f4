#include "i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs.h"
#include "util.h"

/* The locale the C library would take for messages: LC_ALL, else LC_MESSAGES, else LANG. */
static const char *
messages_locale(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	size_t i;
	for (i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && v[0])
			return v;
	}
	return "";
}

/* The folder of the running program, or NULL. */
static char *
program_dir(void)
{
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	char *slash;
	if (n <= 0)
		return NULL;
	path[n] = '\0';
	if (!(slash = strrchr(path, '/')))
		return NULL;
	*slash = '\0';
	return xstrdup(path[0] ? path : "/");
}

void
i18n_init(void)
{
	static const char *const places[] = {"locale", "../share/locale"};
	const char *want = messages_locale();
	char *dir, *found = NULL;
	size_t i;

	if (strncmp(want, "ja", 2) != 0 || (want[2] && want[2] != '_' && want[2] != '.' &&
		want[2] != '@'))
		return; /* English: the messages as written */
	if (!(dir = program_dir()))
		return;
	for (i = 0; i < sizeof places / sizeof *places && !found; i++) {
		char *root = xasprintf("%s/%s", dir, places[i]);
		char *mo = xasprintf("%s/ja/LC_MESSAGES/kenshu.mo", root);
		if (fs_exists(mo))
			found = root;
		else
			free(root);
		free(mo);
	}
	free(dir);
	if (!found)
		return;
	/*
	 * Only the messages' category: numbers, sorting and character classes stay the C
	 * library's defaults, so that no output depends on the user's locale. A minimal Debian
	 * has no ja_JP.UTF-8 locale generated; then C.UTF-8 stands in, and LANGUAGE names the
	 * catalogue (the C library reads LANGUAGE under any locale but plain C).
	 */
	if (!setlocale(LC_MESSAGES, "") || !strcmp(setlocale(LC_MESSAGES, NULL), "C"))
		setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", "ja", 1);
	bindtextdomain("kenshu", found);
	bind_textdomain_codeset("kenshu", "UTF-8");
	/*
	 * The C library's own messages (strerror's) in UTF-8 too: under the C locale's character
	 * set, which LC_CTYPE stays in, their Japanese would come out as question marks.
	 */
	bind_textdomain_codeset("libc", "UTF-8");
	textdomain("kenshu");
	free(found);
}
