/*
 * exec_list.c - commands that read the table: -L (conntrack, dying,
 * unconfirmed) and -G.
 *
 * A dump is streamed: each message is parsed into one reused ct_entry,
 * filtered and formatted into the output buffer; nothing is allocated per
 * entry. What the kernel can filter (family, mark, status, tuple fields)
 * is asked of the kernel (exec_dump.c), the rest is filtered here.
 */
#include <errno.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "ct_build.h"
#include "ct_parse.h"
#include "exec.h"
#include "report.h"

struct list_run {
	struct exec_ctx *x;
	const struct ct_filter *f;
	struct ct_entry ct;
};

static int list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct list_run *r = data;

	if (ct_parse(nlh, &r->ct) < 0) {
		r->x->malformed++;	/* skipped, counted, reported at the end */
		return MNL_CB_OK;
	}
	if (!ct_filter_match(r->f, &r->ct))
		return MNL_CB_OK;
	exec_print(r->x, &r->ct, PRINT_LIST);
	r->x->counter++;
	return MNL_CB_OK;
}

void exec_list(struct exec_ctx *x, struct ct_cmd *cmd)
{
	struct list_run run = { .x = x };
	struct ct_filter f;
	uint8_t type = IPCTNL_MSG_CT_GET;

	run.f = &f;
	if (cmd->table == TABLE_DYING || cmd->table == TABLE_UNCONFIRMED) {
		exec_filter(cmd, &f, false);
		type = cmd->table == TABLE_DYING ? IPCTNL_MSG_CT_GET_DYING
						 : IPCTNL_MSG_CT_GET_UNCONFIRMED;
		exec_dump(x, cmd, &f, type, false, list_cb, &run);
		return;
	}
	exec_filter(cmd, &f, true);
	if (cmd->options & OPTB(OPT_ZERO))
		type = IPCTNL_MSG_CT_GET_CTRZERO;
	exec_dump(x, cmd, &f, type, true, list_cb, &run);
	if (x->xml_open)
		ob_str(&x->out, "</conntrack>\n");
}

void exec_get(struct exec_ctx *x, struct ct_cmd *cmd)
{
	char buf[CT_MSG_MAX];
	struct list_run run = { .x = x };
	struct ct_filter f;
	struct nlmsghdr *nlh;

	exec_filter(cmd, &f, false);
	run.f = &f;
	nlh = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET,
			   NLM_F_ACK, (uint8_t)cmd->family, nls_next_seq(&x->sock));
	if (ct_build(nlh, &cmd->tmpl) < 0 ||
	    nls_request(&x->sock, nlh, list_cb, &run) < 0)
		exec_fail(cmd->kind);
}
