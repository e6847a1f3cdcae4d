/*
 * sync_mode.c - the Sync section's modes (FTFW, ALARM, NOTRACK), their
 * local side: the internal cache (this firewall's states, or the kernel
 * table itself with DisableInternalCache), the external cache (the
 * peers' states, or direct injection with DisableExternalCache), commit,
 * flushes, the scheduled kernel flush (-t) and the -s blocks
 * (docs/notes/conntrackd-reference.md §4.5).
 *
 * State replication (the dedicated links and the FTFW/ALARM/NOTRACK
 * protocols) is not in this version: the daemon says so at start, runs
 * everything else, and nothing reaches or comes from peers, so the
 * external cache stays empty and -B/-n only log what they would do.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "cache.h"
#include "cache_dump.h"
#include "ctd.h"
#include "exp_cache.h"
#include "fmt.h"
#include "fmt_exp.h"
#include "obuf.h"
#include "request.h"

struct sync_state {
	struct cache *internal;	/* NULL: DisableInternalCache (bypass) */
	struct cache *external;	/* NULL: DisableExternalCache (inject) */
	/* ExpectationSync: the same two for expectations (NULL without
	 * it, or when the ct cache of that side is disabled) */
	struct exp_cache *exp_internal, *exp_external;
	uint8_t epoch;		/* the current resync's number */
	struct loop_timer reset;	/* -t: the scheduled kernel flush */
	struct { uint32_t new, upd, del; } bypass;
	struct cdump_inject inject;
	struct cdump_network net;
};

static struct sync_state *st(struct ctd *d)
{
	return d->mode_state;
}

static void mark(struct ctd *d, struct cache_entry *e)
{
	if (e)
		*(uint8_t *)cache_extra(st(d)->internal, e) = st(d)->epoch;
}

/* -t fired: flush the kernel table (in a child) and the internal cache. */
static void on_reset(struct loop *l, struct loop_timer *t)
{
	struct ctd *d = t->data;

	d->kernel.st.flush++;
	log_msg(&d->log, LOG_NOTICE, "flushing kernel conntrack table "
		"(scheduled)");
	kernel_flush_fork(d);
	if (st(d)->internal)
		cache_flush(st(d)->internal);
}

static int sync_init(struct ctd *d)
{
	const struct conf *c = &d->conf;
	struct sync_state *s;

	if (!c->sync_modes)
		log_msg(&d->log, LOG_WARNING, "No synchronization mode "
			"specified. Defaulting to FT-FW mode.");
	s = calloc(1, sizeof(*s));
	if (!s) {
		log_msg(&d->log, LOG_ERR, "can't allocate memory for sync");
		return -1;
	}
	d->mode_state = s;
	s->reset = (struct loop_timer){ .cb = on_reset, .data = d };
	if (c->disable_internal_cache) {
		log_msg(&d->log, LOG_NOTICE, "disabling internal cache");
		d->fills_from_kernel = false;
	} else if (!(s->internal = cache_create("internal", c->hashsize,
						c->hashlimit, 1))) {
		log_msg(&d->log, LOG_ERR, "can't allocate memory for the "
			"internal cache");
		return -1;
	}
	if (c->disable_external_cache) {
		log_msg(&d->log, LOG_NOTICE, "disabling external cache");
	} else if (!(s->external = cache_create("external", c->hashsize,
						c->hashlimit, 0))) {
		log_msg(&d->log, LOG_ERR, "can't allocate memory for the "
			"external cache");
		return -1;
	}
	if (c->expect_sync && s->internal &&
	    !(s->exp_internal = exp_cache_create("internal", c->hashsize,
						 c->hashlimit))) {
		log_msg(&d->log, LOG_ERR, "can't allocate memory for the "
			"internal cache");
		return -1;
	}
	if (c->expect_sync && s->external &&
	    !(s->exp_external = exp_cache_create("external", c->hashsize,
						 c->hashlimit))) {
		log_msg(&d->log, LOG_ERR, "can't allocate memory for the "
			"external cache");
		return -1;
	}
	log_msg(&d->log, LOG_WARNING, "state replication is not supported by "
		"this version yet: the Sync section runs without its "
		"dedicated links");
	return 0;
}

static void sync_kill(struct ctd *d)
{
	struct sync_state *s = st(d);

	if (!s)
		return;
	loop_timer_cancel(&d->loop, &s->reset);
	if (s->internal)
		cache_destroy(s->internal);
	if (s->external)
		cache_destroy(s->external);
	exp_cache_destroy(s->exp_internal);
	exp_cache_destroy(s->exp_external);
	free(s);
	d->mode_state = NULL;
}

static void strip_counters(struct ct_entry *ct)
{
	ct_unset(ct, CTF_ORIG_COUNTERS);
	ct_unset(ct, CTF_REPL_COUNTERS);
}

/* Initial dump, -R, overrun resync and polling: stored without counters
 * and use (the timeout stays: a commit on the peer needs it). */
static void sync_populate(struct ctd *d, struct ct_entry *ct)
{
	if (!st(d)->internal)
		return;
	strip_counters(ct);
	ct_unset(ct, CTF_USE);
	mark(d, cache_update_force(st(d)->internal, ct, time(NULL)));
}

static void sync_resync_begin(struct ctd *d)
{
	st(d)->epoch++;
}

/* A purged entry: dead, then gone (no peer holds a reference to it). */
static int purge_one(struct cache_entry *e, void *data)
{
	struct ctd *d = data;
	struct cache *c = st(d)->internal;

	if (*(uint8_t *)cache_extra(c, e) == st(d)->epoch)
		return 0;
	if (e->status != CACHE_DEAD)
		cache_set_dead(c, e);
	cache_del(c, e);
	return 0;
}

static void exp_resync_purge(struct ctd *d);

/* A resync or poll ended: drop what it did not list. */
static void sync_purge(struct ctd *d)
{
	if (!st(d)->internal)
		return;
	cache_iterate(st(d)->internal, purge_one, d);
	/* Polls list expectations too (an overrun resync, as in 1.4.7,
	 * only the conntrack table). */
	if (d->conf.poll_secs)
		exp_resync_purge(d);
}

/* A new entry replaces whatever the cache held under its key. */
static void sync_new(struct ctd *d, struct ct_entry *ct)
{
	struct cache *c = st(d)->internal;
	struct cache_entry *e;

	if (!c) {
		st(d)->bypass.new++;
		return;
	}
	strip_counters(ct);
	e = cache_find(c, ct);
	if (e)
		cache_del(c, e);
	mark(d, cache_add(c, ct, time(NULL)));
}

static void sync_upd(struct ctd *d, struct ct_entry *ct)
{
	if (!st(d)->internal) {
		st(d)->bypass.upd++;
		return;
	}
	mark(d, cache_update_force(st(d)->internal, ct, time(NULL)));
}

static bool sync_del(struct ctd *d, struct ct_entry *ct)
{
	struct cache *c = st(d)->internal;
	struct cache_entry *e;

	if (!c) {
		st(d)->bypass.del++;
		return true;
	}
	e = cache_find(c, ct);
	if (!e)
		return false;
	if (e->status != CACHE_DEAD)
		cache_set_dead(c, e);
	/* The reference keeps a dead entry until its deletion has reached
	 * the peers; with nothing to send, it goes now. */
	cache_del(c, e);
	return true;
}

/* Expectations */

/* The master as the key of a ct entry: its original tuple. */
static void master_key(const struct ct_expect *e, struct ct_entry *ct)
{
	memset(ct, 0, sizeof(*ct));
	ct->orig = e->master;
	ct->present = CT_BIT(CTF_ORIG_L3) | CT_BIT(CTF_ORIG_L4) |
		      CT_BIT(CTF_ORIG_SRC) | CT_BIT(CTF_ORIG_DST);
	if (e->master.l4 == IPPROTO_ICMP || e->master.l4 == IPPROTO_ICMPV6)
		ct->present |= CT_ICMP_BITS;
	else
		ct->present |= CT_BIT(CTF_ORIG_SPORT) | CT_BIT(CTF_ORIG_DPORT);
}

/* The master must be in the internal cache; without one, in the kernel
 * table (a GET, as the reference's bypass does). */
static bool sync_exp_master_known(struct ctd *d, const struct ct_expect *e)
{
	struct ct_entry ct;

	/* Without an expectation cache nothing would keep it (and nothing
	 * is sent without links): no kernel request for it. */
	if (!st(d)->exp_internal)
		return false;
	master_key(e, &ct);
	return cache_find(st(d)->internal, &ct) != NULL;
}

static void exp_mark(struct ctd *d, struct exp_cache_entry *x)
{
	if (x)
		x->mark = st(d)->epoch;
}

static void sync_exp_populate(struct ctd *d, struct ct_expect *e)
{
	if (st(d)->exp_internal)
		exp_mark(d, exp_cache_update_force(st(d)->exp_internal, e,
						   time(NULL)));
}

/* A new expectation replaces an equal one. */
static void sync_exp_new(struct ctd *d, struct ct_expect *e)
{
	struct exp_cache *c = st(d)->exp_internal;
	struct exp_cache_entry *x;

	if (!c)
		return;
	x = exp_cache_find(c, e);
	if (x)
		exp_cache_del(c, x);
	exp_mark(d, exp_cache_add(c, e, time(NULL)));
}

static void sync_exp_upd(struct ctd *d, struct ct_expect *e)
{
	sync_exp_populate(d, e);
}

static int exp_purge_one(struct exp_cache_entry *x, void *data)
{
	struct ctd *d = data;
	struct exp_cache *c = st(d)->exp_internal;

	if (x->mark == st(d)->epoch)
		return 0;
	if (x->status != CACHE_DEAD)
		exp_cache_set_dead(c, x);
	exp_cache_del(c, x);
	return 0;
}

/* The expectation table listed again (marking what it holds), then
 * what it did not list dropped. A failed dump purges nothing. */
static void exp_resync_purge(struct ctd *d)
{
	if (!st(d)->exp_internal || !d->conf.expect_sync)
		return;
	if (kernel_exp_dump(d) < 0)
		return;
	exp_cache_iterate(st(d)->exp_internal, exp_purge_one, d);
}

static void sync_exp_del(struct ctd *d, struct ct_expect *e)
{
	struct exp_cache *c = st(d)->exp_internal;
	struct exp_cache_entry *x;

	if (!c || !(x = exp_cache_find(c, e)))
		return;
	/* dead, then gone: nothing is left to send to peers */
	if (x->status != CACHE_DEAD)
		exp_cache_set_dead(c, x);
	exp_cache_del(c, x);
}

struct exp_dump_ctx {
	struct obuf *o;
	bool xml, skip_dead;
	int64_t now;
};

static int exp_dump_one(struct exp_cache_entry *e, void *data)
{
	struct exp_dump_ctx *x = data;

	if (!(x->skip_dead && e->status == CACHE_DEAD))
		cdump_exp_entry(x->o, e, x->xml, x->now);
	return x->o->err != 0;	/* the client is gone: stop */
}

static void dump_exp_cache(struct ctd *d, struct exp_cache *c, struct obuf *o,
			   bool xml)
{
	struct exp_dump_ctx x = { o, xml, d->conf.sync_mode == CONF_MODE_FTFW,
				  time(NULL) };

	if (c)
		exp_cache_iterate(c, exp_dump_one, &x);
}

/* One external expectation into the kernel, as the reference commits
 * it: the timeout estimated from the cached one, EEXIST retried once
 * after deleting. */
static int exp_commit_one(struct exp_cache_entry *x, void *data)
{
	struct ctd *d = data;
	struct ct_expect e = x->exp;
	long timeout = d->conf.commit_timeout;
	struct obuf lo;
	const char *what = "commit-create";
	bool ok;

	if (!timeout) {
		long elapsed = (long)(time(NULL) - x->lastupdate);

		timeout = (long)e.timeout - (elapsed < 0 ? 60 : elapsed);
		if (timeout < 0)
			timeout = 60;
	}
	if (timeout > 0) {
		e.timeout = (uint32_t)timeout;
		exp_set(&e, EXPF_TIMEOUT);
	}
	ok = kernel_exp_create(d, &e) == 0;
	if (!ok && errno == EEXIST) {
		if (kernel_exp_delete(d, &e) == 0 || errno == ENOENT)
			ok = kernel_exp_create(d, &e) == 0;
		else
			what = "commit-destroy";
	}
	exp_cache_count_commit(st(d)->exp_external, ok);
	if (ok)
		return 0;
	log_msg(&d->log, LOG_ERR, "%s: %s", what, strerror(errno));
	if (ob_init(&lo, -1, 2 * CDUMP_LINE_MAX) == 0) {
		fmt_exp_default(&lo, &e, FMT_MSG_NONE);
		ob_chr(&lo, '\0');
		log_entry(&d->log, lo.p);
		ob_free(&lo);
	}
	return 0;
}

/* -c expect: the external expectation cache into the kernel. */
static void exp_commit(struct ctd *d)
{
	struct exp_cache *c = st(d)->exp_external;
	struct timeval t0, t1, dt;
	uint32_t ok0, fail0;

	loop_timer_cancel(&d->loop, &st(d)->reset);
	if (!c)
		return;
	ok0 = exp_cache_stats(c)->commit_ok;
	fail0 = exp_cache_stats(c)->commit_fail;
	gettimeofday(&t0, NULL);
	exp_cache_iterate(c, exp_commit_one, d);
	gettimeofday(&t1, NULL);
	timersub(&t1, &t0, &dt);
	log_msg(&d->log, LOG_NOTICE, "Committed %u new expectations",
		exp_cache_stats(c)->commit_ok - ok0);
	if (exp_cache_stats(c)->commit_fail - fail0)
		log_msg(&d->log, LOG_NOTICE, "%u expectations can't be "
			"committed", exp_cache_stats(c)->commit_fail - fail0);
	log_msg(&d->log, LOG_NOTICE, "commit has taken %lu.%06lu seconds",
		(unsigned long)dt.tv_sec, (unsigned long)dt.tv_usec);
}

static void exp_stats(struct ctd *d, struct obuf *o)
{
	const struct kernel_stats *ks = &d->kernel.st;
	const struct sync_state *s = st(d);
	static const struct cdump_inject none;

	if (s->exp_internal)
		cdump_exp_cache_stats(o, s->exp_internal);
	else
		cdump_bypass(o, 0, 0, 0);
	if (s->exp_external)
		cdump_exp_cache_stats(o, s->exp_external);
	else
		cdump_inject(o, &none);
	cdump_traffic(o, ks->bytes[0] + ks->bytes[1],
		      ks->packets[0] + ks->packets[1]);
	cdump_tracking(o, &st(d)->net);
}

static void flush_exp_caches(struct ctd *d)
{
	if (st(d)->exp_internal)
		exp_cache_flush(st(d)->exp_internal);
	else if (!st(d)->internal)
		kernel_exp_flush(d);	/* the bypass: the kernel's table */
	if (st(d)->exp_external)
		exp_cache_flush(st(d)->exp_external);
}

static void dump_cache(struct ctd *d, struct cache *c, struct obuf *o,
		       bool xml)
{
	if (c)
		cdump_cache(o, c, xml, d->conf.sync_mode == CONF_MODE_FTFW,
			    time(NULL));
}

/* -i without an internal cache: the kernel table, every field. */
static int bypass_line(struct ctd *d, const struct ct_entry *ct, void *data)
{
	struct fmt_ctx fc = { 0 };
	struct obuf *o = data;

	fmt_default(o, ct, FMT_MSG_NONE, &fc);
	ob_chr(o, '\n');
	return o->err ? -1 : 0;		/* the client is gone: stop */
}

static void dump_internal(struct ctd *d, struct obuf *o, bool xml)
{
	if (st(d)->internal)
		dump_cache(d, st(d)->internal, o, xml);
	else if (kernel_walk(d, bypass_line, o) < 0 && !o->err)
		log_msg(&d->log, LOG_ERR, "can't dump kernel table");
}

/* One external entry into the kernel, as the reference commits it. */
static void commit_one(struct ctd *d, struct ct_entry *ct, int64_t lastupdate,
		       unsigned int *ok, unsigned int *fail)
{
	long timeout = d->conf.commit_timeout;
	char line[CDUMP_LINE_MAX];
	const char *what = "commit-create";

	if (!timeout) {
		long elapsed = (long)(time(NULL) - lastupdate);

		timeout = (long)ct->timeout - (elapsed < 0 ? 60 : elapsed);
		if (timeout < 0)
			timeout = 60;
	}
	if (timeout > 0) {
		ct->timeout = (uint32_t)timeout;
		ct_set(ct, CTF_TIMEOUT);
	}
	ct->status &= ~CT_S_EXPECTED;
	/* The kernel needs both directions; peers send the original only. */
	if (!(ct->present & CT_REPL_TUPLE_BITS))
		ct_complete_reply(ct);
	if (!d->conf.tcp_window_tracking && ct->orig.l4 == IPPROTO_TCP) {
		ct->tcp_flags |= 0x08;	/* IP_CT_TCP_FLAG_BE_LIBERAL */
		ct_set(ct, CTF_TCP_FLAGS);
	}
	if (kernel_create(d, ct) == 0) {
		(*ok)++;
		return;
	}
	/* Present already: delete it and try once more. */
	if (errno == EEXIST) {
		if (kernel_delete(d, ct) == 0 || errno == ENOENT) {
			if (kernel_create(d, ct) == 0) {
				(*ok)++;
				return;
			}
		} else {
			what = "commit-destroy";
		}
	}
	log_msg(&d->log, LOG_ERR, "%s: %s", what, strerror(errno));
	cdump_flow(line, sizeof(line), ct);
	log_entry(&d->log, line);
	(*fail)++;
}

struct commit_ctx {
	struct ctd *d;
	unsigned int ok, fail;
};

static int commit_entry(struct cache_entry *e, void *data)
{
	struct commit_ctx *x = data;
	struct ct_entry ct;

	cache_entry_get(st(x->d)->external, e, &ct);
	commit_one(x->d, &ct, e->lastupdate, &x->ok, &x->fail);
	return 0;
}

/* -c: the external cache into the kernel (synchronously). */
static void commit(struct ctd *d)
{
	struct commit_ctx x = { d, 0, 0 };
	struct timeval t0, t1, dt;

	loop_timer_cancel(&d->loop, &st(d)->reset);
	if (!st(d)->external)
		return;
	gettimeofday(&t0, NULL);
	cache_iterate(st(d)->external, commit_entry, &x);
	for (unsigned int i = 0; i < x.ok + x.fail; i++)
		cache_count_commit(st(d)->external, i < x.ok);
	gettimeofday(&t1, NULL);
	timersub(&t1, &t0, &dt);
	log_msg(&d->log, LOG_NOTICE, "Committed %u new entries", x.ok);
	if (x.fail)
		log_msg(&d->log, LOG_NOTICE, "%u entries can't be committed",
			x.fail);
	log_msg(&d->log, LOG_NOTICE, "commit has taken %lu.%06lu seconds",
		(unsigned long)dt.tv_sec, (unsigned long)dt.tv_usec);
}

static void flush_internal(struct ctd *d)
{
	if (st(d)->internal)
		cache_flush(st(d)->internal);
	else
		kernel_flush_selective(d);
}

static void stats(struct ctd *d, struct obuf *o)
{
	const struct kernel_stats *ks = &d->kernel.st;
	const struct sync_state *s = st(d);

	if (s->internal)
		cdump_cache_stats(o, s->internal);
	else
		cdump_bypass(o, s->bypass.new, s->bypass.upd, s->bypass.del);
	if (st(d)->external)
		cdump_cache_stats(o, st(d)->external);
	else
		cdump_inject(o, &st(d)->inject);
	cdump_traffic(o, ks->bytes[0] + ks->bytes[1],
		      ks->packets[0] + ks->packets[1]);
	cdump_tracking(o, &st(d)->net);
}

static void stats_cache(struct ctd *d, struct obuf *o)
{
	const struct sync_state *s = st(d);

	if (s->internal)
		cdump_cache_stats_ext(o, s->internal);
	else
		cdump_bypass(o, s->bypass.new, s->bypass.upd, s->bypass.del);
	if (s->external)
		cdump_cache_stats_ext(o, s->external);
	else
		cdump_inject(o, &s->inject);
}

/* -s queue: the reference's message queues, newest first (the transmit
 * queue, the link error queue, FTFW's resend queue), empty without links. */
static void show_queues(struct ctd *d, struct obuf *o)
{
	const struct conf *c = &d->conf;

	ob_str(o, "allocated queue nodes:\t\t           0\n\n");
	cdump_queue(o, "txqueue", 0, 2147483647u);
	cdump_queue(o, "errorq", 0, c->errorq_len);
	if (c->sync_mode == CONF_MODE_FTFW)
		cdump_queue(o, "rsqueue", 0, c->resend_queue_size);
}

/* -B and -n: what the mode would send (nothing leaves without links). */
static void bulk_or_resync(struct ctd *d, int request)
{
	unsigned int mode = d->conf.sync_mode;

	if (mode == CONF_MODE_ALARM)
		return;
	if (request == REQ_REQUEST_DUMP)
		log_msg(&d->log, LOG_NOTICE, "resync requested");
	else if (mode == CONF_MODE_FTFW || st(d)->internal)
		log_msg(&d->log, LOG_NOTICE, "sending bulk update");
}

static void sync_local(struct ctd *d, struct obuf *o, int request)
{
	switch (request) {
	case REQ_CT_DUMP_INTERNAL:
	case REQ_CT_DUMP_INT_XML:
		dump_internal(d, o, request == REQ_CT_DUMP_INT_XML);
		break;
	case REQ_CT_DUMP_EXTERNAL:
	case REQ_CT_DUMP_EXT_XML:
		dump_cache(d, st(d)->external, o, request == REQ_CT_DUMP_EXT_XML);
		break;
	case REQ_CT_COMMIT:
		log_msg(&d->log, LOG_NOTICE, "committing conntrack cache");
		commit(d);
		break;
	case REQ_ALL_COMMIT:
		log_msg(&d->log, LOG_NOTICE, "committing all external caches");
		commit(d);
		if (d->conf.expect_sync)
			exp_commit(d);
		break;
	case REQ_EXP_COMMIT:
		if (!d->conf.expect_sync)
			break;
		log_msg(&d->log, LOG_NOTICE, "committing expectation cache");
		exp_commit(d);
		break;
	case REQ_EXP_DUMP_INTERNAL:
	case REQ_EXP_DUMP_EXTERNAL:
		if (!d->conf.expect_sync)
			break;
		/* the XML variants are not gated */
		/* FALLTHROUGH */
	case REQ_EXP_DUMP_INT_XML:
	case REQ_EXP_DUMP_EXT_XML:
		dump_exp_cache(d, request == REQ_EXP_DUMP_INTERNAL ||
			       request == REQ_EXP_DUMP_INT_XML ?
			       st(d)->exp_internal : st(d)->exp_external, o,
			       request == REQ_EXP_DUMP_INT_XML ||
			       request == REQ_EXP_DUMP_EXT_XML);
		break;
	case REQ_EXP_STATS:
		if (d->conf.expect_sync)
			exp_stats(d, o);
		break;
	case REQ_RESET_TIMERS:
		if (st(d)->reset.armed)
			break;
		log_msg(&d->log, LOG_NOTICE, "flushing conntrack table in %d secs",
			(int)d->conf.purge_timeout);
		loop_timer_in(&d->loop, &st(d)->reset,
			      (int64_t)d->conf.purge_timeout * 1000);
		break;
	case REQ_CT_FLUSH_CACHE:
	case REQ_ALL_FLUSH_CACHE:
		loop_timer_cancel(&d->loop, &st(d)->reset);
		log_msg(&d->log, LOG_NOTICE, "flushing caches");
		flush_internal(d);
		if (st(d)->external)
			cache_flush(st(d)->external);
		if (request == REQ_ALL_FLUSH_CACHE)
			flush_exp_caches(d);
		break;
	case REQ_CT_FLUSH_INT_CACHE:
		loop_timer_cancel(&d->loop, &st(d)->reset);
		log_msg(&d->log, LOG_NOTICE, "flushing internal cache");
		flush_internal(d);
		break;
	case REQ_CT_FLUSH_EXT_CACHE:
		log_msg(&d->log, LOG_NOTICE, "flushing external cache");
		if (st(d)->external)
			cache_flush(st(d)->external);
		break;
	case REQ_STATS:
		stats(d, o);
		break;
	case REQ_STATS_NETWORK:
		cdump_network(o, &st(d)->net);
		break;
	case REQ_STATS_CACHE:
		stats_cache(d, o);
		break;
	case REQ_STATS_QUEUE:
		show_queues(d, o);
		break;
	case REQ_STATS_RSQUEUE:
		if (d->conf.sync_mode == CONF_MODE_FTFW)
			ob_str(o, "resent queue (len=0)\n");
		break;
	case REQ_SEND_BULK:
	case REQ_REQUEST_DUMP:
		bulk_or_resync(d, request);
		break;
	}
}

const struct ctd_mode sync_mode = {
	.name = "sync",
	.fills_from_kernel = true,
	.init = sync_init,
	.kill = sync_kill,
	.populate = sync_populate,
	.resync = sync_populate,
	.resync_begin = sync_resync_begin,
	.purge = sync_purge,
	.ev_new = sync_new,
	.ev_upd = sync_upd,
	.ev_del = sync_del,
	.local = sync_local,
	.exp_master_known = sync_exp_master_known,
	.exp_populate = sync_exp_populate,
	.exp_new = sync_exp_new,
	.exp_upd = sync_exp_upd,
	.exp_del = sync_exp_del,
};
