/*
 * passwd: the admin password of "kenshu serve --records". "kenshu passwd FILE" reads a
 * password from standard input (asked for twice without echo on a terminal) and writes FILE,
 * readable by its owner only, holding a salted Argon2id hash (RFC 9106) as the PHC string
 * "$argon2id$v=19$m=19456,t=2,p=1$SALT$HASH" (base64 without padding; the costs are OWASP's
 * for Argon2id). The server loads it with passwd_load, which refuses a file that others can
 * read or write, and checks each password given with passwd_check, which hashes it with the
 * file's salt and costs and compares in constant time. The only user of libargon2.
 *
 * A struct passwd_hash owns nothing on the heap.
 */
#ifndef KENSHU_PASSWD_H
#define KENSHU_PASSWD_H

#include <stddef.h>
#include <stdint.h>

#define PASSWD_MAX_SALT 64
#define PASSWD_MAX_HASH 64
/* Bytes in a password. */
#define PASSWD_MAX 1024

struct passwd_hash {
	uint32_t m_cost, t_cost, lanes; /* KiB of memory, passes, lanes */
	unsigned char salt[PASSWD_MAX_SALT], hash[PASSWD_MAX_HASH];
	size_t nsalt, nhash;
};

/* "kenshu passwd ARGS...": exit status 0, 2 usage, 1 a refused password, 3 I/O. */
int passwd_command(int argc, char **argv);

/*
 * Parse a PHC string of Argon2id (one line, a final line feed allowed) into h, with costs
 * and lengths within what passwd_check will spend; 0, or -1 when it is not one.
 */
int passwd_parse(const char *text, size_t len, struct passwd_hash *h);
/*
 * Read the password file at path into h: 0, or -1 after reporting (missing, not a regular
 * file, readable or writable by others than its owner, not a hash kenshu passwd wrote).
 */
int passwd_load(const char *path, struct passwd_hash *h);
/* 1 when the n bytes of password are the password of h, else 0; constant time in its bytes. */
int passwd_check(const struct passwd_hash *h, const char *password, size_t n);
/*
 * The password of an HTTP Basic Authorization header ("Basic " and base64 of "user:password",
 * RFC 7617; the user name is not looked at) into pw, of size bytes: its length, or -1 when
 * the header is not one or the password longer than size.
 */
long passwd_basic(const char *header, char *pw, size_t size);
/* Write h as its PHC string (with a final line feed) into out, of size at least 256. */
void passwd_format(const struct passwd_hash *h, char *out, size_t size);
/* Hash password with a new random salt into h; 0, or -1 after reporting. */
int passwd_hash(const char *password, size_t n, struct passwd_hash *h);

#endif
