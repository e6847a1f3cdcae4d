/*
 * test_filter.c - lib/ct_filter.c: ct_cmp()'s masked comparison (the
 * meaning of nfct_cmp(NFCT_CMP_MASK)), and the filter pieces: NAT (as
 * conntrack 1.4.7's filter_nat decides), mark, labels, networks, all.
 */
#include "testutil.h"

#include "ct_filter.h"
#include "ct_parse.h"
#include "kernel_msgs.h"

/* ---- ct_cmp ---------------------------------------------------------- */

static void full_tcp(struct ct_entry *ct)
{
	tu_entry(ct, AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1000, 80,
		 "2.2.2.2", "1.1.1.1", 80, 1000);
	tu_u32(ct, CTF_STATUS, CT_S_SEEN_REPLY | CT_S_ASSURED | CT_S_CONFIRMED);
	tu_u32(ct, CTF_TIMEOUT, 300);
	tu_u32(ct, CTF_MARK, 5);
	tu_u32(ct, CTF_ID, 77);
	tu_u32(ct, CTF_USE, 1);
	ct->state = 3;
	ct_set(ct, CTF_TCP_STATE);
}

/* A template is a zeroed entry with a few fields set. */
static void tmpl_init(struct ct_entry *t)
{
	memset(t, 0, sizeof(*t));
}

static void test_cmp_empty_template(void **state)
{
	struct ct_entry t, ct;

	(void)state;
	tmpl_init(&t);
	full_tcp(&ct);
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	memset(&ct, 0, sizeof(ct));
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	assert_true(ct_cmp(&t, &ct, 0));
}

static void test_cmp_absent_in_template_matches(void **state)
{
	struct ct_entry t, ct;

	(void)state;
	full_tcp(&ct);
	tmpl_init(&t);
	t.orig.l3 = AF_INET;
	ct_set(&t, CTF_ORIG_L3);
	tu_addr(AF_INET, &t.orig.src, "1.1.1.1");
	ct_set(&t, CTF_ORIG_SRC);
	/* Everything else differs but is absent from the template. */
	t.orig.dst.v4 = 0x12345678;
	t.timeout = 1;
	t.mark = 99;
	t.status = 0xffffffff;
	t.orig.sport = 1;
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	tu_addr(AF_INET, &t.orig.src, "1.1.1.2");
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
}

static void test_cmp_strict_fields(void **state)
{
	static const enum ct_field strict[] = { CTF_ID, CTF_TIMEOUT, CTF_STATUS,
		CTF_TCP_STATE, CTF_SECCTX, CTF_LABELS, CTF_ORIG_SRC, CTF_ORIG_L4 };
	struct ct_entry t, ct;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(strict); i++) {
		/* A field present in the template and absent from the entry
		 * fails the match, even when both values are zero. */
		tmpl_init(&t);
		memset(&ct, 0, sizeof(ct));
		ct.orig.l3 = t.orig.l3 = AF_INET;
		ct_set(&t, strict[i]);
		assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
		ct_set(&ct, strict[i]);
		assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
		/* Present in the entry only: matches. */
		ct_unset(&t, strict[i]);
		assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	}
}

static void test_cmp_mark_and_zones_not_strict(void **state)
{
	static const enum ct_field loose[] = { CTF_MARK, CTF_ZONE,
		CTF_ORIG_ZONE, CTF_REPL_ZONE };
	struct ct_entry t, ct;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(loose); i++) {
		tmpl_init(&t);
		memset(&ct, 0, sizeof(ct));
		ct.orig.l3 = ct.repl.l3 = t.orig.l3 = t.repl.l3 = AF_INET;
		/* The kernel omits a zero mark or zone: absent counts as 0. */
		ct_set(&t, loose[i]);
		assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
		/* ... but a nonzero value still has to be there. */
		switch (loose[i]) {
		case CTF_MARK: t.mark = 5; break;
		case CTF_ZONE: t.zone = 5; break;
		case CTF_ORIG_ZONE: t.orig.zone = 5; break;
		default: t.repl.zone = 5; break;
		}
		assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
		ct_set(&ct, loose[i]);
		assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
		ct.mark = ct.zone = ct.orig.zone = ct.repl.zone = 5;
		assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	}
}

static void test_cmp_status_subset(void **state)
{
	struct ct_entry t, ct;

	(void)state;
	full_tcp(&ct);	/* SEEN_REPLY | ASSURED | CONFIRMED */
	tmpl_init(&t);
	tu_u32(&t, CTF_STATUS, CT_S_ASSURED);
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	tu_u32(&t, CTF_STATUS, CT_S_ASSURED | CT_S_SEEN_REPLY);
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	tu_u32(&t, CTF_STATUS, CT_S_ASSURED | CT_S_EXPECTED);
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
	/* An empty status set matches any entry that has a status. */
	tu_u32(&t, CTF_STATUS, 0);
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	ct_unset(&ct, CTF_STATUS);
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
	/* The meta part is compared only when asked for. */
	assert_true(ct_cmp(&t, &ct, CT_CMP_ORIG | CT_CMP_REPL));
}

static void test_cmp_labels_lengths(void **state)
{
	struct ct_entry t, ct;

	(void)state;
	full_tcp(&ct);
	ct.labels_words = 4;
	ct.labels[0] = 0x1;
	ct_set(&ct, CTF_LABELS);
	tmpl_init(&t);
	t.labels_words = 1;
	t.labels[0] = 0x1;
	ct_set(&t, CTF_LABELS);
	/* Missing words count as zero. */
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	ct.labels[3] = 0x8;
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
	/* Symmetric: the template is the longer one. */
	t.labels_words = 4;
	t.labels[3] = 0x8;
	ct.labels_words = 1;
	ct.labels[3] = 0;	/* beyond the entry's words */
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
	t.labels[3] = 0;
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	/* Equality, not subset: an extra label in the entry fails. */
	ct.labels[0] = 0x3;
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));

	/* The label mask compares the same way. */
	ct.labels[0] = 0x1;
	ct.labels_mask[0] = 0xff;
	ct_set(&ct, CTF_LABELS_MASK);
	t.labels_mask[0] = 0xff;
	ct_set(&t, CTF_LABELS_MASK);
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	t.labels_mask[0] = 0xf;
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
}

static void test_cmp_tuples(void **state)
{
	struct ct_entry t, ct;

	(void)state;
	full_tcp(&ct);
	tmpl_init(&t);
	t.orig.l3 = t.repl.l3 = AF_INET;
	t.orig.l4 = t.repl.l4 = IPPROTO_TCP;
	ct_set(&t, CTF_ORIG_L4);
	t.orig.dport = htons(80);
	ct_set(&t, CTF_ORIG_DPORT);
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	t.orig.dport = htons(81);
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
	/* Ports are compared under the protocol: without it, ignored. */
	ct_unset(&t, CTF_ORIG_L4);
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	ct_set(&t, CTF_ORIG_L4);
	t.orig.dport = htons(80);

	/* Another protocol. */
	t.orig.l4 = IPPROTO_UDP;
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
	assert_true(ct_cmp(&t, &ct, CT_CMP_REPL | CT_CMP_META));
	t.orig.l4 = IPPROTO_TCP;

	/* Reply tuple: compared only with CT_CMP_REPL. */
	tu_addr(AF_INET, &t.repl.src, "2.2.2.9");
	ct_set(&t, CTF_REPL_SRC);
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
	assert_true(ct_cmp(&t, &ct, CT_CMP_ORIG | CT_CMP_META));
	tu_addr(AF_INET, &t.repl.src, "2.2.2.2");
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	t.repl.l4 = IPPROTO_TCP;
	ct_set(&t, CTF_REPL_L4);
	t.repl.sport = htons(81);
	ct_set(&t, CTF_REPL_SPORT);
	assert_false(ct_cmp(&t, &ct, CT_CMP_REPL));
	assert_true(ct_cmp(&t, &ct, CT_CMP_ORIG));

	/* Another family with the same leading bytes. */
	tmpl_init(&t);
	t.orig.l3 = AF_INET6;
	ct_set(&t, CTF_ORIG_L3);
	assert_false(ct_cmp(&t, &ct, CT_CMP_ORIG));
	tmpl_init(&t);
	t.orig.l3 = AF_INET6;
	t.orig.src = ct.orig.src;
	ct_set(&t, CTF_ORIG_SRC);
	assert_false(ct_cmp(&t, &ct, CT_CMP_ORIG));
}

static void test_cmp_ipv6_addresses(void **state)
{
	struct ct_entry t, ct;

	(void)state;
	tu_entry(&ct, AF_INET6, IPPROTO_UDP, "2001:db8::1", "2001:db8::2", 1, 2,
		 "2001:db8::2", "2001:db8::1", 2, 1);
	tmpl_init(&t);
	t.orig.l3 = AF_INET6;
	tu_addr(AF_INET6, &t.orig.dst, "2001:db8::2");
	ct_set(&t, CTF_ORIG_DST);
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	t.orig.dst.bytes[15] = 3;	/* the last byte counts */
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
}

static void test_cmp_icmp_and_states(void **state)
{
	struct ct_entry t, ct;

	(void)state;
	tu_entry(&ct, AF_INET, IPPROTO_ICMP, "1.1.1.1", "2.2.2.2", 9, 8,
		 "2.2.2.2", "1.1.1.1", 0, 0);
	tmpl_init(&t);
	t.orig.l3 = AF_INET;
	t.orig.l4 = IPPROTO_ICMP;
	ct_set(&t, CTF_ORIG_L4);
	t.orig.icmp_type = 8;
	ct_set(&t, CTF_ICMP_TYPE);
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	t.orig.sport = htons(9);
	ct_set(&t, CTF_ICMP_ID);
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	t.orig.icmp_code = 1;
	ct_set(&t, CTF_ICMP_CODE);
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
	t.orig.icmp_code = 0;
	t.orig.sport = htons(10);
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));

	/* A TCP state in the template does not match an SCTP state. */
	tu_entry(&ct, AF_INET, IPPROTO_SCTP, "1.1.1.1", "2.2.2.2", 1, 2,
		 "2.2.2.2", "1.1.1.1", 2, 1);
	ct.state = 3;
	ct_set(&ct, CTF_SCTP_STATE);
	tmpl_init(&t);
	t.state = 3;
	ct_set(&t, CTF_TCP_STATE);
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
	ct_unset(&t, CTF_TCP_STATE);
	ct_set(&t, CTF_SCTP_STATE);
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	t.state = 4;
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));

	/* secctx compares the strings. */
	tmpl_init(&t);
	strcpy(t.secctx, "a");
	ct_set(&t, CTF_SECCTX);
	strcpy(ct.secctx, "a");
	ct_set(&ct, CTF_SECCTX);
	assert_true(ct_cmp(&t, &ct, CT_CMP_ALL));
	strcpy(ct.secctx, "ab");
	assert_false(ct_cmp(&t, &ct, CT_CMP_ALL));
}

/* ---- NAT ------------------------------------------------------------- */

/* 1.1.1.1:1000 -> 2.2.2.2:80 with the source rewritten to 9.9.9.9:30000. */
static void snat_ct(struct ct_entry *ct)
{
	tu_entry(ct, AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1000, 80,
		 "2.2.2.2", "9.9.9.9", 80, 30000);
	tu_u32(ct, CTF_STATUS, CT_S_SRC_NAT | CT_S_SRC_NAT_DONE | CT_S_SEEN_REPLY);
}

/* ... with the destination rewritten to 10.0.0.5:8080. */
static void dnat_ct(struct ct_entry *ct)
{
	tu_entry(ct, AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1000, 80,
		 "10.0.0.5", "1.1.1.1", 8080, 1000);
	tu_u32(ct, CTF_STATUS, CT_S_DST_NAT | CT_S_DST_NAT_DONE | CT_S_SEEN_REPLY);
}

static void both_ct(struct ct_entry *ct)
{
	tu_entry(ct, AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1000, 80,
		 "10.0.0.5", "9.9.9.9", 8080, 30000);
	tu_u32(ct, CTF_STATUS, CT_S_SRC_NAT_DONE | CT_S_DST_NAT_DONE);
}

static void plain_ct(struct ct_entry *ct)
{
	tu_entry(ct, AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1000, 80,
		 "2.2.2.2", "1.1.1.1", 80, 1000);
	tu_u32(ct, CTF_STATUS, CT_S_SEEN_REPLY);
}

/* Masquerade keeping the address: only the port changed. */
static void spat_ct(struct ct_entry *ct)
{
	tu_entry(ct, AF_INET, IPPROTO_UDP, "1.1.1.1", "2.2.2.2", 1000, 53,
		 "2.2.2.2", "1.1.1.1", 53, 40000);
	tu_u32(ct, CTF_STATUS, CT_S_SRC_NAT_DONE);
}

static void nat_filter(struct ct_filter *f, bool snat, bool dnat, bool any)
{
	memset(f, 0, sizeof(*f));
	f->snat = snat;
	f->dnat = dnat;
	f->any_nat = any;
}

static void nat_addr(struct ct_nat *n, struct ct_entry *t, enum ct_field f,
		     uint8_t l3, const char *a)
{
	n->l3 = l3;
	tu_addr(l3, &n->addr, a);
	ct_set(t, f);
}

static void nat_port(struct ct_nat *n, struct ct_entry *t, enum ct_field f,
		     unsigned int port)
{
	n->port = htons((uint16_t)port);
	ct_set(t, f);
}

struct nat_cts {
	struct ct_entry snat, dnat, both, plain, spat;
};

static void nat_cts(struct nat_cts *c)
{
	snat_ct(&c->snat);
	dnat_ct(&c->dnat);
	both_ct(&c->both);
	plain_ct(&c->plain);
	spat_ct(&c->spat);
}

/* Expected match of snat, dnat, both, plain, spat, as a 5-char string. */
static void assert_nat(const struct ct_filter *f, const struct nat_cts *c,
		       const char *want)
{
	char got[6];

	got[0] = ct_filter_nat(f, &c->snat) ? '1' : '0';
	got[1] = ct_filter_nat(f, &c->dnat) ? '1' : '0';
	got[2] = ct_filter_nat(f, &c->both) ? '1' : '0';
	got[3] = ct_filter_nat(f, &c->plain) ? '1' : '0';
	got[4] = ct_filter_nat(f, &c->spat) ? '1' : '0';
	got[5] = '\0';
	assert_string_equal(got, want);
}

static void test_nat_kinds(void **state)
{
	struct ct_filter f;
	struct nat_cts c;

	(void)state;
	nat_cts(&c);
	/*                       snat dnat both plain spat */
	nat_filter(&f, false, false, false);
	assert_nat(&f, &c, "11111");	/* no NAT filter: all pass */
	nat_filter(&f, true, false, false);
	assert_nat(&f, &c, "10101");	/* --src-nat: address or port NAT */
	nat_filter(&f, false, true, false);
	assert_nat(&f, &c, "01100");
	nat_filter(&f, true, true, false);
	assert_nat(&f, &c, "00100");	/* both asked: both needed */
	nat_filter(&f, false, false, true);
	assert_nat(&f, &c, "11101");	/* --any-nat: either */
	nat_filter(&f, true, true, true);
	assert_nat(&f, &c, "11101");	/* any wins */
}

static void test_nat_addresses_and_ports(void **state)
{
	struct ct_filter f;
	struct nat_cts c;

	(void)state;
	nat_cts(&c);
	/*                       snat dnat both plain spat */
	nat_filter(&f, true, false, false);
	nat_addr(&f.tmpl.snat, &f.tmpl, CTF_SNAT_ADDR, AF_INET, "9.9.9.9");
	assert_nat(&f, &c, "10100");
	nat_addr(&f.tmpl.snat, &f.tmpl, CTF_SNAT_ADDR, AF_INET, "9.9.9.8");
	assert_nat(&f, &c, "00000");
	/* The masqueraded entry's own address is not a NAT address. */
	nat_addr(&f.tmpl.snat, &f.tmpl, CTF_SNAT_ADDR, AF_INET, "1.1.1.1");
	assert_nat(&f, &c, "00000");

	/* Address and port: both must match. */
	nat_addr(&f.tmpl.snat, &f.tmpl, CTF_SNAT_ADDR, AF_INET, "9.9.9.9");
	nat_port(&f.tmpl.snat, &f.tmpl, CTF_SNAT_PORT, 30000);
	assert_nat(&f, &c, "10100");
	nat_port(&f.tmpl.snat, &f.tmpl, CTF_SNAT_PORT, 30001);
	assert_nat(&f, &c, "00000");

	/* Port only. */
	nat_filter(&f, true, false, false);
	nat_port(&f.tmpl.snat, &f.tmpl, CTF_SNAT_PORT, 40000);
	assert_nat(&f, &c, "00001");
	nat_port(&f.tmpl.snat, &f.tmpl, CTF_SNAT_PORT, 30000);
	assert_nat(&f, &c, "10100");

	/* Destination NAT address and port. */
	nat_filter(&f, false, true, false);
	nat_addr(&f.tmpl.dnat, &f.tmpl, CTF_DNAT_ADDR, AF_INET, "10.0.0.5");
	assert_nat(&f, &c, "01100");
	nat_port(&f.tmpl.dnat, &f.tmpl, CTF_DNAT_PORT, 8080);
	assert_nat(&f, &c, "01100");
	nat_port(&f.tmpl.dnat, &f.tmpl, CTF_DNAT_PORT, 80);
	assert_nat(&f, &c, "00000");

	/* --any-nat ADDR sets both addresses. */
	nat_filter(&f, false, false, true);
	nat_addr(&f.tmpl.snat, &f.tmpl, CTF_SNAT_ADDR, AF_INET, "10.0.0.5");
	nat_addr(&f.tmpl.dnat, &f.tmpl, CTF_DNAT_ADDR, AF_INET, "10.0.0.5");
	assert_nat(&f, &c, "01100");
	nat_addr(&f.tmpl.snat, &f.tmpl, CTF_SNAT_ADDR, AF_INET, "9.9.9.9");
	nat_addr(&f.tmpl.dnat, &f.tmpl, CTF_DNAT_ADDR, AF_INET, "9.9.9.9");
	assert_nat(&f, &c, "10100");
}

static void test_nat_ipv6_address_ignored(void **state)
{
	struct ct_filter f;
	struct ct_entry ct;

	(void)state;
	tu_entry(&ct, AF_INET6, IPPROTO_UDP, "2001:db8::1", "2001:db8::2", 1, 2,
		 "2001:db8::2", "fd00::9", 2, 1);
	tu_u32(&ct, CTF_STATUS, CT_S_SRC_NAT_DONE);
	nat_filter(&f, true, false, false);
	/* The reference compares NAT addresses as IPv4 only: an IPv6 one is
	 * as if no address had been given, so any SNAT entry matches. */
	nat_addr(&f.tmpl.snat, &f.tmpl, CTF_SNAT_ADDR, AF_INET6, "fd00::1");
	assert_true(ct_filter_nat(&f, &ct));
	ct.status = 0;
	assert_false(ct_filter_nat(&f, &ct));
}

static void test_nat_status_unknown(void **state)
{
	struct ct_filter f;
	struct ct_entry ct;

	(void)state;
	snat_ct(&ct);
	ct_unset(&ct, CTF_STATUS);
	nat_filter(&f, true, false, false);
	nat_addr(&f.tmpl.snat, &f.tmpl, CTF_SNAT_ADDR, AF_INET, "9.9.9.9");
	assert_true(ct_filter_nat(&f, &ct));
	/* A status without the done bit rules it out. */
	tu_u32(&ct, CTF_STATUS, CT_S_SRC_NAT);
	assert_false(ct_filter_nat(&f, &ct));
}

static void kparse(const uint8_t *msg, size_t len, struct ct_entry *ct)
{
	void *copy = tu_exact_copy(msg, len);

	assert_int_equal(ct_parse(copy, ct), 0);
	free(copy);
}

/* Entries NATed by a real kernel (kernel_msgs.h). */
static void test_nat_kernel_entries(void **state)
{
	struct ct_filter f;
	struct ct_entry d4, s6;

	(void)state;
	kparse(kmsg_dnat4, sizeof(kmsg_dnat4), &d4);
	kparse(kmsg_snat6, sizeof(kmsg_snat6), &s6);

	nat_filter(&f, false, true, false);	/* --dst-nat */
	assert_true(ct_filter_nat(&f, &d4));
	assert_false(ct_filter_nat(&f, &s6));
	nat_addr(&f.tmpl.dnat, &f.tmpl, CTF_DNAT_ADDR, AF_INET, "127.0.0.1");
	nat_port(&f.tmpl.dnat, &f.tmpl, CTF_DNAT_PORT, 5353);
	assert_true(ct_filter_nat(&f, &d4));	/* --dst-nat 127.0.0.1:5353 */
	nat_port(&f.tmpl.dnat, &f.tmpl, CTF_DNAT_PORT, 53);
	assert_false(ct_filter_nat(&f, &d4));

	nat_filter(&f, true, false, false);	/* --src-nat */
	assert_false(ct_filter_nat(&f, &d4));
	assert_true(ct_filter_nat(&f, &s6));
	nat_port(&f.tmpl.snat, &f.tmpl, CTF_SNAT_PORT, 41000);
	assert_true(ct_filter_nat(&f, &s6));	/* --src-nat :41000 */
	nat_port(&f.tmpl.snat, &f.tmpl, CTF_SNAT_PORT, 41001);
	assert_false(ct_filter_nat(&f, &s6));

	nat_filter(&f, false, false, true);	/* --any-nat */
	assert_true(ct_filter_nat(&f, &d4));
	assert_true(ct_filter_nat(&f, &s6));
}

/* ---- mark, labels, networks ------------------------------------------ */

static void test_filter_mark(void **state)
{
	struct ct_filter f;
	struct ct_entry ct;

	(void)state;
	memset(&f, 0, sizeof(f));
	full_tcp(&ct);	/* mark 5 */
	assert_true(ct_filter_mark(&f, &ct));
	f.mark = true;
	f.mark_value = 5;
	f.mark_mask = 0xffffffff;
	assert_true(ct_filter_mark(&f, &ct));
	f.mark_value = 4;
	assert_false(ct_filter_mark(&f, &ct));
	/* --mark 4/0xfe matches 5. */
	f.mark_mask = 0xfe;
	assert_true(ct_filter_mark(&f, &ct));
	/* An entry without a mark never matches, even --mark 0. */
	ct_unset(&ct, CTF_MARK);
	ct.mark = 0;
	f.mark_value = 0;
	f.mark_mask = 0xffffffff;
	assert_false(ct_filter_mark(&f, &ct));
}

static void test_filter_labels(void **state)
{
	struct ct_filter f;
	struct ct_entry ct;

	(void)state;
	memset(&f, 0, sizeof(f));
	full_tcp(&ct);
	assert_true(ct_filter_labels(&f, &ct));
	f.labels = true;
	ct_label_set(f.label_bits, 1);
	ct_label_set(f.label_bits, 100);
	/* No labels on the entry. */
	assert_false(ct_filter_labels(&f, &ct));
	ct_set(&ct, CTF_LABELS);
	ct.labels_words = 4;
	ct_label_set(ct.labels, 1);
	assert_false(ct_filter_labels(&f, &ct));
	ct_label_set(ct.labels, 100);
	ct_label_set(ct.labels, 7);	/* extra labels are fine */
	assert_true(ct_filter_labels(&f, &ct));
	/* -l with no bits: any entry that has labels. */
	memset(f.label_bits, 0, sizeof(f.label_bits));
	assert_true(ct_filter_labels(&f, &ct));
}

static void netmask(struct ct_netmask *n, uint8_t l3, const char *net,
		    const char *mask)
{
	tu_addr(l3, &n->net, net);
	tu_addr(l3, &n->mask, mask);
}

static void test_filter_network(void **state)
{
	struct ct_filter f;
	struct ct_entry ct;

	(void)state;
	memset(&f, 0, sizeof(f));
	tu_entry(&ct, AF_INET, IPPROTO_UDP, "10.1.2.3", "192.168.7.9", 1, 2,
		 "192.168.7.9", "10.1.2.3", 2, 1);
	assert_true(ct_filter_network(&f, &ct));
	f.family = AF_INET;
	f.net_src = true;
	netmask(&f.src, AF_INET, "10.0.0.0", "255.0.0.0");
	assert_true(ct_filter_network(&f, &ct));
	netmask(&f.src, AF_INET, "10.1.3.0", "255.255.255.0");
	assert_false(ct_filter_network(&f, &ct));
	netmask(&f.src, AF_INET, "0.0.0.0", "0.0.0.0");
	assert_true(ct_filter_network(&f, &ct));
	f.net_dst = true;
	netmask(&f.dst, AF_INET, "192.168.7.8", "255.255.255.252");
	assert_true(ct_filter_network(&f, &ct));
	netmask(&f.dst, AF_INET, "192.168.7.8", "255.255.255.255");
	assert_false(ct_filter_network(&f, &ct));

	/* Another family never matches. */
	f.family = AF_INET6;
	netmask(&f.src, AF_INET6, "::", "::");
	netmask(&f.dst, AF_INET6, "::", "::");
	assert_false(ct_filter_network(&f, &ct));

	/* IPv6 /64 and /128. */
	tu_entry(&ct, AF_INET6, IPPROTO_UDP, "2001:db8:1:2::5", "fe80::1", 1, 2,
		 "fe80::1", "2001:db8:1:2::5", 2, 1);
	f.net_dst = false;
	netmask(&f.src, AF_INET6, "2001:db8:1:2::", "ffff:ffff:ffff:ffff::");
	assert_true(ct_filter_network(&f, &ct));
	netmask(&f.src, AF_INET6, "2001:db8:1:3::", "ffff:ffff:ffff:ffff::");
	assert_false(ct_filter_network(&f, &ct));
	netmask(&f.src, AF_INET6, "2001:db8:1:2::5",
		"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	assert_true(ct_filter_network(&f, &ct));
	ct.orig.src.bytes[15] = 6;
	assert_false(ct_filter_network(&f, &ct));
	/* Destination only. */
	f.net_src = false;
	f.net_dst = true;
	netmask(&f.dst, AF_INET6, "fe80::", "ffc0::");
	assert_true(ct_filter_network(&f, &ct));
}

static void test_filter_match(void **state)
{
	struct ct_filter f;
	struct ct_entry ct;

	(void)state;
	memset(&f, 0, sizeof(f));
	snat_ct(&ct);
	tu_u32(&ct, CTF_MARK, 3);
	assert_true(ct_filter_match(&f, &ct));

	f.cmp = true;
	f.tmpl.orig.l3 = AF_INET;
	f.tmpl.orig.l4 = IPPROTO_TCP;
	ct_set(&f.tmpl, CTF_ORIG_L4);
	f.tmpl.orig.dport = htons(80);
	ct_set(&f.tmpl, CTF_ORIG_DPORT);
	assert_true(ct_filter_match(&f, &ct));
	f.tmpl.orig.dport = htons(81);
	assert_false(ct_filter_match(&f, &ct));
	f.tmpl.orig.dport = htons(80);

	/* Poisoned template: nothing matches. */
	f.cmp_poisoned = true;
	assert_false(ct_filter_match(&f, &ct));
	f.cmp_poisoned = false;

	/* Each other piece can veto. */
	f.mark = true;
	f.mark_value = 3;
	f.mark_mask = 0xffffffff;
	assert_true(ct_filter_match(&f, &ct));
	f.mark_value = 4;
	assert_false(ct_filter_match(&f, &ct));
	f.mark = false;

	f.dnat = true;
	assert_false(ct_filter_match(&f, &ct));
	f.dnat = false;
	f.snat = true;
	assert_true(ct_filter_match(&f, &ct));

	f.family = AF_INET;
	f.net_src = true;
	netmask(&f.src, AF_INET, "2.0.0.0", "255.0.0.0");
	assert_false(ct_filter_match(&f, &ct));
	netmask(&f.src, AF_INET, "1.0.0.0", "255.0.0.0");
	assert_true(ct_filter_match(&f, &ct));

	f.labels = true;
	assert_false(ct_filter_match(&f, &ct));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmp_empty_template),
		cmocka_unit_test(test_cmp_absent_in_template_matches),
		cmocka_unit_test(test_cmp_strict_fields),
		cmocka_unit_test(test_cmp_mark_and_zones_not_strict),
		cmocka_unit_test(test_cmp_status_subset),
		cmocka_unit_test(test_cmp_labels_lengths),
		cmocka_unit_test(test_cmp_tuples),
		cmocka_unit_test(test_cmp_ipv6_addresses),
		cmocka_unit_test(test_cmp_icmp_and_states),
		cmocka_unit_test(test_nat_kinds),
		cmocka_unit_test(test_nat_addresses_and_ports),
		cmocka_unit_test(test_nat_ipv6_address_ignored),
		cmocka_unit_test(test_nat_status_unknown),
		cmocka_unit_test(test_nat_kernel_entries),
		cmocka_unit_test(test_filter_mark),
		cmocka_unit_test(test_filter_labels),
		cmocka_unit_test(test_filter_network),
		cmocka_unit_test(test_filter_match),
	};

	return cmocka_run_group_tests_name("ct_filter", tests, NULL, NULL);
}
