/*
 * ct_filter.c - matching entries against a filter; see ct_filter.h.
 */
#include <string.h>
#include <netinet/in.h>

#include "ct_filter.h"

/* One field of the masked comparison. */
static bool field(const struct ct_entry *a, const struct ct_entry *b,
		  enum ct_field f, bool equal, bool strict)
{
	if (!ct_has(a, f))
		return true;
	if (!ct_has(b, f) && strict)
		return false;
	return equal;
}

static bool addr_eq(uint8_t l3, const union ct_addr *x, const union ct_addr *y)
{
	size_t len = ct_addr_len(l3);

	return memcmp(x, y, len ? len : sizeof(*x)) == 0;
}

static bool icmp_fields(const struct ct_entry *a, const struct ct_entry *b)
{
	return field(a, b, CTF_ICMP_ID, a->orig.sport == b->orig.sport, true) &&
	       field(a, b, CTF_ICMP_CODE, a->orig.icmp_code == b->orig.icmp_code, true) &&
	       field(a, b, CTF_ICMP_TYPE, a->orig.icmp_type == b->orig.icmp_type, true);
}

struct dir_bits {
	enum ct_field l3, l4, src, dst, sport, dport, zone;
};

static const struct dir_bits orig_bits = { CTF_ORIG_L3, CTF_ORIG_L4,
	CTF_ORIG_SRC, CTF_ORIG_DST, CTF_ORIG_SPORT, CTF_ORIG_DPORT, CTF_ORIG_ZONE };
static const struct dir_bits repl_bits = { CTF_REPL_L3, CTF_REPL_L4,
	CTF_REPL_SRC, CTF_REPL_DST, CTF_REPL_SPORT, CTF_REPL_DPORT, CTF_REPL_ZONE };

static bool l4_match(const struct ct_entry *a, const struct ct_entry *b,
		     const struct ct_tuple *ta, const struct ct_tuple *tb,
		     const struct dir_bits *d)
{
	if (ta->l4 != tb->l4)
		return false;
	switch (ta->l4) {
	case IPPROTO_ICMP: case IPPROTO_ICMPV6:
		return icmp_fields(a, b);
	case IPPROTO_TCP: case IPPROTO_UDP: case IPPROTO_UDPLITE:
	case IPPROTO_DCCP: case IPPROTO_SCTP:
		return field(a, b, d->sport, ta->sport == tb->sport, true) &&
		       field(a, b, d->dport, ta->dport == tb->dport, true);
	}
	return true;
}

static bool tuple_match(const struct ct_entry *a, const struct ct_entry *b,
			const struct ct_tuple *ta, const struct ct_tuple *tb,
			const struct dir_bits *d)
{
	bool same_l3 = ta->l3 == tb->l3;

	return field(a, b, d->l3, same_l3, true) &&
	       field(a, b, d->l4, l4_match(a, b, ta, tb, d), true) &&
	       field(a, b, d->src, same_l3 && addr_eq(ta->l3, &ta->src, &tb->src), true) &&
	       field(a, b, d->dst, same_l3 && addr_eq(ta->l3, &ta->dst, &tb->dst), true) &&
	       field(a, b, d->zone, ta->zone == tb->zone, false);
}

/* Label sets are equal when they agree on every word, missing words being
 * zero. */
static bool labels_eq(const uint32_t *x, unsigned int nx, const uint32_t *y,
		      unsigned int ny)
{
	unsigned int n = nx > ny ? nx : ny;

	for (unsigned int i = 0; i < n; i++)
		if ((i < nx ? x[i] : 0) != (i < ny ? y[i] : 0))
			return false;
	return true;
}

static bool meta_match(const struct ct_entry *a, const struct ct_entry *b)
{
	return field(a, b, CTF_ID, a->id == b->id, true) &&
	       field(a, b, CTF_MARK, a->mark == b->mark, false) &&
	       field(a, b, CTF_TIMEOUT, a->timeout == b->timeout, true) &&
	       field(a, b, CTF_STATUS, (a->status & b->status) == a->status, true) &&
	       field(a, b, CTF_TCP_STATE, a->state == b->state, true) &&
	       field(a, b, CTF_SCTP_STATE, a->state == b->state, true) &&
	       field(a, b, CTF_DCCP_STATE, a->state == b->state, true) &&
	       field(a, b, CTF_ZONE, a->zone == b->zone, false) &&
	       field(a, b, CTF_SECCTX, strcmp(a->secctx, b->secctx) == 0, true) &&
	       field(a, b, CTF_LABELS, labels_eq(a->labels, a->labels_words,
						 b->labels, b->labels_words), true) &&
	       field(a, b, CTF_LABELS_MASK, labels_eq(a->labels_mask, a->labels_words,
						      b->labels_mask, b->labels_words), true);
}

bool ct_cmp(const struct ct_entry *tmpl, const struct ct_entry *ct,
	    unsigned int what)
{
	if ((what & CT_CMP_META) && !meta_match(tmpl, ct))
		return false;
	if ((what & CT_CMP_ORIG) &&
	    !tuple_match(tmpl, ct, &tmpl->orig, &ct->orig, &orig_bits))
		return false;
	if ((what & CT_CMP_REPL) &&
	    !tuple_match(tmpl, ct, &tmpl->repl, &ct->repl, &repl_bits))
		return false;
	return true;
}

/*
 * One NAT direction, as the reference decides it: an address given must
 * be the NATed one (IPv4 only), a port given must be the NATed port, and
 * with neither, any NAT of that kind matches.
 */
static bool nat_dir(const struct ct_entry *ct, const struct ct_nat *want,
		    bool has_addr, bool has_port, bool is_nat, bool is_pat,
		    const union ct_addr *natted_addr, uint16_t natted_port)
{
	bool match = false;

	if (has_addr && is_nat && want->addr.v4 == natted_addr->v4)
		match = true;
	if (has_port) {
		bool port_ok = is_pat && want->port == natted_port;

		if (has_addr && match && !port_ok)
			match = false;
		if (!has_addr && port_ok)
			match = true;
	}
	if (!has_addr && !has_port && (is_nat || is_pat))
		match = true;
	return match;
}

bool ct_filter_nat(const struct ct_filter *f, const struct ct_entry *ct)
{
	const struct ct_entry *t = &f->tmpl;
	bool want_s = f->snat || f->any_nat, want_d = f->dnat || f->any_nat;
	bool has_s = false, has_d = false;

	if (!want_s && !want_d)
		return true;
	if (want_s)
		has_s = nat_dir(ct, &t->snat, t->snat.l3 == AF_INET && ct_has(t, CTF_SNAT_ADDR),
				ct_has(t, CTF_SNAT_PORT), ct_is_snat(ct), ct_is_spat(ct),
				&ct->repl.dst, ct_l4dst(&ct->repl));
	if (want_d)
		has_d = nat_dir(ct, &t->dnat, t->dnat.l3 == AF_INET && ct_has(t, CTF_DNAT_ADDR),
				ct_has(t, CTF_DNAT_PORT), ct_is_dnat(ct), ct_is_dpat(ct),
				&ct->repl.src, ct_l4src(&ct->repl));
	if (f->any_nat)
		return has_s || has_d;
	if (f->snat && f->dnat)
		return has_s && has_d;
	return f->snat ? has_s : has_d;
}

bool ct_filter_mark(const struct ct_filter *f, const struct ct_entry *ct)
{
	return !f->mark || (ct_has(ct, CTF_MARK) &&
			    (ct->mark & f->mark_mask) == f->mark_value);
}

bool ct_filter_labels(const struct ct_filter *f, const struct ct_entry *ct)
{
	if (!f->labels)
		return true;
	if (!ct_has(ct, CTF_LABELS))
		return false;
	for (unsigned int i = 0; i < CT_LABEL_WORDS; i++)
		if ((f->label_bits[i] & ct->labels[i]) != f->label_bits[i])
			return false;
	return true;
}

static bool in_net(uint8_t l3, const union ct_addr *a, const struct ct_netmask *n)
{
	unsigned int words = l3 == AF_INET6 ? 4 : 1;

	for (unsigned int i = 0; i < words; i++)
		if ((a->v6[i] & n->mask.v6[i]) != n->net.v6[i])
			return false;
	return true;
}

bool ct_filter_network(const struct ct_filter *f, const struct ct_entry *ct)
{
	if (f->net_src && (ct->orig.l3 != f->family ||
			   !in_net(f->family, &ct->orig.src, &f->src)))
		return false;
	if (f->net_dst && (ct->orig.l3 != f->family ||
			   !in_net(f->family, &ct->orig.dst, &f->dst)))
		return false;
	return true;
}

bool ct_filter_match(const struct ct_filter *f, const struct ct_entry *ct)
{
	if (!ct_filter_nat(f, ct) || !ct_filter_mark(f, ct) ||
	    !ct_filter_labels(f, ct) || !ct_filter_network(f, ct))
		return false;
	if (f->cmp && (f->cmp_poisoned || !ct_cmp(&f->tmpl, ct, CT_CMP_ALL)))
		return false;
	return true;
}
