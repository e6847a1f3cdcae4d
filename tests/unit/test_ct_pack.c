/*
 * test_ct_pack.c - the cache's compact entry encoding (lib/ct_pack.c):
 * exact round trips of random entries over every field, the sizes of
 * typical entries, the worst case, truncation, the key-only decoder and
 * the meta copy an update uses.
 *
 * The random entries are built from this file's own list of which
 * members each presence bit covers, independent of ct_pack.c's table.
 */
#include "testutil.h"

#include "ct_pack.h"

/* xorshift64*: deterministic, state passed around. */
struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * UINT64_C(2685821657736338717);
}

static void rnd_bytes(struct rng *r, void *p, size_t n)
{
	unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)rnd(r);
}

/* A family: mostly IPv4/IPv6, sometimes unknown. */
static uint8_t rnd_family(struct rng *r)
{
	static const uint8_t fams[] = { AF_INET, AF_INET6, AF_INET, AF_INET6, 0, 7 };

	return fams[rnd(r) % ARRAY_LEN(fams)];
}

/* An address: 4 random bytes when its family (counting only with its
 * presence bit) is IPv4, 16 otherwise; the rest stays zero. */
static void rnd_addr(struct rng *r, union ct_addr *a, bool fam_known, uint8_t fam)
{
	memset(a, 0, sizeof(*a));
	rnd_bytes(r, a, fam_known && fam == AF_INET ? 4 : 16);
}

/* A string of random length (0..size, size meaning no NUL). */
static void rnd_str(struct rng *r, char *s, size_t size)
{
	size_t n = rnd(r) % (size + 1);

	memset(s, 0, size);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)('a' + rnd(r) % 26);
}

static void fill_tuple_ints(struct rng *r, struct ct_entry *ct, int dir)
{
	struct ct_tuple *t = dir ? &ct->repl : &ct->orig;
	enum ct_field base = dir ? CTF_REPL_L3 : CTF_ORIG_L3;

	/* L3, L4, SRC, DST, SPORT, DPORT, ZONE in enum order */
	if (ct_has(ct, base))
		t->l3 = rnd_family(r);
	if (ct_has(ct, base + 1))
		t->l4 = (uint8_t)rnd(r);
	if (ct_has(ct, base + 4))
		t->sport = (uint16_t)rnd(r);
	if (ct_has(ct, base + 5))
		t->dport = (uint16_t)rnd(r);
	if (ct_has(ct, base + 6))
		t->zone = (uint16_t)rnd(r);
}

static void fill_tuple_addrs(struct rng *r, struct ct_entry *ct, int dir)
{
	struct ct_tuple *t = dir ? &ct->repl : &ct->orig;
	enum ct_field base = dir ? CTF_REPL_L3 : CTF_ORIG_L3;
	bool known = ct_has(ct, base);

	if (ct_has(ct, base + 2))
		rnd_addr(r, &t->src, known, t->l3);
	if (ct_has(ct, base + 3))
		rnd_addr(r, &t->dst, known, t->l3);
}

static void fill_nat(struct rng *r, struct ct_nat *n, bool addr, bool port)
{
	if (addr) {
		n->l3 = rnd_family(r);
		rnd_addr(r, &n->addr, true, n->l3);
	}
	if (port)
		n->port = (uint16_t)rnd(r);
}

static void fill_labels(struct rng *r, struct ct_entry *ct)
{
	if (ct->present & (CT_BIT(CTF_LABELS) | CT_BIT(CTF_LABELS_MASK)))
		ct->labels_words = (uint8_t)(1 + rnd(r) % CT_LABEL_WORDS);
	if (ct_has(ct, CTF_LABELS))
		rnd_bytes(r, ct->labels, sizeof(ct->labels));
	if (ct_has(ct, CTF_LABELS_MASK))
		rnd_bytes(r, ct->labels_mask, sizeof(ct->labels_mask));
}

static void fill_icmp(struct rng *r, struct ct_entry *ct)
{
	if (ct_has(ct, CTF_ICMP_TYPE)) {
		ct->orig.icmp_type = (uint8_t)rnd(r);
		ct->repl.icmp_type = (uint8_t)rnd(r);
	}
	if (ct_has(ct, CTF_ICMP_CODE)) {
		ct->orig.icmp_code = (uint8_t)rnd(r);
		ct->repl.icmp_code = (uint8_t)rnd(r);
	}
	if (ct_has(ct, CTF_ICMP_ID)) {
		/* the id shares sport with the ports */
		ct->orig.sport = (uint16_t)rnd(r);
		ct->repl.sport = (uint16_t)rnd(r);
	}
}

static void fill_u32s(struct rng *r, struct ct_entry *ct)
{
	static const enum ct_field f[] = { CTF_STATUS, CTF_TIMEOUT, CTF_MARK,
		CTF_SECMARK, CTF_ID, CTF_USE, CTF_ZONE };

	for (size_t i = 0; i < ARRAY_LEN(f); i++)
		if (ct_has(ct, f[i]))
			tu_u32(ct, f[i], (uint32_t)rnd(r));
}

static void fill_proto(struct rng *r, struct ct_entry *ct)
{
	if (ct->present & (CT_BIT(CTF_TCP_STATE) | CT_BIT(CTF_SCTP_STATE) |
			   CT_BIT(CTF_DCCP_STATE)))
		ct->state = (uint8_t)rnd(r);
	if (ct_has(ct, CTF_TCP_FLAGS))
		ct->tcp_flags = (uint8_t)rnd(r);
	if (ct_has(ct, CTF_DCCP_ROLE))
		ct->dccp_role = (uint8_t)rnd(r);
	if (ct_has(ct, CTF_SCTP_VTAG_ORIG))
		ct->sctp_vtag[0] = (uint32_t)rnd(r);
	if (ct_has(ct, CTF_SCTP_VTAG_REPL))
		ct->sctp_vtag[1] = (uint32_t)rnd(r);
}

static void fill_rest(struct rng *r, struct ct_entry *ct)
{
	if (ct_has(ct, CTF_ORIG_COUNTERS))
		rnd_bytes(r, &ct->counters[0], sizeof(ct->counters[0]));
	if (ct_has(ct, CTF_REPL_COUNTERS))
		rnd_bytes(r, &ct->counters[1], sizeof(ct->counters[1]));
	if (ct_has(ct, CTF_TS_START))
		ct->ts_start = rnd(r);
	if (ct_has(ct, CTF_TS_STOP))
		ct->ts_stop = rnd(r);
	if (ct_has(ct, CTF_HELPER))
		rnd_str(r, ct->helper, sizeof(ct->helper));
	if (ct_has(ct, CTF_SECCTX))
		rnd_str(r, ct->secctx, sizeof(ct->secctx));
	fill_nat(r, &ct->snat, ct_has(ct, CTF_SNAT_ADDR), ct_has(ct, CTF_SNAT_PORT));
	fill_nat(r, &ct->dnat, ct_has(ct, CTF_DNAT_ADDR), ct_has(ct, CTF_DNAT_PORT));
}

/* A random entry with the given presence bits; everything the bits do
 * not cover is zero, as ct_parse() leaves it. */
static void rnd_entry(struct rng *r, struct ct_entry *ct, uint64_t present)
{
	memset(ct, 0, sizeof(*ct));
	ct->present = present;
	fill_tuple_ints(r, ct, 0);
	fill_tuple_ints(r, ct, 1);
	fill_icmp(r, ct);
	fill_tuple_addrs(r, ct, 0);
	fill_tuple_addrs(r, ct, 1);
	fill_u32s(r, ct);
	fill_proto(r, ct);
	fill_labels(r, ct);
	fill_rest(r, ct);
}

static size_t round_trip(const struct ct_entry *ct)
{
	unsigned char buf[CT_PACK_MAX + 16];
	struct ct_entry back;
	size_t n = ct_pack(ct, buf, sizeof(buf));

	assert_true(n <= CT_PACK_MAX);
	memset(&back, 0x5a, sizeof(back));
	ct_unpack(buf, n, &back);
	assert_memory_equal(&back, ct, sizeof(*ct));
	return n;
}

static void test_random_round_trips(void **state)
{
	struct rng r = { UINT64_C(0x1234567887654321) };
	const uint64_t all = CT_BIT(CTF_MAX) - 1;
	struct ct_entry ct;

	(void)state;
	for (int i = 0; i < 20000; i++) {
		/* dense, sparse and everything */
		uint64_t m = rnd(&r) & all;

		if (i % 3 == 1)
			m &= rnd(&r) & rnd(&r);
		if (i % 97 == 0)
			m = all;
		rnd_entry(&r, &ct, m);
		round_trip(&ct);
	}
	for (int f = 0; f < CTF_MAX; f++) {	/* each field alone */
		rnd_entry(&r, &ct, CT_BIT(f));
		round_trip(&ct);
	}
	memset(&ct, 0, sizeof(ct));
	assert_int_equal(round_trip(&ct), 6);	/* just the mask */
}

/* An IPv4 TCP entry as an event brings it: both tuples, status, mark,
 * state, id. */
static void tcp4(struct ct_entry *ct)
{
	tu_entry(ct, AF_INET, IPPROTO_TCP, "192.168.1.10", "10.0.0.1", 40000, 443,
		 "10.0.0.1", "192.168.1.10", 443, 40000);
	tu_u32(ct, CTF_STATUS, CT_S_ASSURED | CT_S_SEEN_REPLY | CT_S_CONFIRMED);
	tu_u32(ct, CTF_MARK, 0);
	tu_u32(ct, CTF_ID, 123456789);
	ct->state = 3;
	ct_set(ct, CTF_TCP_STATE);
}

static void test_sizes(void **state)
{
	struct ct_entry ct;
	size_t n;

	(void)state;
	tcp4(&ct);
	n = round_trip(&ct);
	print_message("packed IPv4 TCP entry: %zu bytes (struct: %zu)\n", n,
		      sizeof(ct));
	assert_true(n <= 60);
	assert_int_equal(n, 6 + 2 * (1 + 1 + 4 + 4 + 2 + 2) + 4 + 4 + 4 + 1);
	tu_u32(&ct, CTF_TIMEOUT, 431999);
	assert_int_equal(round_trip(&ct), n + 4);

	/* IPv6 ICMPv6: the addresses take 16 bytes, ICMP fields both tuples */
	tu_entry(&ct, AF_INET6, IPPROTO_ICMPV6, "2001:db8::1", "2001:db8::2", 7, 128,
		 "2001:db8::2", "2001:db8::1", 0, 129);
	assert_int_equal(round_trip(&ct), 6 + 2 * (1 + 1 + 16 + 16) + 2 + 2 + 4);
}

static void test_worst_case(void **state)
{
	struct ct_entry ct;
	unsigned char buf[CT_PACK_MAX];

	(void)state;
	memset(&ct, 0, sizeof(ct));
	ct.present = CT_BIT(CTF_MAX) - 1;
	ct.orig.l3 = ct.repl.l3 = AF_INET6;
	ct.snat.l3 = ct.dnat.l3 = AF_INET6;
	memset(ct.helper, 'h', sizeof(ct.helper));	/* no NUL at all */
	memset(ct.secctx, 's', sizeof(ct.secctx));
	assert_int_equal(ct_pack(&ct, buf, sizeof(buf)), CT_PACK_MAX);
	assert_int_equal(round_trip(&ct), CT_PACK_MAX);
}

static void test_truncation(void **state)
{
	unsigned char buf[80], full[CT_PACK_MAX];
	struct ct_entry ct, back;
	size_t n;

	(void)state;
	tcp4(&ct);
	n = ct_pack(&ct, full, sizeof(full));
	/* too small: the needed length, nothing written past cap */
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(ct_pack(&ct, buf, 20), n);
	for (size_t i = 20; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0xee);
	assert_memory_equal(buf, full, 20);
	/* every truncated encoding decodes without reading past its end */
	for (size_t len = 0; len < n; len++) {
		unsigned char *p = tu_exact_copy(full, len);

		ct_unpack(p, len, &back);
		free(p);
	}
	ct_unpack(full, n, &back);
	assert_memory_equal(&back, &ct, sizeof(ct));
}

static void test_unpack_key(void **state)
{
	struct rng r = { 42 };
	unsigned char buf[CT_PACK_MAX];
	struct ct_entry ct, k, want;
	size_t n;

	(void)state;
	for (int i = 0; i < 2000; i++) {
		rnd_entry(&r, &ct, rnd(&r) & (CT_BIT(CTF_MAX) - 1));
		n = ct_pack(&ct, buf, sizeof(buf));
		/* the key members are written, the rest untouched; a stale
		 * family must not decide the address length */
		memset(&k, 0xa5, sizeof(k));
		k.orig.l3 = AF_INET;
		ct_unpack_key(buf, n, &k);
		assert_int_equal(k.present, ct.present & CT_PACK_KEY_BITS);
		memset(&want, 0xa5, sizeof(want));
		want.orig.l3 = AF_INET;
		want.present = k.present;
		if (ct_has(&ct, CTF_ORIG_L3))
			want.orig.l3 = ct.orig.l3;
		if (ct_has(&ct, CTF_ORIG_L4))
			want.orig.l4 = ct.orig.l4;
		if (ct_has(&ct, CTF_ORIG_SRC))
			memcpy(&want.orig.src, &ct.orig.src, ct_has(&ct, CTF_ORIG_L3) &&
			       ct.orig.l3 == AF_INET ? 4 : 16);
		if (ct_has(&ct, CTF_ORIG_DST))
			memcpy(&want.orig.dst, &ct.orig.dst, ct_has(&ct, CTF_ORIG_L3) &&
			       ct.orig.l3 == AF_INET ? 4 : 16);
		if (ct.present & (CT_BIT(CTF_ORIG_SPORT) | CT_BIT(CTF_ICMP_ID)))
			want.orig.sport = ct.orig.sport;
		if (ct_has(&ct, CTF_ICMP_ID))
			want.repl.sport = ct.repl.sport;
		if (ct_has(&ct, CTF_ORIG_DPORT))
			want.orig.dport = ct.orig.dport;
		if (ct_has(&ct, CTF_ORIG_ZONE))
			want.orig.zone = ct.orig.zone;
		if (ct_has(&ct, CTF_ICMP_TYPE)) {
			want.orig.icmp_type = ct.orig.icmp_type;
			want.repl.icmp_type = ct.repl.icmp_type;
		}
		if (ct_has(&ct, CTF_ICMP_CODE)) {
			want.orig.icmp_code = ct.orig.icmp_code;
			want.repl.icmp_code = ct.repl.icmp_code;
		}
		assert_memory_equal(&k, &want, sizeof(k));
	}
}

static void test_copy_meta(void **state)
{
	struct ct_entry old, upd, want;

	(void)state;
	tcp4(&old);
	tu_u32(&old, CTF_TIMEOUT, 100);
	strcpy(old.helper, "ftp");
	ct_set(&old, CTF_HELPER);

	/* the update: other tuples (ignored), a new mark, status and zone,
	 * counters; no timeout, no helper (kept) */
	tu_entry(&upd, AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1, 2,
		 "2.2.2.2", "1.1.1.1", 2, 1);
	tu_u32(&upd, CTF_MARK, 77);
	tu_u32(&upd, CTF_STATUS, CT_S_SEEN_REPLY);
	tu_u32(&upd, CTF_ZONE, 3);
	upd.orig.zone = 9;
	ct_set(&upd, CTF_ORIG_ZONE);
	upd.counters[1].packets = 5;
	ct_set(&upd, CTF_REPL_COUNTERS);

	want = old;
	want.mark = 77;
	want.status = CT_S_SEEN_REPLY;
	want.zone = 3;
	want.orig.zone = 9;
	want.counters[1].packets = 5;
	want.present |= CT_BIT(CTF_ZONE) | CT_BIT(CTF_ORIG_ZONE) |
			CT_BIT(CTF_REPL_COUNTERS);
	ct_copy_meta(&old, &upd);
	assert_memory_equal(&old, &want, sizeof(old));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_round_trips),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_worst_case),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_unpack_key),
		cmocka_unit_test(test_copy_meta),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
