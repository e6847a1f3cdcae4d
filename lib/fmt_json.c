/*
 * fmt_json.c - conntrack entries as JSON Lines (-o json), schema version
 * FMT_JSON_VERSION, documented in docs/json.md. Keys are only ever added
 * in later versions, never renamed or removed; absent values are omitted,
 * not null.
 */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>

#include "fmt.h"
#include "names.h"

static void key(struct obuf *o, const char *k)
{
	ob_chr(o, ',');
	ob_chr(o, '"');
	ob_str(o, k);
	ob_str(o, "\":");
}

static void kv_u64(struct obuf *o, const char *k, uint64_t v)
{
	key(o, k);
	ob_u64(o, v);
}

static void kv_str(struct obuf *o, const char *k, const char *v)
{
	key(o, k);
	ob_json_str(o, v);
}

static void kv_bool(struct obuf *o, const char *k, bool v)
{
	key(o, k);
	ob_str(o, v ? "true" : "false");
}

static void kv_addr(struct obuf *o, const char *k, uint8_t l3,
		    const union ct_addr *a)
{
	key(o, k);
	ob_chr(o, '"');
	ob_addr(o, l3, a);
	ob_chr(o, '"');
}

void fmt_json_tuple(struct obuf *o, const struct ct_tuple *t)
{
	ob_str(o, "{\"src\":\"");
	ob_addr(o, t->l3, &t->src);
	ob_str(o, "\"");
	kv_addr(o, "dst", t->l3, &t->dst);
	switch (t->l4) {
	case IPPROTO_TCP: case IPPROTO_UDP: case IPPROTO_UDPLITE:
	case IPPROTO_SCTP: case IPPROTO_DCCP:
		kv_u64(o, "sport", ntohs(t->sport));
		kv_u64(o, "dport", ntohs(t->dport));
		break;
	case IPPROTO_GRE:
		kv_u64(o, "srckey", ntohs(t->sport));
		kv_u64(o, "dstkey", ntohs(t->dport));
		break;
	case IPPROTO_ICMP: case IPPROTO_ICMPV6:
		kv_u64(o, "type", t->icmp_type);
		kv_u64(o, "code", t->icmp_code);
		kv_u64(o, "id", ntohs(t->sport));
		break;
	}
}

static void tuple(struct obuf *o, const char *name, const struct ct_entry *ct,
		  enum ct_dir dir)
{
	const struct ct_tuple *t = dir == CT_DIR_ORIG ? &ct->orig : &ct->repl;
	enum ct_field zone = dir == CT_DIR_ORIG ? CTF_ORIG_ZONE : CTF_REPL_ZONE;
	enum ct_field ctrs = dir == CT_DIR_ORIG ? CTF_ORIG_COUNTERS : CTF_REPL_COUNTERS;

	key(o, name);
	fmt_json_tuple(o, t);
	if (ct_has(ct, zone))
		kv_u64(o, "zone", t->zone);
	if (ct_has(ct, ctrs)) {
		kv_u64(o, "packets", ct->counters[dir].packets);
		kv_u64(o, "bytes", ct->counters[dir].bytes);
	}
	ob_chr(o, '}');
}

static void status(struct obuf *o, uint32_t s)
{
	static const struct { uint32_t bit; const char *name; } bits[] = {
		{ CT_S_EXPECTED, "EXPECTED" }, { CT_S_SEEN_REPLY, "SEEN_REPLY" },
		{ CT_S_ASSURED, "ASSURED" }, { CT_S_CONFIRMED, "CONFIRMED" },
		{ CT_S_SRC_NAT, "SRC_NAT" }, { CT_S_DST_NAT, "DST_NAT" },
		{ 1u << 6, "SEQ_ADJUST" }, { CT_S_SRC_NAT_DONE, "SRC_NAT_DONE" },
		{ CT_S_DST_NAT_DONE, "DST_NAT_DONE" }, { 1u << 9, "DYING" },
		{ CT_S_FIXED_TIMEOUT, "FIXED_TIMEOUT" }, { 1u << 11, "TEMPLATE" },
		{ 1u << 12, "NAT_CLASH" }, { 1u << 13, "HELPER" },
		{ CT_S_OFFLOAD, "OFFLOAD" }, { CT_S_HW_OFFLOAD, "HW_OFFLOAD" },
	};
	const char *sep = "";

	key(o, "status");
	ob_chr(o, '[');
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		if (!(s & bits[i].bit))
			continue;
		ob_str(o, sep);
		ob_json_str(o, bits[i].name);
		sep = ",";
	}
	ob_chr(o, ']');
	kv_bool(o, "assured", s & CT_S_ASSURED);
	kv_bool(o, "unreplied", !(s & CT_S_SEEN_REPLY));
}

static void labels(struct obuf *o, const struct ct_entry *ct,
		   struct nfct_labelmap *map)
{
	const char *sep = "";

	key(o, "labels");
	ob_chr(o, '[');
	for (unsigned int bit = 0; bit < ct->labels_words * 32u; bit++) {
		const char *name;

		if (!ct_label_test(ct->labels, bit))
			continue;
		name = map ? nfct_labelmap_get_name(map, bit) : NULL;
		ob_str(o, sep);
		sep = ",";
		if (name && *name)
			ob_json_str(o, name);
		else
			ob_u64(o, bit);	/* unnamed: the bit number */
	}
	ob_chr(o, ']');
}

static void state(struct obuf *o, const struct ct_entry *ct)
{
	if (ct_has(ct, CTF_TCP_STATE))
		kv_str(o, "state", name_tcp_state(ct->state));
	else if (ct_has(ct, CTF_SCTP_STATE))
		kv_str(o, "state", name_sctp_state(ct->state));
	else if (ct_has(ct, CTF_DCCP_STATE))
		kv_str(o, "state", name_dccp_state(ct->state));
	if (ct_has(ct, CTF_DCCP_ROLE) && ct->dccp_role < 2)
		kv_str(o, "role", names_dccp_role[ct->dccp_role]);
	if (ct_has(ct, CTF_SCTP_VTAG_ORIG))
		kv_u64(o, "orig_vtag", ntohl(ct->sctp_vtag[0]));
	if (ct_has(ct, CTF_SCTP_VTAG_REPL))
		kv_u64(o, "reply_vtag", ntohl(ct->sctp_vtag[1]));
}

static void times(struct obuf *o, const struct ct_entry *ct,
		  const struct fmt_ctx *fc)
{
	if (ct_has(ct, CTF_TS_START)) {
		long long stop = ct->ts_stop ? (long long)(ct->ts_stop / 1000000000ull)
			       : (fc->now ? fc->now : (long long)time(NULL));

		kv_u64(o, "delta_time",
		       (uint64_t)(stop - (long long)(ct->ts_start / 1000000000ull)));
	}
	if (fc->flags & FMT_F_KTIMESTAMP) {
		if (ct_has(ct, CTF_TS_START))
			kv_u64(o, "start_ns", ct->ts_start);
		if (ct_has(ct, CTF_TS_STOP))
			kv_u64(o, "stop_ns", ct->ts_stop);
	}
}

/*
 * Was the source (or destination) translated? The address, or the port
 * where the protocol has ports, or for ICMP the id. (Not the
 * libnetfilter_conntrack port predicates, which compare an ICMP id with
 * type/code bytes, a quirk --src-nat keeps but JSON need not.)
 */
static bool nat(const struct ct_entry *ct, uint32_t done, bool src)
{
	const struct ct_tuple *o = &ct->orig, *r = &ct->repl;

	if (ct_has(ct, CTF_STATUS) && !(ct->status & done))
		return false;
	if (src ? ct_is_snat(ct) : ct_is_dnat(ct))
		return true;
	if (ct_proto_has_ports(o->l4))
		return src ? r->dport != o->sport : r->sport != o->dport;
	if (o->l4 == IPPROTO_ICMP || o->l4 == IPPROTO_ICMPV6)
		return r->sport != o->sport;	/* the id */
	return false;
}

void fmt_json(struct obuf *o, const struct ct_entry *ct, enum fmt_msg msg,
	      const struct fmt_ctx *fc, const struct fmt_json_extra *ex)
{
	static const char *const event[] = { [FMT_MSG_NEW] = "new",
		[FMT_MSG_UPDATE] = "update", [FMT_MSG_DESTROY] = "destroy" };

	ob_str(o, "{\"version\":");
	ob_u64(o, FMT_JSON_VERSION);
	if (msg != FMT_MSG_NONE)
		kv_str(o, "event", event[msg]);
	if (ex && ex->time) {
		struct timeval tv;

		gettimeofday(&tv, NULL);
		key(o, "time");
		ob_printf(o, "%ld.%06ld", (long)tv.tv_sec, (long)tv.tv_usec);
	}
	kv_str(o, "family", name_l3(ct->orig.l3));
	if (fc->flags & FMT_F_EXTENDED)
		kv_u64(o, "l3protonum", ct->orig.l3);
	kv_str(o, "proto", name_l4(ct->orig.l4));
	kv_u64(o, "protonum", ct->orig.l4);
	if (ct_has(ct, CTF_TIMEOUT))
		kv_u64(o, "timeout", ct->timeout);
	state(o, ct);
	tuple(o, "orig", ct, CT_DIR_ORIG);
	tuple(o, "reply", ct, CT_DIR_REPL);
	if (ct_has(ct, CTF_STATUS)) {
		status(o, ct->status);
		kv_bool(o, "offload", ct->status & (CT_S_OFFLOAD | CT_S_HW_OFFLOAD));
	}
	kv_bool(o, "snat", nat(ct, CT_S_SRC_NAT_DONE, true));
	kv_bool(o, "dnat", nat(ct, CT_S_DST_NAT_DONE, false));
	if (ct_has(ct, CTF_MARK))
		kv_u64(o, "mark", ct->mark);
	if (ct_has(ct, CTF_SECMARK))
		kv_u64(o, "secmark", ct->secmark);
	if (ct_has(ct, CTF_SECCTX))
		kv_str(o, "secctx", ct->secctx);
	if (ct_has(ct, CTF_ZONE))
		kv_u64(o, "zone", ct->zone);
	times(o, ct, fc);
	if (ct_has(ct, CTF_HELPER))
		kv_str(o, "helper", ct->helper);
	if (ct_has(ct, CTF_USE))
		kv_u64(o, "use", ct->use);
	if ((fc->flags & FMT_F_ID) && ct_has(ct, CTF_ID))
		kv_u64(o, "id", ct->id);
	if (ex && ex->labels && ct_has(ct, CTF_LABELS))
		labels(o, ct, fc->labels);
	if (ex && ex->portid) {
		kv_u64(o, "portid", ex->portid);
		if (ex->progname)
			kv_str(o, "progname", ex->progname);
	}
	ob_chr(o, '}');
}
