/*
 * test_cache.c - conntrackd's cache (src/conntrackd/cache.c, slab.c) and
 * its text output (cache_dump.c).
 *
 * Expected hashes and buckets come from an independent model of lookup2
 * in Python (below); the dump lines, counters and -s blocks are what
 * Debian's conntrackd 1.4.7 printed in a scratch network namespace
 * (stats mode, HashSize 16) after `conntrack -I/-U/-D` of the same
 * entries, with "[active since Ns]" normalised to 2s.
 *
 * The Python model used for the numbers:
 *
 *   M = 0xffffffff
 *   def mix(a, b, c):
 *       a = (a-b-c) & M; a ^= c >> 13
 *       b = (b-c-a) & M; b ^= (a << 8) & M
 *       c = (c-a-b) & M; c ^= b >> 13
 *       a = (a-b-c) & M; a ^= c >> 12
 *       b = (b-c-a) & M; b ^= (a << 16) & M
 *       c = (c-a-b) & M; c ^= b >> 5
 *       a = (a-b-c) & M; a ^= c >> 3
 *       b = (b-c-a) & M; b ^= (a << 10) & M
 *       c = (c-a-b) & M; c ^= b >> 15
 *       return a, b, c
 *   def jhash2(k, init=0):
 *       a = b = 0x9e3779b9; c = init; i = 0
 *       while len(k) - i >= 3:
 *           a = (a+k[i]) & M; b = (b+k[i+1]) & M; c = (c+k[i+2]) & M
 *           a, b, c = mix(a, b, c); i += 3
 *       c = (c + 4*len(k)) & M
 *       if len(k) - i == 2: b = (b+k[i+1]) & M
 *       if len(k) - i >= 1: a = (a+k[i]) & M
 *       return mix(a, b, c)[2]
 *   # IPv4 words: src, dst (network bytes read little-endian), 2<<16|l4,
 *   # sport<<16|dport (same reading; 0 for ICMP), zone
 *   bucket = lambda h, n: (h * n) >> 32
 */
#include "testutil.h"

#include <time.h>
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "cache.h"
#include "cache_dump.h"
#include "jhash.h"

static struct tu_str out;

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	tu_str_init(&out);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_str_free(&out);
	return 0;
}

/* An entry as `conntrack -I` makes it and an event brings it. */
struct spec {
	uint8_t l3, l4;
	const char *src, *dst;
	unsigned int sport, dport;	/* ICMP: id and type */
	int state;			/* TCP state, -1: none */
	uint32_t mark;
	int zone;			/* -1: none */
	bool assured;
	uint32_t id;
};

static void make(struct ct_entry *ct, const struct spec *s)
{
	bool icmp = s->l4 == IPPROTO_ICMP || s->l4 == IPPROTO_ICMPV6;
	unsigned int rs = icmp ? 0 : s->dport;
	unsigned int rd = icmp ? (unsigned int)ct_icmp_reply_type(s->l3, (uint8_t)s->dport)
			       : s->sport;

	tu_entry(ct, s->l3, s->l4, s->src, s->dst, s->sport, s->dport,
		 s->dst, s->src, rs, rd);
	tu_u32(ct, CTF_STATUS, CT_S_CONFIRMED | (s->assured ? CT_S_ASSURED : 0));
	tu_u32(ct, CTF_MARK, s->mark);
	tu_u32(ct, CTF_ID, s->id);
	if (s->zone >= 0)
		tu_u32(ct, CTF_ZONE, (uint32_t)s->zone);
	if (s->state >= 0) {
		ct->state = (uint8_t)s->state;
		ct_set(ct, CTF_TCP_STATE);
	}
}

/* A TCP or UDP entry with ports, for the tests that need many. */
static void simple(struct ct_entry *ct, uint8_t l4, const char *src,
		   const char *dst, unsigned int sport, unsigned int dport)
{
	const struct spec s = { AF_INET, l4, src, dst, sport, dport,
				l4 == IPPROTO_TCP ? 3 : -1, 0, -1, false, 1 };

	make(ct, &s);
}

static struct cache_entry *add(struct cache *c, const struct ct_entry *ct,
			       int64_t now)
{
	struct cache_entry *e = cache_add(c, ct, now);

	assert_non_null(e);
	return e;
}

/* simple() into ct, then add() at time 1. */
static struct cache_entry *add_simple(struct cache *c, struct ct_entry *ct,
				      uint8_t l4, const char *src,
				      const char *dst, unsigned int sport,
				      unsigned int dport)
{
	simple(ct, l4, src, dst, sport, dport);
	return add(c, ct, 1);
}

/* The entries of the reference run, in the order they were created. */
static const struct spec ref_entries[] = {
	{ AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1000, 80, 3, 0, -1, true, 361364724u },
	{ AF_INET, IPPROTO_UDP, "1.1.1.1", "2.2.2.3", 1000, 53, -1, 0, -1, false, 2242207473u },
	{ AF_INET, IPPROTO_ICMP, "10.0.0.1", "10.0.0.2", 1, 8, -1, 0, -1, false, 2658214578u },
	{ AF_INET, IPPROTO_ICMP, "10.0.0.1", "10.0.0.2", 2, 8, -1, 0, -1, false, 3990298475u },
	{ AF_INET, IPPROTO_ICMP, "10.0.0.1", "10.0.0.2", 3, 8, -1, 0, -1, false, 2634826456u },
	{ AF_INET, IPPROTO_ICMP, "10.0.0.3", "10.0.0.4", 77, 8, -1, 0, -1, false, 2150196961u },
	{ AF_INET, IPPROTO_TCP, "192.168.1.1", "192.168.1.2", 40000, 443, 3, 0, 7, false, 2280955365u },
	{ AF_INET6, IPPROTO_TCP, "2001:db8::1", "2001:db8::2", 1000, 80, 3, 0, -1, false, 1732062846u },
	{ AF_INET6, IPPROTO_ICMPV6, "fe80::1", "fe80::2", 5, 128, -1, 0, -1, false, 2689063599u },
	{ AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1001, 80, 1, 0, -1, false, 2293888353u },
	{ AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1002, 80, 1, 0, -1, false, 4108986795u },
	{ AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1003, 80, 1, 0, -1, false, 2819562919u },
	{ AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1004, 80, 1, 0, -1, false, 2621636608u },
	{ AF_INET, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1005, 80, 1, 5, -1, false, 4140121978u },
	{ AF_INET, IPPROTO_UDP, "3.3.3.3", "4.4.4.4", 5000, 5001, -1, 0, -1, false, 1307862792u },
	{ AF_INET, IPPROTO_UDP, "3.3.3.3", "4.4.4.4", 5002, 5001, -1, 0, -1, false, 876789573u },
	{ AF_INET, IPPROTO_UDP, "3.3.3.3", "4.4.4.4", 5004, 5001, -1, 0, -1, false, 57249190u },
	{ AF_INET, IPPROTO_UDP, "3.3.3.3", "4.4.4.4", 5006, 5001, -1, 0, -1, false, 1134318041u },
	{ AF_INET, IPPROTO_GRE, "5.5.5.5", "6.6.6.6", 16, 32, -1, 0, -1, false, 1980434344u },
};

/* What the reference's `conntrackd -i` printed for them (bucket in the
 * comment, from the Python model). */
static const char *const ref_plain[] = {
	/* 1 */ "icmp     1 src=10.0.0.3 dst=10.0.0.4 type=8 code=0 id=77 [UNREPLIED] src=10.0.0.4 dst=10.0.0.3 type=0 code=0 id=77 mark=0 [active since 2s]\n",
	/* 2 */ "tcp      6 SYN_SENT src=1.1.1.1 dst=2.2.2.2 sport=1002 dport=80 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 sport=80 dport=1002 mark=0 [active since 2s]\n",
	/* 3 */ "tcp      6 ESTABLISHED src=2001:db8::1 dst=2001:db8::2 sport=1000 dport=80 [UNREPLIED] src=2001:db8::2 dst=2001:db8::1 sport=80 dport=1000 mark=0 [active since 2s]\n",
	/* 4 */ "udp      17 src=3.3.3.3 dst=4.4.4.4 sport=5006 dport=5001 [UNREPLIED] src=4.4.4.4 dst=3.3.3.3 sport=5001 dport=5006 mark=0 [active since 2s]\n",
	/* 4 */ "tcp      6 SYN_SENT src=1.1.1.1 dst=2.2.2.2 sport=1001 dport=80 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 sport=80 dport=1001 mark=0 [active since 2s]\n",
	/* 4 */ "tcp      6 ESTABLISHED src=192.168.1.1 dst=192.168.1.2 sport=40000 dport=443 [UNREPLIED] src=192.168.1.2 dst=192.168.1.1 sport=443 dport=40000 mark=0 zone=7 [active since 2s]\n",
	/* 5 */ "udp      17 src=3.3.3.3 dst=4.4.4.4 sport=5000 dport=5001 [UNREPLIED] src=4.4.4.4 dst=3.3.3.3 sport=5001 dport=5000 mark=0 [active since 2s]\n",
	/* 5 */ "tcp      6 SYN_SENT src=1.1.1.1 dst=2.2.2.2 sport=1003 dport=80 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 sport=80 dport=1003 mark=0 [active since 2s]\n",
	/* 7 */ "udp      17 src=1.1.1.1 dst=2.2.2.3 sport=1000 dport=53 [UNREPLIED] src=2.2.2.3 dst=1.1.1.1 sport=53 dport=1000 mark=0 [active since 2s]\n",
	/* 8: the ICMP port word is 0, so the ids share a bucket */
	/* 8 */ "icmp     1 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=3 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=3 mark=0 [active since 2s]\n",
	/* 8 */ "icmp     1 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=2 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=2 mark=0 [active since 2s]\n",
	/* 8 */ "icmp     1 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=1 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=1 mark=0 [active since 2s]\n",
	/* 9 */ "udp      17 src=3.3.3.3 dst=4.4.4.4 sport=5002 dport=5001 [UNREPLIED] src=4.4.4.4 dst=3.3.3.3 sport=5001 dport=5002 mark=0 [active since 2s]\n",
	/* 10 */ "tcp      6 SYN_SENT src=1.1.1.1 dst=2.2.2.2 sport=1004 dport=80 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 sport=80 dport=1004 mark=0 [active since 2s]\n",
	/* 11 */ "udp      17 src=3.3.3.3 dst=4.4.4.4 sport=5004 dport=5001 [UNREPLIED] src=4.4.4.4 dst=3.3.3.3 sport=5001 dport=5004 mark=0 [active since 2s]\n",
	/* 11 */ "tcp      6 SYN_SENT src=1.1.1.1 dst=2.2.2.2 sport=1005 dport=80 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 sport=80 dport=1005 mark=5 [active since 2s]\n",
	/* 12 */ "gre      47 src=5.5.5.5 dst=6.6.6.6 srckey=0x10 dstkey=0x20 [UNREPLIED] src=6.6.6.6 dst=5.5.5.5 srckey=0x20 dstkey=0x10 mark=0 [active since 2s]\n",
	/* 12 */ "tcp      6 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=1000 dport=80 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 sport=80 dport=1000 [ASSURED] mark=0 [active since 2s]\n",
	/* 14 */ "icmpv6   58 src=fe80::1 dst=fe80::2 type=128 code=0 id=5 [UNREPLIED] src=fe80::2 dst=fe80::1 type=129 code=0 id=5 mark=0 [active since 2s]\n",
};

/* Three of the reference's `conntrackd -i -x` lines: dump positions 0,
 * 5 and 17. */
static const char *const ref_xml_0 =
	"<flow><meta direction=\"original\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>10.0.0.3</src><dst>10.0.0.4</dst></layer3><layer4 protonum=\"1\" protoname=\"icmp\"></layer4></meta><meta direction=\"reply\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>10.0.0.4</src><dst>10.0.0.3</dst></layer3><layer4 protonum=\"1\" protoname=\"icmp\"></layer4></meta><meta direction=\"independent\"><mark>0</mark><id>2150196961</id><unreplied/></meta></flow>\n";
static const char *const ref_xml_5 =
	"<flow><meta direction=\"original\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>192.168.1.1</src><dst>192.168.1.2</dst></layer3><layer4 protonum=\"6\" protoname=\"tcp\"><sport>40000</sport><dport>443</dport></layer4></meta><meta direction=\"reply\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>192.168.1.2</src><dst>192.168.1.1</dst></layer3><layer4 protonum=\"6\" protoname=\"tcp\"><sport>443</sport><dport>40000</dport></layer4></meta><meta direction=\"independent\"><state>ESTABLISHED</state><mark>0</mark><zone>7</zone><id>2280955365</id><unreplied/></meta></flow>\n";
static const char *const ref_xml_17 =
	"<flow><meta direction=\"original\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>1.1.1.1</src><dst>2.2.2.2</dst></layer3><layer4 protonum=\"6\" protoname=\"tcp\"><sport>1000</sport><dport>80</dport></layer4></meta><meta direction=\"reply\"><layer3 protonum=\"2\" protoname=\"ipv4\"><src>2.2.2.2</src><dst>1.1.1.1</dst></layer3><layer4 protonum=\"6\" protoname=\"tcp\"><sport>80</sport><dport>1000</dport></layer4></meta><meta direction=\"independent\"><state>ESTABLISHED</state><mark>0</mark><id>361364724</id><assured/><unreplied/></meta></flow>\n";

/* The hash */

static void test_jhash_vectors(void **state)
{
	const uint32_t k[] = { 1, 2, 3, 4 };

	(void)state;
	assert_int_equal(jhash_words(k, 0, 0), 0xbd49d10d);
	assert_int_equal(jhash_words(k, 1, 0), 0xfa8bd2a8);
	assert_int_equal(jhash_words(k, 2, 0), 0x6f9cb46a);
	assert_int_equal(jhash_words(k, 3, 0), 0x23a7138f);
	assert_int_equal(jhash_words(k, 4, 0), 0x2522ab2a);
}

static void test_entry_hashes(void **state)
{
	/* ref_entries index, hash, bucket of 16, bucket of 65536 */
	static const struct { int i; uint32_t h; unsigned int b16, b64k; } v[] = {
		{ 0, 0xcd01b57d, 12, 52481 },	/* TCP */
		{ 1, 0x780234d6, 7, 30722 },	/* UDP */
		{ 2, 0x87e08085, 8, 34784 },	/* ICMP: no port word */
		{ 3, 0x87e08085, 8, 34784 },
		{ 6, 0x4f9eece0, 4, 20382 },	/* zone 7 */
		{ 7, 0x3fb95acf, 3, 16313 },	/* IPv6 */
		{ 8, 0xe1be0384, 14, 57790 },	/* ICMPv6 */
	};
	struct ct_entry ct;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(v); i++) {
		make(&ct, &ref_entries[v[i].i]);
		assert_int_equal(cache_ct_hash(&ct), v[i].h);
		assert_int_equal(cache_bucket(v[i].h, 16), v[i].b16);
		assert_int_equal(cache_bucket(v[i].h, 65536), v[i].b64k);
	}
	/* an unknown family: bucket 0, as the reference */
	memset(&ct, 0, sizeof(ct));
	assert_int_equal(cache_ct_hash(&ct), 0);
}

/* Dumps */

struct dump_ctx {
	const struct cache *c;
	bool xml;
	int64_t now;
};

static int dump_one(struct cache_entry *e, void *data)
{
	const struct dump_ctx *d = data;

	cdump_entry(&out.o, d->c, e, d->xml, -1, d->now);
	return 0;
}

/* The dump of c as one string, and the line at index idx in line. */
static const char *dump(struct cache *c, bool xml, int64_t now)
{
	struct dump_ctx d = { c, xml, now };

	assert_int_equal(cache_iterate(c, dump_one, &d), 0);
	return tu_str_take(&out);
}

static const char *nth_line(const char *s, int n, char *line, size_t size)
{
	for (; n > 0; n--)
		s = strchr(s, '\n') + 1;
	snprintf(line, size, "%.*s", (int)(strchr(s, '\n') - s + 1), s);
	return line;
}

static void test_dump_matches_reference(void **state)
{
	struct cache *c = cache_create("stats", 16, 1000, 0);
	char line[2048];
	struct ct_entry ct;
	const char *s;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(ref_entries); i++) {
		make(&ct, &ref_entries[i]);
		ct_set(&ct, CTF_TIMEOUT);	/* dumps never show it */
		ct.timeout = 100;
		add(c, &ct, 1000);
	}
	s = dump(c, false, 1002);
	for (size_t i = 0; i < ARRAY_LEN(ref_plain); i++)
		assert_string_equal(nth_line(s, (int)i, line, sizeof(line)),
				    ref_plain[i]);
	assert_int_equal(strlen(s), strlen(strstr(s, ref_plain[0])));
	s = dump(c, true, 1002);
	assert_string_equal(nth_line(s, 0, line, sizeof(line)), ref_xml_0);
	assert_string_equal(nth_line(s, 5, line, sizeof(line)), ref_xml_5);
	assert_string_equal(nth_line(s, 17, line, sizeof(line)), ref_xml_17);
	cache_destroy(c);
}

static void test_dump_lines(void **state)
{
	struct ct_entry ct;
	const char *s;

	(void)state;
	/* an external-cache entry: no reply tuple, no id, expiring */
	make(&ct, &ref_entries[0]);
	ct.present &= ~(CT_REPL_TUPLE_BITS | CT_BIT(CTF_ID));
	memset(&ct.repl, 0, sizeof(ct.repl));
	ct.status = CT_S_ASSURED;
	cdump_line(&out.o, &ct, false, 17, 2, 0);
	s = tu_str_take(&out);
	assert_string_equal(s, "tcp      6 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 "
		"sport=1000 dport=80 [UNREPLIED] [ASSURED] mark=0 [expires in 17s] "
		"[active since 2s]\n");
	cdump_line(&out.o, &ct, true, 17, 2, 0);
	s = tu_str_take(&out);
	assert_string_equal(s, "<flow><meta direction=\"original\"><layer3 protonum=\"2\" "
		"protoname=\"ipv4\"><src>1.1.1.1</src><dst>2.2.2.2</dst></layer3>"
		"<layer4 protonum=\"6\" protoname=\"tcp\"><sport>1000</sport>"
		"<dport>80</dport></layer4></meta><meta direction=\"reply\">"
		"<layer3 protonum=\"0\" protoname=\"unknown\"><src></src><dst></dst>"
		"</layer3><layer4 protonum=\"0\" protoname=\"unknown\"></layer4></meta>"
		"<meta direction=\"independent\"><state>ESTABLISHED</state><mark>0</mark>"
		"<assured/><unreplied/></meta></flow>\n");
}

/* Counters */

static void assert_stats_text(const struct cache *c, const char *want)
{
	cdump_cache_stats(&out.o, c);
	assert_string_equal(tu_str_take(&out), want);
}

static void assert_ext_text(const struct cache *c, const char *want)
{
	cdump_cache_stats_ext(&out.o, c);
	assert_string_equal(tu_str_take(&out), want);
}

/* The reference run: -I tcp, -I udp .3, -I udp .4, -U udp .4 (mark 9),
 * -D udp .3; then -s, -s cache, -f internal, -s cache. */
static void test_counters_reference_run(void **state)
{
	struct cache *c = cache_create("stats", 16, 1000, 0);
	struct ct_entry tcp, u3, u4;
	struct cache_entry *e;

	(void)state;
	add_simple(c, &tcp, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1000, 80);
	add_simple(c, &u3, IPPROTO_UDP, "1.1.1.1", "2.2.2.3", 1000, 53);
	add_simple(c, &u4, IPPROTO_UDP, "1.1.1.1", "2.2.2.4", 1000, 53);
	u4.mark = 9;
	assert_non_null(cache_update_force(c, &u4, 2));
	e = cache_find(c, &u3);
	assert_non_null(e);
	cache_del(c, e);
	assert_stats_text(c, "cache stats:\n"
		"current active connections:\t           2\n"
		"connections created:\t\t           3\tfailed:\t           0\n"
		"connections updated:\t\t           1\tfailed:\t           0\n"
		"connections destroyed:\t\t           1\tfailed:\t           0\n"
		"\n");
	assert_ext_text(c, "cache:stats\tactive objects:\t\t           2\n"
		"\tactive/total entries:\t\t           2/           2\n"
		"\tcreation OK/failed:\t\t           3/           0\n"
		"\t\tno memory available:\t           0\n"
		"\t\tno space left in cache:\t           0\n"
		"\tupdate OK/failed:\t\t           1/           0\n"
		"\t\tentry not found:\t           0\n"
		"\tdeletion created/failed:\t           1/           0\n"
		"\t\tentry not found:\t           0\n"
		"\n");
	cache_flush(c);
	assert_ext_text(c, "cache:stats\tactive objects:\t\t           0\n"
		"\tactive/total entries:\t\t           0/           0\n"
		"\tcreation OK/failed:\t\t           3/           0\n"
		"\t\tno memory available:\t           0\n"
		"\t\tno space left in cache:\t           0\n"
		"\tupdate OK/failed:\t\t           1/           0\n"
		"\t\tentry not found:\t           0\n"
		"\tdeletion created/failed:\t           3/           0\n"
		"\t\tentry not found:\t           0\n"
		"\n");
	assert_int_equal(cache_stats(c)->flush, 1);
	cache_destroy(c);
}

/* DEAD entries, update_force on them, EEXIST. */
static void test_counters_dead(void **state)
{
	struct cache *c = cache_create("internal", 8, 1000, 0);
	const struct cache_stats *st = cache_stats(c);
	struct ct_entry a, b;
	struct cache_entry *e;

	(void)state;
	e = add_simple(c, &a, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1000, 80);
	add_simple(c, &b, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1001, 80);
	/* a second add of a present key: EEXIST, no counter moves */
	assert_null(cache_add(c, &a, 1));
	assert_int_equal(errno, EEXIST);
	assert_int_equal(st->add_ok, 2);
	assert_int_equal(st->add_fail, 0);

	/* killed but kept: counted as deleted at once, still held */
	cache_set_dead(c, e);
	cache_set_dead(c, e);
	assert_int_equal(e->status, CACHE_DEAD);
	assert_int_equal(st->del_ok, 1);
	assert_int_equal(st->active, 1);
	assert_int_equal(st->objects, 2);
	assert_int_equal(cache_count(c), 2);

	/* update_force replaces a DEAD entry by a new one */
	e = cache_update_force(c, &a, 5);
	assert_non_null(e);
	assert_int_equal(e->status, CACHE_NEW);
	assert_int_equal(e->lifetime, 5);
	assert_int_equal(st->add_ok, 3);
	assert_int_equal(st->upd_ok, 0);
	assert_int_equal(st->del_ok, 1);
	assert_int_equal(st->active, 2);
	assert_int_equal(cache_count(c), 2);

	/* and updates a live one */
	e = cache_update_force(c, &a, 6);
	assert_int_equal(e->status, CACHE_ALIVE);
	assert_int_equal(e->lifetime, 5);
	assert_int_equal(e->lastupdate, 6);
	assert_int_equal(st->upd_ok, 1);

	/* deleting a DEAD entry counts nothing more */
	cache_set_dead(c, e);
	cache_del(c, e);
	assert_int_equal(st->del_ok, 2);
	assert_int_equal(st->active, 1);
	assert_int_equal(st->objects, 1);
	assert_null(cache_find(c, &a));

	cache_count_commit(c, true);
	cache_count_commit(c, false);
	cache_count_commit(c, true);
	assert_int_equal(st->commit_ok, 2);
	assert_int_equal(st->commit_fail, 1);
	cache_destroy(c);
}

static void test_limit(void **state)
{
	struct cache *c = cache_create("stats", 4, 3, 0);
	const struct cache_stats *st = cache_stats(c);
	struct cache_entry *e;
	struct ct_entry ct;

	(void)state;
	for (unsigned int p = 1; p <= 3; p++)
		add_simple(c, &ct, IPPROTO_UDP, "1.1.1.1", "2.2.2.2", p, 53);
	simple(&ct, IPPROTO_UDP, "1.1.1.1", "2.2.2.2", 4, 53);
	assert_null(cache_add(c, &ct, 1));
	assert_int_equal(errno, ENOSPC);
	assert_null(cache_update_force(c, &ct, 1));
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(st->add_ok, 3);
	assert_int_equal(st->add_fail, 2);
	assert_int_equal(st->add_fail_enospc, 2);
	assert_int_equal(st->add_fail_enomem, 0);
	assert_int_equal(st->objects, 3);
	assert_int_equal(st->active, 3);
	/* a DEAD entry keeps its place until it is deleted */
	simple(&ct, IPPROTO_UDP, "1.1.1.1", "2.2.2.2", 1, 53);
	e = cache_find(c, &ct);
	cache_set_dead(c, e);
	simple(&ct, IPPROTO_UDP, "1.1.1.1", "2.2.2.2", 4, 53);
	assert_null(cache_add(c, &ct, 1));
	cache_del(c, e);
	add(c, &ct, 1);
	assert_int_equal(cache_count(c), 3);
	cache_destroy(c);
}

/* Updates */

/* The entries of c in dump order, as pointers. */
static int collect(struct cache_entry *e, void *data)
{
	struct cache_entry ***p = data;

	*(*p)++ = e;
	return 0;
}

static void test_update_moves(void **state)
{
	/* one bucket: the chain is the whole dump, newest first */
	struct cache *c = cache_create("external", 1, 100, 24);
	struct cache_entry *e[5], *seen[5], **p = seen, *moved;
	struct ct_entry ct[5], got;
	size_t mem;

	(void)state;
	for (int i = 0; i < 5; i++) {
		e[i] = add_simple(c, &ct[i], IPPROTO_TCP, "1.1.1.1", "2.2.2.2",
				  1000 + i, 80);
		memset(cache_extra(c, e[i]), 'a' + i, 24);
	}
	/* the middle one grows past its size class: it moves, keeps its
	 * place, its extra bytes and its lifetime */
	memset(ct[2].secctx, 'x', 60);
	ct_set(&ct[2], CTF_SECCTX);
	moved = cache_update(c, e[2], &ct[2], 7);
	assert_non_null(moved);
	assert_ptr_not_equal(moved, e[2]);
	e[2] = moved;
	assert_int_equal(cache_iterate(c, collect, &p), 0);
	for (int i = 0; i < 5; i++)
		assert_ptr_equal(seen[i], e[4 - i]);
	assert_ptr_equal(cache_find(c, &ct[2]), moved);
	assert_memory_equal(cache_extra(c, moved), "cccccccccccccccccccccccc", 24);
	assert_int_equal(moved->lifetime, 1);
	assert_int_equal(moved->lastupdate, 7);
	cache_entry_get(c, moved, &got);
	assert_memory_equal(&got, &ct[2], sizeof(got));

	/* same size: stays; head and tail can move too */
	mem = cache_memory(c);
	ct[2].mark = 99;
	assert_ptr_equal(cache_update(c, moved, &ct[2], 8), moved);
	for (int i = 0; i < 5; i += 4) {
		memcpy(ct[i].helper, "helperhelper", 12);
		ct_set(&ct[i], CTF_HELPER);
		memset(ct[i].secctx, 'y', 64);
		ct_set(&ct[i], CTF_SECCTX);
		e[i] = cache_update(c, e[i], &ct[i], 9);
		assert_non_null(e[i]);
	}
	p = seen;
	cache_iterate(c, collect, &p);
	for (int i = 0; i < 5; i++) {
		assert_ptr_equal(seen[i], e[4 - i]);
		assert_ptr_equal(cache_find(c, &ct[i]), e[i]);
		assert_int_equal(*(char *)cache_extra(c, e[i]), 'a' + i);
	}
	assert_true(cache_memory(c) >= mem);
	assert_int_equal(cache_stats(c)->upd_ok, 4);
	cache_destroy(c);
}

/* An update keeps the tuples and the fields the update lacks. */
static void test_update_merges(void **state)
{
	struct cache *c = cache_create("internal", 16, 100, 0);
	struct ct_entry ct, upd, got;
	struct cache_entry *e;

	(void)state;
	simple(&ct, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1000, 80);
	tu_u32(&ct, CTF_MARK, 5);
	tu_u32(&ct, CTF_TIMEOUT, 120);
	e = add(c, &ct, 1);
	/* the update event: status and timeout, reply tuple with a NAT
	 * address (ignored: tuples stay) */
	simple(&upd, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1000, 80);
	upd.present &= ~CT_BIT(CTF_MARK);
	tu_addr(AF_INET, &upd.repl.src, "9.9.9.9");
	tu_u32(&upd, CTF_STATUS, CT_S_SEEN_REPLY);
	tu_u32(&upd, CTF_TIMEOUT, 300);
	e = cache_update(c, e, &upd, 2);
	cache_entry_get(c, e, &got);
	ct.status = CT_S_SEEN_REPLY;
	ct.timeout = 300;
	assert_memory_equal(&got, &ct, sizeof(got));
	cache_destroy(c);
}

/* Key comparison: the original direction only; fields one side lacks do
 * not count. */
static void test_find_key(void **state)
{
	struct cache *c = cache_create("internal", 16, 100, 0);
	struct ct_entry ct, probe;
	struct cache_entry *e;

	(void)state;
	e = add_simple(c, &ct, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1000, 80);
	probe = ct;
	memset(&probe.repl, 0, sizeof(probe.repl));
	probe.present &= ~(CT_REPL_TUPLE_BITS | CT_BIT(CTF_STATUS));
	assert_ptr_equal(cache_find(c, &probe), e);
	probe.orig.dport = htons(81);
	assert_null(cache_find(c, &probe));
	probe = ct;
	probe.orig.zone = 3;	/* the original zone counts, both sides set */
	ct_set(&probe, CTF_ORIG_ZONE);
	assert_ptr_equal(cache_find(c, &probe), e);	/* stored has none */
	assert_null(cache_add(c, &probe, 1));
	cache_del(c, e);
	e = add(c, &probe, 1);
	probe.orig.zone = 4;
	assert_null(cache_find(c, &probe));
	cache_destroy(c);
}

/* Iteration */

static int delete_odd(struct cache_entry *e, void *data)
{
	struct cache *c = data;
	struct ct_entry ct;

	cache_entry_get(c, e, &ct);
	if (ntohs(ct.orig.sport) % 2)
		cache_del(c, e);
	return 0;
}

static int delete_all(struct cache_entry *e, void *data)
{
	cache_del(data, e);
	return 0;
}

static int stop_at_third(struct cache_entry *e, void *data)
{
	int *n = data;

	(void)e;
	return ++*n == 3 ? 42 : 0;
}

static int count(struct cache_entry *e, void *data)
{
	(void)e;
	++*(int *)data;
	return 0;
}

static void test_iterate_delete(void **state)
{
	struct cache *c = cache_create("stats", 8, 1000, 0);
	unsigned int from = 0;
	struct ct_entry ct;
	int n = 0;

	(void)state;
	for (unsigned int p = 1; p <= 200; p++)
		add_simple(c, &ct, IPPROTO_UDP, "10.1.1.1", "10.2.2.2", p, 53);
	assert_int_equal(cache_iterate(c, delete_odd, c), 0);
	assert_int_equal(cache_count(c), 100);
	for (unsigned int p = 1; p <= 200; p++) {
		simple(&ct, IPPROTO_UDP, "10.1.1.1", "10.2.2.2", p, 53);
		if (p % 2)
			assert_null(cache_find(c, &ct));
		else
			assert_non_null(cache_find(c, &ct));
	}
	assert_int_equal(cache_iterate(c, stop_at_third, &n), 42);
	/* in steps of 3 buckets: 3, 6, 8 */
	n = 0;
	cache_iterate_range(c, &from, 3, count, &n);
	assert_int_equal(from, 3);
	cache_iterate_range(c, &from, 3, count, &n);
	cache_iterate_range(c, &from, 3, count, &n);
	assert_int_equal(from, 8);
	assert_int_equal(cache_iterate_range(c, &from, 3, count, &n), 0);
	assert_int_equal(n, 100);
	cache_iterate(c, delete_all, c);
	assert_int_equal(cache_count(c), 0);
	assert_int_equal(cache_stats(c)->del_ok, 200);
	assert_int_equal(cache_stats(c)->active, 0);
	cache_destroy(c);
}

static void test_flush(void **state)
{
	struct cache *c = cache_create("stats", 64, 100000, 0);
	struct ct_entry ct;
	size_t before;

	(void)state;
	for (unsigned int p = 1; p <= 5000; p++)
		add_simple(c, &ct, IPPROTO_TCP, "10.1.1.1", "10.2.2.2", p, 80);
	before = cache_memory(c);
	cache_set_dead(c, cache_find(c, &ct));
	cache_flush(c);
	assert_int_equal(cache_count(c), 0);
	assert_int_equal(cache_stats(c)->del_ok, 5000);
	assert_int_equal(cache_stats(c)->active, 0);
	assert_int_equal(cache_stats(c)->objects, 0);
	assert_int_equal(cache_stats(c)->flush, 1);
	assert_true(cache_memory(c) < before / 10);
	assert_null(cache_find(c, &ct));
	add(c, &ct, 2);
	assert_non_null(cache_find(c, &ct));
	cache_destroy(c);
}

/* Memory: a million IPv4 TCP entries (fewer under valgrind). */
static void fill_many(struct cache *c, unsigned int n)
{
	struct ct_entry ct;

	simple(&ct, IPPROTO_TCP, "10.0.0.1", "172.16.0.1", 1, 443);
	tu_u32(&ct, CTF_ID, 1);
	for (unsigned int i = 0; i < n; i++) {
		uint32_t src = htonl(0x0a000000u + i / 50000);

		ct.orig.src.v4 = ct.repl.dst.v4 = src;
		ct.orig.sport = ct.repl.dport = htons((uint16_t)(1024 + i % 50000));
		ct.id = i;
		assert_non_null(cache_add(c, &ct, 1));
	}
}

static void test_memory_per_entry(void **state)
{
	/* under valgrind a tenth, with a tenth of the buckets */
	const unsigned int scale = RUNNING_ON_VALGRIND ? 10 : 1;
	const unsigned int n = 1000000 / scale;
	const unsigned int sizes[] = { 65536 / scale, 1048576 / scale };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
		struct cache *c = cache_create("stats", sizes[i], n, 0);
		double per;

		fill_many(c, n);
		assert_int_equal(cache_count(c), n);
		per = (double)cache_memory(c) / n;
		print_message("%u IPv4 entries, hashsize %u: %.1f bytes per entry\n",
			      n, sizes[i], per);
		assert_true(per < 200);
		cache_destroy(c);
	}
}

/* The -s blocks and the flow log */

static void test_runtime_text(void **state)
{
	const struct cdump_runtime r = { .uptime = 59, .events_received = 5,
					.buffer_size = 212992 };

	(void)state;
	cdump_runtime(&out.o, &r);
	assert_string_equal(tu_str_take(&out), "daemon uptime: 0 min\n\n"
		"netlink stats:\n"
		"\tevents received:\t                   5\n"
		"\tevents filtered:\t                   0\n"
		"\tevents unknown type:\t\t           0\n"
		"\tcatch event failed:\t\t           0\n"
		"\tdump unknown type:\t\t           0\n"
		"\tnetlink overrun:\t\t           0\n"
		"\tflush kernel table:\t\t           0\n"
		"\tresync with kernel table:\t           0\n"
		"\tcurrent buffer size (in bytes):\t      212992\n"
		"\n"
		"runtime stats:\n"
		"\tchild process failed:\t\t           0\n"
		"\t\tchild process segfault:\t           0\n"
		"\t\tchild process termsig:\t           0\n"
		"\tselect failed:\t\t\t           0\n"
		"\twait failed:\t\t\t           0\n"
		"\tlocal read failed:\t\t           0\n"
		"\tlocal unknown request:\t\t           0\n"
		"\n");
}

static void test_uptime_text(void **state)
{
	static const struct { int64_t s; const char *want; } v[] = {
		{ 0, "0 min" }, { 61, "1 min" }, { 3599, "59 min" },
		{ 3600, "1 h 0 min" }, { 86399, "23 h 59 min" },
		{ 86400, "1 day 0 min" }, { 90061, "1 day 1 h 1 min" },
		{ 2 * 86400 + 3 * 3600 + 4 * 60 + 5, "2 days 3 h 4 min" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(v); i++) {
		cdump_uptime(&out.o, v[i].s);
		assert_string_equal(tu_str_take(&out), v[i].want);
	}
}

static void test_small_blocks(void **state)
{
	(void)state;
	cdump_traffic(&out.o, 0, 0);
	assert_string_equal(tu_str_take(&out), "traffic processed:\n"
		"                   0 Bytes                         0 Pckts\n\n");
	cdump_traffic(&out.o, 12345678901ull, 42);
	assert_string_equal(tu_str_take(&out), "traffic processed:\n"
		"         12345678901 Bytes                        42 Pckts\n\n");
	cdump_process(&out.o, 4242, "flush");
	cdump_process(&out.o, 17, "any");
	assert_string_equal(tu_str_take(&out), "PID=4242 type=flush\nPID=17 type=any\n");
}

static void test_flow_log(void **state)
{
	char buf[CDUMP_LINE_MAX];
	struct ct_entry ct;
	size_t date;

	(void)state;
	simple(&ct, IPPROTO_UDP, "1.1.1.1", "2.2.2.3", 1000, 53);
	ct.present &= ~(CT_BIT(CTF_MARK) | CT_BIT(CTF_ID));
	tu_u32(&ct, CTF_TIMEOUT, 29);
	date = cdump_flow_line(&out.o, &ct, 1795550642);
	assert_int_equal(date, 25);
	/* the reference's stats.log line for this destroy event */
	assert_string_equal(tu_str_take(&out), "Tue Nov 24 20:04:02 2026\tudp      "
		"17 src=1.1.1.1 dst=2.2.2.3 sport=1000 dport=53 [UNREPLIED] "
		"src=2.2.2.3 dst=1.1.1.1 sport=53 dport=1000\n");
	/* the text alone, into a char buffer, cut to its size */
	assert_int_equal(cdump_flow(buf, sizeof(buf), &ct), 111);
	assert_string_equal(buf, "udp      17 src=1.1.1.1 dst=2.2.2.3 sport=1000 "
		"dport=53 [UNREPLIED] src=2.2.2.3 dst=1.1.1.1 sport=53 dport=1000");
	assert_int_equal(cdump_flow(buf, 9, &ct), 8);
	assert_string_equal(buf, "udp     ");
	assert_int_equal(cdump_flow(buf, 0, &ct), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jhash_vectors),
		cmocka_unit_test(test_entry_hashes),
		cmocka_unit_test(test_dump_matches_reference),
		cmocka_unit_test(test_dump_lines),
		cmocka_unit_test(test_counters_reference_run),
		cmocka_unit_test(test_counters_dead),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_update_moves),
		cmocka_unit_test(test_update_merges),
		cmocka_unit_test(test_find_key),
		cmocka_unit_test(test_iterate_delete),
		cmocka_unit_test(test_flush),
		cmocka_unit_test(test_memory_per_entry),
		cmocka_unit_test(test_runtime_text),
		cmocka_unit_test(test_uptime_text),
		cmocka_unit_test(test_small_blocks),
		cmocka_unit_test(test_flow_log),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
