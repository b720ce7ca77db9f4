/*
 * The fuzz targets' shared harness. Most targets run kenshu on a small but complete course
 * (tests/fuzz/project: lessons, a document, a form, a quiz, a glossary) with one of its files
 * replaced by the fuzz input, so that every input goes through the same reading, checking and
 * rendering as "kenshu check" gives a real file. The project is copied to a temporary folder
 * once; each input is written over one file there and the original put back afterwards.
 */
#ifndef KENSHU_FUZZ_H
#define KENSHU_FUZZ_H

#include <stddef.h>
#include <stdint.h>

struct theme;

/*
 * Copy the project to a temporary folder, make it the current folder and silence
 * diagnostics. The input files and folders named in argv are made absolute first, so that
 * libFuzzer still finds them.
 */
void fuzz_enter_project(int *argc, char ***argv);
/* Write len bytes to path in the project (after prefix, when prefix is not NULL). */
void fuzz_put(const char *path, const char *prefix, const uint8_t *data, size_t len);
/* Put path back as it is in tests/fuzz/project (remove it when it is not there). */
void fuzz_restore(const char *path);
/* The default theme, loaded once (loading it for every input would dominate the time). */
const struct theme *fuzz_theme(void);
/* "kenshu check" on the project; returns its exit status. */
int fuzz_check(void);

#endif
