/*
 * Unit tests of the admin password's hash: kenshu's PHC string read as the reference
 * Argon2 library writes and verifies it (both ways), a password checked right and wrong,
 * malformed or too costly strings refused, and a password file that others may read refused.
 */
#include <argon2.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "passwd.h"

static int
parses(const char *s)
{
	struct passwd_hash h;
	return passwd_parse(s, strlen(s), &h) == 0;
}

int
main(void)
{
	static const char salt[] = "somesaltsomesalt";
	char enc[256], out[256], path[] = "/tmp/kenshu-test-passwd-XXXXXX";
	struct passwd_hash h, loaded;
	FILE *devnull = fopen("/dev/null", "w");
	int fd;

	/* the library's encoding of a known salt, read by kenshu and written back alike */
	CHECK(argon2id_hash_encoded(2, 256, 1, "password", 8, salt, 16, 32, enc, sizeof enc) ==
		ARGON2_OK);
	CHECK(passwd_parse(enc, strlen(enc), &h) == 0);
	CHECK(h.m_cost == 256 && h.t_cost == 2 && h.lanes == 1 && h.nsalt == 16 && h.nhash == 32);
	CHECK(memcmp(h.salt, salt, 16) == 0);
	passwd_format(&h, out, sizeof out);
	CHECK(strlen(out) > 0 && out[strlen(out) - 1] == '\n');
	out[strlen(out) - 1] = '\0';
	CHECK_STR(out, enc);
	CHECK(passwd_check(&h, "password", 8) == 1);
	CHECK(passwd_check(&h, "passwore", 8) == 0);
	CHECK(passwd_check(&h, "password!", 9) == 0);
	CHECK(passwd_check(&h, "", 0) == 0);

	/* a new hash, verified by the library */
	CHECK(passwd_hash("正しい馬の電池", strlen("正しい馬の電池"), &h) == 0);
	CHECK(h.m_cost == 19456 && h.t_cost == 2 && h.nsalt == 16 && h.nhash == 32);
	passwd_format(&h, out, sizeof out);
	out[strlen(out) - 1] = '\0';
	CHECK(argon2id_verify(out, "正しい馬の電池", strlen("正しい馬の電池")) == ARGON2_OK);
	CHECK(argon2id_verify(out, "正しい馬の電", strlen("正しい馬の電")) != ARGON2_OK);
	CHECK(passwd_check(&h, "正しい馬の電池", strlen("正しい馬の電池")) == 1);

	/* what is not such a string, or would cost too much */
	CHECK(parses("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		"ZNJ3IpLdlIcwaTajN+jQPbwAbVIeaLcL7Esd9WOgI8E\n"));
	CHECK(!parses("$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		"ZNJ3IpLdlIcwaTajN+jQPbwAbVIeaLcL7Esd9WOgI8E"));
	CHECK(!parses("$argon2id$v=16$m=256,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		"ZNJ3IpLdlIcwaTajN+jQPbwAbVIeaLcL7Esd9WOgI8E"));
	CHECK(!parses("$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		"ZNJ3IpLdlIcwaTajN+jQPbwAbVIeaLcL7Esd9WOgI8E"));
	CHECK(!parses("$argon2id$v=19$m=256,t=99,p=1$c29tZXNhbHRzb21lc2FsdA$"
		"ZNJ3IpLdlIcwaTajN+jQPbwAbVIeaLcL7Esd9WOgI8E"));
	CHECK(!parses("$argon2id$v=19$m=256,t=02,p=1$c29tZXNhbHRzb21lc2FsdA$"
		"ZNJ3IpLdlIcwaTajN+jQPbwAbVIeaLcL7Esd9WOgI8E"));
	CHECK(!parses("$argon2id$v=19$m=256,t=2,p=1$c29t$"
		"ZNJ3IpLdlIcwaTajN+jQPbwAbVIeaLcL7Esd9WOgI8E"));
	CHECK(!parses("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZNJ3"));
	CHECK(!parses("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		"ZNJ3IpLdlIcwaTajN+jQPbwAbVIeaLcL7Esd9WOgI8F"));
	CHECK(!parses("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		"ZNJ3IpLdlIcwaTajN+jQPbwAbVIeaLcL7Esd9WOgI8E\n\n"));
	CHECK(!parses(""));

	/* HTTP Basic: the password after the user name's colon */
	{
		char pw[16];
		long n;
		n = passwd_basic("Basic YWRtaW46cGFzc3dvcmQ=", pw, sizeof pw);
		CHECK(n == 8 && !memcmp(pw, "password", 8));
		n = passwd_basic("basic OnA6cQ==", pw, sizeof pw); /* ":p:q" */
		CHECK(n == 3 && !memcmp(pw, "p:q", 3));
		CHECK(passwd_basic("Basic dTo=", pw, sizeof pw) == 0); /* "u:" */
		CHECK(passwd_basic("Basic dXNlcg==", pw, sizeof pw) == -1); /* no colon */
		CHECK(passwd_basic("Basic YWRtaW46cGFzc3dvcmQ", pw, sizeof pw) == -1);
		CHECK(passwd_basic("Basic YWRt!W46", pw, sizeof pw) == -1);
		CHECK(passwd_basic("Bearer YWRtaW46cGFzc3dvcmQ=", pw, sizeof pw) == -1);
		CHECK(passwd_basic("Basic YWRtaW46cGFzc3dvcmQ=", pw, 4) == -1);
	}

	/* the password file: the owner's alone */
	fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, enc, strlen(enc)) == (ssize_t)strlen(enc));
	close(fd);
	CHECK(passwd_load(path, &loaded) == 0 && passwd_check(&loaded, "password", 8) == 1);
	diag_set_stream(devnull);
	chmod(path, 0640);
	CHECK(passwd_load(path, &loaded) == -1);
	chmod(path, 0604);
	CHECK(passwd_load(path, &loaded) == -1);
	chmod(path, 0600);
	fd = open(path, O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && write(fd, "secret\n", 7) == 7);
	close(fd);
	CHECK(passwd_load(path, &loaded) == -1);
	CHECK(diag_errors() == 3);
	unlink(path);
	CHECK(passwd_load(path, &loaded) == -1 && diag_system_errors() == 1);
	diag_set_stream(stderr);
	fclose(devnull);
	return check_report("passwd");
}
