/*
 * output: writes the site so that a failed or interrupted build never leaves a half-written
 * one. Files go into a staging folder beside the output folder; output_commit swaps it into
 * place in one rename (and removes the old site), output_abort throws it away. The names
 * written are remembered, in order, for the packer.
 *
 * One build at a time per output: output_begin locks the folder that holds the output
 * (flock, released by output_end or when the process ends, even killed), waiting for a build
 * that holds it, and then removes the staging folders that killed builds left. The lock is
 * kept through output_commit so that the caller can put the archives in place with the site.
 * Where no lock can be had (a network file system without them), a note says so and the
 * build goes on without one, leaving others' staging folders alone.
 *
 * Deployment layouts: an output that is a symbolic link to a folder (a web root) is replaced
 * where the link leads, and the link stays. An output that is a mount point, or whose parent
 * folder kenshu may not write, cannot be swapped in one rename: its entries are replaced one
 * by one from a staging folder inside it (each file whole, the site as a whole not).
 *
 * Only changed files are written. Where the previous site (the output folder as it is) has a
 * file of the same name and the same bytes, the staging folder gets a hard link to it instead
 * of a new file: the unchanged file is not rewritten, keeps its inode and modification time,
 * and the swap stays one rename. The bytes are compared, not sizes and times, so a file edited
 * by hand in the output is put right. A file is linked only when it is a plain file exactly as
 * this build would create it (owner, group, permissions, file system) whose only name is in
 * the previous site, so that nothing outside the site can change it later. The previous
 * site's files are only read, never opened for writing, and a name in the staging folder is
 * never written through: the previous site stays intact until the swap, and after a failed
 * build. Where no link can be made (a file system without them), the file is written as
 * before; that is never an error.
 *
 * Ownership: output_begin fills a struct output; output_commit or output_abort release what
 * the site needed, output_end the lock (all three accept a zeroed struct).
 */
#ifndef KENSHU_OUTPUT_H
#define KENSHU_OUTPUT_H

#include <signal.h>
#include <stddef.h>
#include <sys/stat.h>

struct output {
	char *dir; /* the folder where the site goes (a symbolic link's target) */
	char *stage; /* where the new site is written */
	int in_place; /* entries replaced inside dir (a mount point) */
	int locked, lock; /* the locked parent folder's descriptor */
	char *prev; /* the previous site, whose unchanged files are linked (NULL: none) */
	struct stat fresh; /* a file as this build creates it (the marker): owner, mode, device */
	int no_links; /* the file system refused a link: every file is written */
	char **names; /* files written, relative to the site root */
	size_t n, cap;
};

/*
 * Prepare to write a site into dir, waiting while another build holds it unless *stop
 * becomes set. -1 after reporting (e.g. dir is a file; interrupted: nothing reported).
 */
int output_begin(struct output *o, const char *dir, const volatile sig_atomic_t *stop);
/*
 * Write one file (name relative to the site root, '/' separated): a link to the previous
 * site's file when that holds the same bytes.
 */
int output_write(struct output *o, const char *name, const void *data, size_t len);
/*
 * A file of the site that the archives hold too: written into o (NULL: not), then data
 * (malloc'd, handed over) given to pk's site part (NULL: freed). -1 after reporting a failed
 * write, the data freed.
 */
struct pack;
int output_give(struct output *o, struct pack *pk, const char *name, char *data, size_t len);
/* Put the new site in place of the old one. */
int output_commit(struct output *o);
/* Remove the staging folder; the previous site stays as it was. */
void output_abort(struct output *o);
/* Let other builds write the output. */
void output_end(struct output *o);

#endif
