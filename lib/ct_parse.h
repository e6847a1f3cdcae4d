/*
 * ct_parse.h - turn one ctnetlink conntrack message into a struct ct_entry.
 */
#ifndef CT_PARSE_H
#define CT_PARSE_H

#include <linux/netlink.h>
#include "ct.h"

/*
 * Parse the conntrack message nlh (header, nfgenmsg, attributes) into ct,
 * which is cleared first. Every attribute is length-checked against its
 * type before it is read; unknown attributes are ignored, as newer kernels
 * add them. Returns 0, or -1 with errno EBADMSG when the message is
 * truncated or an attribute has the wrong size.
 */
int ct_parse(const struct nlmsghdr *nlh, struct ct_entry *ct);

/* The bounded reader behind ct_parse, for the other parsers of the core.
 * A policy gives each attribute type's exact payload size (0: any). */
struct nlattr;
struct policy {
	unsigned int max;
	const uint8_t *size;	/* indexed by attribute type */
};
/* Collect the attributes in [start, start+len) into tb[0..pol->max],
 * checking sizes; -1 on a malformed or truncated attribute. */
int ct_collect(const void *start, size_t len, const struct policy *pol,
	       const struct nlattr **tb);
int ct_collect_nest(const struct nlattr *nest, const struct policy *pol,
		    const struct nlattr **tb);

/* One CTA_TUPLE_* nest into t, setting the presence bits b in ct. */
struct tuple_bits {
	enum ct_field l4, src, dst, sport, dport, zone;
};
extern const struct tuple_bits ct_orig_tb, ct_repl_tb;
int ct_parse_tuple_nest(const struct nlattr *nest, struct ct_tuple *t,
			struct ct_entry *ct, const struct tuple_bits *b);

#endif
