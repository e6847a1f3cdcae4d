/*
 * fmt.h - output formats for conntrack entries: the default line (with
 * the extended/id/ktimestamp/labels variants), XML and the "save" format
 * that -R reads back. Each writes one entry, without the final newline,
 * into an obuf, byte for byte as conntrack-tools 1.4.x prints it.
 */
#ifndef FMT_H
#define FMT_H

#include "ct.h"
#include "obuf.h"

struct nfct_labelmap;

/* What produced the entry: a dump (no prefix) or an event. */
enum fmt_msg { FMT_MSG_NONE, FMT_MSG_NEW, FMT_MSG_UPDATE, FMT_MSG_DESTROY };

enum fmt_flags {
	FMT_F_EXTENDED	= 1 << 0,	/* layer 3 protocol first */
	FMT_F_ID	= 1 << 1,	/* id=N */
	FMT_F_KTIMESTAMP = 1 << 2,	/* [start=...] [stop=...] */
	FMT_F_TIME	= 1 << 3,	/* XML: <when> with the local time */
};

struct fmt_ctx {
	unsigned int flags;		/* enum fmt_flags */
	struct nfct_labelmap *labels;	/* print labels when not NULL */
	long long now;			/* seconds, for delta-time; 0: time() */
};

void fmt_default(struct obuf *o, const struct ct_entry *ct, enum fmt_msg msg,
		 const struct fmt_ctx *fc);
void fmt_xml(struct obuf *o, const struct ct_entry *ct, enum fmt_msg msg,
	     const struct fmt_ctx *fc);

/* Pieces the entry and expectation formatters share: a tuple as the
 * default format writes it ("SRC=a DST=b sport=.. dport=.. ", with the
 * given address keys), and as JSON ({"src":..,"dst":..,"sport":..; the
 * caller closes the object). */
void fmt_text_tuple(struct obuf *o, const struct ct_tuple *t, const char *src,
		    const char *dst);
void fmt_json_tuple(struct obuf *o, const struct ct_tuple *t);

/* JSON schema version written by fmt_json (docs/json.md). */
#define FMT_JSON_VERSION 1

/* Extra fields of fmt_json, beyond fmt_flags. */
struct fmt_json_extra {
	bool labels;		/* print "labels" (names from fc->labels) */
	bool time;		/* print "time": when the line was printed */
	uint32_t portid;	/* event caused by this netlink port, 0: none */
	const char *progname;	/* and the program holding it, or NULL */
};

/*
 * One entry as a JSON object on one line (JSON Lines), schema in
 * docs/json.md: tuples of both directions, protocol state, timeout,
 * status, mark, secmark, zones, counters, labels, helper, NAT, timestamps,
 * id, use. FMT_F_EXTENDED adds the family number, FMT_F_ID the id,
 * FMT_F_KTIMESTAMP the kernel timestamps; ex adds the rest (may be NULL).
 */
void fmt_json(struct obuf *o, const struct ct_entry *ct, enum fmt_msg msg,
	      const struct fmt_ctx *fc, const struct fmt_json_extra *ex);

/*
 * The save format: a conntrack command line (-A, -U or -D per msg; a dump
 * counts as -A). Returns 0, or -1 when the family is neither IPv4 nor IPv6:
 * then what precedes the addresses has been written, untrimmed, as the
 * reference prints it, and the caller warns.
 */
int fmt_save(struct obuf *o, const struct ct_entry *ct, enum fmt_msg msg);

/* The names of the set bits of a label bitmask that have a name in map:
 * each is preceded by first (the first one) or before, followed by after. */
void fmt_label_names(struct obuf *o, struct nfct_labelmap *map,
		     const uint32_t *words, unsigned int nwords,
		     const char *first, const char *before, const char *after);

#endif
