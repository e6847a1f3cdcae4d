/*
 * nlbatch.h - many ctnetlink requests per sendmsg(), with every answer
 * matched back to the request it belongs to.
 *
 * The kernel handles the requests of one sendmsg() in order, before the
 * call returns, and queues an error for each one it refuses (and an
 * acknowledgement for each one sent with NLM_F_ACK). A batch is sent
 * when it is full or flushed; done() then learns, by the caller's tag,
 * how each request ended, always on the caller's thread and in order.
 *
 * Threaded, a second thread sends each full batch while the caller
 * fills the next one (the kernel's work on a batch happens inside
 * sendmsg()); done() runs for a batch when the next one is handed over,
 * or at nlb_flush().
 */
#ifndef NLBATCH_H
#define NLBATCH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nlsock.h"

/* Requests per batch at most (answers must fit the receive buffer). */
#define NLB_MAX 1024
/* Distinct slots (see nlb_slot()): two batches are in the air at most. */
#define NLB_SLOTS (2 * NLB_MAX)

/* How request tag ended: err 0 (acknowledged) or a positive errno.
 * Requests without NLM_F_ACK that succeed are not reported. */
typedef void (*nlb_done_t)(void *data, unsigned long tag, int err);

/* One batch: the requests, then the kernel's answers to them. */
struct nlb_job {
	char *buf;
	size_t len;
	uint32_t seq0;		/* sequence number of the first request */
	unsigned int n;
	unsigned long tag[NLB_MAX];
	unsigned int nans;
	struct { unsigned int i; int err; } ans[NLB_MAX];
	int send_err;		/* sendmsg() failed: every request did */
	int recv_err;		/* answers lost (ENOBUFS) or unreadable */
};

struct nlbatch {
	struct nlsock *s;
	nlb_done_t done;
	void *data;
	unsigned int max;	/* requests per batch */
	struct nlb_job job[2];
	int cur;		/* the job being filled */
	int err;		/* first recv_err seen, for nlb_flush() */
	/* threaded mode */
	bool threaded, started, quit;
	struct nlb_job *pending;	/* handed to the sender thread */
	bool busy;			/* ... and not finished yet */
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* Set up a batch on socket s (whose receive buffer it enlarges); threaded:
 * send from a second thread. Returns 0, or -1 with errno. */
int nlb_init(struct nlbatch *b, struct nlsock *s, bool threaded,
	     nlb_done_t done, void *data);
/* Stop the thread and free the buffers (what is queued is not sent). */
void nlb_free(struct nlbatch *b);

/* Room for the next request (CT_MSG_MAX bytes, see ct_msg_start()); the
 * batch is handed over first if it is full. NULL (errno) on failure. */
void *nlb_room(struct nlbatch *b);

/* The slot, 0..NLB_SLOTS-1, that the request built in the room now will
 * have: unique among the requests not reported yet, so callers can keep
 * per-request data in arrays of NLB_SLOTS. */
unsigned int nlb_slot(const struct nlbatch *b);

/* Queue the request built in the room, answered under tag; its sequence
 * number is set here. */
void nlb_commit(struct nlbatch *b, struct nlmsghdr *nlh, unsigned long tag);

/* Send everything queued and report every answer. Returns 0, or -1 with
 * errno when answers were lost (ENOBUFS) or the socket failed since the
 * last nlb_flush(); requests that could not be sent are reported with
 * the send's errno. */
int nlb_flush(struct nlbatch *b);

#endif
