/*
 * ct_pack.c - the compact encoding of struct ct_entry (see ct_pack.h).
 *
 * One table says, for each presence bit in encoding order, which members
 * of the entry it covers; packing, unpacking and the meta copy all walk
 * it, so they cannot disagree. Layout: the mask in 6 little-endian bytes,
 * then the spans of every present field, in table order.
 */
#include <string.h>
#include <sys/socket.h>

#include "ct_pack.h"

_Static_assert(CTF_MAX <= 48, "the presence mask is packed in 6 bytes");
_Static_assert(sizeof(struct ct_entry) < 65536, "offsets are 16-bit");

#define MASK_BYTES	6

enum span_kind {
	SP_FIX,		/* size bytes as they are */
	SP_ADDR,	/* 4 bytes for AF_INET, else all 16 */
	SP_STR,		/* length byte, then the bytes up to the NUL */
};

/* One member of struct ct_entry that a presence bit covers. */
struct span {
	uint16_t off;
	uint8_t size;		/* sizeof the member */
	uint8_t kind;		/* enum span_kind */
	uint16_t fam_off;	/* SP_ADDR: the family byte... */
	uint8_t fam_bit;	/* ...which counts only when this bit is set,
				 * so pack and unpack agree on the length */
};

struct field {
	uint8_t bit;		/* enum ct_field */
	uint8_t nspan;
	struct span sp[2];
};

#define OFF(m)	((uint16_t)offsetof(struct ct_entry, m))
#define SZ(m)	((uint8_t)sizeof(((struct ct_entry *)0)->m))
#define FIX(m)	{ OFF(m), SZ(m), SP_FIX, 0, 0 }
#define STR(m)	{ OFF(m), SZ(m), SP_STR, 0, 0 }
#define ADDR(m, fam, fbit) { OFF(m), SZ(m), SP_ADDR, OFF(fam), fbit }
#define F1(b, s)	{ b, 1, { s } }
#define F2(b, s, t)	{ b, 2, { s, t } }
/* A tuple's own fields: CTF_ORIG_* of orig, or CTF_REPL_* of repl. */
#define TUPLE(D, t) \
	F1(CTF_##D##_L3, FIX(t.l3)), \
	F1(CTF_##D##_L4, FIX(t.l4)), \
	F1(CTF_##D##_SRC, ADDR(t.src, t.l3, CTF_##D##_L3)), \
	F1(CTF_##D##_DST, ADDR(t.dst, t.l3, CTF_##D##_L3)), \
	F1(CTF_##D##_SPORT, FIX(t.sport)), \
	F1(CTF_##D##_DPORT, FIX(t.dport)), \
	F1(CTF_##D##_ZONE, FIX(t.zone))

/*
 * Encoding order. The key (CT_PACK_KEY_BITS) comes first so that
 * ct_unpack_key() can stop early; a family byte comes before the
 * addresses whose length it decides.
 */
static const struct field fields[] = {
	TUPLE(ORIG, orig),
	/* one bit each for the ICMP fields of both tuples; the id lives in
	 * sport */
	F2(CTF_ICMP_TYPE, FIX(orig.icmp_type), FIX(repl.icmp_type)),
	F2(CTF_ICMP_CODE, FIX(orig.icmp_code), FIX(repl.icmp_code)),
	F2(CTF_ICMP_ID, FIX(orig.sport), FIX(repl.sport)),
	/* end of the key */
	TUPLE(REPL, repl),
	F1(CTF_STATUS, FIX(status)),
	F1(CTF_TIMEOUT, FIX(timeout)),
	F1(CTF_MARK, FIX(mark)),
	F1(CTF_SECMARK, FIX(secmark)),
	F1(CTF_ID, FIX(id)),
	F1(CTF_USE, FIX(use)),
	F1(CTF_ZONE, FIX(zone)),
	/* TCP, SCTP and DCCP share one state byte */
	F1(CTF_TCP_STATE, FIX(state)),
	F1(CTF_TCP_FLAGS, FIX(tcp_flags)),
	F1(CTF_SCTP_STATE, FIX(state)),
	F1(CTF_SCTP_VTAG_ORIG, FIX(sctp_vtag[0])),
	F1(CTF_SCTP_VTAG_REPL, FIX(sctp_vtag[1])),
	F1(CTF_DCCP_STATE, FIX(state)),
	F1(CTF_DCCP_ROLE, FIX(dccp_role)),
	F1(CTF_ORIG_COUNTERS, FIX(counters[CT_DIR_ORIG])),
	F1(CTF_REPL_COUNTERS, FIX(counters[CT_DIR_REPL])),
	F1(CTF_TS_START, FIX(ts_start)),
	F1(CTF_TS_STOP, FIX(ts_stop)),
	F1(CTF_HELPER, STR(helper)),
	F1(CTF_SECCTX, STR(secctx)),
	/* labels and their mask share the word count */
	F2(CTF_LABELS, FIX(labels_words), FIX(labels)),
	F2(CTF_LABELS_MASK, FIX(labels_words), FIX(labels_mask)),
	F2(CTF_SNAT_ADDR, FIX(snat.l3), ADDR(snat.addr, snat.l3, CTF_SNAT_ADDR)),
	F1(CTF_SNAT_PORT, FIX(snat.port)),
	F2(CTF_DNAT_ADDR, FIX(dnat.l3), ADDR(dnat.addr, dnat.l3, CTF_DNAT_ADDR)),
	F1(CTF_DNAT_PORT, FIX(dnat.port)),
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

/* Not copied by ct_copy_meta(): what libnetfilter_conntrack numbers
 * below ATTR_TCP_STATE (tuples without zones, ICMP fields). */
#define TUPLE_BITS (CT_ORIG_TUPLE_BITS | CT_REPL_TUPLE_BITS | CT_ICMP_BITS)

static bool has(uint64_t mask, unsigned int bit)
{
	return (mask >> bit) & 1;
}

/* Bytes an SP_FIX or SP_ADDR span takes, given the entry's mask. */
static size_t fixed_len(const struct span *s, const unsigned char *base,
			uint64_t mask)
{
	if (s->kind != SP_ADDR)
		return s->size;
	if (has(mask, s->fam_bit) && base[s->fam_off] == AF_INET)
		return 4;
	return s->size;
}

/* Output cursor that counts past the end and writes only what fits. */
struct wcur {
	unsigned char *p;
	size_t len, cap;
};

static void put(struct wcur *w, const void *src, size_t n)
{
	if (w->len + n <= w->cap)
		memcpy(w->p + w->len, src, n);
	w->len += n;
}

static void put_span(struct wcur *w, const struct span *s,
		     const unsigned char *base, uint64_t mask)
{
	const unsigned char *m = base + s->off;

	if (s->kind == SP_STR) {
		uint8_t n = (uint8_t)strnlen((const char *)m, s->size);

		put(w, &n, 1);
		put(w, m, n);
		return;
	}
	put(w, m, fixed_len(s, base, mask));
}

size_t ct_pack(const struct ct_entry *ct, unsigned char *buf, size_t cap)
{
	const unsigned char *base = (const unsigned char *)ct;
	uint64_t mask = ct->present & (CT_BIT(CTF_MAX) - 1);
	struct wcur w = { buf, 0, cap };
	unsigned char m[MASK_BYTES];

	for (unsigned int i = 0; i < MASK_BYTES; i++)
		m[i] = (unsigned char)(mask >> (8 * i));
	put(&w, m, sizeof(m));
	for (size_t i = 0; i < NFIELDS; i++) {
		if (!has(mask, fields[i].bit))
			continue;
		for (unsigned int j = 0; j < fields[i].nspan; j++)
			put_span(&w, &fields[i].sp[j], base, mask);
	}
	return w.len;
}

/* Input cursor: a read that does not fit fails and ends the decoding. */
struct rcur {
	const unsigned char *p;
	size_t left;
};

static bool take(struct rcur *r, void *dst, size_t n)
{
	if (n > r->left)
		return false;
	memcpy(dst, r->p, n);
	r->p += n;
	r->left -= n;
	return true;
}

static bool take_span(struct rcur *r, const struct span *s,
		      unsigned char *base, uint64_t mask)
{
	unsigned char *m = base + s->off;
	uint8_t n;

	if (s->kind != SP_STR)
		return take(r, m, fixed_len(s, base, mask));
	if (!take(r, &n, 1) || n > s->size)
		return false;
	memset(m, 0, s->size);
	return take(r, m, n);
}

static uint64_t take_mask(struct rcur *r)
{
	unsigned char m[MASK_BYTES];
	uint64_t mask = 0;

	if (!take(r, m, sizeof(m)))
		return 0;
	for (unsigned int i = 0; i < MASK_BYTES; i++)
		mask |= (uint64_t)m[i] << (8 * i);
	return mask & (CT_BIT(CTF_MAX) - 1);
}

/* Decode the fields of the table from index 0 while they are in want. */
static void unpack_fields(struct rcur *r, uint64_t mask, uint64_t want,
			  struct ct_entry *ct)
{
	unsigned char *base = (unsigned char *)ct;

	for (size_t i = 0; i < NFIELDS; i++) {
		if (!has(want, fields[i].bit))
			return;
		if (!has(mask, fields[i].bit))
			continue;
		for (unsigned int j = 0; j < fields[i].nspan; j++)
			if (!take_span(r, &fields[i].sp[j], base, mask))
				return;
	}
}

void ct_unpack(const unsigned char *buf, size_t len, struct ct_entry *ct)
{
	struct rcur r = { buf, len };

	memset(ct, 0, sizeof(*ct));
	ct->present = take_mask(&r);
	unpack_fields(&r, ct->present, ~UINT64_C(0), ct);
}

void ct_unpack_key(const unsigned char *buf, size_t len, struct ct_entry *ct)
{
	struct rcur r = { buf, len };
	uint64_t mask = take_mask(&r) & CT_PACK_KEY_BITS;

	ct->present = mask;
	unpack_fields(&r, mask, CT_PACK_KEY_BITS, ct);
}

void ct_copy_meta(struct ct_entry *dst, const struct ct_entry *src)
{
	uint64_t copy = src->present & ~TUPLE_BITS & (CT_BIT(CTF_MAX) - 1);

	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];

		if (!has(copy, f->bit))
			continue;
		for (unsigned int j = 0; j < f->nspan; j++)
			memcpy((unsigned char *)dst + f->sp[j].off,
			       (const unsigned char *)src + f->sp[j].off,
			       f->sp[j].size);
		dst->present |= CT_BIT(f->bit);
	}
}
