/*
 * exp_cache.c - the expectation caches (see exp_cache.h): chained
 * buckets, new entries at the head, the counters of cache.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "exp_cache.h"
#include "jhash.h"

struct exp_cache {
	char name[32];
	unsigned int hashsize, limit, count;
	struct exp_cache_entry **bucket;
	struct cache_stats st;
};

struct exp_cache *exp_cache_create(const char *name, unsigned int hashsize,
				   unsigned int limit)
{
	struct exp_cache *c;

	if (hashsize == 0) {
		errno = EINVAL;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->bucket = calloc(hashsize, sizeof(*c->bucket));
	if (!c->bucket) {
		free(c);
		errno = ENOMEM;
		return NULL;
	}
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->hashsize = hashsize;
	c->limit = limit;
	return c;
}

static void free_all(struct exp_cache *c)
{
	for (unsigned int b = 0; b < c->hashsize; b++) {
		struct exp_cache_entry *e = c->bucket[b], *next;

		for (; e; e = next) {
			next = e->next;
			free(e);
		}
		c->bucket[b] = NULL;
	}
	c->count = 0;
}

void exp_cache_destroy(struct exp_cache *c)
{
	if (!c)
		return;
	free_all(c);
	free(c->bucket);
	free(c);
}

const char *exp_cache_name(const struct exp_cache *c)
{
	return c->name;
}

const struct cache_stats *exp_cache_stats(const struct exp_cache *c)
{
	return &c->st;
}

unsigned int exp_cache_count(const struct exp_cache *c)
{
	return c->count;
}

static bool is_icmp(uint8_t l4)
{
	return l4 == IPPROTO_ICMP || l4 == IPPROTO_ICMPV6;
}

uint32_t exp_cache_hash(const struct ct_expect *e)
{
	const struct ct_tuple *m = &e->master;
	size_t na = m->l3 == AF_INET ? 1 : 4;
	uint32_t w[10];

	if (!exp_has(e, EXPF_MASTER) || (m->l3 != AF_INET && m->l3 != AF_INET6))
		return 0;	/* the reference logs and uses bucket 0 */
	memcpy(w, &m->src, na * 4);
	memcpy(w + na, &m->dst, na * 4);
	w[2 * na] = (uint32_t)m->l3 << 16 | m->l4;
	/* lnfct has no port attributes for ICMP (0), and the ports are the
	 * raw network-order values read as host integers */
	w[2 * na + 1] = is_icmp(m->l4) ? 0 :
			(uint32_t)m->sport << 16 | m->dport;
	return jhash_words(w, 2 * na + 2, 0);
}

/* nfct's tuple comparison (original direction) over our flat tuples. */
static bool tuple_eq(const struct ct_tuple *a, const struct ct_tuple *b)
{
	size_t alen = a->l3 == AF_INET ? 4 : 16;

	if (a->l3 != b->l3 || a->l4 != b->l4)
		return false;
	if (memcmp(&a->src, &b->src, alen) || memcmp(&a->dst, &b->dst, alen))
		return false;
	if (a->zone != b->zone)
		return false;
	if (is_icmp(a->l4))
		return a->sport == b->sport && a->icmp_type == b->icmp_type &&
		       a->icmp_code == b->icmp_code;
	return a->sport == b->sport && a->dport == b->dport;
}

static bool both(const struct ct_expect *a, const struct ct_expect *b,
		 enum exp_field f)
{
	return exp_has(a, f) && exp_has(b, f);
}

static bool exp_eq(const struct ct_expect *a, const struct ct_expect *b)
{
	if (both(a, b, EXPF_MASTER) && !tuple_eq(&a->master, &b->master))
		return false;
	if (both(a, b, EXPF_TUPLE) && !tuple_eq(&a->tuple, &b->tuple))
		return false;
	if (both(a, b, EXPF_MASK) && !tuple_eq(&a->mask, &b->mask))
		return false;
	if (both(a, b, EXPF_ZONE) && a->zone != b->zone)
		return false;
	if (both(a, b, EXPF_FLAGS) && a->flags != b->flags)
		return false;
	if (both(a, b, EXPF_HELPER) && strcmp(a->helper, b->helper))
		return false;
	if (both(a, b, EXPF_CLASS) && a->class != b->class)
		return false;
	if (both(a, b, EXPF_NAT_TUPLE) && !tuple_eq(&a->nat, &b->nat))
		return false;
	if (both(a, b, EXPF_NAT_DIR) && a->nat_dir != b->nat_dir)
		return false;
	return !both(a, b, EXPF_FN) || !strcmp(a->fn, b->fn);
}

static unsigned int bucket_of(const struct exp_cache *c, uint32_t hash)
{
	return cache_bucket(hash, c->hashsize);
}

/* The link pointing at the entry equal to e in bucket b, or NULL. */
static struct exp_cache_entry **lookup(struct exp_cache *c,
				       const struct ct_expect *e, unsigned int b)
{
	for (struct exp_cache_entry **l = &c->bucket[b]; *l; l = &(*l)->next)
		if (exp_eq(&(*l)->exp, e))
			return l;
	return NULL;
}

static struct exp_cache_entry **link_of(struct exp_cache *c,
					const struct exp_cache_entry *e)
{
	struct exp_cache_entry **l = &c->bucket[bucket_of(c, e->hash)];

	while (*l != e)
		l = &(*l)->next;
	return l;
}

struct exp_cache_entry *exp_cache_find(struct exp_cache *c,
				       const struct ct_expect *e)
{
	struct exp_cache_entry **l;

	l = lookup(c, e, bucket_of(c, exp_cache_hash(e)));
	return l ? *l : NULL;
}

static struct exp_cache_entry *insert(struct exp_cache *c,
				      const struct ct_expect *x, uint32_t hash,
				      int64_t now)
{
	unsigned int b = bucket_of(c, hash);
	struct exp_cache_entry *e;

	if (c->count >= c->limit) {
		c->st.add_fail++;
		c->st.add_fail_enospc++;
		errno = ENOSPC;
		return NULL;
	}
	e = malloc(sizeof(*e));
	if (!e) {
		c->st.add_fail_enomem++;
		errno = ENOMEM;
		return NULL;
	}
	*e = (struct exp_cache_entry){ .next = c->bucket[b], .lifetime = now,
		.lastupdate = now, .status = CACHE_NEW, .hash = hash, .exp = *x };
	c->bucket[b] = e;
	c->count++;
	c->st.objects++;
	c->st.active++;
	c->st.add_ok++;
	return e;
}

struct exp_cache_entry *exp_cache_add(struct exp_cache *c,
				      const struct ct_expect *e, int64_t now)
{
	uint32_t hash = exp_cache_hash(e);

	if (lookup(c, e, bucket_of(c, hash))) {
		errno = EEXIST;
		return NULL;
	}
	return insert(c, e, hash, now);
}

static void unlink_free(struct exp_cache *c, struct exp_cache_entry *e)
{
	*link_of(c, e) = e->next;
	free(e);
	c->count--;
	c->st.objects--;
}

struct exp_cache_entry *exp_cache_update_force(struct exp_cache *c,
					       const struct ct_expect *e,
					       int64_t now)
{
	uint32_t hash = exp_cache_hash(e);
	struct exp_cache_entry **l = lookup(c, e, bucket_of(c, hash));

	if (l && (*l)->status != CACHE_DEAD) {
		/* the reference copies the whole expectation */
		(*l)->exp = *e;
		(*l)->lastupdate = now;
		(*l)->status = CACHE_ALIVE;
		c->st.upd_ok++;
		return *l;
	}
	if (l)
		unlink_free(c, *l);	/* DEAD: already counted */
	return insert(c, e, hash, now);
}

void exp_cache_set_dead(struct exp_cache *c, struct exp_cache_entry *e)
{
	cache_stats_death(&c->st, e->status);
	e->status = CACHE_DEAD;
}

void exp_cache_del(struct exp_cache *c, struct exp_cache_entry *e)
{
	cache_stats_death(&c->st, e->status);
	unlink_free(c, e);
}

void exp_cache_flush(struct exp_cache *c)
{
	for (unsigned int b = 0; b < c->hashsize; b++)
		for (struct exp_cache_entry *e = c->bucket[b]; e; e = e->next)
			cache_stats_death(&c->st, e->status);
	c->st.objects -= c->count;
	free_all(c);
	c->st.flush++;
}

void exp_cache_count_commit(struct exp_cache *c, bool ok)
{
	cache_stats_commit(&c->st, ok);
}

int exp_cache_iterate(struct exp_cache *c,
		      int (*fn)(struct exp_cache_entry *e, void *data),
		      void *data)
{
	for (unsigned int b = 0; b < c->hashsize; b++) {
		struct exp_cache_entry *e = c->bucket[b], *next;

		for (; e; e = next) {
			int r;

			next = e->next;	/* fn may free e */
			r = fn(e, data);
			if (r)
				return r;
		}
	}
	return 0;
}
