/*
 * kernel.c - ctnetlink for the daemon; see kernel.h.
 *
 * Handles: "dump" (blocking; initial dump and -R), "resync" (non-blocking
 * dump requests for overrun resyncs and polling, read from the loop) and
 * "event" (the multicast groups). The reference also keeps a "get"
 * handle to look every cached entry up after a resync; here a resync
 * marks what it lists and the mode purges what it did not mark, which
 * needs no request per entry.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>

#include "ct_build.h"
#include "ct_parse.h"
#include "ctd.h"
#include "exp.h"
#include "kernel.h"
#include "request.h"

/* The legacy event groups: NEW, UPDATE, DESTROY of conntrack entries,
 * and the same three of expectations. */
#define CT_EVENT_GROUPS 0x7
#define EXP_EVENT_GROUPS 0x38

/* Expectations are handled: a sync mode with ExpectationSync. */
static bool exp_enabled(const struct ctd *d)
{
	return d->conf.expect_sync && d->mode->exp_new;
}

/* The reference's check of what every entry must have. */
static bool entry_sane(struct ctd *d, const struct ct_entry *ct)
{
	if (!ct_has(ct, CTF_ORIG_L3)) {
		log_msg(&d->log, LOG_ERR, "missing layer 3 protocol");
		return false;
	}
	if (ct_has(ct, CTF_ORIG_SRC) && ct_has(ct, CTF_REPL_SRC))
		return true;
	if (ct->orig.l3 == AF_INET)
		log_msg(&d->log, LOG_ERR, "missing IPv4 address. You forgot to "
			"load nf_conntrack_ipv4?");
	else if (ct->orig.l3 == AF_INET6)
		log_msg(&d->log, LOG_ERR, "missing IPv6 address. You forgot to "
			"load nf_conntrack_ipv6?");
	else
		return true;
	return false;
}

/* True when the entry goes to the mode: sane, and through the
 * user-space filter when userspace. */
static bool entry_passes(struct ctd *d, const struct ct_entry *ct,
			 bool userspace)
{
	if (!entry_sane(d, ct))
		return false;
	return !userspace || conf_filter_accepts(&d->conf.filter, ct);
}

static bool is_ct_msg(const struct nlmsghdr *nlh)
{
	return NFNL_SUBSYS_ID(nlh->nlmsg_type) == NFNL_SUBSYS_CTNETLINK;
}

/* The traffic totals: each counter read as 32 bits, as the reference. */
static void add_traffic(struct kernel_stats *st, const struct ct_entry *ct)
{
	for (int dir = 0; dir < 2; dir++) {
		if (!ct_has(ct, dir ? CTF_REPL_COUNTERS : CTF_ORIG_COUNTERS))
			continue;
		st->bytes[dir] += (uint32_t)ct->counters[dir].bytes;
		st->packets[dir] += (uint32_t)ct->counters[dir].packets;
	}
}

/* The ExpectationSync helper list: a case-insensitive prefix of the
 * helper name (sip matches sip-5060); no list lets everything through,
 * and with a list an expectation without a helper name is refused. */
static bool exp_helper_passes(const struct ctd *d, const struct ct_expect *e)
{
	const struct conf *c = &d->conf;

	if (!c->expect_helpers)
		return true;
	if (!exp_has(e, EXPF_HELPER))
		return false;
	for (size_t i = 0; i < c->nexpect_helpers; i++)
		if (strncasecmp(c->expect_helpers[i], e->helper,
				strlen(c->expect_helpers[i])) == 0)
			return true;
	return false;
}

/* The master must be sane and known (§5.6); the mode knows where. */
static bool exp_master_passes(struct ctd *d, const struct ct_expect *e)
{
	if (!exp_has(e, EXPF_MASTER)) {
		log_msg(&d->log, LOG_ERR, "no master tuple in expectation");
		return false;
	}
	if (e->master.l3 != AF_INET && e->master.l3 != AF_INET6) {
		log_msg(&d->log, LOG_ERR, "missing layer 3 protocol");
		return false;
	}
	return d->mode->exp_master_known(d, e);
}

/* One expectation event. Only helper-list refusals count as filtered,
 * as in the reference. */
static void exp_event_msg(struct ctd *d, const struct nlmsghdr *nlh)
{
	struct kernel_stats *st = &d->kernel.st;
	uint16_t type = NFNL_MSG_TYPE(nlh->nlmsg_type);
	struct ct_expect e;

	st->events_received++;
	if (exp_parse(nlh, &e) < 0) {
		st->catch_event_failed++;
		return;
	}
	if (!exp_helper_passes(d, &e)) {
		st->events_filtered++;
		return;
	}
	if (!exp_master_passes(d, &e))
		return;
	if (type == IPCTNL_MSG_EXP_NEW) {
		if (nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL))
			d->mode->exp_new(d, &e);
		else
			d->mode->exp_upd(d, &e);
	} else if (type == IPCTNL_MSG_EXP_DELETE) {
		d->mode->exp_del(d, &e);
	} else {
		st->events_unknown_type++;
	}
}

/* One event message. */
static int event_msg(const struct nlmsghdr *nlh, void *data)
{
	struct ctd *d = data;
	struct kernel_stats *st = &d->kernel.st;
	uint16_t type = NFNL_MSG_TYPE(nlh->nlmsg_type);
	struct ct_entry ct;

	if (NFNL_SUBSYS_ID(nlh->nlmsg_type) == NFNL_SUBSYS_CTNETLINK_EXP &&
	    exp_enabled(d)) {
		exp_event_msg(d, nlh);
		return MNL_CB_OK;
	}
	if (!is_ct_msg(nlh))
		return MNL_CB_OK;
	st->events_received++;
	if (ct_parse(nlh, &ct) < 0) {
		st->catch_event_failed++;
		return MNL_CB_OK;
	}
	if (!entry_passes(d, &ct, !d->conf.filter.from_kernel)) {
		st->events_filtered++;
		return MNL_CB_OK;
	}
	if (type == IPCTNL_MSG_CT_NEW) {
		if (nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL))
			d->mode->ev_new(d, &ct);
		else
			d->mode->ev_upd(d, &ct);
	} else if (type == IPCTNL_MSG_CT_DELETE) {
		if (d->mode->ev_del(d, &ct))
			add_traffic(st, &ct);
	} else {
		st->events_unknown_type++;
	}
	return MNL_CB_OK;
}

/* The event socket overran: grow its buffer if allowed, and resync the
 * cache with the kernel table a little later. */
static void overrun(struct ctd *d)
{
	struct kernel *k = &d->kernel;
	unsigned int s = k->bufsize;

	if (!k->bufsize_warned) {
		if ((uint64_t)s * 2 > d->conf.nl_buffer_max_growth) {
			log_msg(&d->log, LOG_WARNING, "netlink event socket buffer "
				"size cannot be doubled further since it will "
				"exceed NetlinkBufferSizeMaxGrowth. We are likely "
				"to be losing events, this may lead to "
				"unsynchronized replicas. Please, consider "
				"increasing netlink socket buffer size via "
				"NetlinkBufferSize and NetlinkBufferSizeMaxGrowth "
				"clauses in conntrackd.conf");
			k->bufsize_warned = true;
		} else {
			long got = nls_set_rcvbuf(&k->event, s);

			k->bufsize = got > 0 ? (unsigned int)got : s;
			log_msg(&d->log, LOG_NOTICE, "netlink event socket buffer "
				"size has been doubled to %u bytes", k->bufsize);
		}
	}
	if (d->conf.nl_overrun_resync > 0 && d->fills_from_kernel)
		loop_timer_in(&d->loop, &k->resync_timer,
			      (int64_t)d->conf.nl_overrun_resync * 1000);
	k->st.catch_event_failed++;
	k->st.overrun++;
}

/* The event socket is readable: at most EventIterationLimit datagrams,
 * then back to the loop so the control socket is served too. */
static void on_event(struct loop *l, struct loop_io *io, uint32_t events)
{
	struct ctd *d = io->data;
	struct nlsock *s = &d->kernel.event;
	int i = 0;

	/* At least one, whatever the limit (a wrapped, negative one too). */
	do {
		ssize_t n = recv(nls_fd(s), s->buf, s->buflen, MSG_DONTWAIT);
		int err = errno;

		if (n < 0) {
			if (err == ENOBUFS) {
				overrun(d);
				continue;
			}
			if (err != EAGAIN && err != EINTR && err != ENOENT)
				d->kernel.st.catch_event_failed++;
			return;
		}
		if (mnl_cb_run(s->buf, (size_t)n, 0, 0, event_msg, d) < 0)
			d->kernel.st.catch_event_failed++;
	} while (++i < d->conf.event_iteration_limit);
}

/* A dump request for the whole conntrack table (both families). */
static struct nlmsghdr *dump_request(void *buf, struct nlsock *s)
{
	return ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET,
			    NLM_F_DUMP, AF_UNSPEC, nls_next_seq(s));
}

/* One entry of the initial dump or of -R. */
static int populate_msg(const struct nlmsghdr *nlh, void *data)
{
	struct ctd *d = data;
	struct ct_entry ct;

	if (!is_ct_msg(nlh) || ct_parse(nlh, &ct) < 0) {
		d->kernel.st.dump_unknown_type++;
		return MNL_CB_OK;
	}
	if (entry_passes(d, &ct, true)) {
		d->mode->populate(d, &ct);
		d->kernel.populated++;
	}
	return MNL_CB_OK;
}

static int dump_into_cache(struct ctd *d)
{
	char buf[CT_MSG_MAX];

	return nls_request(&d->kernel.dump, dump_request(buf, &d->kernel.dump),
			   populate_msg, d);
}

/* One expectation of the initial dump or of -R expect. */
static int populate_exp_msg(const struct nlmsghdr *nlh, void *data)
{
	struct ctd *d = data;
	struct ct_expect e;

	if (NFNL_SUBSYS_ID(nlh->nlmsg_type) != NFNL_SUBSYS_CTNETLINK_EXP ||
	    exp_parse(nlh, &e) < 0) {
		d->kernel.st.dump_unknown_type++;
		return MNL_CB_OK;
	}
	if (exp_helper_passes(d, &e) && exp_master_passes(d, &e))
		d->mode->exp_populate(d, &e);
	return MNL_CB_OK;
}

static struct nlsock *request_sock(struct ctd *d);

int kernel_exp_dump(struct ctd *d)
{
	struct nlsock *s = request_sock(d);
	char buf[CT_MSG_MAX];
	struct nlmsghdr *req;

	if (!s)
		return -1;

	req = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_GET,
			   NLM_F_DUMP, AF_UNSPEC, nls_next_seq(s));
	return nls_request(s, req, populate_exp_msg, d);
}

/*
 * With net.netfilter.nf_conntrack_events = 2 (the kernel's default since
 * 5.19 or so), an entry reports events only if a listener existed when
 * it was created: the entries found at start will never report their
 * end, and stay cached until a resync. Tell the operator once.
 */
static void warn_silent_entries(struct ctd *d, unsigned int found)
{
	FILE *f = fopen("/proc/sys/net/netfilter/nf_conntrack_events", "r");
	int mode = 1;

	if (!f)
		return;
	if (fscanf(f, "%d", &mode) != 1)
		mode = 1;
	fclose(f);
	if (mode == 2 && found)
		log_msg(&d->log, LOG_WARNING, "%u entries existed before the "
			"daemon started and net.netfilter.nf_conntrack_events is "
			"2: the kernel will not report their end (set it to 1 "
			"before they are created)", found);
}

/* One entry of an overrun resync or a polling dump. */
static int resync_msg(const struct nlmsghdr *nlh, void *data)
{
	struct ctd *d = data;
	struct ct_entry ct;

	if (!is_ct_msg(nlh) || ct_parse(nlh, &ct) < 0)
		return MNL_CB_OK;
	if (entry_passes(d, &ct, true))
		d->mode->resync(d, &ct);
	return MNL_CB_OK;
}

/* libmnl stops at NLMSG_DONE even when it carries an error code. */
static bool done_with_error(const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int n = (int)len;

	for (; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
		const int *code = mnl_nlmsg_get_payload(nlh);

		if (nlh->nlmsg_type == NLMSG_DONE &&
		    nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int) && *code < 0)
			return true;
	}
	return false;
}

static void resync_start(struct ctd *d)
{
	struct kernel *k = &d->kernel;
	char buf[CT_MSG_MAX];
	struct nlmsghdr *nlh;

	if (k->resync_busy || !d->fills_from_kernel)
		return;
	nlh = dump_request(buf, &k->resync);
	k->resync_seq = nlh->nlmsg_seq;
	if (mnl_socket_sendto(k->resync.nl, nlh, nlh->nlmsg_len) < 0)
		return;
	k->resync_busy = true;
	d->mode->resync_begin(d);
}

/* Replies to a resync dump; at its end, the mode purges. */
static void on_resync(struct loop *l, struct loop_io *io, uint32_t events)
{
	struct ctd *d = io->data;
	struct kernel *k = &d->kernel;
	struct nlsock *s = &k->resync;

	for (;;) {
		ssize_t n = recv(nls_fd(s), s->buf, s->buflen, MSG_DONTWAIT);
		int ret;

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			k->resync_busy = false;	/* lost: the next one retries */
			return;
		}
		ret = mnl_cb_run(s->buf, (size_t)n, k->resync_seq, s->portid,
				 resync_msg, d);
		if (ret <= 0) {
			/* Purge only after a dump that ended well: a dump cut
			 * short would purge live entries. */
			bool done = ret == MNL_CB_STOP && k->resync_busy &&
				    !done_with_error(s->buf, (size_t)n);

			k->resync_busy = false;
			if (done)
				d->mode->purge(d);
			return;
		}
	}
}

static void on_resync_timer(struct loop *l, struct loop_timer *t)
{
	struct ctd *d = t->data;

	d->kernel.st.resync++;
	resync_start(d);
}

static void on_poll_timer(struct loop *l, struct loop_timer *t)
{
	struct ctd *d = t->data;

	resync_start(d);
	loop_timer_in(l, t, (int64_t)d->conf.poll_secs * 1000);
}

/* Kernel-side event filter, as the reference sets it up. */
static void setup_kernel_filter(struct ctd *d)
{
	struct nfct_filter *f;

	if (!d->conf.filter.present)
		return;
	if (!d->conf.filter.from_kernel) {
		log_msg(&d->log, LOG_NOTICE, "using user-space event filtering");
		return;
	}
	f = conf_filter_kernel(&d->conf.filter);
	if (!f || nfct_filter_attach(nls_fd(&d->kernel.event), f) < 0)
		log_msg(&d->log, LOG_ERR, "cannot set event filtering: %s",
			strerror(f ? errno : ENOMEM));
	log_msg(&d->log, LOG_NOTICE, "using kernel-space event filtering");
	if (f)
		nfct_filter_destroy(f);
}

/* The event socket's buffer at start-up (§5.2). */
static void setup_event_buffer(struct ctd *d)
{
	struct kernel *k = &d->kernel;
	unsigned int want = d->conf.nl_buffer_size;
	long got;

	if (want && want <= d->conf.nl_buffer_max_growth) {
		got = nls_set_rcvbuf(&k->event, want / 2);
	} else {
		log_msg(&d->log, LOG_NOTICE, "NetlinkBufferSize is either not "
			"set or is greater than NetlinkBufferSizeMaxGrowth. "
			"Using current system buffer size");
		got = nls_rcvbuf(&k->event);
	}
	k->bufsize = got > 0 ? (unsigned int)got : 0;
	log_msg(&d->log, LOG_NOTICE, "netlink event socket buffer size has "
		"been set to %u bytes", k->bufsize);
}

static int open_events(struct ctd *d)
{
	struct kernel *k = &d->kernel;
	int on = 1;

	if (nls_open(&k->event, CT_EVENT_GROUPS |
		     (d->conf.expect_events && exp_enabled(d) ?
		      EXP_EVENT_GROUPS : 0)) < 0)
		return -1;
	k->have_event = true;
	if (d->conf.nl_events_reliable) {
		setsockopt(nls_fd(&k->event), SOL_NETLINK,
			   NETLINK_BROADCAST_SEND_ERROR, &on, sizeof(on));
		setsockopt(nls_fd(&k->event), SOL_NETLINK, NETLINK_NO_ENOBUFS,
			   &on, sizeof(on));
		log_msg(&d->log, LOG_NOTICE, "reliable ctnetlink event delivery "
			"is ENABLED.");
	}
	setup_kernel_filter(d);
	setup_event_buffer(d);
	k->event_io = (struct loop_io){ .fd = nls_fd(&k->event),
					.cb = on_event, .data = d };
	return loop_add(&d->loop, &k->event_io, EPOLLIN);
}

static int open_failed(struct ctd *d)
{
	log_msg(&d->log, LOG_ERR, "can't open netlink handler: %s",
		strerror(errno));
	log_msg(&d->log, LOG_ERR, "no ctnetlink kernel support?");
	return -1;
}

int kernel_init(struct ctd *d)
{
	struct kernel *k = &d->kernel;

	k->resync_timer = (struct loop_timer){ .cb = on_resync_timer, .data = d };
	k->poll_timer = (struct loop_timer){ .cb = on_poll_timer, .data = d };
	k->bufsize = d->conf.nl_buffer_size;
	if (nls_open(&k->resync, 0) < 0)
		return open_failed(d);
	k->have_resync = true;
	k->resync_io = (struct loop_io){ .fd = nls_fd(&k->resync),
					 .cb = on_resync, .data = d };
	if (loop_add(&d->loop, &k->resync_io, EPOLLIN) < 0)
		return open_failed(d);
	if (d->fills_from_kernel) {
		if (nls_open(&k->dump, 0) < 0)
			return open_failed(d);
		k->have_dump = true;
		if (dump_into_cache(d) < 0) {
			log_msg(&d->log, LOG_ERR, "can't get kernel conntrack table");
			return -1;
		}
		warn_silent_entries(d, k->populated);
		if (exp_enabled(d) && kernel_exp_dump(d) < 0) {
			log_msg(&d->log, LOG_ERR, "can't get kernel expect table");
			return -1;
		}
	}
	if (d->conf.poll_secs) {
		log_msg(&d->log, LOG_NOTICE, "running in polling mode");
		loop_timer_in(&d->loop, &k->poll_timer,
			      (int64_t)d->conf.poll_secs * 1000);
		return 0;
	}
	/* The event socket last, so the initial dump cannot overrun it. */
	if (open_events(d) < 0)
		return open_failed(d);
	return 0;
}

void kernel_close(struct ctd *d)
{
	struct kernel *k = &d->kernel;

	loop_timer_cancel(&d->loop, &k->resync_timer);
	loop_timer_cancel(&d->loop, &k->poll_timer);
	if (k->have_event) {
		loop_del(&d->loop, &k->event_io);
		nls_close(&k->event);
	}
	if (k->have_resync) {
		loop_del(&d->loop, &k->resync_io);
		nls_close(&k->resync);
	}
	if (k->have_dump)
		nls_close(&k->dump);
	k->have_event = k->have_resync = k->have_dump = false;
}

/* A walk over the kernel table on a socket of its own. */
struct walk_ctx {
	struct ctd *d;
	int (*fn)(struct ctd *d, const struct ct_entry *ct, void *data);
	void *data;
};

static int walk_msg(const struct nlmsghdr *nlh, void *data)
{
	struct walk_ctx *w = data;
	struct ct_entry ct;

	if (!is_ct_msg(nlh) || ct_parse(nlh, &ct) < 0 ||
	    !entry_passes(w->d, &ct, true))
		return MNL_CB_OK;
	return w->fn(w->d, &ct, w->data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int kernel_walk(struct ctd *d,
		int (*fn)(struct ctd *d, const struct ct_entry *ct, void *data),
		void *data)
{
	struct walk_ctx w = { d, fn, data };
	struct nlsock s;
	char buf[CT_MSG_MAX];
	int ret;

	if (nls_open(&s, 0) < 0)
		return -1;
	ret = nls_request(&s, dump_request(buf, &s), walk_msg, &w);
	nls_close(&s);
	return ret;
}

/* Delete ct; returns 0 or -1 with the kernel's errno. */
static int delete_one(struct ctd *d, const struct ct_entry *ct, void *data)
{
	struct nlsock *del = data;
	char buf[CT_MSG_MAX];
	struct nlmsghdr *req;

	req = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_DELETE,
			   NLM_F_ACK, ct->orig.l3, nls_next_seq(del));
	if (ct_build_delete(req, ct) < 0)
		return -1;
	return nls_request(del, req, NULL, NULL);
}

/* In a flush, an entry gone meanwhile (or refused) is not an error. */
static int flush_one(struct ctd *d, const struct ct_entry *ct, void *data)
{
	delete_one(d, ct, data);
	return 0;
}

int kernel_flush_selective(struct ctd *d)
{
	struct nlsock del;
	int ret;

	if (nls_open(&del, 0) < 0)
		return -1;
	ret = kernel_walk(d, flush_one, &del);
	nls_close(&del);
	return ret;
}

void kernel_flush_fork(struct ctd *d)
{
	if (process_fork(d, PROC_FLUSH, true, NULL, NULL) != 0)
		return;
	if (kernel_flush_selective(d) < 0) {
		log_msg(&d->log, LOG_ERR, "cannot open handle");
		_exit(1);
	}
	_exit(0);
}

/* The dump handle, opened when first needed (commit without it). */
static struct nlsock *request_sock(struct ctd *d)
{
	if (!d->kernel.have_dump) {
		if (nls_open(&d->kernel.dump, 0) < 0)
			return NULL;
		d->kernel.have_dump = true;
	}
	return &d->kernel.dump;
}

int kernel_create(struct ctd *d, const struct ct_entry *ct)
{
	struct nlsock *s = request_sock(d);
	char buf[CT_MSG_MAX];
	struct nlmsghdr *req;

	if (!s)
		return -1;
	req = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_NEW,
			   NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, ct->orig.l3,
			   nls_next_seq(s));
	if (ct_build(req, ct) < 0)
		return -1;
	return nls_request(s, req, NULL, NULL);
}

int kernel_delete(struct ctd *d, const struct ct_entry *ct)
{
	struct nlsock *s = request_sock(d);

	return s ? delete_one(d, ct, s) : -1;
}

int kernel_exp_create(struct ctd *d, const struct ct_expect *e)
{
	struct nlsock *s = request_sock(d);
	char buf[CT_MSG_MAX];
	struct nlmsghdr *req;

	if (!s)
		return -1;
	req = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_NEW,
			   NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, e->master.l3,
			   nls_next_seq(s));
	if (exp_build(req, e) < 0)
		return -1;
	return nls_request(s, req, NULL, NULL);
}

int kernel_exp_delete(struct ctd *d, const struct ct_expect *e)
{
	struct nlsock *s = request_sock(d);
	struct ct_expect key = { 0 };
	char buf[CT_MSG_MAX];
	struct nlmsghdr *req;

	if (!s)
		return -1;
	/* the kernel finds an expectation by its expected tuple */
	key.tuple = e->tuple;
	key.present = e->present & (1u << EXPF_TUPLE);
	if (exp_has(e, EXPF_ZONE)) {
		key.zone = e->zone;
		exp_set(&key, EXPF_ZONE);
	}
	req = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_DELETE,
			   NLM_F_ACK, e->tuple.l3, nls_next_seq(s));
	if (exp_build(req, &key) < 0)
		return -1;
	return nls_request(s, req, NULL, NULL);
}

static void flush_master(struct ctd *d)
{
	d->kernel.st.flush++;
	log_msg(&d->log, LOG_NOTICE, "flushing kernel conntrack table");
	kernel_flush_fork(d);
}

static void resync_master(struct ctd *d)
{
	if (!d->fills_from_kernel) {
		log_msg(&d->log, LOG_NOTICE, "resync is unsupported in this mode");
		return;
	}
	d->kernel.st.resync++;
	log_msg(&d->log, LOG_NOTICE, "resync with master conntrack table");
	dump_into_cache(d);
}

int kernel_exp_flush(struct ctd *d)
{
	struct nlsock s;
	char buf[CT_MSG_MAX];
	int ret;

	if (nls_open(&s, 0) < 0)
		return -1;
	ret = nls_request(&s, ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK_EXP,
					   IPCTNL_MSG_EXP_DELETE, NLM_F_ACK,
					   AF_UNSPEC, nls_next_seq(&s)),
			  NULL, NULL);
	nls_close(&s);
	return ret;
}

/* -F expect: one flush request for the whole expectation table, in a
 * "flush" child (none while one runs: -F forks its ct flush first). */
static void exp_flush_master(struct ctd *d)
{
	if (!exp_enabled(d))
		return;
	d->kernel.st.flush++;
	log_msg(&d->log, LOG_NOTICE, "flushing kernel expect table");
	if (process_fork(d, PROC_FLUSH, true, NULL, NULL) != 0)
		return;
	_exit(kernel_exp_flush(d) < 0);
}

static void exp_resync_master(struct ctd *d)
{
	if (!exp_enabled(d))
		return;
	if (!d->fills_from_kernel) {
		log_msg(&d->log, LOG_NOTICE, "resync is unsupported in this mode");
		return;
	}
	d->kernel.st.resync++;
	log_msg(&d->log, LOG_NOTICE, "resync with master expect table");
	kernel_exp_dump(d);
}

void kernel_local(struct ctd *d, int request)
{
	switch (request) {
	case REQ_CT_FLUSH_MASTER:
		flush_master(d);
		break;
	case REQ_CT_RESYNC_MASTER:
		resync_master(d);
		break;
	case REQ_EXP_FLUSH_MASTER:
		exp_flush_master(d);
		break;
	case REQ_EXP_RESYNC_MASTER:
		exp_resync_master(d);
		break;
	case REQ_ALL_FLUSH_MASTER:
		flush_master(d);
		exp_flush_master(d);
		break;
	case REQ_ALL_RESYNC_MASTER:
		resync_master(d);
		exp_resync_master(d);
		break;
	}
}
