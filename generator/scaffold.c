#include "scaffold.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content.h"
#include "diag.h"
#include "fs.h"
#include "util.h"

/* The skeleton's site.yaml names its site "my-course"; the new project's id replaces it. */
#define SKELETON_ID "\nid: my-course "
/* Where the schemas go in the new project. */
#define SCHEMA_DIR "schemas"

int
scaffold_has_lang(const char *lang)
{
	size_t n = strlen(lang), i;
	for (i = 0; i < scaffold_nfiles; i++)
		if (!strncmp(scaffold_files[i].name, lang, n) && scaffold_files[i].name[n] == '/')
			return 1;
	return 0;
}

/* site.yaml with the id taken from the new folder's name ("course-1" when it has no ASCII). */
static char *
site_yaml(const struct scaffold_file *f, const char *dir, size_t *len)
{
	const char *at = strstr(f->data, SKELETON_ID);
	struct buf b = BUF_INIT;
	char *id, *copy = xstrdup(dir), *base;
	size_t n = strlen(copy);
	/* the folder's own name, also when it is given with a '/' after it (my-course/) */
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	base = strrchr(copy, '/');
	id = content_ascii(base ? base + 1 : copy);
	if (!*id) {
		free(id);
		id = xstrdup("course-1");
	}
	if (!at) {
		buf_put(&b, f->data, f->len);
	} else {
		buf_put(&b, f->data, (size_t)(at - f->data));
		buf_printf(&b, "\nid: %s ", id);
		buf_puts(&b, at + strlen(SKELETON_ID));
	}
	free(id);
	free(copy);
	*len = b.len;
	return buf_detach(&b);
}

int
scaffold_new(const char *dir, const char *lang)
{
	size_t prefix = strlen(lang) + 1, i;
	char **names;
	size_t n;
	int existed = fs_exists(dir), rc = 0;

	if (existed && !fs_is_dir(dir)) {
		diag_system(dir, "refusing to write a new course here: it is a file, not a folder");
		return 3;
	}
	if (existed) {
		/* Dot files count: a .git folder is somebody's work too. */
		if (fs_list_all(dir, &names, &n) < 0)
			return 3;
		fs_list_free(names, n);
		if (n > 0) {
			diag_system(dir, "refusing to write a new course here: the folder is not empty "
				"(choose a new or empty folder)");
			return 3;
		}
	}
	if (fs_mkdirs(dir) < 0)
		return 3;
	for (i = 0; i < scaffold_nfiles && rc == 0; i++) {
		const struct scaffold_file *f = &scaffold_files[i];
		char *path;
		if (strncmp(f->name, lang, prefix - 1) != 0 || f->name[prefix - 1] != '/')
			continue;
		path = fs_join(dir, f->name + prefix);
		if (!strcmp(f->name + prefix, "site.yaml")) {
			size_t len;
			char *yaml = site_yaml(f, dir, &len);
			rc = fs_write(path, yaml, len);
			free(yaml);
		} else {
			rc = fs_write(path, f->data, f->len);
		}
		free(path);
	}
	for (i = 0; i < schema_nfiles && rc == 0; i++) {
		char *folder = fs_join(dir, SCHEMA_DIR), *path = fs_join(folder, schema_files[i].name);
		rc = fs_write(path, schema_files[i].data, schema_files[i].len);
		free(path);
		free(folder);
	}
	if (rc < 0) {
		fs_remove_tree(dir);
		if (existed && mkdir(dir, 0777) < 0)
			diag_system(dir, "cannot create folder again: %s", strerror(errno));
		return 3;
	}
	return 0;
}
