/*
 * progname.h - which program owns a netlink port id (for the
 * "[USERSPACE] portid=N progname=NAME" tag of events a program caused).
 */
#ifndef PROGNAME_H
#define PROGNAME_H

#include <stddef.h>
#include <stdint.h>

struct progname_cache {
	uint32_t portid;
	unsigned long inode;
	char name[64];		/* "" when not found */
	int valid;
	long long when;		/* monotonic seconds of the lookup */
};

/*
 * The command name (as /proc/PID/stat has it) of the process holding the
 * NETLINK_NETFILTER socket with this port id, or NULL when it cannot be
 * found (exited, other namespace). The last answer is reused for the
 * same port id for up to a second, so a burst of events caused by one
 * program costs one lookup.
 */
const char *progname_of(struct progname_cache *c, uint32_t portid);

#endif
