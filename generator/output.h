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
 * Ownership: output_begin fills a struct output; output_commit or output_abort release what
 * the site needed, output_end the lock (all three accept a zeroed struct).
 */
#ifndef KENSHU_OUTPUT_H
#define KENSHU_OUTPUT_H

#include <signal.h>
#include <stddef.h>

struct output {
	char *dir; /* the folder where the site goes (a symbolic link's target) */
	char *stage; /* where the new site is written */
	int in_place; /* entries replaced inside dir (a mount point) */
	int locked, lock; /* the locked parent folder's descriptor */
	char **names; /* files written, relative to the site root */
	size_t n, cap;
};

/*
 * Prepare to write a site into dir, waiting while another build holds it unless *stop
 * becomes set. -1 after reporting (e.g. dir is a file; interrupted: nothing reported).
 */
int output_begin(struct output *o, const char *dir, const volatile sig_atomic_t *stop);
/* Write one file (name relative to the site root, '/' separated). */
int output_write(struct output *o, const char *name, const void *data, size_t len);
/* Put the new site in place of the old one. */
int output_commit(struct output *o);
/* Remove the staging folder; the previous site stays as it was. */
void output_abort(struct output *o);
/* Let other builds write the output. */
void output_end(struct output *o);

#endif
