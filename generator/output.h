/*
 * output: writes the site so that a failed or interrupted build never leaves a half-written
 * one. Files go into a staging folder beside the output folder; output_commit swaps it into
 * place in one rename (and removes the old site), output_abort throws it away. The names
 * written are remembered, in order, for the packer.
 *
 * Ownership: output_begin fills a struct output that output_commit or output_abort release.
 */
#ifndef KENSHU_OUTPUT_H
#define KENSHU_OUTPUT_H

#include <stddef.h>

struct output {
	char *dir; /* the final folder, e.g. "public" */
	char *stage; /* where the new site is written */
	char **names; /* files written, relative to the site root */
	size_t n, cap;
};

/* Prepare to write a site into dir. -1 after reporting (e.g. dir is a file). */
int output_begin(struct output *o, const char *dir);
/* Write one file (name relative to the site root, '/' separated). */
int output_write(struct output *o, const char *name, const void *data, size_t len);
/* Put the new site in place of the old one. */
int output_commit(struct output *o);
/* Remove the staging folder; the previous site stays as it was. */
void output_abort(struct output *o);

#endif
