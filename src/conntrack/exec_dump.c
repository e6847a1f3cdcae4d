/*
 * exec_dump.c - a table dump for -L and -D, with as much of the filter
 * as the kernel can apply asked of the kernel.
 *
 * The kernel filters by mark and status (as 1.4.7 asks it to) and, since
 * Linux 5.8, by the original tuple's fields (CTA_FILTER). The user-space
 * filter still runs on every entry that comes back, so the kernel's part
 * only has to be a superset of it. Facts about the kernel's side, from
 * net/netfilter/nf_conntrack_netlink.c (ctnetlink_filter_match_tuple()):
 *   - a tuple filter needs the dump's family to be AF_INET or AF_INET6
 *     (EOPNOTSUPP otherwise): without -f, one dump per family is made
 *     (both at once, see exec_dump());
 *   - ports are compared for TCP and UDP entries only;
 *   - IPv6 addresses are compared the wrong way round (an equal address
 *     rejects the entry; seen on 6.18): addresses are asked for IPv4 only;
 *   - kernels before 5.8 ignore the attribute: the dump is unfiltered.
 * With -z the dump zeroes the counters of what it returns, so it keeps
 * returning everything, as in 1.4.7.
 */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "ct_build.h"
#include "nldump.h"
#include "exec.h"

/* The kernel's CTA_FILTER flag bits (net/netfilter/nf_internals.h). */
enum {
	KF_IP_SRC = 1u << 0,
	KF_IP_DST = 1u << 1,
	KF_PROTO_NUM = 1u << 3,
	KF_SRC_PORT = 1u << 4,
	KF_DST_PORT = 1u << 5,
};

/* The original-tuple fields of f the kernel can select on in a dump of
 * family (0: none). */
static uint32_t tuple_flags(const struct ct_filter *f, uint8_t family)
{
	const struct ct_entry *t = &f->tmpl;
	uint32_t flags = 0;

	if (!f->cmp)
		return 0;
	if (ct_has(t, CTF_ORIG_L4)) {
		flags |= KF_PROTO_NUM;
		if (t->orig.l4 == IPPROTO_TCP || t->orig.l4 == IPPROTO_UDP) {
			if (ct_has(t, CTF_ORIG_SPORT))
				flags |= KF_SRC_PORT;
			if (ct_has(t, CTF_ORIG_DPORT))
				flags |= KF_DST_PORT;
		}
	}
	if (family == AF_INET && ct_has(t, CTF_ORIG_L3) && t->orig.l3 == AF_INET) {
		if (ct_has(t, CTF_ORIG_SRC))
			flags |= KF_IP_SRC;
		if (ct_has(t, CTF_ORIG_DST))
			flags |= KF_IP_DST;
	}
	return flags;
}

static void put_tuple_filter(struct nlmsghdr *nlh, const struct ct_filter *f,
			     uint8_t family, uint32_t flags)
{
	struct ct_tuple t = f->tmpl.orig;
	struct nlattr *nest;

	t.l3 = family;
	ct_build_tuple(nlh, CTA_TUPLE_ORIG, &t, false);
	nest = mnl_attr_nest_start(nlh, CTA_FILTER);
	mnl_attr_put_u32(nlh, CTA_FILTER_ORIG_FLAGS, flags);
	mnl_attr_nest_end(nlh, nest);
}

void exec_dump_filter(struct nlmsghdr *nlh, const struct ct_cmd *cmd)
{
	if (cmd->kernel_mark) {
		mnl_attr_put_u32(nlh, CTA_MARK, htonl(cmd->mark_value));
		mnl_attr_put_u32(nlh, CTA_MARK_MASK, htonl(cmd->mark_mask));
	}
	if (cmd->options & OPTB(OPT_STATUS)) {
		mnl_attr_put_u32(nlh, CTA_STATUS, htonl(cmd->status_value));
		mnl_attr_put_u32(nlh, CTA_STATUS_MASK, htonl(cmd->status_mask));
	}
}

/* The request for a dump of family into buf. */
static struct nlmsghdr *request(struct exec_ctx *x, char *buf,
				const struct ct_cmd *cmd,
				const struct ct_filter *f, uint8_t type,
				bool kernel_filter, uint8_t family)
{
	struct nlmsghdr *nlh;
	uint32_t flags = 0;

	nlh = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK, type, NLM_F_DUMP, family,
			   nls_next_seq(&x->sock));
	if (kernel_filter) {
		exec_dump_filter(nlh, cmd);
		if (type == IPCTNL_MSG_CT_GET)
			flags = tuple_flags(f, family);
		if (flags)
			put_tuple_filter(nlh, f, family, flags);
	}
	return nlh;
}

void exec_dump(struct exec_ctx *x, const struct ct_cmd *cmd,
	       const struct ct_filter *f, uint8_t type, bool kernel_filter,
	       mnl_cb_t cb, void *data)
{
	char buf[CT_MSG_MAX], buf6[CT_MSG_MAX];
	uint8_t family = (uint8_t)cmd->family;
	struct nld_spool *v6 = NULL;

	/* A tuple filter needs a family: one dump for each. The IPv6 one
	 * runs at the same time, stored by a helper thread, and is shown
	 * after the IPv4 one (or, if it cannot start, run afterwards). */
	if (kernel_filter && type == IPCTNL_MSG_CT_GET && family == AF_UNSPEC &&
	    tuple_flags(f, AF_INET6)) {
		v6 = nld_spool_start(request(x, buf6, cmd, f, type, true, AF_INET6));
		if (nld_dump(&x->sock, request(x, buf, cmd, f, type, true, AF_INET),
			     cb, data) < 0)
			exec_fail(cmd->kind);
		if (v6 ? nld_spool_finish(v6, cb, data) < 0 :
		    nld_dump(&x->sock, request(x, buf6, cmd, f, type, true, AF_INET6),
			     cb, data) < 0)
			exec_fail(cmd->kind);
		return;
	}
	if (nld_dump(&x->sock, request(x, buf, cmd, f, type, kernel_filter, family),
		     cb, data) < 0)
		exec_fail(cmd->kind);
}
