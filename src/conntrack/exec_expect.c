/*
 * exec_expect.c - the expectation table: -L/-G/-D/-I/-F/-C/-E/-S expect.
 *
 * As in conntrack-tools 1.4.7: -I expect takes the master with -s/-d/-p
 * and its ports, the expected tuple with --tuple-src/--tuple-dst and
 * --tuple-port-*, and the mask with --mask-src/--mask-dst and
 * --mask-port-*; -D expect names the expected tuple with -s/-d; -G expect
 * passes -s/-d as the master, which the kernel looks up as an expected
 * tuple. Listing applies no filter.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_compat.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "ct_build.h"
#include "exec.h"
#include "exp.h"
#include "fmt_exp.h"
#include "report.h"

static struct nlmsghdr *start(struct exec_ctx *x, char *buf, uint8_t type,
			      uint16_t flags, uint8_t family)
{
	return ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK_EXP, type, flags, family,
			    nls_next_seq(&x->sock));
}

static void print(struct exec_ctx *x, const struct ct_expect *e, enum fmt_msg msg)
{
	unsigned int out = x->output;

	if (out & OUT_JSON) {
		fmt_exp_json(&x->out, e, msg, (out & OUT_TIMESTAMP) != 0);
	} else if (out & OUT_XML) {
		if (!x->xml_open) {
			x->xml_open = true;
			ob_str(&x->out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			       "<expect>\n");
		}
		fmt_exp_xml(&x->out, e, msg, (out & OUT_TIMESTAMP) != 0);
	} else {
		if (out & OUT_TIMESTAMP) {
			struct timeval tv;

			/* Space-padded, unlike the conntrack events' stamp. */
			gettimeofday(&tv, NULL);
			ob_printf(&x->out, "[%-8ld.%-6ld]\t", (long)tv.tv_sec,
				  (long)tv.tv_usec);
		}
		fmt_exp_default(&x->out, e, msg);
	}
	ob_chr(&x->out, '\n');
}

struct exp_run {
	struct exec_ctx *x;
	bool count_only;
	struct ct_expect e;
};

static int list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct exp_run *r = data;

	if (exp_parse(nlh, &r->e) < 0)
		return MNL_CB_OK;
	if (!r->count_only)
		print(r->x, &r->e, FMT_MSG_NONE);
	r->x->counter++;
	return MNL_CB_OK;
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	struct exp_run *r = data;
	enum fmt_msg msg;

	if (exp_parse(nlh, &r->e) < 0)
		return MNL_CB_OK;
	if ((nlh->nlmsg_type & 0xff) == IPCTNL_MSG_EXP_DELETE)
		msg = FMT_MSG_DESTROY;
	else if ((nlh->nlmsg_type & 0xff) == IPCTNL_MSG_EXP_NEW)
		msg = nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL) ?
		      FMT_MSG_NEW : FMT_MSG_UPDATE;
	else
		msg = FMT_MSG_NONE;
	print(r->x, &r->e, msg);
	r->x->counter++;
	return MNL_CB_OK;
}

/* A tuple of the command as an expectation tuple. */
static void take(struct ct_tuple *to, const struct ct_entry *from)
{
	*to = from->orig;
}

static uint8_t family_of(const struct ct_expect *e)
{
	return exp_has(e, EXPF_MASTER) ? e->master.l3 : e->tuple.l3;
}

static void request(struct exec_ctx *x, struct ct_cmd *cmd, uint8_t type,
		    uint16_t flags, const struct ct_expect *e, mnl_cb_t cb,
		    void *data)
{
	char buf[CT_MSG_MAX];
	struct nlmsghdr *nlh = start(x, buf, type, flags | NLM_F_ACK, family_of(e));

	if (exp_build(nlh, e) < 0 || nls_request(&x->sock, nlh, cb, data) < 0)
		exec_fail(cmd->kind);
}

static void dump(struct exec_ctx *x, struct ct_cmd *cmd, struct exp_run *r)
{
	char buf[CT_MSG_MAX];
	struct nlmsghdr *nlh = start(x, buf, IPCTNL_MSG_EXP_GET, NLM_F_DUMP,
				     (uint8_t)cmd->family);

	if (nls_request(&x->sock, nlh, list_cb, r) < 0)
		exec_fail(cmd->kind);
}

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	static const char *const names[] = { [CTA_STATS_EXP_NEW] = "expect_new",
		[CTA_STATS_EXP_CREATE] = "expect_create",
		[CTA_STATS_EXP_DELETE] = "expect_delete" };

	return exec_cpu_stats(data, nlh, names, CTA_STATS_EXP_MAX);
}

void exec_expect(struct exec_ctx *x, struct ct_cmd *cmd)
{
	struct exp_run run = { .x = x };
	struct ct_expect e;
	char buf[CT_MSG_MAX];

	memset(&e, 0, sizeof(e));
	switch (cmd->kind) {
	case CMD_EXP_LIST:
		dump(x, cmd, &run);
		if (x->xml_open)
			ob_str(&x->out, "</expect>\n");
		break;
	case CMD_EXP_COUNT:
		run.count_only = true;
		dump(x, cmd, &run);
		ob_printf(&x->out, "%d\n", x->counter);
		break;
	case CMD_EXP_GET:
		take(&e.master, &cmd->tmpl);
		exp_set(&e, EXPF_MASTER);
		request(x, cmd, IPCTNL_MSG_EXP_GET, 0, &e, list_cb, &run);
		break;
	case CMD_EXP_DELETE:
		take(&e.tuple, &cmd->tmpl);
		exp_set(&e, EXPF_TUPLE);
		request(x, cmd, IPCTNL_MSG_EXP_DELETE, 0, &e, NULL, NULL);
		break;
	case CMD_EXP_CREATE:
		take(&e.master, &cmd->tmpl);
		take(&e.tuple, &cmd->exptuple);
		take(&e.mask, &cmd->mask);
		exp_set(&e, EXPF_MASTER);
		exp_set(&e, EXPF_TUPLE);
		exp_set(&e, EXPF_MASK);
		if (cmd->options & OPTB(OPT_TIMEOUT)) {
			e.timeout = cmd->exptuple.timeout;
			exp_set(&e, EXPF_TIMEOUT);
		}
		request(x, cmd, IPCTNL_MSG_EXP_NEW, NLM_F_CREATE | NLM_F_EXCL, &e,
			NULL, NULL);
		break;
	case CMD_EXP_FLUSH: {
		struct nlmsghdr *nlh = start(x, buf, IPCTNL_MSG_EXP_DELETE, NLM_F_ACK,
					     (uint8_t)cmd->family);
		int ret = nls_request(&x->sock, nlh, NULL, NULL), err = errno;

		report_prefix();
		fprintf(stderr, "expectation table has been emptied.\n");
		errno = err;
		if (ret < 0)
			exec_fail(cmd->kind);
		break;
	}
	case CMD_EXP_STATS: {
		struct nlmsghdr *nlh = start(x, buf, IPCTNL_MSG_EXP_GET_STATS_CPU,
					     NLM_F_DUMP, AF_UNSPEC);

		if (nls_request(&x->sock, nlh, stats_cb, x) < 0)
			die(EXIT_OTHER, "Can't open /proc interface");
		break;
	}
	case CMD_EXP_EVENT:
		exec_event_loop(x, cmd, exec_event_groups(cmd, NF_NETLINK_CONNTRACK_EXP_NEW,
				NF_NETLINK_CONNTRACK_EXP_UPDATE, NF_NETLINK_CONNTRACK_EXP_DESTROY), event_cb, &run, "expect",
				"expectation events");
	default:
		break;
	}
}
