/*
 * watch: the project's sources watched for changes (inotify), for kenshu serve's preview.
 * The project folder itself is watched for its sources' names (site.yaml, content, ...: a
 * folder made or removed, site.yaml replaced), and each source folder with every folder below
 * it for anything written, made, removed or renamed, which covers an editor's save by writing
 * a new file and renaming it over the old one. Names an editor or a system keeps beside the
 * files (starting with '.' or '#', ending with '~', and vim's probe file 4913) are no change.
 * Folders made after the start are watched from the next watch_rescan, which the caller runs
 * before each build, so nothing made while a build runs goes unseen.
 *
 * Ownership: watch_open returns a watch that watch_close frees (accepts NULL).
 */
#ifndef KENSHU_WATCH_H
#define KENSHU_WATCH_H

struct watch;

/* Watch the sources (names, NULL-terminated) of the project folder dir; NULL after reporting. */
struct watch *watch_open(const char *dir, const char *const *names);
/* The descriptor that becomes readable when events are waiting. */
int watch_fd(const struct watch *w);
/* Read the waiting events: 1 when one is a change of a source, else 0; -1 after reporting. */
int watch_read(struct watch *w);
/* Watch every source folder that is not watched yet; 0, or -1 after reporting. */
int watch_rescan(struct watch *w);
void watch_close(struct watch *w);

#endif
