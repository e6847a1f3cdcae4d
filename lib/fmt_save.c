/*
 * fmt_save.c - the "save" format (-o save): each entry as the conntrack
 * command line that recreates it, so that `conntrack -L -o save` output
 * can be fed back with -R. Option order and spelling follow conntrack
 * 1.4.7; NATed reply addresses are written as -g/-n.
 */
#include <string.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "fmt.h"
#include "names.h"

static void opt_u64(struct obuf *o, const char *opt, uint64_t v)
{
	ob_str(o, opt);
	ob_chr(o, ' ');
	ob_u64(o, v);
	ob_chr(o, ' ');
}

static void opt_str(struct obuf *o, const char *opt, const char *v)
{
	ob_str(o, opt);
	ob_chr(o, ' ');
	/* An unnamed state prints as "(null)", as printf does in the
	 * reference; -R then rejects it rather than guessing. */
	ob_str(o, v ? v : "(null)");
	ob_chr(o, ' ');
}

static void opt_addr(struct obuf *o, const char *opt, uint8_t l3,
		     const union ct_addr *a)
{
	ob_str(o, opt);
	ob_chr(o, ' ');
	ob_addr(o, l3, a);
	ob_chr(o, ' ');
}

static void status(struct obuf *o, uint32_t s)
{
	static const struct { uint32_t bit; const char *name; } bits[] = {
		{ CT_S_EXPECTED, "EXPECTED" }, { CT_S_SEEN_REPLY, "SEEN_REPLY" },
		{ CT_S_ASSURED, "ASSURED" }, { CT_S_FIXED_TIMEOUT, "FIXED_TIMEOUT" },
	};
	const char *sep = " ";

	ob_str(o, "-u");
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		if (!(s & bits[i].bit))
			continue;
		ob_str(o, sep);
		ob_str(o, bits[i].name);
		sep = ",";
	}
	ob_str(o, *sep == ' ' ? " UNSET " : " ");
}

static void ports(struct obuf *o, const struct ct_entry *ct, const char *const opt[4])
{
	if (ct_has(ct, CTF_ORIG_SPORT))
		opt_u64(o, opt[0], ntohs(ct->orig.sport));
	if (ct_has(ct, CTF_ORIG_DPORT))
		opt_u64(o, opt[1], ntohs(ct->orig.dport));
	if (ct_has(ct, CTF_REPL_SPORT))
		opt_u64(o, opt[2], ntohs(ct->repl.sport));
	if (ct_has(ct, CTF_REPL_DPORT))
		opt_u64(o, opt[3], ntohs(ct->repl.dport));
}

static const char *pick(const char *const *t, unsigned int n, uint8_t i)
{
	return i < n ? t[i] : NULL;
}

static void icmp(struct obuf *o, const struct ct_entry *ct, const char *const opt[3])
{
	if (ct_has(ct, CTF_ICMP_TYPE))
		opt_u64(o, opt[0], ct->orig.icmp_type);
	if (ct_has(ct, CTF_ICMP_CODE))
		opt_u64(o, opt[1], ct->orig.icmp_code);
	if (ct_has(ct, CTF_ICMP_ID))
		opt_u64(o, opt[2], ntohs(ct->orig.sport));
}

static void l4(struct obuf *o, const struct ct_entry *ct)
{
	static const char *const port_opt[4] = { "--sport", "--dport",
		"--reply-port-src", "--reply-port-dst" };
	static const char *const key_opt[4] = { "--srckey", "--dstkey",
		"--reply-key-src", "--reply-key-dst" };
	static const char *const icmp_opt[3] = { "--icmp-type", "--icmp-code",
		"--icmp-id" };
	static const char *const icmp6_opt[3] = { "--icmpv6-type",
		"--icmpv6-code", "--icmpv6-id" };
	uint8_t p = ct->orig.l4;

	ob_str(o, "-p ");
	if (!strcmp(name_l4(p), "unknown")) {
		ob_u64(o, p);
		ob_chr(o, ' ');
		return;
	}
	ob_str(o, name_l4(p));
	ob_chr(o, ' ');
	switch (p) {
	case IPPROTO_TCP:
		ports(o, ct, port_opt);
		if (ct_has(ct, CTF_TCP_STATE))
			opt_str(o, "--state", pick(names_tcp_state, NAMES_TCP_STATES, ct->state));
		break;
	case IPPROTO_UDP: case IPPROTO_UDPLITE:
		ports(o, ct, port_opt);
		break;
	case IPPROTO_SCTP:
		ports(o, ct, port_opt);
		/* The reference's save table names only the first 8 states. */
		if (ct_has(ct, CTF_SCTP_STATE))
			opt_str(o, "--state", pick(names_sctp_state, 8, ct->state));
		if (ct_has(ct, CTF_SCTP_VTAG_ORIG))
			opt_u64(o, "--orig-vtag", ntohl(ct->sctp_vtag[0]));
		if (ct_has(ct, CTF_SCTP_VTAG_REPL))
			opt_u64(o, "--reply-vtag", ntohl(ct->sctp_vtag[1]));
		break;
	case IPPROTO_DCCP:
		ports(o, ct, port_opt);
		if (ct_has(ct, CTF_DCCP_STATE))
			opt_str(o, "--state", pick(names_dccp_state, NAMES_DCCP_STATES, ct->state));
		if (ct_has(ct, CTF_DCCP_ROLE))
			opt_str(o, "--role", pick(names_dccp_role, 2, ct->dccp_role));
		break;
	case IPPROTO_ICMP:
		icmp(o, ct, icmp_opt);
		break;
	case IPPROTO_ICMPV6:
		icmp(o, ct, icmp6_opt);
		break;
	case IPPROTO_GRE:
		ports(o, ct, key_opt);
		break;
	}
}

int fmt_save(struct obuf *o, const struct ct_entry *ct, enum fmt_msg msg)
{
	static const char *const cmd[] = { [FMT_MSG_NONE] = "",
		[FMT_MSG_NEW] = "-A ", [FMT_MSG_UPDATE] = "-U ",
		[FMT_MSG_DESTROY] = "-D " };
	uint8_t l3 = ct->orig.l3 ? ct->orig.l3 : ct->repl.l3;

	ob_str(o, cmd[msg]);
	if (ct_has(ct, CTF_TIMEOUT))
		opt_u64(o, "-t", ct->timeout);
	if (ct_has(ct, CTF_STATUS))
		status(o, ct->status);
	if (ct_has(ct, CTF_SECMARK))
		opt_u64(o, "-c", ct->secmark);
	if (ct_has(ct, CTF_ZONE))
		opt_u64(o, "-w", ct->zone);
	if (ct_has(ct, CTF_ORIG_ZONE))
		opt_u64(o, "--orig-zone", ct->orig.zone);
	if (ct_has(ct, CTF_REPL_ZONE))
		opt_u64(o, "--reply-zone", ct->repl.zone);
	if (l3 != AF_INET && l3 != AF_INET6)
		return -1;	/* the reference stops here, untrimmed */
	if (ct_has(ct, CTF_ORIG_SRC))
		opt_addr(o, "-s", l3, &ct->orig.src);
	if (ct_has(ct, CTF_ORIG_DST))
		opt_addr(o, "-d", l3, &ct->orig.dst);
	if (ct_has(ct, CTF_REPL_SRC))
		opt_addr(o, ct_is_dnat(ct) ? "-g" : "-r", l3, &ct->repl.src);
	if (ct_has(ct, CTF_REPL_DST))
		opt_addr(o, ct_is_snat(ct) ? "-n" : "-q", l3, &ct->repl.dst);
	l4(o, ct);
	while (o->len && o->p[o->len - 1] == ' ')
		o->len--;
	return 0;
}
