/*
 * fmt_xml.c - the XML format of conntrack -L/-E -o xml.
 *
 * Layout follows libnetfilter_conntrack 1.0.x's XML printer, quirks
 * included: the protocol state of SCTP and DCCP entries is named from the
 * TCP state table, and reply counters are printed only when the original
 * ones are present.
 */
#include <time.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "fmt.h"
#include "names.h"

static void open_tag(struct obuf *o, const char *tag)
{
	ob_chr(o, '<');
	ob_str(o, tag);
	ob_chr(o, '>');
}

static void close_tag(struct obuf *o, const char *tag)
{
	ob_str(o, "</");
	ob_str(o, tag);
	ob_chr(o, '>');
}

static void elem_u64(struct obuf *o, const char *tag, uint64_t v)
{
	open_tag(o, tag);
	ob_u64(o, v);
	close_tag(o, tag);
}

static void elem_str(struct obuf *o, const char *tag, const char *v)
{
	open_tag(o, tag);
	ob_str(o, v);
	close_tag(o, tag);
}

static void elem_addr(struct obuf *o, const char *tag, uint8_t l3,
		      const union ct_addr *a)
{
	open_tag(o, tag);
	if (l3 == AF_INET || l3 == AF_INET6)
		ob_addr(o, l3, a);
	close_tag(o, tag);
}

/* <layerN protonum="num" protoname="name"> */
static void layer(struct obuf *o, char n, unsigned int num, const char *name)
{
	ob_str(o, "<layer");
	ob_chr(o, n);
	ob_str(o, " protonum=\"");
	ob_u64(o, num);
	ob_str(o, "\" protoname=\"");
	ob_str(o, name);
	ob_str(o, "\">");
}

static void tuple(struct obuf *o, const struct ct_entry *ct, enum ct_dir dir)
{
	const struct ct_tuple *t = dir == CT_DIR_ORIG ? &ct->orig : &ct->repl;
	bool zone = ct_has(ct, dir == CT_DIR_ORIG ? CTF_ORIG_ZONE : CTF_REPL_ZONE);

	ob_str(o, dir == CT_DIR_ORIG ? "<meta direction=\"original\">"
				     : "<meta direction=\"reply\">");
	layer(o, '3', t->l3, name_l3(t->l3));
	elem_addr(o, "src", t->l3, &t->src);
	elem_addr(o, "dst", t->l3, &t->dst);
	ob_str(o, "</layer3>");
	layer(o, '4', t->l4, name_l4(t->l4));
	switch (t->l4) {
	case IPPROTO_TCP: case IPPROTO_UDP: case IPPROTO_UDPLITE:
	case IPPROTO_SCTP: case IPPROTO_DCCP:
		elem_u64(o, "sport", ntohs(t->sport));
		elem_u64(o, "dport", ntohs(t->dport));
		break;
	case IPPROTO_GRE:
		ob_str(o, "<srckey>0x");
		ob_hex(o, ntohs(t->sport));
		ob_str(o, "</srckey><dstkey>0x");
		ob_hex(o, ntohs(t->dport));
		ob_str(o, "</dstkey>");
		break;
	}
	ob_str(o, "</layer4>");
	if (zone)
		elem_u64(o, "zone", t->zone);
	if (ct_has(ct, CTF_ORIG_COUNTERS)) {
		ob_str(o, "<counters>");
		elem_u64(o, "packets", ct->counters[dir].packets);
		elem_u64(o, "bytes", ct->counters[dir].bytes);
		ob_str(o, "</counters>");
	}
	ob_str(o, "</meta>");
}

static void when(struct obuf *o)
{
	time_t t = time(NULL);
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return;
	ob_printf(o, "<when><hour>%d</hour><min>%02d</min><sec>%02d</sec>"
		  "<wday>%d</wday><day>%d</day><month>%d</month>"
		  "<year>%d</year></when>", tm.tm_hour, tm.tm_min, tm.tm_sec,
		  tm.tm_wday + 1, tm.tm_mday, tm.tm_mon + 1, 1900 + tm.tm_year);
}

static void timestamps(struct obuf *o, const struct ct_entry *ct,
		       const struct fmt_ctx *fc)
{
	bool start = ct_has(ct, CTF_TS_START), stop = ct_has(ct, CTF_TS_STOP);

	if ((fc->flags & FMT_F_KTIMESTAMP) && (start || stop)) {
		ob_str(o, "<timestamp>");
		if (start)
			elem_u64(o, "start", ct->ts_start);
		if (stop)
			elem_u64(o, "stop", ct->ts_stop);
		ob_str(o, "</timestamp>");
	}
	if (start && stop) {
		elem_u64(o, "deltatime",
			 (uint64_t)(long long)((ct->ts_stop - ct->ts_start) / 1000000000ull));
	} else if (start) {
		long long now = fc->now ? fc->now : (long long)time(NULL);

		elem_u64(o, "deltatime",
			 (uint64_t)(now - (long long)(ct->ts_start / 1000000000ull)));
	}
}

void fmt_xml(struct obuf *o, const struct ct_entry *ct, enum fmt_msg msg,
	     const struct fmt_ctx *fc)
{
	static const char *const open[] = {
		[FMT_MSG_NONE] = "<flow>", [FMT_MSG_NEW] = "<flow type=\"new\">",
		[FMT_MSG_UPDATE] = "<flow type=\"update\">",
		[FMT_MSG_DESTROY] = "<flow type=\"destroy\">",
	};
	const uint64_t meta = CT_BIT(CTF_TCP_STATE) | CT_BIT(CTF_SCTP_STATE) |
		CT_BIT(CTF_DCCP_STATE) | CT_BIT(CTF_TIMEOUT) | CT_BIT(CTF_MARK) |
		CT_BIT(CTF_SECMARK) | CT_BIT(CTF_ZONE) | CT_BIT(CTF_USE) |
		CT_BIT(CTF_STATUS) | CT_BIT(CTF_ID) | CT_BIT(CTF_LABELS) |
		CT_BIT(CTF_TS_START) | CT_BIT(CTF_TS_STOP);
	bool has_meta = (ct->present & meta) != 0;

	ob_str(o, open[msg]);
	tuple(o, ct, CT_DIR_ORIG);
	tuple(o, ct, CT_DIR_REPL);
	if (has_meta)
		ob_str(o, "<meta direction=\"independent\">");
	if (ct->present & (CT_BIT(CTF_TCP_STATE) | CT_BIT(CTF_SCTP_STATE) |
			   CT_BIT(CTF_DCCP_STATE)))
		elem_str(o, "state", name_tcp_state(ct->state));
	if (ct_has(ct, CTF_TIMEOUT))
		elem_u64(o, "timeout", ct->timeout);
	if (ct_has(ct, CTF_MARK))
		elem_u64(o, "mark", ct->mark);
	if (fc->labels && ct_has(ct, CTF_LABELS)) {
		ob_str(o, "<labels>");
		fmt_label_names(o, fc->labels, ct->labels, ct->labels_words,
				NULL, "<label>", "</label>");
		ob_str(o, "</labels>");
	}
	if (ct_has(ct, CTF_SECMARK))
		elem_u64(o, "secmark", ct->secmark);
	if (ct_has(ct, CTF_SECCTX))
		elem_str(o, "secctx", ct->secctx);
	if (ct_has(ct, CTF_ZONE))
		elem_u64(o, "zone", ct->zone);
	if (ct_has(ct, CTF_USE))
		elem_u64(o, "use", ct->use);
	if (ct_has(ct, CTF_ID))
		elem_u64(o, "id", ct->id);
	if (ct_has(ct, CTF_STATUS) && (ct->status & CT_S_ASSURED))
		ob_str(o, "<assured/>");
	if (ct_has(ct, CTF_STATUS) && !(ct->status & CT_S_SEEN_REPLY))
		ob_str(o, "<unreplied/>");
	timestamps(o, ct, fc);
	if (has_meta)
		ob_str(o, "</meta>");
	if (fc->flags & FMT_F_TIME)
		when(o);
	if (ct_has(ct, CTF_HELPER))
		elem_str(o, "helper", ct->helper);
	ob_str(o, "</flow>");
}
