#define _GNU_SOURCE /* signalfd, strcasestr */
#include "serve.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <microhttpd.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "fs.h"
#include "i18n.h"
#include "json.h"
#include "build.h"
#include "passwd.h"
#include "preview.h"
#include "roster.h"
#include "store.h"
#include "submit.h"
#include "util.h"
#include "watch.h"

/* Limits (see serve.h). */
#define MAX_CONNECTIONS 256
#define HEADER_MEMORY (32 * 1024)
#define IDLE_SECONDS 10
#define BODY_SECONDS 30
/* The largest HTML page read to be answered with the meta or script put in. */
#define MAX_PAGE (64u * 1024 * 1024)
/* Admin password hashes at once (19 MiB each). */
#define HASHING 2
/* Failed admin logins: after FREE_FAILURES from one address, each further try waits. */
#define FREE_FAILURES 5
#define MAX_WAIT 300
#define FAILURE_SLOTS 64

#define SUBMIT_META "<meta name=\"kenshu-submit\" content=\"api/records\">"
/* A change is built once no other came for this long (an editor saves in several steps). */
#define QUIET_MS 50
/* ... but no later than this after the first. */
#define MAX_WAIT_MS 1000

static const char usage_text[] = N_(
	/* TRANSLATORS: the indents line up each "[" under the first line's. */
	"usage: kenshu serve [-C DIR] [--listen HOST:PORT]\n"
	"       kenshu serve --records FILE.sqlite [-C DIR] [-o OUTDIR] [--listen HOST:PORT]\n"
	"                    [--admin-password-file FILE] [--staff staff.csv] [--lang ja|en]\n");

/* An address whose admin logins failed. */
struct failure {
	char addr[64];
	int count;
	double until; /* no try before this, in monotonic seconds */
	double last;
};

struct server {
	const char *site; /* the folder served */
	const char *inject; /* put after <head> in each page answered (records mode) */
	struct preview *preview; /* preview mode */
	/* records mode */
	const struct store_ops *ops;
	struct store *store;
	const char *records; /* the database's path */
	int admin; /* an admin password was given */
	struct passwd_hash hash;
	const char *staff, *lang;
	const char *tmpdir; /* where each workbook is made, in a folder of its own, then removed */
	sem_t hashing;
	pthread_mutex_t lock;
	struct failure failures[FAILURE_SLOTS];
};

/* One request's state, from its first call to its end. */
struct request {
	struct buf body;
	int too_large;
	int answered; /* a response was queued before the body came */
	struct timespec start;
};

/* A usage error (fmt translated), then the usage: exit status 2. */
#define usage(...) diag_usage(usage_text, __VA_ARGS__)

/* Paths and files. */

char *
serve_path(const char *url)
{
	const char *p = url, *seg;
	struct buf b = BUF_INIT;
	if (url[0] != '/')
		return NULL;
	for (p = url + 1; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return NULL;
	for (seg = url + 1; *seg;) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		if (n == 0 || seg[0] == '.') {
			buf_free(&b);
			return NULL;
		}
		buf_put(&b, seg, n);
		if (!end)
			return buf_detach(&b);
		buf_putc(&b, '/');
		seg = end + 1;
	}
	buf_puts(&b, "index.html");
	return buf_detach(&b);
}

/*
 * Open the file rel (serve_path's) under the folder site, following no symbolic link: a
 * descriptor of a regular file with *st, or -1 with errno (EISDIR for a folder).
 */
static int
open_beneath(const char *site, const char *rel, struct stat *st)
{
	char *path = xstrdup(rel), *seg = path, *slash;
	int dir = open(site, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd = -1, e = 0;
	if (dir < 0) {
		free(path);
		return -1;
	}
	while ((slash = strchr(seg, '/'))) {
		int next;
		*slash = '\0';
		next = openat(dir, seg, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		e = errno;
		close(dir);
		if ((dir = next) < 0)
			goto out;
		seg = slash + 1;
	}
	fd = openat(dir, seg, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	e = errno;
	if (fd >= 0 && fstat(fd, st) < 0) {
		e = errno;
		close(fd);
		fd = -1;
	} else if (fd >= 0 && !S_ISREG(st->st_mode)) {
		e = S_ISDIR(st->st_mode) ? EISDIR : EACCES;
		close(fd);
		fd = -1;
	}
	close(dir);
out:
	free(path);
	errno = e;
	return fd;
}

/* The content type of a file by its name's extension. */
static const char *
content_type(const char *name)
{
	static const char *const types[][2] = {
		{"html", "text/html; charset=utf-8"}, {"css", "text/css; charset=utf-8"},
		{"js", "text/javascript; charset=utf-8"}, {"json", "application/json"},
		{"txt", "text/plain; charset=utf-8"}, {"csv", "text/csv; charset=utf-8"},
		{"xml", "application/xml"}, {"svg", "image/svg+xml"}, {"png", "image/png"},
		{"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"gif", "image/gif"},
		{"webp", "image/webp"}, {"avif", "image/avif"}, {"ico", "image/vnd.microsoft.icon"},
		{"woff", "font/woff"}, {"woff2", "font/woff2"}, {"ttf", "font/ttf"}, {"otf", "font/otf"},
		{"pdf", "application/pdf"}, {"zip", "application/zip"}, {"mp4", "video/mp4"},
		{"m4v", "video/mp4"}, {"webm", "video/webm"}, {"ogv", "video/ogg"},
		{"mp3", "audio/mpeg"}, {"m4a", "audio/mp4"}, {"oga", "audio/ogg"},
		{"ogg", "audio/ogg"}, {"wav", "audio/wav"}, {"vtt", "text/vtt; charset=utf-8"},
		{"doc", "application/msword"}, {"xls", "application/vnd.ms-excel"},
		{"ppt", "application/vnd.ms-powerpoint"},
		{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	};
	const char *slash = strrchr(name, '/'), *dot = strrchr(slash ? slash : name, '.');
	size_t i;
	for (i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (!strcasecmp(dot + 1, types[i][0]))
			return types[i][1];
	return "application/octet-stream";
}

/* Responses. */

/* A response of the bytes of b, taken (buf_detach empties b: its length is read first). */
static struct MHD_Response *
response_of(struct buf *b)
{
	size_t len = b->len;
	return MHD_create_response_from_buffer(len, buf_detach(b), MHD_RESPMEM_MUST_FREE);
}

/* Queue a response of status with body (taken), of type, and no-cache or no-store. */
static enum MHD_Result
respond(struct MHD_Connection *c, unsigned status, const char *type, struct buf *body,
	int store)
{
	struct MHD_Response *r = response_of(body);
	enum MHD_Result rc;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, store ? "no-store" : "no-cache");
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* A short text answer (an error page, in English as HTTP's reason phrases are). */
static enum MHD_Result
respond_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%u %s\n", status, text);
	return respond(c, status, "text/plain; charset=utf-8", &b, 0);
}

/* {"error": msg} with status. */
static enum MHD_Result
respond_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "{\"error\": ");
	json_put_string(&b, msg, strlen(msg));
	buf_puts(&b, "}\n");
	return respond(c, status, "application/json", &b, 1);
}

static enum MHD_Result
respond_redirect(struct MHD_Connection *c, const char *url)
{
	struct buf b = BUF_INIT;
	struct MHD_Response *r;
	enum MHD_Result rc;
	buf_printf(&b, "%s/", url);
	r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, buf_cstr(&b));
	rc = MHD_queue_response(c, MHD_HTTP_MOVED_PERMANENTLY, r);
	MHD_destroy_response(r);
	buf_free(&b);
	return rc;
}

/* 405 with the methods allowed; for the records API a JSON error, as its other answers. */
static enum MHD_Result
respond_not_allowed(struct MHD_Connection *c, const char *allow, int api)
{
	struct buf b = BUF_INIT;
	struct MHD_Response *r;
	enum MHD_Result rc;
	buf_puts(&b, api ? "{\"error\": \"405 Method Not Allowed: use POST\"}\n" :
		"405 Method Not Allowed\n");
	r = response_of(&b);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, api ? "application/json" :
		"text/plain; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	rc = MHD_queue_response(c, MHD_HTTP_METHOD_NOT_ALLOWED, r);
	MHD_destroy_response(r);
	return rc;
}

/* The site's files. */

/* A page read whole, with sv->inject put right after its <head>. */
static enum MHD_Result
send_page(struct server *sv, struct MHD_Connection *c, int fd, const struct stat *st)
{
	struct buf b = BUF_INIT;
	char *data = NULL, *head;
	size_t len = 0;
	ssize_t n;
	if ((unsigned long long)st->st_size > MAX_PAGE) {
		close(fd);
		return respond_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	}
	data = xmalloc((size_t)st->st_size + 1);
	while (len < (size_t)st->st_size && (n = read(fd, data + len, (size_t)st->st_size - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	data[len] = '\0';
	head = memmem(data, len < 4096 ? len : 4096, "<head>", 6);
	if (head) {
		char *inject = sv->preview ? preview_inject(sv->preview) : xstrdup(sv->inject);
		head += 6;
		buf_put(&b, data, (size_t)(head - data));
		buf_puts(&b, inject);
		buf_put(&b, head, len - (size_t)(head - data));
		free(inject);
	} else {
		buf_put(&b, data, len);
	}
	free(data);
	return respond(c, MHD_HTTP_OK, "text/html; charset=utf-8", &b, 0);
}

/*
 * Before the first build that succeeds there is no site: any page is an empty one with the
 * preview's script, which shows the problems and loads the page once it builds.
 */
static enum MHD_Result
no_site_yet(struct server *sv, struct MHD_Connection *c)
{
	struct buf b = BUF_INIT;
	char *inject = preview_inject(sv->preview);
	buf_printf(&b, "<!DOCTYPE html>\n<html>\n<head>%s\n<meta charset=\"utf-8\">\n"
		"<title>kenshu serve</title>\n</head>\n<body>\n</body>\n</html>\n", inject);
	free(inject);
	return respond(c, MHD_HTTP_SERVICE_UNAVAILABLE, "text/html; charset=utf-8", &b, 0);
}

/* The preview's events, one stream per page, on the connection's own thread. */
static ssize_t
read_events(void *cls, uint64_t pos, char *buf, size_t max)
{
	ssize_t n = preview_stream_read(cls, buf, max);
	(void)pos;
	return n < 0 ? MHD_CONTENT_READER_END_OF_STREAM : n;
}

static void
free_events(void *cls)
{
	preview_stream_free(cls);
}

/* /__kenshu/preview.js and /__kenshu/events. */
static enum MHD_Result
send_preview(struct server *sv, struct MHD_Connection *c, const char *url)
{
	struct MHD_Response *r;
	enum MHD_Result rc;
	if (!strcmp(url, "/__kenshu/preview.js")) {
		struct buf b = BUF_INIT;
		buf_puts(&b, preview_script);
		return respond(c, MHD_HTTP_OK, "text/javascript; charset=utf-8", &b, 0);
	}
	if (strcmp(url, "/__kenshu/events") != 0)
		return respond_text(c, MHD_HTTP_NOT_FOUND, "Not Found");
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, read_events,
		preview_stream_new(sv->preview), free_events);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
send_file(struct server *sv, struct MHD_Connection *c, const char *url)
{
	char *rel = serve_path(url);
	struct MHD_Response *r;
	struct stat st;
	enum MHD_Result rc;
	const char *type;
	int fd;
	if (!rel)
		return respond_text(c, MHD_HTTP_NOT_FOUND, "Not Found");
	if ((fd = open_beneath(sv->site, rel, &st)) < 0) {
		if (errno == EISDIR)
			rc = respond_redirect(c, url);
		else if (sv->preview && !preview_has_site(sv->preview))
			rc = no_site_yet(sv, c);
		else
			rc = respond_text(c, MHD_HTTP_NOT_FOUND, "Not Found");
		free(rel);
		return rc;
	}
	type = content_type(rel);
	free(rel);
	if ((sv->inject || sv->preview) && !strncmp(type, "text/html", 9))
		return send_page(sv, c, fd, &st);
	if (!(r = MHD_create_response_from_fd((size_t)st.st_size, fd))) {
		close(fd);
		return respond_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

/* Records. */

/*
 * Whether the request comes from a page of this server: no Origin (not a browser's
 * cross-site request), or one whose host and port are the Host the request was sent to.
 */
static int
same_origin(struct MHD_Connection *c)
{
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	if (!origin)
		return 1;
	if (!strncasecmp(origin, "http://", 7))
		origin += 7;
	else if (!strncasecmp(origin, "https://", 8))
		origin += 8;
	else
		return 0;
	return host && !strcasecmp(origin, host);
}

/* Whether the request says its body is JSON. */
static int
json_body(struct MHD_Connection *c)
{
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = strlen("application/json");
	return type && !strncasecmp(type, "application/json", n) &&
		(type[n] == '\0' || type[n] == ';' || type[n] == ' ');
}

/* The checks made before the body is read: a response queued, or MHD_YES to go on. */
static enum MHD_Result
records_start(struct MHD_Connection *c, int *answered)
{
	const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		MHD_HTTP_HEADER_CONTENT_LENGTH);
	*answered = 1;
	if (!same_origin(c))
		return respond_error(c, MHD_HTTP_FORBIDDEN, _("records are taken only from the "
			"pages of this server"));
	if (!json_body(c))
		return respond_error(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, _("a record is sent as "
			"application/json"));
	if (len && (strlen(len) > 9 || atol(len) > SUBMIT_MAX_BODY))
		return respond_error(c, MHD_HTTP_CONTENT_TOO_LARGE, _("the record is too large"));
	*answered = 0;
	return MHD_YES;
}

static enum MHD_Result
records_post(struct server *sv, struct MHD_Connection *c, struct request *rq)
{
	struct buf msg = BUF_INIT;
	char *uid = NULL;
	enum MHD_Result rc;
	int put;
	if (rq->too_large)
		return respond_error(c, MHD_HTTP_CONTENT_TOO_LARGE, _("the record is too large"));
	if (submit_check(rq->body.data, rq->body.len, &uid, &msg) < 0) {
		rc = respond_error(c, MHD_HTTP_BAD_REQUEST, buf_cstr(&msg));
	} else if ((put = sv->ops->put(sv->store, uid, rq->body.data, rq->body.len)) < 0) {
		rc = respond_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, _("the record could not be "
			"stored; send it again later"));
	} else {
		buf_puts(&msg, "{\"stored\": ");
		buf_puts(&msg, put ? "true" : "false");
		buf_puts(&msg, ", \"uid\": ");
		json_put_string(&msg, uid, strlen(uid));
		buf_puts(&msg, "}\n");
		rc = respond(c, put ? MHD_HTTP_CREATED : MHD_HTTP_OK, "application/json", &msg, 1);
	}
	free(uid);
	buf_free(&msg);
	return rc;
}

/* The admin view. */

/* The client's address as text. */
static void
client_address(struct MHD_Connection *c, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
		MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	socklen_t len = sa && sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
		sizeof(struct sockaddr_in);
	if (!sa || getnameinfo(sa, len, out, (socklen_t)size, NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(out, size, "?");
}

/* Seconds on the monotonic clock: waits measured in whole seconds of time() could end at once. */
static double
monotonic_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* The slot of addr in sv->failures (the oldest one's, taken over, when it has none). */
static struct failure *
failure_slot(struct server *sv, const char *addr)
{
	struct failure *oldest = &sv->failures[0];
	size_t i;
	for (i = 0; i < FAILURE_SLOTS; i++) {
		if (!strcmp(sv->failures[i].addr, addr))
			return &sv->failures[i];
		if (sv->failures[i].last < oldest->last)
			oldest = &sv->failures[i];
	}
	memset(oldest, 0, sizeof *oldest);
	snprintf(oldest->addr, sizeof oldest->addr, "%s", addr);
	return oldest;
}

/*
 * Seconds addr must still wait before its next try (0: none). A try (try 1) that may go on
 * is counted as failed at once, in the same lock, so that tries sent all at once are slowed
 * as tries sent one after another: each waits for the ones counted before it, whose password
 * is still being checked. failure_note forgets them when the password was right.
 */
static long
failure_wait(struct server *sv, const char *addr, int try)
{
	double now = monotonic_seconds(), wait;
	struct failure *f;
	pthread_mutex_lock(&sv->lock);
	f = failure_slot(sv, addr);
	wait = f->until - now;
	if (wait <= 0 && try) {
		f->last = now;
		if (++f->count > FREE_FAILURES) {
			int shift = f->count - FREE_FAILURES;
			long w = shift > 8 ? MAX_WAIT : 1L << (shift - 1);
			f->until = now + (w > MAX_WAIT ? MAX_WAIT : w);
		}
	}
	pthread_mutex_unlock(&sv->lock);
	return wait > 0 ? (long)ceil(wait) : 0;
}

/* A try of addr counted by failure_wait was right (ok 1): forget its failures. */
static void
failure_note(struct server *sv, const char *addr, int ok)
{
	struct failure *f;
	if (!ok)
		return; /* counted already */
	pthread_mutex_lock(&sv->lock);
	f = failure_slot(sv, addr);
	f->last = monotonic_seconds();
	f->count = 0;
	f->until = 0;
	pthread_mutex_unlock(&sv->lock);
}

static enum MHD_Result
respond_unauthorized(struct MHD_Connection *c)
{
	struct buf b = BUF_INIT;
	struct MHD_Response *r;
	enum MHD_Result rc;
	buf_puts(&b, "401 Unauthorized\n");
	r = response_of(&b);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		"Basic realm=\"kenshu admin\", charset=\"UTF-8\"");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	rc = MHD_queue_response(c, MHD_HTTP_UNAUTHORIZED, r);
	MHD_destroy_response(r);
	return rc;
}

/* 1 when the request carries the admin password; 0 after answering it. */
static int
admin_allowed(struct server *sv, struct MHD_Connection *c, enum MHD_Result *rc)
{
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		MHD_HTTP_HEADER_AUTHORIZATION);
	char addr[64], pw[PASSWD_MAX], retry[32];
	long n, wait;
	int ok;
	client_address(c, addr, sizeof addr);
	if ((wait = failure_wait(sv, addr, auth != NULL)) > 0) {
		struct buf b = BUF_INIT;
		struct MHD_Response *r;
		buf_puts(&b, "429 Too Many Requests\n");
		r = response_of(&b);
		snprintf(retry, sizeof retry, "%ld", wait);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, retry);
		*rc = MHD_queue_response(c, MHD_HTTP_TOO_MANY_REQUESTS, r);
		MHD_destroy_response(r);
		return 0;
	}
	if (!auth) {
		*rc = respond_unauthorized(c);
		return 0;
	}
	n = passwd_basic(auth, pw, sizeof pw);
	sem_wait(&sv->hashing);
	ok = n >= 0 && passwd_check(&sv->hash, pw, (size_t)n);
	sem_post(&sv->hashing);
	memset(pw, 0, sizeof pw);
	failure_note(sv, addr, ok);
	if (!ok)
		*rc = respond_unauthorized(c);
	return ok;
}

/* The records kept, as a JSON export of one record a line. */
struct export {
	struct buf json;
	size_t n;
};

static void
export_record(void *arg, const char *uid, const char *json, size_t len)
{
	struct export *e = arg;
	(void)uid;
	if (e->n++)
		buf_puts(&e->json, ",\n");
	buf_put(&e->json, json, len);
}

static enum MHD_Result
admin(struct server *sv, struct MHD_Connection *c, const char *url)
{
	static const struct {
		const char *url, *type, *disposition;
		enum roster_view view;
	} views[] = {
		{"/admin/", "text/html; charset=utf-8", NULL, ROSTER_HTML},
		{"/admin/roster.csv", "text/csv; charset=utf-8", "attachment; filename=\"roster.csv\"",
			ROSTER_CSV},
		{"/admin/roster.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"attachment; filename=\"roster.xlsx\"", ROSTER_XLSX},
	};
	struct export e = {BUF_INIT, 0};
	struct buf out = BUF_INIT;
	struct diag_log quiet = {0};
	struct MHD_Response *r;
	enum MHD_Result rc;
	size_t i;
	int listed, viewed;
	if (!sv->admin)
		return respond_text(c, MHD_HTTP_NOT_FOUND, "Not Found");
	if (!admin_allowed(sv, c, &rc))
		return rc;
	if (!strcmp(url, "/admin"))
		return respond_redirect(c, url);
	for (i = 0; i < sizeof views / sizeof views[0] && strcmp(url, views[i].url) != 0; i++)
		;
	if (i == sizeof views / sizeof views[0])
		return respond_text(c, MHD_HTTP_NOT_FOUND, "Not Found");
	buf_puts(&e.json, "{\"records\": [\n");
	listed = sv->ops->list(sv->store, export_record, &e);
	buf_puts(&e.json, "\n]}\n");
	/*
	 * The merge's own reports (a record's title that differs, a duplicate) quote records,
	 * which never reach the server's output: this thread's reports are kept aside and
	 * dropped, and a failure is said without them.
	 */
	diag_capture(&quiet);
	viewed = listed >= 0 && roster_view(sv->records, e.json.data, e.json.len, sv->staff, sv->lang,
		views[i].view, sv->tmpdir, &out) == 0;
	diag_capture(NULL);
	diag_log_free(&quiet);
	buf_free(&e.json);
	if (!viewed) {
		diag_system(sv->records, "the admin view could not be made from the stored records");
		buf_free(&out);
		return respond_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error");
	}
	r = response_of(&out);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, views[i].type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (views[i].disposition)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, views[i].disposition);
	rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

/* Requests. */

static double
seconds_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (now.tv_nsec - t->tv_nsec) / 1e9;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
	const char *version, const char *upload, size_t *upload_size, void **state)
{
	struct server *sv = cls;
	struct request *rq = *state;
	int get = !strcmp(method, MHD_HTTP_METHOD_GET) || !strcmp(method, MHD_HTTP_METHOD_HEAD);
	int post = !strcmp(method, MHD_HTTP_METHOD_POST);
	int api = !strcmp(url, "/api/records");
	(void)version;
	if (!rq) {
		int answered = 0;
		enum MHD_Result rc = MHD_YES;
		rq = xcalloc(1, sizeof *rq);
		rq->body = (struct buf)BUF_INIT;
		clock_gettime(CLOCK_MONOTONIC, &rq->start);
		*state = rq;
		if (api && sv->store && post)
			rc = records_start(c, &answered);
		rq->answered = answered;
		return rc;
	}
	if (rq->answered) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		if (seconds_since(&rq->start) > BODY_SECONDS)
			return MHD_NO; /* a body sent too slowly: the connection is closed */
		if (!api || !post || rq->too_large || rq->body.len + *upload_size > SUBMIT_MAX_BODY)
			rq->too_large = 1;
		else
			buf_put(&rq->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (api && sv->store)
		return post ? records_post(sv, c, rq) : respond_not_allowed(c, "POST", 1);
	if (!get)
		return respond_not_allowed(c, "GET, HEAD", 0);
	if (!strcmp(url, "/admin") || str_starts(url, "/admin/"))
		return admin(sv, c, url);
	if (sv->preview && str_starts(url, "/__kenshu/"))
		return send_preview(sv, c, url);
	return send_file(sv, c, url);
}

static void
completed(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *state;
	(void)cls;
	(void)c;
	(void)toe;
	if (rq) {
		buf_free(&rq->body);
		free(rq);
		*state = NULL;
	}
}

/*
 * Decode the %HH escapes of a request's path in place, as libmicrohttpd would, but for %00,
 * which is left as it is: a NUL would end the path early ("/index.html%00.png").
 */
static size_t
unescape(void *cls, struct MHD_Connection *c, char *s)
{
	static const char hex[] = "0123456789abcdef";
	char *in = s, *out = s;
	(void)cls;
	(void)c;
	while (*in) {
		const char *h = in[0] == '%' && in[1] ? strchr(hex, tolower((unsigned char)in[1])) :
			NULL;
		const char *l = h && in[2] ? strchr(hex, tolower((unsigned char)in[2])) : NULL;
		if (h && l && (h != hex || l != hex)) {
			*out++ = (char)((h - hex) << 4 | (l - hex));
			in += 3;
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
	return (size_t)(out - s);
}

/* Listening. */

/*
 * A listening socket for "HOST:PORT" ("[v6]:PORT" too), its URL in url: the descriptor, or
 * -1 after reporting (2 in *status for a malformed address, 3 for a system error).
 */
static int
listen_on(const char *spec, struct buf *url, int *status)
{
	struct addrinfo hints, *ai = NULL;
	struct sockaddr_storage sa;
	socklen_t salen = sizeof sa;
	char host[256], port[16], shown[NI_MAXHOST], sport[NI_MAXSERV];
	const char *colon = strrchr(spec, ':');
	size_t hl;
	int fd = -1, one = 1, rc;
	*status = 2;
	if (!colon || colon == spec || !colon[1] || strlen(colon + 1) > 5 ||
		!str_is_digits(colon + 1, strlen(colon + 1)) || atoi(colon + 1) > 65535) {
		usage("--listen takes HOST:PORT (127.0.0.1:8000, [::1]:8000), not '%s'", spec);
		return -1;
	}
	hl = (size_t)(colon - spec);
	if (spec[0] == '[' && hl > 2 && spec[hl - 1] == ']') {
		spec++;
		hl -= 2;
	}
	if (hl >= sizeof host) {
		usage("--listen takes HOST:PORT (127.0.0.1:8000, [::1]:8000), not '%s'", spec);
		return -1;
	}
	memcpy(host, spec, hl);
	host[hl] = '\0';
	snprintf(port, sizeof port, "%s", colon + 1);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	*status = 3;
	if ((rc = getaddrinfo(host, port, &hints, &ai)) != 0) {
		diag_system(NULL, "cannot listen on %s: %s", spec, gai_strerror(rc));
		return -1;
	}
	if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol)) < 0 ||
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
		bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 128) < 0 ||
		getsockname(fd, (struct sockaddr *)&sa, &salen) < 0 ||
		getnameinfo((struct sockaddr *)&sa, salen, shown, sizeof shown, sport, sizeof sport,
			NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		diag_system(NULL, "cannot listen on %s: %s", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	} else {
		buf_printf(url, sa.ss_family == AF_INET6 ? "http://[%s]:%s/" : "http://%s:%s/", shown,
			sport);
	}
	freeaddrinfo(ai);
	return fd;
}

static struct MHD_Daemon *
start(struct server *sv, int fd)
{
	return MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD,
		0, NULL, NULL, handle, sv,
		MHD_OPTION_LISTEN_SOCKET, fd,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HEADER_MEMORY,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_SECONDS,
		MHD_OPTION_NOTIFY_COMPLETED, completed, sv,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_END);
}

/* Wait for Ctrl-C (SIGINT), SIGTERM or SIGHUP, blocked in every thread since sigs was set. */
static void
wait_signal(const sigset_t *sigs)
{
	int sig;
	while (sigwait(sigs, &sig) != 0)
		;
}

/* Records mode. */

struct options {
	const char *dir, *outdir, *listen, *records, *password, *staff, *lang;
};

static int
records_mode(const struct options *o)
{
	struct server sv;
	struct MHD_Daemon *d = NULL;
	struct buf url = BUF_INIT;
	char *site = fs_join(o->dir, o->outdir), *index = fs_join(site, "index.html");
	sigset_t sigs;
	int fd = -1, rc = 3;

	memset(&sv, 0, sizeof sv);
	sv.site = site;
	sv.inject = SUBMIT_META;
	sv.ops = &store_sqlite;
	sv.records = o->records;
	sv.staff = o->staff;
	sv.lang = o->lang;
	pthread_mutex_init(&sv.lock, NULL);
	sem_init(&sv.hashing, 0, HASHING);
	if (!fs_exists(index)) {
		diag_error(site, 0, 0, "no site here: build it first (kenshu build), or give its "
			"folder with -C and -o");
		rc = 1;
		goto out;
	}
	if (o->password) {
		if (passwd_load(o->password, &sv.hash) < 0) {
			rc = diag_system_errors() ? 3 : 1;
			goto out;
		}
		sv.admin = 1;
	}
	if (o->staff && access(o->staff, R_OK) < 0) {
		diag_system(o->staff, "cannot read: %s", strerror(errno));
		goto out;
	}
	/* nothing is made there at start, so a server killed leaves nothing behind */
	sv.tmpdir = getenv("TMPDIR") && getenv("TMPDIR")[0] ? getenv("TMPDIR") : "/tmp";
	if (!(sv.store = sv.ops->open(o->records)))
		goto out;
	if ((fd = listen_on(o->listen, &url, &rc)) < 0)
		goto out;
	/* the server's threads inherit the mask: only sigwait below takes these */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (!(d = start(&sv, fd))) {
		diag_system(NULL, "cannot start the server on %s", o->listen);
		rc = 3;
		goto out;
	}
	fd = -1; /* the daemon's */
	fprintf(stderr, _("kenshu: serving %s at %s, records kept in %s\n"), site, buf_cstr(&url),
		o->records);
	if (sv.admin)
		fprintf(stderr, _("kenshu: the records' report at %sadmin/\n"), buf_cstr(&url));
	fprintf(stderr, _("kenshu: press Ctrl-C to stop\n"));
	wait_signal(&sigs);
	MHD_stop_daemon(d);
	fprintf(stderr, _("kenshu: stopped\n"));
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	sv.ops->close(sv.store);
	sem_destroy(&sv.hashing);
	pthread_mutex_destroy(&sv.lock);
	memset(&sv.hash, 0, sizeof sv.hash);
	buf_free(&url);
	free(index);
	free(site);
	return rc;
}

/* Preview mode. */

static long long
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * Build, serve, and build again after each change until a signal comes: 0, or 3 after
 * reporting a failure to watch or to build at all.
 */
static int
preview_loop(struct server *sv, struct watch *w, int sigfd)
{
	long long first = 0, last = 0;
	int pending = 0;
	for (;;) {
		struct pollfd fds[2] = {{sigfd, POLLIN, 0}, {watch_fd(w), POLLIN, 0}};
		long long now = now_ms(), due = last + QUIET_MS;
		int timeout = -1, r;
		if (pending) {
			if (due > first + MAX_WAIT_MS)
				due = first + MAX_WAIT_MS;
			timeout = due > now ? (int)(due - now) : 0;
		}
		if (poll(fds, 2, timeout) < 0 && errno != EINTR) {
			diag_system(NULL, "cannot watch for changes: %s", strerror(errno));
			return 3;
		}
		if (fds[0].revents)
			return 0;
		if (fds[1].revents) {
			if ((r = watch_read(w)) < 0)
				return 3;
			if (r && !pending) {
				pending = 1;
				first = now_ms();
			}
			if (r)
				last = now_ms();
			continue;
		}
		if (pending && now_ms() >= due) {
			pending = 0;
			if (watch_rescan(w) < 0 || preview_build(sv->preview) < 0)
				return 3;
		}
	}
}

static int
preview_mode(const struct options *o)
{
	struct server sv;
	struct watch *w = NULL;
	struct MHD_Daemon *d = NULL;
	struct buf url = BUF_INIT;
	char *tmp = NULL, *site = NULL, *yaml = fs_join(o->dir, "site.yaml");
	const char *tmpdir = getenv("TMPDIR") && getenv("TMPDIR")[0] == '/' ? getenv("TMPDIR") : "/tmp";
	sigset_t sigs;
	int fd = -1, sigfd = -1, rc = 3;

	memset(&sv, 0, sizeof sv);
	pthread_mutex_init(&sv.lock, NULL);
	sem_init(&sv.hashing, 0, HASHING);
	if (!fs_exists(yaml)) {
		diag_error(o->dir, 0, 0, "no site.yaml here: not a course folder (kenshu new DIR "
			"writes one)");
		rc = 1;
		goto out;
	}
	tmp = xasprintf("%s/kenshu-preview-XXXXXX", tmpdir);
	if (!mkdtemp(tmp)) {
		diag_system(tmp, "cannot write: %s", strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	site = fs_join(tmp, "site");
	/* the server's threads and the watch loop block these: signalfd takes them */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((sigfd = signalfd(-1, &sigs, SFD_CLOEXEC)) < 0) {
		diag_system(NULL, "cannot wait for Ctrl-C: %s", strerror(errno));
		goto out;
	}
	if ((fd = listen_on(o->listen, &url, &rc)) < 0 || !(w = watch_open(o->dir, build_sources)))
		goto out;
	sv.site = site;
	sv.preview = preview_new(o->dir, site);
	if (preview_build(sv.preview) < 0)
		goto out;
	if (!(d = start(&sv, fd))) {
		diag_system(NULL, "cannot start the server on %s", o->listen);
		goto out;
	}
	fd = -1; /* the daemon's */
	fprintf(stderr, _("kenshu: previewing %s at %s; it is built again after each change\n"),
		o->dir, buf_cstr(&url));
	fprintf(stderr, _("kenshu: press Ctrl-C to stop\n"));
	rc = preview_loop(&sv, w, sigfd);
	preview_stop(sv.preview);
	MHD_stop_daemon(d);
	if (rc == 0)
		fprintf(stderr, _("kenshu: stopped\n"));
out:
	if (fd >= 0)
		close(fd);
	if (sigfd >= 0)
		close(sigfd);
	watch_close(w);
	preview_free(sv.preview);
	if (tmp)
		fs_remove_tree(tmp);
	sem_destroy(&sv.hashing);
	pthread_mutex_destroy(&sv.lock);
	buf_free(&url);
	free(tmp);
	free(site);
	free(yaml);
	return rc;
}

int
serve_command(int argc, char **argv)
{
	struct options o = {".", NULL, "127.0.0.1:8000", NULL, NULL, NULL, NULL};
	int i;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = !strcmp(a, "-C") ? &o.dir : !strcmp(a, "-o") ? &o.outdir :
			!strcmp(a, "--listen") ? &o.listen : !strcmp(a, "--records") ? &o.records :
			!strcmp(a, "--admin-password-file") ? &o.password :
			!strcmp(a, "--staff") ? &o.staff : !strcmp(a, "--lang") ? &o.lang : NULL;
		if (!slot && a[0] == '-')
			return usage("unknown option '%s'", a);
		if (!slot)
			return usage("'serve' takes options only, not '%s' (the course folder is given with -C DIR)", a);
		if (i + 1 >= argc || !argv[i + 1][0])
			return usage("option '%s' needs a value", a);
		*slot = argv[++i];
	}
	if (o.lang && strcmp(o.lang, "ja") != 0 && strcmp(o.lang, "en") != 0)
		return usage("--lang must be ja or en, not '%s'", o.lang);
	if (!o.records) {
		const char *given = o.password ? "--admin-password-file" : o.staff ? "--staff" :
			o.lang ? "--lang" : o.outdir ? "-o" : NULL;
		if (given)
			return usage("%s is for the records server: give --records FILE.sqlite too", given);
		return preview_mode(&o);
	}
	if (!o.outdir)
		o.outdir = "public";
	if ((o.staff || o.lang) && !o.password)
		return usage("%s is for the admin view: give --admin-password-file FILE too",
			o.staff ? "--staff" : "--lang");
	return records_mode(&o);
}
