/*
 * proto_opts.c - per-protocol options of conntrack (-p tcp --dport 80 ...).
 *
 * Option names, legality tables and messages are conntrack-tools 1.4.7's,
 * including its lax number parsing (atoi), so that existing scripts get
 * the same result. Each protocol is a small table plus a parse function.
 */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "check.h"
#include "names.h"
#include "opts.h"
#include "proto_opts.h"
#include "report.h"

/* Which field a port-like option sets. */
enum port_slot { P_ORIG_SRC, P_ORIG_DST, P_REPL_SRC, P_REPL_DST,
		 P_MASK_SRC, P_MASK_DST, P_TUPLE_SRC, P_TUPLE_DST };

/* Set a port (or GRE key) and the protocol of the entry it belongs to, as
 * the reference does; tuple ports set the protocol to the port value (a
 * reference quirk kept for identical expectation requests). */
static void set_port(struct ct_cmd *cmd, enum port_slot slot, uint16_t port_be,
		     uint8_t proto, bool tuple_proto_is_port)
{
	struct ct_entry *e = slot >= P_TUPLE_SRC ? &cmd->exptuple :
			     slot >= P_MASK_SRC ? &cmd->mask : &cmd->tmpl;
	bool repl = slot == P_REPL_SRC || slot == P_REPL_DST;
	bool src = slot == P_ORIG_SRC || slot == P_REPL_SRC ||
		   slot == P_MASK_SRC || slot == P_TUPLE_SRC;
	struct ct_tuple *t = repl ? &e->repl : &e->orig;

	if (src) {
		t->sport = port_be;
		ct_set(e, repl ? CTF_REPL_SPORT : CTF_ORIG_SPORT);
	} else {
		t->dport = port_be;
		ct_set(e, repl ? CTF_REPL_DPORT : CTF_ORIG_DPORT);
	}
	t->l4 = slot >= P_TUPLE_SRC && tuple_proto_is_port ? (uint8_t)port_be : proto;
	ct_set(e, repl ? CTF_REPL_L4 : CTF_ORIG_L4);
}

static int find_name(const char *const *t, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (t[i] && strcmp(s, t[i]) == 0)
			return i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Port protocols: tcp, udp, udplite, sctp, dccp share codes 1..9.     */

enum { C_SPORT = 1, C_DPORT, C_RSPORT, C_RDPORT, C_MSPORT, C_MDPORT,
       C_STATE, C_TSPORT, C_TDPORT, C_EXTRA1, C_EXTRA2 };

static bool port_code(struct ct_cmd *cmd, int code, const char *arg,
		      uint8_t proto, bool tuple_quirk)
{
	uint16_t port = htons((uint16_t)(int)opts_atol(arg));

	switch (code) {
	case C_SPORT: set_port(cmd, P_ORIG_SRC, port, proto, false); break;
	case C_DPORT: set_port(cmd, P_ORIG_DST, port, proto, false); break;
	case C_RSPORT: set_port(cmd, P_REPL_SRC, port, proto, false); break;
	case C_RDPORT: set_port(cmd, P_REPL_DST, port, proto, false); break;
	case C_MSPORT: set_port(cmd, P_MASK_SRC, port, proto, false); break;
	case C_MDPORT: set_port(cmd, P_MASK_DST, port, proto, false); break;
	case C_TSPORT: set_port(cmd, P_TUPLE_SRC, port, proto, tuple_quirk); break;
	case C_TDPORT: set_port(cmd, P_TUPLE_DST, port, proto, tuple_quirk); break;
	default:
		return false;
	}
	return true;
}

/* Flag bits are numbered as the columns of each protocol's table. */
static void flag(struct ct_cmd *cmd, int bit)
{
	cmd->l4flags |= 1u << bit;
}

static const char *const pair_msgs_port[2] = {
	"you have to specify `--sport' and `--dport'",
	"you have to specify `--reply-src-port' and `--reply-dst-port'",
};

static void check_proto(const struct ct_cmd *cmd, unsigned int ncols,
			const char *const rows[CMD_MAX], const char *const *names,
			const char *const msgs[2], bool pairs)
{
	struct opt_pairs p = { { 0x3, 0xc }, { msgs ? msgs[0] : NULL,
					       msgs ? msgs[1] : NULL } };
	const char *row = cmd->kind < CMD_MAX && rows[cmd->kind] ? rows[cmd->kind] : "";

	check_options(cmd->l4flags, ncols, row, names, pairs ? &p : NULL);
}

/* tcp ---------------------------------------------------------------- */

static const struct option tcp_longopts[] = {
	{ "orig-port-src", 1, 0, '1' }, { "sport", 1, 0, '1' },
	{ "orig-port-dst", 1, 0, '2' }, { "dport", 1, 0, '2' },
	{ "reply-port-src", 1, 0, '3' }, { "reply-port-dst", 1, 0, '4' },
	{ "mask-port-src", 1, 0, '5' }, { "mask-port-dst", 1, 0, '6' },
	{ "state", 1, 0, '7' }, { "tuple-port-src", 1, 0, '8' },
	{ "tuple-port-dst", 1, 0, '9' }, { 0, 0, 0, 0 }
};

static const char *const tcp_names[] = { "sport", "dport", "reply-port-src",
	"reply-port-dst", "mask-port-src", "mask-port-dst", "state",
	"tuple-port-src", "tuple-port-dst", NULL };

/* Columns: sport dport rsport rdport msport mdport state tsport tdport */
static const char *const tcp_rows[CMD_MAX] = {
	[CMD_LIST] = "222200200", [CMD_CREATE] = "333300100",
	[CMD_UPDATE] = "222200200", [CMD_DELETE] = "222200200",
	[CMD_GET] = "333300200", [CMD_EVENT] = "222200200",
	[CMD_EXP_CREATE] = "110011011", [CMD_EXP_DELETE] = "1111",
	[CMD_EXP_GET] = "1111", [CMD_ADD] = "333300100",
};

static void tcp_parse(struct ct_cmd *cmd, int code, const char *arg)
{
	code -= '0';
	if (port_code(cmd, code, arg, IPPROTO_TCP, true)) {
		flag(cmd, code - 1);
		return;
	}
	if (code != C_STATE)
		return;
	int s = find_name(names_tcp_state, NAMES_TCP_STATES, arg);

	if (strcmp(arg, "LISTEN") == 0)
		s = 9;	/* LISTEN is SYN_SENT2's old name */
	if (s < 0)
		die(EXIT_PARAM, "unknown TCP state `%s'", arg);
	cmd->tmpl.state = (uint8_t)s;
	ct_set(&cmd->tmpl, CTF_TCP_STATE);
	flag(cmd, 6);
}

static void tcp_final(struct ct_cmd *cmd)
{
	/* TCP flags every manual entry gets: window tracking off (be
	 * liberal), SACK permitted, and close-init from TIME_WAIT on so a
	 * new connection may reuse the tuple. */
	uint8_t flags = 0x08 | 0x02;

	check_proto(cmd, 10, tcp_rows, tcp_names, pair_msgs_port, true);
	if ((ct_has(&cmd->tmpl, CTF_TCP_STATE) ? cmd->tmpl.state : 0) >= 7)
		flags |= 0x04;
	cmd->tmpl.tcp_flags = flags;
	ct_set(&cmd->tmpl, CTF_TCP_FLAGS);
}

static const struct proto_desc proto_tcp = {
	"tcp", IPPROTO_TCP, tcp_longopts, tcp_parse, tcp_final,
	"  --orig-port-src\t\toriginal source port\n"
	"  --orig-port-dst\t\toriginal destination port\n"
	"  --reply-port-src\t\treply source port\n"
	"  --reply-port-dst\t\treply destination port\n"
	"  --mask-port-src\t\tmask source port\n"
	"  --mask-port-dst\t\tmask destination port\n"
	"  --tuple-port-src\t\texpectation tuple src port\n"
	"  --tuple-port-src\t\texpectation tuple dst port\n"
	"  --state\t\t\tTCP state, fe. ESTABLISHED\n",
};

/* udp and udplite ------------------------------------------------------ */

static const struct option udp_longopts[] = {
	{ "orig-port-src", 1, 0, '1' }, { "sport", 1, 0, '1' },
	{ "orig-port-dst", 1, 0, '2' }, { "dport", 1, 0, '2' },
	{ "reply-port-src", 1, 0, '3' }, { "reply-port-dst", 1, 0, '4' },
	{ "mask-port-src", 1, 0, '5' }, { "mask-port-dst", 1, 0, '6' },
	{ "tuple-port-src", 1, 0, '7' }, { "tuple-port-dst", 1, 0, '8' },
	{ 0, 0, 0, 0 }
};

static const struct option udplite_longopts[] = {
	{ "orig-port-src", 1, 0, '1' }, { "orig-port-dst", 1, 0, '2' },
	{ "reply-port-src", 1, 0, '3' }, { "reply-port-dst", 1, 0, '4' },
	{ "mask-port-src", 1, 0, '5' }, { "mask-port-dst", 1, 0, '6' },
	{ "tuple-port-src", 1, 0, '7' }, { "tuple-port-dst", 1, 0, '8' },
	{ "sport", 1, 0, '1' }, { "dport", 1, 0, '2' }, { 0, 0, 0, 0 }
};

static const char *const udp_names[] = { "sport", "dport", "reply-port-src",
	"reply-port-dst", "mask-port-src", "mask-port-dst", "tuple-port-src",
	"tuple-port-dst", NULL, NULL, NULL };

/* Columns: sport dport rsport rdport msport mdport tsport tdport */
static const char *const udp_rows[CMD_MAX] = {
	[CMD_LIST] = "2222", [CMD_CREATE] = "3333", [CMD_UPDATE] = "2222",
	[CMD_DELETE] = "2222", [CMD_GET] = "3333", [CMD_EVENT] = "2222",
	[CMD_EXP_CREATE] = "11001111", [CMD_EXP_DELETE] = "1111",
	[CMD_EXP_GET] = "1111", [CMD_ADD] = "3333",
};

/* udp's codes 7 and 8 are the tuple ports (no state option). */
static void udp_like_parse(struct ct_cmd *cmd, int code, uint8_t proto,
			   const char *arg)
{
	code -= '0';
	if (code == 7 || code == 8)
		code += 1;	/* onto C_TSPORT/C_TDPORT */
	if (port_code(cmd, code, arg, proto, false))
		flag(cmd, code <= C_MDPORT ? code - 1 : code - 2);
}

static void udp_parse(struct ct_cmd *cmd, int code, const char *arg)
{
	udp_like_parse(cmd, code, IPPROTO_UDP, arg);
}

static void udplite_parse(struct ct_cmd *cmd, int code, const char *arg)
{
	udp_like_parse(cmd, code, IPPROTO_UDPLITE, arg);
}

static void udp_final(struct ct_cmd *cmd)
{
	check_proto(cmd, 9, udp_rows, udp_names, pair_msgs_port, true);
}

static void udplite_final(struct ct_cmd *cmd)
{
	check_proto(cmd, 11, udp_rows, udp_names, pair_msgs_port, true);
}

#define UDP_HELP \
	"  --orig-port-src\t\toriginal source port\n" \
	"  --orig-port-dst\t\toriginal destination port\n" \
	"  --reply-port-src\t\treply source port\n" \
	"  --reply-port-dst\t\treply destination port\n" \
	"  --mask-port-src\t\tmask source port\n" \
	"  --mask-port-dst\t\tmask destination port\n" \
	"  --tuple-port-src\t\texpectation tuple src port\n" \
	"  --tuple-port-src\t\texpectation tuple dst port\n"

static const struct proto_desc proto_udp = {
	"udp", IPPROTO_UDP, udp_longopts, udp_parse, udp_final, UDP_HELP,
};

static const struct proto_desc proto_udplite = {
	"udplite", IPPROTO_UDPLITE, udplite_longopts, udplite_parse,
	udplite_final, UDP_HELP,
};

/* sctp ------------------------------------------------------------------ */

static const struct option sctp_longopts[] = {
	{ "orig-port-src", 1, 0, 1 }, { "orig-port-dst", 1, 0, 2 },
	{ "reply-port-src", 1, 0, 3 }, { "reply-port-dst", 1, 0, 4 },
	{ "mask-port-src", 1, 0, 5 }, { "mask-port-dst", 1, 0, 6 },
	{ "state", 1, 0, 7 }, { "tuple-port-src", 1, 0, 8 },
	{ "tuple-port-dst", 1, 0, 9 }, { "orig-vtag", 1, 0, 10 },
	{ "reply-vtag", 1, 0, 11 }, { "sport", 1, 0, 1 }, { "dport", 1, 0, 2 },
	{ 0, 0, 0, 0 }
};

static const char *const sctp_names[] = { "sport", "dport", "reply-port-src",
	"reply-port-dst", "mask-port-src", "mask-port-dst", "state",
	"tuple-port-src", "tuple-port-dst", "orig-vtag", "reply-vtag", NULL,
	NULL, NULL };

/* Columns: sport dport rsport rdport msport mdport state tsport tdport
 * orig-vtag reply-vtag */
static const char *const sctp_rows[CMD_MAX] = {
	[CMD_LIST] = "222200200", [CMD_CREATE] = "33330010011",
	[CMD_UPDATE] = "22220020022", [CMD_DELETE] = "222200200",
	[CMD_GET] = "33330020022", [CMD_EVENT] = "222200200",
	[CMD_EXP_CREATE] = "11001101111", [CMD_EXP_DELETE] = "1111",
	[CMD_EXP_GET] = "1111", [CMD_ADD] = "33330010011",
};

static void sctp_parse(struct ct_cmd *cmd, int code, const char *arg)
{
	int s;

	if (port_code(cmd, code, arg, IPPROTO_SCTP, true)) {
		flag(cmd, code - 1);
		return;
	}
	switch (code) {
	case C_STATE:
		/* The reference names only the first 8 states here (and
		 * crashes on an unknown one; we report it instead). */
		s = find_name(names_sctp_state, 8, arg);
		if (s < 0)
			die(EXIT_PARAM, "unknown SCTP state `%s'", arg);
		cmd->tmpl.state = (uint8_t)s;
		ct_set(&cmd->tmpl, CTF_SCTP_STATE);
		flag(cmd, 6);
		break;
	case C_EXTRA1:
	case C_EXTRA2:
		/* Kept byte-swapped in host order, as the reference keeps it;
		 * the round trip through the kernel is consistent. */
		cmd->tmpl.sctp_vtag[code - C_EXTRA1] = htonl((uint32_t)atoi(arg));
		ct_set(&cmd->tmpl, code == C_EXTRA1 ? CTF_SCTP_VTAG_ORIG :
			CTF_SCTP_VTAG_REPL);
		flag(cmd, code - 1);
		break;
	}
}

static void sctp_final(struct ct_cmd *cmd)
{
	check_proto(cmd, 14, sctp_rows, sctp_names, pair_msgs_port, true);
}

static const struct proto_desc proto_sctp = {
	"sctp", IPPROTO_SCTP, sctp_longopts, sctp_parse, sctp_final,
	"  --orig-port-src\t\toriginal source port\n"
	"  --orig-port-dst\t\toriginal destination port\n"
	"  --reply-port-src\t\treply source port\n"
	"  --reply-port-dst\t\treply destination port\n"
	"  --mask-port-src\t\tmask source port\n"
	"  --mask-port-dst\t\tmask destination port\n"
	"  --tuple-port-src\t\texpectation tuple src port\n"
	"  --tuple-port-src\t\texpectation tuple dst port\n"
	"  --state\t\t\tSCTP state, fe. ESTABLISHED\n"
	"  --orig-vtag\t\toriginal verification tag\n"
	"  --reply-vtag\t\treply verification tag\n",
};

/* dccp ------------------------------------------------------------------ */

static const struct option dccp_longopts[] = {
	{ "orig-port-src", 1, 0, 1 }, { "orig-port-dst", 1, 0, 2 },
	{ "reply-port-src", 1, 0, 3 }, { "reply-port-dst", 1, 0, 4 },
	{ "mask-port-src", 1, 0, 5 }, { "mask-port-dst", 1, 0, 6 },
	{ "state", 1, 0, 7 }, { "tuple-port-src", 1, 0, 8 },
	{ "tuple-port-dst", 1, 0, 9 }, { "sport", 1, 0, 1 },
	{ "dport", 1, 0, 2 }, { "role", 1, 0, 10 }, { 0, 0, 0, 0 }
};

static const char *const dccp_names[] = { "sport", "dport", "reply-port-src",
	"reply-port-dst", "mask-port-src", "mask-port-dst", "state",
	"tuple-port-src", "tuple-port-dst", "role", NULL, NULL, NULL };

/* Columns: sport dport rsport rdport msport mdport state tsport tdport role */
static const char *const dccp_rows[CMD_MAX] = {
	[CMD_LIST] = "222200200", [CMD_CREATE] = "3333001001",
	[CMD_UPDATE] = "222200200", [CMD_DELETE] = "222200200",
	[CMD_GET] = "333300200", [CMD_EVENT] = "222200200",
	[CMD_EXP_CREATE] = "1100110111", [CMD_EXP_DELETE] = "1111",
	[CMD_EXP_GET] = "1111", [CMD_ADD] = "3333001001",
};

static void dccp_parse(struct ct_cmd *cmd, int code, const char *arg)
{
	size_t len = strlen(arg);
	int s;

	if (port_code(cmd, code, arg, IPPROTO_DCCP, true)) {
		flag(cmd, code - 1);
		return;
	}
	switch (code) {
	case C_STATE:
		s = find_name(names_dccp_state, NAMES_DCCP_STATES, arg);
		if (s < 0)
			die(EXIT_PARAM, "Unknown DCCP state `%s'", arg);
		cmd->tmpl.state = (uint8_t)s;
		ct_set(&cmd->tmpl, CTF_DCCP_STATE);
		flag(cmd, 6);
		break;
	case C_EXTRA1:
		/* Any prefix of the role's name, in any case. */
		if (strncasecmp(arg, "client", len) == 0)
			cmd->tmpl.dccp_role = 0;
		else if (strncasecmp(arg, "server", len) == 0)
			cmd->tmpl.dccp_role = 1;
		else
			die(EXIT_PARAM, "Unknown DCCP role `%s'", arg);
		ct_set(&cmd->tmpl, CTF_DCCP_ROLE);
		flag(cmd, 9);
		break;
	}
}

static const char *const dccp_pair_msgs[2] = {
	"you have to specify `--sport' and `--dport'",
	"you have to specify `--reply-port-src' and `--report-port-dst'",
};

static void dccp_final(struct ct_cmd *cmd)
{
	check_proto(cmd, 13, dccp_rows, dccp_names, dccp_pair_msgs, true);
}

static const struct proto_desc proto_dccp = {
	"dccp", IPPROTO_DCCP, dccp_longopts, dccp_parse, dccp_final,
	"  --orig-port-src\t\toriginal source port\n"
	"  --orig-port-dst\t\toriginal destination port\n"
	"  --reply-port-src\t\treply source port\n"
	"  --reply-port-dst\t\treply destination port\n"
	"  --mask-port-src\t\tmask source port\n"
	"  --mask-port-dst\t\tmask destination port\n"
	"  --tuple-port-src\t\texpectation tuple src port\n"
	"  --tuple-port-src\t\texpectation tuple dst port\n"
	"  --state\t\t\tDCCP state, fe. RESPOND\n",
};

/* icmp and icmpv6 ------------------------------------------------------- */

static const struct option icmp_longopts[] = {
	{ "icmp-type", 1, 0, '1' }, { "icmp-code", 1, 0, '2' },
	{ "icmp-id", 1, 0, '3' }, { 0, 0, 0, 0 }
};

static const struct option icmpv6_longopts[] = {
	{ "icmpv6-type", 1, 0, '1' }, { "icmpv6-code", 1, 0, '2' },
	{ "icmpv6-id", 1, 0, '3' }, { 0, 0, 0, 0 }
};

static const char *const icmp_names[] = { "icmp-type", "icmp-code", "icmp-id", NULL };
static const char *const icmpv6_names[] = { "icmpv6-type", "icmpv6-code",
	"icmpv6-id", NULL };

/* Columns: type code id */
static const char *const icmp_rows[CMD_MAX] = {
	[CMD_LIST] = "222", [CMD_CREATE] = "112", [CMD_UPDATE] = "222",
	[CMD_DELETE] = "222", [CMD_GET] = "112", [CMD_EVENT] = "222",
	[CMD_ADD] = "112",
};

static void icmp_common(struct ct_cmd *cmd, int code, const char *arg,
			uint8_t proto)
{
	struct ct_entry *t = &cmd->tmpl;
	int rtype;

	switch (code - '0') {
	case 1:
		/* The reply type is derived from the family known so far. */
		t->orig.icmp_type = (uint8_t)atoi(arg);
		rtype = ct_icmp_reply_type(t->orig.l3, t->orig.icmp_type);
		t->repl.icmp_type = rtype < 0 ? 255 : (uint8_t)rtype;
		ct_set(t, CTF_ICMP_TYPE);
		break;
	case 2:
		t->orig.icmp_code = t->repl.icmp_code = (uint8_t)atoi(arg);
		ct_set(t, CTF_ICMP_CODE);
		break;
	case 3:
		t->orig.sport = t->repl.sport = htons((uint16_t)atoi(arg));
		ct_set(t, CTF_ICMP_ID);
		break;
	default:
		return;
	}
	t->orig.l4 = proto;
	ct_set(t, CTF_ORIG_L4);
	if (ct_has(t, CTF_REPL_L3)) {
		t->repl.l4 = proto;
		ct_set(t, CTF_REPL_L4);
	}
	flag(cmd, code - '1');
}

static void icmp_parse(struct ct_cmd *cmd, int code, const char *arg)
{
	icmp_common(cmd, code, arg, IPPROTO_ICMP);
}

static void icmpv6_parse(struct ct_cmd *cmd, int code, const char *arg)
{
	icmp_common(cmd, code, arg, IPPROTO_ICMPV6);
}

static void icmp_final(struct ct_cmd *cmd)
{
	check_proto(cmd, 4, icmp_rows, icmp_names, NULL, false);
}

static void icmpv6_final(struct ct_cmd *cmd)
{
	check_proto(cmd, 4, icmp_rows, icmpv6_names, NULL, false);
}

static const struct proto_desc proto_icmp = {
	"icmp", IPPROTO_ICMP, icmp_longopts, icmp_parse, icmp_final,
	"  --icmp-type\t\t\ticmp type\n"
	"  --icmp-code\t\t\ticmp code\n"
	"  --icmp-id\t\t\ticmp id\n",
};

static const struct proto_desc proto_icmpv6 = {
	"icmpv6", IPPROTO_ICMPV6, icmpv6_longopts, icmpv6_parse, icmpv6_final,
	"  --icmpv6-type\t\t\ticmpv6 type\n"
	"  --icmpv6-code\t\t\ticmpv6 code\n"
	"  --icmpv6-id\t\t\ticmpv6 id\n",
};

/* gre ------------------------------------------------------------------- */

static const struct option gre_longopts[] = {
	{ "orig-key-src", 1, 0, '1' }, { "srckey", 1, 0, '1' },
	{ "orig-key-dst", 1, 0, '2' }, { "dstkey", 1, 0, '2' },
	{ "reply-key-src", 1, 0, '3' }, { "reply-key-dst", 1, 0, '4' },
	{ "mask-key-src", 1, 0, '5' }, { "mask-key-dst", 1, 0, '6' },
	{ "tuple-key-src", 1, 0, '7' }, { "tuple-key-dst", 1, 0, '8' },
	{ 0, 0, 0, 0 }
};

static const char *const gre_names[] = { "srckey", "dstkey", "reply-key-src",
	"reply-key-dst", "mask-key-src", "mask-key-dst", "tuple-key-src",
	"tuple-key-dst", NULL, NULL, NULL };

static const char *const gre_rows[CMD_MAX] = {
	[CMD_LIST] = "2222", [CMD_CREATE] = "3333", [CMD_UPDATE] = "2222",
	[CMD_DELETE] = "2222", [CMD_GET] = "3333", [CMD_EVENT] = "2222",
	[CMD_EXP_CREATE] = "11111111", [CMD_EXP_DELETE] = "1111",
	[CMD_EXP_GET] = "1111", [CMD_ADD] = "3333",
};

static void gre_parse(struct ct_cmd *cmd, int code, const char *arg)
{
	static const enum port_slot slots[] = { P_ORIG_SRC, P_ORIG_DST,
		P_REPL_SRC, P_REPL_DST, P_MASK_SRC, P_MASK_DST, P_TUPLE_SRC,
		P_TUPLE_DST };
	int i = code - '1';

	if (i < 0 || i > 7)
		return;
	/* Keys accept any base strtoul() does (0x.., 0..). */
	set_port(cmd, slots[i], htons((uint16_t)strtoul(arg, NULL, 0)),
		 IPPROTO_GRE, false);
	flag(cmd, i);
}

static const char *const gre_pair_msgs[2] = {
	"you have to specify `--srckey' and `--dstkey'",
	"you have to specify `--reply-src-key' and `--reply-dst-key'",
};

static void gre_final(struct ct_cmd *cmd)
{
	check_proto(cmd, 11, gre_rows, gre_names, gre_pair_msgs, true);
}

static const struct proto_desc proto_gre = {
	"gre", IPPROTO_GRE, gre_longopts, gre_parse, gre_final,
	"  --orig-key-src\t\toriginal source key\n"
	"  --orig-key-dst\t\toriginal destination key\n"
	"  --reply-key-src\t\treply source key\n"
	"  --reply-key-dst\t\treply destination key\n"
	"  --mask-key-src\t\tmask source key\n"
	"  --mask-key-dst\t\tmask destination key\n"
	"  --tuple-key-src\t\texpectation tuple src key\n"
	"  --tuple-key-src\t\texpectation tuple dst key\n",
};

/* anything else ------------------------------------------------------- */

static const struct option no_longopts[] = { { 0, 0, 0, 0 } };

static void unknown_final(struct ct_cmd *cmd)
{
	struct ct_entry *t = &cmd->tmpl;

	if (ct_has(t, CTF_REPL_L3) && ct_has(t, CTF_ORIG_L4) &&
	    !ct_has(t, CTF_REPL_L4)) {
		t->repl.l4 = t->orig.l4;
		ct_set(t, CTF_REPL_L4);
	}
}

const struct proto_desc proto_unknown = {
	"unknown", 0, no_longopts, NULL, unknown_final,
	"  no options (unsupported)\n",
};

/* lookup ---------------------------------------------------------------- */

/* Search order of the reference's protocol list (last registered first). */
static const struct proto_desc *const known[] = {
	&proto_gre, &proto_icmpv6, &proto_icmp, &proto_dccp, &proto_sctp,
	&proto_udplite, &proto_udp, &proto_tcp,
};

const struct proto_desc *proto_find(const char *arg, int *num)
{
	const size_t n = sizeof(known) / sizeof(known[0]);
	struct protoent *pe;
	unsigned long v;
	char *end;

	for (size_t i = 0; i < n; i++)
		if (strcasecmp(known[i]->name, arg) == 0) {
			*num = known[i]->num;
			return known[i];
		}
	pe = getprotobyname(arg);
	if (pe) {
		*num = pe->p_proto;
		return &proto_unknown;
	}
	v = strtoul(arg, &end, 0);
	if (end == arg || *end || v > IPPROTO_RAW)
		return NULL;
	*num = (int)v;
	for (size_t i = 0; i < n; i++)
		if (known[i]->num == v)
			return known[i];
	return &proto_unknown;
}

const char *proto_help_name(const struct proto_desc *p, int num)
{
	struct protoent *pe;

	if (p != &proto_unknown)
		return p->name;
	pe = getprotobynumber(num);
	return pe ? pe->p_name : p->name;
}
