/*
 * loop.c - epoll, timerfd and signalfd behind the few calls of loop.h.
 *
 * The timers form a list sorted by expiry: the daemon has a handful of
 * them (resync, polling, scheduled flush), so insertion cost is moot.
 * The timerfd is always armed for the head of the list.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#include "loop.h"

#define LOOP_BATCH 64

int64_t loop_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void rearm(struct loop *l)
{
	struct itimerspec its = { 0 };

	if (l->timers) {
		int64_t when = l->timers->when;

		if (when <= 0)
			when = 1;	/* 0 would disarm */
		its.it_value.tv_sec = when / 1000;
		its.it_value.tv_nsec = (when % 1000) * 1000000;
	}
	timerfd_settime(l->tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void unlink_timer(struct loop *l, struct loop_timer *t)
{
	for (struct loop_timer **p = &l->timers; *p; p = &(*p)->next) {
		if (*p == t) {
			*p = t->next;
			break;
		}
	}
	t->armed = false;
	t->next = NULL;
}

void loop_timer_cancel(struct loop *l, struct loop_timer *t)
{
	if (!t->armed)
		return;
	unlink_timer(l, t);
	rearm(l);
}

void loop_timer_in(struct loop *l, struct loop_timer *t, int64_t ms)
{
	struct loop_timer **p;

	if (t->armed)
		unlink_timer(l, t);
	t->when = loop_now() + (ms > 0 ? ms : 0);
	for (p = &l->timers; *p && (*p)->when <= t->when; p = &(*p)->next)
		;
	t->next = *p;
	*p = t;
	t->armed = true;
	rearm(l);
}

int64_t loop_timer_left(const struct loop_timer *t)
{
	int64_t left;

	if (!t->armed)
		return -1;
	left = t->when - loop_now();
	return left > 0 ? left : 0;
}

/* Run every due timer; a callback may re-arm its own or other timers. */
static void on_timerfd(struct loop *l, struct loop_io *io, uint32_t events)
{
	uint64_t ticks;
	int64_t now = loop_now();

	if (read(io->fd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
		return;
	while (l->timers && l->timers->when <= now) {
		struct loop_timer *t = l->timers;

		unlink_timer(l, t);
		t->cb(l, t);
	}
	rearm(l);
}

static void on_signalfd(struct loop *l, struct loop_io *io, uint32_t events)
{
	struct signalfd_siginfo si;

	while (read(io->fd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		l->on_signal(l, (int)si.ssi_signo, l->signal_data);
}

int loop_init(struct loop *l, const sigset_t *sigs,
	      void (*on_signal)(struct loop *l, int signo, void *data),
	      void *data)
{
	memset(l, 0, sizeof(*l));
	l->tfd = l->sfd = -1;
	l->on_signal = on_signal;
	l->signal_data = data;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0)
		return -1;
	l->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (sigprocmask(SIG_BLOCK, sigs, NULL) < 0)
		goto fail;
	l->sfd = signalfd(-1, sigs, SFD_NONBLOCK | SFD_CLOEXEC);
	if (l->tfd < 0 || l->sfd < 0)
		goto fail;
	l->timer_io = (struct loop_io){ .fd = l->tfd, .cb = on_timerfd };
	l->signal_io = (struct loop_io){ .fd = l->sfd, .cb = on_signalfd };
	if (loop_add(l, &l->timer_io, EPOLLIN) < 0 ||
	    loop_add(l, &l->signal_io, EPOLLIN) < 0)
		goto fail;
	return 0;
fail:
	loop_free(l);
	return -1;
}

void loop_free(struct loop *l)
{
	if (l->sfd >= 0)
		close(l->sfd);
	if (l->tfd >= 0)
		close(l->tfd);
	if (l->epfd >= 0)
		close(l->epfd);
	l->epfd = l->tfd = l->sfd = -1;
}

int loop_add(struct loop *l, struct loop_io *io, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = io };

	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, io->fd, &ev);
}

void loop_del(struct loop *l, struct loop_io *io)
{
	struct epoll_event *batch = l->batch;

	epoll_ctl(l->epfd, EPOLL_CTL_DEL, io->fd, NULL);
	for (int i = 0; i < l->batch_len; i++)
		if (batch[i].data.ptr == io)
			batch[i].data.ptr = NULL;
}

int loop_run(struct loop *l)
{
	struct epoll_event ev[LOOP_BATCH];

	l->stop = false;
	while (!l->stop) {
		int n = epoll_wait(l->epfd, ev, LOOP_BATCH, -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		l->batch = ev;
		l->batch_len = n;
		for (int i = 0; i < n && !l->stop; i++) {
			struct loop_io *io = ev[i].data.ptr;

			if (io)
				io->cb(l, io, ev[i].events);
		}
		l->batch = NULL;
		l->batch_len = 0;
	}
	return 0;
}

void loop_stop(struct loop *l)
{
	l->stop = true;
}
