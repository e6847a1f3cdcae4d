/*
 * conf.h - conntrackd.conf as the daemon and its client use it: every
 * clause of the 1.4.x grammar (docs/notes/conntrackd-reference.md, §2),
 * with the reference's defaults filled in after parsing.
 *
 * conf_parse() reads the whole file; it either fills a struct conf or
 * reports the first error the way the reference does (it prints and the
 * program exits 1), so a bad file never half-applies.
 */
#ifndef CONF_H
#define CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>

#include "ct.h"

#define CONF_PATH_MAX		256	/* LogFile, LockFile */
#define CONF_UNIX_PATH_MAX	107	/* UNIX { Path } */
#define CONF_CHANNEL_MAX	4	/* dedicated links */
#define CONF_HELPER_NAME_MAX	16	/* helper and policy names */
#define CONF_DEFAULT_FILE	"/etc/conntrackd/conntrackd.conf"

/* Defaults of the reference (init_config). */
#define CONF_DEF_HASHSIZE	65536
#define CONF_DEF_HASHLIMIT	262144
#define CONF_DEF_LOCKFILE	"/var/lock/conntrackd.lock"
#define CONF_DEF_LOGFILE	"/var/log/conntrackd.log"
#define CONF_DEF_STATS_LOGFILE	"/var/log/conntrackd-stats.log"
#define CONF_DEF_OVERRUN_RESYNC	30
#define CONF_DEF_ITER_LIMIT	100
#define CONF_DEF_REFRESH	60
#define CONF_DEF_CACHE_TIMEOUT	180
#define CONF_DEF_PURGE_TIMEOUT	60
#define CONF_DEF_RESEND_QUEUE	131072
#define CONF_DEF_ACK_WINDOW	300
#define CONF_DEF_ERRORQ_LEN	128
#define CONF_COMMIT_STEPS	8192

/* What the daemon runs: sync or stats (never both), or neither. */
#define CONF_F_SYNC	(1u << 0)
#define CONF_F_STATS	(1u << 1)
#define CONF_F_HELPER	(1u << 2)

/* Sync modes named by Mode blocks (several may be given; see sync_mode). */
#define CONF_MODE_FTFW		(1u << 0)
#define CONF_MODE_ALARM		(1u << 1)
#define CONF_MODE_NOTRACK	(1u << 2)

enum conf_channel_kind { CONF_CH_NONE, CONF_CH_MCAST, CONF_CH_UDP, CONF_CH_TCP };

/*
 * One Multicast, UDP or TCP block. The reference keeps each address pair
 * (addr4/addr6, dest4/dest6) in a union: an IPv4 address overwrites the
 * first 4 bytes of an IPv6 one and the reverse, as here.
 */
struct conf_channel {
	enum conf_channel_kind kind;
	bool is_default;	/* "Default": the link active at start */
	int family;		/* AF_INET/AF_INET6 from the address clauses,
				 * AF_UNSPEC when none was given */
	/* Multicast: the group. UDP/TCP: the local address to bind. */
	struct in_addr addr4;
	struct in6_addr addr6;
	/* Multicast: IPv4_interface (the local address of the interface). */
	struct in_addr iface_addr4;
	/* UDP/TCP: the peer (IPv4/IPv6_Destination_Address). */
	struct in_addr dest4;
	struct in6_addr dest6;
	char ifname[IFNAMSIZ];	/* Interface, "" if not given */
	unsigned int ifindex;	/* UDP/TCP: if_nametoindex(ifname) at parse
				 * time (IPv6 scope), 0 if unknown;
				 * Multicast: the IPv6 interface index (0
				 * unless Interface named one after an IPv6
				 * address), shares its bytes with
				 * iface_addr4 as in the reference */
	uint16_t port;		/* Multicast: Group; UDP/TCP: Port */
	int sndbuf, rcvbuf;	/* 0: system default */
	bool checksum;		/* Checksum on (the default) */
};

/*
 * Filter { ... } of General (§5.5). Every address item that passed the
 * checks is kept, in order (the kernel program gets all of them); host
 * says it went to the user-space host set (no "/n", or /32, /128) rather
 * than the netmask list; user is false for the few items the reference
 * left out of its user-space pool (a repeated IPv4 netmask, and its
 * IPv6 netmask quirk), which only the kernel program sees.
 */
struct conf_filter_net {
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t prefix;		/* 0..32 or 0..128 */
	bool host;		/* host set (exact match), else netmask */
	bool user;		/* in the user-space pool */
	union ct_addr addr;	/* network order, as written (not masked) */
};

struct conf_filter {
	bool present;		/* any Protocol/Address/State block was parsed:
				 * the reference builds its kernel filter */
	bool from_kernel;	/* the last Filter block said From Kernelspace */
	/* Each kind: enabled once its block was seen; accept = its policy
	 * (the last block of the kind wins); kernel_negative = an Ignore
	 * block of the kind was seen (the kernel program keeps that). */
	struct {
		bool enabled, accept, kernel_negative;
		uint8_t set[256 / 8];		/* protocol numbers */
		unsigned int count;		/* in the order given, at most
						 * 255 as libnetfilter_conntrack
						 * keeps, for the kernel */
		uint8_t order[256];
	} proto;
	struct {
		bool enabled, accept, kernel_negative;
		struct conf_filter_net *nets;	/* hosts (/32, /128) and nets */
		size_t count, cap;
	} addr;
	struct {
		bool enabled, accept, kernel_negative;
		uint16_t tcp_states;		/* bit n = TCP state n (1..9) */
	} state;
};

/* Helper { Type name inet|inet6 tcp|udp { ... } } */
struct conf_helper_policy {
	char name[CONF_HELPER_NAME_MAX + 1];
	unsigned int expect_max, expect_timeout;
};

/* One Type block. The reference keeps each helper's policy table in the
 * helper module, shared by every Type of that helper and protocol: a
 * Policy block changes it for all of them. policies holds the module's
 * table as it is after the whole file (defaults of the module for what
 * no Policy block changed). The array holds the Type blocks in the order
 * they close (an inner one first); the reference's list is reversed. */
struct conf_helper {
	char name[CONF_HELPER_NAME_MAX + 1];
	int l3;			/* AF_INET, AF_INET6 */
	int l4;			/* IPPROTO_TCP, IPPROTO_UDP */
	unsigned int queue_num, queue_len;
	struct conf_helper_policy *policies;
	size_t npolicies;
};

struct conf {
	const char *file;	/* the file read (not owned) */
	unsigned int flags;	/* CONF_F_* */

	/* General */
	unsigned int hashsize, hashlimit;
	bool hashsize_set, hashlimit_set;	/* given in the file */
	char logfile[CONF_PATH_MAX + 1];	/* "" = none */
	int syslog_facility;	/* LOG_DAEMON.., -1 = off */
	char lockfile[CONF_PATH_MAX + 1];
	char unix_path[CONF_UNIX_PATH_MAX + 1];	/* "" = none given */
	unsigned int nl_buffer_size;		/* 0 = system default */
	unsigned int nl_buffer_max_growth;
	int nl_overrun_resync;	/* seconds, -1 = off */
	bool nl_events_reliable;
	unsigned int poll_secs;	/* 0 = events, not polling */
	int event_iteration_limit;
	bool systemd;		/* default on (Debian's build) */
	bool systemd_set;	/* the Systemd clause was given */
	int sched_type;		/* SCHED_OTHER (not given), SCHED_RR, SCHED_FIFO */
	int sched_prio;
	struct conf_filter filter;

	/* Sync */
	unsigned int sync_modes;	/* CONF_MODE_*, as given */
	unsigned int sync_mode;		/* the one that runs (init_sync's pick:
					 * FTFW, ALARM, NOTRACK; FTFW when Sync
					 * names none; 0 without Sync) */
	int refresh, cache_timeout, commit_timeout;
	unsigned int purge_timeout;
	unsigned int resend_queue_size, ack_window;
	bool disable_internal_cache, disable_external_cache;
	bool startup_resync;
	bool tcp_window_tracking;
	bool expect_sync;		/* ExpectationSync on or a list (an
					 * "off" later does not clear it) */
	bool expect_events;		/* the last ExpectationSync was on or
					 * a list: subscribe to expectation
					 * events too */
	/* ExpectationSync { names }, NULL = all; at most 16 characters
	 * each, kept once (case-insensitive) */
	char (*expect_helpers)[CONF_HELPER_NAME_MAX + 1];
	size_t nexpect_helpers;
	struct conf_channel channels[CONF_CHANNEL_MAX];
	unsigned int nchannels;
	unsigned int channel_default;	/* index of the active link at start */
	unsigned int errorq_len;

	/* Stats */
	char stats_logfile[CONF_PATH_MAX + 1];
	int stats_syslog_facility;	/* -1 = off */

	/* Helper */
	bool helper_setup;
	struct conf_helper *helpers;
	size_t nhelpers;
};

/*
 * Where parse messages go. The reference prints them through its logger
 * before any log file exists: warnings and errors on stderr, notices on
 * stdout, each with the "[date] (pid=N) [level] " prefix. level is a
 * syslog priority (LOG_WARNING, LOG_ERR, LOG_NOTICE).
 */
typedef void (*conf_report_fn)(void *data, int level, const char *msg);

/*
 * Parse len bytes of text, the contents of file (used only to fill
 * c->file). Warnings go to report as they are found. Returns 0 with c
 * filled and defaults applied, or -1 after reporting the first error (the
 * reference's exact message) at LOG_ERR; c must still be freed.
 */
int conf_parse(struct conf *c, const char *file, const char *text, size_t len,
	       conf_report_fn report, void *data);

/* Read file and parse it. A file that cannot be opened is reported as
 * "can't open config file `FILE'". Returns 0 or -1 as conf_parse. */
int conf_load(struct conf *c, const char *file, conf_report_fn report,
	      void *data);

/* Release what conf_parse allocated. */
void conf_free(struct conf *c);

/* True when the user-space filter lets the entry through (§5.5). */
bool conf_filter_accepts(const struct conf_filter *f, const struct ct_entry *ct);

/*
 * The kernel-side event filter as the reference builds it (§5.5), for
 * nfct_filter_attach(): NULL when no filter block was parsed (or out of
 * memory: then errno is ENOMEM). The caller frees it with
 * nfct_filter_destroy().
 */
struct nfct_filter;
struct nfct_filter *conf_filter_kernel(const struct conf_filter *f);

/* Building a filter (the parser's side, conf_filter.c). */
void conf_filter_add_proto(struct conf_filter *f, unsigned int proto);
void conf_filter_add_state(struct conf_filter *f, unsigned int state);
/* Add an address item (prefix: of the mask; host: for the host set).
 * Returns 0 when added, -1 when out of memory, and 1 when it is an IPv4
 * netmask already in the pool, or an IPv6 netmask that the reference's
 * duplicate check (which looks in the IPv4 list) takes for one: the item
 * then reaches only the kernel program, and the reference warns
 * "netmask ... is repeated". */
int conf_filter_add_net(struct conf_filter *f, uint8_t family,
			const union ct_addr *addr, unsigned int prefix, bool host);
void conf_filter_free(struct conf_filter *f);

#endif
