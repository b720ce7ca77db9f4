/*
 * yaml: the only module that talks to libyaml. It loads one YAML document into a tree of
 * ynodes that remember where they stood (line and column), so every later check can report
 * file:line:col. Aliases and anchors are refused (no alias bombs), nesting is limited, and
 * duplicate keys are errors.
 *
 * The schema helpers check a mapping's keys against a list and read typed scalars, reporting
 * each problem at the node. They return 0 on success and -1 after reporting.
 *
 * Ownership: yaml_load returns a tree the caller frees with ynode_free (which accepts NULL);
 * lookups return borrowed nodes.
 */
#ifndef KENSHU_YAML_H
#define KENSHU_YAML_H

#include <stddef.h>

enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

struct ynode {
	enum ynode_kind kind;
	int line, col; /* 1-based position of the node's first character */
	char *str; /* scalar text, NUL-terminated */
	size_t len;
	int plain; /* scalar was unquoted: true/false, numbers and null resolve */
	struct ynode **items; /* sequence items, or mapping values */
	struct ynode **keys; /* mapping keys (scalars), parallel to items */
	size_t n;
};

/* What a Japanese input method left in full-width mode types for ' ' and ':'. */
#define YAML_FW_SPACE "\xE3\x80\x80" /* U+3000 */
#define YAML_FW_COLON "\xEF\xBC\x9A" /* U+FF1A */
/* The full-width dash typed for '-' (－, the long mark ー, ― or ‐) at s, before end, or NULL. */
const char *yaml_fw_dash(const char *s, const char *end);

/*
 * Parse text (len bytes) as one YAML document. file names the source in diagnostics;
 * line_offset is added to every line (for front matter that starts below line 1). An empty
 * document gives an empty mapping. NULL after reporting an error.
 */
struct ynode *yaml_load(const char *file, const char *text, size_t len, int line_offset);
void ynode_free(struct ynode *n);

const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* Plain scalar null, ~ or empty. */
int ynode_is_null(const struct ynode *n);

/*
 * Report every key of map not in allowed (NULL-terminated) as "unknown key 'k'", with the
 * nearest allowed key when one is close (nearest.h) and the list of allowed keys.
 */
int yaml_check_keys(const char *file, const struct ynode *map, const char *const *allowed);
/*
 * True when map lacks key (one of allowed) but has an unknown key whose nearest allowed one
 * is key: key misspelt, as yaml_check_keys reported.
 */
int yaml_misspelt(const struct ynode *map, const char *const *allowed, const char *key);
/*
 * Report "'what' must be a mapping, not a list" unless n has that kind. what is a key, a file
 * name, or what the value is in the user's language (_("question")).
 */
int yaml_expect(const char *file, const struct ynode *n, enum ynode_kind kind, const char *what);
int yaml_string(const char *file, const struct ynode *n, const char *what, const char **out);
/* As yaml_string, with a copy the caller frees. */
int yaml_text(const char *file, const struct ynode *n, const char *what, char **out);
/* For these two, what is the key (their messages write it as one). */
int yaml_int(const char *file, const struct ynode *n, const char *what, long min, long max,
	long *out);
int yaml_bool(const char *file, const struct ynode *n, const char *what, int *out);

#endif
