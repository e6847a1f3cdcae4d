/*
 * cache_dump.c - conntrackd's text output for cached entries and the -s
 * statistics (see cache_dump.h). The entries go through the core
 * library's formatters with flags 0, as the reference's go through
 * libnetfilter_conntrack's printer; the blocks are the reference's
 * printf formats.
 */
#include <string.h>

#include "cache_dump.h"
#include "fmt.h"
#include "fmt_exp.h"

/* The formatters' context for daemon output: no flags, no label names. */
static struct fmt_ctx plain_ctx(int64_t now)
{
	struct fmt_ctx fc = { .flags = 0, .labels = NULL, .now = now };

	return fc;
}

void cdump_line(struct obuf *o, const struct ct_entry *ct, bool xml,
		long expires, long active_since, int64_t now)
{
	struct fmt_ctx fc = plain_ctx(now);
	struct ct_entry tmp = *ct;

	/* the reference drops the cached timeout before printing: it
	 * would only confuse */
	ct_unset(&tmp, CTF_TIMEOUT);
	if (xml) {
		fmt_xml(o, &tmp, FMT_MSG_NONE, &fc);
	} else {
		fmt_default(o, &tmp, FMT_MSG_NONE, &fc);
		if (expires >= 0)
			ob_printf(o, " [expires in %lds]", expires);
		ob_printf(o, " [active since %lds]", active_since);
	}
	ob_chr(o, '\n');
}

void cdump_entry(struct obuf *o, const struct cache *c,
		 const struct cache_entry *e, bool xml, long expires,
		 int64_t now)
{
	struct ct_entry ct;

	cache_entry_get(c, e, &ct);
	cdump_line(o, &ct, xml, expires, (long)(now - e->lifetime), now);
}

/* The two views of a cache's counters: the "cache %s:" block, or with
 * ext the "cache:%s" one. */
static void cache_block(struct obuf *o, const char *name,
			const struct cache_stats *s, unsigned int count, bool ext)
{
	if (!ext) {
		ob_printf(o, "cache %s:\n"
			  "current active connections:\t%12u\n"
			  "connections created:\t\t%12u\tfailed:\t%12u\n"
			  "connections updated:\t\t%12u\tfailed:\t%12u\n"
			  "connections destroyed:\t\t%12u\tfailed:\t%12u\n\n",
			  name, s->active, s->add_ok, s->add_fail,
			  s->upd_ok, s->upd_fail, s->del_ok, s->del_fail);
		return;
	}
	ob_printf(o, "cache:%s\tactive objects:\t\t%12u\n"
		  "\tactive/total entries:\t\t%12u/%12u\n"
		  "\tcreation OK/failed:\t\t%12u/%12u\n"
		  "\t\tno memory available:\t%12u\n"
		  "\t\tno space left in cache:\t%12u\n"
		  "\tupdate OK/failed:\t\t%12u/%12u\n"
		  "\t\tentry not found:\t%12u\n"
		  "\tdeletion created/failed:\t%12u/%12u\n"
		  "\t\tentry not found:\t%12u\n\n",
		  name, s->objects, s->active, count,
		  s->add_ok, s->add_fail, s->add_fail_enomem,
		  s->add_fail_enospc, s->upd_ok, s->upd_fail,
		  s->upd_fail_enoent, s->del_ok, s->del_fail,
		  s->del_fail_enoent);
}

void cdump_cache_stats(struct obuf *o, const struct cache *c)
{
	cache_block(o, cache_name(c), cache_stats(c), cache_count(c), false);
}

void cdump_cache_stats_ext(struct obuf *o, const struct cache *c)
{
	cache_block(o, cache_name(c), cache_stats(c), cache_count(c), true);
}

void cdump_exp_cache_stats(struct obuf *o, const struct exp_cache *c)
{
	cache_block(o, exp_cache_name(c), exp_cache_stats(c),
		    exp_cache_count(c), false);
}

void cdump_exp_entry(struct obuf *o, const struct exp_cache_entry *e,
		     bool xml, int64_t now)
{
	struct ct_expect x = e->exp;

	/* as for entries: no cached timeout */
	x.present &= ~(1u << EXPF_TIMEOUT);
	if (xml) {
		fmt_exp_xml(o, &x, FMT_MSG_NONE, false);
	} else {
		fmt_exp_default(o, &x, FMT_MSG_NONE);
		ob_printf(o, " [active since %lds]", (long)(now - e->lifetime));
	}
	ob_chr(o, '\n');
}

void cdump_traffic(struct obuf *o, uint64_t bytes, uint64_t packets)
{
	ob_printf(o, "traffic processed:\n%20llu Bytes      %20llu Pckts\n\n",
		  (unsigned long long)bytes, (unsigned long long)packets);
}

void cdump_uptime(struct obuf *o, int64_t seconds)
{
	/* int arithmetic, as the reference does it */
	int days = (int)seconds / (60 * 60 * 24);
	int minutes = (int)seconds / 60;
	int hours = (minutes / 60) % 24;

	minutes %= 60;
	if (days)
		ob_printf(o, "%d day%s ", days, days != 1 ? "s" : "");
	if (hours)
		ob_printf(o, "%d h %d min", hours, minutes);
	else
		ob_printf(o, "%d min", minutes);
}

static void runtime_netlink(struct obuf *o, const struct cdump_runtime *r)
{
	ob_printf(o, "netlink stats:\n"
		  "\tevents received:\t%20llu\n"
		  "\tevents filtered:\t%20llu\n"
		  "\tevents unknown type:\t\t%12u\n"
		  "\tcatch event failed:\t\t%12u\n"
		  "\tdump unknown type:\t\t%12u\n"
		  "\tnetlink overrun:\t\t%12u\n"
		  "\tflush kernel table:\t\t%12u\n"
		  "\tresync with kernel table:\t%12u\n"
		  "\tcurrent buffer size (in bytes):\t%12u\n\n",
		  (unsigned long long)r->events_received,
		  (unsigned long long)r->events_filtered,
		  r->events_unknown_type, r->catch_event_failed,
		  r->dump_unknown_type, r->overrun, r->flush, r->resync,
		  r->buffer_size);
}

static void runtime_process(struct obuf *o, const struct cdump_runtime *r)
{
	ob_printf(o, "runtime stats:\n"
		  "\tchild process failed:\t\t%12u\n"
		  "\t\tchild process segfault:\t%12u\n"
		  "\t\tchild process termsig:\t%12u\n"
		  "\tselect failed:\t\t\t%12u\n"
		  "\twait failed:\t\t\t%12u\n"
		  "\tlocal read failed:\t\t%12u\n"
		  "\tlocal unknown request:\t\t%12u\n\n",
		  r->child_fail, r->child_segfault, r->child_termsig,
		  r->select_failed, r->wait_failed, r->local_read_failed,
		  r->local_unknown_request);
}

void cdump_runtime(struct obuf *o, const struct cdump_runtime *r)
{
	ob_str(o, "daemon uptime: ");
	cdump_uptime(o, r->uptime);
	ob_str(o, "\n\n");
	runtime_netlink(o, r);
	runtime_process(o, r);
}

void cdump_process(struct obuf *o, unsigned int pid, const char *type)
{
	ob_printf(o, "PID=%u type=%s\n", pid, type);
}

/* The flow text into o; delta-time is measured to now (0: time()). */
static void flow_text(struct obuf *o, const struct ct_entry *ct, int64_t now)
{
	struct fmt_ctx fc = plain_ctx(now);
	struct ct_entry tmp = *ct;

	ct_unset(&tmp, CTF_TIMEOUT);
	fmt_default(o, &tmp, FMT_MSG_NONE, &fc);
}

size_t cdump_flow(char *buf, size_t size, const struct ct_entry *ct)
{
	/* A line is a few hundred bytes at most (the longest fields are a
	 * 64-byte secctx and two IPv6 tuples): a stack obuf never flushes. */
	char tmp[4 * CDUMP_LINE_MAX];
	struct obuf o = { .p = tmp, .len = 0, .cap = sizeof(tmp), .fd = -1 };
	size_t n;

	if (size == 0)
		return 0;
	flow_text(&o, ct, 0);
	n = o.len < size - 1 ? o.len : size - 1;
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return n;
}

size_t cdump_flow_line(struct obuf *o, const struct ct_entry *ct, time_t now)
{
	char date[64];
	size_t n = 0;

	if (ctime_r(&now, date)) {
		n = strlen(date);
		if (n && date[n - 1] == '\n')
			date[n - 1] = '\t';
		ob_mem(o, date, n);
	}
	flow_text(o, ct, (int64_t)now);
	ob_chr(o, '\n');
	return n;
}

void cdump_bypass(struct obuf *o, uint32_t new, uint32_t upd, uint32_t del)
{
	ob_printf(o, "internal bypass:\n"
		  "connections new:\t\t%12u\n"
		  "connections updated:\t\t%12u\n"
		  "connections destroyed:\t\t%12u\n\n", new, upd, del);
}

void cdump_inject(struct obuf *o, const struct cdump_inject *in)
{
	ob_printf(o, "external inject:\n"
		  "connections created:\t\t%12u\tfailed:\t%12u\n"
		  "connections updated:\t\t%12u\tfailed:\t%12u\n"
		  "connections destroyed:\t\t%12u\tfailed:\t%12u\n\n",
		  in->add_ok, in->add_fail, in->upd_ok, in->upd_fail,
		  in->del_ok, in->del_fail);
}

void cdump_tracking(struct obuf *o, const struct cdump_network *n)
{
	ob_printf(o, "message tracking:\n"
		  "%20llu Malformed msgs %20llu Lost msgs\n\n",
		  (unsigned long long)n->malformed,
		  (unsigned long long)n->lost);
}

void cdump_network(struct obuf *o, const struct cdump_network *n)
{
	ob_printf(o, "network statistics:\n"
		  "\trecv:\n"
		  "\t\tMalformed messages:\t%20llu\n"
		  "\t\tWrong protocol version:\t%20u\n"
		  "\t\tMalformed header:\t%20u\n"
		  "\t\tMalformed payload:\t%20u\n"
		  "\t\tBad message type:\t%20u\n"
		  "\t\tTruncated message:\t%20u\n"
		  "\t\tBad message size:\t%20u\n"
		  "\tsend:\n"
		  "\t\tMalformed messages:\t%20u\n\n"
		  "sequence tracking statistics:\n"
		  "\trecv:\n"
		  "\t\tPackets lost:\t\t%20llu\n"
		  "\t\tPackets before:\t\t%20llu\n\n",
		  (unsigned long long)n->malformed, n->bad_version,
		  n->bad_header, n->bad_payload, n->bad_type, n->truncated,
		  n->bad_size, n->send_malformed, (unsigned long long)n->lost,
		  (unsigned long long)n->before);
}

void cdump_queue(struct obuf *o, const char *name, unsigned int cur,
		 unsigned int max)
{
	ob_printf(o, "queue %s:\n"
		  "current elements:\t\t%12u\n"
		  "maximum elements:\t\t%12u\n"
		  "not enough space errors:\t%12u\n\n", name, cur, max, 0u);
}

struct walk {
	struct cache *cache;
	struct obuf *o;
	bool xml, skip_dead;
	int64_t now;
};

static int walk_one(struct cache_entry *e, void *data)
{
	struct walk *w = data;

	if (!(w->skip_dead && e->status == CACHE_DEAD))
		cdump_entry(w->o, w->cache, e, w->xml, -1, w->now);
	return w->o->err != 0;
}

void cdump_cache(struct obuf *o, struct cache *c, bool xml, bool skip_dead,
		 int64_t now)
{
	struct walk w = { c, o, xml, skip_dead, now };

	cache_iterate(c, walk_one, &w);
}
