/*
 * ct_parse.c - ctnetlink conntrack message -> struct ct_entry.
 *
 * Every nest is first collected into a table by one bounded walker
 * (collect) that checks each attribute's length against a policy, so the
 * extraction code below only reads attributes already known to be whole.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "ct_parse.h"

/* Attribute policy: the exact payload size, 0 for "nested or any". */

#define POLICY(arr) { (unsigned int)(sizeof(arr) / sizeof(arr[0])) - 1, arr }

static const uint8_t top_size[CTA_MAX + 1] = {
	[CTA_STATUS] = 4, [CTA_TIMEOUT] = 4, [CTA_MARK] = 4, [CTA_USE] = 4,
	[CTA_ID] = 4, [CTA_SECMARK] = 4, [CTA_ZONE] = 2,
};
static const uint8_t tuple_size[CTA_TUPLE_MAX + 1] = { [CTA_TUPLE_ZONE] = 2 };
static const uint8_t ip_size[CTA_IP_MAX + 1] = {
	[CTA_IP_V4_SRC] = 4, [CTA_IP_V4_DST] = 4,
	[CTA_IP_V6_SRC] = 16, [CTA_IP_V6_DST] = 16,
};
static const uint8_t proto_size[CTA_PROTO_MAX + 1] = {
	[CTA_PROTO_NUM] = 1, [CTA_PROTO_SRC_PORT] = 2, [CTA_PROTO_DST_PORT] = 2,
	[CTA_PROTO_ICMP_ID] = 2, [CTA_PROTO_ICMP_TYPE] = 1,
	[CTA_PROTO_ICMP_CODE] = 1, [CTA_PROTO_ICMPV6_ID] = 2,
	[CTA_PROTO_ICMPV6_TYPE] = 1, [CTA_PROTO_ICMPV6_CODE] = 1,
};
static const uint8_t pinfo_size[CTA_PROTOINFO_MAX + 1] = { 0 };
static const uint8_t tcp_size[CTA_PROTOINFO_TCP_MAX + 1] = {
	[CTA_PROTOINFO_TCP_STATE] = 1,
};
static const uint8_t sctp_size[CTA_PROTOINFO_SCTP_MAX + 1] = {
	[CTA_PROTOINFO_SCTP_STATE] = 1, [CTA_PROTOINFO_SCTP_VTAG_ORIGINAL] = 4,
	[CTA_PROTOINFO_SCTP_VTAG_REPLY] = 4,
};
static const uint8_t dccp_size[CTA_PROTOINFO_DCCP_MAX + 1] = {
	[CTA_PROTOINFO_DCCP_STATE] = 1, [CTA_PROTOINFO_DCCP_ROLE] = 1,
};
static const uint8_t counters_size[CTA_COUNTERS_MAX + 1] = {
	[CTA_COUNTERS_PACKETS] = 8, [CTA_COUNTERS_BYTES] = 8,
	[CTA_COUNTERS32_PACKETS] = 4, [CTA_COUNTERS32_BYTES] = 4,
};
static const uint8_t ts_size[CTA_TIMESTAMP_MAX + 1] = {
	[CTA_TIMESTAMP_START] = 8, [CTA_TIMESTAMP_STOP] = 8,
};
static const uint8_t help_size[CTA_HELP_MAX + 1] = { 0 };
static const uint8_t secctx_size[CTA_SECCTX_MAX + 1] = { 0 };

static const struct policy top_pol = POLICY(top_size);
static const struct policy tuple_pol = POLICY(tuple_size);
static const struct policy ip_pol = POLICY(ip_size);
static const struct policy proto_pol = POLICY(proto_size);
static const struct policy pinfo_pol = POLICY(pinfo_size);
static const struct policy tcp_pol = POLICY(tcp_size);
static const struct policy sctp_pol = POLICY(sctp_size);
static const struct policy dccp_pol = POLICY(dccp_size);
static const struct policy counters_pol = POLICY(counters_size);
static const struct policy ts_pol = POLICY(ts_size);
static const struct policy help_pol = POLICY(help_size);
static const struct policy secctx_pol = POLICY(secctx_size);

/* Walk the attributes in [start, start+len) into tb[0..pol->max]. */
int ct_collect(const void *start, size_t len, const struct policy *pol,
		   const struct nlattr **tb)
{
	const struct nlattr *a;
	int left = (int)len;

	memset(tb, 0, (pol->max + 1) * sizeof(*tb));
	for (a = start; mnl_attr_ok(a, left); a = mnl_attr_next(a)) {
		uint16_t type = mnl_attr_get_type(a);

		left -= MNL_ALIGN(a->nla_len);
		if (type > pol->max)
			continue;	/* newer kernel: ignore */
		if (pol->size[type] &&
		    mnl_attr_get_payload_len(a) != pol->size[type])
			return -1;
		tb[type] = a;
	}
	/* Anything left over is a truncated attribute. */
	return left > 0 && left >= (int)sizeof(struct nlattr) ? -1 : 0;
}

int ct_collect_nest(const struct nlattr *nest, const struct policy *pol,
			const struct nlattr **tb)
{
	return ct_collect(mnl_attr_get_payload(nest),
		       mnl_attr_get_payload_len(nest), pol, tb);
}

static uint8_t u8(const struct nlattr *a) { return mnl_attr_get_u8(a); }
static uint16_t be16(const struct nlattr *a) { return mnl_attr_get_u16(a); }
static uint32_t be32(const struct nlattr *a) { return ntohl(mnl_attr_get_u32(a)); }
static uint64_t be64(const struct nlattr *a) { return be64toh(mnl_attr_get_u64(a)); }

const struct tuple_bits ct_orig_tb = { CTF_ORIG_L4, CTF_ORIG_SRC,
	CTF_ORIG_DST, CTF_ORIG_SPORT, CTF_ORIG_DPORT, CTF_ORIG_ZONE };
const struct tuple_bits ct_repl_tb = { CTF_REPL_L4, CTF_REPL_SRC,
	CTF_REPL_DST, CTF_REPL_SPORT, CTF_REPL_DPORT, CTF_REPL_ZONE };

static int parse_proto(const struct nlattr *nest, struct ct_tuple *t,
		       struct ct_entry *ct, const struct tuple_bits *b)
{
	const struct nlattr *tb[CTA_PROTO_MAX + 1];

	if (ct_collect_nest(nest, &proto_pol, tb) < 0)
		return -1;
	if (tb[CTA_PROTO_NUM]) {
		t->l4 = u8(tb[CTA_PROTO_NUM]);
		ct_set(ct, b->l4);
	}
	if (tb[CTA_PROTO_SRC_PORT]) {
		t->sport = be16(tb[CTA_PROTO_SRC_PORT]);
		ct_set(ct, b->sport);
	}
	if (tb[CTA_PROTO_DST_PORT]) {
		t->dport = be16(tb[CTA_PROTO_DST_PORT]);
		ct_set(ct, b->dport);
	}
	/* ICMP and ICMPv6 share one set of fields; the id rides in sport. */
	for (int v6 = 0; v6 < 2; v6++) {
		const struct nlattr *id = tb[v6 ? CTA_PROTO_ICMPV6_ID : CTA_PROTO_ICMP_ID];
		const struct nlattr *ty = tb[v6 ? CTA_PROTO_ICMPV6_TYPE : CTA_PROTO_ICMP_TYPE];
		const struct nlattr *co = tb[v6 ? CTA_PROTO_ICMPV6_CODE : CTA_PROTO_ICMP_CODE];

		if (id) {
			t->sport = be16(id);
			ct_set(ct, CTF_ICMP_ID);
		}
		if (ty) {
			t->icmp_type = u8(ty);
			ct_set(ct, CTF_ICMP_TYPE);
		}
		if (co) {
			t->icmp_code = u8(co);
			ct_set(ct, CTF_ICMP_CODE);
		}
	}
	return 0;
}

int ct_parse_tuple_nest(const struct nlattr *nest, struct ct_tuple *t,
			struct ct_entry *ct, const struct tuple_bits *b)
{
	const struct nlattr *tb[CTA_TUPLE_MAX + 1], *ip[CTA_IP_MAX + 1];

	if (ct_collect_nest(nest, &tuple_pol, tb) < 0)
		return -1;
	if (tb[CTA_TUPLE_IP]) {
		if (ct_collect_nest(tb[CTA_TUPLE_IP], &ip_pol, ip) < 0)
			return -1;
		if (ip[CTA_IP_V4_SRC]) {
			memcpy(&t->src, mnl_attr_get_payload(ip[CTA_IP_V4_SRC]), 4);
			ct_set(ct, b->src);
		}
		if (ip[CTA_IP_V4_DST]) {
			memcpy(&t->dst, mnl_attr_get_payload(ip[CTA_IP_V4_DST]), 4);
			ct_set(ct, b->dst);
		}
		if (ip[CTA_IP_V6_SRC]) {
			memcpy(&t->src, mnl_attr_get_payload(ip[CTA_IP_V6_SRC]), 16);
			ct_set(ct, b->src);
		}
		if (ip[CTA_IP_V6_DST]) {
			memcpy(&t->dst, mnl_attr_get_payload(ip[CTA_IP_V6_DST]), 16);
			ct_set(ct, b->dst);
		}
	}
	if (tb[CTA_TUPLE_PROTO] && parse_proto(tb[CTA_TUPLE_PROTO], t, ct, b) < 0)
		return -1;
	if (tb[CTA_TUPLE_ZONE]) {
		t->zone = ntohs(be16(tb[CTA_TUPLE_ZONE]));
		ct_set(ct, b->zone);
	}
	return 0;
}

static int parse_protoinfo(const struct nlattr *nest, struct ct_entry *ct)
{
	const struct nlattr *pi[CTA_PROTOINFO_MAX + 1];
	const struct nlattr *tb[8];	/* fits the TCP, SCTP and DCCP nests */

	_Static_assert(CTA_PROTOINFO_TCP_MAX < 8 && CTA_PROTOINFO_SCTP_MAX < 8 &&
		       CTA_PROTOINFO_DCCP_MAX < 8, "tb too small for a protoinfo nest");

	if (ct_collect_nest(nest, &pinfo_pol, pi) < 0)
		return -1;
	if (pi[CTA_PROTOINFO_TCP]) {
		if (ct_collect_nest(pi[CTA_PROTOINFO_TCP], &tcp_pol, tb) < 0)
			return -1;
		if (tb[CTA_PROTOINFO_TCP_STATE]) {
			ct->state = u8(tb[CTA_PROTOINFO_TCP_STATE]);
			ct_set(ct, CTF_TCP_STATE);
		}
	}
	if (pi[CTA_PROTOINFO_SCTP]) {
		if (ct_collect_nest(pi[CTA_PROTOINFO_SCTP], &sctp_pol, tb) < 0)
			return -1;
		if (tb[CTA_PROTOINFO_SCTP_STATE]) {
			ct->state = u8(tb[CTA_PROTOINFO_SCTP_STATE]);
			ct_set(ct, CTF_SCTP_STATE);
		}
		if (tb[CTA_PROTOINFO_SCTP_VTAG_ORIGINAL]) {
			ct->sctp_vtag[0] = be32(tb[CTA_PROTOINFO_SCTP_VTAG_ORIGINAL]);
			ct_set(ct, CTF_SCTP_VTAG_ORIG);
		}
		if (tb[CTA_PROTOINFO_SCTP_VTAG_REPLY]) {
			ct->sctp_vtag[1] = be32(tb[CTA_PROTOINFO_SCTP_VTAG_REPLY]);
			ct_set(ct, CTF_SCTP_VTAG_REPL);
		}
	}
	if (pi[CTA_PROTOINFO_DCCP]) {
		if (ct_collect_nest(pi[CTA_PROTOINFO_DCCP], &dccp_pol, tb) < 0)
			return -1;
		if (tb[CTA_PROTOINFO_DCCP_STATE]) {
			ct->state = u8(tb[CTA_PROTOINFO_DCCP_STATE]);
			ct_set(ct, CTF_DCCP_STATE);
		}
		if (tb[CTA_PROTOINFO_DCCP_ROLE]) {
			ct->dccp_role = u8(tb[CTA_PROTOINFO_DCCP_ROLE]);
			ct_set(ct, CTF_DCCP_ROLE);
		}
	}
	return 0;
}

static int parse_counters(const struct nlattr *nest, struct ct_entry *ct,
			  enum ct_dir dir)
{
	const struct nlattr *tb[CTA_COUNTERS_MAX + 1];
	struct ct_counter *c = &ct->counters[dir];
	bool pk = false, by = false;

	if (ct_collect_nest(nest, &counters_pol, tb) < 0)
		return -1;
	if (tb[CTA_COUNTERS_PACKETS]) {
		c->packets = be64(tb[CTA_COUNTERS_PACKETS]);
		pk = true;
	} else if (tb[CTA_COUNTERS32_PACKETS]) {
		c->packets = be32(tb[CTA_COUNTERS32_PACKETS]);
		pk = true;
	}
	if (tb[CTA_COUNTERS_BYTES]) {
		c->bytes = be64(tb[CTA_COUNTERS_BYTES]);
		by = true;
	} else if (tb[CTA_COUNTERS32_BYTES]) {
		c->bytes = be32(tb[CTA_COUNTERS32_BYTES]);
		by = true;
	}
	if (pk && by)
		ct_set(ct, dir == CT_DIR_ORIG ? CTF_ORIG_COUNTERS : CTF_REPL_COUNTERS);
	return 0;
}

/* Copy a NUL-terminated string attribute, refusing one without its NUL. */
static int copy_string(const struct nlattr *a, char *dst, size_t size)
{
	const char *s = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a);
	size_t n = strnlen(s, len);

	if (n == len)
		return -1;
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

static int parse_named(const struct nlattr *nest, const struct policy *pol,
		       unsigned int name_attr, char *dst, size_t size)
{
	const struct nlattr *tb[4];

	_Static_assert(CTA_HELP_MAX < 4 && CTA_SECCTX_MAX < 4,
		       "tb too small for a name nest");
	if (ct_collect_nest(nest, pol, tb) < 0)
		return -1;
	if (!tb[name_attr])
		return 1;
	return copy_string(tb[name_attr], dst, size);
}

static int parse_labels(const struct nlattr *a, uint32_t *words, uint8_t *nwords)
{
	size_t len = mnl_attr_get_payload_len(a);

	if (len % 4 || len == 0)
		return -1;
	if (len > CT_LABEL_WORDS * 4)
		len = CT_LABEL_WORDS * 4;
	memcpy(words, mnl_attr_get_payload(a), len);
	if (nwords)
		*nwords = (uint8_t)(len / 4);
	return 0;
}

static int parse_top(const struct nlattr **tb, struct ct_entry *ct)
{
	const struct nlattr *ts[CTA_TIMESTAMP_MAX + 1];

	if (tb[CTA_TUPLE_ORIG] &&
	    ct_parse_tuple_nest(tb[CTA_TUPLE_ORIG], &ct->orig, ct, &ct_orig_tb) < 0)
		return -1;
	if (tb[CTA_TUPLE_REPLY] &&
	    ct_parse_tuple_nest(tb[CTA_TUPLE_REPLY], &ct->repl, ct, &ct_repl_tb) < 0)
		return -1;
	if (tb[CTA_PROTOINFO] && parse_protoinfo(tb[CTA_PROTOINFO], ct) < 0)
		return -1;
	if (tb[CTA_COUNTERS_ORIG] &&
	    parse_counters(tb[CTA_COUNTERS_ORIG], ct, CT_DIR_ORIG) < 0)
		return -1;
	if (tb[CTA_COUNTERS_REPLY] &&
	    parse_counters(tb[CTA_COUNTERS_REPLY], ct, CT_DIR_REPL) < 0)
		return -1;
	if (tb[CTA_TIMESTAMP]) {
		if (ct_collect_nest(tb[CTA_TIMESTAMP], &ts_pol, ts) < 0)
			return -1;
		if (ts[CTA_TIMESTAMP_START]) {
			ct->ts_start = be64(ts[CTA_TIMESTAMP_START]);
			ct_set(ct, CTF_TS_START);
		}
		if (ts[CTA_TIMESTAMP_STOP]) {
			ct->ts_stop = be64(ts[CTA_TIMESTAMP_STOP]);
			ct_set(ct, CTF_TS_STOP);
		}
	}
	if (tb[CTA_HELP]) {
		int r = parse_named(tb[CTA_HELP], &help_pol, CTA_HELP_NAME,
				    ct->helper, sizeof(ct->helper));
		if (r < 0)
			return -1;
		if (r == 0)
			ct_set(ct, CTF_HELPER);
	}
	if (tb[CTA_SECCTX]) {
		int r = parse_named(tb[CTA_SECCTX], &secctx_pol, CTA_SECCTX_NAME,
				    ct->secctx, sizeof(ct->secctx));
		if (r < 0)
			return -1;
		if (r == 0)
			ct_set(ct, CTF_SECCTX);
	}
	if (tb[CTA_LABELS]) {
		if (parse_labels(tb[CTA_LABELS], ct->labels, &ct->labels_words) < 0)
			return -1;
		ct_set(ct, CTF_LABELS);
	}
	return 0;
}

static const struct {
	unsigned int attr;
	enum ct_field field;
	size_t offset;
} u32_fields[] = {
	{ CTA_STATUS, CTF_STATUS, offsetof(struct ct_entry, status) },
	{ CTA_TIMEOUT, CTF_TIMEOUT, offsetof(struct ct_entry, timeout) },
	{ CTA_MARK, CTF_MARK, offsetof(struct ct_entry, mark) },
	{ CTA_SECMARK, CTF_SECMARK, offsetof(struct ct_entry, secmark) },
	{ CTA_ID, CTF_ID, offsetof(struct ct_entry, id) },
	{ CTA_USE, CTF_USE, offsetof(struct ct_entry, use) },
};

int ct_parse(const struct nlmsghdr *nlh, struct ct_entry *ct)
{
	const struct nlattr *tb[CTA_MAX + 1];
	const struct nfgenmsg *nfg;
	size_t hdr = MNL_ALIGN(sizeof(struct nfgenmsg));

	memset(ct, 0, sizeof(*ct));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + hdr)
		goto bad;
	nfg = mnl_nlmsg_get_payload(nlh);
	ct->orig.l3 = ct->repl.l3 = nfg->nfgen_family;
	ct_set(ct, CTF_ORIG_L3);
	ct_set(ct, CTF_REPL_L3);

	if (ct_collect((const char *)nfg + hdr,
		    nlh->nlmsg_len - MNL_NLMSG_HDRLEN - hdr, &top_pol, tb) < 0)
		goto bad;
	for (size_t i = 0; i < sizeof(u32_fields) / sizeof(u32_fields[0]); i++) {
		const struct nlattr *a = tb[u32_fields[i].attr];

		if (!a)
			continue;
		*(uint32_t *)((char *)ct + u32_fields[i].offset) = be32(a);
		ct_set(ct, u32_fields[i].field);
	}
	if (tb[CTA_ZONE]) {
		ct->zone = ntohs(be16(tb[CTA_ZONE]));
		ct_set(ct, CTF_ZONE);
	}
	if (parse_top(tb, ct) < 0)
		goto bad;
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}
