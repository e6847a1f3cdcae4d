/*
 * conf_filter.c - the Filter section of conntrackd.conf once parsed: how
 * the parser fills it, the user-space check run on every entry, and the
 * kernel-side event filter built from it (docs/notes/
 * conntrackd-reference.md, section 5.5).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>

#include "conf.h"

/* The reference's netmask vector grows by this many items at a time. */
#define V4_VECTOR_STEP 8

void conf_filter_add_proto(struct conf_filter *f, unsigned int proto)
{
	if (proto > 255)
		return;
	f->proto.set[proto / 8] |= (uint8_t)(1u << (proto % 8));
	/* libnetfilter_conntrack counts every add, repeats too, and keeps
	 * no more than 255 */
	if (f->proto.count < 255)
		f->proto.order[f->proto.count++] = (uint8_t)proto;
}

void conf_filter_add_state(struct conf_filter *f, unsigned int state)
{
	if (state < 16)
		f->state.tcp_states |= (uint16_t)(1u << state);
}

/* Netmask in network order for an IPv4 prefix of 0..32. */
static uint32_t mask4(unsigned int prefix)
{
	return prefix ? htonl(0xffffffffu << (32 - prefix)) : 0;
}

/* Word i (0..3) of an IPv6 netmask in network order. */
static uint32_t mask6(unsigned int prefix, unsigned int i)
{
	unsigned int bits = prefix > 32 * i ? prefix - 32 * i : 0;

	if (bits >= 32)
		return 0xffffffffu;
	return bits ? htonl(0xffffffffu << (32 - bits)) : 0;
}

/* The words of the reference's IPv4 netmask vector: (address, mask) of
 * each IPv4 netmask in the user-space pool, in order, then zeros up to
 * its allocated size (fresh memory, as far as one can tell). Sets items
 * to the number of netmasks and words to the number of words allocated.
 * Returns NULL when out of memory. */
static uint32_t *v4_vector(const struct conf_filter *f, size_t *items,
			   size_t *words)
{
	size_t n = 0, cap, w = 0;
	uint32_t *v;

	for (size_t i = 0; i < f->addr.count; i++) {
		const struct conf_filter_net *e = &f->addr.nets[i];

		n += e->family == AF_INET && e->user && !e->host;
	}
	cap = (n + V4_VECTOR_STEP - 1) / V4_VECTOR_STEP * V4_VECTOR_STEP;
	v = calloc(cap ? 2 * cap : 1, sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < f->addr.count; i++) {
		const struct conf_filter_net *e = &f->addr.nets[i];

		if (e->family == AF_INET && e->user && !e->host) {
			v[w++] = e->addr.v4;
			v[w++] = mask4(e->prefix);
		}
	}
	*items = n;
	*words = 2 * cap;
	return v;
}

/*
 * The reference's duplicate check for an IPv4 netmask compares
 * (address, mask) with every item of its list. For an IPv6 netmask it
 * looks in the same IPv4 list, comparing 32 bytes from each item on,
 * which can match four IPv4 items in a row (or items and the zeroed
 * room after them). Returns 1 if found, 0 if not, -1 out of memory.
 */
static int netmask_repeated(const struct conf_filter *f, uint8_t family,
			    const union ct_addr *addr, unsigned int prefix)
{
	uint32_t want[8];
	size_t items = 0, words = 0, len = family == AF_INET ? 2 : 8;
	uint32_t *v = v4_vector(f, &items, &words);
	int found = 0;

	if (!v)
		return -1;
	if (family == AF_INET) {
		want[0] = addr->v4;
		want[1] = mask4(prefix);
	} else {
		for (unsigned int i = 0; i < 4; i++) {
			want[i] = addr->v6[i];
			want[4 + i] = mask6(prefix, i);
		}
	}
	for (size_t i = 0; !found && i < items; i++)
		if (2 * i + len <= words &&
		    memcmp(v + 2 * i, want, len * sizeof(*v)) == 0)
			found = 1;
	free(v);
	return found;
}

int conf_filter_add_net(struct conf_filter *f, uint8_t family,
			const union ct_addr *addr, unsigned int prefix, bool host)
{
	struct conf_filter_net *e;
	int repeated = 0;

	if (!host) {
		repeated = netmask_repeated(f, family, addr, prefix);
		if (repeated < 0)
			return -1;
	}
	if (f->addr.count == f->addr.cap) {
		size_t cap = f->addr.cap ? 2 * f->addr.cap : 16;
		struct conf_filter_net *nets = realloc(f->addr.nets,
						       cap * sizeof(*nets));

		if (!nets)
			return -1;
		f->addr.nets = nets;
		f->addr.cap = cap;
	}
	e = &f->addr.nets[f->addr.count++];
	memset(e, 0, sizeof(*e));
	e->family = family;
	e->prefix = (uint8_t)prefix;
	e->host = host;
	e->user = !repeated;
	e->addr = *addr;
	return repeated;
}

void conf_filter_free(struct conf_filter *f)
{
	free(f->addr.nets);
	f->addr.nets = NULL;
	f->addr.count = f->addr.cap = 0;
}

/* ---- the user-space check (ct_filter_check) ---- */

static bool in_set(const uint8_t *set, unsigned int n)
{
	return (set[n / 8] >> (n % 8)) & 1;
}

/* addr matches the item: exactly for a host, under the mask otherwise. */
static bool net_matches(const struct conf_filter_net *e, const union ct_addr *a)
{
	if (e->family == AF_INET) {
		uint32_t m = e->host ? 0xffffffffu : mask4(e->prefix);

		return (e->addr.v4 & m) == (a->v4 & m);
	}
	for (unsigned int i = 0; i < 4; i++) {
		uint32_t m = e->host ? 0xffffffffu : mask6(e->prefix, i);

		if ((e->addr.v6[i] & m) != (a->v6[i] & m))
			return false;
	}
	return true;
}

/* Any item of the user-space pool of this kind (hosts or netmasks) that
 * matches one of the two addresses. */
static bool pool_matches(const struct conf_filter *f, uint8_t family, bool hosts,
			 const union ct_addr *src, const union ct_addr *dst)
{
	for (size_t i = 0; i < f->addr.count; i++) {
		const struct conf_filter_net *e = &f->addr.nets[i];

		if (e->family != family || !e->user || e->host != hosts)
			continue;
		if (net_matches(e, src) || net_matches(e, dst))
			return true;
	}
	return false;
}

/* The real peers are the original source and the reply source. A
 * matching netmask decides alone: Accept passes, Ignore rejects. */
static bool address_passes(const struct conf_filter *f, const struct ct_entry *ct)
{
	uint8_t family = ct->orig.l3;
	const union ct_addr *src = &ct->orig.src, *dst = &ct->repl.src;

	if (family != AF_INET && family != AF_INET6)
		return true;
	if (pool_matches(f, family, false, src, dst))
		return f->addr.accept;
	return pool_matches(f, family, true, src, dst) == f->addr.accept;
}

bool conf_filter_accepts(const struct conf_filter *f, const struct ct_entry *ct)
{
	uint8_t l4 = ct->orig.l4;

	if (f->proto.enabled && in_set(f->proto.set, l4) != f->proto.accept)
		return false;
	if (f->addr.enabled && !address_passes(f, ct))
		return false;
	/* only TCP entries that carry a state are checked */
	if (f->state.enabled && l4 == IPPROTO_TCP && ct_has(ct, CTF_TCP_STATE)) {
		bool in = ct->state < 16 && ((f->state.tcp_states >> ct->state) & 1);

		if (in != f->state.accept)
			return false;
	}
	return true;
}

/* ---- the kernel-side program (what the reference hands to lnfct) ---- */

static void kernel_add_net(struct nfct_filter *nf, const struct conf_filter_net *e)
{
	if (e->family == AF_INET) {
		struct nfct_filter_ipv4 a = {
			.addr = ntohl(e->addr.v4),
			.mask = ntohl(e->host ? 0xffffffffu : mask4(e->prefix)),
		};

		nfct_filter_add_attr(nf, NFCT_FILTER_SRC_IPV4, &a);
		nfct_filter_add_attr(nf, NFCT_FILTER_DST_IPV4, &a);
		return;
	}
	struct nfct_filter_ipv6 a6;

	for (unsigned int i = 0; i < 4; i++) {
		a6.addr[i] = ntohl(e->addr.v6[i]);
		a6.mask[i] = ntohl(e->host ? 0xffffffffu : mask6(e->prefix, i));
	}
	nfct_filter_add_attr(nf, NFCT_FILTER_SRC_IPV6, &a6);
	nfct_filter_add_attr(nf, NFCT_FILTER_DST_IPV6, &a6);
}

static void kernel_negative(struct nfct_filter *nf, enum nfct_filter_attr a)
{
	nfct_filter_set_logic(nf, a, NFCT_FILTER_LOGIC_NEGATIVE);
}

struct nfct_filter *conf_filter_kernel(const struct conf_filter *f)
{
	struct nfct_filter *nf;

	if (!f->present)
		return NULL;
	nf = nfct_filter_create();
	if (!nf) {
		errno = ENOMEM;
		return NULL;
	}
	for (unsigned int i = 0; i < f->proto.count; i++)
		nfct_filter_add_attr_u32(nf, NFCT_FILTER_L4PROTO, f->proto.order[i]);
	if (f->proto.kernel_negative)
		kernel_negative(nf, NFCT_FILTER_L4PROTO);
	for (size_t i = 0; i < f->addr.count; i++)
		kernel_add_net(nf, &f->addr.nets[i]);
	if (f->addr.kernel_negative) {
		kernel_negative(nf, NFCT_FILTER_SRC_IPV4);
		kernel_negative(nf, NFCT_FILTER_DST_IPV4);
		kernel_negative(nf, NFCT_FILTER_SRC_IPV6);
		kernel_negative(nf, NFCT_FILTER_DST_IPV6);
	}
	for (unsigned int s = 0; s < 16; s++) {
		struct nfct_filter_proto p = { .proto = IPPROTO_TCP, .state = (uint16_t)s };

		if ((f->state.tcp_states >> s) & 1)
			nfct_filter_add_attr(nf, NFCT_FILTER_L4PROTO_STATE, &p);
	}
	if (f->state.kernel_negative)
		kernel_negative(nf, NFCT_FILTER_L4PROTO_STATE);
	return nf;
}
