/*
 * ct_pack.h - a compact in-memory encoding of struct ct_entry for
 * conntrackd's caches: a presence mask, then only the fields the entry
 * has, each in its natural size. Host byte order and host-only: this is
 * not a wire format (the sync protocol has its own).
 */
#ifndef CT_PACK_H
#define CT_PACK_H

#include <stddef.h>

#include "ct.h"

/*
 * The longest encoding: every field present, IPv6 (or unknown-family)
 * addresses, full-length helper and secctx. test_ct_pack checks it.
 */
#define CT_PACK_MAX	335

/*
 * The presence bits that identify an entry and that ct_unpack_key()
 * restores: the original tuple, its zone and the ICMP fields.
 */
#define CT_PACK_KEY_BITS (CT_ORIG_TUPLE_BITS | CT_BIT(CTF_ORIG_ZONE) | \
	CT_ICMP_BITS)

/*
 * Write the fields of ct that are present into buf (at most cap bytes).
 * Returns the length of the encoding; when that exceeds cap, buf holds
 * only a prefix and the caller retries with a buffer of the returned size.
 *
 * What is stored for each presence bit: the member(s) of struct ct_entry
 * the bit covers (see ct_pack.c), e.g. CTF_ICMP_ID covers the sport of
 * both tuples, CTF_LABELS covers labels[] and labels_words, CTF_SNAT_ADDR
 * covers snat.l3 and snat.addr. Addresses take 4 bytes when their family
 * is AF_INET and 16 otherwise; strings take a length byte and their bytes
 * up to the NUL (or the whole array when it has none).
 */
size_t ct_pack(const struct ct_entry *ct, unsigned char *buf, size_t cap);

/*
 * Rebuild into ct (overwritten whole) the entry that ct_pack() encoded.
 * Members no present bit covers come back zero, so for an entry whose
 * other bytes are zero (as ct_parse() leaves them) the round trip is
 * exact byte for byte. A truncated buf yields the fields it holds.
 */
void ct_unpack(const unsigned char *buf, size_t len, struct ct_entry *ct);

/*
 * Restore only what identifies the entry: ct->present is set to the
 * encoded mask limited to CT_PACK_KEY_BITS and the members those bits
 * cover are written; every other member of ct is left untouched. Fast:
 * the key fields come first in the encoding.
 */
void ct_unpack_key(const unsigned char *buf, size_t len, struct ct_entry *ct);

/*
 * Copy into dst the fields of src that are present and are not part of a
 * tuple (libnetfilter_conntrack's NFCT_CP_META: everything but addresses,
 * ports, protocol numbers and ICMP fields), setting their presence bits;
 * dst keeps its other fields. This is what a cache update stores.
 */
void ct_copy_meta(struct ct_entry *dst, const struct ct_entry *src);

#endif
