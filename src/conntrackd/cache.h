/*
 * cache.h - conntrackd's caches of connection-tracking entries: the stats
 * cache, the internal cache (this firewall's states) and the external
 * cache (the peers' states). One implementation for all of them.
 *
 * Entries are kept packed (lib/ct_pack.h): a short header plus only the
 * fields the entry has, in one allocation from a per-cache slab, so a
 * million IPv4 entries cost well under 200 bytes each. Buckets and the
 * order within them follow the reference (its jhash over the original
 * tuple and zone, newest first), so dumps list entries in the same order.
 */
#ifndef CACHE_H
#define CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ct.h"

/* Entry status, as the reference's cache objects have it. */
enum cache_status { CACHE_NEW = 1, CACHE_ALIVE, CACHE_DEAD };

struct cache_entry {
	struct cache_entry *next;	/* bucket chain */
	int64_t lifetime;		/* time() when added */
	int64_t lastupdate;		/* time() of the last add/update */
	uint8_t status;			/* enum cache_status */
	uint8_t spare;
	uint16_t len;			/* bytes of packed entry in data */
	uint32_t hash;			/* the reference's jhash of the key */
	unsigned char data[];		/* extra bytes (cache_create's
					 * extra, rounded up to 8), then the
					 * packed entry */
};

/*
 * The counters -s prints (names as the reference's), moved exactly where
 * the reference's cache.c moves them:
 * - objects: entries allocated (here always the entries held);
 * - active: entries held that are not DEAD (cache_set_dead() and
 *   cache_del()/cache_flush() of a live entry take one off);
 * - add_ok / add_fail with add_fail_enospc (cache full); add_fail_enomem
 *   alone when the allocation fails (the reference counts no add_fail
 *   then);
 * - upd_ok per update; del_ok per live entry killed or deleted,
 *   including each one a flush removes; flush per flush;
 * - upd_fail counts our only update failure (ENOMEM when the entry has
 *   to grow), which the reference does not have; upd_fail_enoent,
 *   del_fail and del_fail_enoent never move, as in the reference;
 * - commit_ok / commit_fail are the commit code's (cache_count_commit()).
 */
struct cache_stats {
	uint32_t active;
	uint32_t add_ok, add_fail, add_fail_enomem, add_fail_enospc;
	uint32_t upd_ok, upd_fail, upd_fail_enoent;
	uint32_t del_ok, del_fail, del_fail_enoent;
	uint32_t commit_ok, commit_fail;
	uint32_t flush;
	uint32_t objects;
};

/* Counter moves both entry tables share (cache.c, exp_cache.c): a live
 * entry that dies stops counting as active and counts as deleted; a
 * commit counts as ok or failed. */
static inline void cache_stats_death(struct cache_stats *st, uint8_t status)
{
	if (status != CACHE_DEAD) {
		st->del_ok++;
		st->active--;
	}
}

static inline void cache_stats_commit(struct cache_stats *st, bool ok)
{
	if (ok)
		st->commit_ok++;
	else
		st->commit_fail++;
}

struct cache;

/*
 * A cache named name ("stats", "internal", "external") of hashsize
 * buckets (> 0) holding at most limit entries; each entry carries extra
 * bytes of zeroed per-entry space for its user (cache_extra()). Returns
 * NULL with errno (EINVAL, ENOMEM) on failure.
 */
struct cache *cache_create(const char *name, unsigned int hashsize,
			   unsigned int limit, size_t extra);
void cache_destroy(struct cache *c);

const char *cache_name(const struct cache *c);
const struct cache_stats *cache_stats(const struct cache *c);
unsigned int cache_count(const struct cache *c);	/* entries held */
unsigned int cache_hashsize(const struct cache *c);

/*
 * The entry with ct's key, or NULL. The key is the original tuple (layer
 * 3 and 4 protocols, addresses, ports or GRE keys, ICMP type, code and
 * id) and the original-direction zone; as in the reference's nfct_cmp(),
 * a field that only one side has does not count.
 */
struct cache_entry *cache_find(struct cache *c, const struct ct_entry *ct);

/*
 * Add ct as a new entry at the head of its bucket (status NEW, lifetime
 * = lastupdate = now). Fails with EEXIST if the key is present (no
 * counter moves: the reference's callers look first), ENOSPC when the
 * cache holds limit entries, ENOMEM. Returns the entry or NULL with errno.
 */
struct cache_entry *cache_add(struct cache *c, const struct ct_entry *ct,
			      int64_t now);

/*
 * Update e from ct as the reference does (libnetfilter_conntrack's
 * NFCT_CP_META copy): the fields ct has outside the tuples replace e's,
 * e keeps the others, and its tuples and ICMP fields stay. Status ALIVE,
 * lastupdate = now. e may move in memory (its place in the bucket
 * stays): the new address is returned, or NULL with errno ENOMEM and e
 * unchanged.
 */
struct cache_entry *cache_update(struct cache *c, struct cache_entry *e,
				 const struct ct_entry *ct, int64_t now);

/* Update the live entry with ct's key; a DEAD one is replaced by a new
 * entry, and an absent one added. Returns the entry or NULL with errno. */
struct cache_entry *cache_update_force(struct cache *c,
				       const struct ct_entry *ct, int64_t now);

/* Mark e DEAD but keep it (a sync mode still has to send it): del_ok
 * and active are counted now, not again when it is deleted. */
void cache_set_dead(struct cache *c, struct cache_entry *e);

/* Remove and free e. */
void cache_del(struct cache *c, struct cache_entry *e);

/* Remove every entry. */
void cache_flush(struct cache *c);

/* Count the outcome of committing one entry to the kernel. */
void cache_count_commit(struct cache *c, bool ok);

/* The entry's fields, unpacked into ct. */
void cache_entry_get(const struct cache *c, const struct cache_entry *e,
		     struct ct_entry *ct);

/* The entry's extra bytes (8-byte aligned). They move with the entry. */
void *cache_extra(const struct cache *c, struct cache_entry *e);

/*
 * Call fn for every entry in dump order (bucket 0 first, newest first in
 * a bucket). fn may delete or update the entry it is given, but no
 * other. A non-zero return stops the walk and is returned.
 */
int cache_iterate(struct cache *c, int (*fn)(struct cache_entry *e, void *data),
		  void *data);

/*
 * The same over buckets *from .. *from + steps - 1 only (the reference
 * commits 8192 buckets per step). *from is advanced past the buckets
 * walked, to cache_hashsize() at the end; when fn stops the walk, *from
 * is the bucket of the entry it stopped at.
 */
int cache_iterate_range(struct cache *c, unsigned int *from, unsigned int steps,
			int (*fn)(struct cache_entry *e, void *data), void *data);

/* Bytes the cache holds (slabs, buckets), for tests and benchmarks. */
size_t cache_memory(const struct cache *c);

/* The reference's hash of a ct key (jhash2 over the original tuple and
 * zone; 0 for a family other than IPv4/IPv6) and its bucket in a table of
 * hashsize buckets. */
uint32_t cache_ct_hash(const struct ct_entry *ct);
unsigned int cache_bucket(uint32_t hash, unsigned int hashsize);

#endif
