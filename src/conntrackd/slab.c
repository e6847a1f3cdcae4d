/*
 * slab.c - the per-cache small-object allocator (see slab.h).
 *
 * Rejected design: returning empty chunks to the system would need a live
 * count per chunk and a way from an object to its chunk (aligned chunks);
 * a cache that shrinks for good is rare, and a flush (the usual way a
 * cache empties) releases everything through slab_reset().
 */
#include <errno.h>
#include <stdlib.h>

#include "slab.h"

#define CHUNK_BYTES	(64 * 1024)

struct slab_class {
	void *free;			/* freed objects, linked through
					 * their first word */
	unsigned char *next, *end;	/* the unused tail of the class's
					 * newest chunk */
};

struct slab_chunk {
	struct slab_chunk *link;
	/* pad the header so objects stay SLAB_ALIGN-aligned */
	unsigned char pad[SLAB_ALIGN - sizeof(struct slab_chunk *)];
	unsigned char mem[];
};

int slab_init(struct slab *s, size_t max_size)
{
	s->nclasses = (unsigned int)(slab_round(max_size) / SLAB_ALIGN) + 1;
	s->cls = calloc(s->nclasses, sizeof(*s->cls));
	s->chunks = NULL;
	s->nchunks = 0;
	if (!s->cls || slab_round(max_size) > CHUNK_BYTES - sizeof(struct slab_chunk)) {
		free(s->cls);
		s->cls = NULL;
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void slab_reset(struct slab *s)
{
	struct slab_chunk *ch = s->chunks;

	while (ch) {
		struct slab_chunk *next = ch->link;

		free(ch);
		ch = next;
	}
	s->chunks = NULL;
	s->nchunks = 0;
	for (unsigned int i = 0; i < s->nclasses; i++)
		s->cls[i] = (struct slab_class){ NULL, NULL, NULL };
}

void slab_destroy(struct slab *s)
{
	if (!s->cls)
		return;
	slab_reset(s);
	free(s->cls);
	s->cls = NULL;
}

/* Give class k a fresh chunk to carve from. */
static int grow(struct slab *s, struct slab_class *k)
{
	struct slab_chunk *ch = malloc(CHUNK_BYTES);

	if (!ch) {
		errno = ENOMEM;
		return -1;
	}
	ch->link = s->chunks;
	s->chunks = ch;
	s->nchunks++;
	k->next = ch->mem;
	k->end = (unsigned char *)ch + CHUNK_BYTES;
	return 0;
}

void *slab_alloc(struct slab *s, size_t size)
{
	size_t n = slab_round(size);
	struct slab_class *k = &s->cls[n / SLAB_ALIGN];
	void *p = k->free;

	if (p) {
		k->free = *(void **)p;
		return p;
	}
	if ((!k->next || (size_t)(k->end - k->next) < n) && grow(s, k) < 0)
		return NULL;
	p = k->next;
	k->next += n;
	return p;
}

void slab_free(struct slab *s, void *p, size_t size)
{
	struct slab_class *k = &s->cls[slab_round(size) / SLAB_ALIGN];

	*(void **)p = k->free;
	k->free = p;
}

size_t slab_memory(const struct slab *s)
{
	return s->nchunks * CHUNK_BYTES + s->nclasses * sizeof(*s->cls);
}
