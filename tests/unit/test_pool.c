/*
 * Unit tests of the thread pool: every item is done once and taken in order on any number of
 * threads, an item that waits starts only after the items before it were taken, and a caller
 * that takes only some items itself (pool_start, pool_wait, pool_end) finds each done.
 */
#include <pthread.h>
#include <stdlib.h>

#include "check.h"
#include "pool.h"

#define N 2000

struct run {
	int threads;
	unsigned long done[N]; /* work's result per item */
	unsigned long spun[N]; /* what each item's busy loop made */
	int times[N]; /* how often work ran on it */
	int bad_thread; /* a thread number out of range */
	size_t taken[N], ntaken; /* the order of takes */
	size_t taken_when[N]; /* ntaken when item i started */
	pthread_mutex_t lock;
};

static void
work(void *ud, int thread, size_t i)
{
	struct run *r = ud;
	unsigned long v = 1;
	size_t k;
	pthread_mutex_lock(&r->lock);
	r->times[i]++;
	r->taken_when[i] = r->ntaken;
	if (thread < 0 || thread >= r->threads)
		r->bad_thread = 1;
	pthread_mutex_unlock(&r->lock);
	for (k = 0; k < i % 97; k++) /* items of unequal length */
		v = v * 31 + k;
	r->spun[i] = v;
	r->done[i] = i * 2 + 1;
}

static void
take(void *ud, size_t i)
{
	struct run *r = ud;
	pthread_mutex_lock(&r->lock);
	r->taken[r->ntaken++] = i;
	pthread_mutex_unlock(&r->lock);
}

static int
waits(void *ud, size_t i)
{
	(void)ud;
	return i % 500 == 499; /* a page that sums up the ones before it */
}

static void
test_run(int threads, size_t ahead)
{
	struct run *r = calloc(1, sizeof *r);
	struct pool_job job = {.n = N, .threads = threads, .ahead = ahead, .work = work,
		.take = take, .waits = waits};
	size_t i, n, in_order = 1, once = 1, right = 1, waited = 1;
	r->threads = threads;
	pthread_mutex_init(&r->lock, NULL);
	job.ud = r;
	n = pool_run(&job);
	CHECK(n == N);
	CHECK(r->ntaken == N);
	for (i = 0; i < N; i++) {
		in_order &= r->taken[i] == i;
		once &= r->times[i] == 1;
		right &= r->done[i] == i * 2 + 1;
		if (waits(r, i))
			waited &= r->taken_when[i] == i;
	}
	CHECK(in_order);
	CHECK(once);
	CHECK(right);
	CHECK(waited);
	CHECK(!r->bad_thread);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

/* A caller that wants every third item, as lessons read ahead are taken module by module. */
static void
test_some(int threads)
{
	struct run *r = calloc(1, sizeof *r);
	struct pool_job job = {.n = N, .threads = threads, .ahead = N, .work = work};
	struct pool *pl;
	size_t i, right = 1, once = 1;
	r->threads = threads;
	pthread_mutex_init(&r->lock, NULL);
	job.ud = r;
	pl = pool_start(&job);
	for (i = 0; i < N; i += 3) {
		pool_wait(pl, i);
		right &= r->done[i] == i * 2 + 1;
	}
	pool_wait(pl, N); /* past the end: nothing to wait for */
	pool_end(pl);
	for (i = 0; i < N; i++)
		once &= r->times[i] <= 1 && (i % 3 || r->times[i] == 1);
	CHECK(right);
	CHECK(once);
	CHECK(!r->bad_thread);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

int
main(void)
{
	static const int threads[] = {1, 2, 3, 8};
	size_t k;
	for (k = 0; k < sizeof threads / sizeof *threads; k++) {
		test_run(threads[k], (size_t)threads[k] * 4);
		test_run(threads[k], 1);
		test_some(threads[k]);
	}
	return check_report("pool");
}
