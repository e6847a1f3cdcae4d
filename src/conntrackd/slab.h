/*
 * slab.h - a small-object allocator for one cache: sizes are rounded up
 * to 16 bytes, each size class carves its objects from 64 KiB chunks and
 * keeps a free list. No per-object header: an 80-byte cache entry takes
 * 80 bytes, where malloc would take 96 (and the cache would need a
 * malloc call per entry).
 */
#ifndef SLAB_H
#define SLAB_H

#include <stddef.h>

#define SLAB_ALIGN	16

struct slab_class;
struct slab_chunk;

struct slab {
	struct slab_class *cls;		/* one per multiple of SLAB_ALIGN */
	unsigned int nclasses;
	struct slab_chunk *chunks;	/* every chunk, for reset/destroy */
	size_t nchunks;
};

/* Prepare s for objects of up to max_size bytes. Returns 0 or -1 (ENOMEM). */
int slab_init(struct slab *s, size_t max_size);

/* Free every chunk; s can be initialised again. */
void slab_destroy(struct slab *s);

/* Free every object at once, keeping s usable (cheaper than one by one). */
void slab_reset(struct slab *s);

/* The bytes an object of size n really takes. */
static inline size_t slab_round(size_t n)
{
	return (n + SLAB_ALIGN - 1) & ~(size_t)(SLAB_ALIGN - 1);
}

/* An object of size bytes (1..max_size), aligned to SLAB_ALIGN, contents
 * undefined. NULL with errno ENOMEM. */
void *slab_alloc(struct slab *s, size_t size);

/* Give back p, allocated with this size (or one with the same
 * slab_round()). */
void slab_free(struct slab *s, void *p, size_t size);

/* Bytes held in chunks (used or not) and class tables. */
size_t slab_memory(const struct slab *s);

#endif
