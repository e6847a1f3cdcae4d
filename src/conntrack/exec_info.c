/*
 * exec_info.c - commands that report rather than list: -C, -S, -h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "config.h"
#include "ct_build.h"
#include "exec.h"
#include "proto_opts.h"
#include "report.h"

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	struct exec_ctx *x = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(a) == CTA_STATS_GLOBAL_ENTRIES &&
		    mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			ob_printf(&x->out, "%d\n", (int)ntohl(mnl_attr_get_u32(a)));
	}
	return MNL_CB_OK;
}

/* Older kernels: the count from /proc. */
static void count_from_proc(struct exec_ctx *x)
{
	static const char path[] = "/proc/sys/net/netfilter/nf_conntrack_count";
	FILE *f = fopen(path, "r");
	int n;

	if (!f)
		die(EXIT_OTHER, "Can't open %s", path);
	if (fscanf(f, "%d", &n) != 1)
		die(EXIT_OTHER, "Can't read %s", path);
	fclose(f);
	ob_printf(&x->out, "%d\n", n);
}

void exec_count(struct exec_ctx *x, struct ct_cmd *cmd)
{
	char buf[CT_MSG_MAX];
	struct nlmsghdr *nlh;

	(void)cmd;
	nlh = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET_STATS,
			   NLM_F_ACK, AF_UNSPEC, nls_next_seq(&x->sock));
	if (nls_request(&x->sock, nlh, count_cb, x) < 0)
		count_from_proc(x);
}

/* Counter names by attribute type; newer kernels' extra counters print as
 * unknownN, up to four of them. */
static const char *const stat_names[] = {
	[CTA_STATS_SEARCHED] = "searched", [CTA_STATS_FOUND] = "found",
	[CTA_STATS_NEW] = "new", [CTA_STATS_INVALID] = "invalid",
	[CTA_STATS_IGNORE] = "ignore", [CTA_STATS_DELETE] = "delete",
	[CTA_STATS_DELETE_LIST] = "delete_list", [CTA_STATS_INSERT] = "insert",
	[CTA_STATS_INSERT_FAILED] = "insert_failed", [CTA_STATS_DROP] = "drop",
	[CTA_STATS_EARLY_DROP] = "early_drop", [CTA_STATS_ERROR] = "error",
	[CTA_STATS_SEARCH_RESTART] = "search_restart",
	[14] = "clash_resolve", [15] = "chaintoolong",
	[16] = "unknown1", [17] = "unknown2", [18] = "unknown3", [19] = "unknown4",
};
#define STAT_MAX 19

int exec_cpu_stats(struct exec_ctx *x, const struct nlmsghdr *nlh,
		   const char *const *names, unsigned int max)
{
	const struct nfgenmsg *nfg = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[STAT_MAX + 1] = { 0 }, *a;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*nfg)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (max > STAT_MAX)
		max = STAT_MAX;
	mnl_attr_for_each(a, nlh, sizeof(*nfg)) {
		uint16_t type = mnl_attr_get_type(a);

		if (type > max)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0) {
			perror("mnl_attr_validate");
			return MNL_CB_ERROR;
		}
		tb[type] = a;
	}
	ob_printf(&x->out, "cpu=%-4u\t", ntohs(nfg->res_id));
	for (unsigned int i = 0; i <= max; i++)
		if (tb[i] && names[i])
			ob_printf(&x->out, "%s=%u ", names[i],
				  ntohl(mnl_attr_get_u32(tb[i])));
	ob_chr(&x->out, '\n');
	return MNL_CB_OK;
}

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	return exec_cpu_stats(data, nlh, stat_names, STAT_MAX);
}

/* Older kernels: the per-CPU table of /proc/net/stat/nf_conntrack. */
static int stats_from_proc(struct exec_ctx *x)
{
	FILE *f = fopen("/proc/net/stat/nf_conntrack", "r");
	char line[4096], names[64][64];
	unsigned int n = 0, cpu = 0;
	char *tok, *save;

	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return -1;
	}
	line[strcspn(line, "\n")] = '\0';
	for (tok = strtok_r(line, " ", &save); tok && n < 64;
	     tok = strtok_r(NULL, " ", &save))
		snprintf(names[n++], sizeof(names[0]), "%s", tok);
	while (fgets(line, sizeof(line), f)) {
		unsigned int v[64] = { 0 }, i = 0;

		line[strcspn(line, "\n")] = '\0';
		for (tok = strtok_r(line, " ", &save); tok && i < 64;
		     tok = strtok_r(NULL, " ", &save))
			v[i++] = (unsigned int)strtol(tok, NULL, 16);
		ob_printf(&x->out, "cpu=%-4u\t", cpu++);
		for (i = 0; i < n; i++)
			ob_printf(&x->out, "%s=%u ", names[i], v[i]);
		ob_chr(&x->out, '\n');
	}
	fclose(f);
	return cpu ? 0 : -1;
}

void exec_stats(struct exec_ctx *x, struct ct_cmd *cmd)
{
	char buf[CT_MSG_MAX];
	struct nlmsghdr *nlh;

	(void)cmd;
	nlh = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET_STATS_CPU,
			   NLM_F_DUMP, AF_UNSPEC, nls_next_seq(&x->sock));
	if (nls_request(&x->sock, nlh, stats_cb, x) < 0 && stats_from_proc(x) < 0)
		die(EXIT_OTHER, "Can't open /proc interface");
}

void exec_usage(struct exec_ctx *x, struct ct_cmd *cmd)
{
	struct obuf *o = &x->out;

	ob_printf(o, "Command line interface for the connection tracking system. "
		  "Version %s\n", CT_VERSION);
	ob_printf(o, "Usage: %s [commands] [options]\n", x->progname);
	ob_str(o, "\nCommands:\n"
	       "  -L [table] [options]\t\tList conntrack or expectation table\n"
	       "  -G [table] parameters\t\tGet conntrack or expectation\n"
	       "  -D [table] parameters\t\tDelete conntrack or expectation\n"
	       "  -I [table] parameters\t\tCreate a conntrack or expectation\n"
	       "  -U [table] parameters\t\tUpdate a conntrack\n"
	       "  -E [table] [options]\t\tShow events\n"
	       "  -F [table]\t\t\tFlush table\n"
	       "  -C [table]\t\t\tShow counter\n"
	       "  -S\t\t\t\tShow statistics\n"
	       "\nTables: conntrack, expect, dying, unconfirmed\n"
	       "\nConntrack parameters and options:\n"
	       "  -n, --src-nat ip\t\t\tsource NAT ip\n"
	       "  -g, --dst-nat ip\t\t\tdestination NAT ip\n"
	       "  -j, --any-nat ip\t\t\tsource or destination NAT ip\n"
	       "  -m, --mark mark\t\t\tSet mark\n"
	       "  -c, --secmark secmark\t\t\tSet selinux secmark\n"
	       "  -e, --event-mask eventmask\t\tEvent mask, eg. NEW,DESTROY\n"
	       "  -z, --zero \t\t\t\tZero counters while listing\n"
	       "  -o, --output type[,...]\t\tOutput format, eg. xml\n"
	       "  -l, --label label[,...]\t\tconntrack labels\n"
	       "\nExpectation parameters and options:\n"
	       "  --tuple-src ip\tSource address in expect tuple\n"
	       "  --tuple-dst ip\tDestination address in expect tuple\n"
	       "\nUpdating parameters and options:\n"
	       "  --label-add label\tAdd label\n"
	       "  --label-del label\tDelete label\n"
	       "\nCommon parameters and options:\n"
	       "  -s, --src, --orig-src ip\t\tSource address from original direction\n"
	       "  -d, --dst, --orig-dst ip\t\tDestination address from original direction\n"
	       "  -r, --reply-src ip\t\tSource addres from reply direction\n"
	       "  -q, --reply-dst ip\t\tDestination address from reply direction\n"
	       "  -p, --protonum proto\t\tLayer 4 Protocol, eg. 'tcp'\n"
	       "  -f, --family proto\t\tLayer 3 Protocol, eg. 'ipv6'\n"
	       "  -t, --timeout timeout\t\tSet timeout\n"
	       "  -u, --status status\t\tSet status, eg. ASSURED\n"
	       "  -w, --zone value\t\tSet conntrack zone\n"
	       "  --orig-zone value\t\tSet zone for original direction\n"
	       "  --reply-zone value\t\tSet zone for reply direction\n"
	       "  -b, --buffer-size\t\tNetlink socket buffer size\n"
	       "  --mask-src ip\t\t\tSource mask address\n"
	       "  --mask-dst ip\t\t\tDestination mask address\n"
	       "\n");
	if (cmd->kind == CMD_HELP && (cmd->options & OPTB(OPT_PROTO)) && cmd->proto) {
		ob_printf(o, "Proto `%s' help:\n",
			  proto_help_name(cmd->proto, cmd->protonum));
		ob_str(o, cmd->proto->help);
	}
}
