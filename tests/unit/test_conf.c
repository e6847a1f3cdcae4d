/*
 * test_conf.c - the conntrackd.conf parser (conf_parse.c) and the filter
 * built from it (conf_filter.c): values and defaults of every clause,
 * the reference's exact messages and line numbers, its quirks, the
 * user-space filter check and the kernel filter
 * (docs/notes/conntrackd-reference.md, sections 2 and 5.5).
 * tests/conf/diff_reference.py compares the messages with the reference
 * itself on many more configs.
 */
#include "testutil.h"

#include <sched.h>
#include <syslog.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>

#include "conf.h"

/* Every message, as "[level] text\n". */
struct msgs {
	char text[8192];
	size_t len;
};

static void collect(void *data, int level, const char *msg)
{
	struct msgs *m = data;
	const char *name = level == LOG_ERR ? "ERROR" :
			   level == LOG_WARNING ? "warning" : "other";
	int n = snprintf(m->text + m->len, sizeof(m->text) - m->len,
			 "[%s] %s\n", name, msg);

	assert_true(n > 0 && (size_t)n < sizeof(m->text) - m->len);
	m->len += (size_t)n;
}

/* The last parse: its config (each parse frees the one before, the
 * group teardown the last) and its messages. The tests read them. */
static struct conf conf;
static struct msgs msgs;

static int teardown(void **state)
{
	(void)state;
	conf_free(&conf);
	return 0;
}

/* Parse len bytes of text; returns conf_parse()'s result. */
static int parse_n(const char *text, size_t len)
{
	conf_free(&conf);
	msgs.len = 0;
	msgs.text[0] = '\0';
	return conf_parse(&conf, "test.conf", text, len, collect, &msgs);
}

/* text parses (ret 0) or fails (-1) with exactly these messages, the
 * error last. */
static void parse_expect(const char *text, int ret, const char *want)
{
	assert_int_equal(parse_n(text, strlen(text)), ret);
	assert_string_equal(msgs.text, want);
}

/* text parses without a message. */
static void parse_ok(const char *text)
{
	parse_expect(text, 0, "");
}

/* text parses, with exactly these warnings. */
static void parse_warns(const char *text, const char *want)
{
	parse_expect(text, 0, want);
}

/* text fails with exactly these messages, the error last. */
static void parse_fails(const char *text, const char *want)
{
	parse_expect(text, -1, want);
}

#define SYNTAX(line, sym) \
	"[ERROR] parsing config file in line (" #line "), symbol '" sym \
	"': syntax error\n"

/* ---- defaults --------------------------------------------------------- */

static void test_defaults(void **state)
{
	(void)state;
	parse_ok("");
	assert_int_equal(conf.flags, 0);
	assert_string_equal(conf.file, "test.conf");
	assert_int_equal(conf.hashsize, 0);
	assert_false(conf.hashsize_set);
	assert_int_equal(conf.hashlimit, 0);
	assert_false(conf.hashlimit_set);
	assert_string_equal(conf.logfile, "");
	assert_int_equal(conf.syslog_facility, -1);
	assert_string_equal(conf.lockfile, CONF_DEF_LOCKFILE);
	assert_string_equal(conf.unix_path, "");
	assert_int_equal(conf.nl_buffer_size, 0);
	assert_int_equal(conf.nl_overrun_resync, 30);
	assert_int_equal(conf.event_iteration_limit, 100);
	assert_int_equal(conf.poll_secs, 0);
	assert_true(conf.systemd);
	assert_false(conf.systemd_set);
	assert_int_equal(conf.sched_type, SCHED_OTHER);
	assert_false(conf.filter.present);
	assert_int_equal(conf.sync_mode, 0);
	assert_int_equal(conf.refresh, 60);
	assert_int_equal(conf.cache_timeout, 180);
	assert_int_equal(conf.commit_timeout, 0);
	assert_int_equal(conf.purge_timeout, 60);
	assert_int_equal(conf.resend_queue_size, 131072);
	assert_int_equal(conf.ack_window, 300);
	assert_int_equal(conf.errorq_len, 128);
	assert_int_equal(conf.nchannels, 0);
	assert_false(conf.expect_sync);
	assert_null(conf.expect_helpers);
	assert_int_equal(conf.stats_syslog_facility, -1);
	assert_string_equal(conf.stats_logfile, "");
	assert_int_equal(conf.nhelpers, 0);
	/* comments and blanks only */
	parse_ok("# nothing\n\n\t \r\n# at all\n");
}

/* ---- General ---------------------------------------------------------- */

static void test_general_values(void **state)
{
	(void)state;
	parse_ok("General {\n"
		 " HashSize 8192 HashLimit 99999999999\n"
		 " LogFile /var/log/x.log LogFile off\n"
		 " Syslog local3 LockFile /run/ct.lock\n"
		 " UNIX { Path /run/ct.ctl }\n"
		 " SocketBufferSize 100 NetlinkBufferSizeMaxGrowth 200\n"
		 " NetlinkOverrunResync 7 NetlinkEventsReliable on\n"
		 " EventIterationLimit 5 PollSecs 15 Systemd off\n"
		 " Scheduler { Type Fifo Priority 99 }\n"
		 "}\n");
	assert_int_equal(conf.hashsize, 8192);
	assert_true(conf.hashsize_set);
	/* atoi(): the long 99999999999 keeps its low 32 bits as an int */
	assert_int_equal(conf.hashlimit, 99999999999 & 0xffffffff);
	assert_true(conf.hashlimit_set);
	assert_string_equal(conf.logfile, "/var/log/x.log");	/* off keeps it */
	assert_int_equal(conf.syslog_facility, LOG_LOCAL3);
	assert_string_equal(conf.lockfile, "/run/ct.lock");
	assert_string_equal(conf.unix_path, "/run/ct.ctl");
	assert_int_equal(conf.nl_buffer_size, 100);
	assert_int_equal(conf.nl_buffer_max_growth, 200);
	assert_int_equal(conf.nl_overrun_resync, 7);
	assert_true(conf.nl_events_reliable);
	assert_int_equal(conf.event_iteration_limit, 5);
	assert_int_equal(conf.poll_secs, 15);
	assert_false(conf.systemd);
	assert_true(conf.systemd_set);
	assert_int_equal(conf.sched_type, SCHED_FIFO);
	assert_int_equal(conf.sched_prio, 99);
	assert_int_equal(conf.flags, 0);
}

static void test_general_aliases_and_booleans(void **state)
{
	(void)state;
	parse_ok("General { NetlinkBufferSize 1 SocketBufferSizeMaxGrown 2\n"
		 " LogFile on Syslog on NetlinkOverrunResync off\n"
		 " Scheduler { Type RR } NetlinkEventsReliable O| HashSize 0 }");
	assert_int_equal(conf.nl_buffer_size, 1);
	assert_int_equal(conf.nl_buffer_max_growth, 2);
	assert_string_equal(conf.logfile, CONF_DEF_LOGFILE);
	assert_int_equal(conf.syslog_facility, LOG_DAEMON);
	assert_int_equal(conf.nl_overrun_resync, -1);
	assert_int_equal(conf.sched_type, SCHED_RR);
	assert_true(conf.nl_events_reliable);	/* the lexer's stray '|' */
	assert_false(conf.hashsize_set);		/* 0 means the default */
	parse_ok("General { SocketBufferSizeMaxGrowth 3 NetlinkOverrunResync 0\n"
		 " Syslog off EventIterationLimit 0 }");
	assert_int_equal(conf.nl_buffer_max_growth, 3);
	assert_int_equal(conf.nl_overrun_resync, 30);
	assert_int_equal(conf.syslog_facility, -1);
	assert_int_equal(conf.event_iteration_limit, 100);
}

static void test_general_warnings(void **state)
{
	(void)state;
	parse_warns("General { Nice -5 UNIX { Backlog 5 } Syslog kern }",
		"[warning] deprecated nice configuration, ignoring. The nice value "
		"can be set externally with nice(1) and renice(1).\n"
		"[warning] deprecated unix backlog configuration, ignoring.\n"
		"[warning] 'kern' is not a known syslog facility, ignoring\n");
	parse_warns("Stats { Syslog local1 Syslog local9 }\n"
		    "General { Syslog local1 Syslog local2 Syslog on }",
		"[warning] 'local9' is not a known syslog facility, ignoring.\n"
		"[warning] conflicting Syslog facility values, defaulting to General\n");
	parse_warns("General { Syslog daemon } Stats { Syslog local0 }",
		"[warning] conflicting Syslog facility values, defaulting to General\n");
}

static void test_general_errors(void **state)
{
	char buf[600];

	(void)state;
	parse_fails("General {\n PollSecs 0\n}",
		    "[ERROR] `PollSecs' clause must be > 0\n");
	parse_fails("General { Scheduler { Type idle } }",
		    "[ERROR] unknown scheduler `idle'\n");
	parse_fails("General { Scheduler { Priority 100 } }",
		    "[ERROR] `Priority' must be [0, 99]\n\n");
	parse_fails("General { Scheduler { Priority -1 } }", SYNTAX(1, "-1"));
	parse_fails("General {\n HashSize -5\n}", SYNTAX(2, "-5"));
	parse_fails("General {\n Nice 5\n}", SYNTAX(2, "5"));
	parse_fails("General { LogFile foo.log }", SYNTAX(1, "foo.log"));
	/* a path swallows the brace, the error is at the end */
	parse_fails("General {\n LockFile /a}\n", SYNTAX(3, ""));
	parse_fails("general { }", SYNTAX(1, "general"));
	parse_fails("General { UNIX { Path /x } ; }", SYNTAX(1, ";"));
	parse_fails("Stats { NetlinkEventsReliable on }",
		    SYNTAX(1, "NetlinkEventsReliable"));
	/* path lengths: 256 for files, 107 for the socket */
	snprintf(buf, sizeof(buf), "General { LogFile /%0256d }", 0);
	parse_fails(buf, "[ERROR] LogFile path is longer than 256 characters\n");
	snprintf(buf, sizeof(buf), "General { LockFile /%0256d }", 0);
	parse_fails(buf, "[ERROR] LockFile path is longer than 256 characters\n");
	snprintf(buf, sizeof(buf), "Stats { LogFile /%0256d }", 0);
	parse_fails(buf, "[ERROR] stats LogFile path is longer than 256 characters\n");
	snprintf(buf, sizeof(buf), "General { UNIX { Path /%0107d } }", 0);
	parse_fails(buf, "[ERROR] Path is longer than 107 characters\n");
}

static void test_path_lengths_at_limit(void **state)
{
	char buf[700];

	(void)state;
	snprintf(buf, sizeof(buf), "General { LogFile /%0255d LockFile /%0255d"
		 " UNIX { Path /%0106d } }", 0, 0, 0);
	parse_ok(buf);
	assert_int_equal(strlen(conf.logfile), 256);
	assert_int_equal(strlen(conf.lockfile), 256);
	assert_int_equal(strlen(conf.unix_path), 107);
}

/* ---- the end of the input ---------------------------------------------- */

static void test_end_of_input(void **state)
{
	static const char nul[] = "General { }\0 junk {";
	static const char nul_inside[] = "General {\n\0 }";

	(void)state;
	parse_fails("General {\n UNIX { Path /x }\n", SYNTAX(3, ""));
	parse_fails("General {\n UNIX { Path /x }", SYNTAX(2, ""));
	/* a NUL byte, or a byte from 0x80 on, ends the input for bison */
	assert_int_equal(parse_n(nul, sizeof(nul) - 1), 0);
	assert_int_equal(parse_n(nul_inside, sizeof(nul_inside) - 1), -1);
	assert_string_equal(msgs.text, SYNTAX(2, ""));
	parse_ok("Stats { }\n\xff junk");
	parse_fails("Stats {\n\xe9 }", SYNTAX(2, "\xe9"));
	/* the line is the one after the lookahead (CR is not a newline) */
	parse_fails("General {\r\n HashSize\r\n\r\n }", SYNTAX(4, "}"));
}

/* ---- Sync ---------------------------------------------------------------- */

static void test_sync_modes(void **state)
{
	(void)state;
	parse_ok("Sync { }");
	assert_int_equal(conf.flags, CONF_F_SYNC);
	assert_int_equal(conf.sync_modes, 0);
	assert_int_equal(conf.sync_mode, CONF_MODE_FTFW);
	parse_ok("Sync { Mode NOTRACK { } Mode ALARM { } }");
	assert_int_equal(conf.sync_modes, CONF_MODE_NOTRACK | CONF_MODE_ALARM);
	assert_int_equal(conf.sync_mode, CONF_MODE_ALARM);
	parse_ok("Sync { Mode notrack { DisableInternalCache on\n"
		 " DisableExternalCache on StartupResync on PurgeTimeout 9 } }");
	assert_int_equal(conf.sync_mode, CONF_MODE_NOTRACK);
	assert_true(conf.disable_internal_cache);
	assert_true(conf.disable_external_cache);
	assert_true(conf.startup_resync);
	assert_int_equal(conf.purge_timeout, 9);
	parse_ok("Sync { RefreshTime 1 CacheTimeout 2 CommitTimeout 3\n"
		 " Mode ALARM { RefreshTime 4 } Mode FTFW { ResendQueueSize 5\n"
		 " ACKWindowSize 6 CommitTimeout 7 } }");
	assert_int_equal(conf.sync_mode, CONF_MODE_FTFW);
	assert_int_equal(conf.refresh, 4);
	assert_int_equal(conf.cache_timeout, 2);
	assert_int_equal(conf.commit_timeout, 7);
	assert_int_equal(conf.resend_queue_size, 5);
	assert_int_equal(conf.ack_window, 6);
}

static void test_sync_mode_spellings(void **state)
{
	(void)state;
	parse_warns("Sync { Mode nack { } Mode persistenT { } }",
		"[warning] Now `nack' mode is called `ftfw'. Please, update your "
		"conntrackd.conf file.\n\n"
		"[warning] Now `persistent' mode is called `alarm'. Please, update "
		"your conntrackd.conf file.\n");
	assert_int_equal(conf.sync_modes, CONF_MODE_FTFW | CONF_MODE_ALARM);
	parse_fails("Sync { Mode persistent { } }", SYNTAX(1, "persistent"));
	/* the lexer warns before the parser sees the token */
	parse_fails("General {\n nack }",
		"[warning] Now `nack' mode is called `ftfw'. Please, update your "
		"conntrackd.conf file.\n\n" SYNTAX(2, "nack"));
	/* a clause outside its Mode */
	parse_fails("Sync {\n Mode FTFW {\n DisableInternalCache on } }",
		    SYNTAX(3, "DisableInternalCache"));
	parse_fails("Sync { Mode ALARM { ACKWindowSize 5 } }",
		    SYNTAX(1, "ACKWindowSize"));
}

static void test_sync_stats_exclusive(void **state)
{
	(void)state;
	parse_fails("Sync { }\nStats { }\n junk",
		    "[ERROR] cannot use both `Stats' and `Sync' clauses in "
		    "conntrackd.conf\n");
	parse_fails("Stats { } Sync { ",
		    SYNTAX(1, ""));
	parse_fails("Stats { } Sync { } }",
		    "[ERROR] cannot use both `Stats' and `Sync' clauses in "
		    "conntrackd.conf\n");
}

static void test_commit_timeout_evaluate(void **state)
{
	(void)state;
	parse_warns("Sync { CommitTimeout 5 Mode FTFW {\n"
			" DisableExternalCache on } }",
		"[warning] `CommitTimeout' can't be combined "
		"with `DisableExternalCache', ignoring this option. Fix your "
		"configuration file.\n");
	assert_int_equal(conf.commit_timeout, 0);
	/* the check comes after the syntax: not on a bad file */
	parse_fails("Sync { CommitTimeout 5 Mode FTFW { DisableExternalCache on } } x",
		    SYNTAX(1, "x"));
}

/* ---- channels ----------------------------------------------------------- */

/* Link i, checked to be there, of this kind and (not) the default. */
static const struct conf_channel *link_at(unsigned int i,
					  enum conf_channel_kind kind, bool dflt)
{
	assert_true(i < conf.nchannels);
	assert_int_equal(conf.channels[i].kind, kind);
	assert_int_equal(conf.channels[i].is_default, dflt);
	return &conf.channels[i];
}

static void test_channel_multicast(void **state)
{
	const struct conf_channel *l;

	(void)state;
	parse_ok("Sync { Multicast Default { IPv4_address 225.0.0.50\n"
		 " Group 70000 IPv4_interface 192.168.100.100 Interface lo\n"
		 " SndSocketBuffer 1 RcvSocketBuffer 2 Checksum off } }");
	assert_int_equal(conf.nchannels, 1);
	l = link_at(0, CONF_CH_MCAST, true);
	assert_int_equal(l->family, AF_INET);
	assert_int_equal(l->addr4.s_addr, inet_addr("225.0.0.50"));
	assert_int_equal(l->iface_addr4.s_addr, inet_addr("192.168.100.100"));
	assert_int_equal(l->port, 70000 & 0xffff);
	assert_string_equal(l->ifname, "lo");
	assert_int_equal(l->sndbuf, 1);
	assert_int_equal(l->rcvbuf, 2);
	assert_false(l->checksum);
}

static void test_channel_multicast_quirks(void **state)
{
	struct in6_addr ff02;

	(void)state;
	inet_pton(AF_INET6, "ff02::1", &ff02);
	/* an IPv6 group after an IPv4 one: still IPv4, and the union now
	 * holds the IPv6 bytes */
	parse_warns("Sync { Multicast { IPv4_address 1.2.3.4\n"
			" IPv6_address ff02::1 } }",
		"[warning] your multicast address is IPv6 but "
		"is binded to an IPv4 interface? Surely this is not what you want\n");
	assert_int_equal(conf.channels[0].family, AF_INET);
	assert_memory_equal(&conf.channels[0].addr4, &ff02, 4);
	/* the reference looks the address up as an interface name */
	parse_warns("Sync { Multicast { Interface lo IPv6_address ff02::1\n"
		    " IPv4_address 1.1.1.1 IPv4_interface 2.2.2.2 } }",
		"[warning] ff02::1 is an invalid interface\n"
		"[warning] your multicast address is IPv4 but is binded to an "
		"IPv6 interface? Surely, this is not what you want\n"
		"[warning] your multicast interface is IPv4 but is binded to an "
		"IPv6 interface? Surely, this is not what you want\n");
	parse_warns("Sync { Multicast { IPv6_interface ::1 Interface nosuch0\n"
		    " IPv4_address 1.2.3.400 IPv6_address 1.2.3.4 } }",
		"[warning] `IPv6_interface' not required, ignoring\n"
		"[warning] nosuch0 is an invalid interface\n"
		"[warning] 1.2.3.400 is not a valid IPv4 address\n"
		"[warning] 1.2.3.4 is not a valid IPv6 address\n");
}

static void test_channel_udp_tcp(void **state)
{
	const struct conf_channel *l;

	(void)state;
	parse_ok("Sync { TCP { IPv6_address fe80::2 IPv6_Destination_Address fe80::1\n"
		 " Interface lo Port 3780 ErrorQueueLength 64 Checksum on }\n"
		 " TCP Default { IPv4_address 1.1.1.1 IPv4_Destination_Address 2.2.2.2 } }");
	assert_int_equal(conf.nchannels, 2);
	assert_int_equal(conf.channel_default, 1);
	l = link_at(0, CONF_CH_TCP, false);
	assert_int_equal(l->family, AF_INET6);
	assert_true(l->ifindex > 0);		/* lo */
	assert_int_equal(l->port, 3780);
	assert_true(l->checksum);
	assert_int_equal(conf.errorq_len, 64);
	l = link_at(1, CONF_CH_TCP, true);
	assert_int_equal(l->family, AF_INET);
	assert_int_equal(l->addr4.s_addr, inet_addr("1.1.1.1"));
	assert_int_equal(l->dest4.s_addr, inet_addr("2.2.2.2"));
	assert_true(l->checksum);		/* the default */
	parse_fails("Sync { UDP { ErrorQueueLength 5 } }",
		    SYNTAX(1, "ErrorQueueLength"));
	parse_fails("Sync { UDP { Group 5 } }", SYNTAX(1, "Group"));
}

static void test_channel_limits(void **state)
{
	(void)state;
	parse_fails("Sync { Multicast { } UDP {\n } }",
		"[ERROR] cannot use `UDP' with other dedicated link protocols!\n");
	parse_fails("Sync { UDP { } } Sync { TCP { } }",
		"[ERROR] cannot use `TCP' with other dedicated link protocols!\n");
	/* the first clause of a fifth block fails... */
	parse_fails("Sync { UDP { } UDP { } UDP { } UDP { } UDP { Port 1 } }",
		"[ERROR] too many dedicated links in the configuration file "
		"(Maximum: 4)\n");
	/* ...but not IPv6_interface, which checks nothing */
	parse_fails("Sync { UDP { } UDP { } UDP { } UDP { } Multicast {\n"
		    " IPv6_interface ::1 } }",
		"[warning] `IPv6_interface' not required, ignoring\n"
		"[ERROR] cannot use `Multicast' with other dedicated link "
		"protocols!\n");
	/* and an empty fifth block passes (and is dropped) */
	parse_ok("Sync { UDP { } UDP { } UDP { } UDP Default { } UDP { } }");
	assert_int_equal(conf.nchannels, 4);
	assert_int_equal(conf.channel_default, 3);
}

static void test_options(void **state)
{
	(void)state;
	parse_ok("Sync { Options { TCPWindowTracking on ExpectationSync {\n"
		 " ftp sip SIP abcdefghijklmnopqrst abcdefghijklmnopZZ } } }");
	assert_true(conf.tcp_window_tracking);
	assert_true(conf.expect_sync);
	assert_true(conf.expect_events);
	assert_int_equal(conf.nexpect_helpers, 3);
	assert_string_equal(conf.expect_helpers[0], "ftp");
	assert_string_equal(conf.expect_helpers[1], "sip");
	assert_string_equal(conf.expect_helpers[2], "abcdefghijklmnop");
	/* off after on only changes the subscription */
	parse_ok("Sync { Options { ExpectationSync on ExpectationSync off } }");
	assert_true(conf.expect_sync);
	assert_false(conf.expect_events);
	assert_null(conf.expect_helpers);
	parse_ok("Sync { Options { ExpectationSync { } } }");
	assert_true(conf.expect_sync);
	assert_null(conf.expect_helpers);
	parse_fails("Sync { Options { ExpectationSync { cafe } } }", SYNTAX(1, "cafe"));
}

/* ---- Helper ---------------------------------------------------------------- */

static void test_helpers(void **state)
{
	(void)state;
	parse_ok("Helper { Setup on QueueNum 9\n"
		 " Type ftp inet tcp { QueueNum 5 QueueLen 7\n"
		 "  Type tftp inet6 udp { QueueNum 6 }\n"
		 "  Policy ftp { ExpectMax 2 } }\n"
		 " Type ftp inet6 tcp { Policy ftp { ExpectTimeout 10 } }\n"
		 " Type ssdp inet udp { } }");
	assert_int_equal(conf.flags, CONF_F_HELPER);
	assert_true(conf.helper_setup);
	assert_int_equal(conf.nhelpers, 4);
	/* the inner Type takes the whole stack: the oldest QueueNum wins */
	assert_string_equal(conf.helpers[0].name, "tftp");
	assert_int_equal(conf.helpers[0].l3, AF_INET6);
	assert_int_equal(conf.helpers[0].l4, IPPROTO_UDP);
	assert_int_equal(conf.helpers[0].queue_num, 9);
	assert_int_equal(conf.helpers[0].queue_len, 7);
	assert_int_equal(conf.helpers[0].policies[0].expect_max, 1);
	assert_int_equal(conf.helpers[0].policies[0].expect_timeout, 300);
	assert_string_equal(conf.helpers[1].name, "ftp");
	assert_int_equal(conf.helpers[1].queue_num, 0);
	/* a policy block replaces the module's whole policy, for every Type
	 * of that helper */
	assert_string_equal(conf.helpers[1].policies[0].name, "ftp");
	assert_int_equal(conf.helpers[1].policies[0].expect_max, 0);
	assert_int_equal(conf.helpers[1].policies[0].expect_timeout, 10);
	assert_int_equal(conf.helpers[2].policies[0].expect_timeout, 10);
	assert_string_equal(conf.helpers[3].name, "ssdp");
	assert_int_equal(conf.helpers[3].policies[0].expect_max, 8);
}

static void test_helper_errors(void **state)
{
	(void)state;
	parse_fails("Helper { Type ftp inet6x tcp { } }",
		    "[ERROR] unknown layer 3 protocol\n");
	parse_fails("Helper { Type ftp inet sctp { } }",
		    "[ERROR] unknown layer 4 protocol\n");
	parse_fails("Helper { Type sip inet udp { } }",
		    "[ERROR] Unknown `sip' helper\n");
	parse_fails("Helper { Type ftp inet udp { } }",
		    "[ERROR] Unknown `ftp' helper\n");
	parse_fails("Helper { Type ftp inet TCP { } }", SYNTAX(1, "TCP"));
	parse_fails("Helper { Type ftp inet tcp { Policy tftp { ExpectMax 1 } } }",
		    "[ERROR] Unknown policy `tftp' in helper configuration\n");
	parse_fails("Helper { Type ftp inet tcp { Policy ftp { } } }",
		    "[ERROR] Helper policy configuration empty, fix your "
		    "configuration file, please\n");
	parse_fails("Helper { Policy abcdefghijklmnopq { ExpectMax 1 } }",
		    "[ERROR] Helper Policy is longer than 16 characters\n");
	/* a policy left at the top goes to the next Type */
	parse_fails("Helper { Policy ftp { ExpectMax 1 } }\n"
		    "Helper { Type tftp inet udp { } }",
		    "[ERROR] Unknown policy `ftp' in helper configuration\n");
	parse_fails("Helper { Type ftp inet tcp { Setup on } }", SYNTAX(1, "Setup"));
}

static void test_helper_stack_limit(void **state)
{
	static const char open[] = "Type ftp inet tcp {\n";
	size_t n = 1670, len = 0;
	char *text = malloc(10 + n * (sizeof(open) + 2));

	(void)state;
	assert_non_null(text);
	len += (size_t)sprintf(text, "Helper {\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "%s", open);
	for (size_t i = 0; i <= n; i++)
		len += (size_t)sprintf(text + len, "}\n");
	/* bison's 10000 states: 4 for the section, 6 per Type */
	assert_int_equal(parse_n(text, len), -1);
	assert_string_equal(msgs.text, "[ERROR] parsing config file in line (1667), "
			    "symbol '{': memory exhausted\n");
	free(text);
}

/* ---- Filter ------------------------------------------------------------------ */

static void test_filter_parse(void **state)
{
	const struct conf_filter *f = &conf.filter;

	(void)state;
	parse_ok("General { Filter From Kernelspace {\n"
		 " Protocol Accept { TCP udp sctp }\n"
		 " Address Ignore { IPv4_address 10.0.0.0/8 IPv4_address 1.2.3.4/32\n"
		 "  IPv6_address ::1 IPv6_address fe80::/10 }\n"
		 " State Accept { ESTABLISHED CLOSED for TCP LISTEN for TCP } } }");
	assert_true(f->present);
	assert_true(f->from_kernel);
	assert_true(f->proto.enabled && f->proto.accept && !f->proto.kernel_negative);
	assert_int_equal(f->proto.count, 3);
	assert_int_equal(f->proto.order[0], IPPROTO_TCP);
	assert_int_equal(f->proto.order[2], IPPROTO_SCTP);
	assert_true(f->addr.enabled && !f->addr.accept && f->addr.kernel_negative);
	assert_int_equal(f->addr.count, 4);
	assert_false(f->addr.nets[0].host);
	assert_int_equal(f->addr.nets[0].prefix, 8);
	assert_true(f->addr.nets[1].host);
	assert_true(f->addr.nets[2].host);
	assert_int_equal(f->addr.nets[2].family, AF_INET6);
	assert_false(f->addr.nets[3].host);
	assert_int_equal(f->addr.nets[3].prefix, 10);
	assert_true(f->state.enabled && f->state.accept);
	assert_int_equal(f->state.tcp_states, (1 << 3) | (1 << 8) | (1 << 9));
	/* the last Filter block decides where it runs; empty ones build nothing */
	parse_ok("General { Filter From Kernelspace { } Filter { } }");
	assert_false(conf.filter.present);
	assert_false(conf.filter.from_kernel);
	parse_ok("General { Filter { State Accept { for TCP } } }");
	assert_true(conf.filter.present);
	assert_int_equal(conf.filter.state.tcp_states, 0);
}

static void test_filter_warnings(void **state)
{
	(void)state;
	parse_warns("General { Filter { Protocol Ignore { Tcp nothere }\n"
		    " Address Accept {\n"
		    "  IPv4_address 10.0.0.0/8 IPv4_address 10.0.0.0/8\n"
		    "  IPv4_address 1.1.1.1 IPv4_address 1.1.1.1\n"
		    "  IPv4_address 1.2.3.4/33 IPv4_address 1.2.3.4/4294967295\n"
		    "  IPv4_address 1.2.3.400 IPv4_address ::1\n"
		    "  IPv6_address fe80::/129 IPv6_address 1.2.3.4\n"
		    "  IPv6_address fe80::/10 IPv6_address fe80::/10 } } }",
		"[warning] getprotobyname() cannot find protocol `Tcp' in /etc/protocols\n"
		"[warning] getprotobyname() cannot find protocol `nothere' in /etc/protocols\n"
		"[warning] netmask 10.0.0.0 is repeated in the ignore pool\n"
		"[warning] 1.2.3.4/33 is not a valid network, ignoring\n"
		"[warning] 1.2.3.4/-1 is not a valid network, ignoring\n"
		"[warning] 1.2.3.400 is not a valid IPv4, ignoring\n"
		"[warning] ::1 is not a valid IPv4, ignoring\n"
		"[warning] fe80::/129 is not a valid network, ignoring\n"
		"[warning] 1.2.3.4 is not a valid IPv6, ignoring\n");
	/* the IPv6 duplicate check looks in the IPv4 list */
	parse_warns("General { Filter { Address Ignore {\n"
		    " IPv4_address 10.0.0.0/8 IPv4_address 11.0.0.0/8\n"
		    " IPv4_address 255.255.255.255/8 IPv4_address 0.0.0.0/0\n"
		    " IPv6_address a00:0:ff00:0:b00:0:ff00:0/40 } } }",
		"[warning] netmask a00:0:ff00:0:b00:0:ff00:0 is repeated in the "
		"ignore pool\n");
	parse_fails("General { Filter { State Accept { ESTABLISHED for UDP } } }",
		    SYNTAX(1, "UDP"));
	parse_fails("General { Filter { State Accept { ESTABLISHED } } }",
		    SYNTAX(1, "}"));
	parse_fails("General { Filter From Nowhere { } }", SYNTAX(1, "Nowhere"));
	parse_fails("Sync { Filter { } }", SYNTAX(1, "Filter"));
}

/* ---- the user-space check -------------------------------------------------- */

/* An entry offered to the user-space filter (IPv6 when its source has a
 * ':'; ports 1 and 2, the peer 9.9.9.9 or 9::9), and whether it passes. */
struct probe {
	bool pass;
	uint8_t l4;
	const char *osrc, *rsrc;	/* the original and the reply source */
	int tcp_state;			/* -1: none */
};

/* Parse text and offer it each of the n probes. */
static void offer(const char *text, const struct probe *v, size_t n)
{
	parse_ok(text);
	for (size_t i = 0; i < n; i++) {
		uint8_t l3 = strchr(v[i].osrc, ':') ? AF_INET6 : AF_INET;
		const char *other = l3 == AF_INET ? "9.9.9.9" : "9::9";
		struct ct_entry ct;

		tu_entry(&ct, l3, v[i].l4, v[i].osrc, other, 1, 2, v[i].rsrc,
			 other, 2, 1);
		if (v[i].tcp_state >= 0) {
			ct.state = (uint8_t)v[i].tcp_state;
			ct_set(&ct, CTF_TCP_STATE);
		}
		if (conf_filter_accepts(&conf.filter, &ct) != v[i].pass)
			fail_msg("probe %zu of \"%s\": not %s", i, text,
				 v[i].pass ? "accepted" : "rejected");
	}
}

#define OFFER(text, probes) offer(text, probes, ARRAY_LEN(probes))

static void test_check_protocol(void **state)
{
	static const struct probe any[] = {
		{ true, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", -1 },
	};
	static const struct probe tcp_only[] = {
		{ true, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", -1 },
		{ false, IPPROTO_UDP, "1.1.1.1", "2.2.2.2", -1 },
	};
	static const struct probe not_udp[] = {
		{ false, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", -1 },
		{ true, IPPROTO_ICMP, "1.1.1.1", "2.2.2.2", -1 },
	};
	static const struct probe none[] = {
		{ false, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", -1 },
	};

	(void)state;
	OFFER("", any);
	OFFER("General { Filter { Protocol Accept { TCP } } }", tcp_only);
	/* the last policy of a kind wins for the whole set */
	OFFER("General { Filter { Protocol Accept { TCP } } }\n"
	      "General { Filter { Protocol Ignore { UDP } } }", not_udp);
	/* an empty Accept rejects everything */
	OFFER("General { Filter { Protocol Accept { } } }", none);
}

static void test_check_address(void **state)
{
	static const struct probe ignore[] = {
		{ false, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", -1 },
		/* the reply source is the other peer */
		{ false, IPPROTO_TCP, "3.3.3.3", "1.1.1.1", -1 },
		{ false, IPPROTO_TCP, "10.9.9.9", "2.2.2.2", -1 },
		{ true, IPPROTO_TCP, "3.3.3.3", "2.2.2.2", -1 },
		{ false, IPPROTO_TCP, "fe80::1", "1::1", -1 },
		{ false, IPPROTO_TCP, "2::2", "::5", -1 },
		{ true, IPPROTO_TCP, "2::2", "::6", -1 },
	};
	static const struct probe accept[] = {
		{ true, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", -1 },
		{ true, IPPROTO_TCP, "2.2.2.2", "10.1.1.1", -1 },
		{ false, IPPROTO_TCP, "2.2.2.2", "3.3.3.3", -1 },
		/* no IPv6 item: no IPv6 host matches, Accept rejects */
		{ false, IPPROTO_TCP, "2::2", "3::3", -1 },
	};

	(void)state;
	OFFER("General { Filter { Address Ignore { IPv4_address 1.1.1.1\n"
	      " IPv4_address 10.0.0.0/8 IPv6_address fe80::/10 IPv6_address ::5 } } }",
	      ignore);
	OFFER("General { Filter { Address Accept { IPv4_address 1.1.1.1\n"
	      " IPv4_address 10.0.0.0/8 } } }", accept);
}

static void test_check_state(void **state)
{
	static const struct probe ignore[] = {
		{ false, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 1 },
		{ false, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 8 },
		{ true, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 3 },
		/* no state, or not TCP: not checked */
		{ true, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", -1 },
		{ true, IPPROTO_UDP, "1.1.1.1", "2.2.2.2", -1 },
	};
	static const struct probe accept[] = {
		{ true, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 3 },
		{ false, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 7 },
		{ false, IPPROTO_TCP, "1.1.1.1", "2.2.2.2", 20 },
	};

	(void)state;
	OFFER("General { Filter { State Ignore { SYN_SENT CLOSE for TCP } } }",
	      ignore);
	OFFER("General { Filter { State Accept { ESTABLISHED for TCP } } }",
	      accept);
}

/* ---- the kernel filter ----------------------------------------------------- */

/* The kernel filter is built, and is a program the kernel takes on a
 * netlink socket. */
static void attach_ok(void)
{
	struct nfct_filter *nf = conf_filter_kernel(&conf.filter);
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER);

	assert_non_null(nf);
	assert_true(fd >= 0);
	assert_int_equal(nfct_filter_attach(fd, nf), 0);
	close(fd);
	nfct_filter_destroy(nf);
}

static void test_kernel_filter(void **state)
{
	(void)state;
	parse_ok("General { Filter { } }");
	assert_null(conf_filter_kernel(&conf.filter));
	parse_ok("General { Filter From Userspace {\n"
		 " Protocol Ignore { TCP UDP } State Ignore { LISTEN for TCP }\n"
		 " Address Ignore { IPv4_address 1.1.1.1 IPv4_address 10.0.0.0/8\n"
		 "  IPv6_address fe80::/10 IPv6_address ::1 } } }");
	attach_ok();
}

static void test_kernel_filter_limits(void **state)
{
	char *text = malloc(40 * 300 + 100);
	size_t len = 0;

	(void)state;
	assert_non_null(text);
	len += (size_t)sprintf(text, "General { Filter { Protocol Accept {");
	for (int i = 0; i < 300; i++)
		len += (size_t)sprintf(text + len, " tcp");
	len += (size_t)sprintf(text + len, " } Address Accept {");
	for (int i = 0; i < 150; i++)
		len += (size_t)sprintf(text + len, " IPv4_address 1.1.%d.%d", i / 200, i % 200);
	sprintf(text + len, " } } }");
	parse_ok(text);
	/* libnetfilter_conntrack keeps 255 protocols and 127 addresses */
	assert_int_equal(conf.filter.proto.count, 255);
	attach_ok();
	free(text);
}

/* ---- conf_load ---------------------------------------------------------------- */

static void test_load(void **state)
{
	struct conf c;
	struct msgs m = { .len = 0 };
	char path[] = "/tmp/test_conf.XXXXXX";
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "Stats { LogFile on }\n", 21), 21);
	close(fd);
	assert_int_equal(conf_load(&c, path, collect, &m), 0);
	assert_int_equal(c.flags, CONF_F_STATS);
	assert_string_equal(c.stats_logfile, CONF_DEF_STATS_LOGFILE);
	assert_string_equal(c.file, path);
	conf_free(&c);
	unlink(path);
	m.len = 0;
	assert_int_equal(conf_load(&c, path, collect, &m), -1);
	m.text[m.len] = '\0';
	assert_true(strstr(m.text, "[ERROR] can't open config file `/tmp/test_conf.") == m.text);
	conf_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_general_values),
		cmocka_unit_test(test_general_aliases_and_booleans),
		cmocka_unit_test(test_general_warnings),
		cmocka_unit_test(test_general_errors),
		cmocka_unit_test(test_path_lengths_at_limit),
		cmocka_unit_test(test_end_of_input),
		cmocka_unit_test(test_sync_modes),
		cmocka_unit_test(test_sync_mode_spellings),
		cmocka_unit_test(test_sync_stats_exclusive),
		cmocka_unit_test(test_commit_timeout_evaluate),
		cmocka_unit_test(test_channel_multicast),
		cmocka_unit_test(test_channel_multicast_quirks),
		cmocka_unit_test(test_channel_udp_tcp),
		cmocka_unit_test(test_channel_limits),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_helper_errors),
		cmocka_unit_test(test_helper_stack_limit),
		cmocka_unit_test(test_filter_parse),
		cmocka_unit_test(test_filter_warnings),
		cmocka_unit_test(test_check_protocol),
		cmocka_unit_test(test_check_address),
		cmocka_unit_test(test_check_state),
		cmocka_unit_test(test_kernel_filter),
		cmocka_unit_test(test_kernel_filter_limits),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
