/*
 * preview: the state of kenshu serve's preview. Each build is "kenshu build -C DIR -o SITE
 * --no-zip -q" run as a child process (this very program): a build's global state, its
 * signal handlers and its working folder stay out of the server, and a build that fails or
 * crashes cannot take the server down. Its diagnostics are printed as they would be and kept:
 * a build that fails leaves the last good site in SITE (kenshu build writes nothing then) and
 * its diagnostics are shown over every open page. A build that succeeds makes a new
 * generation of the site, and every open page reloads.
 *
 * Pages learn this through Server-Sent Events: each page answered is given, after its
 * <head>, a script (preview_script) that knows the generation it was served with and listens
 * to /__kenshu/events. Each event is the state: the generation, and the diagnostics of the
 * last build when it failed. A page of an older generation reloads; one of the current
 * generation shows or hides the diagnostics. Nothing of this is ever written to a file.
 *
 * Thread safety: preview_build runs on one thread; any thread may read the state (inject,
 * events). Ownership: preview_new returns a state that preview_free frees; a stream from
 * preview_stream_new is freed by preview_stream_free.
 */
#ifndef KENSHU_PREVIEW_H
#define KENSHU_PREVIEW_H

#include <stddef.h>
#include <sys/types.h>

struct preview;
struct preview_stream;

/* The script that /__kenshu/preview.js answers with. */
extern const char preview_script[];

/* The preview of the course in dir, built into site (absolute). */
struct preview *preview_new(const char *dir, const char *site);
/*
 * Build the course: 0 when it built (a new generation), 1 when it failed (the last good site
 * kept, its diagnostics shown), -1 after reporting that the build could not be run.
 */
int preview_build(struct preview *p);
/* Whether a build has succeeded yet (there is a site to serve). */
int preview_has_site(struct preview *p);
/* What goes after <head> in a page answered now (malloc'd). */
char *preview_inject(struct preview *p);
/* End every stream (the server stops). */
void preview_stop(struct preview *p);
void preview_free(struct preview *p);

/* A stream of events for one page, first the state as it is, then each change. */
struct preview_stream *preview_stream_new(struct preview *p);
/*
 * Up to max bytes of the stream into out, waiting for a change (or sending a comment every
 * 5 seconds, which keeps the connection open): the number of bytes, or -1 at its end.
 */
ssize_t preview_stream_read(struct preview_stream *s, char *out, size_t max);
void preview_stream_free(struct preview_stream *s);

#endif
