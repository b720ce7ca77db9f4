#define _GNU_SOURCE /* getrandom */
#include "passwd.h"

#include <argon2.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "diag.h"
#include "i18n.h"
#include "util.h"

/* The costs of a new hash: OWASP's choice for Argon2id, 19 MiB and two passes. */
#define M_COST 19456
#define T_COST 2
#define LANES 1
#define SALT_LEN 16
#define HASH_LEN 32
/* What a file may ask passwd_check to spend: 1 GiB, 16 passes, 8 lanes. */
#define MAX_M_COST (1024u * 1024)
#define MAX_T_COST 16
#define MAX_LANES 8
/* Bytes in a password file: a PHC string is about 100. */
#define MAX_FILE 1024

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static const char usage_text[] = N_("usage: kenshu passwd FILE\n");

/* A usage error (fmt translated), then the usage: exit status 2. */
#define usage(...) diag_usage(usage_text, __VA_ARGS__)

/* n bytes as base64 without padding. */
static void
b64_put(struct buf *b, const unsigned char *p, size_t n)
{
	size_t i;
	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		buf_putc(b, b64[v >> 18]);
		buf_putc(b, b64[v >> 12 & 63]);
		buf_putc(b, b64[v >> 6 & 63]);
		buf_putc(b, b64[v & 63]);
	}
	if (n - i == 1) {
		buf_putc(b, b64[p[i] >> 2]);
		buf_putc(b, b64[(p[i] & 3) << 4]);
	} else if (n - i == 2) {
		unsigned v = (unsigned)p[i] << 8 | p[i + 1];
		buf_putc(b, b64[v >> 10]);
		buf_putc(b, b64[v >> 4 & 63]);
		buf_putc(b, b64[(v & 15) << 2]);
	}
}

/*
 * The n characters at s, base64 without padding, into out (at most max bytes): the number of
 * bytes, or -1 when s is not canonical base64 or too long.
 */
static long
b64_get(const char *s, size_t n, unsigned char *out, size_t max)
{
	unsigned v = 0;
	size_t i, bits = 0, len = 0;
	if (n % 4 == 1)
		return -1;
	for (i = 0; i < n; i++) {
		const char *c = memchr(b64, s[i], 64);
		if (!c || !s[i])
			return -1;
		v = (v << 6 | (unsigned)(c - b64)) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (len >= max)
				return -1;
			out[len++] = (unsigned char)(v >> bits);
		}
	}
	/* the bits left over must be zero, so that one hash has one spelling */
	if (v & ((1u << bits) - 1))
		return -1;
	return (long)len;
}

/* A decimal number from 1 to max at *s, which moves past it; 0 when there is none. */
static uint32_t
number(const char **s, uint32_t max)
{
	unsigned long v = 0;
	const char *p = *s;
	if (*p < '1' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > max)
			return 0;
	}
	*s = p;
	return (uint32_t)v;
}

int
passwd_parse(const char *text, size_t len, struct passwd_hash *h)
{
	char line[MAX_FILE + 1];
	const char *p = line, *dollar;
	long n;
	if (len > MAX_FILE || memchr(text, '\0', len))
		return -1;
	memcpy(line, text, len);
	line[len] = '\0';
	if (len && line[len - 1] == '\n')
		line[--len] = '\0';
	memset(h, 0, sizeof *h);
	if (strncmp(p, "$argon2id$v=19$m=", 17) != 0)
		return -1;
	p += 17;
	if (!(h->m_cost = number(&p, MAX_M_COST)) || strncmp(p, ",t=", 3) != 0)
		return -1;
	p += 3;
	if (!(h->t_cost = number(&p, MAX_T_COST)) || strncmp(p, ",p=", 3) != 0)
		return -1;
	p += 3;
	if (!(h->lanes = number(&p, MAX_LANES)) || *p++ != '$' || h->m_cost < 8 * h->lanes)
		return -1;
	if (!(dollar = strchr(p, '$')))
		return -1;
	if ((n = b64_get(p, (size_t)(dollar - p), h->salt, sizeof h->salt)) < ARGON2_MIN_SALT_LENGTH)
		return -1;
	h->nsalt = (size_t)n;
	p = dollar + 1;
	if ((n = b64_get(p, strlen(p), h->hash, sizeof h->hash)) < 16)
		return -1;
	h->nhash = (size_t)n;
	return 0;
}

void
passwd_format(const struct passwd_hash *h, char *out, size_t size)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "$argon2id$v=19$m=%u,t=%u,p=%u$", (unsigned)h->m_cost, (unsigned)h->t_cost,
		(unsigned)h->lanes);
	b64_put(&b, h->salt, h->nsalt);
	buf_putc(&b, '$');
	b64_put(&b, h->hash, h->nhash);
	buf_putc(&b, '\n');
	snprintf(out, size, "%s", buf_cstr(&b));
	buf_free(&b);
}

int
passwd_hash(const char *password, size_t n, struct passwd_hash *h)
{
	size_t got = 0;
	int rc;
	memset(h, 0, sizeof *h);
	h->m_cost = M_COST;
	h->t_cost = T_COST;
	h->lanes = LANES;
	h->nsalt = SALT_LEN;
	h->nhash = HASH_LEN;
	while (got < SALT_LEN) {
		ssize_t r = getrandom(h->salt + got, SALT_LEN - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_system(NULL, "cannot make a random salt: %s", strerror(errno));
			return -1;
		}
		got += (size_t)r;
	}
	rc = argon2id_hash_raw(h->t_cost, h->m_cost, h->lanes, password, n, h->salt, h->nsalt,
		h->hash, h->nhash);
	if (rc != ARGON2_OK) {
		diag_system(NULL, "cannot hash the password: %s", argon2_error_message(rc));
		return -1;
	}
	return 0;
}

int
passwd_check(const struct passwd_hash *h, const char *password, size_t n)
{
	unsigned char got[PASSWD_MAX_HASH];
	volatile unsigned char diff = 0;
	size_t i;
	if (argon2id_hash_raw(h->t_cost, h->m_cost, h->lanes, password, n, h->salt, h->nsalt, got,
			h->nhash) != ARGON2_OK)
		return 0;
	/* every byte compared, whichever differ */
	for (i = 0; i < h->nhash; i++)
		diff |= got[i] ^ h->hash[i];
	return diff == 0;
}

long
passwd_basic(const char *header, char *pw, size_t size)
{
	unsigned char raw[(PASSWD_MAX + 256) / 3 * 4];
	const char *colon;
	size_t n;
	long len;
	if (strncasecmp(header, "Basic ", 6) != 0)
		return -1;
	header += 6;
	while (*header == ' ')
		header++;
	n = strlen(header);
	if (n % 4 != 0)
		return -1;
	/* padding, as RFC 4648 writes it: at most two '=' at the end */
	if (n && header[n - 1] == '=')
		n--;
	if (n && header[n - 1] == '=')
		n--;
	if ((len = b64_get(header, n, raw, sizeof raw)) < 0 ||
		!(colon = memchr(raw, ':', (size_t)len)))
		return -1;
	n = (size_t)len - (size_t)((const unsigned char *)colon + 1 - raw);
	if (n > size)
		return -1;
	memcpy(pw, colon + 1, n);
	return (long)n;
}

int
passwd_load(const char *path, struct passwd_hash *h)
{
	char data[MAX_FILE + 1];
	struct stat st;
	ssize_t n;
	int fd, rc = -1;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		diag_system(path, "cannot read the password file: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		diag_system(path, "cannot read the password file: %s", strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		diag_error(path, 0, 0, "the password file is not a regular file");
	} else if (st.st_mode & 077) {
		diag_error(path, 0, 0, "others than its owner can read or change the password file: "
			"run chmod 600 on it");
	} else if ((n = read(fd, data, sizeof data)) < 0) {
		diag_system(path, "cannot read the password file: %s", strerror(errno));
	} else if (passwd_parse(data, (size_t)n, h) < 0) {
		diag_error(path, 0, 0, "not a password file of kenshu passwd (write it again with "
			"kenshu passwd)");
	} else {
		rc = 0;
	}
	close(fd);
	return rc;
}

/*
 * A password from standard input, up to its first line end (all of it when it has none):
 * on a terminal asked for without echo, twice. 0, 1 after refusing it, 3 after an I/O error.
 */
static int
read_password(char *pw, size_t size, size_t *n)
{
	char again[PASSWD_MAX + 2];
	struct termios old, quiet;
	int tty = isatty(0) && tcgetattr(0, &old) == 0, rc = 0;
	size_t len;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(0, TCSAFLUSH, &quiet);
		fputs(_("Password: "), stderr);
	}
	if (!fgets(pw, (int)size, stdin)) {
		if (ferror(stdin)) {
			diag_system(NULL, "cannot read the password: %s", strerror(errno));
			rc = 3;
		} else {
			pw[0] = '\0';
		}
	}
	if (rc == 0 && tty) {
		fputs(_("The same password again: "), stderr);
		if (!fgets(again, sizeof again, stdin) || strcmp(again, pw) != 0) {
			diag_error(NULL, 0, 0, "the two passwords differ: nothing written");
			rc = 1;
		}
	}
	if (tty)
		tcsetattr(0, TCSAFLUSH, &old);
	len = strlen(pw);
	if (rc == 0 && len == size - 1 && pw[len - 1] != '\n') {
		diag_error(NULL, 0, 0, "the password is longer than %d bytes", PASSWD_MAX);
		rc = 1;
	}
	if (len && pw[len - 1] == '\n')
		len--;
	if (len && pw[len - 1] == '\r')
		len--;
	if (rc == 0 && len == 0) {
		diag_error(NULL, 0, 0, "no password on standard input");
		rc = 1;
	}
	if (rc == 0 && len < 8) {
		diag_error(NULL, 0, 0, "the password is shorter than 8 bytes");
		rc = 1;
	}
	*n = len;
	memset(again, 0, sizeof again);
	return rc;
}

/* Write text to path through a new file renamed over it, the owner's alone; -1 after reporting. */
static int
write_file(const char *path, const char *text)
{
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	size_t len = strlen(text), off = 0;
	int fd, rc = -1;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		diag_system(path, "cannot write: %s", strerror(errno));
		goto out;
	}
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		off += (size_t)w;
	}
	if (off < len || fsync(fd) < 0 || close(fd) < 0 || rename(tmp, path) < 0) {
		diag_system(path, "cannot write: %s", strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

int
passwd_command(int argc, char **argv)
{
	char pw[PASSWD_MAX + 2], line[256];
	struct passwd_hash h;
	struct stat st;
	size_t n;
	int rc;
	if (argc < 1 || !argv[0][0])
		return usage("'passwd' needs a file: kenshu passwd FILE");
	if (argv[0][0] == '-' && argv[0][1])
		return usage("unknown option '%s'", argv[0]);
	if (argc > 1)
		return usage("'passwd' takes one file, not also '%s'", argv[1]);
	if (lstat(argv[0], &st) == 0 && !S_ISREG(st.st_mode))
		return usage("'%s' is not a regular file", argv[0]);
	if ((rc = read_password(pw, sizeof pw, &n)) != 0)
		goto out;
	if (passwd_hash(pw, n, &h) < 0) {
		rc = 3;
		goto out;
	}
	passwd_format(&h, line, sizeof line);
	rc = write_file(argv[0], line) < 0 ? 3 : 0;
	if (rc == 0)
		fprintf(stderr, _("kenshu: wrote the password's hash to %s\n"), argv[0]);
out:
	memset(pw, 0, sizeof pw);
	return rc;
}
