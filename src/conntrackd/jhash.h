/*
 * jhash.h - Bob Jenkins' 1996 "lookup2" hash over 32-bit words, in the
 * variant the Linux kernel once called jhash2 (and conntrackd 1.4.x still
 * uses to place its cache entries). The algorithm is public domain; this
 * is our own rendering of it. Matching it bit for bit is what makes our
 * cache dumps list entries in the reference's order.
 */
#ifndef JHASH_H
#define JHASH_H

#include <stddef.h>
#include <stdint.h>

/* Any constant would do; lookup2 starts a and b from the golden ratio. */
#define JHASH_INIT_AB	0x9e3779b9u

/* lookup2's reversible mix of three words: nine rounds, each subtracting
 * the other two words and folding in a shifted copy of one of them. */
static inline void jhash_mix(uint32_t *pa, uint32_t *pb, uint32_t *pc)
{
	uint32_t a = *pa, b = *pb, c = *pc;

	a = (a - b - c) ^ (c >> 13);
	b = (b - c - a) ^ (a << 8);
	c = (c - a - b) ^ (b >> 13);
	a = (a - b - c) ^ (c >> 12);
	b = (b - c - a) ^ (a << 16);
	c = (c - a - b) ^ (b >> 5);
	a = (a - b - c) ^ (c >> 3);
	b = (b - c - a) ^ (a << 10);
	c = (c - a - b) ^ (b >> 15);
	*pa = a;
	*pb = b;
	*pc = c;
}

/*
 * Hash n words starting from seed: whole groups of three are added to
 * (a, b, c) and mixed; then c takes the key length in bytes, the one or
 * two words left over go to a (first) and b (second), and a last mix
 * yields c. Note that n = 0 and n = 3 both end in a mix with no extra
 * input: that is how lookup2 is, and the kernel copy kept it.
 */
static inline uint32_t jhash_words(const uint32_t *k, size_t n, uint32_t seed)
{
	uint32_t a = JHASH_INIT_AB, b = JHASH_INIT_AB, c = seed;
	size_t left = n;

	for (; left >= 3; left -= 3, k += 3) {
		a += k[0];
		b += k[1];
		c += k[2];
		jhash_mix(&a, &b, &c);
	}
	c += (uint32_t)(n * 4);
	if (left == 2)
		b += k[1];
	if (left >= 1)
		a += k[0];
	jhash_mix(&a, &b, &c);
	return c;
}

#endif
