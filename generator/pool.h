/*
 * pool: runs a piece of work for each of the items 0 .. n-1 on several threads, and hands
 * each item's result to a taker on the calling thread in item order. What is taken, and so
 * what a build writes and reports, does not depend on how the threads ran: one thread or
 * many give the same bytes.
 *
 * work(ud, thread, i) does item i on thread (0 .. threads-1, each thread's own number, for
 * per-thread scratch) and keeps its result where take(ud, i) finds it. An item for which
 * waits(ud, i) is true starts only once every item before it has been taken (a page that
 * sums up the others). At most ahead items are done and not yet taken, which bounds the
 * memory results hold. A thread with nothing to do calls idle(ud) (may be NULL), which
 * returns 1 when it found something useful to do (compress a part of the ZIP), 0 otherwise;
 * the threads stop calling it once every item is taken.
 *
 * With threads 1 the calling thread does everything: work then take, item after item. Once
 * *stop (may be NULL) is non-zero, no item is started or taken any more.
 */
#ifndef KENSHU_POOL_H
#define KENSHU_POOL_H

#include <signal.h>
#include <stddef.h>

struct pool_job {
	size_t n;
	int threads;
	size_t ahead;
	void (*work)(void *ud, int thread, size_t i);
	void (*take)(void *ud, size_t i);
	int (*waits)(void *ud, size_t i); /* NULL: no item waits */
	int (*idle)(void *ud); /* NULL: nothing to do */
	void *ud;
	volatile sig_atomic_t *stop;
};

/*
 * Run job; returns the number of items taken (n unless stopped). The caller frees the
 * results of items done but not taken.
 */
size_t pool_run(const struct pool_job *job);

/*
 * pool_run in parts, for a caller that takes the items itself, some of them or all, in
 * increasing order (job->take is not called): pool_start starts the threads on the items;
 * pool_wait returns once item i is done (its work done on this thread if need be; with one
 * thread, item i's alone), and counts the items before it as taken; pool_end starts no item
 * more and waits for the threads. The caller frees what items done hold.
 */
struct pool;
struct pool *pool_start(const struct pool_job *job);
void pool_wait(struct pool *pl, size_t i);
void pool_end(struct pool *pl);

/* The threads to use by default: the processors online, at least 1 and at most POOL_MAX. */
#define POOL_MAX 64
int pool_default_threads(void);

#endif
