/*
 * ct.c - small facts about conntrack entries: address sizes, which
 * protocols carry ports, NAT predicates and tuple inversion.
 */
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "ct.h"

size_t ct_addr_len(uint8_t l3)
{
	return l3 == AF_INET ? 4 : l3 == AF_INET6 ? 16 : 0;
}

bool ct_proto_has_ports(uint8_t l4)
{
	switch (l4) {
	case IPPROTO_TCP: case IPPROTO_UDP: case IPPROTO_UDPLITE:
	case IPPROTO_SCTP: case IPPROTO_DCCP: case IPPROTO_GRE:
		return true;
	}
	return false;
}

static bool addr_differs(uint8_t l3, const union ct_addr *a,
			 const union ct_addr *b)
{
	size_t len = ct_addr_len(l3);

	return len != 0 && memcmp(a, b, len) != 0;
}

/* A status that is known and lacks the "done" bit rules NAT out. */
static bool nat_done(const struct ct_entry *ct, uint32_t done_bit)
{
	return !ct_has(ct, CTF_STATUS) || (ct->status & done_bit);
}

bool ct_is_snat(const struct ct_entry *ct)
{
	return nat_done(ct, CT_S_SRC_NAT_DONE) &&
	       addr_differs(ct->orig.l3, &ct->repl.dst, &ct->orig.src);
}

bool ct_is_dnat(const struct ct_entry *ct)
{
	return nat_done(ct, CT_S_DST_NAT_DONE) &&
	       addr_differs(ct->orig.l3, &ct->repl.src, &ct->orig.dst);
}

uint16_t ct_l4src(const struct ct_tuple *t)
{
	return t->sport;	/* the ICMP id lives here too */
}

uint16_t ct_l4dst(const struct ct_tuple *t)
{
	uint8_t tc[2] = { t->icmp_type, t->icmp_code };
	uint16_t v;

	if (t->l4 != IPPROTO_ICMP && t->l4 != IPPROTO_ICMPV6)
		return t->dport;
	memcpy(&v, tc, sizeof(v));
	return v;
}

bool ct_is_spat(const struct ct_entry *ct)
{
	return nat_done(ct, CT_S_SRC_NAT_DONE) &&
	       ct_l4dst(&ct->repl) != ct_l4src(&ct->orig);
}

bool ct_is_dpat(const struct ct_entry *ct)
{
	return nat_done(ct, CT_S_DST_NAT_DONE) &&
	       ct_l4src(&ct->repl) != ct_l4dst(&ct->orig);
}

static void invert(struct ct_tuple *to, const struct ct_tuple *from)
{
	to->l3 = from->l3;
	to->l4 = from->l4;
	to->src = from->dst;
	to->dst = from->src;
	if (ct_proto_has_ports(to->l4)) {
		to->sport = from->dport;
		to->dport = from->sport;
	}
}

void ct_complete_reply(struct ct_entry *ct)
{
	invert(&ct->repl, &ct->orig);
	ct->present |= CT_ORIG_TUPLE_BITS | CT_REPL_TUPLE_BITS;
}

void ct_complete_orig(struct ct_entry *ct)
{
	invert(&ct->orig, &ct->repl);
	ct->present |= CT_ORIG_TUPLE_BITS | CT_REPL_TUPLE_BITS;
}

int ct_icmp_reply_type(uint8_t l3, uint8_t type)
{
	/* Request/reply pairs that conntrack tracks as one connection. */
	static const uint8_t v4[][2] = { {8, 0}, {0, 8}, {13, 14}, {14, 13},
		{15, 16}, {16, 15}, {17, 18}, {18, 17} };
	static const uint8_t v6[][2] = { {128, 129}, {129, 128},
		{139, 140}, {140, 139} };
	const uint8_t (*map)[2] = l3 == AF_INET ? v4 : l3 == AF_INET6 ? v6 : NULL;
	size_t n = l3 == AF_INET ? 8 : 4;

	for (size_t i = 0; map && i < n; i++)
		if (map[i][0] == type)
			return map[i][1];
	return -1;
}
