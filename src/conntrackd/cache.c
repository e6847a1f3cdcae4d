/*
 * cache.c - conntrackd's hash table of packed entries (see cache.h).
 *
 * Chains are singly linked and new entries go to the head, as in the
 * reference, so iteration order is the reference's dump order. Deleting
 * walks the chain for the link to fix; chains are short (about
 * entries/hashsize), and a back pointer would cost 8 bytes per entry.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "cache.h"
#include "ct_pack.h"
#include "jhash.h"
#include "slab.h"

#define NAME_MAX_LEN	32

struct cache {
	char name[NAME_MAX_LEN];
	unsigned int hashsize, limit, count;
	size_t extra;			/* per-entry user bytes, rounded to 8 */
	struct cache_entry **bucket;
	struct cache_stats st;
	struct slab slab;
};

static size_t entry_size(const struct cache *c, size_t packed_len)
{
	return sizeof(struct cache_entry) + c->extra + packed_len;
}

static unsigned char *packed(const struct cache *c, const struct cache_entry *e)
{
	return (unsigned char *)e->data + c->extra;
}

struct cache *cache_create(const char *name, unsigned int hashsize,
			   unsigned int limit, size_t extra)
{
	struct cache *c;

	if (hashsize == 0 || extra > 4096) {
		errno = EINVAL;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->hashsize = hashsize;
	c->limit = limit;
	c->extra = (extra + 7) & ~(size_t)7;
	c->bucket = calloc(hashsize, sizeof(*c->bucket));
	if (!c->bucket || slab_init(&c->slab, entry_size(c, CT_PACK_MAX)) < 0) {
		free(c->bucket);
		free(c);
		errno = ENOMEM;
		return NULL;
	}
	return c;
}

void cache_destroy(struct cache *c)
{
	if (!c)
		return;
	slab_destroy(&c->slab);
	free(c->bucket);
	free(c);
}

const char *cache_name(const struct cache *c)
{
	return c->name;
}

const struct cache_stats *cache_stats(const struct cache *c)
{
	return &c->st;
}

unsigned int cache_count(const struct cache *c)
{
	return c->count;
}

unsigned int cache_hashsize(const struct cache *c)
{
	return c->hashsize;
}

size_t cache_memory(const struct cache *c)
{
	return sizeof(*c) + c->hashsize * sizeof(*c->bucket) +
	       slab_memory(&c->slab);
}

/* The hash (words as the reference builds them) */

/*
 * libnetfilter_conntrack returns 0 for an attribute that is not set, so
 * each word falls back to 0 without its presence bit. ICMP entries never
 * have the port attributes (the id, type and code are attributes of
 * their own), hence a 0 port word for them.
 */
static uint32_t port_word(const struct ct_entry *ct)
{
	uint32_t sport = ct_has(ct, CTF_ORIG_SPORT) ? ct->orig.sport : 0;
	uint32_t dport = ct_has(ct, CTF_ORIG_DPORT) ? ct->orig.dport : 0;

	return sport << 16 | dport;
}

static void addr_words(const struct ct_entry *ct, enum ct_field f,
		       const union ct_addr *a, uint32_t *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		w[i] = ct_has(ct, f) ? a->v6[i] : 0;
}

uint32_t cache_ct_hash(const struct ct_entry *ct)
{
	uint8_t l3 = ct_has(ct, CTF_ORIG_L3) ? ct->orig.l3 : 0;
	uint8_t l4 = ct_has(ct, CTF_ORIG_L4) ? ct->orig.l4 : 0;
	size_t na = l3 == AF_INET ? 1 : 4;
	uint32_t w[11];

	if (l3 != AF_INET && l3 != AF_INET6)
		return 0;	/* the reference logs and uses bucket 0 */
	addr_words(ct, CTF_ORIG_SRC, &ct->orig.src, w, na);
	addr_words(ct, CTF_ORIG_DST, &ct->orig.dst, w + na, na);
	w[2 * na] = (uint32_t)l3 << 16 | l4;
	w[2 * na + 1] = port_word(ct);
	/* the entry's zone (CTA_ZONE), where the key compares the
	 * original tuple's zone: the reference hashes ATTR_ZONE */
	w[2 * na + 2] = ct_has(ct, CTF_ZONE) ? ct->zone : 0;
	return jhash_words(w, 2 * na + 3, 0);
}

unsigned int cache_bucket(uint32_t hash, unsigned int hashsize)
{
	/* the high word of hash * hashsize: a multiply instead of a modulo */
	return (unsigned int)(((uint64_t)hash * hashsize) >> 32);
}

/* The key */

/* nfct_cmp() without NFCT_CMP_STRICT: a field counts when both have it. */
static bool both(const struct ct_entry *a, const struct ct_entry *b,
		 enum ct_field f)
{
	return ct_has(a, f) && ct_has(b, f);
}

static bool is_icmp(uint8_t l4)
{
	return l4 == IPPROTO_ICMP || l4 == IPPROTO_ICMPV6;
}

/*
 * Ports are compared for every protocol that has them, GRE keys
 * included: the reference compares them for TCP, UDP, UDPLITE, SCTP and
 * DCCP only, so two GRE flows between the same hosts that share a bucket
 * would be one entry there.
 */
static bool l4_match(const struct ct_entry *a, const struct ct_entry *b)
{
	const struct ct_tuple *x = &a->orig, *y = &b->orig;

	if (x->l4 != y->l4)
		return false;
	if (is_icmp(x->l4))
		return (!both(a, b, CTF_ICMP_ID) || x->sport == y->sport) &&
		       (!both(a, b, CTF_ICMP_CODE) || x->icmp_code == y->icmp_code) &&
		       (!both(a, b, CTF_ICMP_TYPE) || x->icmp_type == y->icmp_type);
	return (!both(a, b, CTF_ORIG_SPORT) || x->sport == y->sport) &&
	       (!both(a, b, CTF_ORIG_DPORT) || x->dport == y->dport);
}

static size_t key_addr_len(const struct ct_entry *a, const struct ct_entry *b)
{
	uint8_t l3 = ct_has(a, CTF_ORIG_L3) ? a->orig.l3 :
		     ct_has(b, CTF_ORIG_L3) ? b->orig.l3 : 0;

	return l3 == AF_INET ? 4 : 16;
}

static bool key_match(const struct ct_entry *a, const struct ct_entry *b)
{
	size_t alen = key_addr_len(a, b);

	if (both(a, b, CTF_ORIG_L3) && a->orig.l3 != b->orig.l3)
		return false;
	if (both(a, b, CTF_ORIG_L4) && !l4_match(a, b))
		return false;
	if (both(a, b, CTF_ORIG_SRC) && memcmp(&a->orig.src, &b->orig.src, alen))
		return false;
	if (both(a, b, CTF_ORIG_DST) && memcmp(&a->orig.dst, &b->orig.dst, alen))
		return false;
	return !both(a, b, CTF_ORIG_ZONE) || a->orig.zone == b->orig.zone;
}

/* The link (bucket head or next field) that points at the entry with
 * ct's key in bucket b, or NULL. */
static struct cache_entry **lookup(struct cache *c, const struct ct_entry *ct,
				   unsigned int b)
{
	struct ct_entry k;

	memset(&k, 0, sizeof(k));
	for (struct cache_entry **l = &c->bucket[b]; *l; l = &(*l)->next) {
		ct_unpack_key(packed(c, *l), (*l)->len, &k);
		if (key_match(ct, &k))
			return l;
	}
	return NULL;
}

/* The link that points at e. */
static struct cache_entry **link_of(struct cache *c, const struct cache_entry *e)
{
	struct cache_entry **l = &c->bucket[cache_bucket(e->hash, c->hashsize)];

	while (*l != e)
		l = &(*l)->next;
	return l;
}

struct cache_entry *cache_find(struct cache *c, const struct ct_entry *ct)
{
	struct cache_entry **l;

	l = lookup(c, ct, cache_bucket(cache_ct_hash(ct), c->hashsize));
	return l ? *l : NULL;
}

/* Adding, updating, deleting */

/* Allocate and link a new entry; the counters as the reference's
 * cache_object_new() + cache_add(). */
static struct cache_entry *insert(struct cache *c, const struct ct_entry *ct,
				  uint32_t hash, int64_t now)
{
	unsigned char buf[CT_PACK_MAX];
	size_t len = ct_pack(ct, buf, sizeof(buf));
	unsigned int b = cache_bucket(hash, c->hashsize);
	struct cache_entry *e = slab_alloc(&c->slab, entry_size(c, len));

	if (!e) {
		c->st.add_fail_enomem++;
		errno = ENOMEM;
		return NULL;
	}
	if (c->count >= c->limit) {
		slab_free(&c->slab, e, entry_size(c, len));
		c->st.add_fail++;
		c->st.add_fail_enospc++;
		errno = ENOSPC;
		return NULL;
	}
	*e = (struct cache_entry){ .next = c->bucket[b], .lifetime = now,
		.lastupdate = now, .status = CACHE_NEW, .len = (uint16_t)len,
		.hash = hash };
	memset(e->data, 0, c->extra);
	memcpy(packed(c, e), buf, len);
	c->bucket[b] = e;
	c->count++;
	c->st.objects++;
	c->st.active++;
	c->st.add_ok++;
	return e;
}

struct cache_entry *cache_add(struct cache *c, const struct ct_entry *ct,
			      int64_t now)
{
	uint32_t hash = cache_ct_hash(ct);

	if (lookup(c, ct, cache_bucket(hash, c->hashsize))) {
		errno = EEXIST;
		return NULL;
	}
	return insert(c, ct, hash, now);
}

/* Give e room for a packed entry of len bytes, moving it to a new
 * object (same place in the chain) when its size class changes. */
static struct cache_entry *resize(struct cache *c, struct cache_entry *e,
				  size_t len)
{
	size_t old = entry_size(c, e->len), want = entry_size(c, len);
	struct cache_entry *n;

	if (slab_round(old) == slab_round(want))
		return e;
	n = slab_alloc(&c->slab, want);
	if (!n)
		return NULL;
	memcpy(n, e, sizeof(*e) + c->extra);
	*link_of(c, e) = n;
	slab_free(&c->slab, e, old);
	return n;
}

struct cache_entry *cache_update(struct cache *c, struct cache_entry *e,
				 const struct ct_entry *ct, int64_t now)
{
	unsigned char buf[CT_PACK_MAX];
	struct ct_entry cur;
	size_t len;

	cache_entry_get(c, e, &cur);
	ct_copy_meta(&cur, ct);
	len = ct_pack(&cur, buf, sizeof(buf));
	e = resize(c, e, len);
	if (!e) {
		c->st.upd_fail++;
		errno = ENOMEM;
		return NULL;
	}
	memcpy(packed(c, e), buf, len);
	e->len = (uint16_t)len;
	e->lastupdate = now;
	e->status = CACHE_ALIVE;
	c->st.upd_ok++;
	return e;
}

/* Unlink and free e; the counters are the caller's. */
static void unlink_free(struct cache *c, struct cache_entry *e)
{
	*link_of(c, e) = e->next;
	slab_free(&c->slab, e, entry_size(c, e->len));
	c->count--;
	c->st.objects--;
}

/* A live entry stops counting as active and counts as deleted. */
struct cache_entry *cache_update_force(struct cache *c,
				       const struct ct_entry *ct, int64_t now)
{
	uint32_t hash = cache_ct_hash(ct);
	struct cache_entry **l = lookup(c, ct, cache_bucket(hash, c->hashsize));

	if (l && (*l)->status != CACHE_DEAD)
		return cache_update(c, *l, ct, now);
	if (l)
		unlink_free(c, *l);	/* DEAD: already counted */
	return insert(c, ct, hash, now);
}

void cache_set_dead(struct cache *c, struct cache_entry *e)
{
	cache_stats_death(&c->st, e->status);
	e->status = CACHE_DEAD;
}

void cache_del(struct cache *c, struct cache_entry *e)
{
	cache_stats_death(&c->st, e->status);
	unlink_free(c, e);
}

void cache_flush(struct cache *c)
{
	for (unsigned int b = 0; b < c->hashsize; b++) {
		for (struct cache_entry *e = c->bucket[b]; e; e = e->next)
			cache_stats_death(&c->st, e->status);
		c->bucket[b] = NULL;
	}
	c->st.objects -= c->count;
	c->count = 0;
	slab_reset(&c->slab);
	c->st.flush++;
}

void cache_count_commit(struct cache *c, bool ok)
{
	cache_stats_commit(&c->st, ok);
}

void cache_entry_get(const struct cache *c, const struct cache_entry *e,
		     struct ct_entry *ct)
{
	ct_unpack(packed(c, e), e->len, ct);
}

void *cache_extra(const struct cache *c, struct cache_entry *e)
{
	(void)c;
	return e->data;
}

int cache_iterate_range(struct cache *c, unsigned int *from, unsigned int steps,
			int (*fn)(struct cache_entry *e, void *data), void *data)
{
	unsigned int end;

	if (*from >= c->hashsize)
		return 0;
	end = c->hashsize - *from > steps ? *from + steps : c->hashsize;
	for (; *from < end; ++*from) {
		struct cache_entry *e = c->bucket[*from], *next;

		/* next is read first: fn may free or move e */
		for (; e; e = next) {
			int r;

			next = e->next;
			r = fn(e, data);
			if (r)
				return r;
		}
	}
	return 0;
}

int cache_iterate(struct cache *c, int (*fn)(struct cache_entry *e, void *data),
		  void *data)
{
	unsigned int from = 0;

	return cache_iterate_range(c, &from, c->hashsize, fn, data);
}
