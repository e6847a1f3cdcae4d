/*
 * names.c - name tables shared by the formatters and the option parser.
 */
#include <netinet/in.h>
#include <sys/socket.h>

#include "names.h"

const char *name_l3(uint8_t l3)
{
	return l3 == AF_INET ? "ipv4" : l3 == AF_INET6 ? "ipv6" : "unknown";
}

const char *name_l4(uint8_t l4)
{
	switch (l4) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_UDPLITE: return "udplite";
	case IPPROTO_ICMP: return "icmp";
	case IPPROTO_ICMPV6: return "icmpv6";
	case IPPROTO_SCTP: return "sctp";
	case IPPROTO_GRE: return "gre";
	case IPPROTO_DCCP: return "dccp";
	}
	return "unknown";
}

const char *const names_tcp_state[NAMES_TCP_STATES] = {
	"NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
	"CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2",
};

const char *const names_sctp_state[NAMES_SCTP_STATES] = {
	"NONE", "CLOSED", "COOKIE_WAIT", "COOKIE_ECHOED", "ESTABLISHED",
	"SHUTDOWN_SENT", "SHUTDOWN_RECD", "SHUTDOWN_ACK_SENT",
	"HEARTBEAT_SENT", "HEARTBEAT_ACKED",
};

const char *const names_dccp_state[NAMES_DCCP_STATES] = {
	"NONE", "REQUEST", "RESPOND", "PARTOPEN", "OPEN", "CLOSEREQ",
	"CLOSING", "TIMEWAIT", "IGNORE", "INVALID",
};

const char *const names_dccp_role[2] = { "client", "server" };

static const char *lookup(const char *const *t, unsigned int n, uint8_t s)
{
	return s < n && t[s] ? t[s] : t[0];
}

const char *name_tcp_state(uint8_t s)
{
	return lookup(names_tcp_state, NAMES_TCP_STATES, s);
}

const char *name_sctp_state(uint8_t s)
{
	return lookup(names_sctp_state, NAMES_SCTP_STATES, s);
}

const char *name_dccp_state(uint8_t s)
{
	return lookup(names_dccp_state, NAMES_DCCP_STATES, s);
}
