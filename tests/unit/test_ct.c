/*
 * test_ct.c - lib/ct.c and the inline helpers of lib/ct.h: address sizes,
 * which protocols carry ports, NAT predicates (compared with what
 * libnetfilter_conntrack 1.0.9's nfct_getobjopt(NFCT_GOPT_IS_*) answers),
 * tuple inversion, ICMP reply types, label bits.
 */
#include "testutil.h"

static void test_addr_len(void **state)
{
	(void)state;
	assert_int_equal(ct_addr_len(AF_INET), 4);
	assert_int_equal(ct_addr_len(AF_INET6), 16);
	assert_int_equal(ct_addr_len(AF_UNSPEC), 0);
	assert_int_equal(ct_addr_len(AF_BRIDGE), 0);
	assert_int_equal(ct_addr_len(255), 0);
}

static void test_proto_has_ports(void **state)
{
	static const uint8_t yes[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_UDPLITE,
		IPPROTO_SCTP, IPPROTO_DCCP, IPPROTO_GRE };
	static const uint8_t no[] = { 0, IPPROTO_ICMP, IPPROTO_ICMPV6,
		IPPROTO_IGMP, IPPROTO_ESP, 255 };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(yes); i++)
		assert_true(ct_proto_has_ports(yes[i]));
	for (size_t i = 0; i < ARRAY_LEN(no); i++)
		assert_false(ct_proto_has_ports(no[i]));
}

static void test_icmp_reply_type(void **state)
{
	static const int v4[][2] = { {8, 0}, {0, 8}, {13, 14}, {14, 13},
		{15, 16}, {16, 15}, {17, 18}, {18, 17}, {3, -1}, {11, -1},
		{128, -1}, {255, -1} };
	static const int v6[][2] = { {128, 129}, {129, 128}, {139, 140},
		{140, 139}, {8, -1}, {0, -1}, {1, -1}, {135, -1}, {255, -1} };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(v4); i++)
		assert_int_equal(ct_icmp_reply_type(AF_INET, (uint8_t)v4[i][0]), v4[i][1]);
	for (size_t i = 0; i < ARRAY_LEN(v6); i++)
		assert_int_equal(ct_icmp_reply_type(AF_INET6, (uint8_t)v6[i][0]), v6[i][1]);
	assert_int_equal(ct_icmp_reply_type(AF_UNSPEC, 8), -1);
	assert_int_equal(ct_icmp_reply_type(99, 128), -1);
}

static void test_labels_bits(void **state)
{
	uint32_t w[CT_LABEL_WORDS] = { 0 };

	(void)state;
	ct_label_set(w, 0);
	ct_label_set(w, 33);
	ct_label_set(w, 127);
	ct_label_set(w, 128);	/* out of range: ignored */
	ct_label_set(w, 4000);
	assert_int_equal(w[0], 1);
	assert_int_equal(w[1], 2);
	assert_int_equal(w[2], 0);
	assert_int_equal(w[3], 0x80000000u);
	assert_true(ct_label_test(w, 0));
	assert_true(ct_label_test(w, 33));
	assert_true(ct_label_test(w, 127));
	assert_false(ct_label_test(w, 1));
	assert_false(ct_label_test(w, 128));
	assert_false(ct_label_test(w, ~0u));
}

static void test_presence_helpers(void **state)
{
	struct ct_entry ct;

	(void)state;
	memset(&ct, 0, sizeof(ct));
	for (int f = 0; f < CTF_MAX; f++)
		assert_false(ct_has(&ct, (enum ct_field)f));
	ct_set(&ct, CTF_DNAT_PORT);	/* the highest bit */
	ct_set(&ct, CTF_ORIG_L3);
	assert_true(ct_has(&ct, CTF_DNAT_PORT));
	assert_true(ct_has(&ct, CTF_ORIG_L3));
	assert_false(ct_has(&ct, CTF_DNAT_ADDR));
	ct_unset(&ct, CTF_DNAT_PORT);
	assert_true(ct.present == CT_BIT(CTF_ORIG_L3));
	assert_true(CTF_MAX <= 64);
}

/* ---- NAT predicates -------------------------------------------------- */

static void natted(struct ct_entry *ct, uint8_t l3)
{
	if (l3 == AF_INET)
		/* 1.1.1.1:1 -> 2.2.2.5:2, replied by 3.3.3.3:80 to 9.9.9.9:55:
		 * both the source and the destination were rewritten. */
		tu_entry(ct, AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.5", 1, 2,
			 "3.3.3.3", "9.9.9.9", 80, 55);
	else
		tu_entry(ct, AF_INET6, IPPROTO_TCP, "::1", "::2:5", 1, 2,
			 "::3", "::9", 80, 55);
}

static void test_nat_status_unknown(void **state)
{
	struct ct_entry ct;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++) {
		natted(&ct, v6 ? AF_INET6 : AF_INET);
		/* No status: the tuples alone decide. */
		assert_true(ct_is_snat(&ct));
		assert_true(ct_is_dnat(&ct));
		assert_true(ct_is_spat(&ct));
		assert_true(ct_is_dpat(&ct));
	}
}

static void test_nat_status_rules(void **state)
{
	struct ct_entry ct;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++) {
		natted(&ct, v6 ? AF_INET6 : AF_INET);
		/* A known status without the done bits rules NAT out, even
		 * with the SRC_NAT/DST_NAT "wanted" bits. */
		tu_u32(&ct, CTF_STATUS, CT_S_SRC_NAT | CT_S_DST_NAT |
		       CT_S_CONFIRMED | CT_S_SEEN_REPLY);
		assert_false(ct_is_snat(&ct));
		assert_false(ct_is_dnat(&ct));
		assert_false(ct_is_spat(&ct));
		assert_false(ct_is_dpat(&ct));

		tu_u32(&ct, CTF_STATUS, CT_S_SRC_NAT | CT_S_SRC_NAT_DONE | CT_S_CONFIRMED);
		assert_true(ct_is_snat(&ct));
		assert_true(ct_is_spat(&ct));
		assert_false(ct_is_dnat(&ct));
		assert_false(ct_is_dpat(&ct));

		tu_u32(&ct, CTF_STATUS, CT_S_DST_NAT_DONE);
		assert_false(ct_is_snat(&ct));
		assert_false(ct_is_spat(&ct));
		assert_true(ct_is_dnat(&ct));
		assert_true(ct_is_dpat(&ct));
	}
}

static void test_nat_needs_changed_tuple(void **state)
{
	struct ct_entry ct;

	(void)state;
	/* Done bits, but the reply is the plain inverse: no NAT. */
	tu_entry(&ct, AF_INET, IPPROTO_UDP, "1.1.1.1", "2.2.2.2", 10, 20,
		 "2.2.2.2", "1.1.1.1", 20, 10);
	tu_u32(&ct, CTF_STATUS, CT_S_SRC_NAT_DONE | CT_S_DST_NAT_DONE);
	assert_false(ct_is_snat(&ct));
	assert_false(ct_is_dnat(&ct));
	assert_false(ct_is_spat(&ct));
	assert_false(ct_is_dpat(&ct));

	/* Port only (masquerade keeping the address). */
	ct.repl.dport = htons(30000);
	assert_false(ct_is_snat(&ct));
	assert_true(ct_is_spat(&ct));
	/* Address only. */
	ct.repl.dport = ct.orig.sport;
	tu_addr(AF_INET, &ct.repl.src, "10.0.0.1");
	assert_true(ct_is_dnat(&ct));
	assert_false(ct_is_dpat(&ct));

	/* IPv6: only the last byte differs. */
	tu_entry(&ct, AF_INET6, IPPROTO_UDP, "2001:db8::1", "2001:db8::2", 10, 20,
		 "2001:db8::2", "2001:db8::1", 20, 10);
	assert_false(ct_is_snat(&ct));
	ct.repl.dst.bytes[15] = 0x11;
	assert_true(ct_is_snat(&ct));
	/* ... and bytes beyond an IPv4 address are not looked at. */
	tu_entry(&ct, AF_INET, IPPROTO_UDP, "1.1.1.1", "2.2.2.2", 10, 20,
		 "2.2.2.2", "1.1.1.1", 20, 10);
	ct.repl.dst.bytes[4] = 0x11;
	ct.repl.src.bytes[15] = 0x11;
	assert_false(ct_is_snat(&ct));
	assert_false(ct_is_dnat(&ct));
}

static void test_nat_unknown_family(void **state)
{
	struct ct_entry ct;

	(void)state;
	natted(&ct, AF_INET);
	ct.orig.l3 = ct.repl.l3 = 0;
	assert_false(ct_is_snat(&ct));
	assert_false(ct_is_dnat(&ct));
}

/* ---- inversion ------------------------------------------------------- */

static void test_complete_reply(void **state)
{
	struct ct_entry ct;

	(void)state;
	memset(&ct, 0, sizeof(ct));
	ct.orig.l3 = AF_INET6;
	ct.orig.l4 = IPPROTO_SCTP;
	tu_addr(AF_INET6, &ct.orig.src, "2001:db8::1");
	tu_addr(AF_INET6, &ct.orig.dst, "2001:db8::2");
	ct.orig.sport = htons(5);
	ct.orig.dport = htons(6);
	ct.orig.zone = 9;
	ct.present = TU_ORIG_BITS | CT_BIT(CTF_ORIG_SPORT) | CT_BIT(CTF_ORIG_DPORT);
	ct_complete_reply(&ct);
	assert_int_equal(ct.repl.l3, AF_INET6);
	assert_int_equal(ct.repl.l4, IPPROTO_SCTP);
	assert_memory_equal(&ct.repl.src, &ct.orig.dst, 16);
	assert_memory_equal(&ct.repl.dst, &ct.orig.src, 16);
	assert_int_equal(ct.repl.sport, htons(6));
	assert_int_equal(ct.repl.dport, htons(5));
	assert_int_equal(ct.repl.zone, 0);	/* zones are not inverted */
	assert_true((ct.present & (TU_REPL_BITS | CT_BIT(CTF_REPL_SPORT) |
				   CT_BIT(CTF_REPL_DPORT))) ==
		    (TU_REPL_BITS | CT_BIT(CTF_REPL_SPORT) | CT_BIT(CTF_REPL_DPORT)));
	assert_false(ct_has(&ct, CTF_REPL_ZONE));
	/* The original is untouched. */
	assert_int_equal(ct.orig.sport, htons(5));
}

static void test_complete_orig_icmp(void **state)
{
	struct ct_entry ct;

	(void)state;
	memset(&ct, 0, sizeof(ct));
	ct.repl.l3 = AF_INET;
	ct.repl.l4 = IPPROTO_ICMP;
	tu_addr(AF_INET, &ct.repl.src, "2.2.2.2");
	tu_addr(AF_INET, &ct.repl.dst, "1.1.1.1");
	ct.repl.sport = htons(9);	/* id */
	ct.repl.icmp_type = 0;
	ct.orig.icmp_type = 8;
	ct.present = TU_REPL_BITS;
	ct_complete_orig(&ct);
	assert_int_equal(ct.orig.l3, AF_INET);
	assert_int_equal(ct.orig.l4, IPPROTO_ICMP);
	assert_int_equal(ct.orig.src.v4, ct.repl.dst.v4);
	assert_int_equal(ct.orig.dst.v4, ct.repl.src.v4);
	/* ICMP fields are left as the setters made them. */
	assert_int_equal(ct.orig.sport, 0);
	assert_int_equal(ct.orig.icmp_type, 8);
	assert_true((ct.present & TU_ORIG_BITS) == TU_ORIG_BITS);
}

static void test_complete_is_involutive(void **state)
{
	struct ct_entry ct, back;

	(void)state;
	tu_entry(&ct, AF_INET, IPPROTO_GRE, "1.1.1.1", "2.2.2.2", 0x10, 0x20,
		 "0.0.0.0", "0.0.0.0", 0, 0);
	ct_complete_reply(&ct);
	back = ct;
	memset(&back.orig, 0, sizeof(back.orig));
	ct_complete_orig(&back);
	assert_memory_equal(&back.orig, &ct.orig, sizeof(ct.orig));
	assert_int_equal(ntohs(ct.repl.sport), 0x20);
	assert_int_equal(ntohs(ct.repl.dport), 0x10);
}

/* ---- Regressions: bugs found by these tests and fixed ----------------- */

/*
 * Was a bug (lib/ct.c, ct_is_dpat/ct_is_spat on ICMP): ct.h promises "the
 * meaning libnetfilter_conntrack gives them". For ICMP, libnfct 1.0.9
 * compares the reply tuple's l4src (the ICMP id) with the original's
 * l4dst (the bytes {type, code}) for DPAT, and the reply's {type, code}
 * with the original id for SPAT; ct.c compares the ids with dport/sport,
 * which are 0 for ICMP. Seen end to end in a network namespace with an
 * (empty) nat table, where every entry gets null bindings (status 0x18a)
 * and three echo requests to 127.0.0.1 with ids 0, 2048 and 9:
 *   conntrack 1.4.7 -L -p icmp --dst-nat   lists id=0 and id=9
 *   ours, before the fix, listed id=2048 and id=9
 */
static void echo_null_binding(struct ct_entry *ct, unsigned int id,
			      uint8_t type, uint8_t reply_type)
{
	tu_entry(ct, AF_INET, IPPROTO_ICMP, "127.0.0.1", "127.0.0.1", id, type,
		 "127.0.0.1", "127.0.0.1", 0, reply_type);
	tu_u32(ct, CTF_STATUS, CT_S_SEEN_REPLY | CT_S_CONFIRMED |
	       CT_S_SRC_NAT_DONE | CT_S_DST_NAT_DONE);	/* 0x18a */
}

static void bug_icmp_dpat_as_libnfct(void **state)
{
	struct ct_entry ct;

	(void)state;
	/* id 9: {0x00,0x09} != {8,0}: DPAT for libnfct (and for ct.c). */
	echo_null_binding(&ct, 9, 8, 0);
	assert_true(ct_is_dpat(&ct));
	/* id 0: {0,0} != {8,0}: libnfct says DPAT; ct.c says no. */
	echo_null_binding(&ct, 0, 8, 0);
	assert_true(ct_is_dpat(&ct));
	/* id 2048: {0x08,0x00} == {8,0}: libnfct says no DPAT; ct.c says yes. */
	echo_null_binding(&ct, 2048, 8, 0);
	assert_false(ct_is_dpat(&ct));
}

static void bug_icmp_spat_as_libnfct(void **state)
{
	struct ct_entry ct;

	(void)state;
	/* Timestamp request 13 / reply 14, id 0: reply {14,0} != id {0,0}:
	 * libnfct says SPAT; ct.c compares 0 with 0 and says no. */
	echo_null_binding(&ct, 0, 13, 14);
	assert_true(ct_is_spat(&ct));
	/* id 3584 = bytes {0x0e,0x00} == reply {14,0}: libnfct says no. */
	echo_null_binding(&ct, 3584, 13, 14);
	assert_false(ct_is_spat(&ct));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_len),
		cmocka_unit_test(test_proto_has_ports),
		cmocka_unit_test(test_icmp_reply_type),
		cmocka_unit_test(test_labels_bits),
		cmocka_unit_test(test_presence_helpers),
		cmocka_unit_test(test_nat_status_unknown),
		cmocka_unit_test(test_nat_status_rules),
		cmocka_unit_test(test_nat_needs_changed_tuple),
		cmocka_unit_test(test_nat_unknown_family),
		cmocka_unit_test(test_complete_reply),
		cmocka_unit_test(test_complete_orig_icmp),
		cmocka_unit_test(test_complete_is_involutive),
	};

	/* Bugs found and fixed; run as their own meson test. */
	const struct CMUnitTest regressions[] = {
		cmocka_unit_test(bug_icmp_dpat_as_libnfct),
		cmocka_unit_test(bug_icmp_spat_as_libnfct),
	};

	if (argc > 1 && strcmp(argv[1], "--regressions") == 0)
		return cmocka_run_group_tests_name("ct regressions", regressions, NULL, NULL);
	return cmocka_run_group_tests_name("ct", tests, NULL, NULL);
}
