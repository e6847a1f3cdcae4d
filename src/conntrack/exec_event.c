/*
 * exec_event.c - conntrack -E: print connection tracking events as they
 * happen, until SIGINT or SIGTERM.
 *
 * Built not to lose events: the socket is drained in batches (recvmmsg)
 * without blocking and output is written once per batch, not per line.
 * When the kernel still overruns the receive buffer (ENOBUFS), we say so
 * as the reference does, add how many events the kernel dropped (the
 * socket's drop counter), and double the buffer up to a bound.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netfilter/nfnetlink_compat.h>

#include <limits.h>

#include "config.h"
#include "ct_parse.h"
#include "exec.h"
#include "fmt.h"
#include "progname.h"
#include "report.h"

#define BATCH 32		/* datagrams per recvmmsg() */
#define SLOT (32 * 1024)	/* room for one datagram */
#define RCVBUF_BOUND (64L * 1024 * 1024)	/* growth stops here (or at -b) */

struct ev_run {
	struct exec_ctx *x;
	mnl_cb_t cb;		/* per message: the table's printer */
	void *cb_data;
	struct ct_cmd *cmd;
	struct ct_filter f;
	struct ct_entry ct;
	struct nlsock ev;
	struct progname_cache names;
	long rcvbuf, rcvmax;
	long long lost;		/* last value of the kernel's drop counter */
};

static enum fmt_msg msg_type(const struct nlmsghdr *nlh)
{
	switch (nlh->nlmsg_type & 0xff) {
	case IPCTNL_MSG_CT_NEW:
		return (nlh->nlmsg_flags & NLM_F_CREATE) ? FMT_MSG_NEW : FMT_MSG_UPDATE;
	case IPCTNL_MSG_CT_DELETE:
		return FMT_MSG_DESTROY;
	}
	return FMT_MSG_NONE;
}

static void print_event(struct ev_run *r, const struct nlmsghdr *nlh,
			enum fmt_msg msg)
{
	struct exec_ctx *x = r->x;
	unsigned int out = x->output;
	struct fmt_ctx fc = { 0, x->ps.labels, 0 };
	struct timeval tv;
	const char *name = nlh->nlmsg_pid ? progname_of(&r->names, nlh->nlmsg_pid)
					  : NULL;

	/* The same -o words mean the same in every format. */
	if (out & OUT_EXTENDED)
		fc.flags |= FMT_F_EXTENDED;
	if (out & OUT_KTIMESTAMP)
		fc.flags |= FMT_F_KTIMESTAMP;
	if (out & OUT_ID)
		fc.flags |= FMT_F_ID;
	if (out & OUT_JSON) {
		struct fmt_json_extra ex = { .time = (out & OUT_TIMESTAMP) != 0,
			.portid = nlh->nlmsg_pid, .progname = name };

		ex.labels = fc.labels || (out & OUT_LABELS);
		fmt_json(&x->out, &r->ct, msg, &fc, &ex);
		ob_chr(&x->out, '\n');
		return;
	}
	if (out & OUT_SAVE) {
		if (fmt_save(&x->out, &r->ct, msg) < 0) {
			ob_flush(&x->out);
			fprintf(stderr, "WARNING: unsupported l3proto %d, skipping.\n",
				r->ct.orig.l3);
		}
	} else {
		if ((out & OUT_TIMESTAMP) && (out & OUT_XML))
			fc.flags |= FMT_F_TIME;
		if (out & OUT_XML) {
			if (!x->xml_open) {
				x->xml_open = true;
				ob_str(&x->out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
				       "<conntrack>\n");
			}
			fmt_xml(&x->out, &r->ct, msg, &fc);
		} else {
			if (out & OUT_TIMESTAMP) {
				gettimeofday(&tv, NULL);
				ob_printf(&x->out, "[%.8ld.%.6ld]\t", (long)tv.tv_sec,
					  (long)tv.tv_usec);
			}
			fmt_default(&x->out, &r->ct, msg, &fc);
		}
	}
	/* Events caused by a program (not by packets) carry its port id. */
	if (nlh->nlmsg_pid) {
		ob_printf(&x->out, " [USERSPACE] portid=%u", nlh->nlmsg_pid);
		if (name)
			ob_printf(&x->out, " progname=%s", name);
	}
	ob_chr(&x->out, '\n');
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ev_run *r = data;
	const struct nfgenmsg *nfg = mnl_nlmsg_get_payload(nlh);

	if (ct_parse(nlh, &r->ct) < 0) {
		r->x->malformed++;
		return MNL_CB_OK;
	}
	if (r->cmd->family != AF_UNSPEC && r->cmd->family != nfg->nfgen_family)
		return MNL_CB_OK;
	if (!ct_filter_match(&r->f, &r->ct))
		return MNL_CB_OK;
	print_event(r, nlh, msg_type(nlh));
	r->x->counter++;
	return MNL_CB_OK;
}

/* The receive buffer overflowed: the reference's warning, then what was
 * lost and a larger buffer. */
static void overrun(struct ev_run *r)
{
	long long drops = nls_drops(&r->ev);

	ob_flush(&r->x->out);
	fprintf(stderr, "WARNING: We have hit ENOBUFS! We are losing events.\n"
		"This message means that the current netlink socket buffer size "
		"is too small.\nPlease, check --buffer-size in conntrack(8) "
		"manpage.\n");
	if (r->rcvbuf < r->rcvmax) {
		long want = r->rcvbuf * 2 > r->rcvmax ? r->rcvmax : r->rcvbuf * 2;
		long got = nls_set_rcvbuf(&r->ev, (size_t)want / 2);

		if (got > 0)
			r->rcvbuf = got;
	}
	if (drops >= 0) {
		fprintf(stderr, "%s: %lld flow events lost so far; receive buffer "
			"now %ld bytes.\n", CT_PROGNAME, drops, r->rcvbuf);
		r->lost = drops;
	} else {
		fprintf(stderr, "%s: receive buffer now %ld bytes.\n", CT_PROGNAME,
			r->rcvbuf);
	}
}

/* Read everything pending; a receive error other than an overrun is fatal. */
static void drain(struct ev_run *r, char *buf)
{
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];

	for (;;) {
		int n;

		memset(msgs, 0, sizeof(msgs));
		for (int i = 0; i < BATCH; i++) {
			iov[i].iov_base = buf + (size_t)i * SLOT;
			iov[i].iov_len = SLOT;
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		n = recvmmsg(nls_fd(&r->ev), msgs, BATCH, MSG_DONTWAIT, NULL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				overrun(r);
				continue;
			}
			die(EXIT_OTHER, "failed to received netlink event: %s",
			    strerror(errno));
		}
		for (int i = 0; i < n; i++)
			mnl_cb_run(iov[i].iov_base, msgs[i].msg_len, 0, 0, r->cb,
				   r->cb_data);
		if (n < BATCH)
			return;
	}
}

static int signals(void)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0 ||
	    (fd = signalfd(-1, &set, SFD_CLOEXEC)) < 0)
		die(EXIT_OTHER, "can't set up signals: %s", strerror(errno));
	return fd;
}

unsigned int exec_event_groups(const struct ct_cmd *cmd, unsigned int new,
			       unsigned int update, unsigned int destroy)
{
	unsigned int g = 0;

	if (!(cmd->options & OPTB(OPT_EVENT_MASK)))
		return new | update | destroy;
	if (cmd->event_mask & EV_NEW)
		g |= new;
	if (cmd->event_mask & EV_UPDATE)
		g |= update;
	if (cmd->event_mask & EV_DESTROY)
		g |= destroy;
	return g;
}

void exec_event(struct exec_ctx *x, struct ct_cmd *cmd)
{
	exec_event_loop(x, cmd, exec_event_groups(cmd, NF_NETLINK_CONNTRACK_NEW,
			NF_NETLINK_CONNTRACK_UPDATE, NF_NETLINK_CONNTRACK_DESTROY), NULL, NULL, "conntrack",
			"flow events");
}

void exec_event_loop(struct exec_ctx *x, struct ct_cmd *cmd, unsigned int grp,
		     mnl_cb_t cb, void *cb_data, const char *xml_root,
		     const char *what)
{
	struct ev_run *r = calloc(1, sizeof(*r));
	char *buf = malloc((size_t)BATCH * SLOT);
	struct pollfd pfd[2];
	int sigfd;

	if (!r || !buf)
		die(EXIT_OTHER, "out of memory");
	r->x = x;
	r->cmd = cmd;
	r->cb = cb ? cb : event_cb;
	r->cb_data = cb ? cb_data : r;
	if (nls_open(&r->ev, grp) < 0)
		die(EXIT_OTHER, "Can't open netlink socket");
	if (cmd->options & OPTB(OPT_BUFFERSIZE)) {
		r->rcvbuf = nls_set_rcvbuf(&r->ev, cmd->bufsize);
		fprintf(stderr, "NOTICE: Netlink socket buffer size has been set "
			"to %zu bytes.\n", r->rcvbuf > 0 ? (size_t)r->rcvbuf : 0);
	} else {
		/* Not set by the user: start from the kernel's default. */
		r->rcvbuf = nls_rcvbuf(&r->ev);
	}
	/* Growth bound: 64 MiB, or twice -b (clamped, -b may be huge). */
	r->rcvmax = cmd->bufsize > (size_t)RCVBUF_BOUND / 2 ?
		    (long)(cmd->bufsize > (size_t)INT_MAX ? INT_MAX : cmd->bufsize) * 2 :
		    RCVBUF_BOUND;
	exec_filter(cmd, &r->f, true);
	sigfd = signals();
	pfd[0] = (struct pollfd){ .fd = nls_fd(&r->ev), .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = sigfd, .events = POLLIN };
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die(EXIT_OTHER, "poll: %s", strerror(errno));
		}
		if (pfd[0].revents & (POLLIN | POLLERR))
			drain(r, buf);
		ob_flush(&x->out);
		if (pfd[1].revents & POLLIN)
			break;
	}
	/* A signal: finish the XML, say what was shown (and lost). */
	if (x->xml_open)
		ob_printf(&x->out, "</%s>\n", xml_root);
	ob_flush(&x->out);
	report_prefix();
	fprintf(stderr, "%d %s have been shown.\n", x->counter, what);
	/* Drops after the last overrun we read raise no new ENOBUFS. */
	{
		long long d = nls_drops(&r->ev);

		if (d > r->lost)
			r->lost = d;
	}
	if (r->lost > 0)
		fprintf(stderr, "%s: %lld %s were lost.\n", CT_PROGNAME, r->lost, what);
	nls_close(&r->ev);
	free(buf);
	free(r);
	exec_done(x);
	exit(EXIT_OK);
}
