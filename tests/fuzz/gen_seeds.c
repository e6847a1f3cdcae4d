/*
 * gen_seeds.c - writes the ct_parse seed corpus: conntrack messages built
 * by ct_build() (what the tools send), some with the attributes only the
 * kernel sends appended (counters, timestamps, helper, secctx, use, id),
 * as the kernel would. The kernel-*.bin seeds next to them were captured
 * from a real kernel and are not regenerated.
 *
 *   FUZZ_GEN_SEEDS=1 tests/fuzz/run.sh   rebuilds this and rewrites build-*.bin
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "ct.h"
#include "ct_build.h"

static void entry(struct ct_entry *ct, uint8_t l3, uint8_t l4, const char *s,
		  const char *d, uint16_t sp, uint16_t dp)
{
	memset(ct, 0, sizeof(*ct));
	ct->orig.l3 = l3;
	ct->orig.l4 = l4;
	inet_pton(l3, s, &ct->orig.src);
	inet_pton(l3, d, &ct->orig.dst);
	ct->orig.sport = htons(sp);
	ct->orig.dport = htons(dp);
	ct->present = CT_BIT(CTF_ORIG_L3) | CT_BIT(CTF_ORIG_L4) |
		CT_BIT(CTF_ORIG_SRC) | CT_BIT(CTF_ORIG_DST) |
		CT_BIT(CTF_ORIG_SPORT) | CT_BIT(CTF_ORIG_DPORT);
	ct_complete_reply(ct);
}

static void kernel_extras(struct nlmsghdr *nlh)
{
	struct nlattr *n;

	n = mnl_attr_nest_start(nlh, CTA_COUNTERS_ORIG);
	mnl_attr_put_u64(nlh, CTA_COUNTERS_PACKETS, htobe64(12));
	mnl_attr_put_u64(nlh, CTA_COUNTERS_BYTES, htobe64(3456));
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, CTA_COUNTERS_REPLY);
	mnl_attr_put_u32(nlh, CTA_COUNTERS32_PACKETS, htonl(7));
	mnl_attr_put_u32(nlh, CTA_COUNTERS32_BYTES, htonl(890));
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, CTA_TIMESTAMP);
	mnl_attr_put_u64(nlh, CTA_TIMESTAMP_START, htobe64(UINT64_C(1700000000123456789)));
	mnl_attr_put_u64(nlh, CTA_TIMESTAMP_STOP, htobe64(UINT64_C(1700000100000000000)));
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, CTA_HELP);
	mnl_attr_put_strz(nlh, CTA_HELP_NAME, "ftp");
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, CTA_SECCTX);
	mnl_attr_put_strz(nlh, CTA_SECCTX_NAME, "system_u:object_r:unlabeled_t:s0");
	mnl_attr_nest_end(nlh, n);
	mnl_attr_put_u32(nlh, CTA_USE, htonl(1));
	mnl_attr_put_u32(nlh, CTA_ID, htonl(3766620005u));
	mnl_attr_put_u32(nlh, CTA_SECMARK, htonl(9));
}

static void emit(const char *dir, const char *name, struct ct_entry *ct,
		 int extras)
{
	static char buf[CT_MSG_MAX * 2];
	struct nlmsghdr *nlh;
	char path[512];
	FILE *f;

	memset(buf, 0, sizeof(buf));
	nlh = ct_msg_start(buf, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_NEW, 0,
			   ct->orig.l3, 0);
	if (ct_build(nlh, ct) < 0) {
		perror(name);
		exit(1);
	}
	if (extras)
		kernel_extras(nlh);
	snprintf(path, sizeof(path), "%s/build-%s.bin", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(nlh, 1, nlh->nlmsg_len, f) != nlh->nlmsg_len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	struct ct_entry ct;

	entry(&ct, AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.5", 1, 2);
	inet_pton(AF_INET, "9.9.9.9", &ct.repl.dst);
	ct.repl.dport = htons(55);
	ct.status = CT_S_SRC_NAT | CT_S_SRC_NAT_DONE | CT_S_CONFIRMED;
	ct.timeout = 99;
	ct.state = 1;
	ct.present |= CT_BIT(CTF_STATUS) | CT_BIT(CTF_TIMEOUT) | CT_BIT(CTF_TCP_STATE);
	emit(dir, "tcp4-snat", &ct, 1);

	entry(&ct, AF_INET, IPPROTO_UDP, "1.1.1.1", "2.2.2.3", 10, 20);
	ct.zone = 3;
	ct.orig.zone = 4;
	ct.repl.zone = 5;
	ct.mark = 0xdeadbeef;
	ct.present |= CT_BIT(CTF_ZONE) | CT_BIT(CTF_ORIG_ZONE) |
		CT_BIT(CTF_REPL_ZONE) | CT_BIT(CTF_MARK);
	emit(dir, "udp4-zones", &ct, 0);

	entry(&ct, AF_INET6, IPPROTO_ICMPV6, "::1", "::2", 0, 0);
	ct.orig.sport = ct.repl.sport = htons(7);
	ct.orig.icmp_type = 128;
	ct.repl.icmp_type = 129;
	ct.present |= CT_BIT(CTF_ICMP_TYPE) | CT_BIT(CTF_ICMP_CODE) | CT_BIT(CTF_ICMP_ID);
	emit(dir, "icmpv6", &ct, 1);

	entry(&ct, AF_INET, IPPROTO_ICMP, "10.0.0.1", "10.0.0.2", 0, 0);
	ct.orig.sport = ct.repl.sport = htons(9);
	ct.orig.icmp_type = 8;
	ct.repl.icmp_type = 0;
	ct.present |= CT_BIT(CTF_ICMP_TYPE) | CT_BIT(CTF_ICMP_CODE) | CT_BIT(CTF_ICMP_ID);
	emit(dir, "icmp4", &ct, 0);

	entry(&ct, AF_INET, IPPROTO_GRE, "1.1.1.1", "2.2.2.2", 0x10, 0x20);
	emit(dir, "gre4", &ct, 0);

	entry(&ct, AF_INET6, IPPROTO_SCTP, "2001:db8::1", "2001:db8::2", 5, 6);
	ct.state = 3;
	ct.sctp_vtag[0] = 10;
	ct.sctp_vtag[1] = 11;
	ct.present |= CT_BIT(CTF_SCTP_STATE) | CT_BIT(CTF_SCTP_VTAG_ORIG) |
		CT_BIT(CTF_SCTP_VTAG_REPL);
	emit(dir, "sctp6", &ct, 1);

	entry(&ct, AF_INET, IPPROTO_DCCP, "3.3.3.3", "4.4.4.4", 7, 8);
	ct.state = 4;
	ct.dccp_role = 1;
	ct.present |= CT_BIT(CTF_DCCP_STATE) | CT_BIT(CTF_DCCP_ROLE);
	emit(dir, "dccp4", &ct, 0);

	entry(&ct, AF_INET6, IPPROTO_TCP, "fe80::1", "fe80::2", 1000, 22);
	ct.labels_words = 4;
	ct_label_set(ct.labels, 0);
	ct_label_set(ct.labels, 100);
	memset(ct.labels_mask, 0xff, sizeof(ct.labels_mask));
	ct.tcp_flags = 2;
	ct.present |= CT_BIT(CTF_LABELS) | CT_BIT(CTF_LABELS_MASK) | CT_BIT(CTF_TCP_FLAGS);
	emit(dir, "tcp6-labels", &ct, 1);

	entry(&ct, AF_INET, IPPROTO_UDPLITE, "5.5.5.5", "6.6.6.6", 1, 2);
	inet_pton(AF_INET, "7.7.7.7", &ct.snat.addr);
	ct.snat.l3 = AF_INET;
	ct.snat.port = htons(1024);
	ct.present |= CT_BIT(CTF_SNAT_ADDR) | CT_BIT(CTF_SNAT_PORT) | CT_BIT(CTF_DNAT_PORT);
	emit(dir, "udplite4-nat", &ct, 0);
	return 0;
}
