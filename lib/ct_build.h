/*
 * ct_build.h - ctnetlink requests from a struct ct_entry.
 */
#ifndef CT_BUILD_H
#define CT_BUILD_H

#include <stdint.h>
#include <linux/netlink.h>
#include "ct.h"

/* Room one conntrack request needs at most; callers' buffers are at least
 * this large, so the builders never check for space. */
#define CT_MSG_MAX 1024

/*
 * Start a ctnetlink message of the given subsystem/type in buf (at least
 * CT_MSG_MAX bytes, all of which are zeroed so padding is clean): netlink
 * header with NLM_F_REQUEST|flags and the nfgenmsg with family. Returns
 * the header.
 */
struct nlmsghdr *ct_msg_start(void *buf, uint8_t subsys, uint8_t type,
			      uint16_t flags, uint8_t family, uint32_t seq);

/*
 * Append the attributes that describe ct: the original tuple, the reply
 * tuple when any reply field is present, then status, timeout, mark,
 * secmark, protocol info, NAT, zone and labels when present. Status
 * always carries CONFIRMED (as libnetfilter_conntrack sends it); the id
 * is never sent; at most CT_LABEL_WORDS label words go out. Returns 0, or -1 with errno EINVAL when the original family
 * is unknown (the kernel could not read the tuple).
 */
int ct_build(struct nlmsghdr *nlh, const struct ct_entry *ct);

/* What identifies ct for a deletion, all the kernel reads of one: the
 * original tuple and the zone. -1 (EINVAL) when its family is unknown. */
int ct_build_delete(struct nlmsghdr *nlh, const struct ct_entry *ct);

/* One tuple as the nest type (CTA_TUPLE_ORIG, CTA_EXPECT_MASTER, ...),
 * with CTA_TUPLE_ZONE when zone. -1 (EINVAL) when its family is unknown. */
int ct_build_tuple(struct nlmsghdr *nlh, uint16_t type,
		   const struct ct_tuple *t, bool zone);

#endif
