/*
 * mode.h - what the daemon runs: the stats mode or a sync mode, behind
 * one small table of functions. The kernel side (kernel.c) hands every
 * entry it reads to these; entries are already sanity-checked and passed
 * through the user-space filter where the reference applies it.
 */
#ifndef MODE_H
#define MODE_H

#include <stdbool.h>

#include "ct.h"
#include "exp.h"

struct ctd;
struct obuf;

struct ctd_mode {
	const char *name;
	/* The mode fills its cache from the kernel table (initial dump,
	 * resync, polling, purge). */
	bool fills_from_kernel;
	int (*init)(struct ctd *d);
	void (*kill)(struct ctd *d);
	/* An entry of the initial dump or of -R (counters, timeout and use
	 * to be dropped). */
	void (*populate)(struct ctd *d, struct ct_entry *ct);
	/* An entry of an overrun resync or a polling dump. */
	void (*resync)(struct ctd *d, struct ct_entry *ct);
	/* A resync or polling dump starts; when it has ended, purge drops
	 * the entries it did not list (gone from the kernel, or now
	 * filtered out). */
	void (*resync_begin)(struct ctd *d);
	void (*purge)(struct ctd *d);
	/* Kernel events. del returns true when the entry was known (its
	 * counters then go into the traffic totals). */
	void (*ev_new)(struct ctd *d, struct ct_entry *ct);
	void (*ev_upd)(struct ctd *d, struct ct_entry *ct);
	bool (*ev_del)(struct ctd *d, struct ct_entry *ct);
	/* Expectations (a sync mode with ExpectationSync; NULL in stats
	 * mode, which never takes them). exp_master_known: whether the
	 * master of e is one of this firewall's entries. exp_populate:
	 * one of the initial dump or of -R expect. */
	bool (*exp_master_known)(struct ctd *d, const struct ct_expect *e);
	void (*exp_populate)(struct ctd *d, struct ct_expect *e);
	void (*exp_new)(struct ctd *d, struct ct_expect *e);
	void (*exp_upd)(struct ctd *d, struct ct_expect *e);
	void (*exp_del)(struct ctd *d, struct ct_expect *e);
	/* A control-socket request (after the kernel-table requests were
	 * handled); writes its answer, if any, into o. */
	void (*local)(struct ctd *d, struct obuf *o, int request);
};

extern const struct ctd_mode stats_mode;
extern const struct ctd_mode sync_mode;

#endif
