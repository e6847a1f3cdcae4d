/*
 * kernel.h - the daemon's side of ctnetlink: the event socket, the
 * initial dump, overrun resyncs, polling, and the requests that act on
 * the kernel table (-F, -R), as conntrackd 1.4.x does them
 * (docs/notes/conntrackd-reference.md §5).
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"
#include "nlsock.h"

/* The "netlink stats" block of -s runtime. */
struct kernel_stats {
	uint64_t events_received, events_filtered;
	uint32_t events_unknown_type, catch_event_failed, dump_unknown_type;
	uint32_t overrun, flush, resync;
	/* Traffic of the flows whose destruction the mode took note of,
	 * per direction (original, reply). */
	uint64_t bytes[2], packets[2];
};

struct kernel {
	struct nlsock event, dump, resync;
	bool have_event, have_dump, have_resync;
	struct loop_io event_io, resync_io;
	struct loop_timer resync_timer;	/* overrun resync */
	struct loop_timer poll_timer;	/* PollSecs */
	bool resync_busy;		/* a resync/poll dump is under way */
	uint32_t resync_seq;
	unsigned int bufsize;		/* current event buffer (-s runtime) */
	unsigned int populated;		/* entries the dumps put in the cache */
	bool bufsize_warned;		/* cannot grow further: said once */
	struct kernel_stats st;
};

struct ctd;

/*
 * Open the handles the configuration needs, run the initial dump into
 * the mode's cache, and register the event socket (or the polling timer)
 * with the loop. Logs and returns -1 on failure.
 */
int kernel_init(struct ctd *d);
void kernel_close(struct ctd *d);

/* The kernel-table requests: -F and -R (ct, expect, all). Other requests
 * are ignored. */
void kernel_local(struct ctd *d, int request);

struct ct_entry;

/* Run fn on every kernel entry that passes the user-space filter, from a
 * dump on a socket of its own. fn returns -1 (errno) to stop. Returns 0
 * or -1 with errno. */
int kernel_walk(struct ctd *d,
		int (*fn)(struct ctd *d, const struct ct_entry *ct, void *data),
		void *data);

/* Delete every kernel entry the filter lets through (filtered-out ones
 * stay, as in the reference); in this process, or in a forked "flush"
 * child (none started while one runs). */
int kernel_flush_selective(struct ctd *d);
void kernel_flush_fork(struct ctd *d);

/*
 * Requests on the daemon's one blocking request socket (opened when
 * first needed). Rule: never from inside a callback of another request
 * on it (kernel_exp_dump's callbacks included), or the answers would
 * interleave.
 *
 * Create ct in the kernel / delete it (by original tuple and zone),
 * waiting for the answer. Return 0 or -1 with the kernel's errno.
 */
int kernel_create(struct ctd *d, const struct ct_entry *ct);
int kernel_delete(struct ctd *d, const struct ct_entry *ct);

/* Dump the expectation table into the mode's expectation cache (through
 * exp_populate, after the helper-list and master checks), waiting for
 * its end. Returns 0 or -1 with errno. */
int kernel_exp_dump(struct ctd *d);

struct ct_expect;

/* Create e in the kernel / delete it (by its expected tuple), waiting
 * for the answer. Return 0 or -1 with the kernel's errno. */
int kernel_exp_create(struct ctd *d, const struct ct_expect *e);
int kernel_exp_delete(struct ctd *d, const struct ct_expect *e);

/* Empty the kernel's expectation table (one request, on a socket of its
 * own). Returns 0 or -1 with errno. */
int kernel_exp_flush(struct ctd *d);

#endif
