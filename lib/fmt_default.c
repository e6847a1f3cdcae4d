/*
 * fmt_default.c - the default one-line format of conntrack -L/-E.
 *
 * Field order and spelling follow libnetfilter_conntrack 1.0.x's
 * default printer, which the reference tool uses; every field ends in a
 * space and the last space is trimmed.
 */
#include <string.h>
#include <time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>

#include "fmt.h"
#include "names.h"

static void kv(struct obuf *o, const char *key, uint64_t v)
{
	ob_str(o, key);
	ob_u64(o, v);
	ob_chr(o, ' ');
}

void fmt_text_tuple(struct obuf *o, const struct ct_tuple *t, const char *src,
		    const char *dst)
{
	if (t->l3 == AF_INET || t->l3 == AF_INET6) {
		ob_str(o, src);
		ob_chr(o, '=');
		ob_addr(o, t->l3, &t->src);
		ob_chr(o, ' ');
		ob_str(o, dst);
		ob_chr(o, '=');
		ob_addr(o, t->l3, &t->dst);
		ob_chr(o, ' ');
	}
	switch (t->l4) {
	case IPPROTO_TCP: case IPPROTO_UDP: case IPPROTO_UDPLITE:
	case IPPROTO_SCTP: case IPPROTO_DCCP:
		kv(o, "sport=", ntohs(t->sport));
		kv(o, "dport=", ntohs(t->dport));
		break;
	case IPPROTO_GRE:
		ob_str(o, "srckey=0x");
		ob_hex(o, ntohs(t->sport));
		ob_str(o, " dstkey=0x");
		ob_hex(o, ntohs(t->dport));
		ob_chr(o, ' ');
		break;
	case IPPROTO_ICMP: case IPPROTO_ICMPV6:
		kv(o, "type=", t->icmp_type);
		kv(o, "code=", t->icmp_code);
		kv(o, "id=", ntohs(t->sport));
		break;
	}
}

static void counters(struct obuf *o, const struct ct_counter *c)
{
	kv(o, "packets=", c->packets);
	kv(o, "bytes=", c->bytes);
}

/* ctime() without its newline, as "[start=...]" prints it. */
static void bracket_time(struct obuf *o, const char *key, uint64_t ns)
{
	time_t t = (time_t)(ns / 1000000000ull);
	char buf[32];

	ob_str(o, key);
	if (ctime_r(&t, buf)) {
		size_t n = strlen(buf);

		if (n && buf[n - 1] == '\n')
			buf[n - 1] = '\0';
		ob_str(o, buf);
	}
	ob_str(o, "] ");
}

void fmt_label_names(struct obuf *o, struct nfct_labelmap *map,
		     const uint32_t *words, unsigned int nwords,
		     const char *first, const char *before, const char *after)
{
	for (unsigned int bit = 0; bit < nwords * 32; bit++) {
		const char *name;

		if (!ct_label_test(words, bit))
			continue;
		name = nfct_labelmap_get_name(map, bit);
		if (!name || !*name)
			continue;
		ob_str(o, first ? first : before);
		first = NULL;
		ob_str(o, name);
		ob_str(o, after);
	}
}

static void prefix(struct obuf *o, enum fmt_msg msg)
{
	static const char *const tag[] = {
		[FMT_MSG_NEW] = "    [NEW] ",
		[FMT_MSG_UPDATE] = " [UPDATE] ",
		[FMT_MSG_DESTROY] = "[DESTROY] ",
	};

	if (msg != FMT_MSG_NONE)
		ob_str(o, tag[msg]);
}

static void padded_name(struct obuf *o, const char *name, unsigned int num)
{
	size_t n = strlen(name);

	ob_str(o, name);
	for (; n < 8; n++)
		ob_chr(o, ' ');
	ob_chr(o, ' ');
	ob_u64(o, num);
	ob_chr(o, ' ');
}

static void tail(struct obuf *o, const struct ct_entry *ct,
		 const struct fmt_ctx *fc)
{
	if (ct_has(ct, CTF_STATUS)) {
		if (ct->status & CT_S_HW_OFFLOAD)
			ob_str(o, "[HW_OFFLOAD] ");
		else if (ct->status & CT_S_OFFLOAD)
			ob_str(o, "[OFFLOAD] ");
		else if (ct->status & CT_S_ASSURED)
			ob_str(o, "[ASSURED] ");
	}
	if (ct_has(ct, CTF_MARK))
		kv(o, "mark=", ct->mark);
	if (ct_has(ct, CTF_SECMARK))
		kv(o, "secmark=", ct->secmark);
	if (ct_has(ct, CTF_SECCTX)) {
		ob_str(o, "secctx=");
		ob_str(o, ct->secctx);
		ob_chr(o, ' ');
	}
	if (ct_has(ct, CTF_ZONE))
		kv(o, "zone=", ct->zone);
	if (ct_has(ct, CTF_TS_START)) {
		long long stop = ct->ts_stop ? (long long)(ct->ts_stop / 1000000000ull)
			       : (fc->now ? fc->now : (long long)time(NULL));

		kv(o, "delta-time=",
		   (uint64_t)(stop - (long long)(ct->ts_start / 1000000000ull)));
	}
	if (fc->flags & FMT_F_KTIMESTAMP) {
		if (ct_has(ct, CTF_TS_START))
			bracket_time(o, "[start=", ct->ts_start);
		if (ct_has(ct, CTF_TS_STOP))
			bracket_time(o, "[stop=", ct->ts_stop);
	}
	if (ct_has(ct, CTF_HELPER)) {
		ob_str(o, "helper=");
		ob_str(o, ct->helper);
		ob_chr(o, ' ');
	}
	if (ct_has(ct, CTF_USE))
		kv(o, "use=", ct->use);
	if ((fc->flags & FMT_F_ID) && ct_has(ct, CTF_ID))
		kv(o, "id=", ct->id);
	if (fc->labels && ct_has(ct, CTF_LABELS)) {
		/* "labels=a,b "; with no named label the reference prints
		 * "labels " (it trims the '=' as if it were a comma). */
		ob_str(o, "labels");
		fmt_label_names(o, fc->labels, ct->labels, ct->labels_words,
				"=", ",", "");
		ob_chr(o, ' ');
	}
}

void fmt_default(struct obuf *o, const struct ct_entry *ct, enum fmt_msg msg,
		 const struct fmt_ctx *fc)
{
	prefix(o, msg);
	if (fc->flags & FMT_F_EXTENDED)
		padded_name(o, name_l3(ct->orig.l3), ct->orig.l3);
	if (ct_has(ct, CTF_ORIG_L4))
		padded_name(o, name_l4(ct->orig.l4), ct->orig.l4);
	if (ct_has(ct, CTF_TIMEOUT))
		kv(o, "", ct->timeout);
	if (ct_has(ct, CTF_TCP_STATE)) {
		ob_str(o, name_tcp_state(ct->state));
		ob_chr(o, ' ');
	}
	if (ct_has(ct, CTF_SCTP_STATE)) {
		ob_str(o, name_sctp_state(ct->state));
		ob_chr(o, ' ');
	}
	if (ct_has(ct, CTF_DCCP_STATE)) {
		ob_str(o, name_dccp_state(ct->state));
		ob_chr(o, ' ');
	}
	fmt_text_tuple(o, &ct->orig, "src", "dst");
	if (ct_has(ct, CTF_ORIG_ZONE))
		kv(o, "zone-orig=", ct->orig.zone);
	if (ct_has(ct, CTF_ORIG_COUNTERS))
		counters(o, &ct->counters[CT_DIR_ORIG]);
	if (ct_has(ct, CTF_STATUS) && !(ct->status & CT_S_SEEN_REPLY))
		ob_str(o, "[UNREPLIED] ");
	fmt_text_tuple(o, &ct->repl, "src", "dst");
	if (ct_has(ct, CTF_REPL_ZONE))
		kv(o, "zone-reply=", ct->repl.zone);
	if (ct_has(ct, CTF_REPL_COUNTERS))
		counters(o, &ct->counters[CT_DIR_REPL]);
	tail(o, ct, fc);
	ob_trim(o, ' ');
}
