#include "links.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "fs.h"
#include "markdown.h"
#include "media.h"
#include "nearest.h"
#include "util.h"

static int
has_scheme(const char *url)
{
	const char *s = url;
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
	       *s == '+' || *s == '.' || *s == '-')
		s++;
	return *s == ':';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char *
percent_decode(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			buf_putc(&b, hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			buf_putc(&b, s[i]);
		}
	}
	return buf_detach(&b);
}

/* Join dir and a relative path, folding "." and ".."; NULL when it climbs above the root. */
static char *
resolve_path(const char *dir, const char *rel)
{
	char *joined = xasprintf("%s/%s", dir, rel), *seg, *save = NULL;
	char **parts = NULL;
	size_t n = 0, cap = 0, i;
	struct buf b = BUF_INIT;
	int ok = 1;
	for (seg = strtok_r(joined, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (!strcmp(seg, "."))
			continue;
		if (!strcmp(seg, "..")) {
			if (!n) {
				ok = 0;
				break;
			}
			n--;
			continue;
		}
		parts = xgrow(parts, &cap, n + 1, sizeof *parts);
		parts[n++] = seg;
	}
	for (i = 0; ok && i < n; i++) {
		if (i)
			buf_putc(&b, '/');
		buf_puts(&b, parts[i]);
	}
	free(parts);
	free(joined);
	if (!ok) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* The id of the heading in target that fragment names (exactly or by its heading text). */
static const char *
find_heading(const struct page *target, const char *fragment)
{
	size_t at = (size_t)strmap_get(&target->heading_ids, fragment);
	char *slug;
	if (!at) {
		slug = md_heading_id(fragment);
		at = (size_t)strmap_get(&target->heading_ids, slug);
		free(slug);
	}
	return at ? target->headings[at - 1].id : NULL;
}

/* The folder relative links in pg start from (caller frees). */
static char *
source_dir(const struct page *pg)
{
	const char *slash;
	if (pg->kind == PAGE_MODULE)
		return xstrdup(pg->module->dir);
	if (pg->src && (slash = strrchr(pg->src, '/')))
		return xstrndup(pg->src, (size_t)(slash - pg->src));
	return xstrdup("content");
}

/* path (from the project's folder) as a link from the folder dir: "../02-mail/01-phishing.md". */
static char *
relative_to(const char *dir, const char *path)
{
	struct buf b = BUF_INIT;
	size_t i, common = 0, n = strlen(dir);
	for (i = 0; dir[i] && dir[i] == path[i]; i++)
		if (dir[i] == '/')
			common = i + 1;
	if (!dir[i] && path[i] == '/') /* path is in dir: common is past dir's end */
		common = i + 1;
	for (i = common; i < n; i++)
		if (i == common || dir[i] == '/')
			buf_puts(&b, "../");
	buf_puts(&b, path + common);
	return buf_detach(&b);
}

/*
 * The hint of a link to a page that does not exist: the nearest page in the same folder, or
 * of the same name in another, written as a link from pg.
 */
static char *
page_hint(const struct project *p, const struct page *pg, const char *resolved)
{
	const char *slash = strrchr(resolved, '/'), *best;
	size_t dirlen = slash ? (size_t)(slash - resolved) + 1 : 0, i;
	struct nearest nr;
	char *dir, *rel, *hint;
	nearest_begin(&nr, resolved);
	for (i = 0; i < p->npages + p->nextras; i++) {
		const struct page *q = i < p->npages ? p->pages[i] : p->extras[i - p->npages];
		const char *qslash;
		if (!q->src || !content_is_markdown(q->src))
			continue;
		qslash = strrchr(q->src, '/');
		if ((!strncmp(q->src, resolved, dirlen) && !strchr(q->src + dirlen, '/')) ||
		    (qslash && !strcmp(qslash, slash ? slash : "")))
			nearest_offer(&nr, q->src);
	}
	best = nr.best;
	if (!best)
		return xstrdup("");
	dir = source_dir(pg);
	rel = relative_to(dir, best);
	hint = nearest_hint(rel);
	free(rel);
	free(dir);
	return hint;
}

/* The hint of a fragment that names no heading of target: the nearest id or heading text. */
static char *
heading_hint(const struct page *target, const char *fragment)
{
	struct nearest nr;
	size_t i;
	char *named, *hint;
	nearest_begin(&nr, fragment);
	for (i = 0; i < target->nheadings; i++) {
		nearest_offer(&nr, target->headings[i].text);
		nearest_offer(&nr, target->headings[i].id);
	}
	if (!nr.best)
		return xstrdup("");
	named = xasprintf("#%s", nr.best);
	hint = nearest_hint(named);
	free(named);
	return hint;
}

/*
 * Report that path cannot be linked: besides pages, only the kinds of file media copies.
 */
static void
not_copied(const struct page *pg, const char *path, int line, int col)
{
	struct buf images = BUF_INIT, video = BUF_INIT, audio = BUF_INIT, files = BUF_INIT;
	media_extensions(MEDIA_IMAGE, &images);
	media_extensions(MEDIA_VIDEO, &video);
	media_extensions(MEDIA_AUDIO, &audio);
	media_extensions(MEDIA_FILE, &files);
	diag_error(pg->shown, line, col, "cannot link '%s': besides pages (.md) and module "
		"folders, only images (%s), video (%s), sound (%s) and attachments (%s) are copied "
		"into the site", path, buf_cstr(&images), buf_cstr(&video), buf_cstr(&audio),
		buf_cstr(&files));
	buf_free(&images);
	buf_free(&video);
	buf_free(&audio);
	buf_free(&files);
}

/*
 * A link to a file that is not a page: an image, video, sound or attachment becomes its copy
 * in the site (with the fragment, a PDF's "#page=2"); anything else, and a file over the
 * size limit, is an error at the link. NULL after reporting.
 */
static char *
link_file(struct links *l, const struct page *pg, const char *url, const char *path,
	const char *resolved, int line, int col)
{
	const char *hash = strchr(url, '#'), *dot;
	long long size;
	if (!fs_exists(resolved)) {
		if (strchr(path, ' '))
			diag_error(pg->shown, line, col, "broken link: '%s' does not exist: check the "
				"name, spaces included (a file named without spaces is easier to link)",
				path);
		else
			diag_error(pg->shown, line, col, "broken link: '%s' does not exist", path);
		return NULL;
	}
	if (fs_is_dir(resolved)) {
		diag_error(pg->shown, line, col, "broken link: '%s' is a folder, not a module (a "
			"module folder holds _module.yaml)", path);
		return NULL;
	}
	if ((dot = strrchr(resolved, '.')) && !strcasecmp(dot, ".svg")) {
		media_refuse(l->media, resolved);
		diag_error(pg->shown, line, col, "'%s' is SVG, which can carry script that runs "
			"when it is opened: save it as PNG", path);
		return NULL;
	}
	if (media_kind(resolved) == MEDIA_NONE) {
		media_refuse(l->media, resolved);
		not_copied(pg, path, line, col);
		return NULL;
	}
	if ((size = fs_size(resolved)) > (long long)MEDIA_MAX) {
		media_refuse(l->media, resolved);
		diag_error(pg->shown, line, col, "'%s' is %.1f MiB, over the limit of %u MiB for a "
			"file copied into the site (and into every branch office's ZIP): make it "
			"smaller, or put it on a server and link its address", path,
			(double)size / (1024 * 1024), MEDIA_MAX / 1024 / 1024);
		return NULL;
	}
	return xasprintf("%s%s", media_add(l->media, resolved), hash ? hash : "");
}

/* Whether path is a draft, or lies in a folder that is (a draft module's lesson). */
static int
in_draft(const struct project *p, const char *path)
{
	char *dir = xstrdup(path), *slash;
	int found = strmap_get(&p->drafts, path) != NULL;
	while (!found && (slash = strrchr(dir, '/'))) {
		*slash = '\0';
		found = strmap_get(&p->drafts, dir) != NULL;
	}
	free(dir);
	return found;
}

char *
links_resolve(void *ud, const struct page *pg, const char *url, int line, int col)
{
	struct links *l = ud;
	const struct project *p = l->p;
	const struct page *target = pg;
	const char *hash, *id = NULL;
	char *path = NULL, *fragment = NULL, *resolved = NULL, *result = NULL;

	if (has_scheme(url) || !strncmp(url, "//", 2))
		return xstrdup(url);
	hash = strchr(url, '#');
	path = percent_decode(url, hash ? (size_t)(hash - url) : strlen(url));
	if (strchr(path, '?'))
		*strchr(path, '?') = '\0';
	if (hash)
		fragment = percent_decode(hash + 1, strlen(hash + 1));
	if (*path) {
		size_t len;
		char *dir = source_dir(pg);
		resolved = resolve_path(dir, path);
		free(dir);
		if (!resolved) {
			diag_error(pg->shown, line, col, "link '%s' leads outside the project", url);
			goto out;
		}
		len = strlen(resolved);
		if (len && resolved[len - 1] == '/')
			resolved[len - 1] = '\0';
		target = content_find(p, resolved);
		if (!target && in_draft(p, resolved)) {
			diag_error(pg->shown, line, col, "broken link: '%s' is a draft (draft: true), "
				"left out of the site: publish it or remove the link", path);
			goto out;
		}
		if (!target && content_is_markdown(resolved)) {
			char *hint = page_hint(p, pg, resolved);
			diag_error(pg->shown, line, col, "broken link: '%s' does not exist%s", path,
				hint);
			free(hint);
			goto out;
		}
		if (!target) {
			result = link_file(l, pg, url, path, resolved, line, col);
			goto out;
		}
	}
	if (fragment && *fragment && target->broken) {
		id = fragment; /* the target's own errors are reported; its headings are unknown */
	} else if (fragment && *fragment) {
		id = find_heading(target, fragment);
		if (!id) {
			char *hint = heading_hint(target, fragment);
			if (target == pg)
				diag_error(pg->shown, line, col, "broken link: this page has no heading "
					"'#%s'%s", fragment, hint);
			else
				diag_error(pg->shown, line, col, "broken link: %s has no heading '#%s'%s",
					target->src, fragment, hint);
			free(hint);
			goto out;
		}
	}
	if (target == pg && !*path)
		result = xasprintf("#%s", id ? id : "");
	else
		result = id ? xasprintf("%s#%s", target->out, id) : xstrdup(target->out);
out:
	free(path);
	free(fragment);
	free(resolved);
	return result;
}

void
links_note_draft(struct project *p, const char *src, const char *text)
{
	const char *s, *end, *slash = strrchr(src, '/');
	char *dir = xstrndup(src, slash ? (size_t)(slash - src) : 0);
	for (s = text; (s = strstr(s, "](")); s = end) {
		size_t n;
		char *rel, *path;
		s += 2;
		end = s + strcspn(s, ")\n");
		n = (size_t)(end - s);
		while (n && *s == ' ')
			s++, n--;
		if (n && *s == '<') /* <a b.png> */
			s++, n = strcspn(s, ">\n") < n - 1 ? strcspn(s, ">\n") : n - 1;
		if (memchr(s, '"', n)) /* a title after the destination */
			n = (size_t)((const char *)memchr(s, '"', n) - s);
		n = strcspn(s, "#?") < n ? strcspn(s, "#?") : n;
		while (n && s[n - 1] == ' ')
			n--;
		if (!n || *s == '/' || *s == '#')
			continue;
		rel = percent_decode(s, n);
		if (!has_scheme(rel) && (path = resolve_path(dir, rel))) {
			content_use(p, path);
			free(path);
		}
		free(rel);
	}
	free(dir);
}
