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

#endif
