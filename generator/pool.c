#include "pool.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

struct pool {
	const struct pool_job *job;
	pthread_mutex_t lock;
	pthread_cond_t done; /* an item is done: for the taker */
	pthread_cond_t taken; /* an item is taken, or the run ends: for the workers */
	/* guarded by lock */
	size_t next; /* the next item to start */
	size_t ntaken; /* items taken */
	unsigned char *isdone; /* per item */
	int over; /* the taker has stopped */
	/* Who waits, so that a wake-up goes only where it is awaited. */
	size_t awaited; /* the item the taker waits for, or SIZE_MAX */
	int nwaiting; /* workers waiting for an item to be taken */
	struct worker *workers; /* NULL: the caller's thread alone */
	int started;
};

struct worker {
	struct pool *pl;
	int thread;
	pthread_t id;
};

static int
stopped(const struct pool_job *job)
{
	return job->stop && *job->stop;
}

/*
 * Wait on cv at most a tenth of a second: a signal sets *stop without waking anyone, so
 * waiters look at it now and then.
 */
static void
nap(pthread_cond_t *cv, pthread_mutex_t *lock)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 100000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(cv, lock, &ts);
}

/* Whether item i may start now (lock held). */
static int
may_start(const struct pool *pl, size_t i)
{
	const struct pool_job *job = pl->job;
	if (i >= pl->ntaken + job->ahead)
		return 0;
	return !(job->waits && job->waits(job->ud, i)) || pl->ntaken == i;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct pool *pl = w->pl;
	const struct pool_job *job = pl->job;
	pthread_mutex_lock(&pl->lock);
	while (!pl->over && !stopped(job) && pl->next < job->n) {
		size_t i = pl->next;
		if (!may_start(pl, i)) {
			int busy = 0;
			if (job->idle) {
				pthread_mutex_unlock(&pl->lock);
				busy = job->idle(job->ud);
				pthread_mutex_lock(&pl->lock);
			}
			/* The taker may have started items meanwhile: the next one may start now. */
			if (!busy && !pl->over && pl->next < job->n && !may_start(pl, pl->next)) {
				pl->nwaiting++;
				nap(&pl->taken, &pl->lock);
				pl->nwaiting--;
			}
			continue;
		}
		pl->next++;
		pthread_mutex_unlock(&pl->lock);
		job->work(job->ud, w->thread, i);
		pthread_mutex_lock(&pl->lock);
		pl->isdone[i] = 1;
		if (pl->awaited == i)
			pthread_cond_signal(&pl->done);
	}
	/* Nothing more to start: idle work until there is none, or the taker is done. */
	while (job->idle && !pl->over && !stopped(job)) {
		pthread_mutex_unlock(&pl->lock);
		if (!job->idle(job->ud))
			return NULL;
		pthread_mutex_lock(&pl->lock);
	}
	pthread_mutex_unlock(&pl->lock);
	return NULL;
}

/*
 * Wait for item i on the calling thread, which is thread threads - 1 (lock held). While i is
 * not done, this thread does idle work, or else starts the next item itself rather than
 * sleep, so that threads threads keep as many processors busy, no more, and an item done
 * wakes no one.
 */
static void
wait_for(struct pool *pl, size_t i)
{
	const struct pool_job *job = pl->job;
	size_t j;
	while (!pl->isdone[i] && !stopped(job)) {
		int busy = 0;
		if (job->idle) { /* first: what it does (compression) frees memory */
			pthread_mutex_unlock(&pl->lock);
			busy = job->idle(job->ud);
			pthread_mutex_lock(&pl->lock);
			if (busy)
				continue;
		}
		if (pl->next <= i || (pl->next < job->n && may_start(pl, pl->next))) {
			j = pl->next++;
			pthread_mutex_unlock(&pl->lock);
			job->work(job->ud, job->threads - 1, j);
			pthread_mutex_lock(&pl->lock);
			pl->isdone[j] = 1;
			continue;
		}
		if (!pl->isdone[i]) {
			pl->awaited = i;
			nap(&pl->done, &pl->lock);
			pl->awaited = SIZE_MAX;
		}
	}
}

struct pool *
pool_start(const struct pool_job *job)
{
	struct pool *pl = xcalloc(1, sizeof *pl);
	int k;
	pl->job = job;
	pl->awaited = SIZE_MAX;
	pl->isdone = xcalloc(job->n, 1);
	pthread_mutex_init(&pl->lock, NULL);
	pthread_cond_init(&pl->done, NULL);
	pthread_cond_init(&pl->taken, NULL);
	if (job->threads <= 1 || job->n < 2)
		return pl;
	pl->workers = xcalloc((size_t)job->threads, sizeof *pl->workers);
	for (k = 0; k < job->threads - 1; k++) { /* the last thread is the caller's */
		struct worker *w = &pl->workers[pl->started];
		w->pl = pl;
		w->thread = k;
		if (pthread_create(&w->id, NULL, work, w) != 0)
			break;
		pl->started++;
	}
	return pl;
}

void
pool_wait(struct pool *pl, size_t i)
{
	const struct pool_job *job = pl->job;
	if (i >= job->n)
		return;
	if (!pl->workers) { /* one thread: the item, and no other, here */
		if (!pl->isdone[i] && !stopped(job)) {
			job->work(job->ud, 0, i);
			pl->isdone[i] = 1;
		}
		return;
	}
	pthread_mutex_lock(&pl->lock);
	if (i > pl->ntaken) {
		pl->ntaken = i;
		if (pl->nwaiting)
			pthread_cond_broadcast(&pl->taken);
	}
	wait_for(pl, i);
	pthread_mutex_unlock(&pl->lock);
}

void
pool_end(struct pool *pl)
{
	int k;
	if (!pl)
		return;
	pthread_mutex_lock(&pl->lock);
	pl->over = 1;
	pthread_cond_broadcast(&pl->taken);
	pthread_mutex_unlock(&pl->lock);
	for (k = 0; k < pl->started; k++)
		pthread_join(pl->workers[k].id, NULL);
	free(pl->workers);
	free(pl->isdone);
	pthread_cond_destroy(&pl->taken);
	pthread_cond_destroy(&pl->done);
	pthread_mutex_destroy(&pl->lock);
	free(pl);
}

size_t
pool_run(const struct pool_job *job)
{
	struct pool *pl = pool_start(job);
	size_t i;
	for (i = 0; i < job->n && !stopped(job); i++) {
		pool_wait(pl, i);
		if (stopped(job))
			break;
		job->take(job->ud, i);
	}
	pool_end(pl);
	return i;
}

int
pool_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > POOL_MAX ? POOL_MAX : (int)n;
}
