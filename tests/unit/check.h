/*
 * check: the few macros the unit tests share. Each test program counts its checks and ends
 * with the line "N passed, M failed", exiting non-zero when anything failed.
 */
#ifndef KENSHU_CHECK_H
#define KENSHU_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond) \
	do { \
		if (cond) \
			check_passed++; \
		else { \
			check_failed++; \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		} \
	} while (0)

#define CHECK_STR(got, want) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		if (g_ && w_ && strcmp(g_, w_) == 0) \
			check_passed++; \
		else { \
			check_failed++; \
			fprintf(stderr, "%s:%d: %s\n  got:  %s\n  want: %s\n", __FILE__, __LINE__, \
				#got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
		} \
	} while (0)

static int
check_report(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
