/*
 * exp.h - a conntrack expectation (a connection a helper expects, such as
 * an FTP data connection) as the core library holds it: flat, fixed
 * size, presence bits, like struct ct_entry.
 */
#ifndef EXP_H
#define EXP_H

#include <linux/netlink.h>

#include "ct.h"

enum exp_field {
	EXPF_MASTER, EXPF_TUPLE, EXPF_MASK, EXPF_TIMEOUT, EXPF_ID, EXPF_ZONE,
	EXPF_FLAGS, EXPF_CLASS, EXPF_HELPER, EXPF_NAT_TUPLE, EXPF_NAT_DIR,
	EXPF_FN,
};

/* Expectation flags (nf_conntrack_common.h). */
#define EXP_F_PERMANENT	(1u << 0)
#define EXP_F_INACTIVE	(1u << 1)
#define EXP_F_USERSPACE	(1u << 2)

struct ct_expect {
	uint32_t present;	/* 1 << EXPF_* */
	struct ct_tuple master, tuple, mask, nat;
	uint32_t timeout, id, flags, class, nat_dir;
	uint16_t zone;
	char helper[32];
	char fn[32];
};

static inline bool exp_has(const struct ct_expect *e, enum exp_field f)
{
	return (e->present >> f) & 1;
}

static inline void exp_set(struct ct_expect *e, enum exp_field f)
{
	e->present |= 1u << f;
}

/*
 * Parse one ctnetlink expectation message into e (cleared first), with the
 * same bounded reader as ct_parse(). Every tuple takes the message's
 * family. Returns 0, or -1 with errno EBADMSG.
 */
int exp_parse(const struct nlmsghdr *nlh, struct ct_expect *e);

/*
 * Append e's attributes to a request: the expected tuple, master and mask
 * (each when present), timeout, flags, zone and helper name. Returns 0,
 * or -1 with errno EINVAL when a tuple's family is unknown.
 */
int exp_build(struct nlmsghdr *nlh, const struct ct_expect *e);

#endif
