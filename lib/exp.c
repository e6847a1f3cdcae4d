/*
 * exp.c - ctnetlink expectation messages <-> struct ct_expect, through
 * the same bounded attribute reader and tuple code as conntrack entries.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "ct_build.h"
#include "ct_parse.h"
#include "exp.h"

static const uint8_t exp_size[CTA_EXPECT_MAX + 1] = {
	[CTA_EXPECT_TIMEOUT] = 4, [CTA_EXPECT_ID] = 4, [CTA_EXPECT_FLAGS] = 4,
	[CTA_EXPECT_CLASS] = 4, [CTA_EXPECT_ZONE] = 2,
};
static const uint8_t nat_size[CTA_EXPECT_NAT_MAX + 1] = {
	[CTA_EXPECT_NAT_DIR] = 4,
};
static const struct policy exp_pol = { CTA_EXPECT_MAX, exp_size };
static const struct policy nat_pol = { CTA_EXPECT_NAT_MAX, nat_size };

/* A tuple nest; the scratch entry only receives presence bits. */
static int tuple(const struct nlattr *a, struct ct_tuple *t, uint8_t family)
{
	struct ct_entry scratch;

	memset(&scratch, 0, sizeof(scratch));
	if (ct_parse_tuple_nest(a, t, &scratch, &ct_orig_tb) < 0)
		return -1;
	t->l3 = family;
	return 0;
}

static int string(const struct nlattr *a, char *dst, size_t size)
{
	const char *s = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a), n = strnlen(s, len);

	if (n == len)
		return -1;	/* no NUL inside the attribute */
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

static const struct { unsigned int attr; enum exp_field f; size_t off; } u32s[] = {
	{ CTA_EXPECT_TIMEOUT, EXPF_TIMEOUT, offsetof(struct ct_expect, timeout) },
	{ CTA_EXPECT_ID, EXPF_ID, offsetof(struct ct_expect, id) },
	{ CTA_EXPECT_FLAGS, EXPF_FLAGS, offsetof(struct ct_expect, flags) },
	{ CTA_EXPECT_CLASS, EXPF_CLASS, offsetof(struct ct_expect, class) },
};

int exp_parse(const struct nlmsghdr *nlh, struct ct_expect *e)
{
	const struct nlattr *tb[CTA_EXPECT_MAX + 1], *nat[CTA_EXPECT_NAT_MAX + 1];
	size_t hdr = MNL_ALIGN(sizeof(struct nfgenmsg));
	const struct nfgenmsg *nfg;
	uint8_t family;

	memset(e, 0, sizeof(*e));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + hdr)
		goto bad;
	nfg = mnl_nlmsg_get_payload(nlh);
	family = nfg->nfgen_family;
	if (ct_collect((const char *)nfg + hdr, nlh->nlmsg_len - MNL_NLMSG_HDRLEN - hdr,
		       &exp_pol, tb) < 0)
		goto bad;
	if (tb[CTA_EXPECT_MASTER]) {
		if (tuple(tb[CTA_EXPECT_MASTER], &e->master, family) < 0)
			goto bad;
		exp_set(e, EXPF_MASTER);
	}
	if (tb[CTA_EXPECT_TUPLE]) {
		if (tuple(tb[CTA_EXPECT_TUPLE], &e->tuple, family) < 0)
			goto bad;
		exp_set(e, EXPF_TUPLE);
	}
	if (tb[CTA_EXPECT_MASK]) {
		if (tuple(tb[CTA_EXPECT_MASK], &e->mask, family) < 0)
			goto bad;
		exp_set(e, EXPF_MASK);
	}
	for (size_t i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++) {
		if (!tb[u32s[i].attr])
			continue;
		*(uint32_t *)((char *)e + u32s[i].off) =
			ntohl(mnl_attr_get_u32(tb[u32s[i].attr]));
		exp_set(e, u32s[i].f);
	}
	if (tb[CTA_EXPECT_ZONE]) {
		e->zone = ntohs(mnl_attr_get_u16(tb[CTA_EXPECT_ZONE]));
		exp_set(e, EXPF_ZONE);
	}
	if (tb[CTA_EXPECT_HELP_NAME]) {
		if (string(tb[CTA_EXPECT_HELP_NAME], e->helper, sizeof(e->helper)) < 0)
			goto bad;
		exp_set(e, EXPF_HELPER);
	}
	if (tb[CTA_EXPECT_FN]) {
		if (string(tb[CTA_EXPECT_FN], e->fn, sizeof(e->fn)) < 0)
			goto bad;
		exp_set(e, EXPF_FN);
	}
	if (tb[CTA_EXPECT_NAT]) {
		if (ct_collect_nest(tb[CTA_EXPECT_NAT], &nat_pol, nat) < 0)
			goto bad;
		if (nat[CTA_EXPECT_NAT_TUPLE]) {
			if (tuple(nat[CTA_EXPECT_NAT_TUPLE], &e->nat, family) < 0)
				goto bad;
			exp_set(e, EXPF_NAT_TUPLE);
		}
		if (nat[CTA_EXPECT_NAT_DIR]) {
			e->nat_dir = ntohl(mnl_attr_get_u32(nat[CTA_EXPECT_NAT_DIR]));
			exp_set(e, EXPF_NAT_DIR);
		}
	}
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

int exp_build(struct nlmsghdr *nlh, const struct ct_expect *e)
{
	if (exp_has(e, EXPF_TUPLE) &&
	    ct_build_tuple(nlh, CTA_EXPECT_TUPLE, &e->tuple, false) < 0)
		return -1;
	if (exp_has(e, EXPF_MASTER) &&
	    ct_build_tuple(nlh, CTA_EXPECT_MASTER, &e->master, false) < 0)
		return -1;
	if (exp_has(e, EXPF_MASK) &&
	    ct_build_tuple(nlh, CTA_EXPECT_MASK, &e->mask, false) < 0)
		return -1;
	if (exp_has(e, EXPF_TIMEOUT))
		mnl_attr_put_u32(nlh, CTA_EXPECT_TIMEOUT, htonl(e->timeout));
	if (exp_has(e, EXPF_FLAGS))
		mnl_attr_put_u32(nlh, CTA_EXPECT_FLAGS, htonl(e->flags));
	if (exp_has(e, EXPF_ZONE))
		mnl_attr_put_u16(nlh, CTA_EXPECT_ZONE, htons(e->zone));
	if (exp_has(e, EXPF_HELPER))
		mnl_attr_put_strz(nlh, CTA_EXPECT_HELP_NAME, e->helper);
	return 0;
}
