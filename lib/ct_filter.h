/*
 * ct_filter.h - deciding whether a conntrack entry matches what the user
 * asked for on the command line (or, later, in a daemon's Filter).
 */
#ifndef CT_FILTER_H
#define CT_FILTER_H

#include "ct.h"

/* What to compare in ct_cmp(). */
enum {
	CT_CMP_ORIG = 1 << 0,	/* original tuple (+ ICMP fields, zone) */
	CT_CMP_REPL = 1 << 1,	/* reply tuple */
	CT_CMP_META = 1 << 2,	/* id, mark, timeout, status, state, zone, labels */
	CT_CMP_ALL = CT_CMP_ORIG | CT_CMP_REPL | CT_CMP_META,
};

/*
 * Masked comparison: every field present in tmpl must match ct. A field
 * absent from ct fails the match, except mark and zones, which count as
 * zero (the kernel omits them when they are zero). Status matches when
 * ct has every bit of tmpl. Same meaning as nfct_cmp(NFCT_CMP_MASK).
 */
bool ct_cmp(const struct ct_entry *tmpl, const struct ct_entry *ct,
	    unsigned int what);

struct ct_netmask {
	union ct_addr net, mask;	/* net is already masked */
};

struct ct_filter {
	bool cmp;		/* compare against tmpl (CT_CMP_ALL) */
	bool cmp_poisoned;	/* tmpl's source is unusable: nothing matches */
	struct ct_entry tmpl;

	bool mark;		/* (ct mark & mark_mask) == mark_value */
	uint32_t mark_value, mark_mask;

	bool labels;		/* ct has every label in label_bits */
	uint32_t label_bits[CT_LABEL_WORDS];

	/* NAT: which kinds are asked for; addresses/ports come from
	 * tmpl.snat/dnat with their CTF_*NAT_* presence bits. */
	bool snat, dnat, any_nat;

	uint8_t family;		/* family the netmasks are for */
	bool net_src, net_dst;
	struct ct_netmask src, dst;
};

/* The NAT part of the filter (the reference applies it alone in -U). */
bool ct_filter_nat(const struct ct_filter *f, const struct ct_entry *ct);
bool ct_filter_labels(const struct ct_filter *f, const struct ct_entry *ct);
bool ct_filter_network(const struct ct_filter *f, const struct ct_entry *ct);
bool ct_filter_mark(const struct ct_filter *f, const struct ct_entry *ct);

/* All of it: NAT, mark, labels, networks, then the template. */
bool ct_filter_match(const struct ct_filter *f, const struct ct_entry *ct);

#endif
