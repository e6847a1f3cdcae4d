/*
 * stats_mode.c - the Stats section's mode: a cache ("stats") of the
 * flows the kernel tracks, and one log line per flow when it ends
 * (docs/notes/conntrackd-reference.md §4.3).
 *
 * Each entry carries one byte: the number of the last resync dump that
 * listed it (or of the dump under way when an event touched it). When a
 * resync or polling dump ends, entries with an older number are gone
 * from the kernel, or filtered out now, and are purged and logged.
 */
#include <stdlib.h>
#include <time.h>

#include "cache.h"
#include "cache_dump.h"
#include "ctd.h"
#include "obuf.h"
#include "request.h"

struct stats_state {
	struct cache *cache;
	uint8_t epoch;		/* the current resync's number */
};

static struct stats_state *st(struct ctd *d)
{
	return d->mode_state;
}

static void mark(struct ctd *d, struct cache_entry *e)
{
	if (e)
		*(uint8_t *)cache_extra(st(d)->cache, e) = st(d)->epoch;
}

static int stats_init(struct ctd *d)
{
	struct stats_state *s = calloc(1, sizeof(*s));

	if (s)
		s->cache = cache_create("stats", d->conf.hashsize,
					d->conf.hashlimit, 1);
	if (!s || !s->cache) {
		log_msg(&d->log, LOG_ERR, "can't allocate memory for the "
			"external cache");
		free(s);
		return -1;
	}
	d->mode_state = s;
	return 0;
}

static void stats_kill(struct ctd *d)
{
	if (!st(d))
		return;
	cache_destroy(st(d)->cache);
	free(st(d));
	d->mode_state = NULL;
}

/* Dumped entries are stored without counters, timeout and use. */
static void strip(struct ct_entry *ct)
{
	ct_unset(ct, CTF_ORIG_COUNTERS);
	ct_unset(ct, CTF_REPL_COUNTERS);
	ct_unset(ct, CTF_TIMEOUT);
	ct_unset(ct, CTF_USE);
}

static void stats_populate(struct ctd *d, struct ct_entry *ct)
{
	strip(ct);
	mark(d, cache_update_force(st(d)->cache, ct, time(NULL)));
}

static void stats_resync_begin(struct ctd *d)
{
	st(d)->epoch++;
}

/* The flow line of an entry that ended: to the stats log. */
static void log_ended(struct ctd *d, const struct ct_entry *ct)
{
	char line[CDUMP_LINE_MAX];
	size_t len = cdump_flow(line, sizeof(line), ct);

	log_flow(&d->log, line, len);
}

static int purge_one(struct cache_entry *e, void *data)
{
	struct ctd *d = data;
	struct cache *c = st(d)->cache;
	struct ct_entry ct;

	if (*(uint8_t *)cache_extra(c, e) == st(d)->epoch)
		return 0;
	cache_entry_get(c, e, &ct);
	cache_del(c, e);
	log_ended(d, &ct);
	return 0;
}

static void stats_purge(struct ctd *d)
{
	cache_iterate(st(d)->cache, purge_one, d);
}

static void stats_new(struct ctd *d, struct ct_entry *ct)
{
	struct cache_entry *e;

	ct_unset(ct, CTF_TIMEOUT);
	e = cache_find(st(d)->cache, ct);
	if (!e)
		e = cache_add(st(d)->cache, ct, time(NULL));
	mark(d, e);
}

static void stats_upd(struct ctd *d, struct ct_entry *ct)
{
	ct_unset(ct, CTF_TIMEOUT);
	mark(d, cache_update_force(st(d)->cache, ct, time(NULL)));
}

static bool stats_del(struct ctd *d, struct ct_entry *ct)
{
	struct cache_entry *e;

	ct_unset(ct, CTF_TIMEOUT);
	e = cache_find(st(d)->cache, ct);
	if (!e)
		return false;
	cache_del(st(d)->cache, e);
	log_ended(d, ct);
	return true;
}

static void stats_local(struct ctd *d, struct obuf *o, int request)
{
	struct cache *c = st(d)->cache;
	const struct kernel_stats *ks = &d->kernel.st;

	switch (request) {
	case REQ_CT_DUMP_INTERNAL:
	case REQ_CT_DUMP_INT_XML:
		cdump_cache(o, c, request == REQ_CT_DUMP_INT_XML, false,
			    time(NULL));
		break;
	case REQ_CT_FLUSH_CACHE:
	case REQ_CT_FLUSH_INT_CACHE:
		log_msg(&d->log, LOG_NOTICE, "flushing caches");
		cache_flush(c);
		break;
	case REQ_STATS:
		cdump_cache_stats(o, c);
		cdump_traffic(o, ks->bytes[0] + ks->bytes[1],
			      ks->packets[0] + ks->packets[1]);
		break;
	case REQ_STATS_CACHE:
		cdump_cache_stats_ext(o, c);
		break;
	}
}

const struct ctd_mode stats_mode = {
	.name = "stats",
	.fills_from_kernel = true,
	.init = stats_init,
	.kill = stats_kill,
	.populate = stats_populate,
	.resync = stats_populate,
	.resync_begin = stats_resync_begin,
	.purge = stats_purge,
	.ev_new = stats_new,
	.ev_upd = stats_upd,
	.ev_del = stats_del,
	.local = stats_local,
};
