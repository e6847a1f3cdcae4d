/*
 * cache_dump.h - the text conntrackd sends for -i/-e (one line per cached
 * entry), the -s blocks (cache, traffic, runtime, process list) and the
 * stats-mode flow log line, byte for byte as the reference writes them
 * (docs/notes/conntrackd-reference.md, sections 4.2 to 4.4).
 */
#ifndef CACHE_DUMP_H
#define CACHE_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "cache.h"
#include "ct.h"
#include "exp_cache.h"
#include "obuf.h"

/*
 * One -i/-e line for ct: the default format (no event prefix, flags 0)
 * without the timeout, then, plain only, " [expires in %lds]" when
 * expires >= 0 and " [active since %lds]", then "\n"; or the XML <flow>
 * element and "\n". delta-time (with timestamps) is measured to now
 * (0: time()).
 */
void cdump_line(struct obuf *o, const struct ct_entry *ct, bool xml,
		long expires, long active_since, int64_t now);

/* The same for a cached entry, active since now - its lifetime. */
void cdump_entry(struct obuf *o, const struct cache *c,
		 const struct cache_entry *e, bool xml, long expires,
		 int64_t now);

/*
 * Every entry of c as -i/-e prints it (no expiry), in dump order,
 * skipping DEAD entries when skip_dead (FTFW); stops once writing to o
 * has failed (the client is gone).
 */
void cdump_cache(struct obuf *o, struct cache *c, bool xml, bool skip_dead,
		 int64_t now);

/* "-s" for one cache: the "cache %s:" block. */
void cdump_cache_stats(struct obuf *o, const struct cache *c);

/* "-s cache" for one cache: the "cache:%s" block. */
void cdump_cache_stats_ext(struct obuf *o, const struct cache *c);

/* "-s expect" for one expectation cache: the "cache %s:" block. */
void cdump_exp_cache_stats(struct obuf *o, const struct exp_cache *c);

/* One -i/-e expect line: the expectation printer (no event prefix)
 * without the timeout, then, plain only, " [active since %lds]"; or the
 * XML <flow>; then "\n". */
void cdump_exp_entry(struct obuf *o, const struct exp_cache_entry *e,
		     bool xml, int64_t now);

/* The "traffic processed:" block (totals of both directions). */
void cdump_traffic(struct obuf *o, uint64_t bytes, uint64_t packets);

/* What "-s runtime" shows. */
struct cdump_runtime {
	int64_t uptime;			/* seconds since the daemon started */
	uint64_t events_received, events_filtered;
	uint32_t events_unknown_type, catch_event_failed, dump_unknown_type;
	uint32_t overrun, flush, resync;
	uint32_t buffer_size;		/* current NetlinkBufferSize */
	uint32_t child_fail, child_segfault, child_termsig;
	uint32_t select_failed, wait_failed;
	uint32_t local_read_failed, local_unknown_request;
};

/* The uptime as the reference words it: "[N day[s] ]H h M min" or
 * "[N day[s] ]M min". */
void cdump_uptime(struct obuf *o, int64_t seconds);

/* The whole "-s runtime" answer. */
void cdump_runtime(struct obuf *o, const struct cdump_runtime *r);

/* One line of "-s process" (type: "any", "flush" or "commit"). */
void cdump_process(struct obuf *o, unsigned int pid, const char *type);

/* Sync mode without an internal cache: the "internal bypass:" block of
 * -s (events passed on: new, updated, destroyed). */
void cdump_bypass(struct obuf *o, uint32_t new, uint32_t upd, uint32_t del);

/* Sync mode without an external cache: the "external inject:" block
 * (created, updated, destroyed, each with its failures). */
struct cdump_inject {
	uint32_t add_ok, add_fail, upd_ok, upd_fail, del_ok, del_fail;
};
void cdump_inject(struct obuf *o, const struct cdump_inject *in);

/* Sync mode: the "message tracking:" block of -s, and the "network
 * statistics:" block of -s network. */
struct cdump_network {
	uint64_t malformed, lost, before;
	uint32_t bad_version, bad_header, bad_payload, bad_type, truncated,
		 bad_size, send_malformed;
};
void cdump_tracking(struct obuf *o, const struct cdump_network *n);
void cdump_network(struct obuf *o, const struct cdump_network *n);

/* One block of -s queue: its name, current and maximum elements (and
 * no "not enough space" errors). */
void cdump_queue(struct obuf *o, const char *name, unsigned int cur,
		 unsigned int max);

/* Room for one flow text or dump line: the reference renders each into
 * a buffer of this size. */
#define CDUMP_LINE_MAX	1024

/*
 * The text of a flow that ended, as the stats LogFile and syslog get it
 * after the date: the default format of ct (flags 0) without the
 * timeout, no newline. Written NUL-terminated into buf (cut to size - 1
 * bytes); returns its length.
 */
size_t cdump_flow(char *buf, size_t size, const struct ct_entry *ct);

/*
 * The whole stats LogFile line: ctime(now) with its newline turned into
 * a TAB, the text of cdump_flow(), "\n". Returns the length of the date
 * part (TAB included).
 */
size_t cdump_flow_line(struct obuf *o, const struct ct_entry *ct, time_t now);

#endif
