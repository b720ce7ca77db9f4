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
			if (!busy && !pl->over && !may_start(pl, i)) {
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
	pthread_mutex_unlock(&pl->lock);
	while (job->idle && !stopped(job) && job->idle(job->ud))
		;
	return NULL;
}

/* The taker: every item in order, on the calling thread. */
static size_t
take_all(struct pool *pl)
{
	const struct pool_job *job = pl->job;
	size_t i;
	for (i = 0; i < job->n && !stopped(job); i++) {
		pthread_mutex_lock(&pl->lock);
		while (!pl->isdone[i] && !stopped(job)) {
			int busy = 0;
			if (job->idle) {
				pthread_mutex_unlock(&pl->lock);
				busy = job->idle(job->ud);
				pthread_mutex_lock(&pl->lock);
			}
			if (!busy && !pl->isdone[i]) {
				pl->awaited = i;
				nap(&pl->done, &pl->lock);
				pl->awaited = SIZE_MAX;
			}
		}
		pthread_mutex_unlock(&pl->lock);
		if (stopped(job))
			break;
		job->take(job->ud, i);
		pthread_mutex_lock(&pl->lock);
		pl->ntaken = i + 1;
		if (pl->nwaiting)
			pthread_cond_broadcast(&pl->taken);
		pthread_mutex_unlock(&pl->lock);
	}
	return i;
}

size_t
pool_run(const struct pool_job *job)
{
	struct pool pl = {.job = job, .awaited = SIZE_MAX};
	struct worker *w;
	int k, started = 0;
	size_t i, n;
	if (job->threads <= 1 || job->n < 2) {
		for (i = 0; i < job->n && !stopped(job); i++) {
			job->work(job->ud, 0, i);
			if (stopped(job))
				break;
			job->take(job->ud, i);
		}
		return i;
	}
	pthread_mutex_init(&pl.lock, NULL);
	pthread_cond_init(&pl.done, NULL);
	pthread_cond_init(&pl.taken, NULL);
	pl.isdone = xcalloc(job->n, 1);
	w = xcalloc((size_t)job->threads, sizeof *w);
	for (k = 0; k < job->threads; k++) {
		w[k].pl = &pl;
		w[k].thread = k;
		if (pthread_create(&w[k].id, NULL, work, &w[k]) != 0)
			break;
		started++;
	}
	if (!started) { /* no thread could start: do it all here, as thread 0 */
		struct pool_job one = *job;
		one.threads = 1;
		n = pool_run(&one);
	} else {
		n = take_all(&pl);
	}
	pthread_mutex_lock(&pl.lock);
	pl.over = 1;
	pthread_cond_broadcast(&pl.taken);
	pthread_mutex_unlock(&pl.lock);
	for (k = 0; k < started; k++)
		pthread_join(w[k].id, NULL);
	free(w);
	free(pl.isdone);
	pthread_cond_destroy(&pl.taken);
	pthread_cond_destroy(&pl.done);
	pthread_mutex_destroy(&pl.lock);
	return n;
}

int
pool_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > POOL_MAX ? POOL_MAX : (int)n;
}
