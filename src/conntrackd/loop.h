/*
 * loop.h - the daemon's one event loop: epoll for descriptors, one
 * timerfd for the timers (monotonic clock), signals as events through a
 * signalfd. Everything runs in the loop's thread; callbacks may add or
 * remove descriptors and timers, including their own.
 */
#ifndef LOOP_H
#define LOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <signal.h>

struct loop;

/* A watched descriptor; the caller owns it and keeps it alive while
 * registered. */
struct loop_io {
	int fd;
	void (*cb)(struct loop *l, struct loop_io *io, uint32_t events);
	void *data;
};

/* A timer; the caller owns it. when is in milliseconds of CLOCK_MONOTONIC. */
struct loop_timer {
	int64_t when;
	void (*cb)(struct loop *l, struct loop_timer *t);
	void *data;
	bool armed;
	struct loop_timer *next;	/* armed timers, soonest first */
};

struct loop {
	int epfd, tfd, sfd;
	struct loop_io timer_io, signal_io;
	struct loop_timer *timers;
	void (*on_signal)(struct loop *l, int signo, void *data);
	void *signal_data;
	bool stop;
	/* The batch being dispatched, so that loop_del() can cancel events
	 * of a descriptor removed by an earlier callback of the batch. */
	void *batch;
	int batch_len;
};

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t loop_now(void);

/*
 * Set up the loop. The signals in sigs are blocked and delivered to
 * on_signal from the loop. Returns 0 or -1 with errno.
 */
int loop_init(struct loop *l, const sigset_t *sigs,
	      void (*on_signal)(struct loop *l, int signo, void *data),
	      void *data);
void loop_free(struct loop *l);

/* Watch io->fd for events (EPOLLIN...). Returns 0 or -1 with errno. */
int loop_add(struct loop *l, struct loop_io *io, uint32_t events);
void loop_del(struct loop *l, struct loop_io *io);

/* Arm t to fire in ms milliseconds (re-arming a pending timer moves it). */
void loop_timer_in(struct loop *l, struct loop_timer *t, int64_t ms);
void loop_timer_cancel(struct loop *l, struct loop_timer *t);
/* Milliseconds until t fires (0 if due), -1 when not armed. */
int64_t loop_timer_left(const struct loop_timer *t);

/* Run until loop_stop(). Returns 0, or -1 with errno when epoll fails
 * for a reason other than EINTR (counted by the caller). */
int loop_run(struct loop *l);
void loop_stop(struct loop *l);

#endif
