/*
 * fmt_exp.c - expectations in the default and XML formats of conntrack
 * -L expect / -E expect, byte for byte as libnetfilter_conntrack 1.0.x
 * prints them for conntrack-tools 1.4.x.
 */
#include <time.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "fmt.h"
#include "fmt_exp.h"
#include "names.h"

void fmt_exp_default(struct obuf *o, const struct ct_expect *e, enum fmt_msg msg)
{
	static const char *const tag[] = { [FMT_MSG_NEW] = "    [NEW] ",
		[FMT_MSG_UPDATE] = " [UPDATE] ", [FMT_MSG_DESTROY] = "[DESTROY] " };
	const char *sep = "";
	size_t start;

	ob_room(o, 1024);	/* one line never flushes half-way */
	start = o->len;
	if (msg != FMT_MSG_NONE)
		ob_str(o, tag[msg]);
	if (exp_has(e, EXPF_TIMEOUT))
		ob_printf(o, "%u ", e->timeout);
	ob_printf(o, "proto=%d ", e->tuple.l4);
	fmt_text_tuple(o, &e->tuple, "src", "dst");
	fmt_text_tuple(o, &e->mask, "mask-src", "mask-dst");
	fmt_text_tuple(o, &e->master, "master-src", "master-dst");
	if (exp_has(e, EXPF_ZONE))
		ob_printf(o, "zone=%u ", e->zone);
	if (e->flags & EXP_F_PERMANENT) {
		ob_str(o, "PERMANENT");
		sep = ",";
	}
	if (e->flags & EXP_F_INACTIVE) {
		ob_printf(o, "%sINACTIVE", sep);
		sep = ",";
	}
	if (e->flags & EXP_F_USERSPACE)
		ob_printf(o, "%sUSERSPACE", sep);
	if (e->flags)
		ob_chr(o, ' ');
	if (exp_has(e, EXPF_CLASS))
		ob_printf(o, "class=%u ", e->class);
	if (exp_has(e, EXPF_HELPER))
		ob_printf(o, "helper=%s", e->helper);
	if (o->len > start)
		ob_trim(o, ' ');
}

static void xml_addrs(struct obuf *o, const char *tag, const struct ct_tuple *t)
{
	ob_printf(o, "<%s><src>", tag);
	if (t->l3 == AF_INET || t->l3 == AF_INET6)
		ob_addr(o, t->l3, &t->src);
	ob_str(o, "</src><dst>");
	if (t->l3 == AF_INET || t->l3 == AF_INET6)
		ob_addr(o, t->l3, &t->dst);
	ob_printf(o, "</dst></%s>", tag);
}

static void xml_ports(struct obuf *o, const char *tag, const struct ct_tuple *t)
{
	ob_printf(o, "<%s>", tag);
	switch (t->l4) {
	case IPPROTO_TCP: case IPPROTO_UDP: case IPPROTO_UDPLITE:
	case IPPROTO_SCTP: case IPPROTO_DCCP:
		ob_printf(o, "<sport>%u</sport><dport>%u</dport>", ntohs(t->sport),
			  ntohs(t->dport));
		break;
	case IPPROTO_GRE:
		ob_printf(o, "<srckey>0x%x</srckey><dstkey>0x%x</dstkey>",
			  ntohs(t->sport), ntohs(t->dport));
		break;
	}
	ob_printf(o, "</%s>", tag);
}

void fmt_exp_xml(struct obuf *o, const struct ct_expect *e, enum fmt_msg msg,
		 bool when)
{
	static const char *const open[] = { [FMT_MSG_NONE] = "<flow>",
		[FMT_MSG_NEW] = "<flow type=\"new\">",
		[FMT_MSG_UPDATE] = "<flow type=\"update\">",
		[FMT_MSG_DESTROY] = "<flow type=\"destroy\">" };

	ob_str(o, open[msg]);
	ob_printf(o, "<layer3 protonum=\"%d\" protoname=\"%s\">", e->tuple.l3,
		  name_l3(e->tuple.l3));
	xml_addrs(o, "expected", &e->tuple);
	xml_addrs(o, "mask", &e->mask);
	xml_addrs(o, "master", &e->master);
	ob_printf(o, "</layer3><layer4 protonum=\"%d\" protoname=\"%s\">",
		  e->tuple.l4, name_l4(e->tuple.l4));
	xml_ports(o, "expected", &e->tuple);
	xml_ports(o, "mask", &e->mask);
	xml_ports(o, "master", &e->master);
	ob_str(o, "</layer4><meta>");
	if (exp_has(e, EXPF_HELPER))
		ob_printf(o, "<helper-name>%s</helper-name>", e->helper);
	if (exp_has(e, EXPF_TIMEOUT))
		ob_printf(o, "<timeout>%u</timeout>", e->timeout);
	if (exp_has(e, EXPF_CLASS))
		ob_printf(o, "<class>%u</class>", e->class);
	if (exp_has(e, EXPF_ZONE))
		ob_printf(o, "<zone>%u</zone>", e->zone);
	if (when) {
		time_t t = time(NULL);
		struct tm tm;

		if (localtime_r(&t, &tm))
			ob_printf(o, "<when><hour>%d</hour><min>%02d</min>"
				  "<sec>%02d</sec><wday>%d</wday><day>%d</day>"
				  "<month>%d</month><year>%d</year></when>",
				  tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday + 1,
				  tm.tm_mday, tm.tm_mon + 1, 1900 + tm.tm_year);
	}
	if (e->flags & EXP_F_PERMANENT)
		ob_str(o, "<permanent/>");
	if (e->flags & EXP_F_INACTIVE)
		ob_str(o, "<inactive/>");
	if (e->flags & EXP_F_USERSPACE)
		ob_str(o, "<userspace/>");
	ob_str(o, "</meta></flow>");
}

static void json_tuple(struct obuf *o, const char *name, const struct ct_tuple *t)
{
	ob_str(o, ",\"");
	ob_str(o, name);
	ob_str(o, "\":");
	fmt_json_tuple(o, t);
	ob_chr(o, '}');
}

void fmt_exp_json(struct obuf *o, const struct ct_expect *e, enum fmt_msg msg,
		  bool time_now)
{
	static const char *const event[] = { [FMT_MSG_NEW] = "new",
		[FMT_MSG_UPDATE] = "update", [FMT_MSG_DESTROY] = "destroy" };
	static const struct { uint32_t bit; const char *name; } flags[] = {
		{ EXP_F_PERMANENT, "PERMANENT" }, { EXP_F_INACTIVE, "INACTIVE" },
		{ EXP_F_USERSPACE, "USERSPACE" } };
	const char *sep = "";

	ob_printf(o, "{\"version\":%d,\"table\":\"expect\"", FMT_JSON_VERSION);
	if (msg != FMT_MSG_NONE)
		ob_printf(o, ",\"event\":\"%s\"", event[msg]);
	if (time_now) {
		struct timeval tv;

		gettimeofday(&tv, NULL);
		ob_printf(o, ",\"time\":%ld.%06ld", (long)tv.tv_sec, (long)tv.tv_usec);
	}
	ob_printf(o, ",\"family\":\"%s\",\"proto\":\"%s\",\"protonum\":%u",
		  name_l3(e->tuple.l3), name_l4(e->tuple.l4), e->tuple.l4);
	if (exp_has(e, EXPF_TIMEOUT))
		ob_printf(o, ",\"timeout\":%u", e->timeout);
	json_tuple(o, "expected", &e->tuple);
	json_tuple(o, "mask", &e->mask);
	json_tuple(o, "master", &e->master);
	if (exp_has(e, EXPF_ZONE))
		ob_printf(o, ",\"zone\":%u", e->zone);
	ob_str(o, ",\"flags\":[");
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (!(e->flags & flags[i].bit))
			continue;
		ob_printf(o, "%s\"%s\"", sep, flags[i].name);
		sep = ",";
	}
	ob_chr(o, ']');
	if (exp_has(e, EXPF_CLASS))
		ob_printf(o, ",\"class\":%u", e->class);
	if (exp_has(e, EXPF_HELPER)) {
		ob_str(o, ",\"helper\":");
		ob_json_str(o, e->helper);
	}
	ob_chr(o, '}');
}
