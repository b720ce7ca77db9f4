#define _GNU_SOURCE
#include "preview.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "i18n.h"
#include "json.h"
#include "util.h"

extern char **environ;

/* Bytes of a failed build's diagnostics shown over the page (all are printed). */
#define MAX_SHOWN (64 * 1024)
/*
 * Seconds between the comments that keep an idle stream open: under the 10 after which the
 * server closes an idle connection.
 */
#define KEEPALIVE 5

/*
 * The page's side: reload when the site is newer than the page, show the diagnostics of a
 * failed build over the page (as text, never as HTML) and hide them once it builds again.
 */
const char preview_script[] =
	"(function () {\n"
	"\t'use strict';\n"
	"\tvar me = document.currentScript;\n"
	"\tvar generation = me ? me.getAttribute('data-generation') : '';\n"
	"\tvar box = null;\n"
	"\tfunction show(title, text) {\n"
	"\t\tif (!box) {\n"
	"\t\t\tbox = document.createElement('div');\n"
	"\t\t\tbox.id = 'kenshu-preview-overlay';\n"
	"\t\t\tbox.setAttribute('role', 'alert');\n"
	"\t\t\tbox.style.cssText = 'position:fixed;left:0;right:0;bottom:0;max-height:60vh;"
	"overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#1f1f1f;"
	"color:#f5f5f5;border-top:4px solid #d32f2f;font:14px/1.5 monospace;"
	"box-shadow:0 -2px 12px rgba(0,0,0,.4)';\n"
	"\t\t\tbox.appendChild(document.createElement('strong'));\n"
	"\t\t\tbox.appendChild(document.createElement('pre'));\n"
	/* the site's stylesheet styles pre: every property that matters set here */
	"\t\t\tbox.firstChild.style.cssText = 'color:inherit;font:inherit;font-weight:bold';\n"
	"\t\t\tbox.lastChild.style.cssText = 'margin:.5rem 0 0;padding:0;border:0;"
	"background:transparent;color:inherit;white-space:pre-wrap;font:inherit;"
	"overflow:visible;max-width:none';\n"
	"\t\t\tdocument.body.appendChild(box);\n"
	"\t\t}\n"
	"\t\tbox.firstChild.textContent = title;\n"
	"\t\tbox.lastChild.textContent = text;\n"
	"\t}\n"
	"\tfunction hide() {\n"
	"\t\tif (box) box.remove();\n"
	"\t\tbox = null;\n"
	"\t}\n"
	"\tvar events = new EventSource('/__kenshu/events');\n"
	"\tevents.addEventListener('state', function (e) {\n"
	"\t\tvar s = JSON.parse(e.data);\n"
	"\t\tif (String(s.generation) !== generation) {\n"
	"\t\t\tevents.close();\n"
	"\t\t\tlocation.reload();\n"
	"\t\t} else if (s.failed) {\n"
	"\t\t\tshow(s.title, s.diagnostics);\n"
	"\t\t} else {\n"
	"\t\t\thide();\n"
	"\t\t}\n"
	"\t});\n"
	"})();\n";

struct preview {
	char *dir, *site;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned long generation; /* of the site served: one more for each build that succeeds */
	unsigned long events; /* one more for each build */
	int failed; /* the last build failed */
	struct buf shown; /* its diagnostics */
	int stopping;
};

struct preview_stream {
	struct preview *p;
	unsigned long seen; /* the last events sent; 0: none yet */
	struct buf out; /* what is still to be sent */
	size_t off;
};

struct preview *
preview_new(const char *dir, const char *site)
{
	struct preview *p = xcalloc(1, sizeof *p);
	pthread_condattr_t attr;
	p->dir = xstrdup(dir);
	p->site = xstrdup(site);
	p->shown = (struct buf)BUF_INIT;
	pthread_mutex_init(&p->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&p->changed, &attr);
	pthread_condattr_destroy(&attr);
	return p;
}

void
preview_free(struct preview *p)
{
	if (!p)
		return;
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->changed);
	buf_free(&p->shown);
	free(p->dir);
	free(p->site);
	free(p);
}

/*
 * Run kenshu build as a child with its standard error into out; its exit status, or -1 after
 * reporting that it could not be run.
 */
static int
run_build(struct preview *p, struct buf *out)
{
	char *argv[] = {"kenshu", "build", "-C", p->dir, "-o", p->site, "--no-zip", "-q", NULL};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, defaults;
	char chunk[4096];
	int pipefd[2], status, rc = -1;
	pid_t pid;
	ssize_t n;
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		diag_system(NULL, "cannot run a build: %s", strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
	posix_spawnattr_init(&attr);
	/* the child takes Ctrl-C as kenshu build does, whatever the server blocks or ignores */
	sigemptyset(&none);
	sigemptyset(&defaults);
	sigaddset(&defaults, SIGINT);
	sigaddset(&defaults, SIGTERM);
	sigaddset(&defaults, SIGHUP);
	sigaddset(&defaults, SIGPIPE);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &defaults);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	errno = posix_spawn(&pid, "/proc/self/exe", &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(pipefd[1]);
	if (errno) {
		diag_system(NULL, "cannot run a build: %s", strerror(errno));
		close(pipefd[0]);
		return -1;
	}
	while ((n = read(pipefd[0], chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		fwrite(chunk, 1, (size_t)n, stderr);
		if (out->len < MAX_SHOWN)
			buf_put(out, chunk, (size_t)n < MAX_SHOWN - out->len ? (size_t)n :
				MAX_SHOWN - out->len);
	}
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			diag_system(NULL, "cannot run a build: %s", strerror(errno));
			return -1;
		}
	}
	if (WIFEXITED(status))
		rc = WEXITSTATUS(status);
	else
		rc = 128 + WTERMSIG(status);
	return rc;
}

int
preview_build(struct preview *p)
{
	struct buf out = BUF_INIT;
	struct timespec t0, t1;
	int status;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	status = run_build(p, &out);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (status < 0) {
		buf_free(&out);
		return -1;
	}
	pthread_mutex_lock(&p->lock);
	p->events++;
	p->failed = status != 0;
	if (status == 0)
		p->generation++;
	buf_free(&p->shown);
	p->shown = out;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	if (status == 0)
		fprintf(stderr, _("kenshu: built in %.2f s; open pages reload\n"),
			(double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	else
		fprintf(stderr, _("kenshu: the build failed; the last site that built is still "
			"served, and open pages show the problems\n"));
	return status == 0 ? 0 : 1;
}

int
preview_has_site(struct preview *p)
{
	int has;
	pthread_mutex_lock(&p->lock);
	has = p->generation > 0;
	pthread_mutex_unlock(&p->lock);
	return has;
}

char *
preview_inject(struct preview *p)
{
	unsigned long g;
	pthread_mutex_lock(&p->lock);
	g = p->generation;
	pthread_mutex_unlock(&p->lock);
	return xasprintf("<script src=\"/__kenshu/preview.js\" data-generation=\"%lu\" defer>"
		"</script>", g);
}

void
preview_stop(struct preview *p)
{
	pthread_mutex_lock(&p->lock);
	p->stopping = 1;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
}

struct preview_stream *
preview_stream_new(struct preview *p)
{
	struct preview_stream *s = xcalloc(1, sizeof *s);
	s->p = p;
	s->out = (struct buf)BUF_INIT;
	/* reconnect soon after a lost connection (the server restarted) */
	buf_puts(&s->out, "retry: 1000\n\n");
	return s;
}

void
preview_stream_free(struct preview_stream *s)
{
	if (!s)
		return;
	buf_free(&s->out);
	free(s);
}

/* The state as an event, into s->out (p locked). */
static void
state_event(struct preview_stream *s)
{
	const struct preview *p = s->p;
	const char *title = _("kenshu serve: the last change does not build. This page is the "
		"last site that built; it reloads once the problems are fixed.");
	buf_printf(&s->out, "event: state\ndata: {\"generation\": \"%lu\", \"failed\": %s, "
		"\"title\": ", p->generation, p->failed ? "true" : "false");
	json_put_string(&s->out, title, strlen(title));
	buf_puts(&s->out, ", \"diagnostics\": ");
	json_put_string(&s->out, p->failed ? p->shown.data : "", p->failed ? p->shown.len : 0);
	buf_puts(&s->out, "}\n\n");
	s->seen = p->events + 1;
}

ssize_t
preview_stream_read(struct preview_stream *s, char *out, size_t max)
{
	struct preview *p = s->p;
	size_t n;
	if (s->off >= s->out.len) {
		struct timespec until;
		buf_clear(&s->out);
		s->off = 0;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += KEEPALIVE;
		pthread_mutex_lock(&p->lock);
		while (!p->stopping && s->seen == p->events + 1 &&
			pthread_cond_timedwait(&p->changed, &p->lock, &until) != ETIMEDOUT)
			;
		if (p->stopping) {
			pthread_mutex_unlock(&p->lock);
			return -1;
		}
		if (s->seen == p->events + 1)
			buf_puts(&s->out, ": still here\n\n");
		else
			state_event(s);
		pthread_mutex_unlock(&p->lock);
	}
	n = s->out.len - s->off < max ? s->out.len - s->off : max;
	memcpy(out, s->out.data + s->off, n);
	s->off += n;
	return (ssize_t)n;
}
