/*
 * ct_build.c - struct ct_entry -> ctnetlink attributes.
 *
 * What is sent mirrors libnetfilter_conntrack's request builder, so the
 * kernel answers our requests exactly as it answers the reference tool's:
 * tuples always carry both addresses and both ports of their protocol, NAT
 * sends only the minimum address and port, the id is never sent.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "ct_build.h"

struct nlmsghdr *ct_msg_start(void *buf, uint8_t subsys, uint8_t type,
			      uint16_t flags, uint8_t family, uint32_t seq)
{
	struct nlmsghdr *nlh;
	struct nfgenmsg *nfg;

	/* Attribute padding is not written by libmnl: start from zeros so
	 * no stale bytes go to the kernel. */
	memset(buf, 0, CT_MSG_MAX);
	nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = (uint16_t)((subsys << 8) | type);
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = family;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = 0;
	return nlh;
}

int ct_build_tuple(struct nlmsghdr *nlh, uint16_t type,
		     const struct ct_tuple *t, bool zone)
{
	struct nlattr *outer = mnl_attr_nest_start(nlh, type), *nest;
	size_t alen = ct_addr_len(t->l3);

	if (!alen) {
		mnl_attr_nest_cancel(nlh, outer);
		errno = EINVAL;
		return -1;
	}
	nest = mnl_attr_nest_start(nlh, CTA_TUPLE_IP);
	mnl_attr_put(nlh, alen == 4 ? CTA_IP_V4_SRC : CTA_IP_V6_SRC, alen, &t->src);
	mnl_attr_put(nlh, alen == 4 ? CTA_IP_V4_DST : CTA_IP_V6_DST, alen, &t->dst);
	mnl_attr_nest_end(nlh, nest);

	nest = mnl_attr_nest_start(nlh, CTA_TUPLE_PROTO);
	mnl_attr_put_u8(nlh, CTA_PROTO_NUM, t->l4);
	if (ct_proto_has_ports(t->l4)) {
		mnl_attr_put_u16(nlh, CTA_PROTO_SRC_PORT, t->sport);
		mnl_attr_put_u16(nlh, CTA_PROTO_DST_PORT, t->dport);
	} else if (t->l4 == IPPROTO_ICMP || t->l4 == IPPROTO_ICMPV6) {
		bool v6 = t->l4 == IPPROTO_ICMPV6;

		mnl_attr_put_u8(nlh, v6 ? CTA_PROTO_ICMPV6_CODE : CTA_PROTO_ICMP_CODE,
				t->icmp_code);
		mnl_attr_put_u8(nlh, v6 ? CTA_PROTO_ICMPV6_TYPE : CTA_PROTO_ICMP_TYPE,
				t->icmp_type);
		mnl_attr_put_u16(nlh, v6 ? CTA_PROTO_ICMPV6_ID : CTA_PROTO_ICMP_ID,
				 t->sport);
	}
	mnl_attr_nest_end(nlh, nest);
	if (zone)
		mnl_attr_put_u16(nlh, CTA_TUPLE_ZONE, htons(t->zone));
	mnl_attr_nest_end(nlh, outer);
	return 0;
}

static void put_protoinfo(struct nlmsghdr *nlh, const struct ct_entry *ct)
{
	struct nlattr *outer, *nest;

	switch (ct->orig.l4) {
	case IPPROTO_TCP:
		if (!ct_has(ct, CTF_TCP_STATE) && !ct_has(ct, CTF_TCP_FLAGS))
			return;
		outer = mnl_attr_nest_start(nlh, CTA_PROTOINFO);
		nest = mnl_attr_nest_start(nlh, CTA_PROTOINFO_TCP);
		if (ct_has(ct, CTF_TCP_STATE))
			mnl_attr_put_u8(nlh, CTA_PROTOINFO_TCP_STATE, ct->state);
		if (ct_has(ct, CTF_TCP_FLAGS)) {
			uint8_t fm[2] = { ct->tcp_flags, ct->tcp_flags };

			mnl_attr_put(nlh, CTA_PROTOINFO_TCP_FLAGS_ORIGINAL, 2, fm);
			mnl_attr_put(nlh, CTA_PROTOINFO_TCP_FLAGS_REPLY, 2, fm);
		}
		break;
	case IPPROTO_SCTP:
		if (!ct_has(ct, CTF_SCTP_STATE) && !ct_has(ct, CTF_SCTP_VTAG_ORIG) &&
		    !ct_has(ct, CTF_SCTP_VTAG_REPL))
			return;
		outer = mnl_attr_nest_start(nlh, CTA_PROTOINFO);
		nest = mnl_attr_nest_start(nlh, CTA_PROTOINFO_SCTP);
		if (ct_has(ct, CTF_SCTP_STATE))
			mnl_attr_put_u8(nlh, CTA_PROTOINFO_SCTP_STATE, ct->state);
		if (ct_has(ct, CTF_SCTP_VTAG_ORIG))
			mnl_attr_put_u32(nlh, CTA_PROTOINFO_SCTP_VTAG_ORIGINAL,
					 htonl(ct->sctp_vtag[0]));
		if (ct_has(ct, CTF_SCTP_VTAG_REPL))
			mnl_attr_put_u32(nlh, CTA_PROTOINFO_SCTP_VTAG_REPLY,
					 htonl(ct->sctp_vtag[1]));
		break;
	case IPPROTO_DCCP:
		if (!ct_has(ct, CTF_DCCP_STATE) && !ct_has(ct, CTF_DCCP_ROLE))
			return;
		outer = mnl_attr_nest_start(nlh, CTA_PROTOINFO);
		nest = mnl_attr_nest_start(nlh, CTA_PROTOINFO_DCCP);
		if (ct_has(ct, CTF_DCCP_STATE))
			mnl_attr_put_u8(nlh, CTA_PROTOINFO_DCCP_STATE, ct->state);
		if (ct_has(ct, CTF_DCCP_ROLE))
			mnl_attr_put_u8(nlh, CTA_PROTOINFO_DCCP_ROLE, ct->dccp_role);
		break;
	default:
		return;
	}
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_nest_end(nlh, outer);
}

static void put_nat(struct nlmsghdr *nlh, uint16_t type, const struct ct_entry *ct,
		    const struct ct_nat *nat, bool addr, bool port)
{
	struct nlattr *outer, *nest;
	size_t alen = ct_addr_len(nat->l3);

	if (!addr && !port)
		return;
	outer = mnl_attr_nest_start(nlh, type);
	if (addr && alen)
		mnl_attr_put(nlh, alen == 4 ? CTA_NAT_V4_MINIP : CTA_NAT_V6_MINIP,
			     alen, &nat->addr);
	if (port) {
		nest = mnl_attr_nest_start(nlh, CTA_NAT_PROTO);
		if (ct->orig.l4 == IPPROTO_TCP || ct->orig.l4 == IPPROTO_UDP) {
			mnl_attr_put_u16(nlh, CTA_PROTONAT_PORT_MIN, nat->port);
			mnl_attr_put_u16(nlh, CTA_PROTONAT_PORT_MAX, nat->port);
		}
		mnl_attr_nest_end(nlh, nest);
	}
	mnl_attr_nest_end(nlh, outer);
}

static void put_u32_if(struct nlmsghdr *nlh, const struct ct_entry *ct,
		       enum ct_field f, uint16_t type, uint32_t v)
{
	if (ct_has(ct, f))
		mnl_attr_put_u32(nlh, type, htonl(v));
}

int ct_build(struct nlmsghdr *nlh, const struct ct_entry *ct)
{
	const uint64_t repl = CT_REPL_TUPLE_BITS | CT_BIT(CTF_REPL_ZONE);

	if (!ct_has(ct, CTF_ORIG_L3)) {
		errno = EINVAL;
		return -1;
	}
	if (ct_build_tuple(nlh, CTA_TUPLE_ORIG, &ct->orig, ct_has(ct, CTF_ORIG_ZONE)) < 0)
		return -1;
	if ((ct->present & repl) &&
	    ct_build_tuple(nlh, CTA_TUPLE_REPLY, &ct->repl, ct_has(ct, CTF_REPL_ZONE)) < 0)
		return -1;
	/* Status always claims CONFIRMED: the kernel refuses (EBUSY) a
	 * change of that bit on an existing entry. */
	put_u32_if(nlh, ct, CTF_STATUS, CTA_STATUS, ct->status | CT_S_CONFIRMED);
	put_u32_if(nlh, ct, CTF_TIMEOUT, CTA_TIMEOUT, ct->timeout);
	put_u32_if(nlh, ct, CTF_MARK, CTA_MARK, ct->mark);
	put_u32_if(nlh, ct, CTF_SECMARK, CTA_SECMARK, ct->secmark);
	put_protoinfo(nlh, ct);
	put_nat(nlh, CTA_NAT_SRC, ct, &ct->snat, ct_has(ct, CTF_SNAT_ADDR),
		ct_has(ct, CTF_SNAT_PORT));
	put_nat(nlh, CTA_NAT_DST, ct, &ct->dnat, ct_has(ct, CTF_DNAT_ADDR),
		ct_has(ct, CTF_DNAT_PORT));
	if (ct_has(ct, CTF_ZONE))
		mnl_attr_put_u16(nlh, CTA_ZONE, htons(ct->zone));
	if (ct_has(ct, CTF_LABELS) && ct->labels_words) {
		unsigned int words = ct->labels_words < CT_LABEL_WORDS ?
				     ct->labels_words : CT_LABEL_WORDS;
		size_t len = words * 4u;

		mnl_attr_put(nlh, CTA_LABELS, len, ct->labels);
		if (ct_has(ct, CTF_LABELS_MASK))
			mnl_attr_put(nlh, CTA_LABELS_MASK, len, ct->labels_mask);
	}
	return 0;
}

int ct_build_delete(struct nlmsghdr *nlh, const struct ct_entry *ct)
{
	if (!ct_has(ct, CTF_ORIG_L3)) {
		errno = EINVAL;
		return -1;
	}
	if (ct_build_tuple(nlh, CTA_TUPLE_ORIG, &ct->orig, ct_has(ct, CTF_ORIG_ZONE)) < 0)
		return -1;
	if (ct_has(ct, CTF_ZONE))
		mnl_attr_put_u16(nlh, CTA_ZONE, htons(ct->zone));
	return 0;
}
