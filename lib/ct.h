/*
 * ct.h - a conntrack entry as the core library holds it.
 *
 * One flat, fixed-size record with a presence bit per field, filled from a
 * ctnetlink message (ct_parse.c), matched by filters (ct_filter.c), printed
 * by the formatters (fmt_*.c) and turned back into requests (ct_build.c).
 * It holds no pointers, so a dump can reuse one record for every entry.
 */
#ifndef CT_H
#define CT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Presence bits; the names follow the fields of struct ct_entry. */
enum ct_field {
	CTF_ORIG_L3, CTF_ORIG_L4, CTF_ORIG_SRC, CTF_ORIG_DST,
	CTF_ORIG_SPORT, CTF_ORIG_DPORT, CTF_ORIG_ZONE,
	CTF_REPL_L3, CTF_REPL_L4, CTF_REPL_SRC, CTF_REPL_DST,
	CTF_REPL_SPORT, CTF_REPL_DPORT, CTF_REPL_ZONE,
	CTF_ICMP_TYPE, CTF_ICMP_CODE, CTF_ICMP_ID,
	CTF_STATUS, CTF_TIMEOUT, CTF_MARK, CTF_SECMARK, CTF_ID, CTF_USE,
	CTF_ZONE,
	CTF_TCP_STATE, CTF_TCP_FLAGS, CTF_SCTP_STATE, CTF_SCTP_VTAG_ORIG,
	CTF_SCTP_VTAG_REPL, CTF_DCCP_STATE, CTF_DCCP_ROLE,
	CTF_ORIG_COUNTERS, CTF_REPL_COUNTERS,
	CTF_TS_START, CTF_TS_STOP,
	CTF_HELPER, CTF_SECCTX, CTF_LABELS, CTF_LABELS_MASK,
	CTF_SNAT_ADDR, CTF_SNAT_PORT, CTF_DNAT_ADDR, CTF_DNAT_PORT,
	CTF_MAX
};

#define CT_BIT(f)	(UINT64_C(1) << (f))

/* The presence bits of each tuple (without zones), and of ICMP's fields. */
#define CT_ORIG_TUPLE_BITS (CT_BIT(CTF_ORIG_L3) | CT_BIT(CTF_ORIG_L4) | \
	CT_BIT(CTF_ORIG_SRC) | CT_BIT(CTF_ORIG_DST) | CT_BIT(CTF_ORIG_SPORT) | \
	CT_BIT(CTF_ORIG_DPORT))
#define CT_REPL_TUPLE_BITS (CT_BIT(CTF_REPL_L3) | CT_BIT(CTF_REPL_L4) | \
	CT_BIT(CTF_REPL_SRC) | CT_BIT(CTF_REPL_DST) | CT_BIT(CTF_REPL_SPORT) | \
	CT_BIT(CTF_REPL_DPORT))
#define CT_ICMP_BITS (CT_BIT(CTF_ICMP_TYPE) | CT_BIT(CTF_ICMP_CODE) | \
	CT_BIT(CTF_ICMP_ID))

/* Status bits as the kernel defines them (nf_conntrack_common.h). */
#define CT_S_EXPECTED		(1u << 0)
#define CT_S_SEEN_REPLY		(1u << 1)
#define CT_S_ASSURED		(1u << 2)
#define CT_S_CONFIRMED		(1u << 3)
#define CT_S_SRC_NAT		(1u << 4)
#define CT_S_DST_NAT		(1u << 5)
#define CT_S_SRC_NAT_DONE	(1u << 7)
#define CT_S_DST_NAT_DONE	(1u << 8)
#define CT_S_FIXED_TIMEOUT	(1u << 10)
#define CT_S_OFFLOAD		(1u << 14)
#define CT_S_HW_OFFLOAD		(1u << 15)

/* Connection labels: the kernel keeps 128 bits. */
#define CT_LABEL_WORDS	4
#define CT_LABEL_BITS	(CT_LABEL_WORDS * 32)

union ct_addr {
	uint32_t v4;		/* network order */
	uint32_t v6[4];		/* network order */
	uint8_t bytes[16];
};

/*
 * One direction of a connection. Ports (and the ICMP id, in sport) are in
 * network byte order, as on the wire; GRE keys live in the port fields.
 */
struct ct_tuple {
	union ct_addr src, dst;
	uint16_t sport, dport;
	uint16_t zone;
	uint8_t l3;		/* AF_INET or AF_INET6 */
	uint8_t l4;		/* IPPROTO_* */
	uint8_t icmp_type, icmp_code;
};

struct ct_counter {
	uint64_t packets, bytes;
};

struct ct_nat {
	union ct_addr addr;
	uint16_t port;		/* network order */
	uint8_t l3;		/* family of addr */
};

struct ct_entry {
	uint64_t present;	/* CT_BIT(CTF_*) of the fields below */
	struct ct_tuple orig, repl;
	uint32_t status, timeout, mark, secmark, id, use;
	uint16_t zone;
	uint8_t state;		/* TCP, SCTP or DCCP state, per CTF_*_STATE */
	uint8_t dccp_role;
	uint8_t tcp_flags;	/* sent on create: flags and mask, both dirs */
	uint32_t sctp_vtag[2];	/* host order */
	struct ct_counter counters[2];
	uint64_t ts_start, ts_stop;	/* nanoseconds */
	uint32_t labels[CT_LABEL_WORDS];	/* bit n = label n */
	uint32_t labels_mask[CT_LABEL_WORDS];
	uint8_t labels_words;	/* how many words the kernel sent */
	char helper[16];
	char secctx[64];
	struct ct_nat snat, dnat;
};

enum ct_dir { CT_DIR_ORIG = 0, CT_DIR_REPL = 1 };

static inline bool ct_has(const struct ct_entry *ct, enum ct_field f)
{
	return (ct->present & CT_BIT(f)) != 0;
}

static inline void ct_set(struct ct_entry *ct, enum ct_field f)
{
	ct->present |= CT_BIT(f);
}

static inline void ct_unset(struct ct_entry *ct, enum ct_field f)
{
	ct->present &= ~CT_BIT(f);
}

static inline bool ct_label_test(const uint32_t *w, unsigned int bit)
{
	return bit < CT_LABEL_BITS && (w[bit / 32] >> (bit % 32)) & 1;
}

static inline void ct_label_set(uint32_t *w, unsigned int bit)
{
	if (bit < CT_LABEL_BITS)
		w[bit / 32] |= 1u << (bit % 32);
}

/* Address length in bytes for a family, 0 if unknown. */
size_t ct_addr_len(uint8_t l3);

/* True when the tuple's protocol carries ports (tcp, udp, udplite, sctp,
 * dccp) or GRE keys in its port fields. */
bool ct_proto_has_ports(uint8_t l4);

/*
 * The 16-bit "port" fields of a tuple as libnetfilter_conntrack sees
 * them (network order): source and destination port, GRE keys; for ICMP
 * the source is the id and the destination the bytes {type, code}.
 */
uint16_t ct_l4src(const struct ct_tuple *t);
uint16_t ct_l4dst(const struct ct_tuple *t);

/* NAT predicates, with the meaning libnetfilter_conntrack gives them: the
 * reply tuple differs from the inverted original, and the status (when
 * known) says that kind of NAT was done. */
bool ct_is_snat(const struct ct_entry *ct);
bool ct_is_dnat(const struct ct_entry *ct);
bool ct_is_spat(const struct ct_entry *ct);
bool ct_is_dpat(const struct ct_entry *ct);

/* Fill the missing direction by inverting the other one (addresses and
 * ports swapped; ICMP fields are left as the setters made them). */
void ct_complete_reply(struct ct_entry *ct);
void ct_complete_orig(struct ct_entry *ct);

/* The reply type for an ICMP/ICMPv6 request type, -1 if none. */
int ct_icmp_reply_type(uint8_t l3, uint8_t type);

#endif
