/*
 * conf_lex.h - the tokens of conntrackd.conf, as conntrackd 1.4.x reads
 * them (docs/notes/conntrackd-reference.md, section 2.1).
 *
 * The reference's lexer is a flex scanner: at every point the longest
 * match of any rule wins, and on equal length the rule listed first. This
 * one computes the same: each rule's longest match, then the winner.
 */
#ifndef CONF_LEX_H
#define CONF_LEX_H

#include <stdbool.h>
#include <stddef.h>

/* The keywords, case-sensitive, in the reference's order. */
#define CONF_KEYWORDS(X) \
	X(UNIX, "UNIX") X(IPV4_ADDR, "IPv4_address") \
	X(IPV6_ADDR, "IPv6_address") \
	X(IPV4_DEST_ADDR, "IPv4_Destination_Address") \
	X(IPV6_DEST_ADDR, "IPv6_Destination_Address") \
	X(IPV4_IFACE, "IPv4_interface") X(IPV6_IFACE, "IPv6_interface") \
	X(IFACE, "Interface") X(MULTICAST, "Multicast") X(UDP, "UDP") \
	X(TCP, "TCP") X(HASHSIZE, "HashSize") X(REFRESH, "RefreshTime") \
	X(CACHE_TIMEOUT, "CacheTimeout") X(COMMIT_TIMEOUT, "CommitTimeout") \
	X(HASHLIMIT, "HashLimit") X(PATH, "Path") X(BACKLOG, "Backlog") \
	X(GROUP, "Group") X(PORT, "Port") X(LOGFILE, "LogFile") \
	X(SYSLOG, "Syslog") X(LOCKFILE, "LockFile") X(GENERAL, "General") \
	X(SYNC, "Sync") X(STATS, "Stats") \
	X(SOCKET_BUFFER_SIZE, "SocketBufferSize") \
	X(SOCKET_BUFFER_SIZE_MAX_GROWN, "SocketBufferSizeMaxGrown") \
	X(SOCKET_BUFFER_SIZE_MAX_GROWTH, "SocketBufferSizeMaxGrowth") \
	X(NETLINK_BUFFER_SIZE, "NetlinkBufferSize") \
	X(NETLINK_BUFFER_SIZE_MAX_GROWTH, "NetlinkBufferSizeMaxGrowth") \
	X(MODE, "Mode") X(RESEND_QUEUE_SIZE, "ResendQueueSize") \
	X(CHECKSUM, "Checksum") X(ACK_WINDOW_SIZE, "ACKWindowSize") \
	X(FOR, "for") X(SYN_SENT, "SYN_SENT") X(SYN_RECV, "SYN_RECV") \
	X(ESTABLISHED, "ESTABLISHED") X(FIN_WAIT, "FIN_WAIT") \
	X(CLOSE_WAIT, "CLOSE_WAIT") X(LAST_ACK, "LAST_ACK") \
	X(TIME_WAIT, "TIME_WAIT") X(CLOSE, "CLOSE") X(CLOSED, "CLOSED") \
	X(LISTEN, "LISTEN") X(SND_SOCKET_BUFFER, "SndSocketBuffer") \
	X(RCV_SOCKET_BUFFER, "RcvSocketBuffer") X(FILTER, "Filter") \
	X(PROTOCOL, "Protocol") X(ADDRESS, "Address") X(STATE, "State") \
	X(ACCEPT, "Accept") X(IGNORE, "Ignore") \
	X(PURGE_TIMEOUT, "PurgeTimeout") X(FROM, "From") \
	X(USERSPACE, "Userspace") X(KERNELSPACE, "Kernelspace") \
	X(EVENT_ITERATION_LIMIT, "EventIterationLimit") \
	X(DEFAULT, "Default") X(POLL_SECS, "PollSecs") \
	X(NETLINK_OVERRUN_RESYNC, "NetlinkOverrunResync") X(NICE, "Nice") \
	X(SCHEDULER, "Scheduler") X(TYPE, "Type") X(PRIORITY, "Priority") \
	X(NETLINK_EVENTS_RELIABLE, "NetlinkEventsReliable") \
	X(DISABLE_INTERNAL_CACHE, "DisableInternalCache") \
	X(DISABLE_EXTERNAL_CACHE, "DisableExternalCache") \
	X(OPTIONS, "Options") X(TCP_WINDOW_TRACKING, "TCPWindowTracking") \
	X(EXPECTATION_SYNC, "ExpectationSync") \
	X(ERROR_QUEUE_LENGTH, "ErrorQueueLength") X(HELPER, "Helper") \
	X(QUEUE_NUM, "QueueNum") X(QUEUE_LEN, "QueueLen") \
	X(POLICY, "Policy") X(EXPECT_MAX, "ExpectMax") \
	X(EXPECT_TIMEOUT, "ExpectTimeout") X(SYSTEMD, "Systemd") \
	X(STARTUP_RESYNC, "StartupResync") X(SETUP, "Setup")

#define CONF_KW_ENUM(id, name) KW_##id,
enum conf_kw { CONF_KEYWORDS(CONF_KW_ENUM) KW_COUNT };
#undef CONF_KW_ENUM

enum conf_tok {
	TOK_EOF,
	TOK_KEYWORD,		/* kw */
	TOK_ON,			/* on, yes (any case) */
	TOK_OFF,		/* off, no */
	TOK_NUMBER,		/* [0-9]+, value as atoi() gives it */
	TOK_SIGNED_NUMBER,	/* [-+][0-9]+ */
	TOK_IP,			/* IPv4 or IPv6 text, optional /prefix */
	TOK_PATH,		/* "/" and anything up to '"', newline or blank */
	TOK_ALARM,		/* alarm, or the old persistenT */
	TOK_FTFW,		/* ftfw, or the old nack */
	TOK_NOTRACK,
	TOK_STRING,		/* [a-zA-Z][a-zA-Z0-9._-]* */
	TOK_CHAR,		/* any other single character: c */
};

struct conf_token {
	enum conf_tok type;
	enum conf_kw kw;	/* TOK_KEYWORD */
	int value;		/* TOK_NUMBER, TOK_SIGNED_NUMBER */
	char c;			/* TOK_CHAR */
	const char *text;	/* the token's text in the input ... */
	size_t len;		/* ... and its length */
	int line;		/* the line count after the token, as flex's
				 * yylineno (what the reference reports) */
	const char *deprecated;	/* old mode name (nack, persistent), else NULL */
};

struct conf_lexer {
	const char *p, *end;
	int line;		/* newlines read so far + 1 */
};

/* Read len bytes at text (NULs included: they are characters too). */
void conf_lex_init(struct conf_lexer *lx, const char *text, size_t len);

/* The next token (blanks, newlines and # comments skipped). */
void conf_lex_next(struct conf_lexer *lx, struct conf_token *t);

/* The keyword's spelling. */
const char *conf_kw_name(enum conf_kw kw);

#endif
