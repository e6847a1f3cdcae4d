/*
 * exp_cache.h - sync mode's caches of expectations ("internal": this
 * firewall's, "external": the peers'). A small table of its own beside
 * cache.h: expectations are few (a helper's pending data connections),
 * so entries are kept unpacked, one allocation each. Buckets and order
 * follow the reference (jhash of the master tuple without zone, newest
 * first in a bucket), so dumps list entries in the reference's order.
 */
#ifndef EXP_CACHE_H
#define EXP_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "cache.h"
#include "exp.h"

struct exp_cache_entry {
	struct exp_cache_entry *next;	/* bucket chain */
	int64_t lifetime;		/* time() when added */
	int64_t lastupdate;		/* time() of the last add/update */
	uint8_t status;			/* enum cache_status */
	uint8_t mark;			/* the owner's (resync epoch) */
	uint32_t hash;
	struct ct_expect exp;
};

struct exp_cache;

/* A cache named name of hashsize (> 0) buckets holding at most limit
 * entries; NULL with errno on failure. */
struct exp_cache *exp_cache_create(const char *name, unsigned int hashsize,
				   unsigned int limit);
void exp_cache_destroy(struct exp_cache *c);

const char *exp_cache_name(const struct exp_cache *c);
/* The counters, moved as cache.h describes for the ct caches. */
const struct cache_stats *exp_cache_stats(const struct exp_cache *c);
unsigned int exp_cache_count(const struct exp_cache *c);

/*
 * The entry equal to e, or NULL. Equal as the reference's nfexp_cmp()
 * with no flags: master, expected tuple, mask, zone, flags, helper,
 * class, NAT tuple and direction, function; a field only one side has
 * does not count (the timeout never does).
 */
struct exp_cache_entry *exp_cache_find(struct exp_cache *c,
				       const struct ct_expect *e);

/* Add e at the head of its bucket (status NEW). Fails with EEXIST
 * (nothing counted), ENOSPC, ENOMEM; returns the entry or NULL. */
struct exp_cache_entry *exp_cache_add(struct exp_cache *c,
				      const struct ct_expect *e, int64_t now);

/* Update the live entry equal to e (its fields become e's, status ALIVE),
 * replace a DEAD one, or add e. Returns the entry or NULL with errno. */
struct exp_cache_entry *exp_cache_update_force(struct exp_cache *c,
					       const struct ct_expect *e,
					       int64_t now);

/* Mark e DEAD and count it deleted; remove and free e; remove all. */
void exp_cache_set_dead(struct exp_cache *c, struct exp_cache_entry *e);
void exp_cache_del(struct exp_cache *c, struct exp_cache_entry *e);
void exp_cache_flush(struct exp_cache *c);

void exp_cache_count_commit(struct exp_cache *c, bool ok);

/* Call fn for every entry in dump order; fn may delete the entry it is
 * given. A non-zero return stops the walk and is returned. */
int exp_cache_iterate(struct exp_cache *c,
		      int (*fn)(struct exp_cache_entry *e, void *data),
		      void *data);

/* The reference's hash of an expectation (jhash2 over its master tuple
 * without zone; 0 without a master of family IPv4/IPv6). */
uint32_t exp_cache_hash(const struct ct_expect *e);

#endif
