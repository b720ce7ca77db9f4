/*
 * fs: the file system as kenshu needs it. Reading a source file checks what every source
 * must be (inside the project, not too large, valid UTF-8 without NUL bytes) and normalises it
 * (no byte order mark, LF line ends), so no later stage deals with those. Writing helpers
 * create folders as needed. Every failure is reported here, once.
 */
#ifndef KENSHU_FS_H
#define KENSHU_FS_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* Largest source file kenshu reads. */
#define FS_MAX_SOURCE (8u * 1024 * 1024)

/*
 * Read the source file at path (relative to the project root, the current folder), shown as
 * shown in diagnostics. On success *out holds len bytes plus a NUL (free() it) and *mtime the
 * file's modification time. -1 after reporting: missing or unreadable (system error),
 * outside the project through a link, larger than FS_MAX_SOURCE, invalid UTF-8, NUL byte.
 */
int fs_read_source(const char *path, const char *shown, char **out, size_t *len, time_t *mtime);
/* The same for any file up to limit bytes, read as it is (no UTF-8 check, no normalising). */
int fs_read_file(const char *path, const char *shown, size_t limit, char **out, size_t *len,
	time_t *mtime);

/* True when the real location of path (links followed) is inside the project folder. */
int fs_inside_project(const char *path);
/*
 * The absolute location of path with links followed; for a path that does not exist yet,
 * that of the nearest folder above it that does, with the rest of path after it. NULL when
 * nothing resolves. Caller frees.
 */
char *fs_real_path(const char *path);
/* True when the absolute path is folder or lies inside it. */
int fs_within(const char *path, const char *folder);

/*
 * Sorted (strcmp) names in folder path, leaving out names that start with '.'. A folder
 * that leads outside the project is refused.
 */
int fs_list(const char *path, char ***names, size_t *n);
/* The same with the names that start with '.' too. */
int fs_list_all(const char *path, char ***names, size_t *n);
/* As fs_list, for a folder that may be anywhere (the output folder). */
int fs_list_any(const char *path, char ***names, size_t *n);
void fs_list_free(char **names, size_t n);

int fs_is_dir(const char *path);
/* True when path itself is a symbolic link. */
int fs_is_link(const char *path);
int fs_exists(const char *path);
/* The size in bytes of the file path leads to, or -1. */
long long fs_size(const char *path);

/* Create path and its parents. */
int fs_mkdirs(const char *path);
/* The folders path's file goes in, made as fs_mkdirs makes them (none: 0). */
int fs_mkdir_parent(const char *path);
/* Write data to path (creating parent folders). */
int fs_write(const char *path, const void *data, size_t len);
/* All len bytes to or from fd at off: 0, or -1 with errno set and nothing reported. */
int fs_pwrite(int fd, const void *data, size_t len, off_t off);
int fs_pread(int fd, void *data, size_t len, off_t off);
/* Remove path and everything below it; a missing path is fine. */
int fs_remove_tree(const char *path);

/* Join a and b with '/', ignoring a when it is "." or empty. Caller frees. */
char *fs_join(const char *a, const char *b);

#endif
