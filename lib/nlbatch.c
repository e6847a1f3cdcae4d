/*
 * nlbatch.c - batched ctnetlink requests; see nlbatch.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "ct_build.h"
#include "nlbatch.h"

/* One sendmsg() must stay below the socket's send buffer (about 208 KiB
 * by default). */
#define NLB_BYTES (128 * 1024)
/* Asked for the receive buffer: one kernel answer takes up to about
 * 1 KiB of it (the buffer accounts for the whole socket buffer). */
#define NLB_RCVBUF (4 * 1024 * 1024)
#define NLB_ANSWER_COST 2048

int nlb_init(struct nlbatch *b, struct nlsock *s, bool threaded,
	     nlb_done_t done, void *data)
{
	int one = 1;
	long rcv;

	memset(b, 0, sizeof(*b));
	b->s = s;
	b->done = done;
	b->data = data;
	b->threaded = threaded;
	for (int i = 0; i < 2; i++) {
		b->job[i].buf = malloc(NLB_BYTES);
		if (!b->job[i].buf) {
			free(b->job[0].buf);
			return -1;
		}
	}
	/* Errors carry only the request's header, not the whole request. */
	setsockopt(nls_fd(s), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	rcv = nls_set_rcvbuf(s, NLB_RCVBUF);
	b->max = rcv > 0 ? (unsigned int)(rcv / NLB_ANSWER_COST) : 1;
	if (b->max > NLB_MAX)
		b->max = NLB_MAX;
	if (b->max < 1)
		b->max = 1;
	return 0;
}

/* Note the answers in one datagram. */
static void answers(struct nlsock *s, struct nlb_job *j, const char *p,
		    size_t len)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
	int left = (int)len;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
		uint32_t i = nlh->nlmsg_seq - j->seq0;

		if (nlh->nlmsg_type != NLMSG_ERROR || i >= j->n ||
		    nlh->nlmsg_pid != s->portid || j->nans >= NLB_MAX ||
		    mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
			continue;
		j->ans[j->nans].i = i;
		j->ans[j->nans].err = -e->error;
		j->nans++;
	}
}

/* Send job and collect its answers (on either thread). */
static void run_job(struct nlsock *s, struct nlb_job *j)
{
	ssize_t n;

	if (mnl_socket_sendto(s->nl, j->buf, j->len) < 0) {
		j->send_err = errno;
		return;
	}
	/* Every answer is queued by now: read until the queue is empty. */
	for (;;) {
		n = recv(nls_fd(s), s->buf, s->buflen, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {	/* some answers were dropped */
				j->recv_err = ENOBUFS;
				continue;
			}
			if (errno != EAGAIN && !j->recv_err)
				j->recv_err = errno;
			return;
		}
		answers(s, j, s->buf, (size_t)n);
	}
}

/* Report a finished job to the caller and empty it. */
static void deliver(struct nlbatch *b, struct nlb_job *j)
{
	if (j->send_err)
		for (unsigned int i = 0; i < j->n; i++)
			b->done(b->data, j->tag[i], j->send_err);
	else
		for (unsigned int k = 0; k < j->nans; k++)
			b->done(b->data, j->tag[j->ans[k].i], j->ans[k].err);
	if (j->recv_err && !b->err)
		b->err = j->recv_err;
	j->len = j->n = j->nans = 0;
	j->send_err = j->recv_err = 0;
}

static void *sender(void *arg)
{
	struct nlbatch *b = arg;

	pthread_mutex_lock(&b->mu);
	for (;;) {
		while (!b->quit && !(b->pending && b->busy))
			pthread_cond_wait(&b->cv, &b->mu);
		if (b->quit)
			break;
		pthread_mutex_unlock(&b->mu);
		run_job(b->s, b->pending);
		pthread_mutex_lock(&b->mu);
		b->busy = false;
		pthread_cond_broadcast(&b->cv);
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

/* Wait for the job in the sender's hands and report it. */
static void collect(struct nlbatch *b)
{
	struct nlb_job *j;

	if (!b->pending)
		return;
	pthread_mutex_lock(&b->mu);
	while (b->busy)
		pthread_cond_wait(&b->cv, &b->mu);
	j = b->pending;
	b->pending = NULL;
	pthread_mutex_unlock(&b->mu);
	deliver(b, j);
}

/* Hand the current job over (or run it here, unthreaded). */
static int submit(struct nlbatch *b)
{
	struct nlb_job *j = &b->job[b->cur];

	if (j->n == 0)
		return 0;
	if (!b->threaded) {
		run_job(b->s, j);
		deliver(b, j);
		return 0;
	}
	if (!b->started) {
		pthread_mutex_init(&b->mu, NULL);
		pthread_cond_init(&b->cv, NULL);
		errno = pthread_create(&b->tid, NULL, sender, b);
		if (errno) {
			b->threaded = false;	/* no thread: do it here */
			return submit(b);
		}
		b->started = true;
	}
	collect(b);
	pthread_mutex_lock(&b->mu);
	b->pending = j;
	b->busy = true;
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->mu);
	b->cur ^= 1;
	return 0;
}

void *nlb_room(struct nlbatch *b)
{
	struct nlb_job *j = &b->job[b->cur];

	if (NLB_BYTES - j->len < CT_MSG_MAX || j->n >= b->max) {
		submit(b);
		j = &b->job[b->cur];
	}
	return j->buf + j->len;
}

unsigned int nlb_slot(const struct nlbatch *b)
{
	return (unsigned int)b->cur * NLB_MAX + b->job[b->cur].n;
}

void nlb_commit(struct nlbatch *b, struct nlmsghdr *nlh, unsigned long tag)
{
	struct nlb_job *j = &b->job[b->cur];

	if (j->n == 0)
		j->seq0 = nls_next_seq(b->s);
	else
		nls_next_seq(b->s);
	nlh->nlmsg_seq = j->seq0 + j->n;
	j->tag[j->n++] = tag;
	j->len += NLMSG_ALIGN(nlh->nlmsg_len);
}

int nlb_flush(struct nlbatch *b)
{
	int err;

	submit(b);
	if (b->started)
		collect(b);
	err = b->err;
	b->err = 0;
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

void nlb_free(struct nlbatch *b)
{
	if (b->started) {
		pthread_mutex_lock(&b->mu);
		b->quit = true;
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
		pthread_join(b->tid, NULL);
		pthread_mutex_destroy(&b->mu);
		pthread_cond_destroy(&b->cv);
		b->started = false;
	}
	free(b->job[0].buf);
	free(b->job[1].buf);
	b->job[0].buf = b->job[1].buf = NULL;
}
